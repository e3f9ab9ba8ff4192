"""Who may read survey data: the quality officer, and whoever reads reports."""

from __future__ import annotations

from app.errors import PermissionDenied
from app.services.context import Actor, require
from app.services.roles import Permission

_READERS = (Permission.SURVEYS_ENTER, Permission.SURVEYS_ANALYSE, Permission.REPORTS_VIEW)


def require_reader(actor: Actor | None) -> Actor:
    """Refuse unless ``actor`` keys, analyses or reads survey results."""
    if actor is not None and any(actor.can(p) for p in _READERS):
        return actor
    return require(actor, Permission.SURVEYS_ANALYSE)  # raises, with the usual sentence


def require_login(actor: Actor | None) -> Actor:
    """Anyone logged in may read the programme portfolio (opportunities and contributions name it)."""
    if actor is None:
        raise PermissionDenied("login-required", "Please log in first.")
    return actor
