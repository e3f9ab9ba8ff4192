"""Add or edit one holiday rule: a Hijri or Gregorian yearly holiday, or a one-off closure."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import digit_style, format_dual, format_gregorian, gregorian_month_name
from app.calendars.hijri import hijri_month_name
from app.calendars.workdays import HolidayKind, HolidayRule
from app.errors import UserError
from app.i18n import N_, _
from app.text.digits import localize_digits, to_latin_digits
from ui.common.widgets import DigitSpinBox, ltr_line_edit
from ui.settings.labels import HOLIDAY_KINDS, label
from ui.settings.widgets import message_label, show_message

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")


def parse_date(text: str) -> date | None:
    """``25/10/2025``, ``٢٥ / ١٠ / ٢٠٢٥`` or ``2025-10-25``; None if not a date."""
    cleaned = to_latin_digits(text).strip()
    match = _ISO.fullmatch(cleaned)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DMY.fullmatch(cleaned)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_text(d: date) -> str:
    """The way a date is typed into the dialog, in the digits of the settings."""
    return format_gregorian(d)


class HolidayDialog(QDialog):
    """Edits one rule; :meth:`rule` gives the dict the settings store.

    The rule is checked here by :class:`HolidayRule` itself (no database
    involved), so a wrong day is reported before the dialog closes.
    """

    def __init__(self, rule: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = rule
        self._result: dict[str, Any] | None = None
        self.kind_combo = QComboBox(self)
        for kind in HOLIDAY_KINDS:
            self.kind_combo.addItem("", kind)
        self.name_edit = QLineEdit(self)
        self.month_combo = QComboBox(self)
        self.day_spin = DigitSpinBox(self)
        self.day_spin.setRange(1, 31)
        self.length_spin = DigitSpinBox(self)
        self.length_spin.setRange(1, 366)
        self.start_edit = ltr_line_edit(self)
        self.end_edit = ltr_line_edit(self)
        self._start_preview = QLabel(self)
        self._end_preview = QLabel(self)
        self.error_label = message_label(self)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)

        self._form = QFormLayout()
        self._labels = [QLabel(self) for _i in range(7)]
        for label_widget, field in zip(self._labels, (
                self.kind_combo, self.name_edit, self.month_combo, self.day_spin, self.length_spin,
                self.start_edit, self.end_edit), strict=True):
            label_widget.setBuddy(field)
            self._form.addRow(label_widget, field)
        self._form.insertRow(6, "", self._start_preview)
        self._form.addRow("", self._end_preview)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self.error_label)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(520)

        self._load(rule or HolidayRule.hijri_annual("-", 10, 1).to_dict())
        if rule is None:
            self.name_edit.clear()
        self._connect_signals()
        self.retranslate_ui()

    def _connect_signals(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_current_index_changed)
        self.start_edit.textChanged.connect(self._on_dates_text_changed)
        self.end_edit.textChanged.connect(self._on_dates_text_changed)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Holiday"))
        texts = [_("Kind:"), _("Name:"), _("Month:"), _("First day:"), _("Length in days:"),
                 _("From:"), _("To:")]
        for label_widget, text in zip(self._labels, texts, strict=True):
            label_widget.setText(text)
        for i in range(self.kind_combo.count()):
            self.kind_combo.setItemText(i, label(HOLIDAY_KINDS, str(self.kind_combo.itemData(i))))
        placeholder = localize_digits(_("d/m/yyyy, e.g. 25/10/2025"), digit_style())
        self.start_edit.setPlaceholderText(placeholder)
        self.end_edit.setPlaceholderText(placeholder)
        self._fill_months()
        self._show_previews()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- state ----------------------------------------------------------------------
    def _load(self, data: dict[str, Any]) -> None:
        rule = HolidayRule.from_dict(data)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(rule.kind), 0))
        self.name_edit.setText(rule.display_name)
        self._fill_months()
        if rule.kind == "fixed":
            assert rule.start is not None and rule.end is not None
            self.start_edit.setText(date_text(rule.start))
            self.end_edit.setText(date_text(rule.end))
        else:
            self.month_combo.setCurrentIndex(rule.month - 1)
            self.day_spin.setValue(rule.day)
            self.length_spin.setValue(rule.length_days)
        self._show_kind()

    def _kind(self) -> str:
        return str(self.kind_combo.currentData())

    def _fill_months(self) -> None:
        current = max(self.month_combo.currentIndex(), 0)
        namer = hijri_month_name if self._kind() == "hijri_annual" else gregorian_month_name
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        for month in range(1, 13):
            self.month_combo.addItem(namer(month), month)
        self.month_combo.setCurrentIndex(current)
        self.month_combo.blockSignals(False)

    def _show_kind(self) -> None:
        fixed = self._kind() == "fixed"
        for row in (2, 3, 4):
            self._form.setRowVisible(row, not fixed)
        for row in (5, 6, 7, 8):
            self._form.setRowVisible(row, fixed)
        self.day_spin.setMaximum(30 if self._kind() == "hijri_annual" else 31)

    def _show_previews(self) -> None:
        for edit, preview in ((self.start_edit, self._start_preview), (self.end_edit, self._end_preview)):
            d = parse_date(edit.text())
            preview.setText(format_dual(d) if d else (_("Not a date") if edit.text().strip() else ""))

    def rule(self) -> dict[str, Any] | None:
        """The accepted rule as the settings store it (None until accepted)."""
        return self._result

    def _build(self) -> dict[str, Any]:
        name = self.name_edit.text().strip()
        if self._original is not None and name == HolidayRule.from_dict(self._original).display_name:
            name = str(self._original["name"])  # keep a default's source name, translated when shown
        if self._kind() == "fixed":
            start, end = parse_date(self.start_edit.text()), parse_date(self.end_edit.text() or
                                                                         self.start_edit.text())
            if start is None or end is None:
                raise UserError("holiday-date", N_("Type the dates as day/month/year, e.g. 25/10/2025."))
            return HolidayRule.fixed(name, start, end).to_dict()
        self.day_spin.interpretText()
        self.length_spin.interpretText()
        kind = cast(HolidayKind, self._kind())
        return HolidayRule(kind, name, month=self.month_combo.currentIndex() + 1,
                           day=self.day_spin.value(), length_days=self.length_spin.value()).to_dict()

    # --- slots ----------------------------------------------------------------------
    @Slot(int)
    def _on_kind_combo_current_index_changed(self, _index: int) -> None:
        self._fill_months()
        self._show_kind()

    @Slot()
    def _on_dates_text_changed(self) -> None:
        self._show_previews()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            self._result = self._build()
        except UserError as error:
            show_message(self.error_label, error.message, error=True)
            return
        self.accept()
