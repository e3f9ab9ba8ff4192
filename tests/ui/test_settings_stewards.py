"""The settings section that names the client data steward and the deputy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.clients_people import RegistryPeople, registry_people
from ui.application import apply_language
from ui.settings import SettingsPage
from ui.settings.history_summary import summarize
from ui.settings.section import SettingSection
from ui.settings.stewards_editor import StewardsEditor

pytestmark = pytest.mark.usefixtures("drain")


@pytest.fixture
def people(services: AppServices, admin: Actor) -> RegistryPeople:
    return registry_people(services, admin)


Opened = tuple[SettingsPage, SettingSection, StewardsEditor]


def open_section(qtbot: QtBot, services: AppServices, actor: Actor) -> Opened:
    page = SettingsPage(services, actor)
    qtbot.addWidget(page)
    page.resize(1150, 640)
    page.show()
    qtbot.waitUntil(lambda: all(s.isEnabled() for s in page.sections.values()), timeout=10_000)
    page.show_section("client_stewards")
    section = page.sections["client_stewards"]
    editor = section.editor
    assert isinstance(editor, StewardsEditor)
    qtbot.waitUntil(lambda: editor.steward_combo.count() > 2, timeout=10_000)
    return page, section, editor  # the page too: qtbot keeps only a weak reference


def save(qtbot: QtBot, section: SettingSection) -> None:
    section.feedback.hide()
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not section.feedback.isHidden(), timeout=10_000)


def test_the_administrator_names_the_steward_and_the_deputy(qtbot: QtBot, services: AppServices, admin: Actor,
                                                            people: RegistryPeople, arabic_app: QApplication,
                                                            artifacts: Path) -> None:
    _page, section, editor = open_section(qtbot, services, admin)
    assert editor.steward_combo.currentData() == "steward"
    assert editor.deputy_combo.currentData() == "deputy"
    assert "سارة الزهراني" in editor.steward_combo.currentText()
    users = {editor.steward_combo.itemData(i) for i in range(editor.steward_combo.count())}
    assert {"", "steward", "deputy", "officer", "manager", "admin"} <= users
    assert "desk" not in users  # the reception desk does not keep client data
    section.grab().save(str(artifacts / "settings_stewards_ar.png"))

    # The same person twice is refused with the service's sentence, and nothing is stored.
    editor.select("deputy", "steward")
    save(qtbot, section)
    assert section.feedback.text() == _("The steward and the deputy must be two different people.")
    assert services.settings.get("client_stewards") == {"steward": "steward", "deputy": "deputy"}

    editor.select("deputy", "officer")
    save(qtbot, section)
    assert services.settings.get("client_stewards") == {"steward": "steward", "deputy": "officer"}
    assert services.client_requests.may_propose(services.users.login("officer", "registry-pass-1"))
    assert not services.client_requests.may_propose(services.users.login("deputy", "registry-pass-1"))

    [change] = [c for c in services.settings.history(admin, "client_stewards")
                if c.new_value["deputy"] == "officer"]
    assert summarize("client_stewards", change.old_value, change.new_value) == _("Deputy: {change}").format(
        change=_("{old} → {new}").format(old="deputy", new="officer"))


def test_nobody_named_and_read_only(qtbot: QtBot, services: AppServices, admin: Actor, people: RegistryPeople,
                                    arabic_app: QApplication, artifacts: Path) -> None:
    apply_language(arabic_app, "en")
    _page, section, editor = open_section(qtbot, services, admin)
    editor.select("steward", "")
    editor.select("deputy", "")
    save(qtbot, section)
    assert services.settings.get("client_stewards") == {"steward": "", "deputy": ""}
    assert editor.steward_combo.currentText() == "Nobody"
    section.grab().save(str(artifacts / "settings_stewards_en.png"))

    _page, section, editor = open_section(qtbot, services, people.manager)  # settings.view only
    assert section.save_button.isHidden()
    assert not editor.steward_combo.isEnabled() and not editor.deputy_combo.isEnabled()
