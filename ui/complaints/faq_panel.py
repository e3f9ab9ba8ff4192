"""The frequent questions beside the intake form: search, read the approved answer, use it.

The list comes from ``services.complaints.faq(text)`` (the ``faq`` setting,
active entries only) on the read pool, searched as you type with the same
Arabic normalisation as everything else. Enter in the search box or the list,
a double click, or the button hands the chosen entry to the form.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.complaints.faq import FaqEntry
from app.i18n import _
from app.services.app_services import AppServices
from ui.common.ops import Op
from ui.theme import Colours

DEBOUNCE_MS = 150
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FaqPanel(QWidget):
    """Signals:
        chosen(FaqEntry): the user wants this approved answer in the form.
        loaded(int): the list was (re)filled; how many entries it shows.
    """

    chosen = Signal(object)
    loaded = Signal(int)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.title = QLabel(self)
        self.title.setObjectName("faqTitle")
        self.title.setStyleSheet(f"QLabel#faqTitle {{ color: {Colours.ACCENT_DARK}; font-weight: bold; }}")
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.installEventFilter(self)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemDoubleClicked.connect(self._on_item_double_clicked)
        self.answer = QLabel(self)
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
        self.answer.setMinimumHeight(72)
        self.answer.setObjectName("faqAnswer")
        self.answer.setStyleSheet(f"QLabel#faqAnswer {{ background: {Colours.BASE}; border: 1px solid "
                                  f"{Colours.BORDER}; border-radius: 4px; padding: 6px; }}")
        self.use_button = QPushButton(self)
        self.use_button.setAutoDefault(False)
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.choose_current)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.answer, 2)
        layout.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignTrailing)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _text: self._timer.start())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(_("Frequent questions"))
        self.search.setPlaceholderText(_("Search the questions and answers (F2)"))
        self.use_button.setText(_("&Use this answer"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self.refresh()  # the entries are in the language of the moment
        super().changeEvent(event)

    @Slot()
    def refresh(self) -> None:
        text = self.search.text()
        services = self._services
        Op(self, lambda: services.complaints.faq(text)).on_success(
            lambda found: self._fill(text, found)).run()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current(self) -> FaqEntry | None:
        item = self.list.currentItem()
        entry = item.data(ENTRY_ROLE) if item is not None else None
        return entry if isinstance(entry, FaqEntry) else None

    @Slot()
    def choose_current(self) -> None:
        entry = self.current()
        if entry is not None:
            self.chosen.emit(entry)

    def _fill(self, text: str, found: list[FaqEntry]) -> None:
        if text != self.search.text():
            return  # typed on: the next search answers
        self.list.clear()
        for entry in found:
            item = QListWidgetItem(entry.question)
            item.setData(ENTRY_ROLE, entry)
            item.setToolTip(entry.answer)
            self.list.addItem(item)
        if not found:
            none = QListWidgetItem(_("No question matches."))
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(none)
        else:
            self.list.setCurrentRow(0)
        self._on_current_changed(self.list.currentItem(), None)
        self.loaded.emit(len(found))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in _ENTER and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                if self._timer.isActive():
                    self._timer.stop()
                    self.refresh()
                    return True
                self.choose_current()
                return True
            if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.count():
                row = self.list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.list.setCurrentRow(max(0, min(self.list.count() - 1, row)))
                return True
        return super().eventFilter(watched, event)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        entry = current.data(ENTRY_ROLE) if current is not None else None
        if isinstance(entry, FaqEntry):
            self.answer.setText(entry.answer)
            self.use_button.setEnabled(True)
        else:
            self.answer.clear()
            self.use_button.setEnabled(False)

    @Slot(QListWidgetItem)
    def _on_item_double_clicked(self, item: QListWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self.choose_current()
