"""The complaints log over real services: search, filters, sort, a long log, export, the dialogs."""

from __future__ import annotations

import csv
import re
import sys
import threading
import types
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.calendars.formatting import format_gregorian, format_hijri, format_time
from app.complaints.records import ComplaintQuery, NewComplaint
from app.complaints.vocab import STATUSES, label
from app.complaints.vocab import TYPES as TYPES_
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.bidi import LRI, PDI
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.common.widgets import select_row
from ui.complaints import log_model
from ui.complaints.log_model import MAX_CACHED_PAGES, PAGE_SIZE, PLACEHOLDER, Column
from ui.complaints.page import ComplaintsPage
from ui.shell import navigation
from ui.theme import Colours

pytestmark = pytest.mark.usefixtures("arabic_app", "drain")

ARABIC = re.compile("[\u0600-\u06ff]")
PASSWORD = "desk-pass-123"
NAMES = ("سارة علي الزهراني", "محمد عبدالله القحطاني", "نورة سعد الشهري", "خالد فهد العتيبي",
         "عبدالرحمن ابراهيم الغامدي", "هند ناصر الدوسري")
DESCRIPTIONS = ("تأخر صرف المساعدة الشهرية للأسرة", "سوء تعامل موظف الاستقبال في المركز",
                "استفسار عن موعد توزيع السلال الغذائية", "اقتراح بتمديد ساعات العمل مساءً",
                "شكر لفريق الزيارات الميدانية", "لم يتم الرد على الاتصالات المتكررة")
TYPES = ("complaint", "complaint", "inquiry", "suggestion", "compliment", "complaint")
CHANNELS = ("walk_in", "phone", "whatsapp", "email", "toll_free", "letter")
CENTRES = ("HQ", "JED-SAFA", None)
OVERDUE = "متأخرة"


@pytest.fixture
def officer(services: AppServices, admin: Actor) -> Actor:
    services.users.add(admin, "officer", "relations_officer", PASSWORD, "خالد العتيبي")
    return services.users.login("officer", PASSWORD)


@pytest.fixture
def desk(services: AppServices, admin: Actor, officer: Actor) -> list[str]:
    """30 items: every type, several channels and centres, some overdue, some moved along."""
    now = datetime.now(UTC)
    refs = []
    for i in range(30):
        k = i % 6
        old = i % 5 == 0  # received two weeks ago: overdue while still open
        detail = services.complaints.add(admin, NewComplaint(
            type=TYPES[k], channel=CHANNELS[k], description=f"{DESCRIPTIONS[k]} رقم {i}",
            name=NAMES[k], mobile=f"05{'67' if k == 4 else '51'}{i:06d}",
            centre=CENTRES[i % 3], category="service_delay" if k == 0 else None,
            received_at=now - timedelta(days=14 if old else 0, minutes=30 - i)))
        refs.append(detail.reference)
    c = services.complaints
    for ref in refs[1:6]:
        c.move(admin, ref, "acknowledged")
    for ref in refs[6:10]:
        c.move(admin, ref, "assigned", assignee="officer")
    for ref in refs[11:14]:
        c.move(admin, ref, "answered", answer="تمت معالجة الطلب")
        c.move(admin, ref, "closed")
    c.move(admin, refs[14], "cancelled", reason="مكررة")
    return refs


def make_page(qtbot: QtBot, services: AppServices, actor: Actor) -> ComplaintsPage:
    page = ComplaintsPage(services, actor)
    qtbot.addWidget(page)
    page.resize(1360, 640)
    page.show()
    qtbot.waitExposed(page)
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: page.counts is not None and bool(page.model.lookups.channels))
    return page


def wait_loaded(qtbot: QtBot, page: ComplaintsPage) -> None:
    qtbot.waitUntil(lambda: not page.filters.pending and page.model.loaded and not page.model.busy,
                    timeout=10_000)


def plain(text: object) -> str:
    return str(text).replace(LRI, "").replace(PDI, "")


