"""The client form over real services: a proposal by keyboard, the duplicate warning, refusals, printing."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.clients.directory import ClientQuery
from app.clients.fields import empty_values
from app.clients.records import RequestDetail
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.bidi import LRI, LRM, PDI
from tests.clients_people import RegistryPeople, registry_people
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.clients import editor_dialog, labels
from ui.clients.editor_dialog import DONE_PAGE, FORM_PAGE, WARNING_PAGE, ClientEditorDialog

pytestmark = pytest.mark.usefixtures("arabic_app", "drain")

EXISTING = "فهد ناصر العتيبي"


@pytest.fixture
def people(services: AppServices, admin: Actor) -> RegistryPeople:
    return registry_people(services, admin)


@pytest.fixture
def existing(services: AppServices, admin: Actor) -> str:
    """One registered client (mobile 0555123456); its number."""
    values = {**empty_values(), "name": EXISTING, "mobile": "0555123456", "kinds": ["donor"], "city": "جدة"}
    return services.client_requests.propose_create(admin, values).summary.client_number


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Documents the dialog asked the computer to open (never opened for real in tests)."""
    paths: list[Path] = []

    def record(path: Path) -> bool:
        paths.append(path)
        return True

    monkeypatch.setattr(labels, "open_document", record)
    return paths


def make_editor(qtbot: QtBot, services: AppServices, actor: Actor,
                number: str | None = None) -> ClientEditorDialog:
    dialog = ClientEditorDialog(services, actor, number)
    qtbot.addWidget(dialog)
    dialog.resize(900, 760)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def tab(qtbot: QtBot) -> QWidget | None:
    widget = focused()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return focused()


def plain(text: str) -> str:
    return text.replace(LRI, "").replace(PDI, "").replace(LRM, "")


def send_and_wait(qtbot: QtBot, dialog: ClientEditorDialog) -> RequestDetail:
    with qtbot.waitSignal(dialog.sent, timeout=5000) as sent:
        dialog.send_button.click()
    detail = sent.args[0]
    assert isinstance(detail, RequestDetail)
    return detail


def fill(dialog: ClientEditorDialog, name: str, mobile: str = "", kinds: tuple[str, ...] = ("beneficiary",),
         **more: str) -> None:
    dialog.name_edit.setText(name)
    for kind in kinds:
        dialog.kind_checks[kind].setChecked(True)
    dialog.mobile_edit.setText(mobile)
    for key, text in more.items():
        edit = getattr(dialog, f"{key}_edit")
        edit.setText(text)


def request_count(services: AppServices, actor: Actor) -> int:
    return len(services.client_requests.list(actor, None))


# --- tests --------------------------------------------------------------------------------------

