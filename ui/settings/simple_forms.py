"""The small sections: display (digits), security (lock-out limits) and the pipeline (stale days)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from app.i18n import _
from ui.common.widgets import DigitSpinBox
from ui.settings.labels import DIGIT_STYLES, label
from ui.settings.section import SectionEditor


class DisplayForm(SectionEditor):
    """How numbers and dates show their digits."""

    keys = ("display.digits",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digits_combo = QComboBox(self)
        for ident in DIGIT_STYLES:
            self.digits_combo.addItem("", ident)
        self._digits_label = QLabel(self)
        self._digits_label.setBuddy(self.digits_combo)
        form = QFormLayout(self)
        form.addRow(self._digits_label, self.digits_combo)
        self.digits_combo.activated.connect(self._on_digits_combo_activated)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self._digits_label.setText(_("Digits in numbers and dates:"))
        for i in range(self.digits_combo.count()):
            self.digits_combo.setItemText(i, label(DIGIT_STYLES, str(self.digits_combo.itemData(i))))

    def load(self, values: Mapping[str, Any]) -> None:
        self.digits_combo.setCurrentIndex(max(self.digits_combo.findData(values["display.digits"]), 0))

    def values(self) -> dict[str, Any]:
        return {"display.digits": self.digits_combo.currentData()}

    def set_read_only(self, read_only: bool) -> None:
        self.digits_combo.setEnabled(not read_only)

    @Slot(int)
    def _on_digits_combo_activated(self, _index: int) -> None:
        self.edited.emit()


class SecurityForm(SectionEditor):
    """After how many failed logins an account locks, and for how long."""

    keys = ("security.max_failed_logins", "security.lockout_minutes")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attempts_spin = DigitSpinBox(self)
        self.attempts_spin.setRange(1, 20)
        self.minutes_spin = DigitSpinBox(self)
        self.minutes_spin.setRange(1, 24 * 60)
        self._attempts_label = QLabel(self)
        self._attempts_label.setBuddy(self.attempts_spin)
        self._minutes_label = QLabel(self)
        self._minutes_label.setBuddy(self.minutes_spin)
        self._hint = QLabel(self)
        self._hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self._attempts_label, self.attempts_spin)
        form.addRow(self._minutes_label, self.minutes_spin)
        form.addRow(self._hint)
        self.attempts_spin.valueChanged.connect(self._on_spin_value_changed)
        self.minutes_spin.valueChanged.connect(self._on_spin_value_changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self._attempts_label.setText(_("Failed logins before lock-out:"))
        self._minutes_label.setText(_("Lock-out duration (minutes):"))
        self._hint.setText(_("The administrator can lift a lock-out at once by resetting the password."))

    def load(self, values: Mapping[str, Any]) -> None:
        for spin, key in ((self.attempts_spin, "security.max_failed_logins"),
                          (self.minutes_spin, "security.lockout_minutes")):
            spin.blockSignals(True)
            spin.setValue(int(values[key]))
            spin.blockSignals(False)

    def values(self) -> dict[str, Any]:
        self.attempts_spin.interpretText()
        self.minutes_spin.interpretText()
        return {"security.max_failed_logins": self.attempts_spin.value(),
                "security.lockout_minutes": self.minutes_spin.value()}

    def set_read_only(self, read_only: bool) -> None:
        self.attempts_spin.setEnabled(not read_only)
        self.minutes_spin.setEnabled(not read_only)

    @Slot(int)
    def _on_spin_value_changed(self, _value: int) -> None:
        self.edited.emit()


class PipelineForm(SectionEditor):
    """After how many days without contact an open opportunity counts as stale (the weekly report)."""

    keys = ("pipeline.stale_days",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stale_spin = DigitSpinBox(self)
        self.stale_spin.setRange(1, 365)
        self._stale_label = QLabel(self)
        self._stale_label.setBuddy(self.stale_spin)
        self._hint = QLabel(self)
        self._hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self._stale_label, self.stale_spin)
        form.addRow(self._hint)
        self.stale_spin.valueChanged.connect(self._on_stale_spin_value_changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self._stale_label.setText(_("Days without contact before an opportunity is stale:"))
        self._hint.setText(_("The weekly opportunities report lists the open opportunities whose donors "
                             "have not been contacted for this many days."))

    def load(self, values: Mapping[str, Any]) -> None:
        self.stale_spin.blockSignals(True)
        self.stale_spin.setValue(int(values["pipeline.stale_days"]))
        self.stale_spin.blockSignals(False)

    def values(self) -> dict[str, Any]:
        self.stale_spin.interpretText()
        return {"pipeline.stale_days": self.stale_spin.value()}

    def set_read_only(self, read_only: bool) -> None:
        self.stale_spin.setEnabled(not read_only)

    @Slot(int)
    def _on_stale_spin_value_changed(self, _value: int) -> None:
        self.edited.emit()
