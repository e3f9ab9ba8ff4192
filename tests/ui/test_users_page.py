"""The users screen over real services: add, duplicate, role, disable, reset password."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.errors import UserError
from app.i18n import _, ngettext
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Role, role_label
from tests.ui.conftest import type_text
from ui.users import UsersPage
from ui.users.page import LOCK, NAME, NAME_ROLE, ROLE, STATE
from ui.users.user_dialog import PasswordDialog, RoleDialog, UserDialog

pytestmark = pytest.mark.usefixtures("drain")


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item










def make_page(qtbot: QtBot, services: AppServices, actor: Actor) -> UsersPage:
    page = UsersPage(services, actor)
    qtbot.addWidget(page)
    page.resize(1100, 460)
    page.show()
    if page.allowed:
        qtbot.waitUntil(lambda: page.table.rowCount() > 0)
    return page


def row_of(page: UsersPage, name: str) -> int:
    for row in range(page.table.rowCount()):
        if cell(page.table, row, NAME).data(NAME_ROLE) == name:
            return row
    raise AssertionError(f"{name} is not in the table")


def select(qtbot: QtBot, page: UsersPage, name: str) -> None:
    row = row_of(page, name)
    rect = page.table.visualItemRect(cell(page.table, row, NAME))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected is not None and page.selected.name == name


def confirm(qtbot: QtBot, page: UsersPage, widget: QWidget) -> None:
    """Press Return in ``widget`` of the open dialog; wait until it closed and the table reloaded."""
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert page.dialog is None


def roles(services: AppServices, admin: Actor) -> dict[str, tuple[Role, bool, bool]]:
    return {u.name: (u.role, u.active, u.locked) for u in services.users.list(admin)}


# --- tests --------------------------------------------------------------------------

def test_add_a_user_by_keyboard(qtbot: QtBot, services: AppServices, admin: Actor, rtl: None,
                                artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    assert dialog.name_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    type_text(dialog.name_edit, "officer.1")
    type_text(dialog.full_name_edit, "سارة العتيبي")
    qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Down)  # reception → relations officer
    type_text(dialog.password_edit, "officer-pass-1")
    type_text(dialog.repeat_edit, "officer-pass-1")
    dialog.grab().save(str(artifacts / "user_dialog_ar.png"))
    confirm(qtbot, page, dialog.repeat_edit)

    assert roles(services, admin)["officer.1"] == (Role.RELATIONS_OFFICER, True, False)
    row = row_of(page, "officer.1")
    assert cell(page.table, row, ROLE).text() == role_label(Role.RELATIONS_OFFICER)
    assert page.selected is not None and page.selected.name == "officer.1"
    assert services.users.login("officer.1", "officer-pass-1").full_name == "سارة العتيبي"
    page.grab().save(str(artifacts / "users_page_ar.png"))


def test_a_duplicate_user_name_shows_the_service_sentence(
        qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    page = make_page(qtbot, services, admin)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    type_text(dialog.name_edit, "Admin")
    type_text(dialog.password_edit, "another-pass-1")
    type_text(dialog.repeat_edit, "another-pass-1")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.errors["name"].isHidden())
    assert dialog.errors["name"].text() == _("There is already a user called “{name}”.").format(name="Admin")
    assert dialog.isVisible()
    assert page.dialog is dialog
    assert len(services.users.list(admin)) == 1


def test_different_passwords_are_caught_beside_the_repeat(
        qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    page = make_page(qtbot, services, admin)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    type_text(dialog.name_edit, "clerk")
    type_text(dialog.password_edit, "clerk-pass-1")
    type_text(dialog.repeat_edit, "clerk-pass-2")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert dialog.errors["repeat"].text() == _("The two passwords are not the same.")
    for edit in (dialog.password_edit, dialog.repeat_edit):
        edit.clear()
        type_text(edit, "short")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.errors["password"].isHidden())
    too_short = ngettext("The password must have at least {n} character.",
                         "The password must have at least {n} characters.", 8).format(n=8)
    assert dialog.errors["password"].text() == too_short
    assert dialog.errors["repeat"].isHidden()
    assert "clerk" not in roles(services, admin)


def test_change_a_role(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    services.users.add(admin, "quality", "reception", "quality-pass-1", "ناصر")
    page = make_page(qtbot, services, admin)
    select(qtbot, page, "quality")
    qtbot.mouseClick(page.role_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, RoleDialog)
    assert dialog.role_combo.currentData() == "reception"
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("quality_officer"))
    confirm(qtbot, page, dialog.role_combo)
    assert roles(services, admin)["quality"][0] is Role.QUALITY_OFFICER
    assert cell(page.table, row_of(page, "quality"), ROLE).text() == role_label(Role.QUALITY_OFFICER)


def test_disable_then_enable(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    services.users.add(admin, "desk", "reception", "desk-pass-1")
    page = make_page(qtbot, services, admin)
    select(qtbot, page, "desk")
    assert page.active_button.text() == _("Disable")
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(page.table, row_of(page, "desk"), STATE).text() == _("Disabled"))
    assert roles(services, admin)["desk"][1] is False
    with pytest.raises(UserError) as refused:
        services.users.login("desk", "desk-pass-1")
    assert refused.value.code == "account-disabled"
    assert page.active_button.text() == _("Enable")
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(page.table, row_of(page, "desk"), STATE).text() == _("Active"))
    assert services.users.login("desk", "desk-pass-1").name == "desk"


def test_the_administrator_cannot_disable_themself(qtbot: QtBot, services: AppServices,
                                                   admin: Actor) -> None:
    page = make_page(qtbot, services, admin)
    select(qtbot, page, "admin")
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.message.isHidden())
    assert page.message.text() == _("You cannot disable your own account.")
    assert roles(services, admin)["admin"][1] is True


def test_reset_password_unlocks_a_locked_account(qtbot: QtBot, services: AppServices,
                                                 admin: Actor) -> None:
    services.users.add(admin, "forgetful", "reception", "forgetful-pass-1")
    for _attempt in range(services.settings.get("security.max_failed_logins")):
        with pytest.raises(UserError):
            services.users.login("forgetful", "wrong-password")
    with pytest.raises(UserError) as refused:
        services.users.login("forgetful", "forgetful-pass-1")
    assert refused.value.code == "account-locked"

    page = make_page(qtbot, services, admin)
    assert cell(page.table, row_of(page, "forgetful"), LOCK).text() == _("Locked")
    select(qtbot, page, "forgetful")
    qtbot.mouseClick(page.password_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, PasswordDialog)
    type_text(dialog.password_edit, "remembered-1")
    type_text(dialog.repeat_edit, "remembered-1")
    confirm(qtbot, page, dialog.repeat_edit)
    qtbot.waitUntil(lambda: cell(page.table, row_of(page, "forgetful"), LOCK).text() == "")
    assert roles(services, admin)["forgetful"][2] is False
    assert services.users.login("forgetful", "remembered-1").name == "forgetful"


def test_without_the_permission_the_page_says_so(qtbot: QtBot, services: AppServices,
                                                  admin: Actor) -> None:
    services.users.add(admin, "manager", "relations_manager", "manager-pass-1")
    manager = services.users.login("manager", "manager-pass-1")
    page = make_page(qtbot, services, manager)
    assert not page.allowed
    assert page.table.isHidden() and page.add_button.isHidden()
    assert page.findChildren(QWidget)  # the sentence
    assert _("Only an administrator can manage user accounts.") in [
        label.text() for label in page.findChildren(type(page.message)) if not label.isHidden()]


def test_english_layout(qtbot: QtBot, services: AppServices, admin: Actor, themed: QApplication,
                        artifacts: Path) -> None:
    i18n.set_language("en")
    services.users.add(admin, "reception1", "reception", "reception-pass-1", "Reem Al-Harbi")
    services.users.login("reception1", "reception-pass-1")
    page = make_page(qtbot, services, admin)
    assert page.add_button.text() == "Add a user…"
    assert page.table.model().headerData(NAME, Qt.Orientation.Horizontal) == "User name"
    select(qtbot, page, "reception1")
    page.grab().save(str(artifacts / "users_page_en.png"))


def test_language_change_retranslates_the_page(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    page = make_page(qtbot, services, admin)
    i18n.set_language("en")
    QCoreApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))
    assert cell(page.table, row_of(page, "admin"), ROLE).text() == "Administrator"
    assert page.table.model().headerData(STATE, Qt.Orientation.Horizontal) == "State"
