"""Client statistics (إحصاءات العملاء): clients, donations and pledges grouped as one asks.

Two choices at the top: what to group by (kind, city, neighbourhood, centre,
status, relationship owner, month of registration) and what to measure (the
number of clients, donations, pledges). The table shows every group with its
share of the measure and the total; the chart beside it the largest groups
(or the latest months). The report is computed by the database in the
background whenever a choice changes; "Export to Excel…" and "Print to
PDF…" write the report shown, on a thread of their own.

The file chooser is injectable (``choose_path``) so that tests need no dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QStandardPaths, Qt, Signal, SignalInstance, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import digit_style
from app.clients.statistics import (
    DIMENSION_LABELS,
    DIMENSIONS,
    MEASURE_LABELS,
    MEASURES,
    ClientStatistics,
    StatsReport,
    StatsRow,
    column_titles,
    count_text,
    export_xlsx,
    generated_text,
    percent_text,
    riyals_text,
    value_text,
)
from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.bidi import FSI, PDI
from ui.clients.chart import Bar, BarChart
from ui.common.ops import Op
from ui.common.widgets import error_label

# (title, default file name, filter) -> the chosen path, or None when cancelled.
PathChooser = Callable[[str, str, str], Path | None]
CHART_BARS = 15
MIN_CHART_WIDTH = 360
NUMERIC = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute


class StatisticsDialog(QDialog):
    """The statistics window.

    Signals:
        loaded: a report is shown (:attr:`report`).
        exported(object): an Excel file was written (its path).
        printed(object): a PDF was written (its path).
        failed(str): a service refused (the sentence, also shown in the window).
    """

    loaded = Signal()
    exported = Signal(object)
    printed = Signal(object)
    failed = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None, *,
                 stats: ClientStatistics | None = None, choose_path: PathChooser | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._stats = stats or services.client_stats
        self.choose_path: PathChooser = choose_path or self._ask_path
        self.report: StatsReport | None = None
        self.busy = False
        self._asked = 0  # the number of the latest request: older answers are dropped

        self.by_combo = QComboBox(self)
        for key in DIMENSIONS:
            self.by_combo.addItem("", key)
        self.measure_combo = QComboBox(self)
        for key in MEASURES:
            self.measure_combo.addItem("", key)
        self._by_label = QLabel(self)
        self._by_label.setBuddy(self.by_combo)
        self._measure_label = QLabel(self)
        self._measure_label.setBuddy(self.measure_combo)
        self.table = QTableWidget(self)
        self._configure_table()
        self.chart = BarChart(self)
        self.chart_title = QLabel(self)
        self.chart_title.setObjectName("sectionTitle")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setObjectName("hint")
        self.notice = QLabel(self)  # what an export or a print did
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.message = error_label(self)
        self.export_button = QPushButton(self)
        self.print_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self._build_layout()
        self.by_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.measure_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.close_button.clicked.connect(self.reject)
        self.retranslate()
        self._fitted = False  # the splitter is sized to the table once, at the first report
        self.resize(1240, 720)
        self.refresh()

    # --- building ------------------------------------------------------------------------
    def _configure_table(self) -> None:
        table = self.table
        table.setColumnCount(6)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def _build_layout(self) -> None:
        choices = QHBoxLayout()
        choices.addWidget(self._by_label)
        choices.addWidget(self.by_combo)
        choices.addSpacing(16)
        choices.addWidget(self._measure_label)
        choices.addWidget(self.measure_combo)
        choices.addStretch(1)

        chart_box = QWidget(self)
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(8, 0, 8, 0)
        chart_layout.addWidget(self.chart_title)
        self.chart_scroll = QScrollArea(chart_box)
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.chart_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_scroll.setWidget(self.chart)
        chart_layout.addWidget(self.chart_scroll, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(chart_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.notice)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Client statistics"))
        self._by_label.setText(_("Group by:"))
        self._measure_label.setText(_("Measure:"))
        for i, key in enumerate(DIMENSIONS):
            self.by_combo.setItemText(i, _(DIMENSION_LABELS[key]))
        for i, key in enumerate(MEASURES):
            self.measure_combo.setItemText(i, _(MEASURE_LABELS[key]))
        self.export_button.setText(_("Export to Excel…"))
        self.print_button.setText(_("Print to PDF…"))
        self.close_button.setText(_("Close"))
        if self.report is not None:
            self._show(self.report)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.refresh()  # the groups' labels come from the service, in the new language
        super().changeEvent(event)

    # --- choices -------------------------------------------------------------------------
    @property
    def by(self) -> str:
        return str(self.by_combo.currentData())

    @property
    def measure(self) -> str:
        return str(self.measure_combo.currentData())

    def choose(self, by: str | None = None, measure: str | None = None) -> None:
        """Select a grouping and/or a measure (as a user would); the report follows."""
        if by is not None:
            self.by_combo.setCurrentIndex(DIMENSIONS.index(by))
        if measure is not None:
            self.measure_combo.setCurrentIndex(MEASURES.index(measure))

    @Slot(int)
    def _on_choice_changed(self, _index: int) -> None:
        self.refresh()

    # --- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        self._asked += 1
        asked, by, measure = self._asked, self.by, self.measure
        stats, actor = self._stats, self._actor
        self.busy = True
        self._set_actions_enabled(False)
        self.summary.setText(_("Counting…"))
        (Op(self, lambda: stats.report(actor, by, measure))
         .on_success(lambda report: self._on_loaded(asked, report))
         .on_failure(lambda error: self._on_failed(asked, error))
         .run())

    def _on_loaded(self, asked: int, report: StatsReport) -> None:
        if asked != self._asked:
            return
        self.busy = False
        self.message.hide()
        self._show(report)
        self.loaded.emit()

    def _on_failed(self, asked: int, error: UserError) -> None:
        if asked != self._asked:
            return
        self.busy = False
        self.summary.setText("")
        self._show_error(error.message)

    def _set_actions_enabled(self, enabled: bool) -> None:
        self.export_button.setEnabled(enabled)
        self.print_button.setEnabled(enabled)

    # --- showing -------------------------------------------------------------------------
    def _show(self, report: StatsReport) -> None:
        self.report = report
        table = self.table
        titles = [report.dimension_label, *column_titles()]
        table.setHorizontalHeaderLabels(titles)
        rows = [*report.rows, report.total] if report.rows else []
        table.setRowCount(len(rows))
        bold = QFont(table.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            for c, (text, numeric) in enumerate(self._cells(report, row)):
                item = QTableWidgetItem(text)
                if numeric:
                    item.setTextAlignment(NUMERIC)
                if row is report.total:
                    item.setFont(bold)
                table.setItem(r, c, item)
        digits = digit_style()
        total = report.total
        self.summary.setText(" ".join([
            _("Clients in all: {n} — of whom contributed: {k}.").format(
                n=count_text(total.clients, digits), k=count_text(total.contributors, digits)),
            generated_text(report, digits) + ".",
        ]))
        self.notes.setText("\n".join(report.notes))
        self.notes.setVisible(bool(report.notes))
        shown = report.chart_rows(CHART_BARS)
        title = report.measure_label
        if len(shown) < len(report.rows):
            template = (_("{measure}: the last {n} months") if report.by == "month"
                        else _("{measure}: the {n} largest groups"))
            title = template.format(measure=title, n=count_text(len(shown), digits))
        self.chart_title.setText(title)
        self.chart.set_bars([Bar(r.label, r.value(report.measure), value_text(report, r, digits, whole=True))
                             for r in shown])
        self.chart.set_message(_("No clients match."))
        self._set_actions_enabled(bool(report.rows))
        if report.rows and not self._fitted:
            self._fit_splitter()

    def _fit_splitter(self) -> None:
        """Give the table the width its columns need (within reason), the chart the rest."""
        table, header = self.table, self.table.horizontalHeader()
        needed = sum(max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(6))
        needed += 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width() + 8
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        chart = max(total - needed, MIN_CHART_WIDTH)
        self.splitter.setSizes([total - chart, chart])
        self._fitted = True

    @staticmethod
    def _cells(report: StatsReport, row: StatsRow) -> list[tuple[str, bool]]:
        digits = digit_style()
        return [
            (row.label, False),
            (count_text(row.clients, digits), True),
            (count_text(row.contributors, digits), True),
            (riyals_text(row.donated_halalas, digits), True),
            (riyals_text(row.pledged_halalas, digits), True),
            (percent_text(report.share(row), digits), True),
        ]

    @Slot(str)
    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.failed.emit(text)

    # --- export and print ----------------------------------------------------------------
    def _default_name(self, suffix: str) -> str:
        return f"client-statistics-{self.by}-{date.today().isoformat()}.{suffix}"

    def _ask_path(self, title: str, default: str, file_filter: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _chosen = QFileDialog.getSaveFileName(self, title, str(Path(folder) / default), file_filter)
        return Path(name) if name else None

    @Slot()
    def _on_export_clicked(self) -> None:
        path = self.choose_path(_("Export the statistics"), self._default_name("xlsx"),
                                _("Excel workbook (*.xlsx)"))
        if path is not None:
            self.export_to(path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx"))

    @Slot()
    def _on_print_clicked(self) -> None:
        path = self.choose_path(_("Print the statistics"), self._default_name("pdf"), _("PDF file (*.pdf)"))
        if path is not None:
            self.print_to(path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf"))

    def export_to(self, path: Path) -> None:
        """Write the report shown to ``path`` (.xlsx) in the background; :attr:`exported` tells the end."""
        report = self.report
        if report is None:
            return
        self._set_actions_enabled(False)
        (Op(self, lambda: export_xlsx(report, path), long=True)
         .on_success(lambda done: self._on_written(done, self.exported))
         .on_failure(self._on_write_failed)
         .run())

    def print_to(self, path: Path) -> None:
        """Print the report shown to the PDF ``path`` in the background; :attr:`printed` tells the end."""
        from app.clients.statistics_pdf import write_stats_pdf  # loads ReportLab: only when printing

        report, services = self.report, self._services
        if report is None:
            return

        def write() -> Path:
            write_stats_pdf(services, report, path)
            return path

        self._set_actions_enabled(False)
        (Op(self, write, long=True)
         .on_success(lambda done: self._on_written(done, self.printed))
         .on_failure(self._on_write_failed)
         .run())

    def _on_written(self, path: Path, signal: SignalInstance) -> None:
        self._set_actions_enabled(self.report is not None and bool(self.report.rows))
        self.message.hide()
        self.notice.setText(_("Saved to {file}.").format(file=f"{FSI}{path.name}{PDI}"))
        self.notice.show()
        signal.emit(path)

    def _on_write_failed(self, error: UserError) -> None:
        self._set_actions_enabled(self.report is not None and bool(self.report.rows))
        self._show_error(error.message)
