"""Every write to a synced record lands, field by field, in the change log and the audit log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.persistence.bulk import bulk_create
from app.persistence.hlc import Stamp
from app.persistence.models import AuditEntry, ChangeHead, ChangeVersion, Site, User
from app.persistence.recorder import RowDeleteRefused, WriteActor
from app.services.app_services import AppServices

CLERK = WriteActor(user_id="u-1", user_name="clerk")


def _add_user(services: AppServices, name: str = "sara") -> str:
    with services.db.begin(CLERK) as s:
        user = User(name=name, full_name="سارة الغامدي", role="reception", password_hash="x")
        s.add(user)
        s.flush()
        return str(user.id)


def _versions(services: AppServices, record_id: str) -> list[ChangeVersion]:
    with services.db.session() as s:
        return list(s.scalars(select(ChangeVersion).where(ChangeVersion.record_id == record_id)
                              .order_by(ChangeVersion.seq)))


def test_a_creation_is_one_version_with_every_field(services: AppServices) -> None:
    record = _add_user(services)
    [created] = _versions(services, record)
    assert created.field == "*"
    assert created.origin_site == "TST"
    assert created.user_id == "u-1"
    values = json.loads(created.value)
    assert values["full_name"] == "سارة الغامدي"
    assert "failed_logins" not in values  # local bookkeeping does not travel


def test_each_changed_field_is_a_version_whose_parent_is_the_previous_one(services: AppServices) -> None:
    record = _add_user(services)
    for new_name in ("سارة أحمد", "سارة محمد"):
        with services.db.begin(CLERK) as s:
            s.get_one(User, __import__("uuid").UUID(record)).full_name = new_name
    created, first, second = _versions(services, record)
    assert (first.field, json.loads(first.value)) == ("full_name", "سارة أحمد")
    assert json.loads(first.parents) == []  # only the creation was seen
    assert json.loads(second.parents) == [first.key]
    assert Stamp.decode(created.stamp) < Stamp.decode(first.stamp) < Stamp.decode(second.stamp)
    with services.db.session() as s:
        head = s.scalars(select(ChangeHead.versions).where(ChangeHead.record_id == record)).one()
        site = s.scalars(select(Site)).one()
    assert json.loads(head) == [second.key]
    assert site.last_seq >= second.seq


def test_the_audit_log_keeps_who_what_old_and_new(services: AppServices) -> None:
    record = _add_user(services)
    with services.db.begin(CLERK) as s:
        s.get_one(User, __import__("uuid").UUID(record)).role = "quality_officer"
    with services.db.session() as s:
        lines = list(s.scalars(select(AuditEntry).where(AuditEntry.record_id == record)
                               .order_by(AuditEntry.id)))
    assert [(a.action, a.field) for a in lines] == [("create", None), ("update", "role")]
    assert (lines[1].user_name, lines[1].old_value, lines[1].new_value) == (
        "clerk", '"reception"', '"quality_officer"')


def test_password_hashes_are_not_shown_in_the_audit_log(services: AppServices) -> None:
    record = _add_user(services)
    with services.db.begin(CLERK) as s:
        s.get_one(User, __import__("uuid").UUID(record)).password_hash = "secret-hash"
    with services.db.session() as s:
        line = s.scalars(select(AuditEntry).where(AuditEntry.field == "password_hash")).one()
    assert "secret-hash" not in (line.new_value or "") + (line.old_value or "")


def test_rows_are_never_deleted_only_tombstoned(services: AppServices) -> None:
    record = _add_user(services)
    with pytest.raises(RowDeleteRefused), services.db.begin(CLERK) as s:
        s.delete(s.get_one(User, __import__("uuid").UUID(record)))
    assert len(_versions(services, record)) == 1  # rolled back, nothing recorded


def test_a_tombstone_is_recorded_as_a_delete(services: AppServices) -> None:
    from app.persistence.base import utcnow

    record = _add_user(services)
    with services.db.begin(CLERK) as s:
        s.get_one(User, __import__("uuid").UUID(record)).deleted_at = utcnow()
    with services.db.session() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.record_id == record)))
    assert actions == ["create", "delete"]


@pytest.mark.parametrize("table", ["audit_log", "change_log"])
def test_the_logs_are_append_only_in_the_database_itself(services: AppServices, table: str) -> None:
    _add_user(services)
    for statement in (f"UPDATE {table} SET user_id = 'x'", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError, match="append-only"), services.db.engine.begin() as conn:
            conn.execute(text(statement))


def test_bulk_creation_is_recorded_like_single_saves(services: AppServices) -> None:
    rows = ({"name": f"user{i}", "full_name": f"مستخدم {i}", "role": "reception",
             "password_hash": "x"} for i in range(1200))
    with services.db.engine.begin() as conn:
        assert bulk_create(conn, User, rows, CLERK, batch=500) == 1200
    with services.db.session() as s:
        versions = s.scalar(select(text("count(*)")).select_from(ChangeVersion)
                            .where(ChangeVersion.table_name == "users", ChangeVersion.field == "*"))
        seqs = list(s.scalars(select(ChangeVersion.seq).order_by(ChangeVersion.seq)))
        audits = s.scalar(select(text("count(*)")).select_from(AuditEntry)
                          .where(AuditEntry.action == "create", AuditEntry.user_name == "clerk"))
    assert versions == 1201  # with the template's administrator
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # no gaps, no reuse
    assert audits == 1200
    _add_user(services, "after-bulk")  # the ORM path continues the same sequence


def test_bulk_update_is_recorded_like_single_saves(services: AppServices) -> None:
    import uuid

    from app.persistence.bulk import bulk_update

    first, second = _add_user(services, "one"), _add_user(services, "two")
    with services.db.begin(CLERK) as s:  # one edit through the ORM first: it becomes a parent
        s.get_one(User, uuid.UUID(first)).full_name = "سارة أحمد"
    changes = [(uuid.UUID(first), {"full_name": ("سارة أحمد", "سارة محمد"), "role": ("reception", "admin")}),
               (uuid.UUID(second), {"full_name": ("سارة الغامدي", "سارة الغامدي")})]  # unchanged: no version
    with services.db.engine.begin() as conn:
        assert bulk_update(conn, User, changes, CLERK) == 2
    _created, orm_edit, *bulk = _versions(services, first)
    assert sorted((v.field, json.loads(v.value)) for v in bulk) == [("full_name", "سارة محمد"),
                                                                    ("role", "admin")]
    by_field = {v.field: v for v in bulk}
    assert json.loads(by_field["full_name"].parents) == [orm_edit.key]
    assert len(_versions(services, second)) == 1
    with services.db.session() as s:
        user = s.get_one(User, uuid.UUID(first))
        assert (user.full_name, user.role) == ("سارة محمد", "admin")
        line = s.scalars(select(AuditEntry).where(AuditEntry.record_id == first,
                                                  AuditEntry.field == "role")).one()
        head = s.scalars(select(ChangeHead.versions).where(ChangeHead.record_id == first,
                                                           ChangeHead.field == "full_name")).one()
    assert (line.user_name, json.loads(line.old_value or ""), json.loads(line.new_value or "")) == \
        ("clerk", "reception", "admin")
    assert json.loads(head) == [by_field["full_name"].key]
