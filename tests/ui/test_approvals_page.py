"""The approvals inbox over real services: the manager decides, the steward follows, the badge counts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.clients.directory import ClientQuery
from app.clients.fields import clean_values
from app.clients.records import RequestDetail
from app.errors import PermissionDenied
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.clients_people import RegistryPeople, registry_people
from tests.ui.conftest import type_text
from ui.application import apply_language, open_ui_state
from ui.clients import approvals_page
from ui.clients.approvals_page import ApprovalsPage
from ui.clients.request_view import NEW, OLD
from ui.common.ops import running_count, wait_for_idle
from ui.complaints import labels
from ui.shell.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("drain")

AHMAD = {"name": "أحمد عبدالله الشهري", "kinds": ["donor"], "mobile": "0555123456", "city": "جدة",
         "neighbourhood": "الصفا", "email": "ahmad@example.com", "national_id": "1012345678"}
FATIMA = {"name": "فاطمة سعيد الحربي", "kinds": ["beneficiary", "volunteer"], "mobile": "0561234567",
          "city": "جدة", "neighbourhood": "الروضة", "consent": True}


@dataclass(frozen=True)
class Proposals:
    client: str  # the existing client the modify is about
    create: RequestDetail
    modify: RequestDetail


@pytest.fixture
def people(services: AppServices, admin: Actor) -> RegistryPeople:
    return registry_people(services, admin)


@pytest.fixture
def proposals(services: AppServices, people: RegistryPeople) -> Proposals:
    """An existing client, then the steward's two requests: a new client and a change to the first."""
    number = services.client_requests.propose_create(people.manager, AHMAD).summary.client_number
    create = services.client_requests.propose_create(people.steward, FATIMA, note="سجلت في زيارة المركز")
    modify = services.client_requests.propose_modify(
        people.steward, number, {"city": "مكة المكرمة", "mobile": "0555999888"},
        note="اتصل العميل وحدّث بياناته")
    return Proposals(number, create, modify)


MakeWindow = Callable[[Actor], MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, services: AppServices, data_dir: Path,
                arabic_app: QApplication) -> Iterator[MakeWindow]:
    ui_state: QSettings = open_ui_state(data_dir)

    def make(actor: Actor) -> MainWindow:
        window = MainWindow(services, actor, ui_state)
        qtbot.addWidget(window)
        window.resize(1400, 820)
        window.show()
        qtbot.waitUntil(lambda: window.context() is not None, timeout=10_000)
        return window

    yield make
    wait_for_idle()
    qtbot.waitUntil(lambda: running_count() == 0)


def open_approvals(qtbot: QtBot, window: MainWindow) -> ApprovalsPage:
    assert window.show_area("approvals")
    page = window.current_page()
    assert isinstance(page, ApprovalsPage)
    qtbot.waitUntil(lambda: page.ready and (page.view.bundle is not None or page.table.rowCount() == 0),
                    timeout=10_000)
    return page


def make_page(qtbot: QtBot, services: AppServices, actor: Actor) -> ApprovalsPage:
    page = ApprovalsPage(services, actor)
    qtbot.addWidget(page)
    page.resize(1300, 720)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    qtbot.waitUntil(lambda: page.view.bundle is not None or page.table.rowCount() == 0, timeout=10_000)
    return page


def show(qtbot: QtBot, page: ApprovalsPage, number: str) -> None:
    if page.view.bundle is not None and page.view.bundle.detail.number == number:
        return
    with qtbot.waitSignal(page.request_shown, timeout=10_000):
        assert page.select_request(number), number
    assert page.view.bundle is not None and page.view.bundle.detail.number == number


def numbers(page: ApprovalsPage) -> list[str]:
    return [r.number for r in page.shown_requests()]


def click(qtbot: QtBot, page: ApprovalsPage, button_name: str) -> None:
    button = getattr(page, button_name)
    assert button.isVisible() and button.isEnabled(), button_name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# --- the manager ---------------------------------------------------------------------------------

