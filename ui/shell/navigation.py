"""The areas of the main window, and the list that switches between them.

An area is registered once, with a factory that builds its page when it is
first opened::

    register_area("complaints", N_("Complaints"), "complaints",
                  lazy_factory("ui.complaints.page", "ComplaintsPage"),
                  Permission.COMPLAINTS_VIEW)

``title`` is the English source text (marked with ``N_``), translated each
time it is shown, so switching the language relabels the list. ``factory``
is called as ``factory(services, actor, parent)`` and returns the page; with
``None`` (or while its module does not exist yet) the area shows a
"coming in a later release" page. An area whose ``permission`` the actor
lacks is not shown at all (the services refuse anyway). Registering a key
again replaces the area in place, keeping its position (and its Ctrl+N).

An area may count what waits in it (``badge``: requests to approve…): the
function is called as ``badge(services, actor)`` on a worker thread, and the
list shows "Approvals (3)" while the count is not zero.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from app.calendars.formatting import digit_style
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Permission
from app.text.digits import localize_digits
from ui.theme import Colours, icon

log = logging.getLogger("sila.ui")

AreaFactory = Callable[[AppServices, Actor, QWidget | None], QWidget]
BadgeFunction = Callable[[AppServices, Actor], int]
KEY_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Area:
    """One entry of the navigation: a key (stable), a title (English source) and its page."""

    key: str
    title: str
    icon: str
    factory: AreaFactory | None
    permission: Permission | None
    badge: BadgeFunction | None = None  # what waits in the area; runs on a worker thread

    def visible_to(self, actor: Actor) -> bool:
        return self.permission is None or actor.can(self.permission)

    def build(self, services: AppServices, actor: Actor, parent: QWidget | None) -> QWidget:
        """The area's page; the "coming" page when it has no factory, or its module is missing."""
        if self.factory is not None:
            try:
                return self.factory(services, actor, parent)
            except PageUnavailable as exc:
                log.info("area %s shows its placeholder: %s", self.key, exc)
        from ui.shell.placeholder_page import PlaceholderPage

        return PlaceholderPage(self.title, self.icon, parent)


class PageUnavailable(Exception):
    """A factory's page cannot be built yet (its feature has not landed)."""


_areas: dict[str, Area] = {}


def register_area(
    key: str,
    title: str,
    icon: str,
    factory: AreaFactory | None,
    permission: Permission | None = None,
    badge: BadgeFunction | None = None,
) -> Area:
    """Add an area to the navigation (or replace the one with the same ``key``)."""
    area = Area(key, title, icon, factory, permission, badge)
    _areas[key] = area  # a dict keeps the first insertion's position on replacement
    return area


def unregister_area(key: str) -> None:
    _areas.pop(key, None)


def areas() -> list[Area]:
    """Every registered area, in navigation order."""
    return list(_areas.values())


def visible_areas(actor: Actor) -> list[Area]:
    return [a for a in _areas.values() if a.visible_to(actor)]


def lazy_factory(module: str, class_name: str) -> AreaFactory:
    """A factory that imports ``module`` only when the page is first opened.

    If the module cannot be imported (its feature has not landed yet) the area
    shows the "coming" page instead and the reason is logged, so the shell never
    depends on a screen being finished. Errors raised while building the page
    itself are bugs and are not hidden.
    """

    def factory(services: AppServices, actor: Actor, parent: QWidget | None) -> QWidget:
        try:
            page_class = getattr(importlib.import_module(module), class_name)
        except (ImportError, AttributeError) as exc:
            raise PageUnavailable(f"{module}.{class_name}: {exc}") from exc
        page: QWidget = page_class(services, actor, parent)
        return page

    return factory


def approvals_badge(services: AppServices, actor: Actor) -> int:
    """Requests waiting: every pending one for an approver, the steward's own pending ones otherwise."""
    requests = services.client_requests
    if requests.may_approve(actor):
        return requests.pending_count(actor)
    name = actor.name.casefold()
    return sum(1 for r in requests.list(actor, "pending") if r.proposed_by.casefold() == name)


