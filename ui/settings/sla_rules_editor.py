"""Response deadlines: for each type (and priority), working days to study and to answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QLocale, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import digit_style
from app.i18n import _
from app.text.digits import localize_digits
from ui.common.widgets import DigitSpinBox
from ui.settings.labels import COMPLAINT_TYPES, PRIORITIES, label
from ui.settings.section import SectionEditor

TYPE, PRIORITY, STUDY, ANSWER = range(4)
MAX_DAYS = 365
IDENT_ROLE = Qt.ItemDataRole.UserRole

_Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """Edits an identifier with a combo box of translated labels."""

    def __init__(self, labels: dict[str, str], parent: QWidget) -> None:
        super().__init__(parent)
        self._labels = labels

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        combo = QComboBox(parent)
        idents = list(self._labels)
        current = str(index.data(IDENT_ROLE))
        if current not in idents:
            idents.append(current)  # an identifier the list does not know: kept as stored
        for ident in idents:
            combo.addItem(label(self._labels, ident), ident)
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(IDENT_ROLE)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), IDENT_ROLE)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class DaysDelegate(QStyledItemDelegate):
    """Shows a number of days in the digits of the settings; edits it with any digits."""

    def displayText(self, value: Any, locale: QLocale | QLocale.Language) -> str:
        return localize_digits(str(value), digit_style())

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        spin = DigitSpinBox(parent)
        spin.setRange(0, MAX_DAYS)
        return spin

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, DigitSpinBox)
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        assert isinstance(editor, DigitSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class SlaRulesEditor(SectionEditor):
    """A table of rules: type, priority, days to study and days to answer."""

    keys = ("sla_rules",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self.table = QTableWidget(0, 4, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self._edit_triggers = (QAbstractItemView.EditTrigger.DoubleClicked
                               | QAbstractItemView.EditTrigger.SelectedClicked
                               | QAbstractItemView.EditTrigger.EditKeyPressed
                               | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setEditTriggers(self._edit_triggers)
        self.table.setItemDelegateForColumn(TYPE, ChoiceDelegate(COMPLAINT_TYPES, self.table))
        self.table.setItemDelegateForColumn(PRIORITY, ChoiceDelegate(PRIORITIES, self.table))
        days = DaysDelegate(self.table)
        self.table.setItemDelegateForColumn(STUDY, days)
        self.table.setItemDelegateForColumn(ANSWER, days)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self._hint = QLabel(self)
        self._hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._hint)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [_("Type"), _("Priority"), _("Days to study"), _("Days to answer")])
        self.add_button.setText(_("Add a rule"))
        self.remove_button.setText(_("Remove the rule"))
        self._hint.setText(_("Working days, counted after the day of receipt. A rule for a particular "
                             "priority takes precedence over the rule for any priority."))
        self._filling = True
        try:
            for row in range(self.table.rowCount()):
                for column, labels in ((TYPE, COMPLAINT_TYPES), (PRIORITY, PRIORITIES)):
                    item = self._item(row, column)
                    item.setText(label(labels, str(item.data(IDENT_ROLE))))
        finally:
            self._filling = False

    # --- SectionEditor ------------------------------------------------------------
    def load(self, values: Mapping[str, Any]) -> None:
        self._filling = True
        try:
            self.table.setRowCount(0)
            for rule in values["sla_rules"]:
                self._append(rule)
        finally:
            self._filling = False

    def values(self) -> dict[str, Any]:
        rules = []
        for row in range(self.table.rowCount()):
            rules.append({
                "type": self._item(row, TYPE).data(IDENT_ROLE),
                "priority": self._item(row, PRIORITY).data(IDENT_ROLE),
                "study_days": int(self._item(row, STUDY).data(Qt.ItemDataRole.EditRole)),
                "answer_days": int(self._item(row, ANSWER).data(Qt.ItemDataRole.EditRole)),
            })
        return {"sla_rules": rules}

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only
                                   else self._edit_triggers)
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)

    # --- rows ---------------------------------------------------------------------
    def _append(self, rule: Mapping[str, Any]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, labels, field in ((TYPE, COMPLAINT_TYPES, "type"), (PRIORITY, PRIORITIES, "priority")):
            ident = str(rule.get(field, "*"))
            item = QTableWidgetItem(label(labels, ident))
            item.setData(IDENT_ROLE, ident)
            self.table.setItem(row, column, item)
        for column, field in ((STUDY, "study_days"), (ANSWER, "answer_days")):
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.EditRole, int(rule.get(field, 0)))
            self.table.setItem(row, column, item)
        return row

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None
        return item

    # --- slots --------------------------------------------------------------------
    @Slot()
    def _on_add_button_clicked(self) -> None:
        self._filling = True
        try:
            row = self._append({"type": "complaint", "priority": "*", "study_days": 1, "answer_days": 3})
        finally:
            self._filling = False
        self.table.setCurrentCell(row, TYPE)
        self.table.editItem(self._item(row, TYPE))
        self.edited.emit()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.edited.emit()

    @Slot(QTableWidgetItem)
    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self.edited.emit()
