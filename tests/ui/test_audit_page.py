"""The audit log screen and the record timeline, over real services and a real log."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.calendars.formatting import format_hijri
from app.errors import UserError
from app.services.app_services import AppServices
from app.services.audit import AuditFilter
from app.services.context import Actor
from app.services.settings import setting_id
from tests.activity import settings_changes
from tests.ui.conftest import type_text
from ui import audit as audit_ui
from ui.application import apply_language
from ui.audit.audit_model import PAGE_SIZE, AuditModel, Column
from ui.audit.history_widget import RecordHistoryDialog, RecordHistoryWidget
from ui.audit.page import AuditPage
from ui.shell import navigation

pytestmark = pytest.mark.usefixtures("arabic_app", "drain")

ARABIC = re.compile("[\u0600-\u06ff]")






@pytest.fixture
def activity(services: AppServices, admin: Actor) -> Actor:
    """A new relations manager who logs in and fails once; a role and a setting changed."""
    services.users.add(admin, "huda", "relations_manager", "huda-pass-1", "هدى الزهراني")
    huda = services.users.login("huda", "huda-pass-1")
    with pytest.raises(UserError):
        services.users.login("huda", "wrong-password")
    services.users.set_role(admin, "huda", "quality_officer")
    services.settings.set(admin, "association.name", "جمعية كافل للأيتام")
    return huda



def make_page(qtbot: QtBot, services: AppServices, actor: Actor) -> AuditPage:
    page = AuditPage(services, actor)
    qtbot.addWidget(page)
    page.resize(1180, 620)
    page.show()
    qtbot.waitExposed(page)
    wait_loaded(qtbot, page)
    return page


def wait_loaded(qtbot: QtBot, page: AuditPage) -> None:
    qtbot.waitUntil(lambda: page.model.total is not None and not page.model.busy
                    and page.model.rowCount() == min(page.model.total, PAGE_SIZE), timeout=10_000)


def rows(page: AuditPage) -> list[tuple[str, ...]]:
    model = page.model
    return [tuple(str(model.data(model.index(r, c))) for c in Column) for r in range(model.rowCount())]


def line_ids(model: AuditModel) -> list[int]:
    lines = [model.line_at(r) for r in range(model.rowCount())]
    return [line.id for line in lines if line is not None]


def test_the_page_shows_the_log_newest_first_right_to_left(
        qtbot: QtBot, services: AppServices, admin: Actor, activity: Actor,
        qtmodeltester: ModelTester, artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert page.table.isRightToLeft()
    total = services.audit.count(admin, AuditFilter())
    assert page.model.total == total == page.model.rowCount()
    ids = line_ids(page.model)
    assert ids == sorted(ids, reverse=True) and len(ids) == total
    first = rows(page)[0]
    # The newest lines: the association's new name (and that setting's version number).
    assert any("كافل" in r[Column.CHANGE] for r in rows(page)[:2])
    assert ARABIC.search(first[Column.ACTION]) and ARABIC.search(first[Column.WHAT])
    assert ARABIC.search(page.count_label.text()) and "٬" not in page.count_label.text()
    # Local time beside the Hijri date (the Hijri year of today, in Arabic digits).
    assert "هـ" in first[Column.WHEN]
    header = page.table.horizontalHeader()
    # Right to left: the first column (when) is at the right edge.
    assert header.sectionViewportPosition(Column.WHEN) > header.sectionViewportPosition(Column.CHANGE)
    qtmodeltester.check(page.model)
    _assert_not_clipped(page)
    page.grab().save(str(artifacts / "audit_page_ar.png"))


def _assert_not_clipped(page: AuditPage) -> None:
    for label in page.findChildren(QLabel):
        if label.isVisible() and label.text() and not label.wordWrap():
            assert label.width() >= label.sizeHint().width(), label.text()



def test_times_are_shown_in_local_time(qtbot: QtBot, arabic_app: QApplication, riyadh_time: None,
                                       services: AppServices, admin: Actor) -> None:
    apply_language(arabic_app, "en")
    page = make_page(qtbot, services, admin)
    line = page.model.line_at(0)
    assert line is not None and line.at.tzinfo is not None
    local = line.at.astimezone(UTC) + timedelta(hours=3)
    when = str(page.model.data(page.model.index(0, Column.WHEN)))
    assert when.endswith(f"{local.hour:02}:{local.minute:02}")
    assert when.startswith(f"{local.day}/{local.month}/{local.year} (")  # the Hijri date beside
    assert datetime.now(UTC).hour != local.hour


def test_the_page_in_english_is_left_to_right(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, admin: Actor,
        activity: Actor, artifacts: Path) -> None:
    apply_language(arabic_app, "en")
    page = make_page(qtbot, services, admin)
    assert page.layoutDirection() == Qt.LayoutDirection.LeftToRight
    titles = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert titles == ["When", "Who", "Action", "Record", "Field", "Change"]
    n = page.model.total
    assert page.count_label.text() == f"{n} entries"
    texts = [r[Column.CHANGE].translate({0x2068: None, 0x2069: None}) for r in rows(page)]
    assert "Quality officer" in " ".join(texts) and "huda failed to log in" in texts
    _assert_not_clipped(page)
    page.grab().save(str(artifacts / "audit_page_en.png"))

    apply_language(arabic_app, "ar")  # live: headers and cells follow
    assert page.model.headerData(Column.WHEN, Qt.Orientation.Horizontal) != "When"
    assert ARABIC.search(page.count_label.text())
    assert ARABIC.search(str(page.model.data(page.model.index(0, Column.ACTION))))


def test_filter_by_user_and_by_action(qtbot: QtBot, services: AppServices, admin: Actor,
                                      activity: Actor) -> None:
    page = make_page(qtbot, services, admin)
    qtbot.waitUntil(lambda: page.user_combo.findData("huda") > 0)
    with qtbot.waitSignal(page.model.fetched, timeout=10_000):
        page.user_combo.setCurrentIndex(page.user_combo.findData("huda"))
    wait_loaded(qtbot, page)
    assert page.model.total == services.audit.count(admin, AuditFilter(user_name="huda")) == 2
    assert {r[Column.USER].strip("\u2068\u2069") for r in rows(page)} == {"huda"}

    with qtbot.waitSignal(page.model.fetched, timeout=10_000):
        page.action_combo.setCurrentIndex(page.action_combo.findData("login-failed"))
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 1
    assert page.model.line_at(0).action == "login-failed"  # type: ignore[union-attr]

    page.user_combo.setCurrentIndex(0)  # all users: admin's failures would show too
    page.action_combo.setCurrentIndex(page.action_combo.findData("update"))
    wait_loaded(qtbot, page)
    assert page.model.total == services.audit.count(admin, AuditFilter(action="update"))
    assert all(line.action == "update" for line in map(page.model.line_at, range(page.model.rowCount()))
               if line is not None)


def test_search_waits_for_typing_to_pause(qtbot: QtBot, services: AppServices, admin: Actor,
                                          activity: Actor) -> None:
    page = make_page(qtbot, services, admin)
    page.search_edit.setFocus()
    type_text(page.search_edit, "كافل")
    assert page.model.filter is not None and page.model.filter.text is None  # not on every key
    with qtbot.waitSignal(page.filter_applied, timeout=2000):
        pass
    wait_loaded(qtbot, page)
    assert page.model.filter is not None and page.model.filter.text == "كافل"
    assert page.model.rowCount() == 1
    assert page.model.line_at(0).record_name == "association.name"  # type: ignore[union-attr]


def test_dates_filter_local_days_with_hijri_beside(qtbot: QtBot, services: AppServices, admin: Actor,
                                                   activity: Actor) -> None:
    page = make_page(qtbot, services, admin)
    total = page.model.total
    tomorrow = date.today() + timedelta(days=1)
    page.since_check.setChecked(True)
    page.since_edit.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    assert page.since_hijri.text() == format_hijri(tomorrow)
    assert page.since_edit.text() == f"{tomorrow.day}/{tomorrow.month}/{tomorrow.year}"  # not reversed
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 0 == page.model.total
    page.since_edit.setDate(QDate.currentDate())
    page.until_check.setChecked(True)
    wait_loaded(qtbot, page)
    assert page.model.total == total
    assert page.until_hijri.text() == format_hijri(date.today()) and "هـ" in page.until_hijri.text()


def test_scrolling_fetches_more_pages(qtbot: QtBot, services: AppServices, admin: Actor,
                                      qtmodeltester: ModelTester) -> None:
    settings_changes(services, admin, 100)  # over 300 lines
    page = make_page(qtbot, services, admin)
    model = page.model
    total = model.total
    assert total is not None and total > 300
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.fetched, timeout=10_000):
        page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == total and not model.busy, timeout=10_000)
    assert not model.canFetchMore(QModelIndex())
    ids = line_ids(model)
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == total
    qtmodeltester.check(model)


def test_the_model_drops_pages_and_fetches_them_again(
        qtbot: QtBot, services: AppServices, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.audit import audit_model

    settings_changes(services, admin, 20)
    monkeypatch.setattr(audit_model, "PAGE_SIZE", 20)
    monkeypatch.setattr(audit_model, "MAX_CACHED_PAGES", 2)
    model = AuditModel(services, admin)
    model.set_filter(AuditFilter())
    qtbot.waitUntil(lambda: model.total is not None and not model.busy)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        qtbot.waitUntil(lambda: not model.busy)
    assert model.rowCount() == model.total and model.cached_pages() == 2
    assert model.line_at(0) is None and model.data(model.index(0, Column.WHEN)) is None
    with qtbot.waitSignal(model.dataChanged, timeout=10_000):
        pass  # row 0 was asked for: its page is fetched again
    first = model.line_at(0)
    assert first is not None and first.id == services.audit.page(admin, AuditFilter(), None, 1)[0].id
    assert model.cached_pages() == 2


def test_double_click_opens_the_record_history(qtbot: QtBot, services: AppServices, admin: Actor,
                                               activity: Actor, artifacts: Path) -> None:
    services.users.set_role(admin, "huda", "relations_manager")
    services.users.set_active(admin, "huda", False)
    page = make_page(qtbot, services, admin)
    row = next(r for r in range(page.model.rowCount())
               if (line := page.model.line_at(r)) is not None and line.action == "login-failed")
    rect = page.table.visualRect(page.model.index(row, Column.ACTION))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.history_dialog is not None and page.history_dialog.isVisible())
    dialog = page.history_dialog
    assert isinstance(dialog, RecordHistoryDialog)
    history = dialog.history
    qtbot.waitUntil(lambda: history.list.count() > 0, timeout=10_000)
    lines = history.lines()
    assert [line.record_id for line in lines] == [activity.user_id] * len(lines)
    assert lines[-1].action == "create" and lines[0].field == "active"  # newest first
    assert [line.id for line in lines] == sorted((line.id for line in lines), reverse=True)
    assert all(ARABIC.search(text) for text in history.sentences())
    assert "huda" in dialog.windowTitle() and dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(artifacts / "record_history_ar.png"))
    dialog.close()
    qtbot.waitUntil(lambda: page.history_dialog is None)


def test_the_history_widget_embeds_and_reloads(qtbot: QtBot, services: AppServices,
                                               admin: Actor) -> None:
    record = str(setting_id("display.digits"))
    widget = RecordHistoryWidget(services, admin, "settings", record)
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    qtbot.waitUntil(lambda: widget.list.count() == 1)  # created by the seeding
    services.settings.set(admin, "display.digits", "latin")
    with qtbot.waitSignal(widget.loaded, timeout=10_000) as blocker:
        widget.reload()
    assert blocker.args == [2]  # created, value changed
    assert widget.lines()[0].action == "update" and widget.lines()[-1].action == "create"
    assert all(ARABIC.search(text) for text in widget.sentences())


def test_the_history_says_when_it_shows_only_the_latest_lines(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, admin: Actor,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.audit import history_widget

    monkeypatch.setattr(history_widget, "HISTORY_LIMIT", 2)
    services.settings.set(admin, "display.digits", "latin")
    widget = RecordHistoryWidget(services, admin, "settings", str(setting_id("display.digits")))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.list.count() == 2)
    assert widget.status.text() == "يُعرض آخر سطرين فقط."  # Arabic's dual form, no number
    apply_language(arabic_app, "en")  # live: the status follows
    assert widget.status.text() == "Only the latest 2 lines are shown."

    empty = RecordHistoryWidget(services, admin, "settings", "no-such-record")
    qtbot.addWidget(empty)
    qtbot.waitUntil(lambda: empty.status.text() == "This record has no history yet.", timeout=10_000)
    apply_language(arabic_app, "ar")
    assert empty.status.text() == "لا يوجد تاريخ تغييرات لهذا السجل بعد."


def test_the_area_is_for_administrators_and_the_relations_manager(
        qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    services.users.add(admin, "desk", "reception", "desk-pass-1")
    services.users.add(admin, "mona", "relations_manager", "mona-pass-1")
    desk = services.users.login("desk", "desk-pass-1")
    mona = services.users.login("mona", "mona-pass-1")
    keys = [a.key for a in navigation.areas()]
    assert keys.index("audit") == keys.index("users") + 1
    assert "audit" in [a.key for a in navigation.visible_areas(admin)]
    assert "audit" in [a.key for a in navigation.visible_areas(mona)]
    assert "audit" not in [a.key for a in navigation.visible_areas(desk)]
    area = next(a for a in navigation.areas() if a.key == "audit")
    page = area.build(services, mona, None)
    qtbot.addWidget(page)
    assert isinstance(page, audit_ui.AuditPage)


def test_a_page_without_the_permission_says_so(qtbot: QtBot, services: AppServices,
                                               admin: Actor) -> None:
    services.users.add(admin, "desk", "reception", "desk-pass-1")
    desk = services.users.login("desk", "desk-pass-1")
    page = AuditPage(services, desk)
    qtbot.addWidget(page)
    page.show()
    assert not page.allowed and not page.table.isVisible()
    visible = [w for w in page.findChildren(QWidget) if isinstance(w, QLabel) and w.isVisible()]
    assert any(ARABIC.search(label.text()) for label in visible)
    assert page.model.filter is None  # the service was never asked
