"""Keyed entry of returned paper forms, built for speed: the officer's eyes stay on the paper.

The flow, keys only:

1. The form number: its digits, the full number, or a handheld scanner typing
   the QR payload, then Enter. It is checked against the programme's
   :class:`~app.surveys.records.EntryBatch`, read once in the background: a
   number not printed for this programme, or already keyed, is refused at once
   with one sentence and nothing changes. The field is pre-filled with the next
   form not yet keyed, so a stack in order is just Enter.
2. The sheet: a digit 1–5 (Latin or Arabic-Indic) answers the current item and
   moves on; 0 or Space leaves it unanswered; Backspace goes back one item and
   clears it; the arrows move. Then the demographics by keys: the age group by
   its option number, first time by 1/2 (or ن/ل). The written answers
   (suggestions, name, mobile…) are reached with Tab; the fast path skips them.
3. Enter saves and opens the next form. An unusual pattern (every item the
   same, a required item blank) first shows the flag and asks for a short note;
   Enter again saves with it.

Saving never makes the screen wait: the save runs as a background write, the
form counts as keyed at once, and the next form is ready. If the save fails,
the sentence is shown and the form comes back with its answers.

The recent entries can be re-opened for correction (double-click or Enter) or
withdrawn. "Second keying of a sample" keys the verification sample again
(pass 2) and shows the batch's keying error rate.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_time
from app.errors import UserError
from app.i18n import N_, _, current_language
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.entry import flags_of
from app.surveys.forms import parse_form_entry
from app.surveys.labels import FLAG_LABELS, SECTION_LABELS
from app.surveys.records import (
    EntryBatch,
    FormState,
    Item,
    ProgrammeInfo,
    ResponseInfo,
    Template,
    Verification,
)
from app.text.bidi import isolate_ltr
from app.text.digits import to_latin_digits
from ui.common.ops import Op
from ui.common.texts import NO_VALUE, digits, number_text
from ui.common.widgets import error_label, ltr_line_edit
from ui.surveys.entry_sheet import (
    BACK,
    BOXES,
    COLUMNS,
    DOWN,
    FIRST_BOX,
    NUMBER_COLUMN,
    SKIP,
    TEXT_COLUMN,
    UP,
    SheetModel,
    decode_key,
    text_items,
)
from ui.theme import Colours, ui_font

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_SIDEWAYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp,
             Qt.Key.Key_PageDown)
_LTR_ROLES = ("mobile", "email")
_KEPT_ON_FAILURE = ("form-keyed-twice", "form-verified-twice")
RECENT_SHOWN = 8
_RECENT_HEADERS = (N_("Form"), N_("Answers"), N_("Age group"), N_("First time"), "⚑", N_("Time"))


def confirm(parent: QWidget, text: str) -> bool:
    """Ask yes / no (tests replace this)."""
    answer = QMessageBox.question(parent, _("Withdraw an entry"), text)
    return answer == QMessageBox.StandardButton.Yes


@dataclass
class _Draft:
    """A form as keyed, kept until its save is confirmed (it comes back if the save fails)."""

    programme: str
    number: str
    template_id: str
    answers: list[int]
    texts: dict[str, str]
    note: str
    pass_no: int = 1
    response: ResponseInfo | None = None  # a correction of this saved response
    extra: dict[str, Any] = field(default_factory=dict)
    scores: tuple[int, ...] = ()


class _SheetView(QTableView):
    """The sheet's table: every key goes to the panel first."""

    def __init__(self, handler: Callable[[QKeyEvent], bool], parent: QWidget) -> None:
        super().__init__(parent)
        self._handler = handler

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handler(event):
            super().keyPressEvent(event)