def test_the_steward_proposes_a_new_client_by_keyboard(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, existing: str, artifacts: Path) -> None:
    before = services.clients.count(people.steward, ClientQuery())
    dialog = make_editor(qtbot, services, people.steward)
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.mobile_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert focused() is dialog.name_edit
    type_text(dialog.name_edit, "ريم خالد الحربي")
    assert tab(qtbot) is dialog.name_latin_edit
    type_text(dialog.name_latin_edit, "Reem Khalid Al-Harbi")
    assert tab(qtbot) is dialog.entity_combo
    assert tab(qtbot) is dialog.status_combo
    checks = list(dialog.kind_checks.values())
    assert tab(qtbot) is checks[0]  # the kinds, in the settings' order
    for check in checks[1:]:
        assert tab(qtbot) is check
        if check is dialog.kind_checks["beneficiary"]:
            qtbot.keyClick(check, Qt.Key.Key_Space)
    assert tab(qtbot) is dialog.national_id_edit
    type_text(dialog.national_id_edit, "١٠٢٣٤٥٦٧٨٩")
    assert tab(qtbot) is dialog.email_edit
    type_text(dialog.email_edit, "reem@example.com")
    assert tab(qtbot) is dialog.mobile_edit
    type_text(dialog.mobile_edit, "٠٥٥١٢٣٤٥٦٧")  # Arabic-Indic digits
    assert tab(qtbot) is dialog.mobile2_edit
    assert tab(qtbot) is dialog.phone_edit
    assert tab(qtbot) is dialog.channel_combo
    qtbot.keyClick(dialog.channel_combo, Qt.Key.Key_Down)  # the first channel
    assert tab(qtbot) is dialog.city_edit
    type_text(dialog.city_edit, "جدة")
    assert tab(qtbot) is dialog.neighbourhood_edit
    type_text(dialog.neighbourhood_edit, "الصفا")
    assert tab(qtbot) is dialog.centre_combo
    qtbot.keyClick(dialog.centre_combo, Qt.Key.Key_Down)
    assert tab(qtbot) is dialog.owner_combo
    assert tab(qtbot) is dialog.consent_check
    qtbot.keyClick(dialog.consent_check, Qt.Key.Key_Space)
    assert tab(qtbot) is dialog.notes_edit
    type_text(dialog.notes_edit, "تستفيد من برنامج كفالة الأسر")
    assert tab(qtbot) is dialog.note_edit
    type_text(dialog.note_edit, "سُجلت في زيارة ميدانية")
    assert dialog.notes_edit.toPlainText() == "تستفيد من برنامج كفالة الأسر"  # Tab moved on, typed nothing
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)  # Enter alone sends nothing
    assert dialog.stack.currentIndex() == FORM_PAGE and request_count(services, people.steward) == 1
    qtbot.wait(20)
    dialog.grab().save(str(artifacts / "client_editor_ar.png"))

    with qtbot.waitSignal(dialog.sent, timeout=5000) as sent:
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    detail: RequestDetail = sent.args[0]
    assert detail.summary.status == "pending" and detail.summary.action == "create"
    assert detail.summary.client_number == ""
    assert services.clients.count(people.steward, ClientQuery()) == before  # nothing written yet
    proposed = detail.proposed
    assert proposed["name"] == "ريم خالد الحربي" and proposed["name_latin"] == "Reem Khalid Al-Harbi"
    assert proposed["kinds"] == ["beneficiary"]
    assert proposed["national_id"] == "1023456789"
    assert proposed["mobile"] == "+966551234567"
    assert proposed["email"] == "reem@example.com"
    assert proposed["channel"] == "walk_in" and proposed["centre"] == "HQ"
    assert proposed["city"] == "جدة" and proposed["neighbourhood"] == "الصفا"
    assert proposed["consent"] is True and proposed["status"] == "active"
    assert detail.note == "سُجلت في زيارة ميدانية"
    assert dialog.stack.currentIndex() == DONE_PAGE
    assert plain(dialog.done_number.text()).endswith(detail.number)
    assert "بانتظار الاعتماد" in dialog.done_status.text()
    assert "ريم خالد الحربي" in dialog.done_client.text() and "عميل جديد" in dialog.done_client.text()
    assert focused() is dialog.close_button
    dialog.grab().save(str(artifacts / "client_editor_sent_ar.png"))


def test_the_duplicate_warning_lists_the_match_and_send_anyway_sends(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, existing: str,
        arabic_app: QApplication, artifacts: Path) -> None:
    before = services.clients.count(people.steward, ClientQuery())
    dialog = make_editor(qtbot, services, people.steward)
    fill(dialog, "فهد العتيبي", "+966 55 512 3456", ("donor",))
    dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == WARNING_PAGE, timeout=5000)
    table = dialog.warning_table
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == existing  # type: ignore[union-attr]
    assert table.item(0, 1).text() == EXISTING  # type: ignore[union-attr]
    assert table.item(0, 2).text() == "رقم الجوال نفسه"  # type: ignore[union-attr]
    assert focused() is dialog.back_button  # the safe choice first
    assert request_count(services, people.steward) == 1  # only the existing client's, nothing sent
    dialog.grab().save(str(artifacts / "client_editor_duplicates_ar.png"))
    apply_language(arabic_app, "en")
    qtbot.wait(50)
    assert table.item(0, 2).text() == "same mobile"  # type: ignore[union-attr]
    dialog.grab().save(str(artifacts / "client_editor_duplicates_en.png"))
    apply_language(arabic_app, "ar")

    dialog.back_button.click()
    assert dialog.stack.currentIndex() == FORM_PAGE
    dialog.name_edit.setText(EXISTING)  # now the name too
    dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == WARNING_PAGE, timeout=5000)
    assert table.item(0, 2).text() == "رقم الجوال نفسه، الاسم نفسه"  # type: ignore[union-attr]
    with qtbot.waitSignal(dialog.sent, timeout=5000) as sent:
        dialog.send_anyway_button.click()
    detail: RequestDetail = sent.args[0]
    assert detail.summary.status == "pending"
    assert detail.summary.duplicates == (existing,)  # the manager sees the warning the steward saw
    assert services.clients.count(people.steward, ClientQuery()) == before


