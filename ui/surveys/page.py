"""The surveys area (الاستبيانات): the quality officer's desk.

Four tabs: the programmes and activities (print their forms from there), the
keying of filled-in forms, the analysis and reports, and the survey templates
(for whoever analyses). "Key forms" and "Analyse" on a programme switch to
their tab with that programme open.

The keying and analysis panels are imported when the page is built; while
their modules are missing the tab shows a short notice instead.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from ui.surveys.programmes_tab import ProgrammesTab

log = logging.getLogger("sila.ui")


class SurveysPage(QWidget):
    """Signals: changed (programmes, printings, keyed forms or templates changed)."""

    changed = Signal()

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)

        self.programmes = ProgrammesTab(services, actor, self.tabs)
        self.entry = self._panel("ui.surveys.entry_panel", "SurveyEntryPanel")
        self.analysis = self._panel("ui.surveys.analysis_panel", "SurveyAnalysisPanel")
        self.templates: QWidget | None = None
        self.tabs.addTab(self.programmes, "")
        self.tabs.addTab(self.entry, "")
        self.tabs.addTab(self.analysis, "")
        if actor.can(Permission.SURVEYS_ANALYSE):
            from ui.surveys.templates_tab import TemplatesTab

            templates = TemplatesTab(services, actor, self.tabs)
            templates.changed.connect(self.changed)
            self.templates = templates
            self.tabs.addTab(templates, "")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)

        self.programmes.changed.connect(self.changed)
        self.programmes.key_forms_requested.connect(self.key_forms)
        self.programmes.analyse_requested.connect(self.analyse)
        entry_changed = getattr(self.entry, "changed", None)
        if entry_changed is not None and hasattr(entry_changed, "connect"):
            entry_changed.connect(self.changed)
        self.retranslate_ui()

    def _panel(self, module: str, class_name: str) -> QWidget:
        """A panel another part of Sila provides; a notice while it is not there."""
        try:
            panel_class = getattr(importlib.import_module(module), class_name)
        except (ImportError, AttributeError) as exc:
            log.info("surveys: %s.%s is not available: %s", module, class_name, exc)
            notice = QLabel(self.tabs)
            notice.setObjectName("panelUnavailable")
            notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
            notice.setWordWrap(True)
            return notice
        panel: QWidget = panel_class(self._services, self._actor, self.tabs)
        return panel

    def retranslate_ui(self) -> None:
        self.title.setText(_("Satisfaction surveys"))
        self.tabs.setTabText(self.tabs.indexOf(self.programmes), _("Programmes and activities"))
        self.tabs.setTabText(self.tabs.indexOf(self.entry), _("Survey entry"))
        self.tabs.setTabText(self.tabs.indexOf(self.analysis), _("Analysis and reports"))
        if self.templates is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.templates), _("Survey templates"))
        for panel in (self.entry, self.analysis):
            if isinstance(panel, QLabel) and panel.objectName() == "panelUnavailable":
                panel.setText(_("This part of the surveys is not available in this version."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot(str)
    def key_forms(self, number: str) -> None:
        """The keying tab, with the programme ``number``'s batch open."""
        self.tabs.setCurrentWidget(self.entry)
        open_programme = getattr(self.entry, "open_programme", None)
        if callable(open_programme):
            open_programme(number)

    @Slot(str)
    def analyse(self, number: str) -> None:
        """The analysis tab, showing the programme ``number``."""
        self.tabs.setCurrentWidget(self.analysis)
        show = getattr(self.analysis, "show_programmes", None)
        if callable(show):
            show((number,))