def test_manager_approves_one_and_rejects_the_other(qtbot: QtBot, services: AppServices,
                                                    people: RegistryPeople, proposals: Proposals,
                                                    make_window: MakeWindow, artifacts: Path) -> None:
    window = make_window(people.manager)
    assert window.area_keys().index("approvals") == window.area_keys().index("clients") + 1
    qtbot.waitUntil(lambda: window.navigation.badge("approvals") == 2, timeout=10_000)
    approvals_row = window.area_keys().index("approvals")
    assert window.navigation.item(approvals_row).text() == _("{title} ({count})").format(
        title=_("Approvals"), count="٢")

    page = open_approvals(qtbot, window)
    assert numbers(page) == [proposals.create.number, proposals.modify.number]  # oldest first
    assert page.approve_button.isVisible() and page.reject_button.isVisible()
    assert not page.withdraw_button.isVisible()

    # The modify: old → new, the two changed rows highlighted.
    show(qtbot, page, proposals.modify.number)
    view = page.view
    assert view.changed_fields() == ["mobile", "city"]
    assert view.cell_text("city", OLD) == "جدة"
    assert view.cell_text("city", NEW) == "مكة المكرمة"
    assert "٩٨٨٨" in view.cell_text("mobile", NEW) and "٣٤٥٦" in view.cell_text("mobile", OLD)
    assert view.cell_text("name", OLD) == view.cell_text("name", NEW) == AHMAD["name"]
    assert "اتصل العميل" in view.info_values["note"].text()
    assert "سارة الزهراني" in view.info_values["proposed"].text()
    assert not view.table.isColumnHidden(OLD)
    qtbot.wait(100)  # the view's layout settles on the next pass of the event loop
    window.grab().save(str(artifacts / "approvals_inbox_modify_ar.png"))

    # The create: every proposed field, no "current" column.
    show(qtbot, page, proposals.create.number)
    assert view.table.isColumnHidden(OLD)
    assert view.cell_text("kinds", NEW) == "مستفيد، متطوع"
    assert view.cell_text("consent", NEW) == _("Yes")

    # Approve the modify.
    show(qtbot, page, proposals.modify.number)
    with qtbot.waitSignal(page.changed, timeout=10_000), qtbot.waitSignal(page.loaded, timeout=10_000):
        click(qtbot, page, "approve_button")
    assert proposals.modify.number not in numbers(page)
    assert proposals.modify.number in page.notice.text()

    # Reject the create: the reason is asked, and an empty one is refused with the service's sentence.
    qtbot.waitUntil(lambda: page.view.bundle is not None
                    and page.view.bundle.detail.number == proposals.create.number, timeout=10_000)
    click(qtbot, page, "reject_button")
    dialog = page.reason_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=10_000)
    assert dialog.error.text() == _("Write the reason for the rejection.")
    type_text(dialog.reason_edit, "العميلة مسجلة برقم جوال آخر")
    with qtbot.waitSignal(page.changed, timeout=10_000), qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert page.reason_dialog is None
    assert numbers(page) == []
    assert page.view.bundle is None

    # Only the approved request changed the registry.
    client = services.clients.detail(people.manager, proposals.client).values
    assert client["city"] == "مكة المكرمة" and client["mobile"] == "+966555999888"
    assert services.clients.count(people.manager, ClientQuery()) == 1
    rejected = services.client_requests.detail(people.manager, proposals.create.number)
    assert rejected.summary.status == "rejected" and rejected.reason == "العميلة مسجلة برقم جوال آخر"

    # The badge follows the page's decisions: 2 → 0.
    qtbot.waitUntil(lambda: window.navigation.badge("approvals") == 0, timeout=10_000)
    assert window.navigation.item(approvals_row).text() == _("Approvals")

    # The decided requests are one filter away.
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.set_status_filter("")
    assert set(numbers(page)) >= {proposals.create.number, proposals.modify.number}
    statuses = {item.text() for r in range(page.table.rowCount())
                if (item := page.table.item(r, approvals_page.STATUS)) is not None}
    assert statuses == {_("Approved"), _("Rejected")}


def test_inbox_in_english(qtbot: QtBot, arabic_app: QApplication, people: RegistryPeople,
                          proposals: Proposals, make_window: MakeWindow, artifacts: Path) -> None:
    apply_language(arabic_app, "en")
    window = make_window(people.manager)
    page = open_approvals(qtbot, window)
    show(qtbot, page, proposals.modify.number)
    assert page.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert page.view.cell_text("city", 0) == "City"
    assert page.approve_button.text() == "Approve"
    qtbot.waitUntil(lambda: window.navigation.badge("approvals") == 2, timeout=10_000)
    assert window.navigation.item(window.area_keys().index("approvals")).text() == "Approvals (2)"
    qtbot.wait(100)
    window.grab().save(str(artifacts / "approvals_inbox_modify_en.png"))


# --- the steward ---------------------------------------------------------------------------------

