"""The filter bar of the survey analysis: which survey, programmes, centre, period, age group and
first-time answer. It only holds choices and says when they change (:attr:`FilterBar.changed`);
the panel runs the analysis.

The programmes are a multi-select list in a drop-down (a check box per programme). The period is
two dates, each with its Hijri date beside it, used only when "Period" is ticked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from app.calendars.formatting import format_hijri
from app.i18n import N_, _, current_language, ngettext
from app.surveys.builtin import AGE_GROUPS
from app.surveys.records import ProgrammeInfo, SurveyQuery
from ui.common.dates import date_edit, pydate, qdate
from ui.surveys.analysis_texts import COMPLAINTS_KEY, SURVEYS, count_text
from ui.theme import Colours

FIRST_TIME = (("", N_("Everyone")), ("yes", N_("First time")), ("no", N_("Returning")))



class ProgrammePicker(QToolButton):
    """A drop-down list of programmes with a check box each. Signals: changed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setMinimumWidth(200)
        self._programmes: list[ProgrammeInfo] = []
        self._wanted: tuple[str, ...] = ()
        menu = QMenu(self)
        self.list = QListWidget(menu)
        self.list.setMinimumSize(340, 240)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.list)
        menu.addAction(action)
        self.setMenu(menu)
        self.list.itemChanged.connect(self._on_item_changed)
        self._update_text()

    def set_programmes(self, programmes: Sequence[ProgrammeInfo]) -> None:
        chosen = self.selected() or self._wanted
        self._programmes = list(programmes)
        self.list.blockSignals(True)
        self.list.clear()
        for p in self._programmes:
            item = QListWidgetItem(f"{p.name} — {p.number}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, p.number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.number in chosen else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._update_text()

    def programmes(self) -> list[ProgrammeInfo]:
        return list(self._programmes)

    def selected(self) -> tuple[str, ...]:
        if not self._programmes:
            return self._wanted
        return tuple(str(self.list.item(r).data(Qt.ItemDataRole.UserRole)) for r in range(self.list.count())
                     if self.list.item(r).checkState() == Qt.CheckState.Checked)

    def set_selected(self, numbers: Sequence[str]) -> None:
        self._wanted = tuple(numbers)
        self.list.blockSignals(True)
        for r in range(self.list.count()):
            item = self.list.item(r)
            on = item.data(Qt.ItemDataRole.UserRole) in self._wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._update_text()

    @Slot(QListWidgetItem)
    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self._wanted = self.selected()
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        chosen = self.selected()
        names = {p.number: p.name for p in self._programmes}
        if not chosen:
            self.setText(_("All programmes"))
        elif len(chosen) == 1:
            self.setText(names.get(chosen[0], chosen[0]))
        else:
            self.setText(ngettext("{n} programme", "{n} programmes", len(chosen)).format(
                n=count_text(len(chosen))))
        self.setToolTip("\n".join(names.get(n, n) for n in chosen))

    def retranslate(self) -> None:
        self._update_text()


class FilterBar(QWidget):
    """Signals: changed (any choice), survey_changed (the survey; the panel rereads everything)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.survey_combo = QComboBox(self)
        for key, _text in SURVEYS:
            self.survey_combo.addItem("", key)
        self.programme_picker = ProgrammePicker(self)
        self.centre_combo = QComboBox(self)
        self.centre_combo.addItem("", "")
        self.age_combo = QComboBox(self)
        self.age_combo.addItem("", "")
        for option in AGE_GROUPS:
            self.age_combo.addItem("", option.id)
        self.first_combo = QComboBox(self)
        for value, _text in FIRST_TIME:
            self.first_combo.addItem("", value)
        self.period_check = QCheckBox(self)
        today = date.today()
        self.since_edit = date_edit(self, today - timedelta(days=90))
        self.until_edit = date_edit(self, today)
        self.since_hijri = QLabel(self)
        self.until_hijri = QLabel(self)
        for label in (self.since_hijri, self.until_hijri):
            label.setStyleSheet(f"color: {Colours.MUTED};")
        self._labels = {key: QLabel(self) for key in ("survey", "programmes", "centre", "age", "first",
                                                       "until")}
        self._labels["survey"].setBuddy(self.survey_combo)
        self._labels["centre"].setBuddy(self.centre_combo)
        self._labels["age"].setBuddy(self.age_combo)
        self._labels["first"].setBuddy(self.first_combo)
        self._labels["until"].setBuddy(self.until_edit)
        self._centres: list[dict[str, Any]] = []

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        row1 = QHBoxLayout()
        for key, widget in (("survey", self.survey_combo), ("programmes", self.programme_picker),
                            ("centre", self.centre_combo), ("age", self.age_combo),
                            ("first", self.first_combo)):
            row1.addWidget(self._labels[key])
            row1.addWidget(widget)
            row1.addSpacing(10)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        row2.addWidget(self.period_check)
        row2.addWidget(self.since_edit)
        row2.addWidget(self.since_hijri)
        row2.addSpacing(10)
        row2.addWidget(self._labels["until"])
        row2.addWidget(self.until_edit)
        row2.addWidget(self.until_hijri)
        row2.addStretch(1)
        self.trailing = QHBoxLayout()  # the panel puts its buttons here
        row2.addLayout(self.trailing)
        grid.addLayout(row1, 0, 0)
        grid.addLayout(row2, 1, 0)

        for combo in (self.survey_combo, self.centre_combo, self.age_combo, self.first_combo):
            combo.currentIndexChanged.connect(self._on_changed)
        self.programme_picker.changed.connect(self._on_changed)
        self.period_check.toggled.connect(self._on_changed)
        self.since_edit.dateChanged.connect(self._on_date_changed)
        self.until_edit.dateChanged.connect(self._on_date_changed)
        self.retranslate()
        self._update_enabled()

    def retranslate(self) -> None:
        for i, (_key, text) in enumerate(SURVEYS):
            self.survey_combo.setItemText(i, _(text))
        self._labels["survey"].setText(_("Survey:"))
        self._labels["programmes"].setText(_("Programmes:"))
        self._labels["centre"].setText(_("Centre:"))
        self._labels["age"].setText(_("Age group:"))
        self._labels["first"].setText(_("First time:"))
        self._labels["until"].setText(_("until"))
        self.period_check.setText(_("Period from"))
        self.period_check.setToolTip(_("The programme's end date (its start date, or the day the form "
                                       "was keyed, when it has none)"))
        self.centre_combo.setItemText(0, _("All centres"))
        lang = current_language()
        for i, c in enumerate(self._centres, 1):
            self.centre_combo.setItemText(i, str(c.get(lang) or c["ar"]))
        self.age_combo.setItemText(0, _("All ages"))
        for i, option in enumerate(AGE_GROUPS, 1):
            self.age_combo.setItemText(i, option.text(lang))
        for i, (_value, text) in enumerate(FIRST_TIME):
            self.first_combo.setItemText(i, _(text))
        self.programme_picker.retranslate()
        self._show_hijri()

    # --- data ----------------------------------------------------------------------------
    def set_centres(self, centres: Sequence[dict[str, Any]]) -> None:
        current = self.centre
        self._centres = [c for c in centres if c.get("active", True)]
        self.centre_combo.blockSignals(True)
        while self.centre_combo.count() > 1:
            self.centre_combo.removeItem(1)
        for c in self._centres:
            self.centre_combo.addItem("", str(c["id"]))
        self.centre_combo.setCurrentIndex(max(self.centre_combo.findData(current), 0))
        self.centre_combo.blockSignals(False)
        self.retranslate()

    @property
    def template_key(self) -> str:
        return str(self.survey_combo.currentData())

    @property
    def centre(self) -> str:
        return str(self.centre_combo.currentData() or "")

    def period(self) -> tuple[date | None, date | None]:
        if not self.period_check.isChecked():
            return None, None
        return pydate(self.since_edit.date()), pydate(self.until_edit.date())

    def set_period(self, since: date | None, until: date | None) -> None:
        self.blockSignals(True)
        if since is not None:
            self.since_edit.setDate(qdate(since))
        if until is not None:
            self.until_edit.setDate(qdate(until))
        self.period_check.setChecked(since is not None or until is not None)
        self.blockSignals(False)
        self.changed.emit()

    def choose_survey(self, key: str) -> None:
        self.survey_combo.setCurrentIndex(self.survey_combo.findData(key))

    def query(self) -> SurveyQuery:
        since, until = self.period()
        first = str(self.first_combo.currentData() or "")
        return SurveyQuery(
            template_key=self.template_key,
            programmes=self.programme_picker.selected(),
            centre=self.centre,
            since=since,
            until=until,
            age_group=str(self.age_combo.currentData() or ""),
            first_time=None if not first else first == "yes",
        )

    # --- reactions -----------------------------------------------------------------------
    @Slot()
    def _on_changed(self) -> None:
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
        survey = self.template_key != COMPLAINTS_KEY  # the complaints' rating has no programme or person
        for widget in (self.programme_picker, self.age_combo, self.first_combo):
            widget.setEnabled(survey)
        on = self.period_check.isChecked()
        for edit in (self.since_edit, self.until_edit):
            edit.setEnabled(on)
