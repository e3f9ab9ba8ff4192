"""The login dialog and the first-run administrator dialog, driven with the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.config import resolve
from app.i18n import _, ngettext
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Role
from tests.conftest import ADMIN_NAME, ADMIN_PASSWORD
from ui.login.first_admin_dialog import FirstAdminDialog
from ui.login.login_dialog import LoginDialog

pytestmark = pytest.mark.usefixtures("arabic_app")

BAD_LOGIN = "The user name or the password is not correct."
LOCKED = ("This account is locked after too many failed attempts; "
          "try again in {minutes} minute or ask the administrator.",
          "This account is locked after too many failed attempts; "
          "try again in {minutes} minutes or ask the administrator.")



def _show(qtbot: QtBot, dialog: QDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=10_000)


@pytest.fixture
def login(qtbot: QtBot, services: AppServices) -> LoginDialog:
    dialog = LoginDialog(services)
    _show(qtbot, dialog)
    return dialog


def _type_login(qtbot: QtBot, dialog: LoginDialog, name: str, password: str) -> None:
    """Type as a person would: the name, Tab, the password, Enter."""
    if name:
        dialog.user_edit.clear()
        qtbot.keyClicks(dialog.user_edit, name)
        qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is dialog.password_edit
    qtbot.keyClicks(focused, password)
    qtbot.keyClick(focused, Qt.Key.Key_Return)


def _wait_error(qtbot: QtBot, dialog: LoginDialog) -> str:
    qtbot.waitUntil(lambda: bool(dialog.error_text()) and not dialog.is_busy(), timeout=10_000)
    return dialog.error_text()


def test_login_with_the_keyboard(qtbot: QtBot, login: LoginDialog, artifacts: Path) -> None:
    assert login.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QApplication.focusWidget() is login.user_edit
    assert login.password_edit.echoMode() == QLineEdit.EchoMode.Password
    login.grab().save(str(artifacts / "login_ar.png"))
    with qtbot.waitSignal(login.logged_in, timeout=10_000) as blocker:
        _type_login(qtbot, login, ADMIN_NAME, ADMIN_PASSWORD)
    actor = blocker.args[0]
    assert isinstance(actor, Actor)
    assert actor.name == ADMIN_NAME
    assert actor.role == Role.ADMIN
    assert login.result() == QDialog.DialogCode.Accepted
    assert login.password_edit.text() == ""


def test_wrong_password_shows_the_services_sentence(qtbot: QtBot, login: LoginDialog,
                                                    artifacts: Path) -> None:
    with qtbot.assertNotEmitted(login.logged_in):
        _type_login(qtbot, login, ADMIN_NAME, "not-the-password")
        message = _wait_error(qtbot, login)
    assert message == _(BAD_LOGIN)
    assert login.isVisible()
    assert login.result() != QDialog.DialogCode.Accepted
    assert login.password_edit.text() == ""
    assert QApplication.focusWidget() is login.password_edit
    login.grab().save(str(artifacts / "login_error_ar.png"))


def test_repeated_failures_lock_the_account(qtbot: QtBot, services: AppServices,
                                            login: LoginDialog) -> None:
    limit = int(services.settings.get("security.max_failed_logins"))
    _type_login(qtbot, login, ADMIN_NAME, "wrong-1")
    for attempt in range(2, limit + 1):
        assert _wait_error(qtbot, login) == _(BAD_LOGIN)
        _type_login(qtbot, login, "", f"wrong-{attempt}")
    _wait_error(qtbot, login)
    with qtbot.assertNotEmitted(login.logged_in):
        _type_login(qtbot, login, "", ADMIN_PASSWORD)  # even the right password is refused now
        minutes = int(services.settings.get("security.lockout_minutes"))
        locked = ngettext(*LOCKED, minutes).split("{minutes}")[0]
        qtbot.waitUntil(lambda: login.error_text().startswith(locked),
                        timeout=10_000)


def test_empty_fields_are_pointed_out_without_asking_the_service(qtbot: QtBot,
                                                                 login: LoginDialog) -> None:
    qtbot.keyClick(login.user_edit, Qt.Key.Key_Return)
    assert login.error_text() == _("Type your user name.")
    assert not login.is_busy()


def test_user_name_given_puts_the_cursor_in_the_password(qtbot: QtBot, services: AppServices) -> None:
    dialog = LoginDialog(services, ADMIN_NAME, locked=True)
    _show(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.password_edit
    with qtbot.waitSignal(dialog.logged_in, timeout=10_000):
        _type_login(qtbot, dialog, "", ADMIN_PASSWORD)


# --- first run ----------------------------------------------------------------

@pytest.fixture
def empty_services(tmp_path: Path) -> Iterator[AppServices]:
    """A brand-new data folder: initialised, with no user at all."""
    services = AppServices.open(resolve(str(tmp_path / "fresh")))
    services.initialise("NEW", "موقع جديد")
    yield services
    services.close()


@pytest.fixture
def first_admin(qtbot: QtBot, empty_services: AppServices) -> FirstAdminDialog:
    assert empty_services.needs_first_admin()
    dialog = FirstAdminDialog(empty_services)
    _show(qtbot, dialog)
    return dialog


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget``, Arabic included (QTest.keyClicks knows only Latin-1)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _fill(qtbot: QtBot, dialog: FirstAdminDialog, values: list[str]) -> None:
    """Type each value then Tab to the next field; Enter after the last."""
    assert QApplication.focusWidget() is dialog.edit("full_name")
    for i, value in enumerate(values):
        focused = QApplication.focusWidget()
        assert focused is not None
        _type(qtbot, focused, value)
        qtbot.keyClick(focused, Qt.Key.Key_Return if i == len(values) - 1 else Qt.Key.Key_Tab)


def test_first_admin_creates_the_administrator(qtbot: QtBot, empty_services: AppServices,
                                               first_admin: FirstAdminDialog, artifacts: Path) -> None:
    assert first_admin.layoutDirection() == Qt.LayoutDirection.RightToLeft
    first_admin.grab().save(str(artifacts / "first_admin_ar.png"))
    with qtbot.waitSignal(first_admin.admin_created, timeout=10_000) as blocker:
        _fill(qtbot, first_admin, ["سارة العتيبي", "sara", "strong-pass-1", "strong-pass-1"])
    actor = blocker.args[0]
    assert isinstance(actor, Actor)
    assert (actor.name, actor.full_name, actor.role) == ("sara", "سارة العتيبي", Role.ADMIN)
    assert first_admin.result() == QDialog.DialogCode.Accepted
    assert not empty_services.needs_first_admin()


def test_first_admin_shows_each_message_beside_its_field(qtbot: QtBot, empty_services: AppServices,
                                                         first_admin: FirstAdminDialog,
                                                         artifacts: Path) -> None:
    with qtbot.assertNotEmitted(first_admin.admin_created):
        _fill(qtbot, first_admin, ["", "x", "short", "short"])
        qtbot.waitUntil(lambda: bool(first_admin.error_text("name")) and not first_admin.is_busy(),
                        timeout=10_000)
    assert first_admin.error_text("name") == _(
        "A user name has 2 to 32 letters, digits, dots, dashes or underscores.")
    assert first_admin.error_text("password") == ngettext(
        "The password must have at least {n} character.",
        "The password must have at least {n} characters.", 8).format(n=8)
    assert first_admin.error_text("repeat") == ""
    assert QApplication.focusWidget() is first_admin.edit("name")
    assert empty_services.needs_first_admin()
    first_admin.grab().save(str(artifacts / "first_admin_errors_ar.png"))


def test_first_admin_passwords_must_match(qtbot: QtBot, empty_services: AppServices,
                                          first_admin: FirstAdminDialog) -> None:
    _fill(qtbot, first_admin, ["", "sara", "strong-pass-1", "strong-pass-2"])
    assert first_admin.error_text("repeat") == _("The two passwords are not the same.")
    assert not first_admin.is_busy()
    assert empty_services.needs_first_admin()