def test_a_bad_mobile_shows_the_sentence_beside_the_field_and_changes_nothing(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, artifacts: Path) -> None:
    dialog = make_editor(qtbot, services, people.steward)
    fill(dialog, "منى سالم", "12345")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text("mobile")), timeout=5000)
    assert dialog.error_text("mobile") == "«12345» ليس رقم جوال سعوديًا؛ يُرجى كتابته بالصيغة 05XXXXXXXX."
    assert dialog.stack.currentIndex() == FORM_PAGE and dialog.isVisible()
    assert focused() is dialog.mobile_edit
    assert request_count(services, people.steward) == 0
    dialog.grab().save(str(artifacts / "client_editor_error_ar.png"))

    dialog.mobile_edit.setText("0551234567")
    dialog.kind_checks["beneficiary"].setChecked(False)
    dialog.send_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text("kinds")), timeout=5000)
    assert dialog.error_text("mobile") == ""  # the old sentence went away
    assert dialog.error_text("kinds") == "اختر نوعًا واحدًا على الأقل للعميل."
    assert focused() is next(iter(dialog.kind_checks.values()))
    assert request_count(services, people.steward) == 0


def test_reception_cannot_propose_the_service_refuses(
        qtbot: QtBot, services: AppServices, people: RegistryPeople) -> None:
    dialog = make_editor(qtbot, services, people.reception)  # the page never offers it; still refused
    fill(dialog, "عميل من الاستقبال", "0551112223")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text()), timeout=5000)
    assert dialog.error_text() == ("لا يقترح التعديلات على العملاء إلا مسؤول البيانات أو نائبه المسمَّيان في "
                                   "الإعدادات.")
    assert dialog.stack.currentIndex() == FORM_PAGE
    assert request_count(services, people.manager) == 0


def test_a_manager_registers_at_once_and_prints_the_form(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, opened: list[Path],
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, artifacts: Path) -> None:
    dialog = make_editor(qtbot, services, people.manager)
    fill(dialog, "جمعية البر الخيرية", "0553334444", ("donor", "provider"), city="جدة")
    dialog.entity_combo.setCurrentIndex(dialog.entity_combo.findData("organisation"))
    detail = send_and_wait(qtbot, dialog)
    assert detail.summary.status == "approved"
    number = detail.summary.client_number
    assert number and services.clients.by_number(people.manager, number).name == "جمعية البر الخيرية"
    assert number in plain(dialog.done_status.text()) and "اعتُمد فورًا" in dialog.done_status.text()

    target = tmp_path / "form.pdf"
    with qtbot.waitSignal(dialog.form_written, timeout=20_000):
        assert dialog.print_form(target)
    assert target.read_bytes().startswith(b"%PDF") and opened == [target]
    pdf = pdfium.PdfDocument(str(target))
    pdf[0].render(scale=1.4).to_pil().save(str(artifacts / "client_editor_form_ar.png"))
    pdf.close()

    asked = tmp_path / "asked.pdf"
    monkeypatch.setattr(editor_dialog, "choose_pdf_path", lambda parent, name: asked)
    with qtbot.waitSignal(dialog.form_written, timeout=20_000):
        dialog.print_button.click()
    assert asked.is_file()
    monkeypatch.setattr(editor_dialog, "choose_pdf_path", lambda parent, name: None)
    assert not dialog.print_form()  # the user cancelled the file dialog


def test_a_modify_sends_only_the_changed_fields(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, existing: str) -> None:
    dialog = make_editor(qtbot, services, people.steward, existing)
    assert dialog.name_edit.text() == EXISTING
    assert dialog.mobile_edit.text() == "055 512 3456"
    assert dialog.kind_checks["donor"].isChecked() and dialog.city_edit.text() == "جدة"
    assert "اقتراح تعديل" in dialog.header_title.text()
    dialog.send_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text()), timeout=5000)
    assert dialog.error_text() == "لم تتغير أي بيانات، فلا يوجد ما يُرسل."
    assert request_count(services, people.steward) == 1

    dialog.city_edit.setText("مكة المكرمة")
    dialog.note_edit.setText("انتقل إلى مكة")
    detail = send_and_wait(qtbot, dialog)  # the same name stays: no duplicate warning for it
    assert detail.summary.action == "modify" and detail.summary.status == "pending"
    assert [(c.field, c.old, c.new) for c in detail.changes] == [("city", "جدة", "مكة المكرمة")]
    assert services.clients.detail(people.steward, existing).values["city"] == "جدة"  # until approved
    assert "بانتظار الاعتماد" in dialog.done_status.text()


def test_the_editor_in_english(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, existing: str,
        arabic_app: QApplication, artifacts: Path) -> None:
    apply_language(arabic_app, "en")
    dialog = make_editor(qtbot, services, people.steward)
    assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert dialog.fields["mobile"].label.text() == "Mobile"
    assert dialog.kind_checks["donor"].text() == "Donor / supporter"
    assert dialog.send_button.text() == "Send for approval"
    fill(dialog, "Ahmad Test", "0551239999", ("volunteer",), city="Jeddah")
    qtbot.wait(20)
    dialog.grab().save(str(artifacts / "client_editor_en.png"))
    apply_language(arabic_app, "ar")
    assert dialog.kind_checks["donor"].text() == "مانح / داعم"
