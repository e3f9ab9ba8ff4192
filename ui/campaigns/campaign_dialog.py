"""One marketing campaign: its plan, the procedure of seed 000 §4.1.8, the agencies' proposals
and the results with the evaluation against the objective.

The details are on the first tab (name, year, objective, target segment with its
cities and neighbourhoods, channels, planned dates with the Hijri date shown,
estimated budget in riyals, agency, linked programme). The procedure is a
vertical list of the steps in order, each completed one with who and when, and
one button for the next step only; the service refuses a step whose condition
is not met (no channels, no proposal, no evaluation) and its sentence is shown,
nothing changes. Every call runs in an :class:`Op`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, _
from app.pipeline.records import CAMPAIGN_STATES, CampaignInfo, CampaignStep, ProposalInfo
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.records import ProgrammeInfo
from app.text.bidi import FSI, PDI, isolate_ltr
from ui.campaigns import labels
from ui.campaigns.labels import (
    CHANNELS_KEY,
    MUTED_COLOUR,
    WARNING_COLOUR,
    campaign_title,
    compact_day,
    copy_proposal,
    hijri_text,
    leading,
    load_channels,
    money_text,
    read_count,
    read_money,
    split_words,
    state_label,
    words_text,
)
from ui.common.dates import pydate, qdate
from ui.common.ops import Op
from ui.common.texts import NO_VALUE, badge_style, number_text, when
from ui.common.widgets import DigitSpinBox, error_label, select_row
from ui.complaints.labels import Vocab

FINAL_STATES = ("evaluated", "cancelled")
STATE_COLOURS = {"planned": "#1d4ed8", "launched": "#b45309", "evaluated": "#4b5563", "cancelled": "#9ca3af"}
PROPOSAL_STATES = ("proposals_requested", "proposals_received")
RESULT_STATES = ("launched", "evaluated")
AMOUNT_MESSAGE = N_("Write an amount in riyals.")
COUNT_MESSAGE = N_("Write a whole number.")
DONE_MARK, CURRENT_MARK, TODO_MARK, CANCELLED_MARK = "✔", "●", "○", "✖"
FileChooser = Callable[[], Path | None]
ReasonAsker = Callable[[], str | None]


@dataclass
class _Field:
    label: QLabel
    text: str  # English source of the label
    widget: QWidget
    error: QLabel
    tab: int




class CampaignDialog(QDialog):
    """New campaign (``campaign`` None, in ``year``) or an existing one.

    ``choose_file()`` picks a proposal's attachment and ``ask_reason()`` asks why the campaign is
    cancelled (dialogs; tests replace them).

    Signals:
        changed(object): the campaign as stored after any change (a :class:`CampaignInfo`).
        loaded: the channels and programmes are read.
        failed(str): a call was refused (the sentence, also shown in the dialog).
    """

    changed = Signal(object)
    loaded = Signal()
    failed = Signal(str)

    DETAILS_TAB, PROPOSALS_TAB, RESULTS_TAB = 0, 1, 2

    def __init__(self, services: AppServices, actor: Actor, campaign: CampaignInfo | None = None, *,
                 year: int | None = None, vocab: Vocab | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.campaign = campaign
        self.vocab = vocab or Vocab()
        self.programmes: list[ProgrammeInfo] = []
        self.choose_file: FileChooser = self._ask_file
        self.ask_reason: ReasonAsker = self._ask_reason
        self.attachment: Path | None = None
        self.last_opened: Path | None = None
        self._fields: dict[str, _Field] = {}
        self._busy = False
        self._channel_checks: dict[str, QCheckBox] = {}
        self._default_year = year or date.today().year

        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.state_badge = QLabel(self)
        self.tabs = QTabWidget(self)
        self._build_details()
        self._build_proposals()
        self._build_results()
        self._build_procedure()
        self.general_error = error_label(self)
        self.close_button = QPushButton(self)
        self.close_button.setAutoDefault(False)

        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.state_badge)
        body = QHBoxLayout()
        body.addWidget(self.tabs, 3)
        body.addWidget(self.procedure_box, 2)
        closing = QHBoxLayout()
        closing.addWidget(self.general_error, 1)
        closing.addStretch(1)
        closing.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(body, 1)
        layout.addLayout(closing)

        self.close_button.clicked.connect(self.accept)
        for button in (self.save_button, self.save_results_button, self.close_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(140)
        self._fill_details(campaign)
        self._fill_results(campaign)
        self.retranslate_ui()
        self._show_state()
        self.resize(1240, 760)
        self.name_edit.setFocus()
        services_, actor_ = services, actor

        def read() -> tuple[Vocab, list[ProgrammeInfo]]:
            return load_channels(services_), services_.programmes.list(actor_)

        Op(self, read).on_success(self._on_loaded).on_failure(self._show_general).run()

    # --- building ------------------------------------------------------------------------
    def _page(self) -> tuple[QWidget, QFormLayout]:
        page = QWidget(self.tabs)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        column = QVBoxLayout(page)
        column.addLayout(form)
        return page, form

    def _add_row(self, form: QFormLayout, tab: int, text: str, widget: QWidget, key: str,
                 buddy: QWidget | None = None) -> None:
        label = QLabel(self)
        label.setBuddy(buddy or widget)
        error = error_label(self)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self._fields[key] = _Field(label, text, buddy or widget, error, tab)
        form.addRow(label, box)

    def _add_tab(self, page: QWidget, buttons: QHBoxLayout) -> None:
        """``page`` scrolls (a small screen), its buttons stay in sight below it."""
        scroll = QScrollArea(self.tabs)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        holder = QWidget(self.tabs)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(scroll, 1)
        column.addLayout(buttons)
        self.tabs.addTab(holder, "")

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        # Left to right, and before the format: right to left Qt shows "d/M/yyyy" as "yyyy/M/d".
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d/M/yyyy")
        edit.setDate(QDate.currentDate())
        return edit

    def _with(self, *widgets: QWidget, stretch_last: bool = True) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for i, w in enumerate(widgets):
            row.addWidget(w, 1 if stretch_last and i == len(widgets) - 1 else 0)
        if not stretch_last:
            row.addStretch(1)
        return box

    def _stacked(self, edit: QWidget, below: QLabel) -> QWidget:
        """A date field with its Hijri date under it."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(edit)
        column.addWidget(below)
        return box

    def _text_box(self, height: int = 64) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(height)
        return edit

    def _build_details(self) -> None:
        page, form = self._page()
        tab = self.DETAILS_TAB
        self.name_edit = QLineEdit(self)
        self.year_spin = DigitSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.year_spin.setMinimumWidth(100)
        self.objective_edit = self._text_box()
        self.segment_edit = QLineEdit(self)
        self.cities_edit = QLineEdit(self)
        self.neighbourhoods_edit = QLineEdit(self)
        self.channels_box = QWidget(self)
        self.channels_grid = QGridLayout(self.channels_box)
        self.channels_grid.setContentsMargins(0, 0, 0, 0)
        self.budget_edit = QLineEdit(self)
        self.budget_edit.setMaximumWidth(180)
        self.budget_unit = QLabel(self)
        self.agency_edit = QLineEdit(self)
        self.programme_combo = QComboBox(self)
        self.programme_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.programme_combo.addItem(NO_VALUE, "")
        self.dates_check = QCheckBox(self)
        self.starts_edit = self._date_edit()
        self.ends_edit = self._date_edit()
        self.starts_hijri = QLabel(self)
        self.ends_hijri = QLabel(self)
        self.dates_to = QLabel(self)
        self.save_button = QPushButton(self)
        self.save_button.setDefault(True)
        self.details_error = error_label(self)

        self._add_row(form, tab, N_("&Name:"), self.name_edit, "name")
        self._add_row(form, tab, N_("&Year:"), self._with(self.year_spin, stretch_last=False), "year",
                      buddy=self.year_spin)
        self._add_row(form, tab, N_("&Objective:"), self.objective_edit, "objective")
        self._add_row(form, tab, N_("Target se&gment:"), self.segment_edit, "segment")
        self._add_row(form, tab, N_("Cities:"), self.cities_edit, "cities")
        self._add_row(form, tab, N_("Neighbourhoods:"), self.neighbourhoods_edit, "neighbourhoods")
        self._add_row(form, tab, N_("Channels:"), self.channels_box, "channels")
        self._add_row(form, tab, N_("Estimated &budget:"),
                      self._with(self.budget_edit, self.budget_unit, stretch_last=False), "budget",
                      buddy=self.budget_edit)
        self._add_row(form, tab, N_("A&gency:"), self.agency_edit, "agency")
        self._add_row(form, tab, N_("Linked &programme:"), self.programme_combo, "programme")
        self._add_row(form, tab, N_("Planned dates:"),
                      self._with(self.dates_check, self._stacked(self.starts_edit, self.starts_hijri),
                                 self.dates_to, self._stacked(self.ends_edit, self.ends_hijri),
                                 stretch_last=False), "dates",
                      buddy=self.dates_check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.details_error, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        column = page.layout()
        assert isinstance(column, QVBoxLayout)
        column.addStretch(1)
        self._add_tab(page, buttons)

        self.starts_edit.dateChanged.connect(self._on_dates_changed)
        self.ends_edit.dateChanged.connect(self._on_dates_changed)
        self.dates_check.toggled.connect(self._on_dates_changed)
        self.save_button.clicked.connect(self.save)

    def _build_proposals(self) -> None:
        page = QWidget(self.tabs)
        tab = self.PROPOSALS_TAB
        self.proposals_hint = QLabel(page)
        self.proposals_hint.setWordWrap(True)
        self.proposals_table = QTableWidget(0, 5, page)
        table = self.proposals_table
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.choose_button = QPushButton(page)
        self.choose_button.setAutoDefault(False)
        self.open_file_button = QPushButton(page)
        self.open_file_button.setAutoDefault(False)
        self.proposals_error = error_label(page)

        self.new_proposal_box = QGroupBox(page)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.proposal_agency_edit = QLineEdit(self)
        self.proposal_cost_edit = QLineEdit(self)
        self.proposal_cost_edit.setMaximumWidth(180)
        self.proposal_cost_unit = QLabel(self)
        self.proposal_date_edit = self._date_edit()
        self.proposal_date_hijri = QLabel(self)
        self.attach_button = QPushButton(self)
        self.attach_button.setAutoDefault(False)
        self.attachment_label = QLabel(self)
        self.add_proposal_button = QPushButton(self)
        self.add_proposal_button.setAutoDefault(False)
        self._add_row(form, tab, N_("Agenc&y:"), self.proposal_agency_edit, "proposal_agency")
        self._add_row(form, tab, N_("C&ost:"),
                      self._with(self.proposal_cost_edit, self.proposal_cost_unit, stretch_last=False),
                      "cost", buddy=self.proposal_cost_edit)
        self._add_row(form, tab, N_("&Received on:"),
                      self._with(self.proposal_date_edit, self.proposal_date_hijri), "received_on",
                      buddy=self.proposal_date_edit)
        self._add_row(form, tab, N_("Attachment:"), self._with(self.attach_button, self.attachment_label),
                      "attachment", buddy=self.attach_button)
        adding = QVBoxLayout(self.new_proposal_box)
        adding.addLayout(form)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_proposal_button)
        adding.addLayout(add_row)

        actions = QHBoxLayout()
        actions.addWidget(self.choose_button)
        actions.addWidget(self.open_file_button)
        actions.addStretch(1)
        column = QVBoxLayout(page)
        column.addWidget(self.proposals_hint)
        column.addWidget(self.proposals_table, 1)
        column.addLayout(actions)
        column.addWidget(self.proposals_error)
        column.addWidget(self.new_proposal_box)
        self.tabs.addTab(page, "")

        table.itemSelectionChanged.connect(self._update_proposal_buttons)
        self.proposal_date_edit.dateChanged.connect(self._on_proposal_date_changed)
        self.attach_button.clicked.connect(self.attach_file)
        self.add_proposal_button.clicked.connect(self.add_proposal)
        self.choose_button.clicked.connect(self.choose_proposal)
        self.open_file_button.clicked.connect(self.open_attachment)
        self._on_proposal_date_changed()

    def _build_results(self) -> None:
        page, form = self._page()
        tab = self.RESULTS_TAB
        self.results_hint = QLabel(page)
        self.results_hint.setWordWrap(True)
        self.actual_edit = QLineEdit(self)
        self.actual_edit.setMaximumWidth(180)
        self.actual_vs_budget = QLabel(self)
        self.reach_edit = QLineEdit(self)
        self.responses_edit = QLineEdit(self)
        self.donations_edit = QLineEdit(self)
        self.donations_unit = QLabel(self)
        self.beneficiaries_edit = QLineEdit(self)
        for edit in (self.reach_edit, self.responses_edit, self.beneficiaries_edit, self.donations_edit):
            edit.setMaximumWidth(180)
        self.objective_view = QLabel(self)
        self.objective_view.setWordWrap(True)
        self.evaluation_edit = self._text_box(96)
        self.save_results_button = QPushButton(self)
        self.save_results_button.setAutoDefault(False)
        self.results_error = error_label(self)
        form.addRow(self.results_hint)
        self._add_row(form, tab, N_("Actual &cost:"), self._with(self.actual_edit, self.actual_vs_budget),
                      "actual_cost_halalas", buddy=self.actual_edit)
        self._add_row(form, tab, N_("Rea&ch:"), self._with(self.reach_edit, stretch_last=False), "reach",
                      buddy=self.reach_edit)
        self._add_row(form, tab, N_("Res&ponses:"), self._with(self.responses_edit, stretch_last=False),
                      "responses", buddy=self.responses_edit)
        self._add_row(form, tab, N_("&Donations attributed:"),
                      self._with(self.donations_edit, self.donations_unit, stretch_last=False),
                      "donations_halalas", buddy=self.donations_edit)
        self._add_row(form, tab, N_("New &beneficiaries:"),
                      self._with(self.beneficiaries_edit, stretch_last=False), "new_beneficiaries",
                      buddy=self.beneficiaries_edit)
        self._add_row(form, tab, N_("Objective:"), self.objective_view, "objective_view")
        self._add_row(form, tab, N_("E&valuation against the objective:"), self.evaluation_edit,
                      "evaluation")
        buttons = QHBoxLayout()
        buttons.addWidget(self.results_error, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.save_results_button)
        column = page.layout()
        assert isinstance(column, QVBoxLayout)
        column.addStretch(1)
        self._add_tab(page, buttons)
        self.actual_edit.textChanged.connect(self._show_actual_vs_budget)
        self.save_results_button.clicked.connect(self.save_results)

    def _build_procedure(self) -> None:
        self.procedure_box = QGroupBox(self)
        self.step_marks: list[QLabel] = []
        self.step_names: list[QLabel] = []
        self.step_details: list[QLabel] = []
        steps = QWidget(self)
        grid = QGridLayout(steps)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        for i, _state in enumerate((*CAMPAIGN_STATES, "cancelled")):
            mark, name, detail = QLabel(self), QLabel(self), QLabel(self)
            mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
            mark.setMinimumWidth(22)
            detail.setWordWrap(True)
            detail.setStyleSheet(f"color: {MUTED_COLOUR};")
            grid.addWidget(mark, 2 * i, 0)
            grid.addWidget(name, 2 * i, 1)
            grid.addWidget(detail, 2 * i + 1, 1)
            self.step_marks.append(mark)
            self.step_names.append(name)
            self.step_details.append(detail)
        self.next_button = QPushButton(self)
        self.next_button.setAutoDefault(False)
        self.cancel_campaign_button = QPushButton(self)
        self.cancel_campaign_button.setAutoDefault(False)
        self.procedure_note = QLabel(self)
        self.procedure_note.setWordWrap(True)
        self.procedure_error = error_label(self)
        grid.setRowStretch(2 * len(self.step_marks), 1)
        scroll = QScrollArea(self.procedure_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(steps)
        column = QVBoxLayout(self.procedure_box)
        column.addWidget(scroll, 1)
        column.addWidget(self.procedure_note)
        column.addWidget(self.procedure_error)
        column.addWidget(self.next_button)
        column.addWidget(self.cancel_campaign_button)
        self.next_button.clicked.connect(self.next_step)
        self.cancel_campaign_button.clicked.connect(self.cancel_campaign)

    # --- filling -------------------------------------------------------------------------
    def _fill_details(self, c: CampaignInfo | None) -> None:
        if c is None:
            self.year_spin.setValue(self._default_year)
            today = date.today()
            start = today if self._default_year == today.year else date(self._default_year, 1, 1)
            self.dates_check.setChecked(True)
            self.starts_edit.setDate(qdate(start))
            self.ends_edit.setDate(qdate(start + timedelta(days=30)))
            self._on_dates_changed()
            return
        self.name_edit.setText(c.name)
        self.year_spin.setValue(c.year)
        self.objective_edit.setPlainText(c.objective)
        self.segment_edit.setText(c.segment)
        self.cities_edit.setText(words_text(c.cities))
        self.neighbourhoods_edit.setText(words_text(c.neighbourhoods))
        self.budget_edit.setText(money_text(c.budget_halalas, currency=False) if c.budget_halalas else "")
        self.agency_edit.setText(c.agency)
        self.dates_check.setChecked(c.planned_start is not None or c.planned_end is not None)
        if c.planned_start:
            self.starts_edit.setDate(qdate(c.planned_start))
        if c.planned_end:
            self.ends_edit.setDate(qdate(c.planned_end))
        self._select_programme(c.programme_number)
        self._fill_channels()
        self._on_dates_changed()

    def _fill_channels(self) -> None:
        """One check box per channel of the settings (and any the campaign kept since removed)."""
        ticked = {k for k, box in self._channel_checks.items() if box.isChecked()}
        if self.campaign is not None and not self._channel_checks:
            ticked = set(self.campaign.channels)
        idents = [ident for ident, _text in self.vocab.choices(CHANNELS_KEY)]
        idents += [c for c in (self.campaign.channels if self.campaign else ()) if c not in idents]
        if list(self._channel_checks) == idents:
            for ident, box in self._channel_checks.items():
                box.setText(self.vocab.label(CHANNELS_KEY, ident))
            return
        for box in self._channel_checks.values():
            self.channels_grid.removeWidget(box)
            box.deleteLater()
        self._channel_checks = {}
        previous: QWidget = self.neighbourhoods_edit
        for i, ident in enumerate(idents):
            box = QCheckBox(self.vocab.label(CHANNELS_KEY, ident), self.channels_box)
            box.setChecked(ident in ticked)
            self.channels_grid.addWidget(box, i // 2, i % 2)
            box.show()  # at once: a layout shows a new child only once the event loop runs
            self._channel_checks[ident] = box
            QWidget.setTabOrder(previous, box)
            previous = box
        QWidget.setTabOrder(previous, self.budget_edit)

    def _select_programme(self, number: str) -> None:
        index = self.programme_combo.findData(number)
        if index < 0 and number:  # not among the programmes read (yet)
            self.programme_combo.addItem(isolate_ltr(number), number)
            index = self.programme_combo.count() - 1
        self.programme_combo.setCurrentIndex(max(index, 0))

    def _fill_results(self, c: CampaignInfo | None) -> None:
        def amount(v: int | None) -> str:
            return "" if v is None else money_text(v, currency=False)

        def count(v: int | None) -> str:
            return "" if v is None else number_text(v)

        self.actual_edit.setText(amount(c.actual_cost_halalas if c else None))
        self.reach_edit.setText(count(c.reach if c else None))
        self.responses_edit.setText(count(c.responses if c else None))
        self.donations_edit.setText(amount(c.donations_halalas if c else None))
        self.beneficiaries_edit.setText(count(c.new_beneficiaries if c else None))
        self.evaluation_edit.setPlainText(c.evaluation if c else "")

    # --- text ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        c = self.campaign
        self.setWindowTitle(_("New campaign") if c is None else _("Campaign {number}").format(
            number=isolate_ltr(c.number)))
        self.heading.setText(_("New campaign") if c is None else leading(campaign_title(c)))
        for f in self._fields.values():
            f.label.setText(_(f.text))
        self.tabs.setTabText(self.DETAILS_TAB, _("Campaign"))
        self.tabs.setTabText(self.PROPOSALS_TAB, _("Agency proposals"))
        self.tabs.setTabText(self.RESULTS_TAB, _("Results and evaluation"))
        self.cities_edit.setPlaceholderText(_("For example: Jeddah, Makkah, Taif"))
        self.neighbourhoods_edit.setPlaceholderText(_("Separated by commas"))
        self.segment_edit.setPlaceholderText(_("For example: residents of the named neighbourhoods; donors"))
        for edit in (self.budget_edit, self.proposal_cost_edit, self.actual_edit, self.donations_edit):
            edit.setPlaceholderText(_("Riyals"))
        for unit in (self.budget_unit, self.proposal_cost_unit, self.donations_unit):
            unit.setText(_("SAR"))
        self.dates_check.setText(_("Known:"))
        self.dates_to.setText(_("to"))
        self.save_button.setText(_("Save") if c is not None else _("Add to the plan"))
        self.close_button.setText(_("Close"))
        self.programme_combo.setItemText(0, _("None"))
        for ident, box in self._channel_checks.items():
            box.setText(self.vocab.label(CHANNELS_KEY, ident))
        self.proposals_table.setHorizontalHeaderLabels(
            [_("Agency"), _("Cost"), _("Received on"), _("Attachment"), _("Chosen")])
        self.choose_button.setText(_("Choose this proposal"))
        self.choose_button.setToolTip(_("The campaign goes with this agency"))
        self.open_file_button.setText(_("Open the attachment"))
        self.new_proposal_box.setTitle(_("Add a proposal"))
        self.attach_button.setText(_("Attach a file…"))
        self.add_proposal_button.setText(_("Add the proposal"))
        self.save_results_button.setText(_("Save the results"))
        self.procedure_box.setTitle(_("Procedure"))
        self.cancel_campaign_button.setText(_("Cancel the campaign…"))
        self.year_spin.lineEdit().setText(self.year_spin.textFromValue(self.year_spin.value()))
        self._show_attachment()
        self._show_state()
        self._on_dates_changed()
        self._on_proposal_date_changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- showing the state ------------------------------------------------------------------
    def _show_state(self) -> None:
        self._show_procedure()
        self._show_proposals()
        self._show_results_state()
        c = self.campaign
        final = c is not None and c.state in FINAL_STATES
        self.save_button.setEnabled(not self._busy and not final)
        for key in ("name", "year", "objective", "segment", "cities", "neighbourhoods", "budget", "agency",
                    "programme", "dates"):
            self._fields[key].widget.setEnabled(not final)
        for box in self._channel_checks.values():
            box.setEnabled(not final)
        if not final:
            self._on_dates_changed()
        self.state_badge.setText(state_label(c.state) if c else "")
        colour = STATE_COLOURS.get(c.state, "#0f766e") if c else MUTED_COLOUR
        self.state_badge.setStyleSheet(badge_style(colour))
        self.state_badge.setVisible(c is not None)

    def _show_procedure(self) -> None:
        c = self.campaign
        state = c.state if c else ""
        states = (*CAMPAIGN_STATES, "cancelled")
        reached = CAMPAIGN_STATES.index(state) if state in CAMPAIGN_STATES else -1
        if state == "cancelled" and c is not None:
            before = next((s.from_state for s in reversed(c.steps) if s.to_state == "cancelled"), "")
            reached = CAMPAIGN_STATES.index(before) if before in CAMPAIGN_STATES else 0
        for i, s in enumerate(states):
            mark, name, detail = self.step_marks[i], self.step_names[i], self.step_details[i]
            name.setText(state_label(s))
            step = next((x for x in reversed(c.steps) if x.to_state == s), None) if c else None
            if s == "cancelled":
                visible = state == "cancelled"
                for w in (mark, name, detail):
                    w.setVisible(visible)
                mark.setText(CANCELLED_MARK)
                mark.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: bold;")
                name.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: bold;")
                detail.setText(self._step_text(step) if step else "")
                continue
            done = i <= reached
            current = i == reached and state != "cancelled"
            mark.setText(CURRENT_MARK if current else DONE_MARK if done else TODO_MARK)
            colour = "#0f766e" if done else MUTED_COLOUR
            mark.setStyleSheet(f"color: {colour}; font-weight: bold;")
            name.setStyleSheet("font-weight: bold;" if current else "" if done else f"color: {MUTED_COLOUR};")
            detail.setText(self._step_text(step) if done and step else "")
            detail.setVisible(bool(detail.text()))
        nxt = self.next_state()
        self.next_button.setVisible(c is not None and nxt is not None)
        self.cancel_campaign_button.setVisible(c is not None and state not in FINAL_STATES)
        self.next_button.setEnabled(not self._busy)
        self.cancel_campaign_button.setEnabled(not self._busy)
        if nxt is not None:
            self.next_button.setText(_("Next step: {step}").format(step=state_label(nxt)))
        if c is None:
            self.procedure_note.setText(_("Add the campaign to the plan first; its procedure starts then."))
        elif state == "evaluated":
            self.procedure_note.setText(_("The procedure is complete."))
        elif state == "cancelled":
            self.procedure_note.setText(_("Cancelled: {reason}").format(reason=c.cancel_reason))
        else:
            self.procedure_note.setText("")
        self.procedure_note.setVisible(bool(self.procedure_note.text()))

    def _step_text(self, step: CampaignStep) -> str:
        who = self._actor.full_name if step.user_name == self._actor.name and self._actor.full_name \
            else step.user_name
        text = _("{who} · {when}").format(who=f"{FSI}{who}{PDI}", when=when(step.at))
        return leading(f"{text}\n{step.note}" if step.note else text)

    def next_state(self) -> str | None:
        c = self.campaign
        if c is None or c.state in FINAL_STATES or c.state not in CAMPAIGN_STATES:
            return None
        return CAMPAIGN_STATES[CAMPAIGN_STATES.index(c.state) + 1]

    def _show_proposals(self) -> None:
        c = self.campaign
        proposals = c.proposals if c else ()
        selected = self.current_proposal()
        table = self.proposals_table
        table.setRowCount(len(proposals))
        for row, p in enumerate(proposals):
            cells = (p.agency, money_text(p.cost_halalas), compact_day(p.received_on),
                     p.file_name or NO_VALUE, "✔" if p.chosen else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if p.chosen:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(row, column, item)
        if selected is not None:
            for row, p in enumerate(proposals):
                if p.id == selected.id:
                    select_row(table, row)
        can_add = c is not None and c.state in PROPOSAL_STATES
        self.new_proposal_box.setEnabled(can_add and not self._busy)
        if c is None:
            hint = _("Add the campaign to the plan first.")
        elif can_add:
            hint = _("Record each agency's proposal with its cost and the file it sent, then choose one.")
        elif c.state in CAMPAIGN_STATES and CAMPAIGN_STATES.index(c.state) < CAMPAIGN_STATES.index(
                "proposals_requested"):
            hint = _("Proposals are recorded once they have been requested.")
        else:
            hint = ""
        self.proposals_hint.setText(hint)
        self.proposals_hint.setVisible(bool(hint))
        self._update_proposal_buttons()

    def current_proposal(self) -> ProposalInfo | None:
        c = self.campaign
        row = self.proposals_table.currentRow()
        if c is None or not self.proposals_table.selectionModel().hasSelection() \
                or not 0 <= row < len(c.proposals):
            return None
        return c.proposals[row]

    def _update_proposal_buttons(self) -> None:
        p = self.current_proposal()
        c = self.campaign
        live = c is not None and c.state not in FINAL_STATES
        self.choose_button.setEnabled(not self._busy and live and p is not None and not p.chosen)
        self.open_file_button.setEnabled(not self._busy and p is not None and bool(p.sha256))

    def _show_results_state(self) -> None:
        c = self.campaign
        can = c is not None and c.state in RESULT_STATES
        for key in ("actual_cost_halalas", "reach", "responses", "donations_halalas", "new_beneficiaries",
                    "evaluation"):
            self._fields[key].widget.setEnabled(can)
        self.save_results_button.setEnabled(can and not self._busy)
        if c is None or c.state == "cancelled":
            hint = _("Results are recorded once the campaign is launched.") if c is None else ""
        elif not can:
            hint = _("Results are recorded once the campaign is launched.")
        else:
            hint = _("Record what the campaign achieved, then evaluate it against its objective.")
        self.results_hint.setText(hint)
        self.results_hint.setVisible(bool(hint))
        self.objective_view.setText(c.objective if c and c.objective else NO_VALUE)
        self._show_actual_vs_budget()

    @Slot()
    def _show_actual_vs_budget(self) -> None:
        c = self.campaign
        if c is None:
            self.actual_vs_budget.setText("")
            return
        budget = _("of an estimated budget of {budget}").format(budget=money_text(c.budget_halalas))
        actual = read_money(self.actual_edit.text()) if self.actual_edit.text().strip() else None
        if actual is not None and actual > c.budget_halalas:
            over = _("over budget by {amount}").format(amount=money_text(actual - c.budget_halalas))
            self.actual_vs_budget.setText(f"{budget} · {over}")
            self.actual_vs_budget.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: bold;")
        else:
            self.actual_vs_budget.setText(budget)
            self.actual_vs_budget.setStyleSheet(f"color: {MUTED_COLOUR};")

    def _show_attachment(self) -> None:
        self.attachment_label.setText(isolate_ltr(self.attachment.name) if self.attachment
                                      else _("No file attached"))

    # --- values ------------------------------------------------------------------------
    def channels(self) -> list[str]:
        return [ident for ident, box in self._channel_checks.items() if box.isChecked()]

    def values(self) -> dict[str, Any]:
        """What the service is given for the details (its field names); the budget in halalas, or
        None when it is not an amount."""
        dated = self.dates_check.isChecked()
        self.year_spin.interpretText()
        return {
            "name": self.name_edit.text(),
            "year": self.year_spin.value(),
            "objective": self.objective_edit.toPlainText(),
            "segment": self.segment_edit.text(),
            "cities": split_words(self.cities_edit.text()),
            "neighbourhoods": split_words(self.neighbourhoods_edit.text()),
            "channels": self.channels(),
            "planned_start": pydate(self.starts_edit.date()) if dated else None,
            "planned_end": pydate(self.ends_edit.date()) if dated else None,
            "budget_halalas": read_money(self.budget_edit.text()),
            "agency": self.agency_edit.text(),
            "programme": str(self.programme_combo.currentData() or ""),
        }

    def error_text(self, field: str) -> str:
        """The sentence shown beside ``field`` ("" when none)."""
        f = self._fields.get(field)
        return f.error.text() if f is not None and not f.error.isHidden() else ""

    # --- actions -----------------------------------------------------------------------
    @Slot()
    def save(self) -> None:
        """Add the campaign to the plan, or save its details."""
        if self._busy or (self.campaign is not None and self.campaign.state in FINAL_STATES):
            return
        self._clear_errors()
        values = self.values()
        if values["budget_halalas"] is None:
            self._field_error("budget", _(AMOUNT_MESSAGE))
            return
        services, actor, current = self._services, self._actor, self.campaign
        if current is None:
            name = values.pop("name")
            self._run(lambda: services.campaigns.add(actor, name, **values), self._on_saved,
                      self.details_error)
        else:
            ident = current.id
            self._run(lambda: services.campaigns.update(actor, ident, **values), self._on_saved,
                      self.details_error)

    @Slot()
    def next_step(self) -> None:
        """Move the campaign to the next step of the procedure (the service checks its condition)."""
        c, nxt = self.campaign, self.next_state()
        if c is None or nxt is None or self._busy:
            return
        self._clear_errors()
        services, actor, ident = self._services, self._actor, c.id
        self._run(lambda: services.campaigns.move(actor, ident, nxt), self._on_moved, self.procedure_error)

    @Slot()
    def cancel_campaign(self) -> None:
        c = self.campaign
        if c is None or c.state in FINAL_STATES or self._busy:
            return
        reason = self.ask_reason()
        if reason is None:
            return
        self._clear_errors()
        services, actor, ident = self._services, self._actor, c.id
        self._run(lambda: services.campaigns.move(actor, ident, "cancelled", reason=reason), self._on_moved,
                  self.procedure_error)

    @Slot()
    def attach_file(self) -> None:
        path = self.choose_file()
        if path is not None:
            self.attachment = path
            self._show_attachment()

    @Slot()
    def add_proposal(self) -> None:
        c = self.campaign
        if c is None or self._busy:
            return
        self._clear_errors()
        cost = read_money(self.proposal_cost_edit.text())
        if cost is None or not self.proposal_cost_edit.text().strip():
            self._field_error("cost", _(AMOUNT_MESSAGE))
            return
        services, actor, ident = self._services, self._actor, c.id
        agency, received, attachment = (self.proposal_agency_edit.text(),
                                        pydate(self.proposal_date_edit.date()), self.attachment)

        def job() -> CampaignInfo:
            services.campaigns.add_proposal(actor, ident, agency, cost, received, attachment)
            return services.campaigns.get(actor, ident)

        self._run(job, self._on_proposal_added, self.proposals_error)

    @Slot()
    def choose_proposal(self) -> None:
        p = self.current_proposal()
        if p is None or self._busy:
            return
        self._clear_errors()
        services, actor, ident = self._services, self._actor, p.id
        self._run(lambda: services.campaigns.choose_proposal(actor, ident), self._on_chosen,
                  self.proposals_error)

    @Slot()
    def open_attachment(self) -> None:
        p = self.current_proposal()
        if p is None or not p.sha256:
            return
        services, sha, name = self._services, p.sha256, p.file_name
        Op(self, lambda: copy_proposal(services, sha, name)).on_success(self._on_copied) \
            .on_failure(lambda e: self._on_failed(e, self.proposals_error)).run()

    @Slot()
    def save_results(self) -> None:
        c = self.campaign
        if c is None or self._busy:
            return
        self._clear_errors()
        results: dict[str, object] = {"evaluation": self.evaluation_edit.toPlainText()}
        money = (("actual_cost_halalas", self.actual_edit), ("donations_halalas", self.donations_edit))
        for key, edit in money:
            value = read_money(edit.text()) if edit.text().strip() else None
            if edit.text().strip() and value is None:
                self._field_error(key, _(AMOUNT_MESSAGE))
                return
            results[key] = value
        for key, edit in (("reach", self.reach_edit), ("responses", self.responses_edit),
                          ("new_beneficiaries", self.beneficiaries_edit)):
            count = read_count(edit.text())
            if count == -1:
                self._field_error(key, _(COUNT_MESSAGE))
                return
            results[key] = count
        services, actor, ident = self._services, self._actor, c.id
        self._run(lambda: services.campaigns.record_results(actor, ident, **results), self._on_results_saved,
                  self.results_error)

    # --- internals ---------------------------------------------------------------------
    def _run(self, job: Callable[[], CampaignInfo], done: Callable[[CampaignInfo], None],
             general: QLabel) -> None:
        self._busy = True
        self._show_state()
        Op(self, job, write=True).on_success(lambda info: self._finish(info, done)) \
            .on_failure(lambda e: self._on_failed(e, general)).run()

    def _finish(self, info: CampaignInfo, done: Callable[[CampaignInfo], None]) -> None:
        self._busy = False
        self.campaign = info
        done(info)
        self._show_state()
        self.changed.emit(info)

    def _on_saved(self, info: CampaignInfo) -> None:
        self._fill_details(info)
        self.retranslate_ui()

    def _on_moved(self, info: CampaignInfo) -> None:
        pass

    def _on_proposal_added(self, info: CampaignInfo) -> None:
        self.proposal_agency_edit.clear()
        self.proposal_cost_edit.clear()
        self.attachment = None
        self._show_attachment()
        self._show_proposals()
        if info.proposals:
            select_row(self.proposals_table, len(info.proposals) - 1)

    def _on_chosen(self, info: CampaignInfo) -> None:
        self.agency_edit.setText(info.agency)

    def _on_results_saved(self, info: CampaignInfo) -> None:
        self._fill_results(info)

    def _on_copied(self, path: Path | None) -> None:
        if path is None:
            self.proposals_error.setText(_("The attached file is not kept on this computer."))
            self.proposals_error.show()
            return
        self.last_opened = path
        labels.open_document(path)

    def _on_failed(self, error: UserError, general: QLabel) -> None:
        """The sentence beside its field when the field is here, and always where the action was."""
        self._busy = False
        self._show_state()
        key = {"budget": "budget", "agency": "proposal_agency" if general is self.proposals_error
               else "agency", "reason": "", "planned_start": "dates", "planned_end": "dates"}.get(
            error.field or "", error.field or "")
        f = self._fields.get(key)
        if f is not None and general is not self.procedure_error:
            self._field_error(key, error.message)
        else:
            general.setText(error.message)
            general.show()
            if f is not None:  # a step refused for a missing value: show where it is written
                f.error.setText(error.message)
                f.error.show()
                self.tabs.setCurrentIndex(f.tab)
            elif error.field == "proposals":
                self.tabs.setCurrentIndex(self.PROPOSALS_TAB)
        self.failed.emit(error.message)

    def _field_error(self, key: str, message: str) -> None:
        f = self._fields[key]
        f.error.setText(message)
        f.error.show()
        self.tabs.setCurrentIndex(f.tab)
        f.widget.setFocus()

    def _show_general(self, error: UserError) -> None:
        self.general_error.setText(error.message)
        self.general_error.show()
        self.failed.emit(error.message)

    def _clear_errors(self) -> None:
        for f in self._fields.values():
            f.error.hide()
        for label in (self.general_error, self.details_error, self.proposals_error, self.results_error,
                      self.procedure_error):
            label.hide()

    def _on_loaded(self, result: tuple[Vocab, list[ProgrammeInfo]]) -> None:
        vocab, programmes = result
        self.vocab = vocab
        self.programmes = programmes
        current = str(self.programme_combo.currentData() or "")
        self.programme_combo.blockSignals(True)
        self.programme_combo.clear()
        self.programme_combo.addItem(_("None"), "")
        for p in programmes:
            self.programme_combo.addItem(f"{p.name} ({isolate_ltr(p.number)})", p.number)
        self._select_programme(current or (self.campaign.programme_number if self.campaign else ""))
        self.programme_combo.blockSignals(False)
        self._fill_channels()
        self._show_state()
        self.loaded.emit()

    def _ask_file(self) -> Path | None:
        name, _chosen = QFileDialog.getOpenFileName(self, _("The agency's proposal"), "",
                                                    _("All files (*)"))
        return Path(name) if name else None

    def _ask_reason(self) -> str | None:
        text, ok = QInputDialog.getMultiLineText(self, _("Cancel the campaign"),
                                                 _("Why is the campaign cancelled?"))
        return text if ok else None

    @Slot()
    def _on_dates_changed(self) -> None:
        dated = self.dates_check.isChecked()
        final = self.campaign is not None and self.campaign.state in FINAL_STATES
        self.dates_to.setEnabled(dated)
        for edit, label in ((self.starts_edit, self.starts_hijri), (self.ends_edit, self.ends_hijri)):
            edit.setEnabled(dated and not final)
            label.setText(hijri_text(pydate(edit.date())) if dated else "")

    @Slot()
    def _on_proposal_date_changed(self) -> None:
        self.proposal_date_hijri.setText(hijri_text(pydate(self.proposal_date_edit.date())))
