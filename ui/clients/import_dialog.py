"""Importing a client list, or the finance system's export of contributions, from Excel or CSV.

One dialog, three steps on one screen:

1. **The file**: chosen with the file dialog (or :meth:`ImportDialog.open_file`);
   its headers and first rows are read on a background thread.
2. **The columns**: one line per field with the file's columns in a combo box,
   guessed from the headers (Arabic or English); clients may also get one kind
   for every row whose kind cell is empty. Any change checks the rows again.
3. **The rows**: every row checked by the service (the form's rules, duplicates
   of registered clients and of earlier rows, amounts and dates), shown with its
   line number and its problem; rows with problems are tinted. "Only rows with
   problems" filters them.

Import writes everything or nothing: with a row that has a problem it refuses
with that row's line and sentence, unless "Skip the rows with problems" is
ticked; what was written and what was skipped (line and reason) then shows in
the dialog. Client rows become change requests for the relations manager
(clients directly for the administrator's first load of an empty registry).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import digit_style
from app.clients.import_service import ImportReport
from app.clients.importing import (
    CLIENT_TARGETS,
    CONTRIBUTION_TARGETS,
    TARGET_LABELS,
    ImportPreview,
    PreviewRow,
    Table,
    guess_mapping,
)
from app.errors import UserError
from app.i18n import _, current_language, is_rtl
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.bidi import isolate_ltr
from app.text.digits import localize_digits
from ui.common.ops import Op
from ui.common.widgets import error_label
from ui.theme import Colours

ImportKind = Literal["clients", "contributions"]
FILE_FILTER = "*.xlsx *.xlsm *.csv *.txt"
# Cells read left to right whatever the layout (numbers, identifiers, addresses).
LTR_TARGETS = frozenset({"mobile", "mobile2", "phone", "national_id", "email", "amount", "given_on",
                         "receipt", "client_number"})
BAD_ROW = QColor("#fdecea")
DUPLICATE_ROW = QColor("#fff4e0")
RECHECK_DELAY_MS = 350
NOT_IMPORTED = -1
LRM, RLM = "\u200e", "\u200f"
PROBLEM_COLUMN = 1  # right after the line number: the first thing to read


def _digits(n: int) -> str:
    return localize_digits(str(n), digit_style())


class PreviewModel(QAbstractTableModel):
    """The checked rows: line, problem, then the mapped cells as the file has them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[PreviewRow] = []
        self._rows: list[PreviewRow] = []
        self._targets: list[str] = []
        self._only_problems = False

    def set_preview(self, preview: ImportPreview | None, targets: list[str]) -> None:
        self.beginResetModel()
        self._all = list(preview.rows) if preview else []
        self._targets = targets
        self._filter()
        self.endResetModel()

    def set_only_problems(self, only: bool) -> None:
        self.beginResetModel()
        self._only_problems = only
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        self._rows = [r for r in self._all if not r.ok] if self._only_problems else self._all

    def row_at(self, row: int) -> PreviewRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._targets) + 2

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return _("Line")
        if section == 1:
            return _("Problem")
        return _(TARGET_LABELS[self._targets[section - 2]])

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return _digits(row.line)
            if col == PROBLEM_COLUMN:
                return row.problems[0] if row.problems else " ".join(row.notes)
            target = self._targets[col - 2]
            text = row.raw.get(target, "")
            return isolate_ltr(text) if text and target in LTR_TARGETS else text
        if role == Qt.ItemDataRole.BackgroundRole and not row.ok:
            return DUPLICATE_ROW if row.duplicate_of is not None else BAD_ROW
        if role == Qt.ItemDataRole.ForegroundRole and col == PROBLEM_COLUMN:
            return QColor(Colours.ERROR if row.problems else Colours.MUTED)
        return None


