"""The intake form: a complaint, inquiry, suggestion or compliment taken at the desk.

Built for a queue: the keyboard alone goes from the first key to the save.

- Alt+1…Alt+4 choose the type; Tab walks type → channel → centre → category →
  priority → person → (name → mobile) → description → answer; Tab never types a
  tab into the texts. Ctrl+Enter saves from anywhere; F2 searches the FAQ.
- The channel and centre last used on this desk, and "print the slip on save",
  are kept in the data folder's ``ui-state.ini`` and chosen again next time.
- The person: :class:`PersonFinder` (a registered client, or an earlier
  contact); when nobody is picked the item is a quick contact (name, mobile).
- An inquiry answered from the FAQ can be answered and closed in the same step.
- The service validates; its sentence shows under the field it concerns, which
  takes the focus, and nothing is saved.

After saving, the dialog shows the reference with the acknowledgement message
to copy and the slip to print, and "New intake" clears the form for the next
person (keeping the channel and centre).
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.complaints.faq import FaqEntry
from app.complaints.records import ComplaintDetail, NewComplaint, PersonMatch
from app.complaints.vocab import PRIORITIES, TYPES
from app.errors import UserError
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.digits import to_latin_digits
from app.text.phone import display_mobile
from ui.common.ops import Op
from ui.common.widgets import error_label, ltr_line_edit
from ui.complaints import labels
from ui.complaints.faq_panel import FaqPanel
from ui.complaints.labels import Vocab, day, ltr, priority_label, status_label, type_label
from ui.complaints.person_finder import PersonFinder
from ui.theme import Colours, ui_font

CHANNEL_KEY = "complaints/intake/channel"
CENTRE_KEY = "complaints/intake/centre"
PRINT_KEY = "complaints/intake/print_slip"
FORM_PAGE, DONE_PAGE = 0, 1
INQUIRY = "inquiry"
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PHONE_CHARS = frozenset("0123456789+- ()")


def looks_like_phone(text: str) -> bool:
    latin = to_latin_digits(text.strip())
    return bool(latin) and set(latin) <= _PHONE_CHARS and sum(c.isdigit() for c in latin) >= 5


class _Field:
    """One labelled input of the form with its error line."""

    def __init__(self, label: QLabel, text: str, widget: QWidget, error: QLabel) -> None:
        self.label = label
        self.text = text
        self.widget = widget
        self.error = error


class IntakeDialog(QDialog):
    """Signals:
        saved(str): an item was registered; its reference.
        loaded: the lists (channels, centres, categories) arrived; the form is ready.
        slip_written(str): the acknowledgement slip was written to this PDF (and opened).
        message_copied: the acknowledgement message is on the clipboard.
    """

    saved = Signal(str)
    loaded = Signal()
    slip_written = Signal(str)
    message_copied = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._state: QSettings | None = labels.ui_state(services)
        self._vocab = Vocab()
        self._busy = False
        self._faq_id: str | None = None
        self._detail: ComplaintDetail | None = None
        self._message = ""
        self._fields: dict[str, _Field] = {}
        self._discarding = False
        self.discard_box: QMessageBox | None = None
        self.setObjectName("intakeDialog")
        self.setMinimumSize(980, 640)

        self.header_title = QLabel(self)
        self.header_title.setObjectName("dialogTitle")
        self.header_hint = QLabel(self)
        self.header_hint.setObjectName("dialogSubtitle")
        header = QFrame(self)
        header.setObjectName("dialogHeader")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(18, 12, 18, 12)
        header_layout.addWidget(self.header_title)
        header_layout.addWidget(self.header_hint)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_form_page())
        self.stack.addWidget(self._build_done_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.stack, 1)

        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self,
                      self._on_save_shortcut)
        for number, type_ in enumerate(TYPES, start=1):
            QShortcut(QKeySequence(f"Alt+{number}"), self, lambda t=type_: self._choose_type(t, focus=True))
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.faq.focus_search)
        QShortcut(QKeySequence("Ctrl+P"), self, self._on_print_shortcut)
        QShortcut(QKeySequence("Ctrl+N"), self, self._on_new_shortcut)

        self.retranslate_ui()
        self._choose_type("complaint")
        self.print_check.setChecked(self._remembered(PRINT_KEY) == "true")
        self._update_answer_state()
        self.type_buttons["complaint"].setFocus(Qt.FocusReason.OtherFocusReason)
        self._load()

    # --- building -----------------------------------------------------------------------
    def _build_form_page(self) -> QWidget:
        page = QWidget(self)
        form_box = QWidget(page)
        self.form = QFormLayout(form_box)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setVerticalSpacing(6)

        self.type_group = QButtonGroup(self)
        self.type_buttons: dict[str, QRadioButton] = {}
        type_row = QWidget(form_box)
        type_layout = QHBoxLayout(type_row)
        type_layout.setContentsMargins(0, 0, 0, 0)
        for type_ in TYPES:
            button = QRadioButton(type_row)
            self.type_group.addButton(button)
            self.type_buttons[type_] = button
            type_layout.addWidget(button)
            button.toggled.connect(self._on_type_toggled)
        type_layout.addStretch(1)
        self.channel_combo = self._combo(form_box)
        self.centre_combo = self._combo(form_box)
        self.category_combo = self._combo(form_box)
        self.priority_combo = self._combo(form_box)
        for ident in PRIORITIES:
            self.priority_combo.addItem(priority_label(ident), ident)
        self.finder = PersonFinder(self._services, self._actor, form_box)
        self.finder.picked.connect(self._on_person_picked)
        self.finder.cleared.connect(self._on_person_cleared)
        self.finder.edit.editingFinished.connect(self._on_finder_left)
        self.name_edit = QLineEdit(form_box)
        self.mobile_edit = ltr_line_edit(form_box)
        self.description_edit = self._text_edit(form_box, 120)
        self.answer_edit = self._text_edit(form_box, 70)
        self.answer_edit.textChanged.connect(self._update_answer_state)

        self._add_row(N_("&Type:"), type_row, "type", buddy=self.type_buttons["complaint"])
        self._add_pair(N_("C&hannel:"), self.channel_combo, "channel", N_("Ce&ntre:"), self.centre_combo,
                       "centre")
        self._add_pair(N_("Cate&gory:"), self.category_combo, "category", N_("P&riority:"),
                       self.priority_combo, "priority")
        self._add_row(N_("&Person:"), self.finder, "client", buddy=self.finder.edit)
        self._add_pair(N_("Na&me:"), self.name_edit, "name", N_("Mo&bile:"), self.mobile_edit, "mobile")
        self._add_row(N_("&Description:"), self.description_edit, "description")
        self._add_row(N_("&Answer given:"), self.answer_edit, "answer")

        self.print_check = QCheckBox(form_box)
        self.general_error = error_label(form_box)
        self.save_button = self._button(form_box, self._on_save_clicked)
        self.answer_close_button = self._button(form_box, self._on_answer_close_clicked)
        self.cancel_button = self._button(form_box, self.reject)
        self.save_button.setObjectName("primaryButton")
        self.save_button.setStyleSheet(
            f"QPushButton#primaryButton {{ background: {Colours.ACCENT}; color: #ffffff; "
            f"border-color: {Colours.ACCENT}; font-weight: bold; }}"
            f"QPushButton#primaryButton:disabled {{ background: #9fc9c4; }}")
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_check)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.answer_close_button)
        buttons.addWidget(self.save_button)

        left = QVBoxLayout()
        left.addWidget(form_box)
        left.addStretch(1)
        left.addWidget(self.general_error)
        left.addLayout(buttons)
        left_box = QWidget(page)
        left_box.setLayout(left)

        self.faq = FaqPanel(self._services, page)
        self.faq.chosen.connect(self._on_faq_chosen)
        self.faq.setMinimumWidth(280)
        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left_box)
        splitter.addWidget(self.faq)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addWidget(splitter)

        # Tab walks the form in reading order, then the FAQ, then the buttons.
        chain: list[QWidget] = [*self.type_buttons.values(), self.channel_combo, self.centre_combo,
                                self.category_combo, self.priority_combo, self.finder.edit,
                                self.finder.clear_button, self.name_edit, self.mobile_edit,
                                self.description_edit, self.answer_edit, self.print_check,
                                self.save_button, self.answer_close_button, self.cancel_button,
                                self.faq.search, self.faq.list, self.faq.use_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        return page

    def _build_done_page(self) -> QWidget:
        page = QWidget(self)
        self.done_title = QLabel(page)
        self.done_title.setFont(ui_font(13, bold=True))
        self.done_reference = QLabel(page)
        self.done_reference.setFont(ui_font(22, bold=True))
        self.done_reference.setStyleSheet(f"color: {Colours.ACCENT_DARK};")
        self.done_reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_summary = QLabel(page)
        self.done_summary.setWordWrap(True)
        self.done_message_title = QLabel(page)
        self.done_message = QPlainTextEdit(page)
        self.done_message.setReadOnly(True)
        self.done_message.setTabChangesFocus(True)
        self.done_status = QLabel(page)
        self.done_status.setWordWrap(True)
        self.done_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_error = error_label(page)
        self.copy_button = self._button(page, self.copy_message)
        self.print_button = self._button(page, self.print_slip)
        self.print_button.setEnabled(labels.slip_available())
        self.another_button = self._button(page, self.new_intake)
        self.close_button = self._button(page, self.accept)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        row.addWidget(self.another_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_reference)
        layout.addWidget(self.done_summary)
        layout.addSpacing(8)
        layout.addWidget(self.done_message_title)
        layout.addWidget(self.done_message, 1)
        layout.addWidget(self.done_status)
        layout.addWidget(self.done_error)
        layout.addLayout(row)
        return page

    def _combo(self, parent: QWidget) -> QComboBox:
        combo = QComboBox(parent)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return combo

    def _text_edit(self, parent: QWidget, height: int) -> QPlainTextEdit:
        edit = QPlainTextEdit(parent)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(height)
        return edit

    def _button(self, parent: QWidget, slot: object) -> QPushButton:
        button = QPushButton(parent)
        # Enter in a field never presses a button behind the user's back (see keyPressEvent).
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _field_box(self, text: str, widget: QWidget, key: str, buddy: QWidget | None,
                   label: QLabel) -> QWidget:
        """``widget`` over its error line; registered under ``key`` (the service's field name)."""
        label.setBuddy(buddy or widget)
        error = error_label(self)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self._fields[key] = _Field(label, text, widget if buddy is None else buddy, error)
        return box

    def _add_row(self, text: str, widget: QWidget, key: str, buddy: QWidget | None = None) -> None:
        label = QLabel(self)
        self.form.addRow(label, self._field_box(text, widget, key, buddy, label))

    def _add_pair(self, text: str, widget: QWidget, key: str, text2: str, widget2: QWidget,
                  key2: str) -> None:
        """Two short fields on one line (the form must fit a laptop screen)."""
        label, label2 = QLabel(self), QLabel(self)
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self._field_box(text, widget, key, None, label), 1)
        line.addSpacing(8)
        line.addWidget(label2, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self._field_box(text2, widget2, key2, None, label2), 1)
        label2.setMinimumHeight(widget2.sizeHint().height())
        self.form.addRow(label, row)

    # --- texts ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("New intake"))
        self.header_title.setText(_("Receive a complaint, inquiry, suggestion or compliment"))
        hint = _("Type: {type_keys} · Frequent questions: {faq_key} · Save: {save_key}")
        self.header_hint.setText(hint.format(type_keys=ltr("Alt+1…4"), faq_key=ltr("F2"),
                                             save_key=ltr("Ctrl+Enter")))
        for f in self._fields.values():
            f.label.setText(_(f.text))
        for number, (type_, button) in enumerate(self.type_buttons.items(), start=1):
            button.setText(type_label(type_))
            button.setToolTip(f"Alt+{number}")
        for i, ident in enumerate(PRIORITIES):
            self.priority_combo.setItemText(i, priority_label(ident))
        self._relabel_combos()
        self.name_edit.setPlaceholderText(_("The person's name, if they are not a client"))
        self.mobile_edit.setPlaceholderText("05XXXXXXXX")
        self.description_edit.setPlaceholderText(_("What the person said, in their words"))
        self.answer_edit.setPlaceholderText(_("The answer given on the spot (from the frequent questions)"))
        self.print_check.setText(_("Print the s&lip on save"))
        self.save_button.setText(_("&Save"))
        self.save_button.setToolTip("Ctrl+Enter")
        self.answer_close_button.setText(_("Answer and &close"))
        self.answer_close_button.setToolTip(_("Register the inquiry, answered and closed in one step"))
        self.cancel_button.setText(_("Cancel"))
        self.done_title.setText(_("Registered. Give the person this reference:"))
        self.done_message_title.setText(_("Acknowledgement message (for SMS or WhatsApp):"))
        self.copy_button.setText(_("&Copy the message"))
        self.print_button.setText(_("&Print the slip"))
        self.print_button.setToolTip("Ctrl+P")
        self.another_button.setText(_("&New intake"))
        self.another_button.setToolTip("Ctrl+N")
        self.close_button.setText(_("Close"))
        if self._detail is not None:
            self._show_done_texts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- loading the lists -------------------------------------------------------------
    def _load(self) -> None:
        services = self._services
        Op(self, lambda: labels.load_vocab(services)).on_success(self._on_vocab).run()
        self.faq.refresh()

    def _on_vocab(self, vocab: Vocab) -> None:
        self._vocab = vocab
        self.finder.set_vocab(vocab)
        self._fill_combo(self.channel_combo, "channels", self._remembered(CHANNEL_KEY), optional=False)
        self._fill_combo(self.centre_combo, "centres", self._remembered(CENTRE_KEY), optional=True)
        self._fill_combo(self.category_combo, "complaint_categories", None, optional=True)
        self.loaded.emit()

    def _fill_combo(self, combo: QComboBox, key: str, current: str | None, optional: bool) -> None:
        combo.clear()
        if optional:
            combo.addItem(_("Not specified"), None)
        for ident, text in self._vocab.choices(key):
            combo.addItem(text, ident)
        index = combo.findData(current) if current else -1
        combo.setCurrentIndex(index if index >= 0 else 0)

    def _relabel_combos(self) -> None:
        for combo, key in ((self.channel_combo, "channels"), (self.centre_combo, "centres"),
                           (self.category_combo, "complaint_categories")):
            for i in range(combo.count()):
                ident = combo.itemData(i)
                combo.setItemText(i, self._vocab.label(key, ident) if ident else _("Not specified"))

    def _remembered(self, key: str) -> str | None:
        value = self._state.value(key) if self._state is not None else None
        return str(value) if value not in (None, "") else None

    def _remember(self) -> None:
        if self._state is None:
            return
        self._state.setValue(CHANNEL_KEY, self.channel_combo.currentData() or "")
        self._state.setValue(CENTRE_KEY, self.centre_combo.currentData() or "")
        self._state.setValue(PRINT_KEY, "true" if self.print_check.isChecked() else "false")
        self._state.sync()

    # --- the type, the person, the FAQ ---------------------------------------------------
    def current_type(self) -> str:
        return next((t for t, b in self.type_buttons.items() if b.isChecked()), "complaint")

    def _choose_type(self, type_: str, focus: bool = False) -> None:
        if self.stack.currentIndex() != FORM_PAGE:
            return
        button = self.type_buttons[type_]
        button.setChecked(True)
        if focus:
            button.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(bool)
    def _on_type_toggled(self, checked: bool) -> None:
        if checked:
            self._update_answer_state()

    def _update_answer_state(self) -> None:
        inquiry = self.current_type() == INQUIRY
        self.form.setRowVisible(self._fields["answer"].label, inquiry)
        has_answer = bool(self.answer_edit.toPlainText().strip())
        if not has_answer:
            self._faq_id = None
        self.answer_close_button.setVisible(inquiry)
        self.answer_close_button.setEnabled(inquiry and has_answer and not self._busy)

    @Slot(object)
    def _on_person_picked(self, match: PersonMatch) -> None:
        self._clear_error("client")
        if match.kind == "client":
            self._show_contact_rows(False)
        else:
            self.name_edit.setText(match.name)
            self.mobile_edit.setText(display_mobile(match.mobile) if match.mobile else "")
        self.description_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_person_cleared(self) -> None:
        self._show_contact_rows(True)

    def _show_contact_rows(self, visible: bool) -> None:
        self.form.setRowVisible(self._fields["name"].label, visible)

    @Slot()
    def _on_finder_left(self) -> None:
        """What was typed in the search and not picked starts the quick contact."""
        text = self.finder.text().strip()
        if not text or self.finder.client is not None:
            return
        target = self.mobile_edit if looks_like_phone(text) else self.name_edit
        if not target.text().strip():
            target.setText(" ".join(text.split()))

    @Slot(object)
    def _on_faq_chosen(self, entry: FaqEntry) -> None:
        self._choose_type(INQUIRY)
        self.answer_edit.setPlainText(entry.answer)
        self._faq_id = entry.id
        if not self.description_edit.toPlainText().strip():
            self.description_edit.setPlainText(entry.question)
        self._update_answer_state()
        self.answer_close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- saving ---------------------------------------------------------------------------
    def new_complaint(self, close: bool = False) -> NewComplaint:
        """What the form holds, as the service takes it."""
        client = self.finder.client
        inquiry = self.current_type() == INQUIRY
        answer = self.answer_edit.toPlainText().strip() if inquiry else ""
        return NewComplaint(
            type=self.current_type(),
            channel=self.channel_combo.currentData() or "",
            description=self.description_edit.toPlainText(),
            name="" if client else self.name_edit.text(),
            mobile="" if client else to_latin_digits(self.mobile_edit.text()),
            client_number=client.client_number if client else None,
            centre=self.centre_combo.currentData(),
            category=self.category_combo.currentData(),
            priority=self.priority_combo.currentData() or "normal",
            faq_id=self._faq_id if answer else None,
            answer=answer,
            close=close and bool(answer),
        )

    def save(self, close: bool = False) -> None:
        if self._busy or self.stack.currentIndex() != FORM_PAGE:
            return
        self._clear_errors()
        self._on_finder_left()  # a name typed in the search and saved at once is the quick contact's
        if close and not self.answer_edit.toPlainText().strip():
            self._show_error("answer", _("Write the answer given before closing."))
            return
        new = self.new_complaint(close)
        services, actor = self._services, self._actor

        def add() -> tuple[ComplaintDetail, str]:
            detail = services.complaints.add(actor, new)
            return detail, services.complaints.acknowledgement_message(detail)

        self._set_busy(True)
        Op(self, add, write=True).on_success(self._on_saved).on_failure(self._on_save_failed).run()

    def _on_saved(self, result: tuple[ComplaintDetail, str]) -> None:
        self._set_busy(False)
        self._detail, self._message = result
        self._remember()
        self._show_done_texts()
        self.done_status.clear()
        self.done_error.hide()
        self.stack.setCurrentIndex(DONE_PAGE)
        self.another_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit(self._detail.reference)
        if self.print_check.isChecked() and self.print_button.isEnabled():
            self.print_slip()

    def _on_save_failed(self, error: UserError) -> None:
        self._set_busy(False)
        self._show_error(error.field, error.message)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self._update_answer_state()

    def _show_error(self, field: str | None, text: str) -> None:
        f = self._fields.get(field or "")
        if field == "client" and self.finder.client is None:
            f = self._fields["name"]
        if f is None:
            self.general_error.setText(text)
            self.general_error.show()
            return
        f.error.setText(text)
        f.error.show()
        target = self.finder if field == "client" else f.widget
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_error(self, field: str) -> None:
        f = self._fields.get(field)
        if f is not None:
            f.error.clear()
            f.error.hide()

    def _clear_errors(self) -> None:
        for key in self._fields:
            self._clear_error(key)
        self.general_error.clear()
        self.general_error.hide()

    def error_text(self, field: str) -> str:
        """The sentence shown under ``field`` ("" when none)."""
        f = self._fields.get(field)
        return f.error.text() if f is not None and not f.error.isHidden() else ""

    # --- after saving -------------------------------------------------------------------
    @property
    def detail(self) -> ComplaintDetail | None:
        """The item registered last by this dialog."""
        return self._detail

    def _show_done_texts(self) -> None:
        d = self._detail
        if d is None:
            return
        self.done_reference.setText(labels.leading(ltr(d.reference)))
        parts = [type_label(d.row.type), status_label(d.status), d.row.name]
        if d.row.answer_due is not None and d.status not in ("answered", "closed"):
            parts.append(_("answer due {date}").format(date=day(d.row.answer_due)))
        self.done_summary.setText(" · ".join(parts))
        self.done_message.setPlainText(self._message)

    @Slot()
    def copy_message(self) -> None:
        if self._message:
            labels.copy_text(self._message)
            self.done_status.setText(_("The message is on the clipboard: paste it in the SMS or WhatsApp."))
            self.message_copied.emit()

    @Slot()
    def print_slip(self) -> None:
        detail = self._detail
        if detail is None or not self.print_button.isEnabled():
            return
        services = self._services
        self.print_button.setEnabled(False)
        self.done_status.setText(_("Preparing the slip…"))
        (Op(self, lambda: labels.write_ack_slip(services, detail))
         .on_success(self._on_slip_written)
         .on_failure(self._on_slip_failed)
         .run())

    def _on_slip_written(self, path: Path) -> None:
        self.print_button.setEnabled(True)
        self.done_status.setText(_("The slip is ready: {path}").format(path=ltr(str(path))))
        labels.open_document(path)
        self.slip_written.emit(str(path))

    def _on_slip_failed(self, error: UserError) -> None:
        self.print_button.setEnabled(True)
        self.done_status.clear()
        self.done_error.setText(error.message)
        self.done_error.show()

    @Slot()
    def new_intake(self) -> None:
        """Clear the form for the next person; the channel and centre stay."""
        self._detail = None
        self._message = ""
        self._faq_id = None
        self._clear_errors()
        self.finder.reset()
        self._show_contact_rows(True)
        for edit in (self.name_edit, self.mobile_edit):
            edit.clear()
        for text in (self.description_edit, self.answer_edit):
            text.clear()
        self.category_combo.setCurrentIndex(0)
        self.priority_combo.setCurrentIndex(0)
        self.stack.setCurrentIndex(FORM_PAGE)
        self._choose_type("complaint", focus=True)
        self._update_answer_state()

    # --- keys -------------------------------------------------------------------------
    @Slot()
    def _on_save_shortcut(self) -> None:
        if self.stack.currentIndex() == FORM_PAGE:
            self.save()

    @Slot()
    def _on_save_clicked(self) -> None:
        self.save()

    @Slot()
    def _on_answer_close_clicked(self) -> None:
        self.save(close=True)

    @Slot()
    def _on_print_shortcut(self) -> None:
        if self.stack.currentIndex() == DONE_PAGE:
            self.print_slip()

    @Slot()
    def _on_new_shortcut(self) -> None:
        if self.stack.currentIndex() == DONE_PAGE:
            self.new_intake()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
            return  # Enter in a field moves nothing and saves nothing: Ctrl+Enter saves
        super().keyPressEvent(event)

    def _dirty(self) -> bool:
        return self.stack.currentIndex() == FORM_PAGE and bool(
            self.description_edit.toPlainText().strip() or self.name_edit.text().strip()
            or self.finder.client is not None)

    def reject(self) -> None:
        if self._busy:
            return
        if self._dirty() and not self._discarding:
            self._ask_discard()
            return
        super().reject()

    def _ask_discard(self) -> None:
        """Escape with a half-typed intake asks first (without blocking: a window-modal box)."""
        if self.discard_box is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("New intake"), _("Discard what was typed?"),
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(self._on_discard_answered)
        self.discard_box = box
        box.open()

    @Slot(int)
    def _on_discard_answered(self, result: int) -> None:
        box, self.discard_box = self.discard_box, None
        if box is None:
            return
        discard = box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Discard
        box.deleteLater()
        if discard:
            self._discarding = True
            super().reject()
            self._discarding = False
