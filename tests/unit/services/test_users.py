"""Accounts, logins, lock-out and permissions, checked in the services themselves."""

from __future__ import annotations

import pytest

from app.errors import PermissionDenied, UserError
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import ROLE_PERMISSIONS, Permission, Role


def _codes(fn: object) -> str:
    with pytest.raises(UserError) as caught:
        fn()  # type: ignore[operator]
    return caught.value.code


def test_passwords_are_stored_as_argon2id_hashes(services: AppServices, admin: Actor) -> None:
    services.users.add(admin, "huda", "reception", "huda-pass-1", "هدى الزهراني")
    from sqlalchemy import select

    from app.persistence.models import User

    with services.db.session() as s:
        stored = s.scalars(select(User.password_hash).where(User.name == "huda")).one()
    assert stored.startswith("$argon2id$") and "huda-pass-1" not in stored
    assert services.users.login("huda", "huda-pass-1").role is Role.RECEPTION


def test_bad_input_is_refused_with_one_sentence_and_changes_nothing(
        services: AppServices, admin: Actor) -> None:
    before = services.users.count()
    assert _codes(lambda: services.users.add(admin, "x1", "nope", "long-enough")) == "unknown-role"
    assert _codes(lambda: services.users.add(admin, "admin", "admin", "long-enough")) == "duplicate-user"
    assert _codes(lambda: services.users.add(admin, "ADMIN", "admin", "long-enough")) == "duplicate-user"
    assert _codes(lambda: services.users.add(admin, "short", "reception", "1234")) == "weak-password"
    assert _codes(lambda: services.users.add(admin, "a b", "reception", "long-enough")) == "invalid-user-name"
    assert services.users.count() == before


def test_the_messages_are_translated(services: AppServices, admin: Actor) -> None:
    from app import i18n

    with pytest.raises(UserError) as caught:
        services.users.add(admin, "x1", "nope", "long-enough")
    i18n.set_language("en")
    assert caught.value.message.startswith("“nope” is not a role")
    i18n.set_language("ar")
    assert caught.value.message != caught.value.source_message.format(**caught.value.params)


def test_a_wrong_password_is_refused_and_audited(services: AppServices, admin: Actor) -> None:
    assert _codes(lambda: services.users.login("admin", "wrong-one")) == "bad-login"
    assert _codes(lambda: services.users.login("nobody", "wrong-one")) == "bad-login"
    actions = [line.action for line in services.audit.latest(admin, 5)]
    assert "login-failed" in actions


def test_repeated_failures_lock_the_account_until_the_administrator_resets_it(
        services: AppServices, admin: Actor) -> None:
    services.users.add(admin, "omar", "reception", "omar-pass-1")
    for _ in range(5):
        assert _codes(lambda: services.users.login("omar", "bad-pass")) == "bad-login"
    # Locked: even the right password is refused now.
    assert _codes(lambda: services.users.login("omar", "omar-pass-1")) == "account-locked"
    assert [u.locked for u in services.users.list(admin) if u.name == "omar"] == [True]
    services.users.reset_password(admin, "omar", "omar-pass-2")
    assert services.users.login("omar", "omar-pass-2").name == "omar"


@pytest.mark.parametrize(("minutes", "arabic", "english"), [
    (1, "يُرجى المحاولة بعد دقيقة أو", "try again in 1 minute or"),
    (2, "يُرجى المحاولة بعد دقيقتين أو", "try again in 2 minutes or"),
    (5, "يُرجى المحاولة بعد 5 دقائق أو", "try again in 5 minutes or"),
    (15, "يُرجى المحاولة بعد 15 دقيقة أو", "try again in 15 minutes or"),
])
def test_the_lock_out_message_counts_the_minutes_in_each_language_plural_forms(
        services: AppServices, admin: Actor, minutes: int, arabic: str, english: str) -> None:
    from app import i18n

    services.settings.set(admin, "security.max_failed_logins", 1)
    services.settings.set(admin, "security.lockout_minutes", minutes)
    services.users.add(admin, "omar", "reception", "omar-pass-1")
    assert _codes(lambda: services.users.login("omar", "bad-pass")) == "bad-login"
    with pytest.raises(UserError) as caught:
        services.users.login("omar", "omar-pass-1")
    assert arabic in caught.value.message
    i18n.set_language("en")
    with pytest.raises(UserError) as caught:
        services.users.login("omar", "omar-pass-1")
    assert english in caught.value.message


def test_a_disabled_account_cannot_log_in(services: AppServices, admin: Actor) -> None:
    services.users.add(admin, "lina", "quality_officer", "lina-pass-1")
    services.users.set_active(admin, "lina", False)
    assert _codes(lambda: services.users.login("lina", "lina-pass-1")) == "account-disabled"


def test_the_last_administrator_cannot_be_demoted_or_disabled(services: AppServices, admin: Actor) -> None:
    assert _codes(lambda: services.users.set_role(admin, "admin", "reception")) == "last-admin"
    assert _codes(lambda: services.users.set_active(admin, "admin", False)) == "cannot-disable-self"


def test_services_check_permissions_themselves(services: AppServices, admin: Actor) -> None:
    services.users.add(admin, "desk", "reception", "desk-pass-1")
    desk = services.users.login("desk", "desk-pass-1")
    with pytest.raises(PermissionDenied):
        services.users.add(desk, "intruder", "admin", "intruder-pass")
    with pytest.raises(PermissionDenied):
        services.settings.set(desk, "association.name", "جمعية أخرى")
    with pytest.raises(PermissionDenied):
        services.users.list(desk)
    assert services.settings.get("association.name") != "جمعية أخرى"


def test_the_first_account_needs_no_login_but_must_be_an_administrator(tmp_path: object) -> None:
    from pathlib import Path

    from app.config import resolve

    svc = AppServices.open(resolve(str(Path(str(tmp_path)) / "fresh")))
    try:
        svc.initialise("NEW")
        assert svc.needs_first_admin()
        assert _codes(lambda: svc.users.add(None, "first", "reception", "first-pass")) == "first-user-admin"
        svc.users.add(None, "first", "admin", "first-pass")
        assert _codes(lambda: svc.users.add(None, "second", "admin", "second-pass")) == "login-required"
    finally:
        svc.close()


def test_every_role_has_its_permissions() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)
    assert Permission.CLIENTS_APPROVE in ROLE_PERMISSIONS[Role.RELATIONS_MANAGER]
    assert Permission.CLIENTS_APPROVE not in ROLE_PERMISSIONS[Role.RELATIONS_OFFICER]
    assert Permission.SURVEYS_ENTER in ROLE_PERMISSIONS[Role.QUALITY_OFFICER]


def test_a_plural_message_is_worded_for_its_number_in_the_language_shown() -> None:
    from app import i18n
    from app.services.passwords import check_strength

    with pytest.raises(UserError) as caught:
        check_strength("short")
    assert caught.value.params == {"n": 8}
    assert caught.value.message != caught.value.source_message.format(n=8)  # Arabic
    i18n.set_language("en")
    assert caught.value.message == "The password must have at least 8 characters."
