"""First run: no account exists yet, so Sila asks for the administrator's.

The service validates (user name, password strength) and creates the account;
its sentences are shown beside the fields they concern. Only "the two
passwords differ" is checked here, since it is about typing, not a rule.
On success the new administrator is logged in straight away.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
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
from app.services.passwords import MIN_LENGTH, check_strength
from app.services.roles import Role
from ui.common.ops import Op
from ui.common.widgets import error_label
from ui.login.login_dialog import DialogHeader, fit_to_contents, set_minimum_from_layout

# Where each service field's message is shown.
FIELDS = ("full_name", "name", "password", "repeat")


def create_first_admin(services: AppServices, full_name: str, name: str,
                       password: str) -> Actor | list[UserError]:
    """Validate everything, create the administrator and log them in (runs off the UI thread).

    Returns the logged-in administrator, or every validation error at once so the
    form can show them all together.
    """
    errors: list[UserError] = []
    try:
        services.users.check_new_user(name, Role.ADMIN.value)
    except UserError as exc:
        errors.append(exc)
    try:
        check_strength(password)
    except UserError as exc:
        errors.append(exc)
    if errors:
        return errors
    services.users.add(None, name, Role.ADMIN.value, password, full_name)
    return services.users.login(name, password)


class FirstAdminDialog(QDialog):
    """Creates the first administrator account.

    Signals:
        admin_created(Actor): the account exists and its owner is logged in.
    """

    admin_created = Signal(object)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstAdminDialog")
        self._services = services
        self._busy = False

        self._header = DialogHeader(self)
        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self._labels: dict[str, QLabel] = {}
        self._edits: dict[str, QLineEdit] = {}
        self._errors: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        for i, key in enumerate(FIELDS):
            label, edit, error = QLabel(self), QLineEdit(self), error_label(self)
            edit.setObjectName(key)
            label.setBuddy(edit)
            grid.addWidget(label, 2 * i, 0)
            grid.addWidget(edit, 2 * i, 1)
            grid.addWidget(error, 2 * i + 1, 1)
            grid.setRowMinimumHeight(2 * i + 1, 6)
            self._labels[key], self._edits[key], self._errors[key] = label, edit, error
        grid.setColumnStretch(1, 1)
        self._edits["name"].setMaxLength(32)
        for key in ("password", "repeat"):
            self._edits[key].setEchoMode(QLineEdit.EchoMode.Password)
        self._general_error = error_label(self)

        self._buttons = QDialogButtonBox(self)
        self._create: QPushButton = self._buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self._quit: QPushButton = self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._create.setDefault(True)

        body = QVBoxLayout()
        body.setContentsMargins(24, 18, 24, 18)
        body.setSpacing(14)
        body.addWidget(self._intro)
        body.addLayout(grid)
        body.addWidget(self._general_error)
        body.addStretch(1)
        body.addWidget(self._buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header)
        layout.addLayout(body)
        self._connect_signals()
        self.retranslate_ui()
        set_minimum_from_layout(self, 520)
        self._edits["full_name"].setFocus()

    def _connect_signals(self) -> None:
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

    # --- public --------------------------------------------------------------
    def edit(self, key: str) -> QLineEdit:
        """The input for ``key`` (one of :data:`FIELDS`)."""
        return self._edits[key]

    def error_text(self, key: str | None = None) -> str:
        """The message beside field ``key`` (None: the general one); empty if none."""
        label = self._general_error if key is None else self._errors[key]
        return label.text() if label.isVisibleTo(self) else ""

    def is_busy(self) -> bool:
        return self._busy

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Sila — first run"))
        self._header.set_texts(_("Welcome to Sila"), _("Let us create the administrator account."))
        self._intro.setText(_("No one can log in yet. The administrator sets up the association, "
                              "the users and their roles. Keep this password safe."))
        texts = {
            "full_name": _("&Full name:"),
            "name": _("&User name:"),
            "password": _("&Password:"),
            "repeat": _("&Repeat password:"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self._edits["name"].setPlaceholderText(_("for example: admin"))
        self._edits["password"].setPlaceholderText(_("at least {n} characters").format(n=MIN_LENGTH))
        self._create.setText(_("Create the account"))
        self._quit.setText(_("Quit"))

    # --- Qt ------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- private -------------------------------------------------------------
    def _clear_errors(self) -> None:
        for label in (*self._errors.values(), self._general_error):
            label.clear()
            label.setVisible(False)

    def _show_error(self, key: str | None, message: str) -> None:
        label = self._errors.get(key or "", self._general_error)
        text = f"{label.text()} {message}".strip() if label.isVisibleTo(self) else message
        label.setText(text)
        label.setVisible(True)
        fit_to_contents(self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (*self._edits.values(), self._create):
            widget.setEnabled(not busy)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self._busy:
            return
        self._clear_errors()
        values = {key: edit.text() for key, edit in self._edits.items()}
        if values["password"] != values["repeat"]:
            self._show_error("repeat", _("The two passwords are not the same."))
            self._edits["repeat"].setFocus()
            self._edits["repeat"].selectAll()
            return
        self._set_busy(True)
        services = self._services
        full_name, name, password = values["full_name"].strip(), values["name"].strip(), values["password"]
        (Op(self, lambda: create_first_admin(services, full_name, name, password), write=True)
         .on_success(self._on_create_finished)
         .on_failure(self._on_create_failed)
         .run())

    def _on_create_finished(self, outcome: Actor | list[UserError]) -> None:
        self._set_busy(False)
        if isinstance(outcome, list):
            for error in outcome:
                self._show_error(error.field, error.message)
            first = next((k for k in FIELDS if self.error_text(k)), None)
            if first is not None:
                self._edits[first].setFocus()
            return
        self.admin_created.emit(outcome)
        self.accept()

    def _on_create_failed(self, error: UserError) -> None:
        self._set_busy(False)
        self._show_error(error.field, error.message)