def column(page: ComplaintsPage, col: Column) -> list[str]:
    model = page.model
    return [str(model.data(model.index(r, col))) for r in range(model.rowCount())]


def references(page: ComplaintsPage) -> list[str]:
    return [ref for r in range(page.model.rowCount()) if (ref := page.model.reference_at(r))]


def expected(services: AppServices, actor: Actor, **query: object) -> list[str]:
    q = ComplaintQuery(**query)  # type: ignore[arg-type]
    return [r.reference for r in services.complaints.page(actor, q, 0, 1000)]


def _assert_not_clipped(page: QWidget) -> None:
    for widget in page.findChildren(QLabel):
        if widget.isVisible() and widget.text() and not widget.wordWrap():
            assert widget.width() >= widget.sizeHint().width(), widget.text()


def test_the_log_shows_the_items_newest_first_right_to_left(
        qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str],
        qtmodeltester: ModelTester, artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    model = page.model
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft and page.table.isRightToLeft()
    assert model.total == model.rowCount() == 30
    assert references(page) == expected(services, admin) and references(page)[0] == desk[-1]
    assert page.status_label.text() == "٣٠ عنصرًا"
    row = next(r for r in range(30) if model.reference_at(r) == desk[0])  # received two weeks ago
    assert model.data(model.index(row, Column.SLA)) == OVERDUE
    assert model.data(model.index(row, Column.SLA), Qt.ItemDataRole.ForegroundRole) == QColor(Colours.ERROR)
    assert model.data(model.index(row, Column.TYPE)) == "شكوى"
    assert model.data(model.index(row, Column.CHANNEL)) == "حضوري (المقر أو المركز)"
    assert model.data(model.index(row, Column.CENTRE)) == "المقر الرئيسي"
    assert model.data(model.index(row, Column.MOBILE)) == "٠٥٥ ١٠٠ ٠٠٠٠"  # shown left to right (LtrDelegate)
    at = services.complaints.get(admin, desk[0]).row.received_at.astimezone()
    received = model.data(model.index(row, Column.RECEIVED))  # the Hijri date beside, then the time
    assert received == f"{format_gregorian(at)} ({format_hijri(at)}) {format_time(at)}" and "هـ" in received
    assert PLACEHOLDER not in column(page, Column.REFERENCE)
    delegate = page.table.itemDelegateForColumn(Column.REFERENCE)
    assert delegate is not None and delegate.displayText(desk[0], page.locale()) == f"{LRI}{desk[0]}{PDI}"
    header = page.table.horizontalHeader()
    assert header.sectionViewportPosition(Column.REFERENCE) > header.sectionViewportPosition(Column.TYPE)
    counts = services.complaints.desk_counts(admin)
    assert page.overdue_button.text() == f"متأخرة: {counts.overdue}".translate(str.maketrans("0123456789",
                                                                                            "٠١٢٣٤٥٦٧٨٩"))
    qtmodeltester.check(model)
    _assert_not_clipped(page)
    _click_header(qtbot, page, Column.SLA)  # the earliest deadlines first: the overdue items, in red
    wait_loaded(qtbot, page)
    assert model.data(model.index(0, Column.SLA)) == OVERDUE
    qtbot.wait(50)  # one layout pass after the last texts changed
    page.grab().save(str(artifacts / "complaints_log_ar.png"))


def test_the_log_in_english_is_left_to_right(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, admin: Actor, desk: list[str],
        artifacts: Path) -> None:
    apply_language(arabic_app, "en")
    page = make_page(qtbot, services, admin)
    assert page.layoutDirection() == Qt.LayoutDirection.LeftToRight
    titles = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert titles[:4] == ["Reference", "Type", "Status", "Deadline"]
    assert page.status_label.text() == "30 items"
    assert set(column(page, Column.TYPE)) == {"Complaint", "Inquiry", "Suggestion", "Compliment"}
    assert "Overdue" in column(page, Column.SLA)
    _assert_not_clipped(page)
    page.filters.more_button.setChecked(True)
    qtbot.wait(50)  # one layout pass after the last texts changed
    _assert_not_clipped(page)
    page.grab().save(str(artifacts / "complaints_log_en.png"))

    apply_language(arabic_app, "ar")  # live: headers, cells and the status line follow
    assert page.model.headerData(Column.TYPE, Qt.Orientation.Horizontal) == "النوع"
    assert "شكوى" in column(page, Column.TYPE)
    assert ARABIC.search(page.status_label.text())


