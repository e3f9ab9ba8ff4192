"""The client registry page over real services: search as you type, filters, paging, who may propose."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.clients.directory import ClientQuery
from app.clients.fields import clean_values, empty_values
from app.errors import PermissionDenied
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.clients_people import RegistryPeople, registry_people
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.clients import page as page_module
from ui.clients.list_model import MAX_CACHED_PAGES, PAGE_SIZE, Column
from ui.clients.page import ClientsPage
from ui.common.widgets import select_row

pytestmark = pytest.mark.usefixtures("arabic_app", "drain")

KINDS = ("donor", "government", "council_member", "beneficiary", "volunteer", "provider", "member", "other")
CLIENTS: tuple[tuple[str, str, tuple[str, ...], str, str], ...] = (
    # name, mobile, kinds, city, neighbourhood
    ("عبدالرحمن إبراهيم الغامدي", "0555123456", ("donor",), "جدة", "الصفا"),
    ("سارة علي الزهراني", "0551000001", ("beneficiary",), "جدة", "الروضة"),
    ("أحمد محمد القحطاني", "0551000002", ("volunteer", "member"), "مكة المكرمة", "العزيزية"),
    ("هيئة الهلال الأحمر السعودي", "0551000003", ("government",), "الطائف", "الشفا"),
    ("نورة سعد الشهري", "0551000004", ("beneficiary",), "جدة", "السلامة"),
    ("مؤسسة عبدالله الخيرية", "0551000005", ("donor", "provider"), "جدة", "الحمراء"),
)


@pytest.fixture
def people(services: AppServices, admin: Actor) -> RegistryPeople:
    return registry_people(services, admin)


def values(name: str, mobile: str = "", kinds: tuple[str, ...] = ("beneficiary",),
           **more: Any) -> dict[str, Any]:
    return {**empty_values(), "name": name, "mobile": mobile, "kinds": list(kinds), **more}


@pytest.fixture
def registry(services: AppServices, admin: Actor) -> dict[str, str]:
    """Six clients, approved at once by the administrator; name → number."""
    numbers = {}
    for name, mobile, kinds, city, hood in CLIENTS:
        detail = services.client_requests.propose_create(
            admin, values(name, mobile, kinds, city=city, neighbourhood=hood,
                          entity="organisation" if name.startswith(("هيئة", "مؤسسة")) else "person"))
        numbers[name] = detail.summary.client_number
    services.client_requests.propose_modify(admin, numbers["نورة سعد الشهري"], {"status": "inactive"})
    return numbers


def make_page(qtbot: QtBot, services: AppServices, actor: Actor) -> ClientsPage:
    page = ClientsPage(services, actor)
    qtbot.addWidget(page)
    page.resize(1280, 620)
    with qtbot.waitSignal(page.ready, timeout=5000):
        page.show()
    qtbot.waitExposed(page)
    wait_loaded(qtbot, page)
    return page


def wait_loaded(qtbot: QtBot, page: ClientsPage) -> None:
    qtbot.waitUntil(lambda: not page.pending and page.model.loaded and not page.model.busy, timeout=10_000)


def names(page: ClientsPage) -> list[str]:
    model = page.model
    return [str(model.data(model.index(r, Column.NAME))) for r in range(model.rowCount())]


def search(qtbot: QtBot, page: ClientsPage, text: str) -> list[str]:
    page.search_edit.clear()
    type_text(page.search_edit, text)
    assert page.pending  # debounced: the query runs once typing pauses
    wait_loaded(qtbot, page)
    return names(page)


# --- tests -------------------------------------------------------------------------------------

def test_the_registry_lists_the_clients_by_name_right_to_left(
        qtbot: QtBot, services: AppServices, admin: Actor, registry: dict[str, str],
        qtmodeltester: ModelTester, artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    model = page.model
    qtmodeltester.check(model)
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert model.total == model.rowCount() == len(CLIENTS)
    expected = [r.name for r in services.clients.page(admin, ClientQuery(), 0, 100)]
    assert names(page) == expected
    row = names(page).index("أحمد محمد القحطاني")
    number = registry["أحمد محمد القحطاني"]
    assert model.number_at(row) == number
    assert model.data(model.index(row, Column.NUMBER)) == number
    assert model.data(model.index(row, Column.MOBILE)) == "٠٥٥ ١٠٠ ٠٠٠٢"  # drawn left to right (LtrDelegate)
    assert model.data(model.index(row, Column.KINDS)) == "متطوع، عضو الجمعية العمومية"
    assert model.data(model.index(row, Column.CITY)) == "مكة المكرمة"
    assert model.data(model.index(row, Column.NEIGHBOURHOOD)) == "العزيزية"
    inactive = names(page).index("نورة سعد الشهري")
    assert model.data(model.index(inactive, Column.STATUS)) == "غير نشط"
    assert model.data(model.index(inactive, Column.NAME), Qt.ItemDataRole.ForegroundRole) is not None
    assert page.count_label.text() == "٦ عملاء"
    assert page.table.currentIndex().row() == 0  # the first row is selected: Enter opens it
    page.grab().save(str(artifacts / "clients_page_ar.png"))


def test_a_name_is_found_in_another_spelling_and_a_mobile_in_any_form(
        qtbot: QtBot, services: AppServices, admin: Actor, registry: dict[str, str]) -> None:
    page = make_page(qtbot, services, admin)
    target = "عبدالرحمن إبراهيم الغامدي"
    assert search(qtbot, page, "عبد الرحمن ابراهيم") == [target]  # compound split, hamza dropped
    assert search(qtbot, page, "احمد القحطانى") == ["أحمد محمد القحطاني"]  # alef and final yaa folded
    assert search(qtbot, page, "+966 55 512 3456") == [target]
    assert search(qtbot, page, "٠٥٥٥١٢٣٤٥٦") == [target]
    assert search(qtbot, page, "0555123456") == [target]
    number = registry[target]
    assert search(qtbot, page, number) == [target]
    assert search(qtbot, page, "لا يوجد أحد بهذا الاسم") == []
    assert page.count_label.text() == "لا عملاء"
    page.search_edit.clear()
    wait_loaded(qtbot, page)
    assert len(names(page)) == len(CLIENTS)


def test_the_filters_narrow_the_list(
        qtbot: QtBot, services: AppServices, admin: Actor, registry: dict[str, str]) -> None:
    page = make_page(qtbot, services, admin)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("donor"))
    wait_loaded(qtbot, page)
    assert sorted(names(page)) == sorted(["عبدالرحمن إبراهيم الغامدي", "مؤسسة عبدالله الخيرية"])
    page.kind_combo.setCurrentIndex(0)
    page.status_combo.setCurrentIndex(page.status_combo.findData("inactive"))
    wait_loaded(qtbot, page)
    assert names(page) == ["نورة سعد الشهري"]
    page.status_combo.setCurrentIndex(0)
    wait_loaded(qtbot, page)
    assert page.city_combo.findText("جدة") >= 0  # the cities met so far are offered
    page.city_combo.setCurrentIndex(page.city_combo.findText("الطائف"))
    page.city_combo.activated.emit(page.city_combo.currentIndex())
    wait_loaded(qtbot, page)
    assert names(page) == ["هيئة الهلال الأحمر السعودي"]
    assert page.current_query() == ClientQuery(city="الطائف")
    line = page.city_combo.lineEdit()
    assert line is not None
    line.clear()
    line.editingFinished.emit()
    wait_loaded(qtbot, page)
    assert len(names(page)) == len(CLIENTS)


def test_a_large_registry_reads_only_the_pages_on_screen(
        qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    total = PAGE_SIZE * 6 + 37
    kinds = list(KINDS)
    rows = [clean_values(values(f"عميل رقم {i:05d}", f"05{60000000 + i:08d}", (KINDS[i % len(KINDS)],)),
                         kinds) for i in range(total)]
    services.client_requests.propose_batch(admin, rows, "test")  # an empty registry: written at once
    page = make_page(qtbot, services, admin)
    model = page.model
    assert model.total == model.rowCount() == total
    assert model.fetched == [0]  # the count and one page: nothing else was read
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.row_at(total - 1) is not None, timeout=5000)
    assert set(model.fetched) <= {0, 5, 6} and 6 in model.fetched  # the pages in between were never read
    assert str(model.data(model.index(total - 1, Column.NAME))) == f"عميل رقم {total - 1:05d}"
    for row in range(0, total, PAGE_SIZE // 2):  # scroll through it all: the cache stays bounded
        page.table.scrollTo(model.index(row, 0))
        qtbot.waitUntil(lambda r=row: model.row_at(r) is not None, timeout=5000)  # type: ignore[misc]
    assert model.cached_pages() <= MAX_CACHED_PAGES
    assert search(qtbot, page, "عميل 01234") == ["عميل رقم 01234"]
    assert page.model.fetched == [0]


def test_the_city_filter_offers_every_city_of_the_registry(
        qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    rows = [clean_values({**values(f"عميل رقم {i:05d}"), "city": "جدة"}, list(KINDS))
            for i in range(PAGE_SIZE)]
    rows.append(clean_values({**values("يوسف الأخير"), "city": "الطائف"}, list(KINDS)))  # sorts last
    services.client_requests.propose_batch(admin, rows, "test")
    page = make_page(qtbot, services, admin)
    assert page.model.fetched == [0]  # the last client's row was never read, yet its city is offered
    combo = page.city_combo
    qtbot.waitUntil(lambda: "الطائف" in [combo.itemText(i) for i in range(combo.count())])


def test_the_steward_proposes_and_opens_from_the_page(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, registry: dict[str, str]) -> None:
    page = make_page(qtbot, services, people.steward)
    assert page.may_propose and page.new_button.isEnabled()
    qtbot.keyClick(page.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = page.editor_dialog
    assert editor is not None and editor.isVisible() and editor.number is None
    qtbot.waitUntil(lambda: bool(editor.kind_checks), timeout=5000)
    editor.name_edit.setText("ليلى حسن الشمري")
    editor.kind_checks["volunteer"].setChecked(True)
    editor.mobile_edit.setText("0557778888")
    with qtbot.waitSignal(page.changed, timeout=5000):
        editor.send_button.click()
    assert services.clients.count(people.steward, ClientQuery()) == len(CLIENTS)  # pending, not written
    editor.accept()
    qtbot.waitUntil(lambda: page.editor_dialog is None)
    wait_loaded(qtbot, page)

    row = names(page).index("سارة علي الزهراني")
    page.table.setFocus()
    select_row(page.table, row)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.file_dialog
    assert dialog is not None and dialog.number == registry["سارة علي الزهراني"]
    qtbot.waitUntil(lambda: dialog.file is not None, timeout=5000)
    dialog.close()
    page.open_button.click()  # the selected row again
    assert page.file_dialog is not None and page.file_dialog.number == registry["سارة علي الزهراني"]
    page.file_dialog.close()


def test_reception_sees_the_registry_but_may_not_propose(
        qtbot: QtBot, services: AppServices, people: RegistryPeople, registry: dict[str, str]) -> None:
    for actor in (people.reception, people.officer):  # the officer is not the steward nor the deputy
        page = make_page(qtbot, services, actor)
        assert page.model.total == len(CLIENTS)
        assert not page.may_propose
        assert not page.new_button.isEnabled()
        qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert page.editor_dialog is None
        with pytest.raises(PermissionDenied):
            services.client_requests.propose_create(actor, values("عميل لا يُقبل", "0559999999"))
    assert services.clients.count(people.reception, ClientQuery()) == len(CLIENTS)


def test_missing_windows_are_not_offered(
        qtbot: QtBot, services: AppServices, admin: Actor, registry: dict[str, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_module, "module_available", lambda name: name != page_module.STATISTICS_MODULE)
    page = make_page(qtbot, services, admin)
    assert page.statistics_button.isHidden()
    assert not page.duplicates_button.isHidden()
    monkeypatch.setitem(sys.modules, page_module.DUPLICATES_MODULE, None)  # the import fails
    page.duplicates_button.click()
    assert not page.duplicates_button.isEnabled()
    assert page.other_dialog is None


def test_the_page_in_english(
        qtbot: QtBot, services: AppServices, admin: Actor, registry: dict[str, str],
        arabic_app: QApplication, artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    apply_language(arabic_app, "en")
    assert page.layoutDirection() == Qt.LayoutDirection.LeftToRight
    model = page.model
    assert model.headerData(Column.NAME, Qt.Orientation.Horizontal) == "Name"
    row = names(page).index("أحمد محمد القحطاني")
    assert model.data(model.index(row, Column.KINDS)) == "Volunteer, General-assembly member"
    assert model.data(model.index(row, Column.MOBILE)) == "055 100 0002"
    assert page.count_label.text() == "6 clients"
    assert page.new_button.text() == "New client…"
    qtbot.wait(50)  # the layouts settle left to right
    page.grab().save(str(artifacts / "clients_page_en.png"))
    apply_language(arabic_app, "ar")  # live: headers, cells and the count follow
    assert model.headerData(Column.NAME, Qt.Orientation.Horizontal) == "الاسم"
    assert model.data(model.index(row, Column.MOBILE)) == "٠٥٥ ١٠٠ ٠٠٠٢"
    assert page.count_label.text() == "٦ عملاء"


@pytest.mark.parametrize(("button", "module", "name"), [
    ("import_button", "ui.clients.import_dialog", "ImportDialog"),
    ("contributions_import_button", "ui.clients.import_dialog", "ImportDialog"),
    ("duplicates_button", "ui.clients.duplicates_dialog", "DuplicatesDialog"),
    ("statistics_button", "ui.clients.statistics_dialog", "StatisticsDialog"),
])
def test_the_other_windows_open_from_the_page(
        qtbot: QtBot, services: AppServices, admin: Actor, registry: dict[str, str], button: str, module: str,
        name: str) -> None:
    dialog_class = getattr(pytest.importorskip(module), name)
    page = make_page(qtbot, services, admin)
    widget = getattr(page, button)
    assert widget.isVisible() and widget.isEnabled()
    widget.click()
    dialog = page.other_dialog
    assert isinstance(dialog, dialog_class) and dialog.isVisible()
    if button == "contributions_import_button":
        assert dialog.kind == "contributions"
    wait_loaded(qtbot, page)
    dialog.close()
    qtbot.waitUntil(lambda: page.other_dialog is None)
