"""A user changes their own password (File ▸ Change password…).

The service checks the current password and the new one's strength; its
sentences appear beside the field they concern. "The two passwords differ"
is about typing, so it is checked here.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.passwords import MIN_LENGTH
from ui.common.ops import Op
from ui.common.widgets import error_label
from ui.login.login_dialog import fit_to_contents, set_minimum_from_layout

FIELDS = ("old_password", "password", "repeat")


class ChangePasswordDialog(QDialog):
    """Signals:
        password_changed: the new password is stored.
    """

    password_changed = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._edits: dict[str, QLineEdit] = {}
        self._errors: dict[str, QLabel] = {}
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for key in FIELDS:
            edit, label, error = QLineEdit(self), QLabel(self), error_label(self)
            edit.setObjectName(key)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            label.setBuddy(edit)
            form.addRow(label, edit)
            form.addRow("", error)
            self._edits[key], self._labels[key], self._errors[key] = edit, label, error
        self._buttons = QDialogButtonBox(self)
        self._save: QPushButton = self._buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self._cancel: QPushButton = self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._save.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addLayout(form)
        layout.addWidget(self._buttons)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        self.retranslate_ui()
        set_minimum_from_layout(self, 460)
        self._edits["old_password"].setFocus()

    def edit(self, key: str) -> QLineEdit:
        return self._edits[key]

    def error_text(self, key: str) -> str:
        label = self._errors[key]
        return label.text() if label.isVisibleTo(self) else ""

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Change password"))
        texts = {"old_password": _("&Current password:"), "password": _("&New password:"),
                 "repeat": _("&Repeat password:")}
        for key, text in texts.items():
            self._labels[key].setText(text)
        self._edits["password"].setPlaceholderText(_("at least {n} characters").format(n=MIN_LENGTH))
        self._save.setText(_("Change password"))
        self._cancel.setText(_("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _show_error(self, key: str, message: str) -> None:
        self._errors[key].setText(message)
        self._errors[key].setVisible(True)
        fit_to_contents(self)
        self._edits[key].setFocus()
        self._edits[key].selectAll()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        for label in self._errors.values():
            label.setVisible(False)
        old, new, repeat = (self._edits[key].text() for key in FIELDS)
        if new != repeat:
            self._show_error("repeat", _("The two passwords are not the same."))
            return
        self._save.setEnabled(False)
        services, actor = self._services, self._actor
        (Op(self, lambda: services.users.change_own_password(actor, old, new), write=True)
         .on_success(self._on_change_finished).on_failure(self._on_change_failed).run())

    def _on_change_finished(self, _changes: object) -> None:
        self.password_changed.emit()
        self.accept()

    def _on_change_failed(self, error: UserError) -> None:
        self._save.setEnabled(True)
        key = error.field if error.field in self._errors else "password"
        self._show_error(key, error.message)
