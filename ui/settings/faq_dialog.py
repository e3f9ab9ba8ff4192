"""Add or edit one frequent question: the question and its approved answer, in both languages.

The entry is checked by the settings' own validation (the one the service
runs on save) before the dialog closes, and the refusal is shown under the
input it concerns. Arabic inputs are always right to left and English ones
left to right, whatever the language of the screens.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _
from app.services.settings_defaults import SPECS
from ui.common.widgets import error_label, ltr_line_edit
from ui.settings.widgets import message_label, show_message, text_box

KEY = "faq"
QUESTION_AR, ANSWER_AR, QUESTION_EN, ANSWER_EN = "ar", "answer_ar", "en", "answer_en"

# The service's error codes for one entry, and the input each one is about.
_FIELD_OF_CODE = {"setting-item-incomplete": QUESTION_AR, "faq-answer-required": ANSWER_AR}


def check_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """``entry`` cleaned as the settings service will store it; UserError (``field`` = the
    entry's field) when the service would refuse it."""
    if not str(entry.get(QUESTION_AR, "")).strip():
        # Checked here first: the service's sentence speaks of identifiers, which users never type.
        raise UserError("faq-question-required", "Type the question in Arabic.", field=QUESTION_AR)
    try:
        cleaned: dict[str, Any] = SPECS[KEY].validate(KEY, [entry])[0]
    except UserError as error:
        error.field = _FIELD_OF_CODE.get(error.code)
        raise
    return cleaned


def _answer_edit(parent: QWidget, direction: Qt.LayoutDirection) -> QPlainTextEdit:
    edit = text_box(parent, direction)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 4)
    return edit


class FaqDialog(QDialog):
    """Edits one entry ``{id, ar, en, answer_ar, answer_en, active}``; :meth:`entry` gives it back."""

    def __init__(self, entry: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = dict(entry)
        self._result: dict[str, Any] | None = None

        self.question_ar_edit = QLineEdit(self)
        self.question_ar_edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.answer_ar_edit = _answer_edit(self, Qt.LayoutDirection.RightToLeft)
        self.question_en_edit = ltr_line_edit(self)
        self.answer_en_edit = _answer_edit(self, Qt.LayoutDirection.LeftToRight)
        self.active_box = QCheckBox(self)
        self.errors: dict[str, QLabel] = {field: error_label(self) for field in (
            QUESTION_AR, ANSWER_AR, QUESTION_EN, ANSWER_EN)}
        self.error_label = message_label(self)  # what concerns no input in particular
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self._hint = QLabel(self)
        self._hint.setWordWrap(True)

        self._labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for field, widget in ((QUESTION_AR, self.question_ar_edit), (ANSWER_AR, self.answer_ar_edit),
                              (QUESTION_EN, self.question_en_edit), (ANSWER_EN, self.answer_en_edit)):
            label = QLabel(self)
            label.setBuddy(widget)
            self._labels[field] = label
            form.addRow(label, widget)
            form.addRow("", self.errors[field])
        form.addRow("", self.active_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self._hint)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(620)
        self.setTabOrder(self.question_ar_edit, self.answer_ar_edit)
        self.setTabOrder(self.answer_ar_edit, self.question_en_edit)
        self.setTabOrder(self.question_en_edit, self.answer_en_edit)
        self.setTabOrder(self.answer_en_edit, self.active_box)

        self.question_ar_edit.setText(str(entry.get(QUESTION_AR, "")))
        self.answer_ar_edit.setPlainText(str(entry.get(ANSWER_AR, "")))
        self.question_en_edit.setText(str(entry.get(QUESTION_EN, "")))
        self.answer_en_edit.setPlainText(str(entry.get(ANSWER_EN, "")))
        self.active_box.setChecked(bool(entry.get("active", True)))
        self.question_ar_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._connect_signals()
        self.retranslate_ui()

    def _connect_signals(self) -> None:
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Question and answer"))
        texts = {QUESTION_AR: _("Question in Arabic:"), ANSWER_AR: _("Approved answer in Arabic:"),
                 QUESTION_EN: _("Question in English:"), ANSWER_EN: _("Approved answer in English:")}
        for field, text in texts.items():
            self._labels[field].setText(text)
        self.active_box.setText(_("Offered on the intake form"))
        self._hint.setText(_("Left empty, the English question and answer are the Arabic ones. "
                             "Ctrl+Enter saves the entry."))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter is a new line in the answers; Ctrl+Enter (which no input takes) saves from anywhere.
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self._on_buttons_accepted()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def entry(self) -> dict[str, Any] | None:
        """The accepted entry as the settings will store it (None until accepted)."""
        return self._result

    def _typed(self) -> dict[str, Any]:
        return {**self._original,
                QUESTION_AR: self.question_ar_edit.text(),
                ANSWER_AR: self.answer_ar_edit.toPlainText(),
                QUESTION_EN: self.question_en_edit.text(),
                ANSWER_EN: self.answer_en_edit.toPlainText(),
                "active": self.active_box.isChecked()}

    def _show_error(self, error: UserError | None) -> None:
        for field, label in self.errors.items():
            label.setText(error.message if error and error.field == field else "")
            label.setVisible(bool(label.text()))
        general = error is not None and error.field not in self.errors
        show_message(self.error_label, error.message if error and general else "", error=True)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            self._result = check_entry(self._typed())
        except UserError as error:
            self._show_error(error)
            widget = {QUESTION_AR: self.question_ar_edit, ANSWER_AR: self.answer_ar_edit,
                      QUESTION_EN: self.question_en_edit, ANSWER_EN: self.answer_en_edit}.get(
                          error.field or "")
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._show_error(None)
        self.accept()
