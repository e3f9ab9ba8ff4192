"""The dialogs of the users screen: add an account, change a role, reset a password.

Each dialog calls the user service itself (through an :class:`Op` on the write
pool) and stays open until the service accepts; the service's sentence is shown
beside the input it concerns (``UserError.field``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.passwords import MIN_LENGTH
from app.services.roles import Role, role_label
from ui.common.ops import Op
from ui.common.widgets import ltr_line_edit
from ui.theme import Colours


def _ltr_edit(parent: QWidget, password: bool = False) -> QLineEdit:
    edit = ltr_line_edit(parent)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _role_combo(parent: QWidget, current: Role = Role.RECEPTION) -> QComboBox:
    combo = QComboBox(parent)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    for role in Role:
        combo.addItem(role_label(role), role.value)
    combo.setCurrentIndex(combo.findData(current.value))
    return combo


class _ServiceDialog(QDialog):
    """A form whose OK runs one service call; errors go beside their field.

    Signals:
        saved(str): the service accepted; the user name concerned.
    """

    saved = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._busy = False
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._row_labels: list[tuple[QLabel, str]] = []
        self.errors: dict[str, QLabel] = {}
        self.general_error = self._error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {Colours.ERROR};")
        label.hide()
        return label

    def _add_row(self, text: str, field: QWidget, key: str) -> None:
        """A labelled input with its own error line underneath (``text`` is English source)."""
        label = QLabel(self)
        label.setBuddy(field)
        self._row_labels.append((label, text))
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(field)
        self.errors[key] = self._error_label()
        box.addWidget(self.errors[key])
        self._form.addRow(label, box)

    def retranslate_ui(self) -> None:
        for label, text in self._row_labels:
            label.setText(_(text))
        self.ok_button.setText(_("Save"))
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
        buddy = self._buddy(field)
        if buddy is not None:
            buddy.setFocus(Qt.FocusReason.OtherFocusReason)

    def _buddy(self, field: str | None) -> QWidget | None:
        return None

    def _clear_errors(self) -> None:
        for label in [*self.errors.values(), self.general_error]:
            label.clear()
            label.hide()

    def _run(self, fn: Callable[[], Any], name: str) -> None:
        self._set_busy(True)
        (Op(self, fn, write=True)
         .on_success(lambda _result: self._on_done(name))
         .on_failure(self._on_failed)
         .run())

    def _set_busy(self, busy: bool) -> None:
        # While the service works, the dialog can be neither confirmed again nor closed:
        # closing it would drop the answer of a change that may already be saved.
        self._busy = busy
        self.buttons.setEnabled(not busy)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _on_done(self, name: str) -> None:
        self._set_busy(False)
        self.saved.emit(name)
        self.accept()

    def _on_failed(self, error: UserError) -> None:
        self._set_busy(False)
        self.show_error(error.field, error.message)

    def _submit(self) -> None:
        raise NotImplementedError

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self._clear_errors()
        self._submit()


class UserDialog(_ServiceDialog):
    """A new account: user name, full name, role and the first password (typed twice)."""

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.name_edit = _ltr_edit(self)
        self.full_name_edit = QLineEdit(self)
        self.role_combo = _role_combo(self)
        self.password_edit = _ltr_edit(self, password=True)
        self.repeat_edit = _ltr_edit(self, password=True)
        self._add_row(N_("&User name:"), self.name_edit, "name")
        self._add_row(N_("&Full name:"), self.full_name_edit, "full_name")
        self._add_row(N_("R&ole:"), self.role_combo, "role")
        self._add_row(N_("&Password:"), self.password_edit, "password")
        self._add_row(N_("&Repeat password:"), self.repeat_edit, "repeat")
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Add a user"))
        self.ok_button.setText(_("Create the account"))
        self.name_edit.setPlaceholderText(_("for example: reception1"))
        self.password_edit.setPlaceholderText(_("at least {n} characters").format(n=MIN_LENGTH))
        for i, role in enumerate(Role):
            self.role_combo.setItemText(i, role_label(role))

    def _buddy(self, field: str | None) -> QWidget | None:
        return {"name": self.name_edit, "role": self.role_combo, "password": self.password_edit,
                "repeat": self.repeat_edit}.get(field or "")

    def _submit(self) -> None:
        if self.password_edit.text() != self.repeat_edit.text():
            self.show_error("repeat", _("The two passwords are not the same."))
            return
        users, actor = self._services.users, self._actor
        name, role = self.name_edit.text(), str(self.role_combo.currentData())
        password, full_name = self.password_edit.text(), self.full_name_edit.text()
        self._run(lambda: users.add(actor, name, role, password, full_name), name.strip())


class RoleDialog(_ServiceDialog):
    """Choose another role for ``name``."""

    def __init__(self, services: AppServices, actor: Actor, name: str, role: Role,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.name = name
        self.role_combo = _role_combo(self, role)
        self._add_row(N_("R&ole:"), self.role_combo, "role")
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("The role of {name}").format(name=self.name))
        for i, role in enumerate(Role):
            self.role_combo.setItemText(i, role_label(role))

    def _submit(self) -> None:
        users, actor, name = self._services.users, self._actor, self.name
        role = str(self.role_combo.currentData())
        self._run(lambda: users.set_role(actor, name, role), name)


class PasswordDialog(_ServiceDialog):
    """The administrator sets a new password for ``name`` (which also lifts a lock-out)."""

    def __init__(self, services: AppServices, actor: Actor, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.name = name
        self.password_edit = _ltr_edit(self, password=True)
        self.repeat_edit = _ltr_edit(self, password=True)
        self._note = QLabel(self)
        self._note.setWordWrap(True)
        self._form.addRow(self._note)
        self._add_row(N_("&Password:"), self.password_edit, "password")
        self._add_row(N_("&Repeat password:"), self.repeat_edit, "repeat")
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("New password for {name}").format(name=self.name))
        self._note.setText(_("Give the new password to {name} in person. "
                             "A locked account is unlocked at once.").format(name=self.name))
        self.password_edit.setPlaceholderText(_("at least {n} characters").format(n=MIN_LENGTH))

    def _buddy(self, field: str | None) -> QWidget | None:
        return {"password": self.password_edit, "repeat": self.repeat_edit}.get(field or "")

    def _submit(self) -> None:
        if self.password_edit.text() != self.repeat_edit.text():
            self.show_error("repeat", _("The two passwords are not the same."))
            return
        users, actor, name = self._services.users, self._actor, self.name
        password = self.password_edit.text()
        self._run(lambda: users.reset_password(actor, name, password), name)
