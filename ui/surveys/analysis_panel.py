"""The survey analysis screen (تحليل الاستبيانات): what the keyed forms say, and what to do about it.

At the top the filters (:class:`~ui.surveys.analysis_filters.FilterBar`), "Print report…" and
"Export to Excel…"; under them the headline figures (responses, satisfaction index, overall mean,
share agreeing, flagged forms); then five tabs:

- **Items**: per item the mean, the share agreeing (4–5), the answers 1…5 as counts and as a
  stacked bar, the unanswered; the weakest items marked in the warning colour. Beside it the
  chart of the means on the 1–5 scale and the distribution of the selected item. "New action…"
  turns the selected (by default the weakest) item into an action.
- **Breakdowns**: one row per programme, centre, age group or first-time answer.
- **Comparison**: two programmes or two periods, item by item, with the change ▲/▼.
- **Suggestions**: what respondents wrote, with the form number and the programme.
- **Actions**: the action items (overdue ones in the warning colour); new, and mark done.

Every service call runs in an :class:`~ui.common.ops.Op`; each kind of request keeps a number
and only the newest answer is shown, so quick changes of filters never show an older result.
The "complaint handling" survey reads the complaints desk's closing ratings
(``survey_analysis.complaint_rating``): it has no programmes, people or suggestions.

The report and the export come from ``app.surveys.report``/``report_pdf``/``export``, loaded
when used; without them their buttons are disabled. The file chooser is :attr:`choose_path`
(tests replace it).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QStandardPaths, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_dual
from app.errors import UserError
from app.i18n import N_, _, current_language
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from app.surveys.labels import ACTION_STATUS_LABELS
from app.surveys.records import (
    ActionInfo,
    Comparison,
    GroupSummary,
    ProgrammeInfo,
    Suggestion,
    Summary,
    SurveyQuery,
)
from ui.common.dates import date_edit, pydate, qdate
from ui.common.ops import Op
from ui.common.texts import NO_VALUE, day, when
from ui.common.widgets import LtrDelegate, error_label, select_row
from ui.surveys.action_dialog import ActionDialog, DoneDialog
from ui.surveys.analysis_chart import DistributionChart, MeanChart
from ui.surveys.analysis_filters import FilterBar
from ui.surveys.analysis_model import (
    COL_BAR,
    COL_TEXT,
    NUMBER_ROLE,
    DistributionDelegate,
    ItemSortProxy,
    ItemTableModel,
    item_label,
)
from ui.surveys.analysis_texts import (
    COMPLAINTS_KEY,
    WARNING,
    change_colour,
    change_text,
    count_text,
    index_text,
    mean_text,
    percent_text,
)
from ui.theme import Colours

# (title, default file name, filter) -> the chosen path, or None when cancelled.
PathChooser = Callable[[str, str, str], Path | None]
DEBOUNCE_MS = 150
BREAKDOWNS = (
    ("programme", N_("Programme")),
    ("centre", N_("Centre")),
    ("age_group", N_("Age group")),
    ("first_time", N_("First time or returning")),
)
HEADLINE = (
    ("responses", N_("Responses keyed")),
    ("index", N_("Satisfaction index (0–100)")),
    ("mean", N_("Overall mean (1–5)")),
    ("agree", N_("Agreeing (4–5)")),
    ("flagged", N_("Flagged forms")),
)
NUMERIC = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter
TABS = ("items", "charts", "breakdowns", "comparison", "suggestions", "actions")


def module_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


@dataclass(frozen=True)
class Loaded:
    """One answer of the main request: the summary and the suggestions of the same filters."""

    query: SurveyQuery
    summary: Summary
    suggestions: tuple[Suggestion, ...]


def _cell(text: str, *, numeric: bool = False, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if numeric:
        item.setTextAlignment(NUMERIC)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _read_only(table: QTableWidget | QTableView) -> None:
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setMinimumSectionSize(36)  # the style's default is wider than a count


class SurveyAnalysisPanel(QWidget):
    """The analysis of one or more programmes' surveys.

    Signals:
        loaded: a summary is shown (:attr:`summary`).
        breakdown_loaded, compared, actions_loaded: those tabs were filled.
        printed(object), exported(object): a file was written (its path).
        failed(str): a service refused (the sentence is also shown).
    """

    loaded = Signal()
    breakdown_loaded = Signal()
    compared = Signal()
    actions_loaded = Signal()
    printed = Signal(object)
    exported = Signal(object)
    failed = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.choose_path: PathChooser = self._ask_path
        self.summary: Summary | None = None
        self.query: SurveyQuery | None = None
        self.suggestions: tuple[Suggestion, ...] = ()
        self.groups: tuple[GroupSummary, ...] = ()
        self.comparison: Comparison | None = None
        self.action_items: list[ActionInfo] = []
        self._asked: dict[str, int] = {"summary": 0, "breakdown": 0, "compare": 0, "actions": 0}
        self._pending: set[str] = set()
        self._writing = False
        self._selected_item = 0
        self._can_act = actor.can(Permission.SURVEYS_ANALYSE)
        self._has_report = (module_available("app.surveys.report")
                            and module_available("app.surveys.report_pdf"))
        self._has_export = module_available("app.surveys.export")
        self.setObjectName("surveyAnalysisPanel")

        self.filters = FilterBar(self)
        self.print_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.filters.trailing.addWidget(self.print_button)
        self.filters.trailing.addWidget(self.export_button)
        self._build_headline()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_items_tab(), "")
        self.tabs.addTab(self._build_charts_tab(), "")
        self.tabs.addTab(self._build_breakdown_tab(), "")
        self.tabs.addTab(self._build_comparison_tab(), "")
        self.tabs.addTab(self._build_suggestions_tab(), "")
        self.tabs.addTab(self._build_actions_tab(), "")
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.message = error_label(self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addLayout(self.headline_layout)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.message)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.filters.changed.connect(self._on_filters_changed)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.retranslate()
        self._update_buttons()
        self._load_lookups()

    # --- building ------------------------------------------------------------------------
    def _build_headline(self) -> None:
        self.headline_layout = QHBoxLayout()
        self.headline: dict[str, QLabel] = {}
        self._headline_captions: dict[str, QLabel] = {}
        for key, _text in HEADLINE:
            card = QFrame(self)
            card.setObjectName("analysisCard")
            card.setStyleSheet(f"QFrame#analysisCard {{ background: {Colours.BASE}; "
                               f"border: 1px solid {Colours.BORDER}; border-radius: 6px; }}")
            value = QLabel(NO_VALUE, card)
            font = QFont(value.font())
            font.setPointSizeF(font.pointSizeF() + 6)
            font.setBold(True)
            value.setFont(font)
            value.setStyleSheet(f"color: {Colours.ACCENT}; border: none;")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(card)
            caption.setStyleSheet(f"color: {Colours.MUTED}; border: none;")
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box = QVBoxLayout(card)
            box.setContentsMargins(10, 6, 10, 6)
            box.setSpacing(0)
            box.addWidget(value)
            box.addWidget(caption)
            self.headline_layout.addWidget(card, 1)
            self.headline[key], self._headline_captions[key] = value, caption

    def _build_items_tab(self) -> QWidget:
        page = QWidget(self)
        self.item_model = ItemTableModel(page)
        self.item_proxy = ItemSortProxy(page)
        self.item_proxy.setSourceModel(self.item_model)
        self.item_table = QTableView(page)
        self.item_table.setModel(self.item_proxy)
        _read_only(self.item_table)
        self.item_table.setSortingEnabled(True)
        self.item_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.item_table.setItemDelegateForColumn(COL_BAR, DistributionDelegate(self.item_table))
        self.item_table.setWordWrap(False)
        self.item_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._configure_item_header()
        self.item_table.selectionModel().selectionChanged.connect(self._on_item_selected)
        self.item_table.doubleClicked.connect(lambda _index: self.new_action())
        self.weak_note = QLabel(page)
        self.weak_note.setWordWrap(True)
        self.weak_note.setStyleSheet(f"color: {WARNING};")
        self.new_action_button = QPushButton(page)
        row = QHBoxLayout()
        row.addWidget(self.weak_note, 1)
        row.addWidget(self.new_action_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.item_table, 1)
        layout.addLayout(row)
        self.new_action_button.clicked.connect(self.new_action)
        return page

    def _build_charts_tab(self) -> QWidget:
        page = QWidget(self)
        self.mean_chart = MeanChart(page)
        self.mean_chart.item_clicked.connect(self.select_item)
        self.mean_title = QLabel(page)
        self.mean_title.setObjectName("sectionTitle")
        self.distribution_title = QLabel(page)
        self.distribution_title.setObjectName("sectionTitle")
        self.distribution_title.setWordWrap(True)
        self.distribution_chart = DistributionChart(page)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.mean_chart)
        means = QWidget(page)
        means_layout = QVBoxLayout(means)
        means_layout.setContentsMargins(0, 0, 6, 0)
        means_layout.addWidget(self.mean_title)
        means_layout.addWidget(scroll, 1)
        distribution = QWidget(page)
        distribution_layout = QVBoxLayout(distribution)
        distribution_layout.setContentsMargins(6, 0, 0, 0)
        distribution_layout.addWidget(self.distribution_title)
        distribution_layout.addWidget(self.distribution_chart)
        distribution_layout.addStretch(1)
        self.charts_splitter = QSplitter(Qt.Orientation.Horizontal, page)
        self.charts_splitter.addWidget(means)
        self.charts_splitter.addWidget(distribution)
        self.charts_splitter.setStretchFactor(0, 3)
        self.charts_splitter.setStretchFactor(1, 2)
        self.charts_splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(page)
        layout.addWidget(self.charts_splitter)
        return page

    def _configure_item_header(self) -> None:
        """Again after each reset of the model, which forgets the sections' modes."""
        header = self.item_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_BAR, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_BAR, 120)

    def _build_breakdown_tab(self) -> QWidget:
        page = QWidget(self)
        self.by_label = QLabel(page)
        self.by_combo = QComboBox(page)
        for key, _text in BREAKDOWNS:
            self.by_combo.addItem("", key)
        self.by_label.setBuddy(self.by_combo)
        self.breakdown_note = QLabel(page)
        self.breakdown_note.setWordWrap(True)
        self.breakdown_note.setStyleSheet(f"color: {Colours.MUTED};")
        self.breakdown_table = QTableWidget(page)
        _read_only(self.breakdown_table)
        top = QHBoxLayout()
        top.addWidget(self.by_label)
        top.addWidget(self.by_combo)
        top.addWidget(self.breakdown_note, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.breakdown_table, 1)
        self.by_combo.currentIndexChanged.connect(lambda _i: self.refresh_breakdown())
        return page

    def _build_comparison_tab(self) -> QWidget:
        page = QWidget(self)
        self.compare_mode = QComboBox(page)
        self.compare_mode.addItem("", "programmes")
        self.compare_mode.addItem("", "periods")
        self.compare_stack = QStackedWidget(page)
        programmes = QWidget(page)
        self.compare_a = QComboBox(programmes)
        self.compare_b = QComboBox(programmes)
        for combo in (self.compare_a, self.compare_b):
            combo.setMinimumWidth(220)
        self._compare_labels = {k: QLabel(page) for k in ("a", "b", "pa", "pb", "pa_to", "pb_to")}
        line = QHBoxLayout(programmes)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self._compare_labels["a"])
        line.addWidget(self.compare_a)
        line.addSpacing(12)
        line.addWidget(self._compare_labels["b"])
        line.addWidget(self.compare_b)
        line.addStretch(1)
        periods = QWidget(page)
        today = date.today()
        self.period_a = (date_edit(periods, today - timedelta(days=180)),
                         date_edit(periods, today - timedelta(days=91)))
        self.period_b = (date_edit(periods, today - timedelta(days=90)), date_edit(periods, today))
        grid = QGridLayout(periods)
        grid.setContentsMargins(0, 0, 0, 0)
        for r, (key, (since, until)) in enumerate((("pa", self.period_a), ("pb", self.period_b))):
            grid.addWidget(self._compare_labels[key], r, 0)
            grid.addWidget(since, r, 1)
            grid.addWidget(self._compare_labels[f"{key}_to"], r, 2)
            grid.addWidget(until, r, 3)
        grid.setColumnStretch(4, 1)
        self.compare_stack.addWidget(programmes)
        self.compare_stack.addWidget(periods)
        self.compare_button = QPushButton(page)
        self.compare_result = QLabel(page)
        self.compare_result.setWordWrap(True)
        self.compare_table = QTableWidget(page)
        _read_only(self.compare_table)
        top = QHBoxLayout()
        top.addWidget(self.compare_mode)
        top.addWidget(self.compare_stack, 1)
        top.addWidget(self.compare_button)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.compare_result)
        layout.addWidget(self.compare_table, 1)
        self.compare_mode.currentIndexChanged.connect(self.compare_stack.setCurrentIndex)
        self.compare_button.clicked.connect(self.compare)
        return page

    def _build_suggestions_tab(self) -> QWidget:
        page = QWidget(self)
        self.suggestions_note = QLabel(page)
        self.suggestions_table = QTableWidget(page)
        _read_only(self.suggestions_table)
        self.suggestions_table.setColumnCount(4)
        self.suggestions_table.setWordWrap(True)
        self.suggestions_table.setItemDelegateForColumn(0, LtrDelegate(self.suggestions_table))
        header = self.suggestions_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.suggestions_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(page)
        layout.addWidget(self.suggestions_note)
        layout.addWidget(self.suggestions_table, 1)
        return page

    def _build_actions_tab(self) -> QWidget:
        page = QWidget(self)
        self.open_only = QCheckBox(page)
        self.actions_table = QTableWidget(page)
        _read_only(self.actions_table)
        self.actions_table.setColumnCount(6)
        self.actions_table.setWordWrap(True)
        header = self.actions_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.actions_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.add_action_button = QPushButton(page)
        self.done_button = QPushButton(page)
        row = QHBoxLayout()
        row.addWidget(self.open_only)
        row.addStretch(1)
        row.addWidget(self.done_button)
        row.addWidget(self.add_action_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.actions_table, 1)
        layout.addLayout(row)
        self.open_only.toggled.connect(lambda _on: self.refresh_actions())
        self.add_action_button.clicked.connect(self.new_action)
        self.done_button.clicked.connect(self.mark_done)
        self.actions_table.itemSelectionChanged.connect(self._update_buttons)
        return page

    # --- words ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.filters.retranslate()
        self.print_button.setText(_("Print report…"))
        self.export_button.setText(_("Export to Excel…"))
        missing = _("Not available in this installation.")
        self.print_button.setToolTip("" if self._has_report else missing)
        self.export_button.setToolTip("" if self._has_export else missing)
        for key, text in HEADLINE:
            self._headline_captions[key].setText(_(text))
        for i, text in enumerate((_("Items"), _("Charts"), _("Breakdowns"), _("Comparison"),
                                  _("Suggestions"), _("Actions"))):
            self.tabs.setTabText(i, text)
        self.new_action_button.setText(_("New action…"))
        self.new_action_button.setToolTip(_("Turn the selected item into an action with an owner and a "
                                            "due date"))
        self.mean_title.setText(_("Mean of each item (1–5)"))
        self.mean_chart.set_message(_("No answers match these filters."))
        self.distribution_chart.set_message(_("Select an item to see how it was answered."))
        self.by_label.setText(_("Break down by:"))
        for i, (_key, text) in enumerate(BREAKDOWNS):
            self.by_combo.setItemText(i, _(text))
        self.compare_mode.setItemText(0, _("Two programmes"))
        self.compare_mode.setItemText(1, _("Two periods"))
        self._compare_labels["a"].setText(_("First:"))
        self._compare_labels["b"].setText(_("Second:"))
        self._compare_labels["pa"].setText(_("First period from"))
        self._compare_labels["pb"].setText(_("Second period from"))
        self._compare_labels["pa_to"].setText(_("until"))
        self._compare_labels["pb_to"].setText(_("until"))
        self.compare_button.setText(_("Compare"))
        self.suggestions_table.setHorizontalHeaderLabels([_("Form number"), _("Programme"), _("Suggestion"),
                                                          _("Keyed at")])
        self.open_only.setText(_("Open actions only"))
        self.add_action_button.setText(_("New action…"))
        self.done_button.setText(_("Mark done…"))
        self.actions_table.setHorizontalHeaderLabels([_("Item"), _("Action"), _("Programme"), _("Owner"),
                                                      _("Due"), _("Status")])
        self._fill_programme_combos()
        if self.summary is not None and self.query is not None:
            self._show(Loaded(self.query, self.summary, self.suggestions))
        self._show_actions(self.action_items)
        if self.comparison is not None:
            self._show_comparison(self.comparison)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.refresh()  # group labels come from the service, in the new language
        super().changeEvent(event)

    # --- the host's entry point ----------------------------------------------------------
    def show_programmes(self, numbers: tuple[str, ...]) -> None:
        """Analyse these programmes (all of them when empty)."""
        self.filters.programme_picker.set_selected(numbers)
        self._timer.stop()
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.summary is None and "summary" not in self._pending:
            self.refresh()  # first shown without a programme chosen: every programme

    def show_tab(self, name: str) -> None:
        """Bring a tab forward: one of :data:`TABS`."""
        self.tabs.setCurrentIndex(TABS.index(name))

    @property
    def busy(self) -> bool:
        """A request is still running (the shown results may change)."""
        return bool(self._pending) or self._timer.isActive()

    # --- loading -------------------------------------------------------------------------
    def _load_lookups(self) -> None:
        services, actor = self._services, self._actor

        def read() -> tuple[list[ProgrammeInfo], list[dict[str, Any]]]:
            return services.programmes.list(actor), list(services.settings.get("centres"))

        Op(self, read).on_success(self._on_lookups).on_failure(self._on_failed).run()

    def _on_lookups(self, found: tuple[list[ProgrammeInfo], list[dict[str, Any]]]) -> None:
        programmes, centres = found
        self.filters.programme_picker.set_programmes(programmes)
        self.filters.set_centres(centres)
        self._fill_programme_combos()

    def _fill_programme_combos(self) -> None:
        programmes = self.filters.programme_picker.programmes()
        for combo in (self.compare_a, self.compare_b):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for p in programmes:
                combo.addItem(p.name, p.number)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        if len(programmes) > 1 and self.compare_a.currentIndex() == self.compare_b.currentIndex():
            self.compare_b.setCurrentIndex(1)

    @Slot()
    def _on_filters_changed(self) -> None:
        self._timer.start()

    def _ask(self, kind: str) -> int:
        self._asked[kind] += 1
        self._pending.add(kind)
        return self._asked[kind]

    def _current(self, kind: str, asked: int) -> bool:
        if asked != self._asked[kind]:
            return False  # an older answer: a newer request is on its way
        self._pending.discard(kind)
        return True

    @Slot()
    def refresh(self) -> None:
        """Read the summary, the suggestions, the breakdown and the actions for the filters."""
        self._timer.stop()
        query = self.filters.query()
        analysis, actor = self._services.survey_analysis, self._actor
        asked = self._ask("summary")

        def read() -> Loaded:
            if query.template_key == COMPLAINTS_KEY:
                return Loaded(query, analysis.complaint_rating(actor, query.since, query.until,
                                                               query.centre), ())
            return Loaded(query, analysis.summary(actor, query), tuple(analysis.suggestions(actor, query)))

        (Op(self, read)
         .on_success(lambda loaded: self._on_loaded(asked, loaded))
         .on_failure(lambda error: self._on_request_failed("summary", asked, error))
         .run())
        self.refresh_breakdown()
        self.refresh_actions()

    def _on_loaded(self, asked: int, loaded: Loaded) -> None:
        if not self._current("summary", asked):
            return
        self.message.hide()
        self._show(loaded)
        self.loaded.emit()

    def refresh_breakdown(self) -> None:
        query = self.filters.query()
        by = str(self.by_combo.currentData())
        asked = self._ask("breakdown")
        if query.template_key == COMPLAINTS_KEY:
            self._pending.discard("breakdown")
            self.groups = ()
            self.breakdown_table.clear()
            self.breakdown_table.setRowCount(0)
            self.breakdown_table.setColumnCount(0)
            self.breakdown_note.setText(_("The complaint-handling rating has no breakdown."))
            self.breakdown_loaded.emit()
            return
        analysis, actor = self._services.survey_analysis, self._actor
        (Op(self, lambda: analysis.breakdown(actor, query, by))
         .on_success(lambda groups: self._on_breakdown(asked, groups))
         .on_failure(lambda error: self._on_request_failed("breakdown", asked, error))
         .run())

    def _on_breakdown(self, asked: int, groups: tuple[GroupSummary, ...]) -> None:
        if not self._current("breakdown", asked):
            return
        self.groups = groups
        self._show_breakdown(groups)
        self.breakdown_loaded.emit()

    def refresh_actions(self) -> None:
        query = self.filters.query()
        actions, actor = self._services.survey_actions, self._actor
        open_only = self.open_only.isChecked()
        programmes = query.programmes if query.template_key != COMPLAINTS_KEY else ()
        asked = self._ask("actions")
        (Op(self, lambda: actions.list(actor, programmes=programmes, open_only=open_only))
         .on_success(lambda found: self._on_actions(asked, found))
         .on_failure(lambda error: self._on_request_failed("actions", asked, error))
         .run())

    def _on_actions(self, asked: int, found: list[ActionInfo]) -> None:
        if not self._current("actions", asked):
            return
        self._show_actions(found)
        self.actions_loaded.emit()

    def _on_request_failed(self, kind: str, asked: int, error: UserError) -> None:
        if self._current(kind, asked):
            self._on_failed(error)

    def _on_failed(self, error: UserError) -> None:
        self.message.setText(error.message)
        self.message.show()
        self.failed.emit(error.message)

    # --- the summary and the items ----------------------------------------------------------
    def _show(self, loaded: Loaded) -> None:
        summary, lang = loaded.summary, current_language()
        self.summary, self.query, self.suggestions = summary, loaded.query, loaded.suggestions
        self.headline["responses"].setText(count_text(summary.responses))
        self.headline["index"].setText(index_text(summary.index))
        self.headline["mean"].setText(mean_text(summary.mean))
        self.headline["agree"].setText(percent_text(summary.agree_share))
        self.headline["flagged"].setText(count_text(summary.flagged))
        self.item_model.set_summary(summary, lang)
        self._configure_item_header()
        self.mean_chart.set_items(summary.items, summary.weakest,
                                  {i.number: item_label(i, lang) for i in summary.items})
        if summary.weakest:
            names = "، ".join(count_text(n) for n in summary.weakest) if lang == "ar" else ", ".join(
                count_text(n) for n in summary.weakest)
            self.weak_note.setText(_("▼ The weakest items: {items}.").format(items=names))
        else:
            self.weak_note.setText("")
        numbers = [i.number for i in summary.items]
        keep = self._selected_item if self._selected_item in numbers else (
            summary.weakest[0] if summary.weakest else (numbers[0] if numbers else 0))
        self.select_item(keep)
        self._show_suggestions(loaded)
        self._update_buttons()

    def item_numbers(self) -> list[int]:
        """The items in the order the table shows them."""
        return [int(self.item_proxy.index(r, 0).data(NUMBER_ROLE)) for r in range(self.item_proxy.rowCount())]

    @Slot(int)
    def select_item(self, number: int) -> None:
        """Select item ``number`` in the table and the charts."""
        self._selected_item = number
        rows = self.item_numbers()
        if number in rows:
            table_row = rows.index(number)
            if self.item_table.currentIndex().row() != table_row:
                select_row(self.item_table, table_row)
        self.mean_chart.set_selected(number)
        item = next((i for i in (self.summary.items if self.summary else ()) if i.number == number), None)
        if item is None:
            self.distribution_chart.set_counts(())
            self.distribution_title.setText(_("Answers to the selected item"))
            return
        self.distribution_chart.set_counts(item.distribution)
        self.distribution_title.setText(_("Answers to item {item}").format(
            item=item_label(item, current_language())))

    @Slot(QItemSelection, QItemSelection)
    def _on_item_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.item_table.currentIndex()
        if index.isValid():
            number = int(index.data(NUMBER_ROLE))
            if number != self._selected_item:
                self.select_item(number)

    def _show_suggestions(self, loaded: Loaded) -> None:
        table = self.suggestions_table
        table.setRowCount(len(loaded.suggestions))
        for r, s in enumerate(loaded.suggestions):
            table.setItem(r, 0, _cell(s.form_number))
            table.setItem(r, 1, _cell(s.programme))
            table.setItem(r, 2, _cell(s.text))
            table.setItem(r, 3, _cell(when(s.keyed_at)))
        if loaded.query.template_key == COMPLAINTS_KEY:
            self.suggestions_note.setText(_("The complaint-handling rating has no suggestions."))
        else:
            self.suggestions_note.setText(_("{n} written suggestions, newest first.").format(
                n=count_text(len(loaded.suggestions))))

    # --- breakdowns ----------------------------------------------------------------------
    def _show_breakdown(self, groups: Sequence[GroupSummary]) -> None:
        table = self.breakdown_table
        items = groups[0].summary.items if groups else ()
        titles = [str(self.by_combo.currentText()), _("Responses keyed"), _("Index"), _("Mean"),
                  _("Agreeing")]
        titles += [count_text(i.number) for i in items]
        table.clear()
        table.setColumnCount(len(titles))
        table.setHorizontalHeaderLabels(titles)
        lang = current_language()
        for c, item in enumerate(items, 5):
            title = table.horizontalHeaderItem(c)
            if title is not None:
                title.setToolTip(item.text(lang))
        table.setRowCount(len(groups))
        for r, g in enumerate(groups):
            s = g.summary
            table.setItem(r, 0, _cell(g.label or g.key or NO_VALUE, data=g.key))
            table.setItem(r, 1, _cell(count_text(s.responses), numeric=True))
            table.setItem(r, 2, _cell(index_text(s.index), numeric=True))
            table.setItem(r, 3, _cell(mean_text(s.mean), numeric=True))
            table.setItem(r, 4, _cell(percent_text(s.agree_share), numeric=True))
            for c, i in enumerate(s.items, 5):
                cell = _cell(mean_text(i.mean), numeric=True)
                if i.number in s.weakest:
                    cell.setForeground(QBrush(QColor(WARNING)))
                table.setItem(r, c, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if table.columnCount():
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.breakdown_note.setText(_("Item means per group; the weakest items of each group in the "
                                      "warning colour.") if groups else _("No answers match these filters."))

    # --- comparison ----------------------------------------------------------------------
    @Slot()
    def compare(self) -> None:
        """Compare the two programmes or the two periods chosen, with the other filters as they are."""
        base = self.filters.query()
        mode = str(self.compare_mode.currentData())
        complaints = base.template_key == COMPLAINTS_KEY
        if mode == "programmes" and not complaints:
            a_ref, b_ref = str(self.compare_a.currentData() or ""), str(self.compare_b.currentData() or "")
            if not a_ref or not b_ref:
                return
            a, b = replace(base, programmes=(a_ref,)), replace(base, programmes=(b_ref,))
            a_label, b_label = self.compare_a.currentText(), self.compare_b.currentText()
        else:
            (a_since, a_until), (b_since, b_until) = (
                (pydate(s.date()), pydate(u.date())) for s, u in (self.period_a, self.period_b))
            a = replace(base, since=a_since, until=a_until)
            b = replace(base, since=b_since, until=b_until)
            a_label = _("{since} to {until}").format(since=day(a_since), until=day(a_until))
            b_label = _("{since} to {until}").format(since=day(b_since), until=day(b_until))
        analysis, actor = self._services.survey_analysis, self._actor
        asked = self._ask("compare")

        def read() -> Comparison:
            if complaints:
                return Comparison(a_label, b_label,
                                  analysis.complaint_rating(actor, a.since, a.until, a.centre),
                                  analysis.complaint_rating(actor, b.since, b.until, b.centre))
            return analysis.compare(actor, a, b, a_label, b_label)

        (Op(self, read)
         .on_success(lambda found: self._on_compared(asked, found))
         .on_failure(lambda error: self._on_request_failed("compare", asked, error))
         .run())

    def compare_programmes(self, a: str, b: str) -> None:
        """Choose two programmes (numbers) and compare them, as a user would."""
        self.compare_mode.setCurrentIndex(0)
        self.compare_a.setCurrentIndex(self.compare_a.findData(a))
        self.compare_b.setCurrentIndex(self.compare_b.findData(b))
        self.compare()

    def compare_periods(self, a: tuple[date, date], b: tuple[date, date]) -> None:
        self.compare_mode.setCurrentIndex(1)
        for edits, (since, until) in ((self.period_a, a), (self.period_b, b)):
            edits[0].setDate(qdate(since))
            edits[1].setDate(qdate(until))
        self.compare()

    def _on_compared(self, asked: int, comparison: Comparison) -> None:
        if not self._current("compare", asked):
            return
        self.comparison = comparison
        self._show_comparison(comparison)
        self.compared.emit()

    def _show_comparison(self, c: Comparison) -> None:
        lang = current_language()
        table = self.compare_table
        table.clear()
        table.setColumnCount(5)
        table.setHorizontalHeaderLabels([_("No."), _("Item"), c.a_label, c.b_label, _("Change")])
        table.setRowCount(len(c.b.items))
        by_number = {i.number: i for i in c.a.items}
        for r, ib in enumerate(c.b.items):
            ia = by_number.get(ib.number)
            change = c.change(ib.number)
            table.setItem(r, 0, _cell(count_text(ib.number), numeric=True, data=ib.number))
            table.setItem(r, 1, _cell(ib.text(lang)))
            table.setItem(r, 2, _cell(mean_text(ia.mean if ia else None), numeric=True))
            table.setItem(r, 3, _cell(mean_text(ib.mean), numeric=True))
            cell = _cell(change_text(change), numeric=True, data=change)
            colour = change_colour(change)
            if colour:
                cell.setForeground(QBrush(QColor(colour)))
            table.setItem(r, 4, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        index_change = None if c.a.index is None or c.b.index is None else c.b.index - c.a.index
        if index_change is None:
            moved = NO_VALUE
        else:
            mark = "▲ " if index_change >= 0.05 else "▼ " if index_change <= -0.05 else ""
            moved = mark + index_text(abs(index_change))
        self.compare_result.setText(_(
            "{a}: {a_n} responses, index {a_index}. {b}: {b_n} responses, index {b_index}. "
            "Change in the index: {change}."
        ).format(a=c.a_label, a_n=count_text(c.a.responses), a_index=index_text(c.a.index), b=c.b_label,
                 b_n=count_text(c.b.responses), b_index=index_text(c.b.index), change=moved))

    # --- actions -------------------------------------------------------------------------
    def _show_actions(self, found: Sequence[ActionInfo]) -> None:
        self.action_items = list(found)
        table = self.actions_table
        table.setRowCount(len(found))
        for r, a in enumerate(found):
            status = _(ACTION_STATUS_LABELS.get(a.status, a.status))
            if a.overdue:
                status = _("Late")
            elif a.status != "open" and a.done_note:
                status = f"{status}: {a.done_note}"
            cells = [_cell(a.item_text or NO_VALUE, data=a.id), _cell(a.description),
                     _cell(a.programme_name or NO_VALUE), _cell(a.owner_name or a.owner),
                     _cell(format_dual(a.due)), _cell(status)]
            for c, cell in enumerate(cells):
                if a.overdue:
                    cell.setForeground(QBrush(QColor(WARNING)))
                    cell.setBackground(QBrush(QColor("#fdf0dc")))
                elif a.status != "open":
                    cell.setForeground(QBrush(QColor(Colours.MUTED)))
                table.setItem(r, c, cell)
        self._update_buttons()

    def selected_action(self) -> ActionInfo | None:
        row = self.actions_table.currentRow()
        if not self.actions_table.selectionModel().hasSelection() or not 0 <= row < len(self.action_items):
            return None
        return self.action_items[row]

    def _update_buttons(self) -> None:
        survey = self.filters.template_key != COMPLAINTS_KEY
        for button in (self.new_action_button, self.add_action_button):
            button.setEnabled(self._can_act)
        action = self.selected_action()
        self.done_button.setEnabled(self._can_act and action is not None and action.status == "open")
        has_data = self.summary is not None and self.summary.responses > 0
        self.print_button.setEnabled(self._has_report and survey and has_data and not self._writing)
        self.export_button.setEnabled(self._has_export and survey and not self._writing)

    def action_dialog(self) -> ActionDialog:
        """The dialog for a new action about the selected item, made but not shown."""
        summary = self.summary
        items = summary.items if summary else ()
        item = next((i for i in items if i.number == self._selected_item), None)
        query = self.query or self.filters.query()
        template_key = query.template_key
        if template_key == COMPLAINTS_KEY:
            template_key = "complaints"
        chosen = query.programmes
        dialog = ActionDialog(self._services, self._actor, template_key=template_key,
                              items=items if template_key != "complaints" else (),
                              weak=summary.weakest if summary else (),
                              item_id=item.item_id if item else "",
                              programmes=self.filters.programme_picker.programmes(),
                              programme=chosen[0] if len(chosen) == 1 else "", parent=self)
        dialog.added.connect(lambda _info: self.refresh_actions())
        return dialog

    @Slot()
    def new_action(self) -> None:
        if self._can_act:
            self.action_dialog().open()

    @Slot()
    def mark_done(self) -> None:
        action = self.selected_action()
        if action is None or not self._can_act:
            return
        dialog = DoneDialog(self._services, self._actor, action, self)
        dialog.saved.connect(lambda _info: self.refresh_actions())
        dialog.open()

    # --- print and export ----------------------------------------------------------------
    def _ask_path(self, title: str, default: str, file_filter: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _chosen = QFileDialog.getSaveFileName(self, title, str(Path(folder) / default), file_filter)
        return Path(name) if name else None

    def _default_name(self, suffix: str) -> str:
        query = self.query or self.filters.query()
        part = query.programmes[0] if len(query.programmes) == 1 else query.template_key
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in part)
        return f"survey-{safe}-{date.today().isoformat()}.{suffix}"

    @Slot()
    def _on_print_clicked(self) -> None:
        path = self.choose_path(_("Print the results report"), self._default_name("pdf"),
                                _("PDF file (*.pdf)"))
        if path is not None:
            self.print_to(path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf"))

    @Slot()
    def _on_export_clicked(self) -> None:
        path = self.choose_path(_("Export the responses"), self._default_name("xlsx"),
                                _("Excel workbook (*.xlsx)"))
        if path is not None:
            self.export_to(path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx"))

    def print_to(self, path: Path, title: str = "") -> None:
        """The results report of the filters shown, as a PDF at ``path`` (in the background)."""
        if not self._has_report:
            return
        # Loaded when used (ReportLab); written by another piece of work, so not imported by name.
        build_results_report = importlib.import_module("app.surveys.report").build_results_report
        results_report_pdf = importlib.import_module("app.surveys.report_pdf").results_report_pdf
        services, actor, query = self._services, self._actor, self.query or self.filters.query()

        def write() -> Path:
            report = build_results_report(services, actor, query, title=title)
            path.write_bytes(results_report_pdf(services, report))
            return path

        self._start_writing()
        (Op(self, write, long=True)
         .on_success(lambda done: self._on_written(done, self.printed))
         .on_failure(self._on_write_failed)
         .run())

    def export_to(self, path: Path) -> None:
        """The raw responses of the programmes chosen, as an Excel workbook at ``path``."""
        if not self._has_export:
            return
        export_responses = importlib.import_module("app.surveys.export").export_responses
        services, actor, query = self._services, self._actor, self.query or self.filters.query()

        def write() -> Path:
            export_responses(services, actor, query.programmes, path, template_key=query.template_key)
            return path

        self._start_writing()
        (Op(self, write, long=True)
         .on_success(lambda done: self._on_written(done, self.exported))
         .on_failure(self._on_write_failed)
         .run())

    def _start_writing(self) -> None:
        self._writing = True
        self._pending.add("write")
        self._update_buttons()

    def _on_written(self, path: Path, signal: Any) -> None:
        self._writing = False
        self._pending.discard("write")
        self._update_buttons()
        self.message.hide()
        self.notice.setText(_("Saved to {file}.").format(file=f"\u2068{path.name}\u2069"))
        self.notice.show()
        signal.emit(path)

    def _on_write_failed(self, error: UserError) -> None:
        self._writing = False
        self._pending.discard("write")
        self._update_buttons()
        self._on_failed(error)