def test_search_as_you_type_with_an_unnormalised_arabic_word(
        qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str]) -> None:
    page = make_page(qtbot, services, admin)
    page.filters.search_edit.setFocus()
    type_text(page.filters.search_edit, "إبراهِيم")  # stored as "ابراهيم", typed with a hamza and a kasra
    assert page.model.query is not None and page.model.query.search == ""  # not on every key
    with qtbot.waitSignal(page.model.first_page_loaded, timeout=5000):
        pass
    wait_loaded(qtbot, page)
    assert page.model.query.search == "إبراهِيم"
    assert page.model.rowCount() == 5
    assert set(column(page, Column.NAME)) == {"عبدالرحمن ابراهيم الغامدي"}
    assert page.status_label.text() == "٥ عناصر"

    page.filters.search_edit.clear()  # back to everything
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 30


def test_an_arabic_indic_mobile_fragment_finds_by_mobile(
        qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str]) -> None:
    page = make_page(qtbot, services, admin)
    page.filters.search_edit.setFocus()
    type_text(page.filters.search_edit, "٠٥٦٧")  # the compliments' callers have 0567… numbers
    qtbot.waitUntil(lambda: page.model.query is not None and page.model.query.search == "٠٥٦٧")
    wait_loaded(qtbot, page)
    mobiles = {plain(m) for m in column(page, Column.MOBILE)}
    assert page.model.rowCount() == 5 and all(m.startswith("٠٥٦ ٧") for m in mobiles)
    assert set(column(page, Column.TYPE)) == {label(TYPES_, "compliment")}


def test_a_newer_query_supersedes_the_older_ones(
        qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str]) -> None:
    page = make_page(qtbot, services, admin)
    model = page.model
    firsts: list[str | None] = []
    model.first_page_loaded.connect(lambda: firsts.append(model.query.search if model.query else None))
    for text in ("سا", "سار", "سارة"):
        model.set_query(ComplaintQuery(search=text))
    wait_loaded(qtbot, page)
    assert firsts == ["سارة"]  # the two older queries' results were dropped
    assert model.rowCount() == 5 and set(column(page, Column.NAME)) == {NAMES[0]}


def test_filter_by_status_overdue_and_the_desk_figures(
        qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str]) -> None:
    page = make_page(qtbot, services, admin)
    bar = page.filters
    bar.status_combo.setCurrentIndex(bar.status_combo.findData("closed"))
    wait_loaded(qtbot, page)
    assert sorted(references(page)) == sorted(desk[11:14])
    assert set(column(page, Column.STATUS)) == {label(STATUSES, "closed")}

    bar.overdue_check.setChecked(True)  # closed and overdue: none
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 0 and page.model.total == 0

    bar.status_combo.setCurrentIndex(0)
    wait_loaded(qtbot, page)
    overdue = expected(services, admin, overdue=True)
    assert sorted(references(page)) == sorted(overdue) and len(overdue) == 6
    assert set(column(page, Column.SLA)) == {OVERDUE}

    bar.clear()
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 30
    qtbot.mouseClick(page.overdue_button, Qt.MouseButton.LeftButton)  # the desk figure filters
    wait_loaded(qtbot, page)
    assert bar.overdue_check.isChecked() and sorted(references(page)) == sorted(overdue)

    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, page)
    assert not bar.overdue_check.isChecked()
    assert page.model.rowCount() == services.complaints.desk_counts(admin).open == 30 - 3 - 1

    bar.more_button.setChecked(True)
    bar.channel_combo.setCurrentIndex(bar.channel_combo.findData("whatsapp"))
    wait_loaded(qtbot, page)
    assert set(column(page, Column.CHANNEL)) == {"واتساب"}
    assert "(" in bar.more_button.text()  # the button counts the filters set behind it


