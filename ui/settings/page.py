"""The settings screen: every setting of DOMAIN.md, section by section.

A list of sections on the start side, the chosen section beside it. Each
section saves its own keys (Save / Revert / History); the settings service
validates, versions and audits every change. Users without
``Permission.SETTINGS_MANAGE`` see the same screen read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QStackedWidget, QVBoxLayout, QWidget

from app.errors import UserError
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from app.services.settings import SettingsService
from app.services.settings_defaults import SPECS
from ui.common.ops import Op
from ui.settings.association_form import AssociationForm
from ui.settings.calendar_editor import HolidaysEditor, WorkingWeekEditor
from ui.settings.choice_list_editor import ChoiceListEditor
from ui.settings.faq_editor import FaqEditor
from ui.settings.section import SectionEditor, SettingSection
from ui.settings.simple_forms import DisplayForm, PipelineForm, SecurityForm
from ui.settings.sla_rules_editor import SlaRulesEditor
from ui.settings.stewards_editor import StewardsEditor
from ui.settings.widgets import message_label, show_message


@dataclass(frozen=True)
class Snapshot:
    values: dict[str, Any]
    versions: dict[str, int]


def load_snapshot(settings: SettingsService) -> Snapshot:
    """Every setting and its version (runs on the read pool)."""
    return Snapshot(settings.all(), {key: settings.version(key) for key in SPECS})


def _sections(services: AppServices, actor: Actor) -> list[tuple[str, str, SectionEditor]]:
    """(name, English title, editor) of every section, in the order shown."""
    return [
        ("association", N_("Association"), AssociationForm()),
        ("centres", SPECS["centres"].label, ChoiceListEditor("centres", with_city=True)),
        ("channels", SPECS["channels"].label, ChoiceListEditor("channels")),
        ("client_kinds", SPECS["client_kinds"].label, ChoiceListEditor("client_kinds")),
        ("complaint_categories", SPECS["complaint_categories"].label,
         ChoiceListEditor("complaint_categories")),
        ("sla_rules", SPECS["sla_rules"].label, SlaRulesEditor()),
        ("departments", SPECS["departments"].label, ChoiceListEditor("departments")),
        ("programme_kinds", SPECS["programme_kinds"].label, ChoiceListEditor("programme_kinds")),
        ("opportunity_factors", SPECS["opportunity_factors"].label, ChoiceListEditor("opportunity_factors")),
        ("campaign_channels", SPECS["campaign_channels"].label, ChoiceListEditor("campaign_channels")),
        ("pipeline", N_("Pipeline"), PipelineForm()),
        ("client_stewards", SPECS["client_stewards"].label, StewardsEditor(services, actor)),
        ("faq", SPECS["faq"].label, FaqEditor()),
        ("working_week", SPECS["working_week"].label, WorkingWeekEditor()),
        ("holidays", SPECS["holidays"].label, HolidaysEditor()),
        ("display", N_("Display"), DisplayForm()),
        ("security", N_("Security"), SecurityForm()),
    ]


class SettingsPage(QWidget):
    """All the settings, one section at a time.

    Signals:
        settings_changed(list): keys whose stored value changed (e.g. ``display.digits``
            asks the shell to switch the digit style).
        loaded: the stored values arrived and the sections show them.
    """

    settings_changed = Signal(list)
    loaded = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._titles: list[str] = []
        self.sections: dict[str, SettingSection] = {}
        editable = actor.can(Permission.SETTINGS_MANAGE)

        self.section_list = QListWidget(self)
        self.section_list.setMaximumWidth(260)
        self.stack = QStackedWidget(self)
        for name, title, editor in _sections(services, actor):
            section = SettingSection(services, actor, title, editor, editable, self.stack)
            self.sections[name] = section
            self._titles.append(title)
            self.stack.addWidget(section)
            self.section_list.addItem("")
        self._error = message_label(self)
        self._no_access = QLabel(self)
        self._no_access.setWordWrap(True)
        self._no_access.setVisible(not actor.can(Permission.SETTINGS_VIEW))

        body = QHBoxLayout()
        body.addWidget(self.section_list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self._no_access)
        layout.addWidget(self._error)
        layout.addLayout(body, 1)

        self._connect_signals()
        self.retranslate_ui()
        self.section_list.setCurrentRow(0)
        if actor.can(Permission.SETTINGS_VIEW):
            self.reload()
        else:
            self.section_list.setEnabled(False)
            self.stack.setVisible(False)

    def _connect_signals(self) -> None:
        self.section_list.currentRowChanged.connect(self._on_section_list_current_row_changed)
        for section in self.sections.values():
            section.saved.connect(self._on_section_saved)

    def retranslate_ui(self) -> None:
        for row, title in enumerate(self._titles):
            item = self.section_list.item(row)
            if item is not None:
                item.setText(_(title))
        self._no_access.setText(_("Your role does not allow you to see the settings."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_section(self, name: str) -> None:
        """Bring section ``name`` (``"association"``, ``"centres"``…) to the front."""
        self.section_list.setCurrentRow(list(self.sections).index(name))

    def reload(self) -> None:
        """Read every setting again and show it (unsaved edits are dropped)."""
        settings = self._services.settings
        (Op(self, lambda: load_snapshot(settings))
         .on_success(self._on_snapshot_loaded)
         .on_failure(self._on_snapshot_failed)
         .run())

    def _on_snapshot_loaded(self, snapshot: Snapshot) -> None:
        show_message(self._error, "", error=True)
        for section in self.sections.values():
            section.load(snapshot.values, snapshot.versions)
        self.loaded.emit()

    def _on_snapshot_failed(self, error: UserError) -> None:
        show_message(self._error, error.message, error=True)

    @Slot(int)
    def _on_section_list_current_row_changed(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)

    @Slot(list)
    def _on_section_saved(self, keys: list[str]) -> None:
        self.settings_changed.emit(keys)