def test_steward_follows_their_requests_and_cannot_approve(qtbot: QtBot, services: AppServices,
                                                           people: RegistryPeople,
                                                           proposals: Proposals) -> None:
    services.client_requests.reject(people.manager, proposals.create.number, "البيانات ناقصة")
    other = services.client_requests.propose_modify(people.deputy, proposals.client,
                                                    {"neighbourhood": "النزهة"})

    page = make_page(qtbot, services, people.steward)
    assert page.status_filter() == ""  # every status: what became of my requests
    assert set(numbers(page)) == {proposals.create.number, proposals.modify.number}  # not the deputy's
    assert other.number not in numbers(page)
    for name in ("approve_button", "reject_button", "approve_batch_button", "reject_batch_button"):
        assert getattr(page, name).isHidden(), name

    show(qtbot, page, proposals.create.number)
    assert page.view.status_badge.text() == _("Rejected")
    assert page.view.info_values["reason"].text().endswith("البيانات ناقصة")
    assert "سعد الدوسري" in page.view.info_values["decided"].text()
    assert not page.withdraw_button.isEnabled()

    # Even reaching the approve action, the service refuses, and its sentence shows.
    show(qtbot, page, proposals.modify.number)
    page.approve_selected()
    qtbot.waitUntil(lambda: not page.message.isHidden(), timeout=10_000)
    with pytest.raises(PermissionDenied) as refused:
        services.client_requests.approve(people.steward, proposals.modify.number)
    assert page.message.text() == refused.value.message
    def status() -> str:
        return services.client_requests.detail(people.steward, proposals.modify.number).summary.status

    assert status() == "pending"

    # Withdraw the pending one.
    with qtbot.waitSignals([page.changed, page.loaded, page.request_shown], timeout=10_000):
        click(qtbot, page, "withdraw_button")
    assert status() == "withdrawn"
    show(qtbot, page, proposals.modify.number)
    assert page.view.status_badge.text() == _("Withdrawn")


def test_badge_counts_the_stewards_own_pending_requests(services: AppServices, people: RegistryPeople,
                                                        proposals: Proposals) -> None:
    from ui.shell.navigation import approvals_badge

    services.client_requests.propose_modify(people.deputy, proposals.client, {"neighbourhood": "النزهة"})
    assert approvals_badge(services, people.manager) == 3
    assert approvals_badge(services, people.steward) == 2
    assert approvals_badge(services, people.deputy) == 1
    assert approvals_badge(services, people.officer) == 0


# --- batches, the author's own request, the form ----------------------------------------------------

def test_an_import_batch_is_decided_at_once(qtbot: QtBot, services: AppServices, people: RegistryPeople,
                                            proposals: Proposals, monkeypatch: pytest.MonkeyPatch) -> None:
    kinds = [c.id for c in services.settings.choices("client_kinds")]
    rows = [clean_values({"name": f"متبرع رقم {i}", "kinds": ["donor"]}, kinds) for i in range(3)]
    batch = services.client_requests.propose_batch(people.manager, rows, "donors-2025.xlsx").batch
    asked: list[str] = []

    def confirm(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(approvals_page, "confirm", confirm)

    # The manager who imported it cannot approve it.
    own = make_page(qtbot, services, people.manager)
    assert own.batch_combo.isVisible()
    own.set_batch_filter(batch)
    assert len(numbers(own)) == 3
    qtbot.waitUntil(lambda: own.view.bundle is not None and own.view.bundle.summary.batch == batch)
    assert own.approve_batch_button.isVisible()
    assert own.view.info_values["batch"].text().endswith("donors-2025.xlsx")
    own.approve_selected()
    qtbot.waitUntil(lambda: not own.message.isHidden(), timeout=10_000)
    assert own.message.text() == _("You made this request; another manager must approve or reject it.")

    # A second manager approves the whole batch.
    page = make_page(qtbot, services, people.manager2)
    page.set_batch_filter(batch)
    qtbot.waitUntil(lambda: page.view.bundle is not None and page.view.bundle.summary.batch == batch)
    with qtbot.waitSignal(page.changed, timeout=10_000), qtbot.waitSignal(page.loaded, timeout=10_000):
        click(qtbot, page, "approve_batch_button")
    assert asked and "donors-2025.xlsx" in asked[0]
    assert services.clients.count(people.manager, ClientQuery(text="متبرع")) == 3
    assert set(numbers(page)) == {proposals.create.number, proposals.modify.number}
    assert page.batch_combo.isHidden()


def test_print_the_form_of_a_request(qtbot: QtBot, services: AppServices, people: RegistryPeople,
                                     proposals: Proposals, monkeypatch: pytest.MonkeyPatch,
                                     tmp_path: Path) -> None:
    target = tmp_path / "form.pdf"
    opened: list[Path] = []
    monkeypatch.setattr(approvals_page, "choose_pdf_path", lambda _parent, suggested: target)

    def open_document(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr(labels, "open_document", open_document)
    page = make_page(qtbot, services, people.manager)
    show(qtbot, page, proposals.modify.number)
    with qtbot.waitSignal(page.form_written, timeout=20_000) as written:
        click(qtbot, page, "print_button")
    assert written.args == [str(target)]
    assert target.read_bytes().startswith(b"%PDF")
    assert opened == [target]
