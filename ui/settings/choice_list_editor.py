"""One editor for every list of choices: centres, channels, client kinds, categories.

Each entry is ``{"id", "ar", "en", "active"}`` (centres also ``"city"``).
Identifiers are never deleted, because records refer to them: removing a
saved entry deactivates it, and its identifier can only be typed while the
entry is new. Only an entry added since the last save is really removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from ui.common.widgets import LtrDelegate
from ui.settings.section import SectionEditor
from ui.theme import Colours

ORIGINAL_ROLE = Qt.ItemDataRole.UserRole  # on the id item: the stored dict, None for a new row
ID, AR, EN = 0, 1, 2
_EDITABLE = Qt.ItemFlag.ItemIsEditable
_BASE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ChoiceListEditor(SectionEditor):
    """A table of entries with Add, Remove (deactivate), Move up and Move down."""

    def __init__(self, key: str, with_city: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = (key,)
        self._with_city = with_city
        self._read_only = False
        self._filling = False
        self.city_column = 3 if with_city else -1
        self.active_column = 4 if with_city else 3

        self.table = QTableWidget(0, self.active_column + 1, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().setVisible(False)
        self._ltr = LtrDelegate(self.table)
        self.table.setItemDelegateForColumn(ID, self._ltr)
        # English names read left to right even in Arabic: "Walk-in (head office or centre)".
        self.table.setItemDelegateForColumn(EN, self._ltr)
        if with_city:
            self.table.setItemDelegateForColumn(self.city_column, self._ltr)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AR, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(EN, QHeaderView.ResizeMode.Stretch)

        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.up_button = QPushButton(self)
        self.down_button = QPushButton(self)
        self._hint = QLabel(self)
        self._hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._hint)
        self._connect_signals()
        self._update_buttons()
        self.retranslate_ui()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)

    def retranslate_ui(self) -> None:
        headers = [_("Identifier"), _("Arabic name"), _("English name")]
        if self._with_city:
            headers.append(_("City"))
        headers.append(_("Active"))
        self.table.setHorizontalHeaderLabels(headers)
        self.add_button.setText(_("Add"))
        self.remove_button.setText(_("Remove"))
        self.up_button.setText(_("Move up"))
        self.down_button.setText(_("Move down"))
        self._hint.setText(_("Saved entries are never deleted, because records refer to them: "
                             "removing one deactivates it, and its identifier cannot change."))

    # --- SectionEditor ------------------------------------------------------------
    def load(self, values: Mapping[str, Any]) -> None:
        self._filling = True
        try:
            self.table.setRowCount(0)
            for item in values[self.keys[0]]:
                self._append(item)
        finally:
            self._filling = False
        self._update_buttons()

    def values(self) -> dict[str, Any]:
        items = []
        for row in range(self.table.rowCount()):
            original = self._item(row, ID).data(ORIGINAL_ROLE) or {}
            entry: dict[str, Any] = {**original, "id": self._text(row, ID).strip(),
                                     "ar": self._text(row, AR).strip(), "en": self._text(row, EN).strip(),
                                     "active": self._item(row, self.active_column).checkState()
                                     == Qt.CheckState.Checked}
            if self._with_city:
                entry["city"] = self._text(row, self.city_column).strip()
            items.append(entry)
        return {self.keys[0]: items}

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setVisible(not read_only)
        self._hint.setVisible(not read_only)
        self.load(self.values())

    # --- rows ---------------------------------------------------------------------
    def _append(self, entry: Mapping[str, Any] | None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._set_row(row, entry, None)
        return row

    def _set_row(self, row: int, entry: Mapping[str, Any] | None,
                 cells: list[QTableWidgetItem] | None) -> None:
        """Fill ``row`` from a stored ``entry`` (or a blank new one), or put back taken ``cells``."""
        was_filling, self._filling = self._filling, True
        try:
            if cells is None:
                data = entry or {}
                texts = [str(data.get("id", "")), str(data.get("ar", "")), str(data.get("en", ""))]
                if self._with_city:
                    texts.append(str(data.get("city", "")))
                cells = [QTableWidgetItem(text) for text in texts]
                active = QTableWidgetItem()
                active.setCheckState(Qt.CheckState.Checked if data.get("active", True)
                                     else Qt.CheckState.Unchecked)
                cells.append(active)
                cells[ID].setData(ORIGINAL_ROLE, dict(entry) if entry is not None else None)
            saved = cells[ID].data(ORIGINAL_ROLE) is not None
            for column, cell in enumerate(cells):
                cell.setFlags(self._flags(column, saved))
                self.table.setItem(row, column, cell)
            self._paint_row(row)
        finally:
            self._filling = was_filling

    def _flags(self, column: int, saved: bool) -> Qt.ItemFlag:
        if self._read_only:
            return _BASE
        if column == self.active_column:
            return _BASE | Qt.ItemFlag.ItemIsUserCheckable
        if column == ID and saved:
            return _BASE
        return _BASE | _EDITABLE

    def _paint_row(self, row: int) -> None:
        """Inactive entries are greyed out; active ones keep the view's own colours."""
        active = self._item(row, self.active_column).checkState() == Qt.CheckState.Checked
        brush = None if active else QBrush(QColor(Colours.MUTED))
        for column in range(self.active_column):
            self._item(row, column).setData(Qt.ItemDataRole.ForegroundRole, brush)

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None
        return item

    def _text(self, row: int, column: int) -> str:
        return self._item(row, column).text()

    def _take_row(self, row: int) -> list[QTableWidgetItem]:
        cells = []
        for column in range(self.table.columnCount()):
            cell = self.table.takeItem(row, column)
            assert cell is not None
            cells.append(cell)
        return cells

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        first, second = self._take_row(row), self._take_row(target)
        self._set_row(row, None, second)
        self._set_row(target, None, first)
        self.table.setCurrentCell(target, max(self.table.currentColumn(), 0))
        self.edited.emit()

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        selected = row >= 0 and bool(self.table.selectedItems())
        self.remove_button.setEnabled(selected)
        self.up_button.setEnabled(selected and row > 0)
        self.down_button.setEnabled(selected and row < self.table.rowCount() - 1)

    # --- slots --------------------------------------------------------------------
    @Slot()
    def _on_add_button_clicked(self) -> None:
        row = self._append(None)
        self.table.setCurrentCell(row, ID)
        self.table.scrollToItem(self._item(row, ID))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.editItem(self._item(row, ID))
        self.edited.emit()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        if self._item(row, ID).data(ORIGINAL_ROLE) is None:
            self.table.removeRow(row)
        else:
            self._item(row, self.active_column).setCheckState(Qt.CheckState.Unchecked)
        self._update_buttons()
        self.edited.emit()

    @Slot()
    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    @Slot()
    def _on_down_button_clicked(self) -> None:
        self._move(1)

    @Slot(QTableWidgetItem)
    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        if item.column() == self.active_column:
            self._filling = True
            try:
                self._paint_row(item.row())
            finally:
                self._filling = False
        self.edited.emit()

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        self._update_buttons()