def test_my_queue_for_the_officer(qtbot: QtBot, services: AppServices, officer: Actor,
                                  desk: list[str]) -> None:
    page = make_page(qtbot, services, officer)
    assert page.counts is not None and page.counts.mine == 4
    qtbot.mouseClick(page.mine_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, page)
    assert sorted(references(page)) == sorted(desk[6:10])
    assert set(column(page, Column.ASSIGNEE)) == {"خالد العتيبي"}  # the full name, not "officer"


def _click_header(qtbot: QtBot, page: ComplaintsPage, col: Column) -> None:
    page.table.scrollTo(page.model.index(0, col))
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    assert header.logicalIndexAt(x) == col
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_clicking_a_header_sorts(qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str]) -> None:
    page = make_page(qtbot, services, admin)
    _click_header(qtbot, page, Column.NAME)
    wait_loaded(qtbot, page)
    assert page.model.query is not None and page.model.query.sort == "name"
    names = column(page, Column.NAME)
    ascending = not page.model.query.descending
    assert names == sorted(names, reverse=not ascending)
    assert references(page) == expected(services, admin, sort="name", descending=not ascending)

    _click_header(qtbot, page, Column.NAME)  # again: the other way
    wait_loaded(qtbot, page)
    assert page.model.query.descending == ascending
    assert column(page, Column.NAME) == sorted(names, reverse=ascending)

    _click_header(qtbot, page, Column.RECEIVED)  # dates: newest first on the first click
    wait_loaded(qtbot, page)
    assert page.model.query.sort == "received" and page.model.query.descending
    assert references(page) == expected(services, admin)

    query = page.model.query
    _click_header(qtbot, page, Column.SUMMARY)  # not sortable: nothing happens
    assert page.model.query is query
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == Column.RECEIVED