class ImportDialog(QDialog):
    """See the module docstring. ``imported`` carries the :class:`ImportReport` once written."""

    imported = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, kind: ImportKind = "clients",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.kind: ImportKind = kind
        self._targets = list(CLIENT_TARGETS if kind == "clients" else CONTRIBUTION_TARGETS)
        self._path: Path | None = None
        self._table: Table | None = None
        self._kinds: list[dict[str, Any]] = []
        self._generation = 0  # the latest check asked for; older results are dropped
        self._busy = 0
        self.preview: ImportPreview | None = None
        self.report: ImportReport | None = None
        self._build()
        self.retranslate_ui()
        self._update_buttons()
        if kind == "clients":
            self._busy += 1
            Op(self, lambda: list(services.settings.get("client_kinds"))) \
                .on_success(self._on_kinds).on_failure(self._on_failure).run()

    # --- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.setMinimumSize(980, 640)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.choose_button = QPushButton(self)
        self.choose_button.clicked.connect(self._choose)
        self.file_label = QLabel(self)
        self.file_label.setObjectName("importFile")
        file_row = QHBoxLayout()
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.file_label, 1)

        self.columns_box = QGroupBox(self)
        self.mapping_table = QTableWidget(len(self._targets), 2, self.columns_box)
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping_table.horizontalHeader().setMinimumSectionSize(190)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_combos: dict[str, QComboBox] = {}
        for i, target in enumerate(self._targets):
            label = QTableWidgetItem()
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.mapping_table.setItem(i, 0, label)
            combo = QComboBox(self.mapping_table)
            combo.addItem("", NOT_IMPORTED)
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.mapping_table.setCellWidget(i, 1, combo)
            self.mapping_combos[target] = combo
        columns_layout = QVBoxLayout(self.columns_box)
        columns_layout.addWidget(self.mapping_table, 1)
        self.default_kind_label = QLabel(self.columns_box)
        self.default_kind = QComboBox(self.columns_box)
        self.default_kind.addItem("", "")
        self.default_kind.currentIndexChanged.connect(self._mapping_changed)
        self.default_kind_label.setBuddy(self.default_kind)
        if self.kind == "clients":
            columns_layout.addWidget(self.default_kind_label)
            columns_layout.addWidget(self.default_kind)
        else:
            self.default_kind_label.hide()
            self.default_kind.hide()

        self.rows_box = QGroupBox(self)
        self.summary_label = QLabel(self.rows_box)
        self.summary_label.setObjectName("importSummary")
        self.only_problems = QCheckBox(self.rows_box)
        self.only_problems.toggled.connect(self._filter_changed)
        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView(self.rows_box)
        self.preview_view.setModel(self.preview_model)
        self.preview_view.verticalHeader().setVisible(False)
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_view.horizontalHeader().setStretchLastSection(True)
        self.preview_view.horizontalHeader().setMaximumSectionSize(420)
        self.preview_view.horizontalHeader().setMinimumSectionSize(40)
        self.preview_view.setWordWrap(False)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary_label, 1)
        summary_row.addWidget(self.only_problems)
        rows_layout = QVBoxLayout(self.rows_box)
        rows_layout.addLayout(summary_row)
        rows_layout.addWidget(self.preview_view, 1)

        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.columns_box)
        splitter.addWidget(self.rows_box)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.columns_box.setMinimumWidth(500)

        self.error = error_label(self)
        self.report_view = QPlainTextEdit(self)  # replaces the columns and rows once imported
        self.report_view.setReadOnly(True)
        self.report_view.hide()
        self.skip_bad = QCheckBox(self)
        self.import_button = QPushButton(self)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_bad, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(file_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_DELAY_MS)
        self._recheck.timeout.connect(self.check_rows)

    # --- texts ----------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        if self.kind == "clients":
            self.setWindowTitle(_("Import clients from Excel or CSV"))
            self.intro.setText(_(
                "Choose an Excel workbook (.xlsx) or a CSV file whose first line holds the column names. "
                "Every row is checked before anything is written; the rows become change requests for the "
                "relations manager to approve."))
        else:
            self.setWindowTitle(_("Import contributions from the finance system"))
            self.intro.setText(_(
                "Choose the finance system's export (Excel or CSV). Each row must name a registered client "
                "by client number, national ID, mobile or name; every row is checked before anything is "
                "written."))
        self.choose_button.setText(_("Choose the file…"))
        self.columns_box.setTitle(_("Which column fills each field"))
        self.rows_box.setTitle(_("The rows, checked"))
        self.mapping_table.setHorizontalHeaderLabels([_("Field"), _("Column in the file")])
        for i, target in enumerate(self._targets):
            item = self.mapping_table.item(i, 0)
            if item is not None:
                item.setText(_(TARGET_LABELS[target]))
            self.mapping_combos[target].setItemText(0, _("— not imported —"))
        self.default_kind_label.setText(_("Client kind for rows that give none:"))
        self.default_kind.setItemText(0, _("— none: the file must say —"))
        self._label_kinds()
        self.only_problems.setText(_("Only rows with problems"))
        self.skip_bad.setText(_("Skip the rows with problems and import the others"))
        self.import_button.setText(_("Import"))
        self.close_button.setText(_("Close"))
        self._show_file()
        self._show_summary()
        self._show_report()
        self.preview_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                                  max(0, self.preview_model.columnCount() - 1))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _kind_label(self, item: dict[str, Any]) -> str:
        return str(item.get("en") or item["ar"]) if current_language() == "en" else str(item["ar"])

    def _label_kinds(self) -> None:
        for i, item in enumerate(self._kinds, start=1):
            self.default_kind.setItemText(i, self._kind_label(item))

    def _show_file(self) -> None:
        # A mark of the screen's direction first: an Arabic file name must not flip an English line.
        mark = RLM if is_rtl() else LRM
        self.file_label.setText(mark + (self._path.name if self._path else _("No file chosen yet.")))

    def _show_summary(self) -> None:
        p = self.preview
        if p is None:
            self.summary_label.setText(_("Checking the rows…") if self._busy and self._path else "")
            return
        self.summary_label.setText(
            _("Rows: {total} — ready: {ready}, with problems: {bad}, duplicates: {duplicates}").format(
                total=_digits(len(p.rows)), ready=_digits(p.ok), bad=_digits(p.bad),
                duplicates=_digits(p.duplicates)))

    def report_text(self) -> str:
        return self.report.summary() if self.report is not None else ""

    def _show_report(self) -> None:
        text = self.report_text()
        self.report_view.setPlainText(text)
        self.report_view.setVisible(bool(text))
        self.splitter.setVisible(not text)

    # --- state ------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy > 0 or self._recheck.isActive()

    def _update_buttons(self) -> None:
        done = self.report is not None
        self.choose_button.setEnabled(not done and not self._busy)
        self.columns_box.setEnabled(not done and self._table is not None)
        ready = self.preview is not None and bool(self.preview.rows)
        self.import_button.setEnabled(ready and not self.busy and not done)
        self.skip_bad.setEnabled(not done)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _on_failure(self, error: UserError) -> None:
        self._busy = max(0, self._busy - 1)
        self._show_error(error.message)
        self._show_summary()
        self._update_buttons()

    def _on_kinds(self, items: list[dict[str, Any]]) -> None:
        self._busy -= 1
        self._kinds = [i for i in items if i.get("active", True)]
        self.default_kind.blockSignals(True)
        for item in self._kinds:
            self.default_kind.addItem(self._kind_label(item), str(item["id"]))
        self.default_kind.blockSignals(False)
        self._update_buttons()

    # --- step 1: the file ------------------------------------------------------------------------
    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the file to import"), "", _("Excel or CSV files") + f" ({FILE_FILTER})")
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> None:
        """Read the headers and first rows of ``path``, guess the columns, then check every row."""
        self._path = Path(path)
        self._table = None
        self.preview = None
        self.preview_model.set_preview(None, [])
        self._show_error("")
        self._show_file()
        self._busy += 1
        self._show_summary()
        self._update_buttons()
        self._generation += 1  # a check of the previous file still running is dropped
        svc, actor, file = self._services.client_import, self._actor, self._path
        Op(self, lambda: svc.columns(actor, file)).on_success(lambda t: self._on_columns(file, t)) \
            .on_failure(self._on_failure).run()

    def _on_columns(self, file: Path, table: Table) -> None:
        self._busy -= 1
        if file != self._path:  # another file was chosen meanwhile
            return
        self._table = table
        guessed = guess_mapping(table.headers, self._targets)
        for target, combo in self.mapping_combos.items():
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for i, header in enumerate(table.headers):
                combo.addItem(header, i)
                samples = [row[i] for row in table.rows[:5] if i < len(row) and row[i]]
                combo.setItemData(i + 1, "\n".join(samples), Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(guessed[target] + 1 if target in guessed else 0)
            combo.blockSignals(False)
        self._update_buttons()
        self.check_rows()

    # --- step 2: the columns -------------------------------------------------------------------
    def mapping(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for target, combo in self.mapping_combos.items():
            column = combo.currentData()
            if isinstance(column, int) and column != NOT_IMPORTED:
                out[target] = column
        return out

    def set_column(self, target: str, header: str | None) -> None:
        """Choose the column named ``header`` (None: not imported) for ``target``."""
        combo = self.mapping_combos[target]
        combo.setCurrentIndex(0 if header is None else combo.findText(header))

    def _mapping_changed(self) -> None:
        if self._table is None or self.report is not None:
            return
        self.preview = None
        self._show_summary()
        self._recheck.start()
        self._update_buttons()

    # --- step 3: the rows ---------------------------------------------------------------------------
    def check_rows(self) -> None:
        """Check every row with the current columns (on the long-jobs thread: a big file takes seconds)."""
        if self._path is None or self._table is None:
            return
        self._recheck.stop()
        self._generation += 1
        generation = self._generation
        self._busy += 1
        self.preview = None
        self._show_error("")
        self._show_summary()
        self._update_buttons()
        svc, actor, path, mapping = self._services.client_import, self._actor, self._path, self.mapping()
        if self.kind == "clients":
            kind = self.default_kind.currentData()
            defaults = [kind] if kind else []
            op: Op[ImportPreview] = Op(self, lambda: svc.preview_clients(actor, path, mapping, defaults),
                                       long=True)
        else:
            op = Op(self, lambda: svc.preview_contributions(actor, path, mapping), long=True)
        op.on_success(lambda p: self._on_preview(generation, p)) \
            .on_failure(lambda e: self._on_preview_failed(generation, e)).run()

    def _on_preview(self, generation: int, preview: ImportPreview) -> None:
        self._busy -= 1
        if generation != self._generation:
            return
        self.preview = preview
        targets = [t for t in self._targets if t in preview.mapping]
        self.preview_model.set_preview(preview, targets)
        self.preview_view.resizeColumnsToContents()
        self._show_summary()
        self._update_buttons()

    def _on_preview_failed(self, generation: int, error: UserError) -> None:
        if generation != self._generation:
            self._busy -= 1
            return
        self.preview_model.set_preview(None, [])
        self._on_failure(error)

    def _filter_changed(self, only: bool) -> None:
        self.preview_model.set_only_problems(only)

    # --- importing -------------------------------------------------------------------------------------
    def start_import(self) -> None:
        preview = self.preview
        if preview is None or self.busy or self.report is not None:
            return
        self._busy += 1
        self._show_error("")
        self._update_buttons()
        svc, actor, skip = self._services.client_import, self._actor, self.skip_bad.isChecked()
        if self.kind == "clients":
            op: Op[ImportReport] = Op(self, lambda: svc.import_clients(actor, preview, skip), write=True)
        else:
            op = Op(self, lambda: svc.import_contributions(actor, preview, skip), write=True)
        op.on_success(self._on_imported).on_failure(self._on_failure).run()

    def _on_imported(self, report: ImportReport) -> None:
        self._busy -= 1
        self.report = report
        self._show_report()
        self._update_buttons()
        self.close_button.setDefault(True)
        self.imported.emit(report)
