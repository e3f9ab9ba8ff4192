"""Roles (DOMAIN.md, "Who uses it") and what each may do.

Identifiers are stable (command line, files); labels are translated. Services
check permissions themselves with :func:`app.services.context.require`.
"""

from __future__ import annotations

from enum import StrEnum

from app.i18n import N_, _


class Permission(StrEnum):
    USERS_MANAGE = "users.manage"
    SETTINGS_VIEW = "settings.view"
    SETTINGS_MANAGE = "settings.manage"
    AUDIT_VIEW = "audit.view"
    COMPLAINTS_CREATE = "complaints.create"
    COMPLAINTS_VIEW = "complaints.view"
    COMPLAINTS_MANAGE = "complaints.manage"
    CLIENTS_VIEW = "clients.view"
    CLIENTS_PROPOSE = "clients.propose"
    CLIENTS_APPROVE = "clients.approve"
    PROGRAMMES_MANAGE = "programmes.manage"
    SURVEYS_ENTER = "surveys.enter"
    SURVEYS_ANALYSE = "surveys.analyse"
    OPPORTUNITIES_MANAGE = "opportunities.manage"
    CAMPAIGNS_MANAGE = "campaigns.manage"
    REPORTS_VIEW = "reports.view"
    RECOMMENDATIONS_DECIDE = "recommendations.decide"
    SYNC_RUN = "sync.run"
    BACKUP_RUN = "backup.run"
    DEMO_LOAD = "demo.load"


class Role(StrEnum):
    RECEPTION = "reception"
    RELATIONS_OFFICER = "relations_officer"
    RELATIONS_MANAGER = "relations_manager"
    QUALITY_OFFICER = "quality_officer"
    COUNCIL_SECRETARY = "council_secretary"
    ADMIN = "admin"


_P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.RECEPTION: frozenset({
        _P.COMPLAINTS_CREATE, _P.COMPLAINTS_VIEW, _P.CLIENTS_VIEW, _P.SETTINGS_VIEW,
    }),
    Role.RELATIONS_OFFICER: frozenset({
        _P.COMPLAINTS_CREATE, _P.COMPLAINTS_VIEW, _P.COMPLAINTS_MANAGE, _P.CLIENTS_VIEW,
        _P.CLIENTS_PROPOSE, _P.OPPORTUNITIES_MANAGE, _P.SETTINGS_VIEW, _P.REPORTS_VIEW,
    }),
    Role.RELATIONS_MANAGER: frozenset({
        _P.COMPLAINTS_CREATE, _P.COMPLAINTS_VIEW, _P.COMPLAINTS_MANAGE, _P.CLIENTS_VIEW,
        _P.CLIENTS_PROPOSE, _P.CLIENTS_APPROVE, _P.OPPORTUNITIES_MANAGE, _P.CAMPAIGNS_MANAGE,
        _P.PROGRAMMES_MANAGE, _P.REPORTS_VIEW, _P.AUDIT_VIEW, _P.SETTINGS_VIEW,
    }),
    Role.QUALITY_OFFICER: frozenset({
        _P.COMPLAINTS_VIEW, _P.COMPLAINTS_MANAGE, _P.CLIENTS_VIEW, _P.SURVEYS_ENTER,
        _P.SURVEYS_ANALYSE, _P.PROGRAMMES_MANAGE, _P.REPORTS_VIEW, _P.SETTINGS_VIEW,
    }),
    Role.COUNCIL_SECRETARY: frozenset({
        _P.COMPLAINTS_VIEW, _P.CLIENTS_VIEW, _P.REPORTS_VIEW, _P.RECOMMENDATIONS_DECIDE,
        _P.SETTINGS_VIEW,
    }),
    Role.ADMIN: frozenset(Permission),
}

ROLE_LABELS: dict[Role, str] = {
    Role.RECEPTION: N_("Reception desk"),
    Role.RELATIONS_OFFICER: N_("Relations officer"),
    Role.RELATIONS_MANAGER: N_("Relations manager"),
    Role.QUALITY_OFFICER: N_("Quality officer"),
    Role.COUNCIL_SECRETARY: N_("Branch council secretary"),
    Role.ADMIN: N_("Administrator"),
}


def role_label(role: Role | str) -> str:
    return _(ROLE_LABELS[Role(role)])


def permissions_of(role: Role | str) -> frozenset[Permission]:
    return ROLE_PERMISSIONS[Role(role)]
