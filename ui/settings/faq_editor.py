"""The frequent questions and their approved answers (setting ``faq``).

The complaints desk searches these from the intake form, and an inquiry
answered from one of them records its identifier, so a saved question is
never deleted: removing it deactivates it (only a question added since the
last save is really removed). Questions are edited one at a time in
:class:`FaqDialog`; the table lists them in the order the desk sees them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.text.bidi import isolate_embedded, isolate_ltr
from ui.common.widgets import select_row
from ui.settings.faq_dialog import ANSWER_AR, ANSWER_EN, KEY, QUESTION_AR, QUESTION_EN, FaqDialog
from ui.settings.section import SectionEditor
from ui.settings.widgets import text_box
from ui.theme import Colours

AR, EN, ACTIVE = 0, 1, 2
_RLI, _PDI = "\u2067", "\u2069"


class _IsolatedDelegate(QStyledItemDelegate):
    """Shows a cell as one unit of its own language, so that the trailing ``?`` of an English
    question stays at its end in a right-to-left table (and ``؟`` at the end of an Arabic one
    in a left-to-right table)."""

    def __init__(self, rtl: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self._rtl = rtl

    def displayText(self, value: Any, locale: QLocale | QLocale.Language) -> str:
        text = "" if value is None else str(value)
        if not text:
            return ""
        return f"{_RLI}{isolate_embedded(text)}{_PDI}" if self._rtl else isolate_ltr(text)


def new_id(taken: set[str]) -> str:
    """An identifier for a new question: stable once saved, never typed by anyone."""
    while True:
        ident = f"faq-{uuid.uuid4().hex[:8]}"
        if ident not in taken:
            return ident


class FaqEditor(SectionEditor):
    """A table of questions with Add, Edit, Remove (deactivate), Move up and Move down,
    and the selected question's answers below it."""

    keys = (KEY,)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[dict[str, Any]] = []
        self._saved_ids: set[str] = set()
        self._read_only = False
        self._filling = False
        self.dialog: FaqDialog | None = None
        self._dialog_row = -1

        self.table = QTableWidget(0, 3, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        # Kept referenced: the view does not own its delegates, and their Python overrides must live.
        self._delegates = (_IsolatedDelegate(True, self.table), _IsolatedDelegate(False, self.table))
        self.table.setItemDelegateForColumn(AR, self._delegates[0])
        self.table.setItemDelegateForColumn(EN, self._delegates[1])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ACTIVE, QHeaderView.ResizeMode.ResizeToContents)

        self.add_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.up_button = QPushButton(self)
        self.down_button = QPushButton(self)
        buttons = QHBoxLayout()
        for button in self._buttons():
            buttons.addWidget(button)
        buttons.addStretch(1)

        # The selected question's answers, each in its own direction.
        self.answer_ar_view = self._answer_view(Qt.LayoutDirection.RightToLeft)
        self.answer_en_view = self._answer_view(Qt.LayoutDirection.LeftToRight)
        self._answer_ar_label = QLabel(self)
        self._answer_en_label = QLabel(self)
        answers = QGridLayout()  # side by side, Arabic on the start side
        answers.addWidget(self._answer_ar_label, 0, 0)
        answers.addWidget(self._answer_en_label, 0, 1)
        answers.addWidget(self.answer_ar_view, 1, 0)
        answers.addWidget(self.answer_en_view, 1, 1)
        self._hint = QLabel(self)
        self._hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addLayout(answers)
        layout.addWidget(self._hint)
        self._connect_signals()
        self._update_buttons()
        self.retranslate_ui()

    def _answer_view(self, direction: Qt.LayoutDirection) -> QPlainTextEdit:
        # Answers run to several lines: a read-only box of a few lines that scrolls.
        view = text_box(self, direction)
        view.setReadOnly(True)
        view.setFixedHeight(view.fontMetrics().lineSpacing() * 3 + 2 * view.frameWidth() + 8)
        return view

    def _buttons(self) -> tuple[QPushButton, ...]:
        return self.add_button, self.edit_button, self.remove_button, self.up_button, self.down_button

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.table.activated.connect(self._on_table_activated)  # Enter or a double click
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Question in Arabic"), _("Question in English"),
                                              _("Active")])
        self.add_button.setText(_("Add…"))
        self.edit_button.setText(_("Edit…"))
        self.remove_button.setText(_("Remove"))
        self.up_button.setText(_("Move up"))
        self.down_button.setText(_("Move down"))
        self._answer_ar_label.setText(_("Answer in Arabic:"))
        self._answer_en_label.setText(_("Answer in English:"))
        self._hint.setText(_("The intake form offers the active questions in this order. Saved "
                             "questions are never deleted, because answered inquiries refer to them: "
                             "removing one deactivates it."))

    # --- SectionEditor ------------------------------------------------------------
    def load(self, values: Mapping[str, Any]) -> None:
        self._entries = [dict(entry) for entry in values[KEY]]
        self._saved_ids = {str(entry["id"]) for entry in self._entries}
        self._fill()

    def values(self) -> dict[str, Any]:
        return {KEY: [dict(entry) for entry in self._entries]}

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for button in self._buttons():
            button.setVisible(not read_only)
        self._hint.setVisible(not read_only)
        self._fill()

    def focus_field(self, field: str | None) -> None:
        """The service refused the list: select the first question it can have refused."""
        if field != KEY:
            return
        for row, entry in enumerate(self._entries):
            if not str(entry.get(QUESTION_AR, "")).strip() or not str(entry.get(ANSWER_AR, "")).strip():
                select_row(self.table, row)
                break
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- table --------------------------------------------------------------------
    def _fill(self, current: int | None = None) -> None:
        row_to_select = self.table.currentRow() if current is None else current
        self._filling = True
        try:
            self.table.setRowCount(len(self._entries))
            for row, entry in enumerate(self._entries):
                active = bool(entry.get("active", True))
                cells = [QTableWidgetItem(str(entry.get(QUESTION_AR, ""))),
                         QTableWidgetItem(str(entry.get(QUESTION_EN, ""))), QTableWidgetItem()]
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                cells[ACTIVE].setFlags(flags if self._read_only else flags | Qt.ItemFlag.ItemIsUserCheckable)
                cells[ACTIVE].setCheckState(Qt.CheckState.Checked if active else Qt.CheckState.Unchecked)
                for column, cell in enumerate(cells):
                    if column != ACTIVE:
                        cell.setFlags(flags)
                        cell.setToolTip(cell.text())
                    self.table.setItem(row, column, cell)
                self._paint_row(row)
        finally:
            self._filling = False
        if 0 <= row_to_select < len(self._entries):
            select_row(self.table, row_to_select)
        self._on_table_item_selection_changed()

    def _paint_row(self, row: int) -> None:
        """Inactive questions are greyed out; active ones keep the view's own colours."""
        active = bool(self._entries[row].get("active", True))
        brush = None if active else QBrush(QColor(Colours.MUTED))
        for column in (AR, EN):
            cell = self.table.item(row, column)
            if cell is not None:
                cell.setData(Qt.ItemDataRole.ForegroundRole, brush)

    def _current(self) -> int:
        row = self.table.currentRow()
        return row if 0 <= row < len(self._entries) and self.table.selectedItems() else -1

    def _move(self, step: int) -> None:
        row = self._current()
        target = row + step
        if row < 0 or not 0 <= target < len(self._entries):
            return
        self._entries[row], self._entries[target] = self._entries[target], self._entries[row]
        self._fill(target)
        self.edited.emit()

    def _update_buttons(self) -> None:
        row = self._current()
        selected = row >= 0
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)
        self.up_button.setEnabled(selected and row > 0)
        self.down_button.setEnabled(selected and row < len(self._entries) - 1)

    def open_dialog(self, row: int) -> None:
        """Edit question ``row`` (-1 for a new one) in a window-modal dialog."""
        if row >= 0:
            entry = self._entries[row]
        else:
            entry = {"id": new_id({str(e["id"]) for e in self._entries}), QUESTION_AR: "", QUESTION_EN: "",
                     ANSWER_AR: "", ANSWER_EN: "", "active": True}
        self._dialog_row = row
        self.dialog = FaqDialog(entry, self)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()

    # --- slots --------------------------------------------------------------------
    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.open_dialog(-1)

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        if self._current() >= 0:
            self.open_dialog(self._current())

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if not self._read_only and index.column() != ACTIVE:
            self.open_dialog(index.row())

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        row = self._current()
        if row < 0:
            return
        if str(self._entries[row]["id"]) in self._saved_ids:
            self._entries[row]["active"] = False
            self._fill(row)
        else:
            del self._entries[row]
            self._fill(min(row, len(self._entries) - 1))
        self.edited.emit()

    @Slot()
    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    @Slot()
    def _on_down_button_clicked(self) -> None:
        self._move(1)

    @Slot(QTableWidgetItem)
    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != ACTIVE:
            return
        self._entries[item.row()]["active"] = item.checkState() == Qt.CheckState.Checked
        self._filling = True
        try:
            self._paint_row(item.row())
        finally:
            self._filling = False
        self.edited.emit()

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        self._update_buttons()
        row = self._current()
        entry = self._entries[row] if row >= 0 else {}
        # Phone numbers and the like keep their groups in order inside the Arabic text.
        self.answer_ar_view.setPlainText(isolate_embedded(str(entry.get(ANSWER_AR, ""))))
        self.answer_en_view.setPlainText(str(entry.get(ANSWER_EN, "")))

    @Slot(int)
    def _on_dialog_finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        entry = dialog.entry() if result == QDialog.DialogCode.Accepted.value else None
        dialog.deleteLater()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if entry is None:
            return
        if self._dialog_row >= 0:
            self._entries[self._dialog_row] = entry
            row = self._dialog_row
        else:
            self._entries.append(entry)
            row = len(self._entries) - 1
        self._fill(row)
        shown = self.table.item(row, AR)
        if shown is not None:
            self.table.scrollToItem(shown)
        self.edited.emit()
