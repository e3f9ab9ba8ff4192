"""The pipeline page's filter bar, shared by the board and the list: owner, programme, centre,
period (two dates, each with its Hijri date beside it, used when "Period" is ticked) and a text
search (programme, donor name or number; applied after a short pause in typing).

It only holds choices: :attr:`FilterBar.changed` says the :class:`BoardQuery` changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QEvent, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_hijri
from app.i18n import _, current_language
from app.pipeline.records import BoardQuery
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.records import ProgrammeInfo
from ui.common.dates import date_edit, pydate, qdate
from ui.theme import Colours

TYPING_PAUSE_MS = 300




@dataclass(frozen=True)
class FilterChoices:
    owners: list[tuple[str, str]] = field(default_factory=list)  # (user name, full name)
    programmes: list[ProgrammeInfo] = field(default_factory=list)
    centres: list[dict[str, Any]] = field(default_factory=list)


def load_choices(services: AppServices, actor: Actor) -> FilterChoices:
    """Runs in an Op: who may own opportunities, the programmes, the centres."""
    return FilterChoices(services.opportunities.owners(actor), services.programmes.list(actor),
                         [c for c in services.settings.get("centres") if c.get("active", True)])



class FilterBar(QWidget):
    """Signals: changed (the query changed)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner_combo = QComboBox(self)
        self.owner_combo.addItem("", "")
        self.programme_combo = QComboBox(self)
        self.programme_combo.addItem("", "")
        self.programme_combo.setMinimumContentsLength(18)
        self.programme_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.centre_combo = QComboBox(self)
        self.centre_combo.addItem("", "")
        for combo in (self.owner_combo, self.centre_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.period_check = QCheckBox(self)
        today = date.today()
        self.since_edit = date_edit(self, today - timedelta(days=30))
        self.until_edit = date_edit(self, today + timedelta(days=30))
        self.since_hijri = QLabel(self)
        self.until_hijri = QLabel(self)
        for label in (self.since_hijri, self.until_hijri):
            label.setStyleSheet(f"color: {Colours.MUTED};")
        self._labels = {key: QLabel(self) for key in ("owner", "programme", "centre", "until")}
        self._labels["owner"].setBuddy(self.owner_combo)
        self._labels["programme"].setBuddy(self.programme_combo)
        self._labels["centre"].setBuddy(self.centre_combo)
        self._labels["until"].setBuddy(self.until_edit)
        self._centres: list[dict[str, Any]] = []
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.changed)

        row1 = QHBoxLayout()
        for key, widget in (("owner", self.owner_combo), ("programme", self.programme_combo),
                            ("centre", self.centre_combo)):
            row1.addWidget(self._labels[key])
            row1.addWidget(widget)
            row1.addSpacing(10)
        row1.addWidget(self.search_edit, 1)
        row2 = QHBoxLayout()
        row2.addWidget(self.period_check)
        row2.addWidget(self.since_edit)
        row2.addWidget(self.since_hijri)
        row2.addSpacing(10)
        row2.addWidget(self._labels["until"])
        row2.addWidget(self.until_edit)
        row2.addWidget(self.until_hijri)
        row2.addStretch(1)
        self.trailing = QHBoxLayout()  # the page puts its buttons here
        row2.addLayout(self.trailing)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row1)
        layout.addLayout(row2)

        for combo in (self.owner_combo, self.programme_combo, self.centre_combo):
            combo.currentIndexChanged.connect(self._on_changed)
        self.period_check.toggled.connect(self._on_period_toggled)
        self.since_edit.dateChanged.connect(self._on_date_changed)
        self.until_edit.dateChanged.connect(self._on_date_changed)
        self.search_edit.textChanged.connect(self._typing.start)
        self.search_edit.returnPressed.connect(self._search_now)
        self.retranslate_ui()
        self._update_enabled()

    def retranslate_ui(self) -> None:
        self._labels["owner"].setText(_("Owner:"))
        self._labels["programme"].setText(_("Programme:"))
        self._labels["centre"].setText(_("Centre:"))
        self._labels["until"].setText(_("until"))
        self.period_check.setText(_("Period from"))
        self.period_check.setToolTip(_("The next action's date or the last stage change falls in the period"))
        self.search_edit.setPlaceholderText(_("Search: programme, donor name or number, opportunity number"))
        self.owner_combo.setItemText(0, _("All owners"))
        self.programme_combo.setItemText(0, _("All programmes"))
        self.centre_combo.setItemText(0, _("All centres"))
        lang = current_language()
        for i, c in enumerate(self._centres, 1):
            self.centre_combo.setItemText(i, str(c.get(lang) or c["ar"]))
        self._show_hijri()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- data ------------------------------------------------------------------------------------
    def set_choices(self, choices: FilterChoices) -> None:
        """Fill the lists, keeping what was chosen; says nothing (the query did not change)."""
        self._refill(self.owner_combo, [(n, full) for n, full in choices.owners])
        self._refill(self.programme_combo, [(p.number, p.name) for p in choices.programmes])
        self._centres = list(choices.centres)
        self._refill(self.centre_combo, [(str(c["id"]), "") for c in self._centres])
        self.retranslate_ui()

    @staticmethod
    def _refill(combo: QComboBox, items: Sequence[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def choose(self, combo: QComboBox, value: str) -> None:
        """Pick ``value`` in ``combo`` (tests and the page)."""
        combo.setCurrentIndex(max(combo.findData(value), 0))

    def set_period(self, since: date | None, until: date | None) -> None:
        self.blockSignals(True)
        if since is not None:
            self.since_edit.setDate(qdate(since))
        if until is not None:
            self.until_edit.setDate(qdate(until))
        self.period_check.setChecked(since is not None or until is not None)
        self.blockSignals(False)
        self._update_enabled()
        self.changed.emit()

    def query(self) -> BoardQuery:
        on = self.period_check.isChecked()
        return BoardQuery(
            owner=str(self.owner_combo.currentData() or ""),
            programme=str(self.programme_combo.currentData() or ""),
            centre=str(self.centre_combo.currentData() or ""),
            since=pydate(self.since_edit.date()) if on else None,
            until=pydate(self.until_edit.date()) if on else None,
            text=" ".join(self.search_edit.text().split()),
        )

    # --- reactions -------------------------------------------------------------------------------
    @Slot()
    def _on_changed(self) -> None:
        self.changed.emit()

    @Slot()
    def _search_now(self) -> None:
        self._typing.stop()
        self.changed.emit()

    @Slot(bool)
    def _on_period_toggled(self, _on: bool) -> None:
        self._update_enabled()
        self.changed.emit()

    @Slot(QDate)
    def _on_date_changed(self, _d: QDate) -> None:
        self._show_hijri()
        if self.period_check.isChecked():
            self.changed.emit()

    def _show_hijri(self) -> None:
        self.since_hijri.setText(format_hijri(pydate(self.since_edit.date())))
        self.until_hijri.setText(format_hijri(pydate(self.until_edit.date())))

    def _update_enabled(self) -> None:
        on = self.period_check.isChecked()
        for edit in (self.since_edit, self.until_edit):
            edit.setEnabled(on)
