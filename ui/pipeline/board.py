"""The pipeline board (لوحة الفرص): the kanban of opportunities by stage, right to left in Arabic.

:class:`PipelineBoard` loads ``services.opportunities.board`` for the page's
:class:`~app.pipeline.records.BoardQuery` in the background (only the newest answer is shown),
and turns a drop or a Ctrl+Left/Right on the canvas (:mod:`ui.pipeline.board_canvas`) into
``services.opportunities.move`` on the write pool:

- a move the rules cannot allow whatever is typed (``successful`` from ``identified``, out of a
  final stage) is refused at once with the rules' own sentence, without asking anything;
- "cancelled" first asks for the reason, "successful" for the amount and the day received
  (:mod:`ui.pipeline.move_dialogs`); going back in the dialog changes nothing;
- the service decides: a refusal shows its one sentence in the message bar above the columns
  and the card stays; an accepted move moves the card at once, corrects the two columns'
  counts and totals, then the board is read again in the background.

Double-clicking a card (or Enter) opens the opportunity form when that form is installed.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _
from app.pipeline.records import Board, BoardQuery, Card
from app.pipeline.rules import check_move
from app.services.app_services import AppServices
from app.services.context import Actor
from ui.common.ops import Op
from ui.pipeline.board_canvas import BoardCanvas
from ui.pipeline.move_dialogs import CancelReasonDialog, ReceivedDialog
from ui.theme import Colours

log = logging.getLogger("sila.ui")

BOARD_LIMIT = 200
DIALOG_MODULE = "ui.pipeline.opportunity_dialog"


def module_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


class MessageBar(QFrame):
    """One sentence above the columns (a refused move, a failed load), until closed or replaced."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardMessage")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        self.hide()

    def show_message(self, text: str, *, error: bool = True) -> None:
        colour, background = ((Colours.ERROR, "#fdecea") if error
                              else (Colours.ACCENT_DARK, Colours.ACCENT_SOFT))
        self.setStyleSheet(f"QFrame#boardMessage {{ background: {background}; border: 1px solid {colour}; "
                           f"border-radius: 6px; }} QFrame#boardMessage QLabel {{ color: {colour}; "
                           f"font-weight: bold; }}")
        self.label.setText(text)
        self.close_button.setToolTip(_("Close"))
        self.show()

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""


class PipelineBoard(QWidget):
    """Signals: loaded (a board arrived and is shown), moved(Card) (the service accepted a move),
    refused(str) (its sentence), changed (something was written)."""

    loaded = Signal()
    moved = Signal(object)
    refused = Signal(str)
    changed = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None, *,
                 query: BoardQuery | None = None, autoload: bool = True) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._query = query or BoardQuery()
        self._generation = 0
        self.loading = False
        self.active_dialog: QDialog | None = None
        self.message = MessageBar(self)
        self.canvas = BoardCanvas(self, limit=BOARD_LIMIT)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll_area, 1)
        self.canvas.move_requested.connect(self.request_move)
        self.canvas.open_requested.connect(self.open_opportunity)
        self.setFocusProxy(self.canvas)
        if autoload:
            self.reload()

    # --- loading ---------------------------------------------------------------------------------
    def query(self) -> BoardQuery:
        return self._query

    def set_query(self, query: BoardQuery) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Read the board for the current query; an older answer arriving later is dropped."""
        self._generation += 1
        generation, query = self._generation, self._query
        services, actor = self._services, self._actor
        self.loading = True
        (Op(self, lambda: services.opportunities.board(actor, query, BOARD_LIMIT))
         .on_success(lambda board: self._loaded(generation, board))
         .on_failure(lambda error: self._load_failed(generation, error))
         .run())

    def _loaded(self, generation: int, board: Board) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.canvas.set_board(board)
        self.loaded.emit()

    def _load_failed(self, generation: int, error: UserError) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.message.show_message(error.message)
        self.loaded.emit()

    # --- moving ----------------------------------------------------------------------------------
    @Slot(object, str)
    def request_move(self, card: Card, target: str) -> None:
        """Move ``card`` to ``target`` under the service's rules, asking first what the stage needs."""
        if card.stage == target or self.canvas.is_pending(card.id) or self.active_dialog is not None:
            return
        try:  # what no answer in a dialog could make acceptable is refused before asking
            check_move(card.stage, target, reason="-", received_halalas=1, received_on=date.today())
        except UserError as error:
            self._refuse(error.message)
            return
        if target == "cancelled":
            cancel = CancelReasonDialog(card, self)
            cancel.accepted.connect(lambda: self._move(card, target, reason=cancel.reason()))
            self._ask(cancel)
        elif target == "successful":
            received = ReceivedDialog(card, self)
            received.accepted.connect(lambda: self._move(card, target, received_on=received.received_on(),
                                                         received_halalas=received.received_halalas()))
            self._ask(received)
        else:
            self._move(card, target)

    def _ask(self, dialog: QDialog) -> None:
        self.active_dialog = dialog
        dialog.finished.connect(lambda _result: self._asked(dialog))
        dialog.open()

    def _asked(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        dialog.deleteLater()
        self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)

    def _move(self, card: Card, target: str, **details: Any) -> None:
        services, actor = self._services, self._actor
        self.canvas.set_pending(card.id, True)
        (Op(self, lambda: services.opportunities.move(actor, card.number, target, **details), write=True)
         .on_success(lambda moved: self._moved(card, moved))
         .on_failure(lambda error: self._move_refused(card, error))
         .run())

    def _moved(self, old: Card, new: Card) -> None:
        self.message.hide()
        self.canvas.move_card(old, new)
        self.moved.emit(new)
        self.changed.emit()
        self.reload()

    def _move_refused(self, card: Card, error: UserError) -> None:
        self.canvas.set_pending(card.id, False)
        self._refuse(error.message)

    def _refuse(self, sentence: str) -> None:
        self.message.show_message(sentence)
        self.refused.emit(sentence)

    # --- the opportunity form --------------------------------------------------------------------
    @Slot(str)
    def open_opportunity(self, number: str) -> None:
        try:
            dialog_class = importlib.import_module(DIALOG_MODULE).OpportunityDialog
        except (ImportError, AttributeError) as exc:
            log.info("pipeline: the opportunity form is not available: %s", exc)
            self.message.show_message(_("The opportunity form is not available in this version."),
                                      error=False)
            return
        dialog: QDialog = dialog_class(self._services, self._actor, number, self)
        for name in ("saved", "changed"):  # saved the form; moved or logged a contact from it
            signal = getattr(dialog, name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(self._saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @Slot()
    def _saved(self, *_args: object) -> None:
        self.changed.emit()
        self.reload()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.canvas.update()
        super().changeEvent(event)
