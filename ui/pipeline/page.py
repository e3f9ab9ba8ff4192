"""The opportunities area (الفرص): the relations team's pipeline.

A filter bar (owner, programme, centre, period, search) drives two views of the same
opportunities in tabs: the board (:class:`ui.pipeline.board.PipelineBoard`, the kanban) and the
list (``ui.pipeline.list_view.OpportunityListView``, exportable to Excel). Buttons: a new
opportunity (``ui.pipeline.opportunity_dialog.OpportunityDialog``) and the weekly report
(``app.pipeline.report_pdf.weekly_report_pdf``). The list, the form and the report are other
parts of Sila: the page looks for them without importing them, builds the list when its tab is
first shown, and disables a button (or shows a notice in the tab) while its part is missing.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _
from app.pipeline.records import BoardQuery
from app.pipeline.weekly import parse_week, week_of
from app.services.app_services import AppServices
from app.services.context import Actor
from ui.common.files import open_document as open_document  # tests replace it here
from ui.common.ops import Op
from ui.common.texts import day, digits
from ui.pipeline.board import DIALOG_MODULE, PipelineBoard, module_available
from ui.pipeline.board_filters import FilterBar, FilterChoices, load_choices

log = logging.getLogger("sila.ui")

LIST_MODULE = "ui.pipeline.list_view"
REPORT_MODULE = "app.pipeline.report_pdf"
WEEKS_OFFERED = 12




def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    """Where to save the report (tests replace this)."""
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save the weekly report"),
                                                str(Path.home() / suggested), _("PDF documents (*.pdf)"))
    return Path(name) if name else None


class WeeklyReportDialog(QDialog):
    """Which week (Sunday to Saturday) to report: this week and the eleven before it."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.week_combo = QComboBox(self)
        sunday = parse_week(week_of(today or date.today()))[1]
        for n in range(WEEKS_OFFERED):
            start = sunday - timedelta(days=7 * n)
            self.week_combo.addItem("", week_of(start))
        self.label = QLabel(self)
        self.label.setBuddy(self.week_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.label, self.week_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Weekly opportunities report"))
        self.label.setText(_("Week:"))
        for i in range(self.week_combo.count()):
            week = str(self.week_combo.itemData(i))
            start = parse_week(week)[1]
            self.week_combo.setItemText(i, _("{week}: {start} to {end}").format(
                week=digits(week), start=day(start), end=day(start + timedelta(days=6))))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText(_("Save PDF…"))

    def week(self) -> str:
        return str(self.week_combo.currentData())


class PipelinePage(QWidget):
    """Signals: changed (an opportunity was added, moved or edited)."""

    changed = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.filters = FilterBar(self)
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("primaryButton")
        self.report_button = QPushButton(self)
        self.filters.trailing.addWidget(self.report_button)
        self.filters.trailing.addWidget(self.new_button)
        self.new_button.setEnabled(module_available(DIALOG_MODULE))
        self.report_button.setEnabled(module_available(REPORT_MODULE))

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.board = PipelineBoard(services, actor, self.tabs, query=self.filters.query())
        self.list_view: QWidget | None = None
        self.list_tab = QWidget(self.tabs)  # the list is built when first shown
        self._list_layout = QVBoxLayout(self.list_tab)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.board, "")
        self.tabs.addTab(self.list_tab, "")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.filters)
        layout.addWidget(self.tabs, 1)

        self.filters.changed.connect(self._on_query_changed)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.board.changed.connect(self._on_board_changed)
        self.new_button.clicked.connect(self.new_opportunity)
        self.report_button.clicked.connect(self.weekly_report)
        self.retranslate_ui()
        services_, actor_ = services, actor
        (Op(self, lambda: load_choices(services_, actor_))
         .on_success(self._choices_loaded)
         .on_failure(lambda error: log.info("pipeline: no filter choices: %s", error))
         .run())

    def retranslate_ui(self) -> None:
        self.title.setText(_("Opportunity pipeline"))
        self.tabs.setTabText(self.tabs.indexOf(self.board), _("Opportunities board"))
        self.tabs.setTabText(self.tabs.indexOf(self.list_tab), _("Opportunities list"))
        self.new_button.setText(_("New opportunity…"))
        self.report_button.setText(_("Weekly report…"))
        if not self.new_button.isEnabled():
            self.new_button.setToolTip(_("The opportunity form is not available in this version."))
        if not self.report_button.isEnabled():
            self.report_button.setToolTip(_("The weekly report is not available in this version."))
        notice = self.list_tab.findChild(QLabel, "panelUnavailable")
        if notice is not None:
            notice.setText(_("The list of opportunities is not available in this version."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def query(self) -> BoardQuery:
        return self.filters.query()

    # --- reactions -------------------------------------------------------------------------------
    def _choices_loaded(self, choices: FilterChoices) -> None:
        self.filters.set_choices(choices)

    @Slot()
    def _on_query_changed(self) -> None:
        query = self.filters.query()
        self.board.set_query(query)
        self._list_set_query(query)

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.list_tab and self.list_view is None:
            self.list_view = self._build_list()
            self._list_layout.addWidget(self.list_view)
            self._list_set_query(self.filters.query())

    def _build_list(self) -> QWidget:
        try:
            list_class = importlib.import_module(LIST_MODULE).OpportunityListView
        except (ImportError, AttributeError) as exc:
            log.info("pipeline: the list view is not available: %s", exc)
            notice = QLabel(self.list_tab)
            notice.setObjectName("panelUnavailable")
            notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
            notice.setText(_("The list of opportunities is not available in this version."))
            return notice
        view: QWidget = list_class(self._services, self._actor, self.list_tab)
        changed = getattr(view, "changed", None)
        if changed is not None and hasattr(changed, "connect"):
            changed.connect(self._on_list_changed)
        return view

    def _list_set_query(self, query: BoardQuery) -> None:
        set_query: Callable[[BoardQuery], None] | None = getattr(self.list_view, "set_query", None)
        if callable(set_query):
            set_query(query)

    @Slot()
    def _on_board_changed(self) -> None:
        self._list_set_query(self.filters.query())
        self.changed.emit()

    @Slot()
    def _on_list_changed(self) -> None:
        self.board.reload()
        self.changed.emit()

    # --- actions ---------------------------------------------------------------------------------
    @Slot()
    def new_opportunity(self) -> None:
        try:
            dialog_class = importlib.import_module(DIALOG_MODULE).OpportunityDialog
        except (ImportError, AttributeError) as exc:
            log.info("pipeline: the opportunity form is not available: %s", exc)
            self.new_button.setEnabled(False)
            return
        dialog: QDialog = dialog_class(self._services, self._actor, None, self)
        for name in ("saved", "changed"):  # saved the form; moved or logged a contact from it
            signal = getattr(dialog, name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(self._saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @Slot()
    def _saved(self, *_args: object) -> None:
        self.board.reload()
        self._list_set_query(self.filters.query())
        self.changed.emit()

    @Slot()
    def weekly_report(self) -> None:
        dialog = WeeklyReportDialog(self)
        dialog.accepted.connect(lambda: self._save_report(dialog.week()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _save_report(self, week: str) -> None:
        path = ask_save_path(self, f"pipeline-{week}.pdf")
        if path is None:
            return
        services, actor = self._services, self._actor
        self.report_button.setEnabled(False)

        def build() -> Path:
            weekly_report_pdf = importlib.import_module(REPORT_MODULE).weekly_report_pdf
            report = services.weekly_reports.build(actor, week)
            path.write_bytes(weekly_report_pdf(services, report))
            return path

        def done(saved: Path) -> None:
            self.report_button.setEnabled(True)
            open_document(saved)

        def failed(error: UserError) -> None:
            self.report_button.setEnabled(True)
            self.board.message.show_message(error.message)

        Op(self, build, long=True).on_success(done).on_failure(failed).run()
