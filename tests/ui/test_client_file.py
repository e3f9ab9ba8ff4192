"""The client file over real services: every tab, a change proposed from it, contributions, a merge."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.clients.fields import empty_values
from app.complaints.records import NewComplaint
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.bidi import LRI, LRM, PDI
from tests.clients_people import RegistryPeople, registry_people
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.clients import labels
from ui.clients.contribution_dialog import ContributionDialog
from ui.clients.editor_dialog import ClientEditorDialog
from ui.clients.file_dialog import ClientFileDialog, RequestChangesDialog
from ui.clients.labels import RLM, status_label

pytestmark = pytest.mark.usefixtures("arabic_app", "drain")

NAME = "سعاد عبدالله المطيري"


@pytest.fixture
def people(services: AppServices, admin: Actor) -> RegistryPeople:
    return registry_people(services, admin)


@pytest.fixture
def client(services: AppServices, admin: Actor, people: RegistryPeople) -> str:
    """A donor with every field filled, a complaint, two contributions and a pending change; its number."""
    values = {**empty_values(), "name": NAME, "name_latin": "Suad Al-Mutairi", "kinds": ["donor", "member"],
              "national_id": "1098765432", "mobile": "0556667777", "mobile2": "0501234567",
              "phone": "0126543210", "email": "suad@example.com", "city": "جدة", "neighbourhood": "الروضة",
              "centre": "HQ", "channel": "phone", "owner": "steward", "consent": True,
              "notes": "تفضّل التواصل مساءً"}
    number = services.client_requests.propose_create(admin, values).summary.client_number
    services.complaints.add(admin, NewComplaint(type="inquiry", channel="phone", client_number=number,
                                                description="استفسار عن موعد صرف المساعدة الشهرية"))
    services.contributions.add(admin, number, "donation", 250_000, date(2025, 3, 1), "transfer",
                               "كفالة الأيتام", "R-1001")
    services.contributions.add(admin, number, "pledge", 1_000_050, date(2025, 4, 15), "", "السلة الرمضانية")
    return number


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    paths: list[Path] = []

    def record(path: Path) -> bool:
        paths.append(path)
        return True

    monkeypatch.setattr(labels, "open_document", record)
    return paths


def make_file(qtbot: QtBot, services: AppServices, actor: Actor, number: str) -> ClientFileDialog:
    dialog = ClientFileDialog(services, actor, number)
    qtbot.addWidget(dialog)
    dialog.resize(1040, 680)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.history is not None
    history = dialog.history
    qtbot.waitUntil(lambda: history.list.count() > 0, timeout=5000)
    return dialog


def plain(text: str) -> str:
    return text.replace(LRI, "").replace(PDI, "").replace(LRM, "").replace(RLM, "")


def shoot(qtbot: QtBot, dialog: ClientFileDialog, artifacts: Path, language: str) -> None:
    for key in ("data", "history", "complaints", "contributions", "requests", "survey"):
        dialog.tabs.setCurrentIndex(dialog.tab_index(key))
        qtbot.wait(30)
        dialog.grab().save(str(artifacts / f"client_file_{key}_{language}.png"))


# --- tests ----------------------------------------------------------------------------------------

def test_the_client_file_shows_every_tab(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, client: str,
        arabic_app: QApplication, artifacts: Path) -> None:
    dialog = make_file(qtbot, services, people.reception, client)
    assert plain(dialog.title.text()) == NAME
    assert client in plain(dialog.subtitle.text()) and "مانح / داعم" in dialog.subtitle.text()
    assert dialog.status_badge.text() == status_label("active")
    assert dialog.merged_box.isHidden() and dialog.pending_label.isHidden()
    values = {key: plain(label.text()) for key, label in dialog.data_values.items()}
    assert values["number"] == client and values["name"] == NAME
    assert values["mobile"] == "٠٥٥ ٦٦٦ ٧٧٧٧" and values["mobile2"] == "٠٥٠ ١٢٣ ٤٥٦٧"
    assert values["phone"] == "٠١٢ ٦٥٤ ٣٢١٠"
    assert values["national_id"] == "١٠٩٨٧٦٥٤٣٢"
    assert values["kinds"] == "مانح / داعم، عضو الجمعية العمومية"
    assert values["channel"] == "اتصال هاتفي" and values["centre"] == "المقر الرئيسي"
    assert values["owner"] == "سارة الزهراني"  # the steward's full name
    assert values["consent"] == "نعم" and values["entity"] == "فرد"
    assert values["notes"] == "تفضّل التواصل مساءً"
    assert dialog.complaints_table.rowCount() == 1
    assert "استفسار عن موعد" in dialog.complaints_table.item(0, 3).text()  # type: ignore[union-attr]
    assert dialog.contributions_table.rowCount() == 2
    assert plain(dialog.totals_label.text()) == "المتبرَّع به: ٢٬٥٠٠ ريال، المتعهَّد به: ١٠٬٠٠٠٫٥٠ ريال"
    assert dialog.requests_table.rowCount() == 1
    assert dialog.link_notes["survey"].text() == "لا يوجد شيء بعد."
    assert dialog.tabs.tabText(dialog.tab_index("contributions")) == "المساهمات (٢)"
    assert not dialog.propose_button.isEnabled()  # reception looks only
    assert not dialog.add_contribution_button.isEnabled()
    assert dialog.history is not None and dialog.history.lines()[-1].action == "create"
    shoot(qtbot, dialog, artifacts, "ar")

    apply_language(arabic_app, "en")
    assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert dialog.data_labels["mobile"].text() == "Mobile"
    assert plain(dialog.totals_label.text()) == "Donated: 2,500 SAR · Pledged: 10,000.50 SAR"
    assert dialog.tabs.tabText(dialog.tab_index("requests")) == "Requests (1)"
    shoot(qtbot, dialog, artifacts, "en")
    apply_language(arabic_app, "ar")


def test_a_change_proposed_from_the_client_file(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, client: str, artifacts: Path) -> None:
    dialog = make_file(qtbot, services, people.steward, client)
    assert dialog.propose_button.isEnabled()
    dialog.propose_button.click()
    editor = dialog.editor_dialog
    assert isinstance(editor, ClientEditorDialog) and editor.number == client
    qtbot.waitUntil(lambda: editor.name_edit.text() == NAME, timeout=5000)
    editor.mobile_edit.clear()
    type_text(editor.mobile_edit, "٠٥٥٨٨٨٩٩٩٩")
    with qtbot.waitSignal(dialog.loaded, timeout=5000), qtbot.waitSignal(editor.sent, timeout=5000) as sent:
        editor.send_button.click()
    number = sent.args[0].number
    assert sent.args[0].summary.status == "pending"
    assert services.clients.detail(people.steward, client).values["mobile"] == "+966556667777"  # not yet
    assert dialog.pending_label.isVisible()
    assert number in plain(dialog.pending_label.text())
    assert "بانتظار الاعتماد" in dialog.pending_label.text()
    assert dialog.requests_table.rowCount() == 2
    editor.accept()

    dialog.tabs.setCurrentIndex(dialog.tab_index("requests"))
    table = dialog.requests_table
    row = next(r for r in range(2) if plain(table.item(r, 0).text()) == number)  # type: ignore[union-attr]
    assert dialog.requests_table.item(row, 2).text() == "بانتظار الاعتماد"  # type: ignore[union-attr]
    dialog.open_request(number)
    request = dialog.request_dialog
    assert isinstance(request, RequestChangesDialog)
    qtbot.waitUntil(lambda: request.detail is not None, timeout=5000)
    rows = [tuple(plain(t) for t in r) for r in request.rows()]
    assert rows == [("الجوال", "٠٥٥ ٦٦٦ ٧٧٧٧", "٠٥٥ ٨٨٨ ٩٩٩٩")]
    request.grab().save(str(artifacts / "client_file_request_ar.png"))
    request.close()

    services.client_requests.approve(people.manager, number)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.reload()
    assert plain(dialog.data_values["mobile"].text()) == "٠٥٥ ٨٨٨ ٩٩٩٩"
    assert dialog.pending_label.isHidden()


def test_contributions_are_added_and_the_totals_follow(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, client: str, artifacts: Path) -> None:
    dialog = make_file(qtbot, services, people.officer, client)  # any officer records contributions
    dialog.tabs.setCurrentIndex(dialog.tab_index("contributions"))
    assert dialog.add_contribution_button.isEnabled() and not dialog.propose_button.isEnabled()
    dialog.add_contribution_button.click()
    entry = dialog.contribution_dialog
    assert isinstance(entry, ContributionDialog)
    qtbot.waitUntil(lambda: entry.save_button.isEnabled(), timeout=5000)
    assert entry.programme_combo.findText("كفالة الأيتام") >= 0  # the names already used are offered
    assert QApplication.focusWidget() is entry.amount_edit
    type_text(entry.amount_edit, "مبلغ")
    entry.save_button.click()
    assert entry.error_text("amount") == "اكتب مبلغًا بالريال أكبر من صفر."
    entry.amount_edit.clear()
    type_text(entry.amount_edit, "١٬٥٠٠٫٥")
    entry.date_edit.setDate(QDate(2025, 5, 20))
    assert "هـ" in entry.hijri.text()
    entry.method_combo.setCurrentIndex(entry.method_combo.findData("cash"))
    entry.programme_combo.setEditText("ترميم المنازل")
    type_text(entry.receipt_edit, "R-2002")
    entry.grab().save(str(artifacts / "client_contribution_ar.png"))
    with qtbot.waitSignal(dialog.loaded, timeout=5000), qtbot.waitSignal(entry.added, timeout=5000) as added:
        qtbot.keyClick(entry.receipt_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    info = added.args[0]
    assert (info.kind, info.amount_halalas, info.given_on, info.method, info.programme, info.receipt) == (
        "donation", 150_050, date(2025, 5, 20), "cash", "ترميم المنازل", "R-2002")
    assert dialog.contributions_table.rowCount() == 3
    assert plain(dialog.totals_label.text()) == "المتبرَّع به: ٤٬٠٠٠٫٥٠ ريال، المتعهَّد به: ١٠٬٠٠٠٫٥٠ ريال"
    donated, pledged = 250_000 + 150_050, 1_000_050
    file = services.clients.file(people.officer, client)
    assert (file.contributed_halalas, file.pledged_halalas) == (donated, pledged)


def test_a_merged_client_names_the_kept_one_and_opens_it(
        qtbot: QtBot, services: AppServices, admin: Actor, people: RegistryPeople, client: str,
        artifacts: Path) -> None:
    twin = services.client_requests.propose_create(admin, {
        **empty_values(), "name": "سعاد المطيري", "mobile": "0556667777", "kinds": ["beneficiary"]})
    other = twin.summary.client_number
    services.client_requests.propose_merge(people.manager, client, other)  # approved at once
    dialog = make_file(qtbot, services, people.steward, other)
    assert dialog.merged_box.isVisible()
    assert client in plain(dialog.merged_label.text())
    assert dialog.status_badge.text() == "مدموج"
    assert not dialog.propose_button.isEnabled() and not dialog.add_contribution_button.isEnabled()
    dialog.grab().save(str(artifacts / "client_file_merged_ar.png"))
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.open_kept_button.click()
    assert dialog.number == client and plain(dialog.title.text()) == NAME
    assert dialog.merged_box.isHidden()
    kinds = services.clients.detail(admin, client).values["kinds"]
    assert "beneficiary" in kinds  # the kept client took the other's kind


def test_a_complaint_opens_from_the_client_file(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, client: str) -> None:
    dialog = make_file(qtbot, services, people.reception, client)
    dialog.tabs.setCurrentIndex(dialog.tab_index("complaints"))
    table = dialog.complaints_table
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    complaint = dialog.complaint_dialog
    assert complaint is not None and complaint.isVisible()
    assert complaint.reference == plain(table.item(0, 0).text())  # type: ignore[attr-defined, union-attr]
    complaint.close()


def test_the_client_form_prints_from_the_file(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, client: str, opened: list[Path],
        tmp_path: Path) -> None:
    dialog = make_file(qtbot, services, people.reception, client)
    target = tmp_path / "client.pdf"
    with qtbot.waitSignal(dialog.form_written, timeout=20_000):
        assert dialog.print_form(target)
    assert target.read_bytes().startswith(b"%PDF") and opened == [target]
    assert target.name in plain(dialog.notice.text())