class _RecentTable(QTableWidget):
    """The last entries; Enter re-opens the current one like a double-click."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and self.currentRow() >= 0:
            self.activated_row.emit(self.currentRow())
            return
        super().keyPressEvent(event)


class SurveyEntryPanel(QWidget):
    """The keying screen of one programme's batch of returned paper forms."""

    changed = Signal()  # after each save, correction or withdrawal reached the database
    batch_loaded = Signal()  # the programme's printed forms are known: forms can be opened

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._programme = ""
        self._programmes: list[ProgrammeInfo] = []
        self._batch: EntryBatch | None = None
        self._forms: dict[str, FormState] = {}
        self._order: list[FormState] = []
        self._serials: list[int] = []
        self._serial_count: dict[int, int] = {}
        self._keyed: set[str] = set()
        self._verified: set[str] = set()
        self._recent: list[ResponseInfo] = []
        self._sample: list[str] = []
        self._verification: Verification | None = None
        self._form: FormState | None = None  # the form being keyed
        self._correcting: ResponseInfo | None = None  # or the saved response being corrected
        self._pos = 0  # the current row of the sheet; len(rows) once every row was passed
        self._redo: list[_Draft] = []  # failed saves, opened again before anything else
        self._in_flight = 0
        self._text_edits: dict[str, QLineEdit] = {}
        self._text_labels: list[tuple[QLabel, Item]] = []
        self._text_template = ""
        self._status_source: tuple[str, dict[str, Any]] | None = None
        self._build()
        self.retranslate_ui()
        self._load_programmes()

    # --- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(8)

        top = QHBoxLayout()
        self.programme_label = QLabel(self)
        self.programme_combo = QComboBox(self)
        self.programme_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.programme_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.programme_combo.setMinimumContentsLength(24)
        self.programme_combo.currentIndexChanged.connect(self._on_programme_chosen)
        self.programme_label.setBuddy(self.programme_combo)
        self.counts_label = QLabel(self)
        self.counts_label.setStyleSheet(f"color: {Colours.ACCENT}; font-weight: bold; font-size: 13pt;")
        self.second_check = QCheckBox(self)
        self.second_check.toggled.connect(self._on_second_toggled)
        top.addWidget(self.programme_label)
        top.addWidget(self.programme_combo, 1)
        top.addSpacing(16)
        top.addWidget(self.counts_label)
        top.addSpacing(16)
        top.addWidget(self.second_check)
        outer.addLayout(top)

        number_row = QHBoxLayout()
        self.number_label = QLabel(self)
        self.number_edit = ltr_line_edit(self)
        self.number_edit.setFont(ui_font(14, bold=True))
        self.number_edit.setFixedWidth(300)
        self.number_edit.returnPressed.connect(self.open_typed_form)
        self.number_label.setBuddy(self.number_edit)
        self.form_label = QLabel(self)
        self.form_label.setFont(ui_font(12, bold=True))
        number_row.addWidget(self.number_label)
        number_row.addWidget(self.number_edit)
        number_row.addSpacing(12)
        number_row.addWidget(self.form_label, 1)
        self.status = QLabel(self)
        self.status.setStyleSheet(f"color: {Colours.MUTED};")
        number_row.addWidget(self.status)
        outer.addLayout(number_row)
        self.message = error_label(self)  # hidden, taking no room, until a key is refused
        outer.addWidget(self.message)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model = SheetModel()
        self.sheet = _SheetView(self._sheet_key, left)
        self.sheet.setModel(self.model)
        # The current row is painted by the model (a selection would hide the chosen box).
        self.sheet.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.sheet.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sheet.setTabKeyNavigation(False)
        self.sheet.setWordWrap(True)
        self.sheet.setAlternatingRowColors(False)
        self.sheet.verticalHeader().setVisible(False)
        self.sheet.verticalHeader().setDefaultSectionSize(30)
        header = self.sheet.horizontalHeader()
        header.setMinimumSectionSize(36)
        self._size_columns()
        self.sheet.clicked.connect(self._on_sheet_clicked)
        header.sectionResized.connect(self._on_section_resized)
        left_layout.addWidget(self.sheet, 1)

        flag_row = QHBoxLayout()
        self.flag_label = QLabel(left)
        self.flag_label.setWordWrap(True)
        self.flag_label.setStyleSheet(f"color: {Colours.ERROR}; font-weight: bold;")
        self.note_label = QLabel(left)
        self.note_edit = QLineEdit(left)
        self.note_edit.returnPressed.connect(self.save)
        self.note_label.setBuddy(self.note_edit)
        flag_row.addWidget(self.note_label)
        flag_row.addWidget(self.note_edit, 1)
        flag_box = QVBoxLayout()
        flag_box.setContentsMargins(0, 0, 0, 0)
        flag_box.addWidget(self.flag_label)
        flag_box.addLayout(flag_row)
        self.flag_frame = QFrame(left)
        self.flag_frame.setLayout(flag_box)
        self.flag_frame.setVisible(False)
        left_layout.addWidget(self.flag_frame)

        self.texts_box = QGroupBox(left)
        self.texts_grid = QGridLayout(self.texts_box)
        self.texts_grid.setContentsMargins(8, 4, 8, 4)
        self.texts_grid.setVerticalSpacing(4)
        for column in (1, 3, 5):
            self.texts_grid.setColumnStretch(column, 1)
        left_layout.addWidget(self.texts_box)


        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.recent_box = QGroupBox(right)
        recent_layout = QVBoxLayout(self.recent_box)
        self.recent_table = _RecentTable(0, len(_RECENT_HEADERS), self.recent_box)
        self.recent_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.recent_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.recent_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.recent_table.verticalHeader().setVisible(False)
        self.recent_table.horizontalHeader().setStretchLastSection(True)
        self.recent_table.setTabKeyNavigation(False)
        self.recent_table.doubleClicked.connect(lambda index: self.correct_recent(index.row()))
        self.recent_table.activated_row.connect(self.correct_recent)
        self.recent_table.setMinimumHeight(150)
        recent_layout.addWidget(self.recent_table, 1)
        buttons = QHBoxLayout()
        self.correct_button = QPushButton(self.recent_box)
        self.correct_button.clicked.connect(lambda: self.correct_recent(self.recent_table.currentRow()))
        self.void_button = QPushButton(self.recent_box)
        self.void_button.clicked.connect(lambda: self.void_recent(self.recent_table.currentRow()))
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.void_button)
        buttons.addStretch(1)
        recent_layout.addLayout(buttons)
        right_layout.addWidget(self.recent_box, 1)

        self.verify_box = QGroupBox(right)
        verify_layout = QVBoxLayout(self.verify_box)
        self.sample_label = QLabel(self.verify_box)
        self.sample_label.setWordWrap(True)
        self.rate_label = QLabel(self.verify_box)
        self.rate_label.setWordWrap(True)
        verify_layout.addWidget(self.sample_label)
        verify_layout.addWidget(self.rate_label)
        right_layout.addWidget(self.verify_box)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([960, 400])

        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {Colours.MUTED};")
        outer.addWidget(self.hint)
        self.setTabOrder(self.number_edit, self.sheet)

    def retranslate_ui(self) -> None:
        self.programme_label.setText(_("&Programme:"))
        self.number_label.setText(_("&Form number:"))
        self.number_edit.setPlaceholderText(_("Digits, the full number, or scan the code"))
        self.second_check.setText(_("Second &keying of a sample"))
        self.second_check.setToolTip(_("Key a sample of the forms again to measure the keying error rate"))
        self.note_label.setText(_("&Note:"))
        self.note_edit.setPlaceholderText(_("Why the form is saved as it is (optional)"))
        self.recent_box.setTitle(_("Last entries (double-click or Enter to correct)"))
        self.recent_table.setHorizontalHeaderLabels([_(h) if h.isascii() else h for h in _RECENT_HEADERS])
        self.correct_button.setText(_("&Correct"))
        self.void_button.setText(_("&Withdraw"))
        self.void_button.setToolTip(_("Withdraw an entry keyed against the wrong form"))
        self.verify_box.setTitle(_("Second keying (double entry)"))
        self.hint.setText(_("1–5: answer and move on · 0 or Space: unanswered · Backspace: back one item · "
                            "↑ ↓: move · Enter: save and open the next form · Tab: the written answers · "
                            "Esc: close the form unsaved"))
        for label, item in self._text_labels:
            label.setText(self._text_label(item))
            label.setToolTip(item.text(current_language()))
        self.model.relabel()
        self._show_form_label()
        self._show_counts()
        self._show_verification()
        self._fill_recent()
        self._fill_combo_texts()
        if self._status_source is not None:
            self._set_status(self._status_source[0], **self._status_source[1])
        if self._form is None and self._correcting is None:  # the pre-filled number in the new digits
            self.number_edit.setText(digits(to_latin_digits(self.number_edit.text())))
            self.number_edit.selectAll()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- programmes and the batch -----------------------------------------------------------
    def _load_programmes(self) -> None:
        services, actor = self._services, self._actor
        Op(self, lambda: services.programmes.list(actor)).on_success(self._on_programmes).on_failure(
            self._show_error).run()

    def _on_programmes(self, programmes: list[ProgrammeInfo]) -> None:
        self._programmes = programmes
        with QSignalBlocker(self.programme_combo):
            self.programme_combo.clear()
            for p in programmes:
                self.programme_combo.addItem("", p.number)
            self._fill_combo_texts()
            index = self.programme_combo.findData(self._programme) if self._programme else 0
            self.programme_combo.setCurrentIndex(max(index, 0) if programmes else -1)
        if not self._programme and programmes:
            self.open_programme(programmes[0].number)

    def _fill_combo_texts(self) -> None:
        for i, p in enumerate(self._programmes[: self.programme_combo.count()]):
            self.programme_combo.setItemText(i, f"{p.name} — {isolate_ltr(p.number)}")

    def _on_programme_chosen(self, index: int) -> None:
        number = self.programme_combo.itemData(index)
        if number and number != self._programme:
            self.open_programme(str(number))

    def open_programme(self, programme: str) -> None:
        """Key the batch of ``programme`` (its number): its printed forms load in the background."""
        self._programme = programme
        index = self.programme_combo.findData(programme)
        if index >= 0 and index != self.programme_combo.currentIndex():
            with QSignalBlocker(self.programme_combo):
                self.programme_combo.setCurrentIndex(index)
        self._batch = None
        self._forms, self._order, self._serials, self._serial_count = {}, [], [], {}
        self._keyed, self._verified, self._recent, self._sample = set(), set(), [], []
        self._verification = None
        self._redo.clear()
        self._close_form()
        self._show_counts()
        self._fill_recent()
        self._show_verification()
        self._set_status(N_("Loading the programme's forms…"))
        services, actor = self._services, self._actor
        Op(self, lambda: services.survey_entry.batch(actor, programme)).on_success(
            self._on_batch).on_failure(self._show_error).run()
        self._load_verification()

    def _on_batch(self, batch: EntryBatch) -> None:
        if batch.programme.number != self._programme:
            return  # another programme was chosen meanwhile
        self._batch = batch
        self._forms = dict(batch.forms)
        self._order = sorted(batch.forms.values(), key=lambda f: f.serial)
        self._serials = [f.serial for f in self._order]
        self._serial_count = {}
        for f in self._order:
            self._serial_count[f.serial] = self._serial_count.get(f.serial, 0) + 1
        self._keyed = {n for n, f in batch.forms.items() if f.keyed}
        self._verified = {n for n, f in batch.forms.items() if f.verified}
        self._recent = list(batch.recent[:RECENT_SHOWN])
        if self._order:
            self._use_template(batch.templates[self._order[0].template_id])
        self._fill_recent()
        self._show_counts()
        if self.second_check.isChecked():
            self._load_sample()
        self._set_status(N_("Ready: type the form number and press Enter."))
        self._prefill()
        self.batch_loaded.emit()

    def _load_verification(self) -> None:
        services, actor, programme = self._services, self._actor, self._programme
        Op(self, lambda: services.survey_entry.verification(actor, programme)).on_success(
            partial(self._on_verification, programme)).on_failure(lambda _e: None).run()

    def _on_verification(self, programme: str, verification: Verification) -> None:
        if programme == self._programme:
            self._verification = verification
            self._show_verification()

    def _load_sample(self) -> None:
        services, actor, programme = self._services, self._actor, self._programme
        Op(self, lambda: services.survey_entry.verification_sample(actor, programme)).on_success(
            partial(self._on_sample, programme)).on_failure(self._show_error).run()

    def _on_sample(self, programme: str, sample: list[str]) -> None:
        if programme != self._programme or not self.second_check.isChecked():
            return
        self._sample = sample
        self._show_verification()
        self._show_counts()
        if self._form is None and self._correcting is None:
            self._prefill()

    def _on_second_toggled(self, checked: bool) -> None:
        self._close_form()
        self._sample = []
        if checked and self._batch is not None:
            self._load_sample()
        self._show_counts()
        self._show_verification()
        self._show_form_label()
        self._prefill()

    @property
    def pass_no(self) -> int:
        return 2 if self.second_check.isChecked() else 1

    # --- opening a form ---------------------------------------------------------------------
    def open_typed_form(self) -> None:
        """Enter in the number field: open the form it names, or say in one sentence why not."""
        text = self.number_edit.text()
        if not text.strip():
            return
        if self._batch is None:
            self._refuse(_("The programme's forms are still loading; try again in a moment."))
            return
        if self._form is not None or self._correcting is not None:
            self._close_form()
        try:
            form = self._check(text)
        except UserError as error:
            self._refuse(error.message)
            return
        self._open(form)

    def _check(self, text: str) -> FormState:
        full, serial = parse_form_entry(text)
        if serial is None:
            raise UserError("form-number", "“{value}” is not a form number.", value=text.strip())
        if full is not None:
            form = self._forms.get(full)
            found = [form] if form is not None else []
        else:
            index = bisect.bisect_left(self._serials, serial)
            found = [f for f in self._order[index:index + self._serial_count.get(serial, 0)]]
        if not found:
            raise UserError("form-not-printed", "Form {value} was not printed for this programme.",
                            value=isolate_ltr(text.strip()))
        if len(found) > 1:
            raise UserError("form-ambiguous",
                            "Two sites printed form {value} for this programme: type the whole number.",
                            value=isolate_ltr(text.strip()))
        form = found[0]
        number = isolate_ltr(form.number)
        if self.pass_no == 1 and form.number in self._keyed:
            who = next((r.keyed_by for r in self._recent if r.form_number == form.number and r.pass_no == 1),
                       "")
            if who:
                raise UserError("form-keyed-twice", "Form {number} has already been keyed (by {user}).",
                                number=number, user=who)
            raise UserError("form-keyed-twice", "Form {number} has already been keyed.", number=number)
        if self.pass_no == 2:
            if form.number not in self._keyed:
                raise UserError("form-not-keyed", "Form {number} has not been keyed yet: key it first.",
                                number=number)
            if form.number in self._verified:
                raise UserError("form-verified-twice", "Form {number} has already been keyed a second time.",
                                number=number)
        return form

    def _open(self, form: FormState, draft: _Draft | None = None) -> None:
        assert self._batch is not None
        self._form = form
        self._correcting = draft.response if draft else None
        self._use_template(self._batch.templates[form.template_id])
        self._start(draft)

    def _start(self, draft: _Draft | None) -> None:
        """The sheet ready for keys: blank, or a draft's answers (a failed save, a correction)."""
        self.message.hide()
        self._hide_flag()
        if draft is None:
            self.model.clear()
            for edit in self._text_edits.values():
                if edit.text():
                    edit.clear()
            self._go(0)
        else:
            self.model.set_answers(draft.answers)
            for item_id, edit in self._text_edits.items():
                edit.setText(draft.texts.get(item_id, ""))
            if draft.note:
                self.note_edit.setText(draft.note)
                self._show_flag(flags_of(self._template(), self.model.scores(), self._extra()))
            self._go(len(self.model.rows) if draft.response is None else 0)
        self._show_form_label()
        self.sheet.setFocus(Qt.FocusReason.OtherFocusReason)

    def _use_template(self, template: Template) -> None:
        if self.model.template is None or self.model.template.id != template.id:
            self.model.set_template(template)
            self._size_columns()
            self.sheet.resizeRowsToContents()
            self._build_texts(template)

    def _size_columns(self) -> None:
        """Narrow boxes, the statement takes the rest (again after each model reset)."""
        header = self.sheet.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.sheet.setColumnWidth(NUMBER_COLUMN, 40)
        for c in range(FIRST_BOX, COLUMNS):
            self.sheet.setColumnWidth(c, 80)

    def _on_section_resized(self, index: int, _old: int, _new: int) -> None:
        if index == TEXT_COLUMN:
            self.sheet.resizeRowsToContents()

    @staticmethod
    def _text_label(item: Item) -> str:
        """Short: the suggestions' question is a sentence on paper; here it is "Suggestions"."""
        if item.section in SECTION_LABELS and item.section != "demographics":
            return _(SECTION_LABELS[item.section]) + ":"
        return item.text(current_language()) + ":"

    def _template(self) -> Template:
        assert self.model.template is not None
        return self.model.template

    def _build_texts(self, template: Template) -> None:
        if template.id == self._text_template:
            return
        self._text_template = template.id
        while self.texts_grid.count():
            taken = self.texts_grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self._text_edits.clear()
        self._text_labels.clear()
        previous: QWidget = self.sheet
        for n, item in enumerate(text_items(template)):  # three to a line
            label = QLabel(self._text_label(item), self.texts_box)
            label.setToolTip(item.text(current_language()))
            edit = ltr_line_edit(self.texts_box) if item.role in _LTR_ROLES else QLineEdit(self.texts_box)
            edit.returnPressed.connect(self.save)
            label.setBuddy(edit)
            self.texts_grid.addWidget(label, n // 3, (n % 3) * 2)
            self.texts_grid.addWidget(edit, n // 3, (n % 3) * 2 + 1)
            label.show()
            edit.show()
            self._text_edits[item.id] = edit
            self._text_labels.append((label, item))
            self.setTabOrder(previous, edit)
            previous = edit
        self.texts_box.setVisible(bool(self._text_edits))

    # --- keys on the sheet --------------------------------------------------------------------
    def _sheet_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        if key in _ENTER:
            self.save()
            return True
        if key == Qt.Key.Key_Escape:
            if self._form is not None or self._correcting is not None:
                self._set_status(N_("Closed without saving."))
            self._close_form()
            if self._redo:  # a failed save waiting for its turn
                self._reopen(self._redo.pop(0))
            else:
                self._prefill()
            return True
        if key in _SIDEWAYS:
            return True
        rows = self.model.rows
        if not rows:
            return False
        row = rows[min(self._pos, len(rows) - 1)]
        action = decode_key(row, key, event.text())
        if action is None:
            return False
        if self._form is None and self._correcting is None:
            self._refuse(_("Type the form number first."))
            return True
        if action is UP:
            self._go(max(self._pos - 1, 0))
        elif action is DOWN:
            self._go(min(self._pos + 1, len(rows)))
        elif action is BACK:
            if self._pos > 0:
                self.model.clear_answer(self._pos - 1)
                self._go(self._pos - 1)
        elif self._pos >= len(rows):
            self._refuse(_("Every item is keyed: Enter saves, Backspace goes back."))
        elif action.action == "refuse":
            self._refuse(action.message)
        else:
            self.model.set_answer(self._pos, action.value if action is not SKIP else 0)
            if self.message.isVisible():
                self.message.hide()
            self._go(self._pos + 1)
        return True

    def _go(self, pos: int) -> None:
        self._pos = pos
        self.model.set_current(pos)
        if pos < len(self.model.rows):
            index = self.model.index(pos, TEXT_COLUMN)
            self.sheet.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.sheet.scrollTo(index)
        else:
            self._set_status(N_("Every item is keyed: press Enter to save."))

    def _on_sheet_clicked(self, index: QModelIndex) -> None:
        if self._form is None and self._correcting is None:
            return
        row = self.model.rows[index.row()]
        value = index.column() - FIRST_BOX + 1
        if 1 <= value <= min(row.choices, BOXES):
            self.model.set_answer(index.row(), value)
            self._go(index.row() + 1)
        else:
            self._go(index.row())

    # --- saving -------------------------------------------------------------------------------
    def _extra(self) -> dict[str, Any]:
        extra = self.model.extra()
        extra.update({k: e.text().strip() for k, e in self._text_edits.items() if e.text().strip()})
        return extra

    def save(self) -> None:
        """Enter: save the form (first showing its flag and asking for a note) and open the next."""
        if self._form is None and self._correcting is None:
            self.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        template = self._template()
        scores, extra = self.model.scores(), self._extra()
        flags = flags_of(template, scores, extra)
        if flags and not self.flag_frame.isVisible():
            self._show_flag(flags)
            self.note_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        draft = _Draft(
            self._programme,
            self._correcting.form_number if self._correcting else self._form.number if self._form else "",
            template.id,
            list(self.model.answers),
            {k: e.text() for k, e in self._text_edits.items() if e.text()},
            self.note_edit.text().strip() if self.flag_frame.isVisible() else "",
            self._correcting.pass_no if self._correcting else self.pass_no,
            self._correcting,
            extra,
            scores,
        )
        serial = self._form.serial if self._form is not None else None
        self._submit(draft)
        self._close_form()
        self._show_counts()
        if self._redo:
            self._reopen(self._redo.pop(0))
        else:
            self._prefill(serial)

    def _submit(self, draft: _Draft) -> None:
        services, actor = self._services, self._actor
        if draft.response is not None:
            response_id = draft.response.id

            def call() -> ResponseInfo:
                return services.survey_entry.correct(actor, response_id, draft.scores, extra=draft.extra,
                                                     note=draft.note)
        else:
            (self._verified if draft.pass_no == 2 else self._keyed).add(draft.number)

            def call() -> ResponseInfo:
                return services.survey_entry.add(actor, draft.programme, draft.number, draft.scores,
                                                 extra=draft.extra, note=draft.note, pass_no=draft.pass_no)
        self._in_flight += 1
        Op(self, call, write=True).on_success(partial(self._on_saved, draft)).on_failure(
            partial(self._on_save_failed, draft)).run()

    def _on_saved(self, draft: _Draft, info: ResponseInfo) -> None:
        self._in_flight -= 1
        if draft.programme == self._programme:
            self._recent = [r for r in self._recent if r.id != info.id]
            self._recent.insert(0, info)
            del self._recent[RECENT_SHOWN:]
            self._fill_recent()
            key = N_("Form {number} corrected.") if draft.response else N_("Form {number} saved.")
            self._set_status(key, number=isolate_ltr(info.form_number))
            if draft.pass_no == 2:
                self._load_verification()
                self._show_verification()
        self.changed.emit()

    def _on_save_failed(self, draft: _Draft, error: UserError) -> None:
        self._in_flight -= 1
        if draft.programme != self._programme:
            self._refuse(error.message)
            return
        if draft.response is None and error.code not in _KEPT_ON_FAILURE:
            (self._verified if draft.pass_no == 2 else self._keyed).discard(draft.number)
            self._show_counts()
        sentence = _("Form {number} was not saved: {reason}").format(
            number=isolate_ltr(draft.number), reason=error.message)
        if self._busy_with_answers():
            self._redo.append(draft)
            self._refuse(sentence + " " + _("It opens again after this form."))
        else:
            self._close_form()
            self._reopen(draft)
            self._refuse(sentence)

    def _busy_with_answers(self) -> bool:
        if self._form is None and self._correcting is None:
            return False
        return any(self.model.answers) or any(e.text() for e in self._text_edits.values())

    def _reopen(self, draft: _Draft) -> None:
        """A failed save comes back with its answers, ready to fix and save again."""
        form = self._forms.get(draft.number)
        if form is None or self._batch is None:
            return
        self.number_edit.setText(draft.number)
        self._open(form, draft)

    # --- the recent entries -------------------------------------------------------------------
    def _fill_recent(self) -> None:
        table = self.recent_table
        table.setRowCount(len(self._recent))
        for row, r in enumerate(self._recent):
            template = self._batch.templates.get(r.template_id) if self._batch else None
            age_item = template.item("age_group") if template else None
            age = next((o.text(current_language()) for o in age_item.options if o.id == r.age_group),
                       r.age_group) if age_item else r.age_group
            first = NO_VALUE if r.first_time is None else _("Yes") if r.first_time else _("No")
            flags = "، ".join(_(FLAG_LABELS[f]) for f in r.flags if f in FLAG_LABELS)
            number = r.form_number + ("  ²" if r.pass_no == 2 else "")
            cells = (
                isolate_ltr(number),
                "".join(digits(str(s)) if s else "–" for s in r.scores),
                age or NO_VALUE,
                first,
                "⚑" if flags else "",
                format_time(r.keyed_at.astimezone()),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4 and flags:
                    item.setToolTip(flags + (f"\n{r.note}" if r.note else ""))
                if column == 0 and r.pass_no == 2:
                    item.setToolTip(_("Second keying"))
                table.setItem(row, column, item)
        table.resizeColumnsToContents()

    def correct_recent(self, row: int) -> None:
        """Re-open a recent entry for correction (its answers in the sheet; Enter saves the change)."""
        if not 0 <= row < len(self._recent) or self._batch is None:
            return
        if self._busy_with_answers():
            self._refuse(_("Save the form being keyed (Enter) or close it (Esc) first."))
            return
        r = self._recent[row]
        template = self._batch.templates.get(r.template_id)
        form = self._forms.get(r.form_number)
        if template is None or form is None:
            return
        self._close_form()
        self._form = None
        self._correcting = r
        self._use_template(template)
        answers = self.model.answers_of(r.scores, r.answers)
        texts = {k: str(v) if not isinstance(v, list) else ",".join(map(str, v))
                 for k, v in r.answers.items() if k in self._text_edits}
        self.number_edit.setText(r.form_number)
        draft = _Draft(self._programme, r.form_number, r.template_id, answers, texts, r.note, r.pass_no, r)
        self._start(draft)
        self._set_status(N_("Correcting: change the answers, then press Enter."))

    def void_recent(self, row: int) -> None:
        """Withdraw a recent entry (keyed against the wrong form): its paper can be keyed again."""
        if not 0 <= row < len(self._recent):
            return
        r = self._recent[row]
        if not confirm(self, _("Withdraw the entry of form {number}? Its paper can then be keyed again.")
                       .format(number=isolate_ltr(r.form_number))):
            return
        services, actor, programme = self._services, self._actor, self._programme
        Op(self, lambda: services.survey_entry.void(actor, r.id), write=True).on_success(
            lambda _none: self._on_voided(programme, r)).on_failure(self._show_error).run()

    def _on_voided(self, programme: str, r: ResponseInfo) -> None:
        if programme == self._programme:
            self._recent = [x for x in self._recent if x.id != r.id]
            (self._verified if r.pass_no == 2 else self._keyed).discard(r.form_number)
            if self._correcting is not None and self._correcting.id == r.id:
                self._close_form()
            self._fill_recent()
            self._show_counts()
            self._set_status(N_("The entry of form {number} was withdrawn."),
                             number=isolate_ltr(r.form_number))
            if r.pass_no == 2:
                self._load_verification()
            if self._form is None and self._correcting is None:
                self._prefill()
        self.changed.emit()

    # --- small helpers ------------------------------------------------------------------------
    def _close_form(self) -> None:
        self._form = None
        self._correcting = None
        self._hide_flag()
        self.note_edit.clear()
        self.model.clear()
        for edit in self._text_edits.values():
            if edit.text():
                edit.clear()
        self._pos = 0
        self.model.set_current(-1)
        self._show_form_label()

    def _next_form(self, after: int | None) -> FormState | None:
        if self.pass_no == 2:
            todo = [n for n in self._sample if n not in self._verified and n in self._forms]
            later = [n for n in todo if after is None or self._forms[n].serial > after]
            chosen = later or todo
            return self._forms[chosen[0]] if chosen else None
        start = bisect.bisect_right(self._serials, after) if after is not None else 0
        for forms in (self._order[start:], self._order[:start]):
            for f in forms:
                if f.number not in self._keyed:
                    return f
        return None

    def _prefill(self, after: int | None = None) -> None:
        """The number field focused, holding the next form to key (Enter opens it)."""
        form = self._next_form(after)
        if form is None:
            text = ""
        elif self._serial_count.get(form.serial, 0) > 1:
            text = form.number
        else:
            text = digits(str(form.serial))
        self.number_edit.setText(text)
        self.number_edit.selectAll()
        self.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_form_label(self) -> None:
        if self._correcting is not None:
            self.form_label.setText(_("Correcting form {number} (keyed by {user})").format(
                number=isolate_ltr(self._correcting.form_number), user=self._correcting.keyed_by))
            return
        if self._form is None:
            self.form_label.setText("")
            return
        template = self.model.template
        title = template.display_title(current_language()) if template else ""
        text = _("Form {number} — {title}, version {version}").format(
            number=isolate_ltr(self._form.number), title=title,
            version=digits(str(template.version if template else 1)))
        if self._form.client_name:
            text += " — " + self._form.client_name
        if self.pass_no == 2:
            text += " — " + _("second keying")
        self.form_label.setText(text)

    def _show_counts(self) -> None:
        printed = len(self._forms)
        text = _("Keyed {keyed} of {printed}").format(keyed=number_text(len(self._keyed)),
                                                      printed=number_text(printed))
        if self.pass_no == 2 and self._sample:
            done = sum(1 for n in self._sample if n in self._verified)
            text += " — " + _("keyed again {done} of {sample}").format(
                done=number_text(done), sample=number_text(len(self._sample)))
        self.counts_label.setText(text)
        # Arabic-Indic digits come from a fallback font a little wider than measured
        self.counts_label.setMinimumWidth(self.counts_label.fontMetrics().horizontalAdvance(text) + 16)

    def _show_verification(self) -> None:
        v = self._verification
        if v is None or not v.forms:
            self.rate_label.setText(_("No form has been keyed a second time yet."))
        else:
            rate = v.error_rate or 0.0
            self.rate_label.setText(
                _("Keying error rate: {rate}% ({differing} of {compared} answers differ; "
                  "{forms} forms keyed twice)").format(
                    rate=digits(f"{rate * 100:.1f}"), differing=number_text(v.items_differing),
                    compared=number_text(v.items_compared), forms=number_text(v.forms)))
        self.sample_label.setVisible(self.second_check.isChecked())
        if not self.second_check.isChecked():
            self.sample_label.clear()
        elif not self._sample:
            self.sample_label.setText(_("No sample yet: key some forms first."))
        else:
            left = [n for n in self._sample if n not in self._verified]
            shown = "، ".join(digits(str(self._forms[n].serial)) if n in self._forms else isolate_ltr(n)
                             for n in left[:30])
            self.sample_label.setText(
                _("Sample to key again: {numbers}").format(numbers=shown or NO_VALUE))

    def _show_flag(self, flags: tuple[str, ...]) -> None:
        if not flags:
            return
        text = "، ".join(_(FLAG_LABELS[f]) for f in flags if f in FLAG_LABELS)
        self.flag_label.setText(_("Unusual: {flags}. Add a note if you wish, then Enter saves.").format(
            flags=text))
        self.flag_frame.setVisible(True)

    def _hide_flag(self) -> None:
        if self.flag_frame.isVisible():
            self.flag_frame.setVisible(False)
        self.note_edit.clear()

    def _refuse(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.message.show()
        if self._form is None and self._correcting is None:
            self.number_edit.selectAll()
            self.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_error(self, error: UserError) -> None:
        self._refuse(error.message)

    def _set_status(self, key: str, **params: Any) -> None:
        self._status_source = (key, params)
        self.status.setText(_(key).format(**params))

    # --- what tests and the hosting page read ------------------------------------------------
    @property
    def current_row(self) -> int:
        """The sheet's current row (len(rows) once every item was passed)."""
        return self._pos

    @property
    def form_number(self) -> str:
        """The number of the form open in the sheet ("" when none)."""
        if self._correcting is not None:
            return self._correcting.form_number
        return self._form.number if self._form is not None else ""

    @property
    def saving(self) -> int:
        """Saves sent and not answered yet."""
        return self._in_flight
