"""Users and logins: accounts, roles, lock-out after repeated failures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFound, Plural, UserError
from app.persistence.db import Database
from app.persistence.models import User
from app.persistence.recorder import WriteActor, audit_event
from app.services.context import Actor, Changes, require
from app.services.passwords import check_strength, hash_password, verify_password
from app.services.roles import Permission, Role
from app.services.settings import SettingsService

USER_NAME = re.compile(r"^[\w.\-]{2,32}$")


@dataclass(frozen=True)
class UserRow:
    id: str
    name: str
    full_name: str
    role: Role
    active: bool
    locked: bool
    last_login_at: datetime | None


def _row(u: User, now: datetime) -> UserRow:
    locked = u.locked_until is not None and u.locked_until > now
    return UserRow(str(u.id), u.name, u.full_name, Role(u.role), u.active, locked, u.last_login_at)


def _parse_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise UserError("unknown-role", "“{role}” is not a role; choose one of: {roles}.", field="role",
                        role=role, roles=", ".join(r.value for r in Role)) from None


def _find(s: Session, name: str) -> User | None:
    return s.scalars(
        select(User).where(func.lower(User.name) == name.strip().lower(), User.deleted_at.is_(None))
    ).first()


def _actor_of(u: User) -> Actor:
    return Actor.of(str(u.id), u.name, u.full_name, u.role)


class UserService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    # --- queries ------------------------------------------------------------
    def count(self) -> int:
        with self._db.session() as s:
            return s.scalar(select(func.count()).select_from(User).where(User.deleted_at.is_(None))) or 0

    def list(self, actor: Actor) -> list[UserRow]:
        require(actor, Permission.USERS_MANAGE)
        now = datetime.now(UTC)
        with self._db.session() as s:
            users = s.scalars(select(User).where(User.deleted_at.is_(None)).order_by(User.name)).all()
            return [_row(u, now) for u in users]

    # --- changes --------------------------------------------------------------
    def add(self, actor: Actor | None, name: str, role: str, password: str,
            full_name: str = "") -> UserRow:
        """Create an account. With no user at all, the first administrator needs no login."""
        first_admin = actor is None and self.count() == 0
        if first_admin:
            if _parse_role(role) is not Role.ADMIN:
                raise UserError("first-user-admin", "The first account must be an administrator.",
                                field="role")
        else:
            require(actor, Permission.USERS_MANAGE)
        name, parsed_role = self.check_new_user(name, role)
        check_strength(password)
        writer = actor.writer if actor else WriteActor(None, name)
        with self._db.begin(writer) as s:
            if _find(s, name) is not None:
                raise UserError("duplicate-user", "There is already a user called “{name}”.",
                                field="name", name=name)
            user = User(name=name, full_name=full_name.strip(), role=parsed_role.value,
                        password_hash=hash_password(password), active=True)
            s.add(user)
            s.flush()
            return _row(user, datetime.now(UTC))

    def check_new_user(self, name: str, role: str) -> tuple[str, Role]:
        """Validate a new account's name and role (before anyone is asked for a password)."""
        name = name.strip()
        if not USER_NAME.match(name):
            raise UserError("invalid-user-name",
                            "A user name has 2 to 32 letters, digits, dots, dashes or underscores.",
                            field="name")
        parsed = _parse_role(role)
        with self._db.session() as s:
            if _find(s, name) is not None:
                raise UserError("duplicate-user", "There is already a user called “{name}”.",
                                field="name", name=name)
        return name, parsed

    def set_role(self, actor: Actor, name: str, role: str) -> Changes:
        require(actor, Permission.USERS_MANAGE)
        new_role = _parse_role(role)
        with self._db.begin(actor.writer) as s:
            user = self._get(s, name)
            if user.role == Role.ADMIN and new_role != Role.ADMIN:
                self._keep_one_admin(s, user)
            user.role = new_role.value
        return Changes(users=True)

    def set_active(self, actor: Actor, name: str, active: bool) -> Changes:
        require(actor, Permission.USERS_MANAGE)
        with self._db.begin(actor.writer) as s:
            user = self._get(s, name)
            if not active:
                if str(user.id) == actor.user_id:
                    raise UserError("cannot-disable-self", "You cannot disable your own account.")
                if user.role == Role.ADMIN:
                    self._keep_one_admin(s, user)
            user.active = active
        return Changes(users=True)

    def reset_password(self, actor: Actor, name: str, password: str) -> Changes:
        """The administrator sets a new password; this also lifts a lock-out."""
        require(actor, Permission.USERS_MANAGE)
        check_strength(password)
        with self._db.begin(actor.writer) as s:
            user = self._get(s, name)
            user.password_hash = hash_password(password)
            user.failed_logins = 0
            user.locked_until = None
        return Changes(users=True)

    def change_own_password(self, actor: Actor, old: str, new: str) -> Changes:
        check_strength(new)
        with self._db.begin(actor.writer) as s:
            user = self._get(s, actor.name)
            if not verify_password(user.password_hash, old):
                raise UserError("wrong-password", "The current password is not correct.",
                                field="old_password")
            user.password_hash = hash_password(new)
        return Changes(users=True)

    # --- login ------------------------------------------------------------------
    def login(self, name: str, password: str) -> Actor:
        """Check the password; count failures and lock the account after too many.

        The failure bookkeeping is committed before the refusal is raised.
        """
        with self._db.begin() as s:
            outcome = self._attempt(s, name, password)
        if isinstance(outcome, UserError):
            raise outcome
        return outcome

    def _attempt(self, s: Session, name: str, password: str) -> Actor | UserError:
        limit = int(self._settings.get("security.max_failed_logins"))
        minutes = int(self._settings.get("security.lockout_minutes"))
        now = datetime.now(UTC)
        user = _find(s, name)
        ok = verify_password(user.password_hash if user else None, password)
        if user is None:
            return _bad_login()
        who = WriteActor(str(user.id), user.name)
        record = {"table_name": "users", "record_id": str(user.id)}
        locked_until = user.locked_until
        if locked_until is not None and locked_until > now:
            audit_event(s, who, "login-refused-locked", **record)
            left = int((locked_until - now).total_seconds() // 60) + 1
            return UserError("account-locked",
                             Plural("This account is locked after too many failed attempts; "
                                    "try again in {minutes} minute or ask the administrator.",
                                    "This account is locked after too many failed attempts; "
                                    "try again in {minutes} minutes or ask the administrator.",
                                    "minutes"),
                             minutes=left)
        if not ok:
            user.failed_logins += 1
            audit_event(s, who, "login-failed", **record)
            if user.failed_logins >= limit:
                user.locked_until = now + timedelta(minutes=minutes)
                user.failed_logins = 0
                audit_event(s, who, "locked", **record)
            return _bad_login()
        if not user.active:
            return UserError("account-disabled", "This account has been disabled.")
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        audit_event(s, who, "login", **record)
        return _actor_of(user)

    # --- helpers ------------------------------------------------------------------
    def _get(self, s: Session, name: str) -> User:
        user = _find(s, name)
        if user is None:
            raise NotFound("no-such-user", "There is no user called “{name}”.", name=name)
        return user

    def _keep_one_admin(self, s: Session, user: User) -> None:
        admins = s.scalar(select(func.count()).select_from(User).where(
            User.role == Role.ADMIN.value, User.active.is_(True), User.deleted_at.is_(None),
            User.id != user.id))
        if not admins:
            raise UserError("last-admin", "There must remain at least one active administrator.")


def _bad_login() -> UserError:
    return UserError("bad-login", "The user name or the password is not correct.", field="password")
