"""The working calendar: which weekdays are worked, and the holidays.

Deadlines (SLA rules) are counted in working days, so both sections say how
they affect them. The next occurrence of each holiday is shown Hijri beside
Gregorian, computed by the same :class:`WorkCalendar` the deadlines use.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import digit_style, format_dual, format_gregorian, gregorian_month_name
from app.calendars.hijri import hijri_month_name
from app.calendars.workdays import HolidayRule, WorkCalendar
from app.i18n import _, ngettext
from app.text.digits import localize_digits
from ui.common.widgets import select_row
from ui.settings.holiday_dialog import HolidayDialog
from ui.settings.labels import HOLIDAY_KINDS, WEEK_ORDER, label, weekday_name
from ui.settings.section import SectionEditor


class WorkingWeekEditor(SectionEditor):
    """Seven check boxes, Sunday first; the days left unchecked are the weekend."""

    keys = ("working_week",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day_boxes: dict[int, QCheckBox] = {}
        row = QHBoxLayout()
        for weekday in WEEK_ORDER:
            box = QCheckBox(self)
            box.toggled.connect(self._on_day_box_toggled)
            self.day_boxes[weekday] = box
            row.addWidget(box)
        row.addStretch(1)
        self._hint = QLabel(self)
        self._hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self._hint)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        for weekday, box in self.day_boxes.items():
            box.setText(weekday_name(weekday))
        self._hint.setText(_("Days left unchecked are the weekend: deadlines are counted in working "
                             "days only."))

    def load(self, values: Mapping[str, Any]) -> None:
        working = set(values["working_week"])
        for weekday, box in self.day_boxes.items():
            box.blockSignals(True)
            box.setChecked(weekday in working)
            box.blockSignals(False)

    def values(self) -> dict[str, Any]:
        return {"working_week": [d for d in WEEK_ORDER if self.day_boxes[d].isChecked()]}

    def set_read_only(self, read_only: bool) -> None:
        for box in self.day_boxes.values():
            box.setEnabled(not read_only)

    @Slot(bool)
    def _on_day_box_toggled(self, _checked: bool) -> None:
        self.edited.emit()


def next_occurrence(rule: HolidayRule, today: date) -> date | None:
    """The first day of ``rule`` on or after ``today`` (None for a closure already past)."""
    if rule.kind == "fixed":
        assert rule.start is not None and rule.end is not None
        return None if rule.end < today else max(rule.start, today)
    calendar = WorkCalendar(weekend=(), holidays=[rule])
    days = calendar.holidays_between(today, today + timedelta(days=800))
    return days[0][0] if days else None


def describe(rule: HolidayRule) -> str:
    """When the rule falls: ``1 Shawwal, 4 days`` / ``23 September, 1 day`` / ``1/1/2026 – 3/1/2026``."""
    if rule.kind == "fixed":
        assert rule.start is not None and rule.end is not None
        if rule.start == rule.end:
            return format_gregorian(rule.start)
        return _("{start} to {end}").format(start=format_gregorian(rule.start),
                                            end=format_gregorian(rule.end))
    month = hijri_month_name(rule.month) if rule.kind == "hijri_annual" else gregorian_month_name(rule.month)
    length = ngettext("{n} day", "{n} days", rule.length_days).format(n=rule.length_days)
    text = _("{day} {month}, {length}").format(day=rule.day, month=month, length=length)
    return localize_digits(text, digit_style())


class HolidaysEditor(SectionEditor):
    """The holiday rules as a table, edited one at a time in :class:`HolidayDialog`."""

    keys = ("holidays",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rules: list[dict[str, Any]] = []
        self.dialog: HolidayDialog | None = None
        self._dialog_row = -1
        self.table = QTableWidget(0, 4, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self._hint = QLabel(self)
        self._hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._hint)
        self._read_only = False
        self._connect_signals()
        self.retranslate_ui()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.table.itemDoubleClicked.connect(self._on_table_item_double_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Name"), _("Kind"), _("When"), _("Next time")])
        self.add_button.setText(_("Add…"))
        self.edit_button.setText(_("Edit…"))
        self.remove_button.setText(_("Remove"))
        self._hint.setText(_("Hijri holidays follow the Umm al-Qura calendar; when the moon sighting "
                             "moves a holiday, add a one-off closure for that year."))
        self._fill()

    # --- SectionEditor ------------------------------------------------------------
    def load(self, values: Mapping[str, Any]) -> None:
        self._rules = [dict(rule) for rule in values["holidays"]]
        self._fill()

    def values(self) -> dict[str, Any]:
        return {"holidays": [dict(rule) for rule in self._rules]}

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setVisible(not read_only)
        self._hint.setVisible(not read_only)

    # --- table --------------------------------------------------------------------
    def _fill(self) -> None:
        current = self.table.currentRow()
        today = date.today()
        self.table.setRowCount(len(self._rules))
        for row, data in enumerate(self._rules):
            rule = HolidayRule.from_dict(data)
            upcoming = next_occurrence(rule, today)
            cells = [rule.display_name, label(HOLIDAY_KINDS, rule.kind), describe(rule),
                     format_dual(upcoming) if upcoming else _("Past")]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if 0 <= current < len(self._rules):
            select_row(self.table, current)
        self._on_table_item_selection_changed()

    def open_dialog(self, row: int) -> None:
        """Edit rule ``row`` (-1 for a new rule) in a window-modal dialog."""
        self._dialog_row = row
        self.dialog = HolidayDialog(self._rules[row] if row >= 0 else None, self)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.open()

    # --- slots --------------------------------------------------------------------
    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.open_dialog(-1)

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        if self.table.currentRow() >= 0:
            self.open_dialog(self.table.currentRow())

    @Slot(QTableWidgetItem)
    def _on_table_item_double_clicked(self, item: QTableWidgetItem) -> None:
        if not self._read_only:
            self.open_dialog(item.row())

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            del self._rules[row]
            self._fill()
            self.edited.emit()

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        selected = bool(self.table.selectedItems())
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)

    @Slot()
    def _on_dialog_accepted(self) -> None:
        assert self.dialog is not None
        rule = self.dialog.rule()
        if rule is None:
            return
        if self._dialog_row >= 0:
            self._rules[self._dialog_row] = rule
        else:
            self._rules.append(rule)
            self._dialog_row = len(self._rules) - 1
        self._fill()
        select_row(self.table, self._dialog_row)
        self.edited.emit()
        self.dialog.deleteLater()
        self.dialog = None
