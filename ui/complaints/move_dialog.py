"""The small forms a step of the workflow needs, and the corrective action form.

:class:`MoveDialog` asks what a step needs before the service takes it:

- assign: the department and/or the employee (``assignable_users``), a note;
- answer: the answer given to the person, a note;
- close: the person's rating of how the item was handled (1–5, asked at
  closing, seed 004) and what they said;
- cancel: the reason (required);
- any other step: an optional note.

:class:`ActionDialog` plans a corrective action: what, who, by when (the Hijri
date shown beside the Gregorian one as it is chosen).

Both stay open until the service accepts; its sentence shows under the field
it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.complaints.records import ComplaintDetail
from app.complaints.vocab import RATINGS
from app.errors import UserError
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from ui.common.ops import Op
from ui.common.widgets import error_label
from ui.complaints import labels
from ui.complaints.labels import Vocab, day, digits, ltr

# What each step's dialog is called and what its OK button says (English source).
MOVE_TITLES: dict[str, tuple[str, str]] = {
    "acknowledged": (N_("Acknowledge {reference}"), N_("Acknowledge")),
    "assigned": (N_("Assign {reference}"), N_("Assign")),
    "under_study": (N_("Start the study of {reference}"), N_("Start study")),
    "answered": (N_("Answer {reference}"), N_("Save the answer")),
    "closed": (N_("Close {reference}"), N_("Close the item")),
    "cancelled": (N_("Cancel {reference}"), N_("Cancel the item")),
    "reopen": (N_("Reopen {reference}"), N_("Reopen")),
}
DEFAULT_ACTION_DAYS = 7


def _text_edit(parent: QWidget, height: int = 80) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    return edit


def _combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


def _as_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _FormDialog(QDialog):
    """A form whose OK runs one service call on the write pool; errors under their field."""

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._busy = False
        self._rows: list[tuple[QLabel, str]] = []
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.general_error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self, self._on_accepted)
        self.setMinimumWidth(500)

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def add_row(self, text: str, widget: QWidget, key: str) -> None:
        label = QLabel(self)
        label.setBuddy(widget)
        self._rows.append((label, text))
        error = error_label(self)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self.form.addRow(label, box)
        self.fields[key] = widget
        self.errors[key] = error

    def retranslate_ui(self) -> None:
        for label, text in self._rows:
            label.setText(_(text))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(_("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_error(self, field: str | None, text: str) -> None:
        label = self.errors.get(field or "", self.general_error)
        label.setText(text)
        label.show()
        widget = self.fields.get(field or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def error_text(self, field: str) -> str:
        label = self.errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def _clear_errors(self) -> None:
        for label in [*self.errors.values(), self.general_error]:
            label.clear()
            label.hide()

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._busy = True
        self.buttons.setEnabled(False)

        def succeeded(result: Any) -> None:
            self._busy = False
            self.buttons.setEnabled(True)
            done(result)
            self.accept()

        Op(self, fn, write=True).on_success(succeeded).on_failure(self._on_failed).run()

    def _on_failed(self, error: UserError) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        self.show_error(error.field, error.message)

    def reject(self) -> None:
        if not self._busy:  # closing now would drop the answer of a change that may be saved
            super().reject()

    @Slot()
    def _on_accepted(self) -> None:
        if self._busy:
            return
        self._clear_errors()
        self.submit()

    def submit(self) -> None:
        raise NotImplementedError


class MoveDialog(_FormDialog):
    """Take ``detail`` to ``target`` with what that step needs.

    Signals:
        moved(ComplaintDetail): the service took the step; the item as it is now.
        loaded: the departments and employees arrived (assign only).
    """

    moved = Signal(object)
    loaded = Signal()

    def __init__(self, services: AppServices, actor: Actor, detail: ComplaintDetail, target: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.detail = detail
        self.target = target
        self._vocab = Vocab()
        self._users: list[tuple[str, str]] = []
        self.department_combo: QComboBox | None = None
        self.assignee_combo: QComboBox | None = None
        self.answer_edit: QPlainTextEdit | None = None
        self.rating_combo: QComboBox | None = None
        self.rating_note_edit: QPlainTextEdit | None = None
        self.reason_edit: QPlainTextEdit | None = None
        self.note_edit: QPlainTextEdit | None = None
        self.question = QLabel(self)
        self.question.setWordWrap(True)
        if target == "assigned":
            self.department_combo = _combo(self)
            self.assignee_combo = _combo(self)
            self.add_row(N_("&Department:"), self.department_combo, "department")
            self.add_row(N_("&Employee:"), self.assignee_combo, "assignee")
            self._load_people()
        elif target == "answered":
            self.answer_edit = _text_edit(self, 120)
            self.answer_edit.setPlainText(detail.answer)
            self.add_row(N_("&Answer given:"), self.answer_edit, "answer")
        elif target == "closed":
            self.form.addRow(self.question)
            self.rating_combo = _combo(self)
            self.rating_combo.addItem("", None)
            for value in sorted(RATINGS, reverse=True):
                self.rating_combo.addItem("", value)
            self.rating_note_edit = _text_edit(self, 60)
            self.add_row(N_("&Rating:"), self.rating_combo, "rating")
            self.add_row(N_("&What they said:"), self.rating_note_edit, "rating_note")
        elif target == "cancelled":
            self.reason_edit = _text_edit(self, 80)
            self.add_row(N_("&Reason:"), self.reason_edit, "reason")
        if target not in ("closed", "cancelled"):
            self.note_edit = _text_edit(self, 60)
            self.add_row(N_("&Note:"), self.note_edit, "note")
        self.fields["to"] = self.ok_button
        self.retranslate_ui()
        first = next(iter(self.fields.values()))
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        title, ok = MOVE_TITLES.get(self.target, (N_("Move {reference}"), N_("OK")))
        self.setWindowTitle(_(title).format(reference=ltr(self.detail.reference)))
        self.ok_button.setText(_(ok))
        self.question.setText(_("Ask the person: how satisfied are you with how your {type} was handled?")
                              .format(type=labels.type_label(self.detail.row.type)))
        if self.rating_combo is not None:
            self.rating_combo.setItemText(0, _("Not asked or no answer"))
            for i in range(1, self.rating_combo.count()):
                value = self.rating_combo.itemData(i)
                self.rating_combo.setItemText(i, f"{digits(str(value))} – {_(RATINGS[value])}")
        if self.note_edit is not None:
            self.note_edit.setPlaceholderText(_("Optional"))
        if self.reason_edit is not None:
            self.reason_edit.setPlaceholderText(_("Why is the item cancelled? (required)"))
        self._fill_people()

    def _load_people(self) -> None:
        services, actor = self._services, self._actor

        def read() -> tuple[Vocab, list[tuple[str, str]]]:
            return labels.load_vocab(services, ("departments",)), services.complaints.assignable_users(actor)

        Op(self, read).on_success(self._on_people).on_failure(self._on_failed).run()

    def _on_people(self, result: tuple[Vocab, list[tuple[str, str]]]) -> None:
        self._vocab, self._users = result
        self._fill_people()
        self.loaded.emit()

    def _fill_people(self) -> None:
        if self.department_combo is None or self.assignee_combo is None:
            return
        department = self.department_combo.currentData() or self.detail.department
        assignee = self.assignee_combo.currentData() or self.detail.row.assignee
        self.department_combo.clear()
        self.department_combo.addItem(_("Not specified"), None)
        for ident, text in self._vocab.choices("departments"):
            self.department_combo.addItem(text, ident)
        self.assignee_combo.clear()
        self.assignee_combo.addItem(_("Not specified"), None)
        for name, full_name in self._users:
            self.assignee_combo.addItem(f"{full_name} ({ltr(name)})" if full_name != name else name, name)
        for combo, value in ((self.department_combo, department), (self.assignee_combo, assignee)):
            index = combo.findData(value) if value else -1
            combo.setCurrentIndex(max(0, index))

    def submit(self) -> None:
        services, actor, ref, target = self._services, self._actor, self.detail.reference, self.target
        kwargs: dict[str, Any] = {"note": self.note_edit.toPlainText() if self.note_edit else ""}
        if self.department_combo is not None and self.assignee_combo is not None:
            kwargs["department"] = self.department_combo.currentData()
            kwargs["assignee"] = self.assignee_combo.currentData()
        if self.answer_edit is not None:
            kwargs["answer"] = self.answer_edit.toPlainText()
        if self.rating_combo is not None and self.rating_note_edit is not None:
            kwargs["rating"] = self.rating_combo.currentData()
            kwargs["rating_note"] = self.rating_note_edit.toPlainText()
        if self.reason_edit is not None:
            kwargs["reason"] = self.reason_edit.toPlainText()
        self.run(lambda: services.complaints.move(actor, ref, target, **kwargs), self.moved.emit)


class ActionDialog(_FormDialog):
    """Plan a corrective action on an item: what, who, by when.

    Signals:
        added(ActionInfo): the service stored it.
        loaded: the employees arrived.
    """

    added = Signal(object)
    loaded = Signal()

    def __init__(self, services: AppServices, actor: Actor, reference: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.reference = reference
        self.description_edit = _text_edit(self, 80)
        self.owner_combo = _combo(self)
        self.due_edit = QDateEdit(self)
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("d/M/yyyy")
        self.due_edit.setMinimumDate(QDate.currentDate())
        self.due_edit.setDate(QDate.currentDate().addDays(DEFAULT_ACTION_DAYS))
        self.due_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.due_dual = QLabel(self)
        self.due_edit.dateChanged.connect(self._on_due_changed)
        self.add_row(N_("&Action:"), self.description_edit, "description")
        self.add_row(N_("&Owner:"), self.owner_combo, "owner")
        self.add_row(N_("D&ue:"), self.due_edit, "due")
        self.form.addRow("", self.due_dual)
        self.retranslate_ui()
        self._on_due_changed(self.due_edit.date())
        self.description_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        services, actor_ = self._services, self._actor
        Op(self, lambda: services.complaints.assignable_users(actor_)).on_success(self._on_users).run()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Corrective action for {reference}").format(reference=ltr(self.reference)))
        self.ok_button.setText(_("Add the action"))
        self._on_due_changed(self.due_edit.date())

    def _on_users(self, users: list[tuple[str, str]]) -> None:
        self.owner_combo.clear()
        for name, full_name in users:
            self.owner_combo.addItem(f"{full_name} ({ltr(name)})" if full_name != name else name, name)
        self.loaded.emit()

    @Slot(QDate)
    def _on_due_changed(self, value: QDate) -> None:
        self.due_dual.setText(day(_as_date(value)))

    def due(self) -> date:
        return _as_date(self.due_edit.date())

    def submit(self) -> None:
        services, actor, ref = self._services, self._actor, self.reference
        text, owner, due = self.description_edit.toPlainText(), self.owner_combo.currentData() or "", \
            self.due()
        self.run(lambda: services.complaints.add_action(actor, ref, text, owner, due), self.added.emit)
