"""Print a programme's survey forms: each copy gets a number of its own.

The officer picks the template (the beneficiary form by default; the donor
form can print one addressed copy per donor of the programme) and the number
of copies, and chooses the PDF file first, so that no number is reserved for a
printing that was abandoned. The numbers are then reserved (one write) and
the PDF rendered on the long-jobs thread. Earlier printings are listed and can
be printed again with the same numbers (a jammed printer).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QStandardPaths, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
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
from app.i18n import _, current_language, ngettext
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.forms import MAX_COPIES
from app.surveys.records import PrintRun, ProgrammeInfo, Template
from app.text.bidi import FSI, PDI
from ui.common.ops import Op
from ui.common.texts import number_text, when
from ui.common.widgets import DigitSpinBox, error_label
from ui.surveys import labels
from ui.surveys.labels import audience_label, programme_title, range_text

DEFAULT_COPIES = 50
PathChooser = Callable[[str], Path | None]


def render_available() -> bool:
    """Whether this version can write the forms' PDF (its module may land later)."""
    try:
        from app.surveys import form_pdf  # noqa: F401
    except ImportError:
        return False
    return True


def write_forms(services: AppServices, run: PrintRun, path: Path) -> Path:
    """Runs on the long-jobs thread: the run's copies as one PDF at ``path``."""
    from app.surveys.form_pdf import survey_forms_pdf  # type: ignore[import-not-found, unused-ignore]

    data: bytes = survey_forms_pdf(services, run)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def last_number(first: str, copies: int) -> str:
    """The last number of a printing that starts at ``first`` (numbers of a run follow each other)."""
    head, _sep, digits = first.rpartition("-")
    if not digits.isdigit() or copies < 1:
        return first
    return f"{head}-{int(digits) + copies - 1:0{len(digits)}d}"


