"""The complaints log's filter bar: search as you type, the view, and the filters.

The first line holds what the desk uses all day: the search box, the view
(all items, my queue, the team's open items), type, status and "overdue
only". The rest (channel, centre, category, assignee, dates, due today) sit
behind "More filters", whose button counts the filters set there.

:attr:`FilterBar.changed` fires when the query changes: at once for a
choice, 150 ms after the last key for the search (the query itself runs in
the background, so typing never waits for it).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import digit_style, format_hijri
from app.complaints.records import ComplaintQuery
from app.complaints.vocab import OPEN_STATUSES, STATUSES, TYPES, label
from app.i18n import N_, _
from app.text.digits import localize_digits
from ui.common.dates import DATE_FORMAT
from ui.complaints.log_model import Lookups

SEARCH_DELAY_MS = 150
SEARCH_MIN_WIDTH = 180
CHOICE_CHARACTERS = 12  # settings lists can hold long names: their combos stop at this width
OPEN = "__open__"  # the status entry that stands for every open status

VIEWS: dict[str, str] = {
    "all": N_("All items"),
    "mine": N_("My queue"),
    "team": N_("Team: open items"),
}


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def _combo(parent: QWidget, characters: int = 0) -> QComboBox:
    """A combo as wide as its longest entry, or as ``characters`` (its list still shows them whole)."""
    combo = QComboBox(parent)
    if characters:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(characters)
    else:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class FilterBar(QWidget):
    """Builds the :class:`ComplaintQuery` of the log (without the sort, which the table owns).

    Signals:
        changed: the query changed (for the search, once typing pauses).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lookups = Lookups()
        self._quiet = 0  # > 0 while several widgets are set at once: one change at the end

        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(SEARCH_MIN_WIDTH)
        self.view_combo = _combo(self, CHOICE_CHARACTERS)
        for view in VIEWS:
            self.view_combo.addItem("", view)
        self.type_combo = _combo(self)
        self.type_combo.addItem("", None)
        for ident in TYPES:
            self.type_combo.addItem("", ident)
        self.status_combo = _combo(self)
        self.status_combo.addItem("", None)
        self.status_combo.addItem("", OPEN)
        for ident in STATUSES:
            self.status_combo.addItem("", ident)
        self.overdue_check = QCheckBox(self)
        self.more_button = QToolButton(self)
        self.more_button.setCheckable(True)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        self.more = QWidget(self)
        self.channel_combo = _combo(self.more, CHOICE_CHARACTERS)
        self.centre_combo = _combo(self.more, CHOICE_CHARACTERS)
        self.category_combo = _combo(self.more, CHOICE_CHARACTERS)
        self.assignee_combo = _combo(self.more, CHOICE_CHARACTERS)
        for combo in (self.channel_combo, self.centre_combo, self.category_combo):
            combo.addItem("", None)
        self.assignee_combo.addItem("", None)
        self.assignee_combo.addItem("", "")
        self.from_check, self.to_check = QCheckBox(self.more), QCheckBox(self.more)
        self.from_edit, self.to_edit = self._date_edit(-30), self._date_edit(0)
        self.from_hijri, self.to_hijri = QLabel(self.more), QLabel(self.more)
        self.due_today_check = QCheckBox(self.more)
        self.clear_button = QPushButton(self.more)
        self.more.setVisible(False)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)

        self._build_layout()
        self._connect_signals()
        self.retranslate_ui()

    def _date_edit(self, days: int) -> QDateEdit:
        edit = QDateEdit(self.more)
        # Left to right, and before the format: right to left Qt shows "d/M/yyyy" as "yyyy/M/d".
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        day = date.today() + timedelta(days=days)
        edit.setDate(QDate(day.year, day.month, day.day))
        edit.setEnabled(False)
        return edit

    def _build_layout(self) -> None:
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.search_edit, 1)
        for widget in (self.view_combo, self.type_combo, self.status_combo, self.overdue_check,
                       self.more_button):
            line.addWidget(widget)

        choices = QHBoxLayout()
        for combo in (self.channel_combo, self.centre_combo, self.category_combo, self.assignee_combo):
            choices.addWidget(combo)
        choices.addWidget(self.due_today_check)
        choices.addStretch(1)
        dates = QHBoxLayout()
        for check, edit, hijri in ((self.from_check, self.from_edit, self.from_hijri),
                                   (self.to_check, self.to_edit, self.to_hijri)):
            dates.addWidget(check)
            dates.addWidget(edit)
            dates.addWidget(hijri)
            dates.addSpacing(12)
        dates.addStretch(1)
        dates.addWidget(self.clear_button)
        more = QVBoxLayout(self.more)
        more.setContentsMargins(0, 0, 0, 0)
        more.addLayout(choices)
        more.addLayout(dates)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(line)
        layout.addWidget(self.more)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self._timer.timeout.connect(self._on_timer_timeout)
        for combo in (self.view_combo, self.type_combo, self.status_combo, self.channel_combo,
                      self.centre_combo, self.category_combo, self.assignee_combo):
            combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        for check in (self.overdue_check, self.due_today_check):
            check.toggled.connect(self._on_check_toggled)
        self.from_check.toggled.connect(self._on_date_check_toggled)
        self.to_check.toggled.connect(self._on_date_check_toggled)
        self.from_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.to_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.more_button.toggled.connect(self._on_more_button_toggled)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)

    def retranslate_ui(self) -> None:
        self.search_edit.setPlaceholderText(_("Search: reference, name, mobile or words of the description"))
        for row in range(self.view_combo.count()):
            self.view_combo.setItemText(row, _(VIEWS[str(self.view_combo.itemData(row))]))
        self.type_combo.setItemText(0, _("All types"))
        for row in range(1, self.type_combo.count()):
            self.type_combo.setItemText(row, label(TYPES, str(self.type_combo.itemData(row))))
        self.status_combo.setItemText(0, _("Any status"))
        self.status_combo.setItemText(1, _("Open items"))
        for row in range(2, self.status_combo.count()):
            self.status_combo.setItemText(row, label(STATUSES, str(self.status_combo.itemData(row))))
        self.overdue_check.setText(_("Overdue only"))
        self.due_today_check.setText(_("Due today"))
        self.from_check.setText(_("Received from"))
        self.to_check.setText(_("to"))
        self.clear_button.setText(_("Clear the filters"))
        self.view_combo.setToolTip(_("Which items: all, those waiting for you, or the team's open items"))
        self.channel_combo.setToolTip(_("Channel"))
        self.centre_combo.setToolTip(_("Centre"))
        self.category_combo.setToolTip(_("Category"))
        self.assignee_combo.setToolTip(_("Assignee"))
        self._fill_lookups()
        self._show_hijri()
        self._show_more_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- public ---------------------------------------------------------------------
    def query(self) -> ComplaintQuery:
        """The filters as a query (sorted by the default order: the table sets its own)."""
        status = self.status_combo.currentData()
        statuses = tuple(sorted(OPEN_STATUSES)) if status == OPEN else (status,) if status else ()

        def one(combo: QComboBox) -> tuple[str, ...]:
            value = combo.currentData()
            return (str(value),) if value else ()

        assignee = self.assignee_combo.currentData()
        return ComplaintQuery(
            search=self.search_edit.text().strip(),
            types=one(self.type_combo),
            statuses=statuses,
            channels=one(self.channel_combo),
            centres=one(self.centre_combo),
            categories=one(self.category_combo),
            assignee=None if assignee is None else str(assignee),
            received_from=_day(self.from_edit) if self.from_check.isChecked() else None,
            received_to=_day(self.to_edit) if self.to_check.isChecked() else None,
            overdue=self.overdue_check.isChecked(),
            due_today=self.due_today_check.isChecked(),
            view=str(self.view_combo.currentData() or "all"),
        )

    def set_lookups(self, lookups: Lookups) -> None:
        """Offer the channels, centres, categories and users of the settings."""
        self._lookups = lookups
        self._fill_lookups()

    def clear(self) -> None:
        """Every filter back to "any", the search emptied (one change)."""
        with _Batch(self):
            self._clear_quietly()

    def show_open(self) -> None:
        with _Batch(self):
            self._clear_quietly()
            self.status_combo.setCurrentIndex(self.status_combo.findData(OPEN))

    def show_due_today(self) -> None:
        with _Batch(self):
            self._clear_quietly()
            self.due_today_check.setChecked(True)
            self.more_button.setChecked(True)

    def show_overdue(self) -> None:
        with _Batch(self):
            self._clear_quietly()
            self.overdue_check.setChecked(True)

    def show_my_queue(self) -> None:
        with _Batch(self):
            self._clear_quietly()
            self.view_combo.setCurrentIndex(self.view_combo.findData("mine"))

    @property
    def pending(self) -> bool:
        """A search typed and not yet applied (typing has not paused)."""
        return self._timer.isActive()

    def flush(self) -> None:
        """Apply a pending search now (Enter in the search box)."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

    # --- internals ---------------------------------------------------------------------
    def _clear_quietly(self) -> None:
        self.search_edit.clear()
        for combo in (self.view_combo, self.type_combo, self.status_combo, self.channel_combo,
                      self.centre_combo, self.category_combo, self.assignee_combo):
            combo.setCurrentIndex(0)
        for check in (self.overdue_check, self.due_today_check, self.from_check, self.to_check):
            check.setChecked(False)

    def _fill_lookups(self) -> None:
        look = self._lookups
        self._quiet += 1
        try:
            for combo, any_text, table, name_of in (
                    (self.channel_combo, _("All channels"), look.channels, look.channel),
                    (self.centre_combo, _("All centres"), look.centres, look.centre),
                    (self.category_combo, _("All categories"), look.categories, look.category)):
                current = combo.currentData()
                combo.clear()
                combo.addItem(any_text, None)
                for ident in table:
                    combo.addItem(name_of(ident), ident)
                combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            current = self.assignee_combo.currentData()
            self.assignee_combo.clear()
            self.assignee_combo.addItem(_("Anyone"), None)
            self.assignee_combo.addItem(_("Not assigned"), "")
            for name, full_name in look.users.items():
                self.assignee_combo.addItem(full_name, name)
            index = 0 if current is None else self.assignee_combo.findData(current)
            self.assignee_combo.setCurrentIndex(max(0, index))
        finally:
            self._quiet -= 1

    def _show_hijri(self) -> None:
        for check, edit, hijri in ((self.from_check, self.from_edit, self.from_hijri),
                                   (self.to_check, self.to_edit, self.to_hijri)):
            hijri.setText(format_hijri(_day(edit)))
            hijri.setEnabled(check.isChecked())

    def _more_count(self) -> int:
        combos = (self.channel_combo, self.centre_combo, self.category_combo, self.assignee_combo)
        checks = (self.from_check, self.to_check, self.due_today_check)
        return sum(c.currentIndex() > 0 for c in combos) + sum(c.isChecked() for c in checks)

    def _show_more_count(self) -> None:
        n = self._more_count()
        shown = localize_digits(str(n), digit_style())
        self.more_button.setText(_("More filters ({n})").format(n=shown) if n else _("More filters"))

    def _emit(self) -> None:
        self._show_more_count()
        if self._quiet == 0:
            self._timer.stop()
            self.changed.emit()

    # --- slots ---------------------------------------------------------------------------
    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        if self._quiet == 0:
            self._timer.start()  # restarts: the query follows once typing pauses

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._emit()

    @Slot(int)
    def _on_combo_current_index_changed(self, _index: int) -> None:
        self._emit()

    @Slot(bool)
    def _on_check_toggled(self, _checked: bool) -> None:
        self._emit()

    @Slot(bool)
    def _on_date_check_toggled(self, _checked: bool) -> None:
        self.from_edit.setEnabled(self.from_check.isChecked())
        self.to_edit.setEnabled(self.to_check.isChecked())
        self._show_hijri()
        self._emit()

    @Slot(QDate)
    def _on_date_edit_date_changed(self, _day_changed: QDate) -> None:
        self._show_hijri()
        if self.from_check.isChecked() or self.to_check.isChecked():
            self._emit()

    @Slot(bool)
    def _on_more_button_toggled(self, checked: bool) -> None:
        self.more.setVisible(checked)

    @Slot()
    def _on_clear_button_clicked(self) -> None:
        self.clear()


class _Batch:
    """Set several filters as one change: ``changed`` fires once, at the end."""

    def __init__(self, bar: FilterBar) -> None:
        self._bar = bar

    def __enter__(self) -> None:
        self._bar._quiet += 1

    def __exit__(self, *_exc: object) -> None:
        self._bar._quiet -= 1
        self._bar._emit()