def _register_defaults() -> None:
    # Areas that later issues fill: give them a factory here (lazy_factory) when they land.
    register_area("complaints", N_("Complaints"), "complaints",
                  lazy_factory("ui.complaints.page", "ComplaintsPage"), Permission.COMPLAINTS_VIEW)
    register_area("clients", N_("Clients"), "clients",
                  lazy_factory("ui.clients.page", "ClientsPage"), Permission.CLIENTS_VIEW)
    register_area("approvals", N_("Approvals"), "approvals",
                  lazy_factory("ui.clients.approvals_page", "ApprovalsPage"), Permission.CLIENTS_PROPOSE,
                  badge=approvals_badge)
    register_area("opportunities", N_("Opportunities"), "opportunities",
                  lazy_factory("ui.pipeline.page", "PipelinePage"), Permission.OPPORTUNITIES_MANAGE)
    register_area("campaigns", N_("Campaigns"), "campaigns",
                  lazy_factory("ui.campaigns.page", "CampaignsPage"), Permission.CAMPAIGNS_MANAGE)
    register_area("surveys", N_("Surveys"), "surveys",
                  lazy_factory("ui.surveys.page", "SurveysPage"), Permission.SURVEYS_ENTER)
    register_area("reports", N_("Reports"), "reports", None, Permission.REPORTS_VIEW)
    register_area("settings", N_("Settings"), "settings",
                  lazy_factory("ui.settings.page", "SettingsPage"), Permission.SETTINGS_VIEW)
    register_area("users", N_("Users"), "users",
                  lazy_factory("ui.users.page", "UsersPage"), Permission.USERS_MANAGE)
    register_area("audit", N_("Audit log"), "audit",
                  lazy_factory("ui.audit.page", "AuditPage"), Permission.AUDIT_VIEW)


_register_defaults()


class NavigationList(QListWidget):
    """The list of areas on the window's leading side (the right in Arabic).

    Signals:
        area_selected(str): the user (or :meth:`select`) chose the area with this key.
    """

    area_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setIconSize(QSize(22, 22))
        self.setUniformItemSizes(True)
        self._areas: list[Area] = []
        self._badges: dict[str, int] = {}
        self.currentItemChanged.connect(self._on_self_current_item_changed)

    def set_areas(self, area_list: list[Area]) -> None:
        self._areas = list(area_list)
        self.blockSignals(True)
        self.clear()
        for area in self._areas:
            item = QListWidgetItem(icon(area.icon, Colours.ON_DARK, Colours.ACCENT_DARK), "")
            item.setData(KEY_ROLE, area.key)
            self.addItem(item)
        self.blockSignals(False)
        self.retranslate_ui()

    def keys(self) -> list[str]:
        return [a.key for a in self._areas]

    def set_badge(self, key: str, count: int) -> None:
        """Show ``count`` beside the area's title ("Approvals (3)"); nothing when it is zero."""
        if self._badges.get(key, 0) != count:
            self._badges[key] = count
            self.retranslate_ui()

    def badge(self, key: str) -> int:
        return self._badges.get(key, 0)

    def current_key(self) -> str | None:
        item = self.currentItem()
        return None if item is None else str(item.data(KEY_ROLE))

    def select(self, key: str) -> bool:
        """Select the area ``key`` (emits :attr:`area_selected`); False if it is not shown."""
        for row in range(self.count()):
            if self.item(row).data(KEY_ROLE) == key:
                self.setCurrentRow(row)
                return True
        return False

    def retranslate_ui(self) -> None:
        for row, area in enumerate(self._areas):
            item = self.item(row)
            title = _(area.title)
            count = self._badges.get(area.key, 0)
            if count:
                shown = localize_digits(str(count), digit_style())
                item.setText(_("{title} ({count})").format(title=title, count=shown))
                item.setToolTip(_("{title}: {count} waiting").format(title=title, count=shown))
            else:
                item.setText(title)
                item.setToolTip(title)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        # Wide enough for the longest title in the current language, never cramped.
        return QSize(max(200, self.sizeHintForColumn(0) + 48), super().sizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_self_current_item_changed(self, current: QListWidgetItem | None,
                                      _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.area_selected.emit(str(current.data(KEY_ROLE)))