class PrintDialog(QDialog):
    """Reserve and print numbered forms for ``programme``.

    ``choose_path(default_name)`` asks where to write the PDF (a file dialog; tests replace it).

    Signals:
        printed(object): numbers were reserved (a :class:`PrintRun`).
        rendered(object): the PDF was written (its :class:`Path`).
        failed(str): a step was refused (the sentence, also shown in the dialog).
    """

    printed = Signal(object)
    rendered = Signal(object)
    failed = Signal(str)
    loaded = Signal()

    def __init__(self, services: AppServices, actor: Actor, programme: ProgrammeInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.programme = programme
        self.templates: list[Template] = []
        self.donors: list[tuple[str, str]] = []
        self.runs: list[tuple[str, datetime, int, str]] = []
        self.last_run: PrintRun | None = None
        self.last_path: Path | None = None
        self.choose_path: PathChooser = self._ask_path
        self._busy = False
        self._status: Callable[[], str] | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.template_combo = QComboBox(self)
        self.copies_spin = DigitSpinBox(self)
        self.copies_spin.setRange(1, MAX_COPIES)
        self.copies_spin.setValue(DEFAULT_COPIES)
        self.copies_spin.setMinimumWidth(110)
        self.copies_spin.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # numbers: left to right
        self.donors_check = QCheckBox(self)
        self.donors_label = QLabel(self)
        self.donors_label.setWordWrap(True)
        self.template_label = QLabel(self)
        self.copies_label = QLabel(self)
        self.template_label.setBuddy(self.template_combo)
        self.copies_label.setBuddy(self.copies_spin)
        self.print_button = QPushButton(self)
        self.print_button.setDefault(True)
        self.range_label = QLabel(self)  # «النماذج SF-HQ-000101 إلى SF-HQ-000400»
        self.range_label.setObjectName("printRange")
        self.range_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.range_label.setStyleSheet("font-weight: bold;")
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.open_button = QPushButton(self)
        self.open_button.setAutoDefault(False)
        self.open_button.hide()
        self.error = error_label(self)

        self.runs_box = QGroupBox(self)
        self.runs_table = QTableWidget(0, 3, self.runs_box)
        self.runs_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.runs_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.runs_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.runs_table.verticalHeader().setVisible(False)
        runs_header = self.runs_table.horizontalHeader()
        runs_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        runs_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.reprint_button = QPushButton(self.runs_box)
        self.reprint_button.setAutoDefault(False)
        self.reprint_button.setEnabled(False)
        self.close_button = QPushButton(self)
        self.close_button.setAutoDefault(False)

        form = QFormLayout()
        form.addRow(self.template_label, self.template_combo)
        form.addRow("", self.donors_check)
        form.addRow("", self.donors_label)
        copies_row = QHBoxLayout()
        copies_row.addWidget(self.copies_spin)
        copies_row.addStretch(1)
        form.addRow(self.copies_label, copies_row)
        result = QHBoxLayout()
        result.addWidget(self.range_label, 1)
        result.addWidget(self.open_button)
        runs_layout = QVBoxLayout(self.runs_box)
        runs_layout.addWidget(self.runs_table)
        reprint_row = QHBoxLayout()
        reprint_row.addStretch(1)
        reprint_row.addWidget(self.reprint_button)
        runs_layout.addLayout(reprint_row)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.print_button)
        closing = QHBoxLayout()
        closing.addStretch(1)
        closing.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(print_row)
        layout.addLayout(result)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error)
        layout.addWidget(self.runs_box, 1)
        layout.addLayout(closing)

        self.template_combo.currentIndexChanged.connect(self._on_template_changed)
        self.donors_check.toggled.connect(self._update_state)
        self.print_button.clicked.connect(self.print_new)
        self.reprint_button.clicked.connect(self.reprint)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.close_button.clicked.connect(self.accept)
        self.runs_table.itemSelectionChanged.connect(self._update_state)

        self.retranslate_ui()
        self._update_state()
        self.resize(800, 600)
        services_, actor_ = services, actor
        Op(self, lambda: services_.survey_templates.list(actor_)).on_success(self._on_templates_loaded) \
            .on_failure(self._show_error).run()
        self._load_runs()

    # --- text ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Print survey forms"))
        self.heading.setText(programme_title(self.programme))
        self.template_label.setText(_("&Form:"))
        self.copies_label.setText(_("&Copies:"))
        self.donors_check.setText(_("One addressed copy per donor"))
        self.print_button.setText(_("Reserve numbers and print…"))
        self.print_button.setToolTip(_("Each copy gets a number of its own, never used again"))
        self.open_button.setText(_("Open the file"))
        self.close_button.setText(_("Close"))
        self.runs_box.setTitle(_("Earlier printings"))
        self.runs_table.setHorizontalHeaderLabels([_("Printed at"), _("Copies"), _("Numbers")])
        self.reprint_button.setText(_("Print again…"))
        self.reprint_button.setToolTip(_("The same copies again, with the same numbers"))
        for i, t in enumerate(self.templates):
            self.template_combo.setItemText(i, self._template_text(t))
        if self.last_run is not None:
            self.range_label.setText(range_text(self.last_run.numbers))
        self._show_runs()
        self._show_donors()
        self.copies_spin.setValue(self.copies_spin.value())  # the digits of the new language
        self.copies_spin.lineEdit().setText(self.copies_spin.textFromValue(self.copies_spin.value()))
        if self._status is not None:
            self.status_label.setText(self._status())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @staticmethod
    def _template_text(t: Template) -> str:
        version = _("Version {n}").format(n=number_text(t.version))
        return f"{t.display_title(current_language())} · {audience_label(t.audience)} · {version}"

    # --- public -----------------------------------------------------------------------
    def template(self) -> Template | None:
        i = self.template_combo.currentIndex()
        return self.templates[i] if 0 <= i < len(self.templates) else None

    def select_template(self, key: str) -> bool:
        for i, t in enumerate(self.templates):
            if t.key == key:
                self.template_combo.setCurrentIndex(i)
                return True
        return False

    def copies(self) -> int:
        self.copies_spin.interpretText()
        return self.copies_spin.value()

    @Slot()
    def print_new(self) -> None:
        """Ask for the file, reserve the numbers, write the PDF."""
        t = self.template()
        if t is None or self._busy:
            return
        per_donor = self._per_donor()
        if per_donor and not self.donors:
            return
        path = self.choose_path(self._default_name())
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        copies = self.copies()
        donors = tuple(n for n, _name in self.donors) if per_donor else ()
        services, actor, number, key = self._services, self._actor, self.programme.number, t.id
        self._start(lambda: _("Reserving the numbers…"))
        Op(self, lambda: services.survey_forms.reserve(actor, number, key, copies, donors), write=True) \
            .on_success(lambda run: self._on_reserved(run, path)).on_failure(self._on_failed).run()

    @Slot()
    def reprint(self) -> None:
        row = self.runs_table.currentRow()
        if self._busy or not 0 <= row < len(self.runs) or not self.runs_table.selectionModel().hasSelection():
            return
        path = self.choose_path(self._default_name())
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        run_id = self.runs[row][0]
        services, actor = self._services, self._actor
        self._start(lambda: _("Reading the printing…"))
        Op(self, lambda: services.survey_forms.reprint(actor, run_id)) \
            .on_success(lambda run: self._render(run, path)).on_failure(self._on_failed).run()

    # --- internals ---------------------------------------------------------------------
    def _ask_path(self, default_name: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _chosen = QFileDialog.getSaveFileName(
            self, _("Save the forms"), str(Path(folder) / default_name), _("PDF document (*.pdf)"))
        return Path(name) if name else None

    def _default_name(self) -> str:
        return f"survey-forms-{self.programme.number}.pdf"

    def _per_donor(self) -> bool:
        t = self.template()
        return t is not None and t.audience == "donor" and self.donors_check.isChecked()

    def _start(self, text: Callable[[], str]) -> None:
        self._busy = True
        self.error.hide()
        self.open_button.hide()
        self._set_status(text)
        self._update_state()

    def _set_status(self, text: Callable[[], str] | None) -> None:
        """What the dialog is doing or did, kept as a function so a language switch rewrites it."""
        self._status = text
        self.status_label.setText(text() if text is not None else "")

    def _stop(self) -> None:
        self._busy = False
        self._update_state()

    def _update_state(self) -> None:
        t = self.template()
        donor = t is not None and t.audience == "donor"
        self.donors_check.setVisible(donor)
        self.donors_label.setVisible(donor)
        self.donors_check.setEnabled(donor and bool(self.donors))
        per_donor = self._per_donor()
        self.copies_spin.setEnabled(not per_donor)
        ready = t is not None and (not per_donor or bool(self.donors))
        self.print_button.setEnabled(not self._busy and ready)
        has_run = self.runs_table.selectionModel().hasSelection()
        self.reprint_button.setEnabled(not self._busy and has_run)
        self._show_donors()

    def _show_donors(self) -> None:
        n = len(self.donors)
        if n:
            self.donors_label.setText(
                ngettext("{n} donor gave to this programme.", "{n} donors gave to this programme.", n)
                .format(n=number_text(n)))
        else:
            self.donors_label.setText(_("Nobody has given to this programme yet."))

    def _show_runs(self) -> None:
        table = self.runs_table
        table.setRowCount(len(self.runs))
        for row, (_run, at, n, first) in enumerate(self.runs):
            numbers = [first] if n == 1 else [first, last_number(first, n)]
            for column, text in enumerate((when(at), number_text(n), range_text(numbers))):
                table.setItem(row, column, QTableWidgetItem(text))

    def _load_runs(self) -> None:
        services, actor, number = self._services, self._actor, self.programme.number
        Op(self, lambda: services.survey_forms.runs(actor, number)).on_success(self._on_runs_loaded) \
            .on_failure(self._show_error).run()

    def _show_error(self, error: UserError) -> None:
        self.error.setText(error.message)
        self.error.show()
        self.failed.emit(error.message)

    def _on_templates_loaded(self, templates: list[Template]) -> None:
        self.templates = [t for t in templates if not t.retired]
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for t in self.templates:
            self.template_combo.addItem(self._template_text(t), t.id)
        self.template_combo.blockSignals(False)
        if not self.select_template("beneficiary") and self.templates:
            self.template_combo.setCurrentIndex(0)
        self._on_template_changed()
        self.loaded.emit()

    def _on_runs_loaded(self, runs: list[tuple[str, datetime, int, str]]) -> None:
        self.runs = runs
        self._show_runs()
        self._update_state()

    @Slot()
    def _on_template_changed(self) -> None:
        t = self.template()
        if t is not None and t.audience == "donor":
            services, actor, number = self._services, self._actor, self.programme.number
            Op(self, lambda: services.programmes.donors(actor, number)).on_success(self._on_donors_loaded) \
                .on_failure(self._show_error).run()
        self._update_state()

    def _on_donors_loaded(self, donors: list[tuple[str, str]]) -> None:
        self.donors = donors
        self.donors_check.setChecked(bool(donors))
        self._update_state()

    def _on_reserved(self, run: PrintRun, path: Path) -> None:
        self.last_run = run
        self.range_label.setText(range_text(run.numbers))
        self.printed.emit(run)
        self._load_runs()
        self._render(run, path)

    def _render(self, run: PrintRun, path: Path) -> None:
        self.last_run = run
        self.range_label.setText(range_text(run.numbers))
        if not render_available():
            self._set_status(
                lambda: _("The numbers are reserved; printing the forms is not available in this version."))
            self._stop()
            return
        n = len(run.numbers)
        self._set_status(
            lambda: ngettext("Preparing {n} form…", "Preparing {n} forms…", n).format(n=number_text(n)))
        self._busy = True
        self._update_state()
        services = self._services
        Op(self, lambda: write_forms(services, run, path), long=True) \
            .on_success(self._on_rendered).on_failure(self._on_failed).run()

    def _on_rendered(self, path: Path) -> None:
        self.last_path = path
        self._set_status(lambda: _("Saved to {file}.").format(file=f"{FSI}{path.name}{PDI}"))
        self.open_button.show()
        self._stop()
        self.rendered.emit(path)

    def _on_failed(self, error: UserError) -> None:
        self._set_status(None)
        self._stop()
        self._show_error(error)

    @Slot()
    def _on_open_clicked(self) -> None:
        if self.last_path is not None:
            labels.open_document(self.last_path)

    def range_shown(self) -> str:
        """The range label's text without its direction marks (for tests and the status bar)."""
        text = self.range_label.text()
        for mark in (FSI, PDI, "\u2066", "\u2067"):
            text = text.replace(mark, "")
        return text

