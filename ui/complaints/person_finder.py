"""Find the person in front of the desk as you type: a name, a mobile, a client number.

One line edit. A pause of :data:`DEBOUNCE_MS` after the last key asks
``services.complaints.find_people`` on the read pool; the matches (registered
clients first, then earlier quick contacts) drop down under the edit. The edit
keeps the focus throughout: Down and Up move in the list, Enter picks, Escape
closes it. A client picked shows as a chip "name – number" with a button to
clear it; an earlier contact picked is handed to the form (name and mobile).

The list is a child of the top-level window laid over the form rather than a
separate popup window: it never takes the keyboard, and it shows in screenshots.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.complaints.records import PersonMatch
from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from ui.common.ops import Op
from ui.complaints.labels import Vocab, ltr, person_line
from ui.theme import Colours

DEBOUNCE_MS = 150
MIN_CHARS = 2  # the search ignores shorter words
MAX_VISIBLE_ROWS = 7
MATCH_ROLE = Qt.ItemDataRole.UserRole + 1
_PICK_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PersonFinder(QWidget):
    """The person field of the intake form.

    Signals:
        picked(PersonMatch): a client (now shown as the chip) or an earlier contact was chosen.
        cleared: the chosen client was cleared; the form is a quick contact again.
        results_shown(int): matches for the current text arrived (how many).
    """

    picked = Signal(object)
    cleared = Signal()
    results_shown = Signal(int)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._vocab = Vocab()
        self._client: PersonMatch | None = None
        self._pick_first_on_result = False
        self._searched = ""

        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.edit.textEdited.connect(self._on_text_edited)

        self.chip = QFrame(self)
        self.chip.setObjectName("personChip")
        self.chip.setStyleSheet(
            f"QFrame#personChip {{ background: {Colours.ACCENT_SOFT}; border: 1px solid {Colours.ACCENT};"
            f" border-radius: 12px; }} QFrame#personChip QLabel {{ color: {Colours.ACCENT_DARK}; }}")
        self.chip_label = QLabel(self.chip)
        self.chip_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clear_button = QToolButton(self.chip)
        self.clear_button.setText("✕")
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clear)
        chip_layout = QHBoxLayout(self.chip)
        chip_layout.setContentsMargins(10, 2, 4, 2)
        chip_layout.addWidget(self.chip_label, 1)
        chip_layout.addWidget(self.clear_button)
        self.chip.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.chip)
        self.setFocusProxy(self.edit)

        # Laid over the window when shown (see the module docstring); never focused.
        self.popup = QListWidget(self)
        self.popup.setObjectName("personMatches")
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.popup.setStyleSheet(f"QListWidget#personMatches {{ background: {Colours.BASE}; "
                                 f"border: 1px solid {Colours.ACCENT}; }}")
        self.popup.itemClicked.connect(self._on_item_clicked)
        self.popup.hide()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)
        self.retranslate_ui()

    # --- public ---------------------------------------------------------------------
    @property
    def client(self) -> PersonMatch | None:
        """The registered client chosen, if any."""
        return self._client

    def text(self) -> str:
        return self.edit.text()

    def set_vocab(self, vocab: Vocab) -> None:
        self._vocab = vocab

    def retranslate_ui(self) -> None:
        self.edit.setPlaceholderText(_("Name, mobile or client number…"))
        self.clear_button.setToolTip(_("Clear: choose another person"))
        self.clear_button.setAccessibleName(_("Clear the person"))
        if self._client is not None:
            self._show_chip(self._client)

    def popup_visible(self) -> bool:
        return self.popup.isVisible()

    def matches(self) -> list[PersonMatch]:
        out = []
        for row in range(self.popup.count()):
            item = self.popup.item(row)
            match = item.data(MATCH_ROLE) if item is not None else None
            if isinstance(match, PersonMatch):
                out.append(match)
        return out

    def set_client(self, match: PersonMatch) -> None:
        self._client = match
        self._hide_popup()
        self.edit.clear()
        self._show_chip(match)

    @Slot()
    def clear(self) -> None:
        """Back to an empty search: the form is a quick contact again."""
        had_client = self._client is not None
        self._client = None
        self._timer.stop()
        self._hide_popup()
        self.chip.hide()
        self.edit.clear()
        self.edit.show()
        self.setFocusProxy(self.edit)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if had_client:
            self.cleared.emit()

    def reset(self) -> None:
        """For the next intake: nothing typed, nothing chosen, no signal."""
        self._client = None
        self._timer.stop()
        self._hide_popup()
        self.chip.hide()
        self.edit.clear()
        self.edit.show()
        self.setFocusProxy(self.edit)

    # --- events ---------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._on_key(event)
            if event.type() == QEvent.Type.FocusOut:
                self._pick_first_on_result = False
                self._hide_popup()
        return super().eventFilter(watched, event)

    def _on_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        visible = self.popup.isVisible()
        if key == Qt.Key.Key_Down:
            if visible:
                self._move(1)
            elif self.popup.count():
                self._show_popup()
            return True
        if key == Qt.Key.Key_Up and visible:
            self._move(-1)
            return True
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in _PICK_KEYS and plain:
            if visible and self.popup.currentItem() is not None:
                self._pick(self.popup.currentItem())
                return True
            if self._timer.isActive() or self._searched != self.edit.text().strip():
                # Typed faster than the search: take the first match when it arrives.
                self._pick_first_on_result = True
                self._timer.stop()
                self._search()
                return True
            return False
        if key == Qt.Key.Key_Escape and visible:
            self._hide_popup()
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._hide_popup()
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- searching ------------------------------------------------------------------
    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        self._pick_first_on_result = False
        if len(text.strip()) < MIN_CHARS:
            self._timer.stop()
            self._searched = text.strip()
            self.popup.clear()
            self._hide_popup()
            return
        self._timer.start()

    @Slot()
    def _search(self) -> None:
        text = self.edit.text().strip()
        if len(text) < MIN_CHARS:
            return
        services, actor = self._services, self._actor
        (Op(self, lambda: services.complaints.find_people(actor, text))
         .on_success(lambda found: self._on_found(text, found))
         .on_failure(self._on_failed)
         .run())

    def _on_found(self, text: str, found: list[PersonMatch]) -> None:
        if text != self.edit.text().strip() or self._client is not None:
            return  # the user typed on (or already chose): a later search answers
        self._searched = text
        self.popup.clear()
        for match in found:
            item = QListWidgetItem(person_line(match, self._vocab))
            item.setData(MATCH_ROLE, match)
            if match.kind == "client":
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            else:
                item.setForeground(QColor(Colours.MUTED))
            self.popup.addItem(item)
        if not found:
            empty = QListWidgetItem(_("No one found: write the name and mobile below."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            empty.setForeground(QColor(Colours.MUTED))
            self.popup.addItem(empty)
        if found and self._pick_first_on_result:
            self._pick_first_on_result = False
            self._pick(self.popup.item(0))
            return
        self._pick_first_on_result = False
        self.popup.setCurrentRow(0 if found else -1)
        if self.edit.hasFocus():
            self._show_popup()
        self.results_shown.emit(len(found))

    def _on_failed(self, error: UserError) -> None:
        self._pick_first_on_result = False
        self.popup.clear()
        item = QListWidgetItem(error.message)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setForeground(QColor(Colours.ERROR))
        self.popup.addItem(item)
        if self.edit.hasFocus():
            self._show_popup()

    # --- the list -----------------------------------------------------------------------
    def _move(self, step: int) -> None:
        rows = [r for r in range(self.popup.count())
                if (item := self.popup.item(r)) is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled]
        if not rows:
            return
        current = self.popup.currentRow()
        index = rows.index(current) + step if current in rows else 0
        self.popup.setCurrentRow(rows[max(0, min(len(rows) - 1, index))])

    def _show_popup(self) -> None:
        window = self.window()
        if self.popup.parentWidget() is not window:
            self.popup.setParent(window)
        row_height = max(self.popup.sizeHintForRow(0), self.edit.fontMetrics().height() + 8)
        rows = min(max(self.popup.count(), 1), MAX_VISIBLE_ROWS)
        frame = 2 * self.popup.frameWidth()
        top_left = self.edit.mapTo(window, QPoint(0, self.edit.height()))
        width = max(self.edit.width(), 320)
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            top_left.setX(top_left.x() + self.edit.width() - width)  # right edges aligned, as the text
        self.popup.setGeometry(max(0, top_left.x()), top_left.y(), width, rows * row_height + frame)
        self.popup.show()
        self.popup.raise_()

    def _hide_popup(self) -> None:
        self.popup.hide()

    @Slot(QListWidgetItem)
    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        self._pick(item)

    def _pick(self, item: QListWidgetItem | None) -> None:
        match = item.data(MATCH_ROLE) if item is not None else None
        if not isinstance(match, PersonMatch):
            return
        self._hide_popup()
        if match.kind == "client":
            self.set_client(match)
        else:
            self.edit.clear()
            self._searched = ""
        self.picked.emit(match)

    def _show_chip(self, match: PersonMatch) -> None:
        self.chip_label.setText(f"{match.name} – {ltr(match.client_number)}")
        self.edit.hide()
        self.chip.show()
        self.setFocusProxy(self.clear_button)
