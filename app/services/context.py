"""What every service call carries: the acting user, and what a change touched."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.errors import PermissionDenied
from app.persistence.recorder import WriteActor
from app.services.roles import Permission, Role, permissions_of, role_label


@dataclass(frozen=True)
class Actor:
    """The logged-in user on whose behalf a service acts."""

    user_id: str
    name: str
    full_name: str
    role: Role
    permissions: frozenset[Permission] = field(default=frozenset())

    @classmethod
    def of(cls, user_id: str, name: str, full_name: str, role: str) -> Actor:
        r = Role(role)
        return cls(user_id, name, full_name, r, permissions_of(r))

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def writer(self) -> WriteActor:
        return WriteActor(user_id=self.user_id, user_name=self.name)


def require(actor: Actor | None, permission: Permission) -> Actor:
    """Refuse, with a clear sentence, unless ``actor`` may do ``permission``."""
    if actor is None:
        raise PermissionDenied("login-required", "Please log in first.")
    if not actor.can(permission):
        raise PermissionDenied(
            "permission-denied",
            "Your role ({role}) does not allow this.",
            role=role_label(actor.role),
        )
    return actor


@dataclass(frozen=True)
class Changes:
    """What a service call changed, so screens refresh only what concerns them."""

    users: bool = False
    settings: bool = False
    site: bool = False
    demo: bool = False
