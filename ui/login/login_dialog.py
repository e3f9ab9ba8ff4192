"""The login dialog (also the lock screen): user name, password, Enter to log in.

The password check (argon2, ~50–100 ms) runs in an :class:`~ui.common.ops.Op`,
so the dialog never freezes; the service's own sentence (wrong password,
locked account, disabled account) is shown under the fields.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
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
from ui.common.ops import Op
from ui.common.widgets import error_label
from ui.theme import app_icon


def set_minimum_from_layout(dialog: QDialog, min_width: int) -> None:
    """Fix the dialog's minimum size before it is shown, from its layout.

    Left to the layout, the minimum size would be set (and changed whenever an
    error line appears) after the window exists; the window then re-sends its
    size hints each time, which some platforms cannot do (offscreen warns).
    """
    hint = dialog.minimumSizeHint()
    dialog.setMinimumSize(QSize(max(min_width, hint.width()), hint.height()))


def fit_to_contents(dialog: QDialog) -> None:
    """Grow the dialog when a message made its contents taller than the window."""
    hint = dialog.sizeHint()
    if dialog.height() < hint.height():
        dialog.resize(dialog.width(), hint.height())


class DialogHeader(QFrame):
    """The band at the top of the login and first-run dialogs: Sila's icon, a title, a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogHeader")
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(52, 52))
        self._title = QLabel(self)
        self._title.setObjectName("dialogTitle")
        self._subtitle = QLabel(self)
        self._subtitle.setObjectName("dialogSubtitle")
        self._subtitle.setWordWrap(True)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self._title)
        texts.addWidget(self._subtitle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(texts, 1)

    def set_texts(self, title: str, subtitle: str) -> None:
        self._title.setText(title)
        self._subtitle.setText(subtitle)


class LoginDialog(QDialog):
    """Asks for a user name and password and logs in through the user service.

    With ``locked`` it is the lock screen: the same dialog, saying that Sila is
    locked. Rejecting it (Escape, "Quit") is the caller's cue to quit.

    Signals:
        logged_in(Actor): the password was right; the dialog is accepted right after.
    """

    logged_in = Signal(object)

    def __init__(self, services: AppServices, user_name: str = "", *, locked: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self._services = services
        self._locked = locked
        self._busy = False

        self._header = DialogHeader(self)
        self._user_label = QLabel(self)
        self._user = QLineEdit(self)
        self._user.setObjectName("userName")
        self._user.setText(user_name)
        self._user.setMaxLength(64)
        self._user_label.setBuddy(self._user)
        self._password_label = QLabel(self)
        self._password = QLineEdit(self)
        self._password.setObjectName("password")
        self._password.setEchoMode(QLineEdit.EchoMode.Password)
        self._password_label.setBuddy(self._password)
        self._error = error_label(self)

        self._buttons = QDialogButtonBox(self)
        self._login: QPushButton = self._buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self._quit: QPushButton = self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._login.setDefault(True)

        form = QFormLayout()
        form.setSpacing(10)
        form.addRow(self._user_label, self._user)
        form.addRow(self._password_label, self._password)
        body = QVBoxLayout()
        body.setContentsMargins(24, 20, 24, 18)
        body.setSpacing(12)
        body.addLayout(form)
        body.addWidget(self._error)
        body.addStretch(1)
        body.addWidget(self._buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header)
        layout.addLayout(body)
        self._connect_signals()
        self.retranslate_ui()
        set_minimum_from_layout(self, 440)
        (self._password if user_name else self._user).setFocus()

    def _connect_signals(self) -> None:
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

    # --- public --------------------------------------------------------------
    @property
    def user_edit(self) -> QLineEdit:
        return self._user

    @property
    def password_edit(self) -> QLineEdit:
        return self._password

    def error_text(self) -> str:
        return self._error.text() if self._error.isVisibleTo(self) else ""

    def is_busy(self) -> bool:
        return self._busy

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Sila — log in"))
        if self._locked:
            self._header.set_texts(_("Sila is locked"), _("Type your password to continue."))
        else:
            self._header.set_texts(_("Welcome to Sila"), _("Log in with your user name and password."))
        self._user_label.setText(_("&User name:"))
        self._password_label.setText(_("&Password:"))
        self._login.setText(_("Log in"))
        self._quit.setText(_("Quit"))

    # --- Qt ------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- private -------------------------------------------------------------
    def _show_error(self, message: str) -> None:
        self._error.setText(message)
        self._error.setVisible(bool(message))
        fit_to_contents(self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self._user, self._password, self._login):
            widget.setEnabled(not busy)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self._busy:
            return
        name = self._user.text().strip()
        password = self._password.text()
        if not name:
            self._show_error(_("Type your user name."))
            self._user.setFocus()
            return
        if not password:
            self._show_error(_("Type your password."))
            self._password.setFocus()
            return
        self._show_error("")
        self._set_busy(True)
        users = self._services.users
        (Op(self, lambda: users.login(name, password), write=True)
         .on_success(self._on_login_succeeded)
         .on_failure(self._on_login_failed)
         .run())

    def _on_login_succeeded(self, actor: Actor) -> None:
        self._set_busy(False)
        self._password.clear()
        self.logged_in.emit(actor)
        self.accept()

    def _on_login_failed(self, error: UserError) -> None:
        self._set_busy(False)
        self._show_error(error.message)
        self._password.clear()
        self._password.setFocus()
