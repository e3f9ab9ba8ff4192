"""The pipeline board over real services: drag with the mouse, the cancel and success dialogs,
refused moves, the keyboard, the totals, the filters, and screenshots in both languages."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.i18n import _
from app.pipeline.records import STAGES, Card
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.pipeline_people import Team, pipeline_team
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.clients.labels import amount_text
from ui.pipeline import page as page_module
from ui.pipeline.board import PipelineBoard
from ui.pipeline.move_dialogs import CancelReasonDialog, ReceivedDialog
from ui.pipeline.page import PipelinePage

pytestmark = pytest.mark.usefixtures("drain")

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def team(services: AppServices, admin: Actor) -> Team:
    return pipeline_team(services, admin, donors=4)


def add(services: AppServices, t: Team, n: int, amount: int, probability: int, *, action: str = "",
        on: date | None = None) -> Card:
    return services.opportunities.add(
        t.officer, t.programme.number, [t.donors[n % len(t.donors)]], expected_halalas=amount,
        probability=probability, next_action=action, next_action_on=on).card


def make_board(qtbot: QtBot, services: AppServices, actor: Actor, size: tuple[int, int] = (1500, 760)
               ) -> PipelineBoard:
    board = PipelineBoard(services, actor)
    qtbot.addWidget(board)
    board.resize(*size)
    with qtbot.waitSignal(board.loaded, timeout=5000):
        board.show()
    QTest.qWaitForWindowExposed(board)
    return board


def drag(board: PipelineBoard, card_id: str, target: str, steps: int = 8) -> None:
    """Press on the card, move in steps to the middle of the target column, release."""
    canvas = board.canvas
    start = canvas.card_center(card_id)
    end = canvas.column_rect(target).center()
    QTest.mousePress(canvas, LEFT, NONE, start)
    for i in range(1, steps + 1):
        QTest.mouseMove(canvas, QPoint(start.x() + (end.x() - start.x()) * i // steps,
                                       start.y() + (end.y() - start.y()) * i // steps))
    QTest.mouseRelease(canvas, LEFT, NONE, end)


def ids(board: PipelineBoard, stage: str) -> list[str]:
    return [c.id for c in board.canvas.column(stage).cards]


def stage_in_db(services: AppServices, t: Team, number: str) -> str:
    return services.opportunities.get(t.officer, number).card.stage


def test_drag_a_card_to_follow_up_moves_it_and_the_totals(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, team: Team) -> None:
    first = add(services, team, 0, 5_000_000, 30, action="زيارة المؤسسة", on=date.today() + timedelta(days=3))
    second = add(services, team, 1, 1_200_000, 50)
    board = make_board(qtbot, services, team.officer)
    canvas = board.canvas
    assert arabic_app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # The first stage is the rightmost column in Arabic.
    xs = [canvas.column_rect(s).x() for s in STAGES]
    assert xs == sorted(xs, reverse=True)
    assert ids(board, "identified") == [first.id, second.id]
    assert canvas.header_lines("identified")[2] == _("Total: {amount}").format(amount=amount_text(6_200_000))

    with qtbot.waitSignal(board.moved, timeout=5000) as moved:
        drag(board, first.id, "follow_up")
    assert moved.args[0].stage == "follow_up"
    # At once, before the board is read again: the card and both columns' figures moved.
    for stage, count, total, weighted in (("identified", 1, 1_200_000, 600_000),
                                          ("follow_up", 1, 5_000_000, 1_500_000)):
        column = canvas.column(stage)
        assert (column.count, column.total, column.weighted) == (count, total, weighted)
    assert ids(board, "follow_up") == [first.id]
    weighted_text = _("Weighted: {amount}").format(amount=amount_text(1_500_000))
    assert canvas.header_lines("follow_up")[3] == weighted_text
    assert stage_in_db(services, team, first.number) == "follow_up"
    timeline = services.opportunities.get(team.officer, first.number).timeline
    assert [(e.kind, e.from_value, e.to_value, e.user_name) for e in timeline if e.kind == "stage"] == [
        ("stage", "identified", "follow_up", "fundraiser")]
    # The background reload agrees with the local move.
    qtbot.waitUntil(lambda: not board.loading, timeout=5000)
    assert (canvas.column("follow_up").count, canvas.column("identified").count) == (1, 1)
    assert canvas.current_card() is not None and canvas.current_card().id == first.id  # type: ignore[union-attr]


def test_drop_on_cancelled_asks_the_reason(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, team: Team) -> None:
    card = add(services, team, 0, 3_000_000, 20)
    board = make_board(qtbot, services, team.officer)
    drag(board, card.id, "cancelled")
    dialog = board.active_dialog
    assert isinstance(dialog, CancelReasonDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.reason_edit.hasFocus)
    reason = "اعتذر المانح لارتباطه بمشروع آخر هذا العام"
    type_text(dialog.reason_edit, reason)
    with qtbot.waitSignal(board.moved, timeout=5000):
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return, CTRL)
    detail = services.opportunities.get(team.officer, card.number)
    assert (detail.card.stage, detail.cancel_reason) == ("cancelled", reason)
    assert ids(board, "cancelled") == [card.id] and ids(board, "identified") == []
    assert board.canvas.column("cancelled").total == 3_000_000


def test_going_back_in_the_dialog_changes_nothing(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, team: Team) -> None:
    card = add(services, team, 0, 3_000_000, 20)
    board = make_board(qtbot, services, team.officer)
    drag(board, card.id, "cancelled")
    dialog = board.active_dialog
    assert isinstance(dialog, CancelReasonDialog)
    qtbot.waitUntil(dialog.reason_edit.hasFocus)
    type_text(dialog.reason_edit, "سبب لن يحفظ")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: board.active_dialog is None)
    assert stage_in_db(services, team, card.number) == "identified"
    assert ids(board, "identified") == [card.id] and board.message.text() == ""


def test_refused_moves_show_the_sentence_and_change_nothing(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, team: Team) -> None:
    card = add(services, team, 0, 3_000_000, 20)
    board = make_board(qtbot, services, team.officer)
    before = [(c.count, c.total, c.weighted) for c in board.canvas.columns()]
    # "successful" from "identified": refused at once, no dialog.
    with qtbot.waitSignal(board.refused, timeout=5000) as refused:
        drag(board, card.id, "successful")
    sentence = _("Only a closed opportunity (a written commitment) can become successful.")
    assert refused.args == [sentence] and board.message.text() == sentence and board.message.isVisible()
    assert board.active_dialog is None
    # "cancelled" without a reason: the service refuses.
    drag(board, card.id, "cancelled")
    dialog = board.active_dialog
    assert isinstance(dialog, CancelReasonDialog)
    qtbot.waitUntil(dialog.reason_edit.hasFocus)
    with qtbot.waitSignal(board.refused, timeout=5000) as refused:
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return, CTRL)
    assert refused.args == [_("Write why the opportunity is cancelled.")]
    assert board.message.text() == _("Write why the opportunity is cancelled.")
    assert stage_in_db(services, team, card.number) == "identified"
    detail = services.opportunities.get(team.officer, card.number)
    assert [e.kind for e in detail.timeline] == ["created"] and detail.cancel_reason == ""
    assert ids(board, "identified") == [card.id] and not board.canvas.is_pending(card.id)
    assert [(c.count, c.total, c.weighted) for c in board.canvas.columns()] == before


def test_successful_asks_the_amount_in_any_digits_and_the_day(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, team: Team) -> None:
    card = add(services, team, 0, 5_000_000, 60)
    services.opportunities.move(team.officer, card.number, "closed")
    board = make_board(qtbot, services, team.officer)
    closed = board.canvas.column("closed").cards[0]
    drag(board, closed.id, "successful")
    dialog = board.active_dialog
    assert isinstance(dialog, ReceivedDialog)
    qtbot.waitUntil(dialog.amount_edit.hasFocus)
    dialog.amount_edit.selectAll()
    type_text(dialog.amount_edit, "٤٥٬٠٠٠")
    assert dialog.received_halalas() == 4_500_000
    assert dialog.hijri.text()  # the Hijri date beside the day
    with qtbot.waitSignal(board.moved, timeout=5000):
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    detail = services.opportunities.get(team.officer, card.number)
    assert (detail.card.stage, detail.received_halalas, detail.received_on) == (
        "successful", 4_500_000, date.today())
    column = board.canvas.column("successful")
    assert (column.count, column.total, column.weighted) == (1, 5_000_000, 5_000_000)  # probability 100
    # A successful opportunity is final: moving it back is refused.
    with qtbot.waitSignal(board.refused, timeout=5000) as refused:
        drag(board, card.id, "identified")
    assert refused.args == [_("A successful or cancelled opportunity does not move any more.")]


def test_keyboard_moves_follow_the_visual_direction(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, team: Team) -> None:
    card = add(services, team, 0, 2_000_000, 40)
    other = add(services, team, 1, 1_000_000, 10)
    services.opportunities.move(team.officer, other.number, "follow_up")
    board = make_board(qtbot, services, team.officer)
    canvas = board.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Down)  # nothing selected: the first card
    assert canvas.current_card() is not None and canvas.current_card().id == card.id  # type: ignore[union-attr]
    qtbot.keyClick(canvas, Qt.Key.Key_Left)  # right to left: the column on the left is the next stage
    assert canvas.current_card().id == other.id  # type: ignore[union-attr]
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.current_card().id == card.id  # type: ignore[union-attr]
    with qtbot.waitSignal(board.moved, timeout=5000):
        qtbot.keyClick(canvas, Qt.Key.Key_Left, CTRL)
    assert stage_in_db(services, team, card.number) == "follow_up"
    assert canvas.current_card().id == card.id  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not board.loading, timeout=5000)
    with qtbot.waitSignal(board.moved, timeout=5000):
        qtbot.keyClick(canvas, Qt.Key.Key_Right, CTRL)  # back to the first stage, on the right
    assert stage_in_db(services, team, card.number) == "identified"
    qtbot.waitUntil(lambda: not board.loading, timeout=5000)
    # The rightmost column has nothing further right: nothing happens.
    qtbot.keyClick(canvas, Qt.Key.Key_Right, CTRL)
    assert stage_in_db(services, team, card.number) == "identified" and board.message.text() == ""

    # English, left to right: Ctrl+Right is the next stage.
    apply_language(arabic_app, "en")
    assert canvas.column_rect("identified").x() < canvas.column_rect("follow_up").x()
    with qtbot.waitSignal(board.moved, timeout=5000):
        qtbot.keyClick(canvas, Qt.Key.Key_Right, CTRL)
    assert stage_in_db(services, team, card.number) == "follow_up"
    qtbot.waitUntil(lambda: not board.loading, timeout=5000)
    # Ctrl+Right twice more: closed, then successful asks the amount; going back changes nothing.
    with qtbot.waitSignal(board.moved, timeout=5000):
        qtbot.keyClick(canvas, Qt.Key.Key_Right, CTRL)
    qtbot.waitUntil(lambda: not board.loading, timeout=5000)
    qtbot.keyClick(canvas, Qt.Key.Key_Right, CTRL)
    assert isinstance(board.active_dialog, ReceivedDialog)
    board.active_dialog.reject()
    qtbot.waitUntil(lambda: board.active_dialog is None)
    assert stage_in_db(services, team, card.number) == "closed"


def test_weighted_totals_are_the_sums_of_the_cards_shown(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, team: Team) -> None:
    today = date.today()
    specs = [(1_000_001, 33), (2_500_050, 35), (700_003, 90), (333_333, 17), (99, 50), (1_234_567, 1)]
    cards = [add(services, team, n, amount, p, action="اتصال", on=today + timedelta(days=n - 2))
             for n, (amount, p) in enumerate(specs)]
    for card in cards[3:]:
        services.opportunities.move(team.officer, card.number, "follow_up")
    board = make_board(qtbot, services, team.officer)
    for stage in STAGES:
        column = board.canvas.column(stage)
        shown = column.cards
        assert column.count == len(shown)
        assert column.total == sum(c.expected_halalas for c in shown)
        assert column.weighted == sum(c.expected_halalas * c.probability // 100 for c in shown)
        assert board.canvas.header_lines(stage)[3] == _("Weighted: {amount}").format(
            amount=amount_text(column.weighted))
    assert [c.overdue for c in board.canvas.column("identified").cards] == [True, True, False]


def test_the_page_filters_the_board(qtbot: QtBot, arabic_app: QApplication, services: AppServices, team: Team,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_module, "LIST_MODULE", "ui.pipeline.no_such_list")  # the list is another part
    mine = add(services, team, 0, 1_000_000, 10)
    theirs = services.opportunities.add(team.other, team.programme.number, [team.donors[1]],
                                        expected_halalas=2_000_000).card
    page = PipelinePage(services, team.officer)
    qtbot.addWidget(page)
    page.resize(1500, 900)
    with qtbot.waitSignal(page.board.loaded, timeout=5000):
        page.show()
    qtbot.waitUntil(lambda: page.filters.owner_combo.count() > 1, timeout=5000)
    assert set(ids(page.board, "identified")) == {mine.id, theirs.id}
    with qtbot.waitSignal(page.board.loaded, timeout=5000):
        page.filters.choose(page.filters.owner_combo, team.other.name)
    assert ids(page.board, "identified") == [theirs.id]
    with qtbot.waitSignal(page.board.loaded, timeout=5000):
        page.filters.choose(page.filters.owner_combo, "")
    with qtbot.waitSignal(page.board.loaded, timeout=5000):
        type_text(page.filters.search_edit, mine.donors[0].name.split()[0])
    assert ids(page.board, "identified") == [mine.id]
    page.tabs.setCurrentIndex(1)
    assert isinstance(page.list_view, QLabel) and page.list_view.text()  # a notice while it is missing


def test_a_user_without_the_pipeline_sees_why(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, team: Team) -> None:
    board = make_board(qtbot, services, team.desk)
    assert board.message.text()
    assert all(c.count == 0 for c in board.canvas.columns())


def _screenshot_data(services: AppServices, t: Team) -> None:
    today = date.today()
    rows = [
        (0, 15_000_000, 20, "identified", "إرسال ملف البرنامج", today + timedelta(days=4)),
        (1, 4_500_000, 30, "identified", "اتصال للتعريف بالبرنامج", today - timedelta(days=2)),
        (2, 25_000_000, 10, "identified", "", None),
        (3, 8_000_000, 50, "follow_up", "زيارة مقر المؤسسة", today + timedelta(days=1)),
        (0, 12_000_000, 60, "follow_up", "عرض تقديمي لمجلس الأمناء", today - timedelta(days=6)),
        (1, 6_000_000, 80, "closed", "استلام خطاب الالتزام الموقع", today + timedelta(days=7)),
        (2, 3_000_000, 70, "successful", "", None),
        (3, 2_000_000, 20, "cancelled", "", None),
    ]
    for n, amount, p, stage, action, on in rows:
        card = add(services, t, n, amount, p, action=action, on=on)
        path = {"follow_up": ["follow_up"], "closed": ["closed"], "successful": ["closed", "successful"],
                "cancelled": ["cancelled"]}.get(stage, [])
        for target in path:
            services.opportunities.move(t.officer, card.number, target, reason="اعتذار المانح",
                                        received_halalas=amount, received_on=today)
    services.opportunities.add_donor(t.officer, "OP-TST-00001", t.donors[2])


def test_screenshots_right_to_left_and_english(
        qtbot: QtBot, arabic_app: QApplication, services: AppServices, team: Team,
        artifacts: Path) -> None:
    _screenshot_data(services, team)
    page = PipelinePage(services, team.officer)
    qtbot.addWidget(page)
    page.resize(1500, 860)
    with qtbot.waitSignal(page.board.loaded, timeout=5000):
        page.show()
    qtbot.waitUntil(lambda: page.filters.owner_combo.count() > 1, timeout=5000)
    canvas = page.board.canvas
    canvas.select(canvas.column("follow_up").cards[0].id)
    with qtbot.waitSignal(page.board.refused, timeout=5000):
        drag(page.board, canvas.column("identified").cards[0].id, "successful")
    page.grab().save(str(artifacts / "pipeline-board-ar.png"))
    # Mid-drag: the lifted card over the target column.
    start = canvas.card_center(canvas.column("identified").cards[1].id)
    end = canvas.column_rect("follow_up").center()
    QTest.mousePress(canvas, LEFT, NONE, start)
    for i in range(1, 6):
        QTest.mouseMove(canvas, QPoint(start.x() + (end.x() - start.x()) * i // 5, start.y() + 40 * i // 5))
    canvas.grab().save(str(artifacts / "pipeline-board-drag-ar.png"))
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    QTest.mouseRelease(canvas, LEFT, NONE, end)
    assert stage_in_db(services, team, canvas.column("identified").cards[1].number) == "identified"
    page.board.message.hide()
    apply_language(arabic_app, "en")
    with qtbot.waitSignal(page.board.loaded, timeout=5000):
        page.board.reload()
    page.grab().save(str(artifacts / "pipeline-board-en.png"))


def test_dialog_screenshots(qtbot: QtBot, arabic_app: QApplication,
                            services: AppServices, team: Team, artifacts: Path) -> None:
    card = add(services, team, 0, 4_500_000, 60)
    cancel = CancelReasonDialog(card)
    qtbot.addWidget(cancel)
    cancel.show()
    type_text(cancel.reason_edit, "اعتذر المانح لارتباطه بمشروع آخر")
    cancel.grab().save(str(artifacts / "pipeline-cancel-dialog-ar.png"))
    received = ReceivedDialog(card)
    qtbot.addWidget(received)
    received.show()
    received.grab().save(str(artifacts / "pipeline-received-dialog-ar.png"))
    assert received.received_halalas() == 4_500_000