@pytest.mark.slow
def test_scrolling_to_the_bottom_of_a_long_log_keeps_the_cache_bounded(
        qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    now = datetime.now(UTC)
    first = None
    for i in range(2500):
        detail = services.complaints.add(admin, NewComplaint(
            type="complaint", channel="phone", description=f"بلاغ رقم {i}", name=NAMES[i % 6],
            mobile=f"0551{i:06d}", received_at=now - timedelta(minutes=2500 - i)))
        first = first or detail.reference
    page = make_page(qtbot, services, admin)
    model = page.model
    assert model.total == model.rowCount() == 2500
    assert model.cached_pages() == 1  # only the first page was read

    loaded: list[int] = []
    model.page_loaded.connect(loaded.append)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.reference_at(2499) is not None, timeout=10_000)
    assert model.reference_at(2499) == first  # the oldest, read from the far end
    assert (2500 - 1) // PAGE_SIZE in loaded and len(loaded) <= 3
    assert PLACEHOLDER not in [model.data(model.index(2499, c)) for c in Column]

    for row in range(0, 2500, PAGE_SIZE // 2):  # all the way through, page by page
        page.table.scrollTo(model.index(row, 0))
        qtbot.waitUntil(lambda r=row: model.reference_at(r) is not None, timeout=10_000)  # type: ignore[misc]
        assert model.cached_pages() <= MAX_CACHED_PAGES
    assert model.reference_at(0) is None  # long dropped: memory stays flat
    page.table.scrollToTop()
    qtbot.waitUntil(lambda: model.reference_at(0) is not None, timeout=10_000)
    assert model.cached_pages() <= MAX_CACHED_PAGES
    assert references(page)[0] == services.complaints.page(admin, ComplaintQuery(), 0, 1)[0].reference


def test_a_row_not_loaded_yet_shows_a_placeholder(
        qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log_model, "PAGE_SIZE", 10)
    monkeypatch.setattr(log_model, "MAX_CACHED_PAGES", 2)
    model = log_model.ComplaintsLogModel(services, admin)
    model.set_query(ComplaintQuery())
    qtbot.waitUntil(lambda: model.loaded and not model.busy)
    assert model.rowCount() == 30 and model.cached_pages() == 1
    assert model.data(model.index(25, Column.NAME)) == PLACEHOLDER  # and it is asked for
    with qtbot.waitSignal(model.page_loaded, timeout=5000) as blocker:
        pass
    assert blocker.args == [2]
    assert model.data(model.index(25, Column.NAME)) in NAMES
    model.data(model.index(15, Column.NAME))
    qtbot.waitUntil(lambda: model.reference_at(15) is not None and not model.busy)
    assert model.cached_pages() == 2 and model.reference_at(0) is None  # the least recently shown went


def test_export_to_excel_and_csv(qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str],
                                 tmp_path: Path) -> None:
    page = make_page(qtbot, services, admin)
    bar = page.filters
    bar.status_combo.setCurrentIndex(bar.status_combo.findData("__open__"))
    wait_loaded(qtbot, page)
    shown = references(page)
    assert len(shown) == 26

    target = tmp_path / "سجل الشكاوى.xlsx"
    with qtbot.waitSignal(page.exported, timeout=20_000) as blocker:
        assert page.export_to(target)
    result = blocker.args[0]
    assert not result.cancelled and result.rows == 26 and target.is_file()
    assert not list(tmp_path.glob(".*partial"))
    sheet = load_workbook(target).active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("الرقم المرجعي", "النوع", "الحالة")
    assert [r[0] for r in rows[1:]] == shown  # exactly the rows shown, in their order
    oldest = next(r for r in rows[1:] if r[0] == desk[0])
    assert isinstance(oldest[4], datetime) and oldest[3] == OVERDUE
    assert oldest[7] == NAMES[0] and oldest[9] == "حضوري (المقر أو المركز)" and "هـ" in oldest[5]
    assert page.notice.isVisible() and page.notice.text().startswith("صُدِّر ٢٦ صفًا إلى")

    target = tmp_path / "log.csv"
    with qtbot.waitSignal(page.exported, timeout=20_000):
        page.export_to(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel then reads the Arabic right
    with target.open(encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert lines[0][0] == "الرقم المرجعي" and [line[0] for line in lines[1:]] == shown
    assert any("تأخر صرف المساعدة" in line[-1] for line in lines[1:])


def test_an_export_can_be_cancelled_from_its_progress_dialog(
        qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.complaints import page as page_module

    gate = threading.Event()
    real = page_module.export_rows

    def held(*args: Any, **kwargs: Any) -> Any:
        gate.wait(10)  # the export thread waits until the test has pressed Cancel
        return real(*args, **kwargs)

    monkeypatch.setattr(page_module, "export_rows", held)
    page = make_page(qtbot, services, admin)
    target = tmp_path / "log.xlsx"
    assert page.export_to(target)
    progress = page.progress
    assert progress is not None and progress.maximum() == 30
    assert progress.windowModality() == Qt.WindowModality.WindowModal
    assert not page.export_button.isEnabled() and not page.export_to(tmp_path / "again.csv")  # one at a time
    cancel = progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "إلغاء"
    with qtbot.waitSignal(page.exported, timeout=10_000) as blocker:
        cancel.click()
        gate.set()
    assert blocker.args[0].cancelled
    assert not target.exists() and list(tmp_path.iterdir()) == [tmp_path / "data"]
    assert page.notice.isVisible() and page.progress is None and page.export_button.isEnabled()


def test_an_export_to_an_unknown_format_says_why(
        qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str], tmp_path: Path) -> None:
    page = make_page(qtbot, services, admin)
    folder = tmp_path / "out"
    folder.mkdir()
    assert not page.export_to(folder / "log.pdf")
    assert page.message.isVisible() and ARABIC.search(page.message.text())
    assert not list(folder.iterdir())


class FakeComplaintDialog(QDialog):
    changed = Signal(str)
    opened: list[str] = []

    def __init__(self, services: AppServices, actor: Actor, reference: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        FakeComplaintDialog.opened.append(reference)


class FakeIntakeDialog(QDialog):
    saved = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None) -> None:
        super().__init__(parent)


@pytest.fixture
def fake_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-ins for the intake form and the complaint window (other modules)."""
    detail = types.ModuleType("ui.complaints.detail_dialog")
    detail.ComplaintDialog = FakeComplaintDialog  # type: ignore[attr-defined]
    intake = types.ModuleType("ui.complaints.intake_dialog")
    intake.IntakeDialog = FakeIntakeDialog  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.complaints.detail_dialog", detail)
    monkeypatch.setitem(sys.modules, "ui.complaints.intake_dialog", intake)
    FakeComplaintDialog.opened = []


def test_double_click_or_enter_opens_the_complaint_and_a_change_refreshes(
        qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str], fake_dialogs: None) -> None:
    page = make_page(qtbot, services, admin)
    model = page.model
    rect = page.table.visualRect(model.index(2, Column.NAME))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: isinstance(page.detail_dialog, FakeComplaintDialog))
    assert FakeComplaintDialog.opened == [model.reference_at(2)]
    dialog = page.detail_dialog
    assert dialog is not None
    services.complaints.move(admin, desk[-1], "acknowledged")
    with qtbot.waitSignal(page.counts_loaded, timeout=5000):
        dialog.changed.emit(desk[-1])  # type: ignore[attr-defined]
    acknowledged = label(STATUSES, "acknowledged")
    qtbot.waitUntil(lambda: model.data(model.index(0, Column.STATUS)) == acknowledged, timeout=5000)
    dialog.close()
    qtbot.waitUntil(lambda: page.detail_dialog is None)

    select_row(page.table, 3)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(FakeComplaintDialog.opened) == 2)
    assert FakeComplaintDialog.opened[1] == model.reference_at(3)
    assert page.detail_dialog is not None
    page.detail_dialog.close()


def test_ctrl_n_opens_the_intake_form_and_a_saved_item_appears(
        qtbot: QtBot, services: AppServices, admin: Actor, desk: list[str], fake_dialogs: None) -> None:
    page = make_page(qtbot, services, admin)
    page.activateWindow()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(page.intake_dialog, FakeIntakeDialog))
    dialog = page.intake_dialog
    assert dialog is not None
    new = services.complaints.add(admin, NewComplaint(type="inquiry", channel="phone", name="ليلى حسن",
                                                      mobile="0559998887", description="متى يفتح التسجيل؟"))
    with qtbot.waitSignal(page.model.count_changed, timeout=5000) as blocker:
        dialog.saved.emit(new.reference)  # type: ignore[attr-defined]
    assert blocker.args == [31]
    qtbot.waitUntil(lambda: page.model.reference_at(0) == new.reference, timeout=5000)
    dialog.close()
    qtbot.waitUntil(lambda: page.intake_dialog is None)


def test_without_the_dialogs_the_page_says_so(qtbot: QtBot, services: AppServices, admin: Actor,
                                              desk: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ui.complaints.detail_dialog", None)  # an import of it fails
    page = make_page(qtbot, services, admin)
    with pytest.raises(ModuleNotFoundError):
        import ui.complaints.detail_dialog  # noqa: F401
    page.open_complaint(desk[0])
    assert page.detail_dialog is None


def test_the_area_opens_the_log(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    area = next(a for a in navigation.areas() if a.key == "complaints")
    page = area.build(services, admin, None)
    qtbot.addWidget(page)
    assert isinstance(page, ComplaintsPage)
    qtbot.waitUntil(lambda: page.model.loaded and not page.model.busy)
    assert page.model.rowCount() == 0 and page.status_label.text() == "لا عناصر"


def test_reception_sees_the_log_and_may_record(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    services.users.add(admin, "rec", "reception", "rec-pass-12", "نورة القحطاني")
    rec = services.users.login("rec", "rec-pass-12")
    page = make_page(qtbot, services, rec)
    assert page.allowed and page.new_button.isVisible() and page.model.total == 0
    assert isinstance(page.model.index(0, 0), QModelIndex)
