"""The annual marketing plan (الخطة التسويقية السنوية, seed 000 §4.1.8).

A year selector and the year's campaigns: number, name, target segment,
channels, planned dates (Hijri beside Gregorian), estimated budget, agency,
the step of the procedure reached, and the actual cost against the budget
(over budget in the warning colour). The last row totals the budgets and
actual costs of the campaigns that were not cancelled. From here: a new
campaign, open one (its details, procedure, proposals and results), print the
plan or a campaign's report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, _, ngettext
from app.pipeline.records import CampaignInfo
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from app.text.bidi import isolate_ltr
from ui.campaigns import labels
from ui.campaigns.labels import (
    WARNING_COLOUR,
    channels_text,
    load_channels,
    money_text,
    over_budget,
    planned_text,
    state_label,
)
from ui.common.ops import Op
from ui.common.texts import NO_VALUE, day, number_text
from ui.common.widgets import DigitSpinBox, LtrDelegate, error_label, read_only_rows, select_row
from ui.complaints.labels import Vocab

MAX_COLUMN_WIDTH = 280
NUMBER_ROLE = Qt.ItemDataRole.UserRole
PathChooser = Callable[[str], Path | None]


class Column(IntEnum):
    NUMBER = 0
    NAME = 1
    SEGMENT = 2
    CHANNELS = 3
    DATES = 4
    BUDGET = 5
    AGENCY = 6
    STATE = 7
    ACTUAL = 8


HEADERS = {
    Column.NUMBER: N_("Number"),
    Column.NAME: N_("Campaign"),
    Column.SEGMENT: N_("Target segment"),
    Column.CHANNELS: N_("Channels"),
    Column.DATES: N_("Planned dates"),
    Column.BUDGET: N_("Estimated budget"),
    Column.AGENCY: N_("Agency"),
    Column.STATE: N_("Procedure step"),
    Column.ACTUAL: N_("Actual cost"),
}


WIDTHS = {Column.NAME: 260, Column.SEGMENT: 200, Column.CHANNELS: 220, Column.AGENCY: 160}


class CampaignsPage(QWidget):
    """The annual plan.

    ``choose_path(default_name)`` asks where to write a PDF (a file dialog; tests replace it).

    Signals:
        changed: a campaign was added, moved or changed.
        loaded: the year's campaigns are shown.
        printed(object): a PDF was written (its :class:`Path`).
    """

    changed = Signal()
    loaded = Signal()
    printed = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.can_manage = actor.can(Permission.CAMPAIGNS_MANAGE)
        self.can_print = labels.printing_available()
        self.vocab = Vocab()
        self.campaigns: list[CampaignInfo] = []
        self.dialog: QWidget | None = None
        self.choose_path: PathChooser = self._ask_path
        self.last_pdf: Path | None = None
        self._generation = 0
        self._shown_once = False
        self._printing = False

        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.year_label = QLabel(self)
        self.year_spin = DigitSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(date.today().year)
        self.year_spin.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a number: left to right
        self.year_spin.setMinimumWidth(100)
        self.year_label.setBuddy(self.year_spin)
        self.table = QTableWidget(0, len(Column), self)
        self._configure_table()
        self.count_label = QLabel(self)
        self.message = error_label(self)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.new_button = QPushButton(self)
        self.open_button = QPushButton(self)
        self.print_plan_button = QPushButton(self)
        self.print_report_button = QPushButton(self)
        self.refresh_button = QPushButton(self)
        self._new_shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        self._refresh_shortcut = QShortcut(QKeySequence.StandardKey.Refresh, self)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.year_label)
        top.addWidget(self.year_spin)
        top.addWidget(self.refresh_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_plan_button)
        buttons.addWidget(self.print_report_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        layout.addWidget(self.status_label)
        layout.addWidget(self.message)

        self.year_spin.valueChanged.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(self._on_table_activated)
        self.new_button.clicked.connect(self.new_campaign)
        self.open_button.clicked.connect(self.open_campaign)
        self.print_plan_button.clicked.connect(self.print_plan)
        self.print_report_button.clicked.connect(self.print_report)
        self.refresh_button.clicked.connect(self.reload)
        self._new_shortcut.activated.connect(self.new_campaign)
        self._refresh_shortcut.activated.connect(self.reload)

        self.retranslate_ui()
        self._update_buttons()
        services_ = services
        Op(self, lambda: load_channels(services_)).on_success(self._on_vocab_loaded) \
            .on_failure(self._show_error).run()

    def _configure_table(self) -> None:
        table = self.table
        read_only_rows(table)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self._ltr = LtrDelegate(table)
        table.setItemDelegateForColumn(Column.NUMBER, self._ltr)

    # --- text ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.title.setText(_("Annual marketing plan"))
        self.year_label.setText(_("&Year:"))
        self.table.setHorizontalHeaderLabels([_(HEADERS[c]) for c in Column])
        self.new_button.setText(_("New campaign…"))
        self.new_button.setToolTip(_("Add a campaign to the plan (Ctrl+N)"))
        self.open_button.setText(_("Open…"))
        self.open_button.setToolTip(_("The campaign's details, procedure, proposals and results"))
        self.print_plan_button.setText(_("Print plan…"))
        self.print_report_button.setText(_("Print campaign report…"))
        if self.can_print:
            self.print_plan_button.setToolTip(_("The year's plan as a printable table (PDF)"))
            self.print_report_button.setToolTip(_("The selected campaign's report (PDF)"))
        else:
            tip = _("Printing campaigns is not available in this version.")
            self.print_plan_button.setToolTip(tip)
            self.print_report_button.setToolTip(tip)
        self.refresh_button.setText(_("Refresh"))
        self.refresh_button.setToolTip(_("Read the plan again (F5)"))
        self.year_spin.lineEdit().setText(self.year_spin.textFromValue(self.year_spin.value()))
        self._show_rows()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if self._shown_once and not event.spontaneous():
            self.reload()  # others may have moved a campaign meanwhile
        self._shown_once = True
        super().showEvent(event)

    # --- public -----------------------------------------------------------------------
    def year(self) -> int:
        return self.year_spin.value()

    def set_year(self, year: int) -> None:
        self.year_spin.setValue(year)

    @Slot()
    def reload(self) -> None:
        """Read the selected year's campaigns (by planned start)."""
        services, actor, year = self._services, self._actor, self.year()
        self._generation += 1
        generation = self._generation
        Op(self, lambda: services.campaigns.list(actor, year)) \
            .on_success(lambda rows: self._on_loaded(generation, rows)).on_failure(self._on_load_failed).run()

    def current(self) -> CampaignInfo | None:
        row = self.table.currentRow()
        if not self.table.selectionModel().hasSelection() or not 0 <= row < len(self.campaigns):
            return None
        return self.campaigns[row]

    def select_number(self, number: str) -> bool:
        for row, c in enumerate(self.campaigns):
            if c.number == number:
                select_row(self.table, row)
                return True
        return False

    @Slot()
    def new_campaign(self) -> None:
        self._open_dialog(None)

    @Slot()
    def open_campaign(self) -> None:
        c = self.current()
        if c is not None:
            self._open_dialog(c)

    @Slot()
    def print_plan(self) -> None:
        if not self.can_print or self._printing:
            return
        year = self.year()
        path = self.choose_path(f"campaign-plan-{year}.pdf")
        if path is None:
            return
        campaigns, services = list(self.campaigns), self._services
        self._print(lambda: labels.write_plan_pdf(services, year, campaigns, _pdf(path)))

    @Slot()
    def print_report(self) -> None:
        c = self.current()
        if c is None or not self.can_print or self._printing:
            return
        path = self.choose_path(f"campaign-{c.number}.pdf")
        if path is None:
            return
        services, actor, number = self._services, self._actor, c.number

        def job() -> Path:
            info = services.campaigns.get(actor, number)
            return labels.write_report_pdf(services, info, _pdf(path))

        self._print(job)

    # --- internals ---------------------------------------------------------------------
    def _open_dialog(self, campaign: CampaignInfo | None) -> None:
        if not self.can_manage:
            return
        from ui.campaigns.campaign_dialog import CampaignDialog

        dialog = CampaignDialog(self._services, self._actor, campaign, year=self.year(), vocab=self.vocab,
                                parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._on_campaign_changed)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _print(self, job: Callable[[], Path]) -> None:
        self._printing = True
        self.message.hide()
        self.status_label.setText(_("Writing the PDF…"))
        self._update_buttons()
        Op(self, job, long=True).on_success(self._on_printed).on_failure(self._on_print_failed).run()

    def _ask_path(self, default_name: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _chosen = QFileDialog.getSaveFileName(
            self, _("Save the PDF"), str(Path(folder) / default_name), _("PDF document (*.pdf)"))
        return Path(name) if name else None

    def _show_rows(self) -> None:
        selected = self.current()
        table = self.table
        table.setRowCount(len(self.campaigns) + (1 if self.campaigns else 0))
        warning = QBrush(QColor(WARNING_COLOUR))
        for row, c in enumerate(self.campaigns):
            cells = {
                Column.NUMBER: c.number,
                Column.NAME: c.name,
                Column.SEGMENT: c.segment or NO_VALUE,
                Column.CHANNELS: channels_text(self.vocab, c.channels),
                Column.DATES: planned_text(c.planned_start, c.planned_end),
                Column.BUDGET: money_text(c.budget_halalas),
                Column.AGENCY: c.agency or NO_VALUE,
                Column.STATE: state_label(c.state),
                Column.ACTUAL: money_text(c.actual_cost_halalas),
            }
            for column, text in cells.items():
                item = QTableWidgetItem(text)
                item.setData(NUMBER_ROLE, c.number)
                if column in (Column.NAME, Column.SEGMENT, Column.CHANNELS):
                    item.setToolTip(text)
                elif column == Column.DATES:
                    item.setToolTip("\n".join(day(d) for d in (c.planned_start, c.planned_end) if d))
                elif column == Column.STATE and c.state == "cancelled" and c.cancel_reason:
                    item.setToolTip(c.cancel_reason)
                if column == Column.ACTUAL and over_budget(c):
                    assert c.actual_cost_halalas is not None
                    item.setForeground(warning)
                    item.setToolTip(_("Over budget by {amount}").format(
                        amount=money_text(c.actual_cost_halalas - c.budget_halalas)))
                if c.state == "cancelled" and column != Column.STATE:
                    item.setForeground(QBrush(QColor(labels.MUTED_COLOUR)))
                table.setItem(row, column, item)
        if self.campaigns:
            self._show_totals(len(self.campaigns))
        n = len(self.campaigns)
        self.count_label.setText(
            ngettext("{n} campaign in {year}", "{n} campaigns in {year}", n).format(
                n=number_text(n), year=self.year_spin.textFromValue(self.year())))
        if selected is not None:
            self.select_number(selected.number)

    def totals(self) -> tuple[int, int]:
        """(estimated budget, actual cost) of the year's campaigns that were not cancelled, in halalas."""
        live = [c for c in self.campaigns if c.state != "cancelled"]
        return sum(c.budget_halalas for c in live), sum(c.actual_cost_halalas or 0 for c in live)

    def _show_totals(self, row: int) -> None:
        budget, actual = self.totals()
        bold = QFont(self.table.font())
        bold.setBold(True)
        for column in Column:
            text = ""
            if column == Column.NAME:
                text = _("Total")
            elif column == Column.BUDGET:
                text = money_text(budget)
            elif column == Column.ACTUAL:
                text = money_text(actual)
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: it is not a campaign
            item.setFont(bold)
            if column == Column.NAME:
                item.setToolTip(_("Campaigns that were cancelled are not counted."))
            if column == Column.ACTUAL and actual > budget:
                item.setForeground(QBrush(QColor(WARNING_COLOUR)))
            self.table.setItem(row, column, item)

    def totals_row(self) -> int:
        """The table row of the totals (-1 when the year has no campaign)."""
        return len(self.campaigns) if self.campaigns else -1

    def _size_columns(self) -> None:
        table = self.table
        for column in Column:
            table.resizeColumnToContents(column)
            limit = WIDTHS.get(column, MAX_COLUMN_WIDTH)
            table.setColumnWidth(column, min(table.columnWidth(column) + 16, limit))

    def _update_buttons(self) -> None:
        c = self.current()
        self.new_button.setEnabled(self.can_manage)
        self.open_button.setEnabled(self.can_manage and c is not None)
        self.print_plan_button.setEnabled(self.can_print and self.can_manage and not self._printing)
        self.print_report_button.setEnabled(self.can_print and c is not None and not self._printing)

    def _show_error(self, error: UserError) -> None:
        self.message.setText(error.message)
        self.message.show()

    def _on_load_failed(self, error: UserError) -> None:
        self.campaigns = []
        self._show_rows()
        self._update_buttons()
        self._show_error(error)
        self.loaded.emit()

    def _on_vocab_loaded(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.reload()

    def _on_loaded(self, generation: int, rows: list[CampaignInfo]) -> None:
        if generation != self._generation:
            return  # another year was asked for meanwhile
        self.message.hide()
        self.campaigns = rows
        self._show_rows()
        if rows:
            self._size_columns()
            self.table.resizeRowsToContents()
        if rows and self.current() is None:
            select_row(self.table, 0)
        self._update_buttons()
        self.loaded.emit()

    @Slot(QModelIndex)
    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.open_campaign()

    def _on_campaign_changed(self, campaign: CampaignInfo) -> None:
        self.changed.emit()
        if campaign.year != self.year():
            self.year_spin.blockSignals(True)
            self.year_spin.setValue(campaign.year)
            self.year_spin.blockSignals(False)
        services, actor, year = self._services, self._actor, campaign.year
        self._generation += 1
        generation = self._generation

        def loaded(rows: list[CampaignInfo]) -> None:
            self._on_loaded(generation, rows)
            self.select_number(campaign.number)

        Op(self, lambda: services.campaigns.list(actor, year)).on_success(loaded) \
            .on_failure(self._show_error).run()

    def _on_printed(self, path: Path) -> None:
        self._printing = False
        self.last_pdf = path
        self.status_label.setText(_("Written to {path}").format(path=isolate_ltr(str(path))))
        self._update_buttons()
        self.printed.emit(path)
        labels.open_document(path)

    def _on_print_failed(self, error: UserError) -> None:
        self._printing = False
        self.status_label.setText("")
        self._update_buttons()
        self._show_error(error)

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None


def _pdf(path: Path) -> Path:
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
