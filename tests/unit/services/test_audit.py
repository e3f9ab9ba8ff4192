"""The audit log service: permissions, filters, keyset pages, record timelines, sentences."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app import i18n
from app.errors import PermissionDenied, UserError
from app.services.app_services import AppServices
from app.services.audit import (
    AuditFilter,
    HistoryLine,
    count_text,
    describe,
    field_label,
    value_text,
)
from app.services.context import Actor
from app.services.settings import setting_id
from app.text.bidi import BIDI_CONTROLS
from tests.activity import settings_changes

ARABIC = re.compile("[\u0600-\u06ff]")


def plain(text: str) -> str:
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)


@pytest.fixture
def activity(services: AppServices, admin: Actor) -> Actor:
    """A relations manager created, who logs in, fails once, and whose role changes."""
    services.users.add(admin, "huda", "relations_manager", "huda-pass-1", "هدى الزهراني")
    manager = services.users.login("huda", "huda-pass-1")
    with pytest.raises(UserError):
        services.users.login("huda", "wrong-password")
    services.users.set_role(admin, "huda", "quality_officer")
    services.users.set_role(admin, "huda", "relations_manager")
    services.settings.set(admin, "association.name", "جمعية كافل للأيتام")
    return manager



def test_only_who_may_view_the_audit_reads_it(services: AppServices, admin: Actor) -> None:
    services.users.add(admin, "desk", "reception", "desk-pass-1")
    services.users.add(admin, "mona", "relations_manager", "mona-pass-1")
    desk = services.users.login("desk", "desk-pass-1")
    audit = services.audit
    for call in (lambda: audit.count(desk, AuditFilter()), lambda: audit.page(desk, AuditFilter()),
                 lambda: audit.record_history(desk, "users", desk.user_id),
                 lambda: audit.distinct_users(desk), lambda: audit.latest(desk)):
        with pytest.raises(PermissionDenied):
            call()
    mona = services.users.login("mona", "mona-pass-1")
    assert audit.count(mona, AuditFilter()) > 0


def test_filters(services: AppServices, admin: Actor, activity: Actor) -> None:
    audit = services.audit
    everything = audit.page(admin, AuditFilter(), None, 1000)
    assert audit.count(admin, AuditFilter()) == len(everything)

    by_huda = audit.page(admin, AuditFilter(user_name="huda"), None, 1000)
    assert by_huda and {line.user_name for line in by_huda} == {"huda"}
    assert audit.count(admin, AuditFilter(user_name="huda")) == len(by_huda)

    failed = audit.page(admin, AuditFilter(action="login-failed"), None, 1000)
    assert [line.record_name for line in failed] == ["huda"]
    settings = audit.page(admin, AuditFilter(table_name="settings"), None, 1000)
    assert settings and all(line.table_name == "settings" for line in settings)

    combined = AuditFilter(user_name="admin", action="update", table_name="users")
    assert [line.new_value for line in audit.page(admin, combined)] == ["relations_manager",
                                                                       "quality_officer"]
    assert audit.distinct_users(admin) == ["admin", "huda", "system"]  # system: the seeded settings
    assert {"create", "update", "login", "login-failed"} <= set(audit.actions())


def test_text_search_is_case_insensitive_and_finds_values_fields_and_records(
        services: AppServices, admin: Actor, activity: Actor) -> None:
    audit = services.audit

    def found(text: str) -> list[HistoryLine]:
        lines = audit.page(admin, AuditFilter(text=text), None, 1000)
        assert audit.count(admin, AuditFilter(text=text)) == len(lines)
        return lines

    assert [line.field for line in found("كافل")] == ["value"]  # an Arabic value
    assert {line.new_value for line in found("QUALITY_officer")} >= {"quality_officer"}
    assert all(line.field == "role" for line in found("ROLE"))  # a field, any case
    record = found("huda")[0].record_id  # a user by name: the lines of their record
    assert record is not None
    assert all(line.record_id == record for line in found("huda"))
    assert found(record.upper()) == found(record)  # a record id
    i18n.set_language("en")
    named = found("association name")  # a setting by its label (both of them)
    assert {line.record_name for line in named} == {"association.name", "association.name_en"}
    assert "value" in {line.field for line in named}
    assert found("%") == [] and found("_x_") == []  # LIKE wildcards are taken literally


def test_days_are_local_and_inclusive(services: AppServices, admin: Actor, activity: Actor) -> None:
    audit, today = services.audit, date.today()
    total = audit.count(admin, AuditFilter())
    assert audit.count(admin, AuditFilter(since=today, until=today)) == total
    assert audit.count(admin, AuditFilter(since=today + timedelta(days=1))) == 0
    assert audit.count(admin, AuditFilter(until=today - timedelta(days=1))) == 0
    assert audit.count(admin, AuditFilter(since=today, until=today - timedelta(days=1))) == 0


def test_keyset_pages_cover_every_line_exactly_once(services: AppServices, admin: Actor) -> None:
    settings_changes(services, admin, 90)
    audit = services.audit
    for flt in (AuditFilter(), AuditFilter(table_name="settings", action="update"),
                AuditFilter(text="albir")):
        expected = audit.count(admin, flt)
        seen: list[int] = []
        after: int | None = None
        while True:
            page = audit.page(admin, flt, after, 37)
            seen.extend(line.id for line in page)
            if len(page) < 37:
                break
            after = page[-1].id
            if len(seen) == 74:  # the log grows while someone scrolls: nothing shifts
                settings_changes(services, admin, 2)
        assert len(seen) == len(set(seen)) == expected
        assert seen == sorted(seen, reverse=True)
    assert services.audit.count(admin, AuditFilter(text="albir")) >= 90


def test_a_record_history_is_its_own_lines_oldest_first(services: AppServices, admin: Actor,
                                                        activity: Actor) -> None:
    audit = services.audit
    user_lines = audit.record_history(admin, "users", activity.user_id)
    assert [line.action for line in user_lines][:3] == ["create", "login", "login-failed"]
    assert all(line.record_id == activity.user_id and line.record_name == "huda" for line in user_lines)
    assert [line.id for line in user_lines] == sorted(line.id for line in user_lines)
    assert audit.record_history(admin, "settings", activity.user_id) == []
    latest = audit.record_history(admin, "users", activity.user_id, limit=2)
    assert latest == user_lines[-2:]

    key = "association.name"
    setting = audit.record_history(admin, "settings", str(setting_id(key)))
    assert [line.action for line in setting] == ["create", "update"]  # the local save count is not logged
    assert {line.field for line in setting} == {None, "value"}
    assert all(line.record_name == key for line in setting)


def _line(**changes: object) -> HistoryLine:
    fields: dict[str, object] = dict(id=1, at=None, user_name="admin", action="update",
                                     table_name="users", record_id="x", field="role",
                                     old_value="reception", new_value="quality_officer",
                                     record_name="huda")
    fields.update(changes)
    return HistoryLine(**fields)  # type: ignore[arg-type]


def test_sentences_in_english(services: AppServices, admin: Actor, activity: Actor) -> None:
    i18n.set_language("en")
    assert plain(describe(_line())) == "admin changed Role: Reception desk → Quality officer"
    assert plain(describe(_line(action="create", field=None))) == "admin created this record"
    assert plain(describe(_line(action="login", field=None))) == "admin logged in"
    assert plain(describe(_line(action="login-failed", field=None))) == "admin failed to log in"
    password = _line(field="password_hash", old_value="***", new_value="***")
    assert plain(describe(password)) == "admin changed Password: *** → ***"
    assert plain(describe(_line(field="active", old_value=True, new_value=False))).endswith("yes → no")

    lines = services.audit.page(admin, AuditFilter(table_name="settings", action="update"))
    by_field = {line.field: plain(describe(line)) for line in lines}
    assert by_field == {
        "value": "admin changed Association name: جمعية البر الخيرية → جمعية كافل للأيتام",
    }
    seeded = services.audit.page(admin, AuditFilter(user_name="system"), None, 1)
    assert plain(describe(seeded[0])) == "System created this record"
    digits = _line(table_name="settings", field="value", record_name="display.digits",
                   old_value='"arabic"', new_value='"latin"')
    assert field_label(digits) == "Digits"
    assert plain(describe(digits)) == "admin changed Digits: arabic → latin"


def test_long_values_are_shortened() -> None:
    long = _line(field="full_name", old_value="", new_value="ن" * 300)
    text = value_text(long, long.new_value)
    assert len(text) <= 80 and text.endswith("…")
    logo = _line(table_name="settings", field="value", record_name="association.logo",
                 old_value='""', new_value='"' + "A" * 5000 + '"')
    i18n.set_language("en")
    assert plain(describe(logo)) == "admin changed Association logo: (empty) → (an image)"


def test_sentences_in_arabic_are_arabic(services: AppServices, admin: Actor, activity: Actor) -> None:
    lines = services.audit.page(admin, AuditFilter(), None, 1000)
    arabic = {line.id: describe(line) for line in lines}
    i18n.set_language("en")
    english = {line.id: describe(line) for line in lines}
    for line_id, text in arabic.items():
        assert text != english[line_id]
        assert ARABIC.search(plain(text).replace("هدى", "").replace("جمعية", "")), text
    # The user name and values are isolated, so a Latin name keeps the sentence right to left.
    assert all(re.search("\u2068[^\u2069]+\u2069", text) for text in arabic.values())
    assert not any("System" in text for text in arabic.values())


def test_the_count_follows_each_language_plural_rules() -> None:
    forms = {n: count_text(n) for n in (0, 1, 2, 3, 11, 100)}
    assert len(set(forms.values())) == 6  # Arabic has six plural forms
    # The slots follow the catalog's Plural-Forms: 3–10, then 100–102 (by the last two digits), 11–99.
    assert (forms[3], forms[100], forms[11]) == ("3 قيود", "100 قيد", "11 قيدًا")
    assert all(ARABIC.search(text) for text in forms.values())
    assert count_text(1000, "١٬٠٠٠").startswith("١٬٠٠٠")
    i18n.set_language("en")
    assert (count_text(1), count_text(2), count_text(1000, "1,000")) == ("1 entry", "2 entries",
                                                                         "1,000 entries")
