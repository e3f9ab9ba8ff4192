"""The users screen (foundation item 6): accounts, roles, disabling, password resets.

Only for ``Permission.USERS_MANAGE``; anyone else sees one sentence. The user
service checks the permission again on every call, and refuses what would lock
the association out (disabling oneself, removing the last administrator):
its sentence is shown under the table.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_datetime
from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission, role_label
from app.services.users import UserRow
from app.text.bidi import isolate_ltr
from ui.common.ops import Op
from ui.theme import Colours
from ui.users.user_dialog import PasswordDialog, RoleDialog, UserDialog

NAME, FULL_NAME, ROLE, STATE, LOCK, LAST_LOGIN = range(6)
NAME_ROLE = Qt.ItemDataRole.UserRole  # on the user-name item: the plain name


def local_time(at: datetime) -> datetime:
    """Stored times are UTC (SQLite hands them back naive); show the desk's clock."""
    return (at.replace(tzinfo=UTC) if at.tzinfo is None else at).astimezone()


class UsersPage(QWidget):
    """The accounts as a table, with Add, Change role, Disable/Enable and Reset password.

    Signals:
        users_changed: an account was added or changed.
        loaded: the table shows the accounts as the service gave them.
    """

    users_changed = Signal()
    loaded = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._rows: list[UserRow] = []
        self._select_after_load = ""
        self.dialog: QDialog | None = None
        self.allowed = actor.can(Permission.USERS_MANAGE)

        self._no_access = QLabel(self)
        self._no_access.setWordWrap(True)
        self.add_button = QPushButton(self)
        self.role_button = QPushButton(self)
        self.active_button = QPushButton(self)
        self.password_button = QPushButton(self)
        self.table = QTableWidget(0, 6, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FULL_NAME, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()

        buttons = QHBoxLayout()
        for button in (self.add_button, self.role_button, self.active_button, self.password_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self._no_access)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

        self._no_access.setVisible(not self.allowed)
        for widget in (self.add_button, self.role_button, self.active_button, self.password_button,
                       self.table):
            widget.setVisible(self.allowed)
        self._connect_signals()
        self._update_buttons()
        self.retranslate_ui()
        if self.allowed:
            self.reload()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.role_button.clicked.connect(self._on_role_button_clicked)
        self.active_button.clicked.connect(self._on_active_button_clicked)
        self.password_button.clicked.connect(self._on_password_button_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)

    def retranslate_ui(self) -> None:
        self._no_access.setText(_("Only an administrator can manage user accounts."))
        self.add_button.setText(_("Add a user…"))
        self.role_button.setText(_("Change the role…"))
        self.password_button.setText(_("Reset the password…"))
        self.table.setHorizontalHeaderLabels(
            [_("User name"), _("Full name"), _("Role"), _("State"), _("Lock-out"), _("Last login")])
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- data -----------------------------------------------------------------------
    def reload(self) -> None:
        users, actor = self._services.users, self._actor
        (Op(self, lambda: users.list(actor))
         .on_success(self._on_users_listed)
         .on_failure(self._show_error)
         .run())

    def _on_users_listed(self, rows: list[UserRow]) -> None:
        selected = self._select_after_load or (self.selected.name if self.selected else "")
        self._select_after_load = ""
        self._rows = rows
        self._fill()
        self.select_user(selected)
        self.loaded.emit()

    def _fill(self) -> None:
        self.table.setRowCount(len(self._rows))
        locked_brush = QBrush(QColor(Colours.ERROR))
        muted_brush = QBrush(QColor(Colours.MUTED))
        for row, user in enumerate(self._rows):
            last = (format_datetime(local_time(user.last_login_at), dual=True)
                    if user.last_login_at else "—")
            cells = [isolate_ltr(user.name), user.full_name, role_label(user.role),
                     _("Active") if user.active else _("Disabled"),
                     _("Locked") if user.locked else "", last]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == NAME:
                    item.setData(NAME_ROLE, user.name)
                if not user.active:
                    item.setForeground(muted_brush)
                if column == LOCK and user.locked:
                    item.setForeground(locked_brush)
                self.table.setItem(row, column, item)
        self._update_buttons()

    @property
    def selected(self) -> UserRow | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self._rows[row] if row < len(self._rows) else None

    def select_user(self, name: str) -> None:
        """Select ``name``'s row (not ``selectRow``: right to left it selects nothing)."""
        for row, user in enumerate(self._rows):
            if user.name == name:
                self.table.selectionModel().setCurrentIndex(
                    self.table.model().index(row, NAME),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _update_buttons(self) -> None:
        user = self.selected
        for button in (self.role_button, self.active_button, self.password_button):
            button.setEnabled(user is not None)
        self.active_button.setText(_("Enable") if user is not None and not user.active else _("Disable"))

    # --- feedback ---------------------------------------------------------------------
    def _show_error(self, error: UserError) -> None:
        self._show(error.message, error=True)

    def _show(self, text: str, *, error: bool) -> None:
        self.message.setStyleSheet(f"color: {Colours.ERROR if error else Colours.ACCENT};")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _changed(self, text: str, name: str) -> None:
        self._show(text, error=False)
        self._select_after_load = name
        self.users_changed.emit()
        self.reload()

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    # --- slots ------------------------------------------------------------------------
    @Slot()
    def _on_add_button_clicked(self) -> None:
        dialog = UserDialog(self._services, self._actor, self)
        dialog.saved.connect(self._on_user_dialog_saved)
        self._open(dialog)

    @Slot(str)
    def _on_user_dialog_saved(self, name: str) -> None:
        self._changed(_("The account {name} was created.").format(name=name), name)

    @Slot()
    def _on_role_button_clicked(self) -> None:
        user = self.selected
        if user is not None:
            dialog = RoleDialog(self._services, self._actor, user.name, user.role, self)
            dialog.saved.connect(self._on_role_dialog_saved)
            self._open(dialog)

    @Slot(str)
    def _on_role_dialog_saved(self, name: str) -> None:
        self._changed(_("The role of {name} was changed.").format(name=name), name)

    @Slot()
    def _on_password_button_clicked(self) -> None:
        user = self.selected
        if user is not None:
            dialog = PasswordDialog(self._services, self._actor, user.name, self)
            dialog.saved.connect(self._on_password_dialog_saved)
            self._open(dialog)

    @Slot(str)
    def _on_password_dialog_saved(self, name: str) -> None:
        self._changed(_("The password of {name} was changed.").format(name=name), name)

    @Slot()
    def _on_active_button_clicked(self) -> None:
        user = self.selected
        if user is None:
            return
        users, actor, name, active = self._services.users, self._actor, user.name, not user.active
        text = _("{name} can log in again.") if active else _("{name} can no longer log in.")
        text = text.format(name=name)
        (Op(self, lambda: users.set_active(actor, name, active), write=True)
         .on_success(lambda _changes: self._changed(text, name))
         .on_failure(self._show_error)
         .run())

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        self._update_buttons()
