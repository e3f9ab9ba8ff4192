"""The complaints log (سجل الشكاوى): the screen a reception desk lives in all day.

At the top, the desk's figures (open, due today, overdue, in my queue); a
click on one shows those items. Then the filter bar, the table (a
:class:`ComplaintsLogModel`: counted, then fetched page by page, whatever
its size) and the number of items.

"New" (Ctrl+N) opens the intake form; double-click or Enter on a row opens
the complaint. Both dialogs are imported when first used, so the log works
before they exist. "Export" writes exactly the rows shown (filtered and
sorted) to .xlsx or .csv, on a thread of its own, with a progress dialog
that can cancel it.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.complaints.export import ExportResult, export_format, export_rows
from app.complaints.records import ComplaintQuery, DeskCounts
from app.errors import UserError
from app.i18n import _, ngettext
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from app.text.bidi import FSI, PDI
from ui.common.ops import Op
from ui.common.texts import number_text
from ui.common.widgets import LtrDelegate, error_label, select_row
from ui.complaints.filters import FilterBar
from ui.complaints.log_model import AMBER, LTR_COLUMNS, SORT_KEYS, Column, ComplaintsLogModel, Lookups
from ui.theme import Colours

MAX_COLUMN_WIDTH = 240
SUMMARY_WIDTH = 380
PROGRESS_DELAY_MS = 400





def items_text(n: int) -> str:
    # Literal arguments, so the catalog gets one entry with Arabic's six forms.
    return ngettext("{n} item", "{n} items", n).format(n=number_text(n))


def _count_style(colour: str | None) -> str:
    """A desk figure: a small rounded chip, its text coloured when it calls for attention."""
    text = f"color: {colour}; font-weight: bold;" if colour else f"color: {Colours.TEXT};"
    chip = f"background: {Colours.BASE}; border: 1px solid {Colours.BORDER}; border-radius: 12px;"
    hover = f"background: {Colours.ACCENT_SOFT}; border-color: {Colours.ACCENT};"
    return (f"QPushButton#deskCount {{ {text} {chip} padding: 3px 12px; min-width: 0px; }}"
            f" QPushButton#deskCount:hover {{ {hover} }}")


class ComplaintsPage(QWidget):
    """The complaints area.

    Signals:
        counts_loaded: the desk's figures are shown.
        exported(object): an export ended (an :class:`ExportResult`; ``cancelled`` says how).
        export_failed(str): an export was refused (the sentence, also shown under the table).
    """

    counts_loaded = Signal()
    exported = Signal(object)
    export_failed = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.allowed = actor.can(Permission.COMPLAINTS_VIEW)
        self.can_create = actor.can(Permission.COMPLAINTS_CREATE)
        self.intake_dialog: QDialog | None = None
        self.detail_dialog: QDialog | None = None
        self.progress: QProgressDialog | None = None
        self.counts: DeskCounts | None = None
        self._export_cancel: threading.Event | None = None
        self._shown_once = False
        self._columns_sized = False
        self._counts_requested = False
        self._sort_section = int(Column.RECEIVED)
        self._sort_order = Qt.SortOrder.DescendingOrder

        self._title = QLabel(self)
        self._title.setObjectName("pageTitle")
        self._no_access = QLabel(self)
        self._no_access.setWordWrap(True)
        self.open_button = self._count_button()
        self.due_today_button = self._count_button()
        self.overdue_button = self._count_button()
        self.mine_button = self._count_button()
        self.new_button = QPushButton(self)
        self.new_button.setDefault(True)
        self.export_button = QPushButton(self)
        self.refresh_button = QPushButton(self)
        self.filters = FilterBar(self)

        self.model = ComplaintsLogModel(services, actor, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self._configure_table()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("complaintsCount")
        self.notice = QLabel(self)  # what an export did
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.message = error_label(self)

        self._new_shortcut = QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_N), self)
        self._refresh_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self._build_layout()
        for widget in (self._counts_box, self.filters, self.table, self.status_label):
            widget.setVisible(self.allowed)
        self.new_button.setVisible(self.allowed and self.can_create)
        self._new_shortcut.setEnabled(self.allowed and self.can_create)
        self.export_button.setVisible(self.allowed)
        self.refresh_button.setVisible(self.allowed)
        self._no_access.setVisible(not self.allowed)
        self._connect_signals()
        self.retranslate_ui()
        if self.allowed:
            self.model.set_query(self.current_query())
            self._load_lookups()  # the desk's figures follow the first page: it comes first

    def _count_button(self) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName("deskCount")
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def _configure_table(self) -> None:
        table = self.table
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        # Fixed row heights: the view never measures a row, so a million of them cost nothing.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self._sort_section, self._sort_order)
        header.setHighlightSections(False)
        # Fit columns to the rows on screen only: Qt's default samples 1,000 rows, ten pages to fetch.
        header.setResizeContentsPrecision(0)
        vertical.setResizeContentsPrecision(0)
        self._ltr_delegate = LtrDelegate(table)
        for column in LTR_COLUMNS:
            table.setItemDelegateForColumn(column, self._ltr_delegate)

    def _build_layout(self) -> None:
        self._counts_box = QWidget(self)
        counts = QHBoxLayout(self._counts_box)
        counts.setContentsMargins(0, 0, 0, 0)
        for button in (self.open_button, self.due_today_button, self.overdue_button, self.mine_button):
            counts.addWidget(button)
        counts.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(self._title)
        top.addSpacing(16)
        top.addWidget(self._counts_box, 1)
        top.addWidget(self.new_button)

        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label)
        bottom.addWidget(self.notice)
        bottom.addStretch(1)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._no_access)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)

    def _connect_signals(self) -> None:
        self.filters.changed.connect(self._on_filters_changed)
        self.filters.search_edit.returnPressed.connect(self.filters.flush)
        self.table.activated.connect(self._on_table_activated)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        self.model.count_changed.connect(self._on_model_count_changed)
        self.model.first_page_loaded.connect(self._on_model_first_page_loaded)
        self.model.failed.connect(self._on_model_failed)
        self.open_button.clicked.connect(self.filters.show_open)
        self.due_today_button.clicked.connect(self.filters.show_due_today)
        self.overdue_button.clicked.connect(self.filters.show_overdue)
        self.mine_button.clicked.connect(self.filters.show_my_queue)
        self.new_button.clicked.connect(self.open_intake)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        self._new_shortcut.activated.connect(self.open_intake)
        self._refresh_shortcut.activated.connect(self.refresh)

    def retranslate_ui(self) -> None:
        self._title.setText(_("Complaints log"))
        self._no_access.setText(_("Your role does not give access to the complaints log."))
        self.new_button.setText(_("New…"))
        self.new_button.setToolTip(_("Record a complaint, inquiry, suggestion or compliment (Ctrl+N)"))
        self.export_button.setText(_("Export…"))
        self.export_button.setToolTip(_("Save the rows shown to an Excel or CSV file"))
        self.refresh_button.setText(_("Refresh"))
        self.refresh_button.setToolTip(_("Read the log again (F5)"))
        self.open_button.setToolTip(_("Show the open items"))
        self.due_today_button.setToolTip(_("Show the items due today"))
        self.overdue_button.setToolTip(_("Show the overdue items"))
        self.mine_button.setToolTip(_("Show the items waiting for you"))
        self._show_counts()
        self._show_status()
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # Coming back to the page: the desk worked meanwhile.
        if self._shown_once and self.allowed and not event.spontaneous():
            self.refresh()
        self._shown_once = True
        super().showEvent(event)

    # --- public -----------------------------------------------------------------------
    def current_query(self) -> ComplaintQuery:
        """The filters, sorted as the table's header says."""
        key = SORT_KEYS.get(Column(self._sort_section), "received")
        return replace(self.filters.query(), sort=key,
                       descending=self._sort_order == Qt.SortOrder.DescendingOrder)

    def refresh(self) -> None:
        """Read the rows and the figures again (F5, and after a change)."""
        if not self.allowed:
            return
        self.model.refresh()
        self._load_counts()

    def open_intake(self) -> None:
        """The intake form (Ctrl+N)."""
        if not (self.allowed and self.can_create) or self.intake_dialog is not None:
            return
        try:
            from ui.complaints.intake_dialog import IntakeDialog
        except ModuleNotFoundError as exc:
            if exc.name != "ui.complaints.intake_dialog":
                raise
            self._show_error(_("The intake form is not available in this version."))
            return
        dialog = IntakeDialog(self._services, self._actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_dialog_saved)
        dialog.finished.connect(self._on_intake_dialog_finished)
        self.intake_dialog = dialog
        dialog.open()

    def open_complaint(self, reference: str) -> None:
        """The complaint's window: its details, timeline and the next steps."""
        if self.detail_dialog is not None:
            self.detail_dialog.close()
        try:
            from ui.complaints.detail_dialog import ComplaintDialog  # type: ignore[import-not-found, unused-ignore]
        except ModuleNotFoundError as exc:
            if exc.name != "ui.complaints.detail_dialog":
                raise
            self._show_error(_("The complaint window is not available in this version."))
            return
        dialog = ComplaintDialog(self._services, self._actor, reference, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._on_dialog_saved)
        dialog.finished.connect(self._on_detail_dialog_finished)
        self.detail_dialog = dialog
        dialog.open()

    def export_to(self, path: Path) -> bool:
        """Export the rows shown to ``path`` in the background; :attr:`exported` tells the end.

        False (and a sentence under the table) when it cannot start.
        """
        query = self.model.query
        if query is None or self._export_cancel is not None:
            return False
        try:
            export_format(path)
        except UserError as error:
            self._show_error(error.message)
            return False
        self.message.hide()
        self.notice.hide()
        total = self.model.total
        cancel = threading.Event()
        progress = QProgressDialog(self)
        progress.setWindowTitle(_("Export"))
        progress.setLabelText(_("Writing {file}…").format(file=f"{FSI}{path.name}{PDI}"))
        progress.setCancelButtonText(_("Cancel"))
        progress.setRange(0, total or 0)
        progress.setMinimumDuration(PROGRESS_DELAY_MS)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.canceled.connect(cancel.set)
        self.progress, self._export_cancel = progress, cancel
        self.export_button.setEnabled(False)
        progress.setValue(0)

        complaints, actor, labels = self._services.complaints, self._actor, self.model.lookups.export_labels()

        # A long job: exports never hold up the log's pages.
        op: Op[ExportResult] = Op(self, lambda: export_rows(
            complaints.iter_rows(actor, query), path, labels, total=total, progress=report,
            cancelled=cancel.is_set), long=True)
        report = op.progress_reporter()
        op.on_progress(self._on_export_progressed).on_success(self._on_export_finished)
        op.on_failure(self._on_export_failed).run()
        return True

    def cancel_export(self) -> None:
        if self._export_cancel is not None:
            self._export_cancel.set()

    # --- loading ------------------------------------------------------------------------
    def _load_lookups(self) -> None:
        services, actor = self._services, self._actor
        Op(self, lambda: Lookups.load(services, actor)).on_success(self._on_lookups_loaded).run()

    def _load_counts(self) -> None:
        self._counts_requested = True
        complaints, actor = self._services.complaints, self._actor
        (Op(self, lambda: complaints.desk_counts(actor))
         .on_success(self._on_counts_loaded)
         .on_failure(lambda e: self._show_error(e.message))
         .run())

    def _show_counts(self) -> None:
        counts = self.counts
        figures = (
            (self.open_button, _("Open: {n}"), counts.open if counts else None),
            (self.due_today_button, _("Due today: {n}"), counts.due_today if counts else None),
            (self.overdue_button, _("Overdue: {n}"), counts.overdue if counts else None),
            (self.mine_button, _("In my queue: {n}"), counts.mine if counts else None),
        )
        for button, text, n in figures:
            button.setText(text.format(n="…" if n is None else number_text(n)))
        colours = {self.overdue_button: Colours.ERROR if counts and counts.overdue else None,
                   self.due_today_button: AMBER if counts and counts.due_today else None}
        for button, _text, _n in figures:
            button.setStyleSheet(_count_style(colours.get(button)))

    def _show_status(self) -> None:
        total = self.model.total
        self.status_label.setText(_("Counting…") if total is None else items_text(total))

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _size_columns(self) -> None:
        """Fit the first page once; later pages keep the widths (the user may change them)."""
        table = self.table
        for column in Column:
            if column != Column.SUMMARY:
                table.resizeColumnToContents(column)
                table.setColumnWidth(column, min(table.columnWidth(column) + 8, MAX_COLUMN_WIDTH))
        table.setColumnWidth(Column.SUMMARY, SUMMARY_WIDTH)

    # --- slots ---------------------------------------------------------------------------
    @Slot()
    def _on_filters_changed(self) -> None:
        self.message.hide()
        # The status keeps the count of the rows on screen until the new ones arrive.
        self.model.set_query(self.current_query())

    @Slot(int, Qt.SortOrder)
    def _on_header_sort_indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        if self.model.sort_column(section, order == Qt.SortOrder.DescendingOrder):
            self._sort_section, self._sort_order = section, order
            return
        header = self.table.horizontalHeader()  # this column does not sort: put the indicator back
        header.blockSignals(True)
        header.setSortIndicator(self._sort_section, self._sort_order)
        header.blockSignals(False)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        reference = self.model.reference_at(index.row())
        if reference:
            self.open_complaint(reference)

    @Slot(int)
    def _on_model_count_changed(self, _n: int) -> None:
        self._show_status()

    @Slot()
    def _on_model_first_page_loaded(self) -> None:
        if self.counts is None and not self._counts_requested:
            self._load_counts()
        self._show_status()
        if not self._columns_sized and self.model.rowCount() > 0:
            self._columns_sized = True
            self._size_columns()
        if self.model.rowCount() > 0 and not self.table.currentIndex().isValid():
            select_row(self.table, 0)

    @Slot(str)
    def _on_model_failed(self, text: str) -> None:
        self._show_error(text)

    def _on_lookups_loaded(self, lookups: Lookups) -> None:
        self.model.set_lookups(lookups)
        self.filters.set_lookups(lookups)

    def _on_counts_loaded(self, counts: DeskCounts) -> None:
        self.counts = counts
        self._show_counts()
        self.counts_loaded.emit()

    @Slot(str)
    def _on_dialog_saved(self, _reference: str) -> None:
        self.refresh()

    @Slot(int)
    def _on_intake_dialog_finished(self, _result: int) -> None:
        self.intake_dialog = None

    @Slot(int)
    def _on_detail_dialog_finished(self, _result: int) -> None:
        self.detail_dialog = None

    @Slot()
    def _on_export_button_clicked(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        default = str(Path(folder) / f"complaints-{date.today().isoformat()}.xlsx")
        excel, csv_filter = _("Excel workbook (*.xlsx)"), _("CSV file (*.csv)")
        name, chosen = QFileDialog.getSaveFileName(self, _("Export the log"), default,
                                                   f"{excel};;{csv_filter}")
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_name(path.name + (".csv" if chosen == csv_filter else ".xlsx"))
        self.export_to(path)

    def _on_export_progressed(self, n: int) -> None:
        if self.progress is not None:
            if self.progress.maximum() and n > self.progress.maximum():
                self.progress.setMaximum(n)
            self.progress.setValue(n)

    def _export_ended(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
        self.progress = None
        self._export_cancel = None
        self.export_button.setEnabled(True)

    def _on_export_failed(self, error: UserError) -> None:
        self._export_ended()
        self._show_error(error.message)
        self.export_failed.emit(error.message)

    def _on_export_finished(self, result: ExportResult) -> None:
        self._export_ended()
        if result.cancelled:
            self.notice.setText(_("The export was cancelled; no file was written."))
        else:
            text = ngettext("Exported {n} row to {file}.", "Exported {n} rows to {file}.", result.rows)
            self.notice.setText(text.format(n=number_text(result.rows), file=f"{FSI}{result.path.name}{PDI}"))
        self.notice.show()
        self.exported.emit(result)
