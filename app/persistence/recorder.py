"""Writes the change log and the audit log for every write to a synced record.

Hooked on the ORM session (:func:`install`): before a flush it refuses row
deletes of synced records (they take a tombstone) and stamps new records with
the local site; after the flush, when defaults are filled in and attribute
history is still known, it appends one version per changed field (or one
``*`` version for a creation), moves the field heads, advances the site's
sequence and clock, and writes the audit lines — all on the flush's own
connection, so they commit or roll back with the change itself.

The acting user travels in ``session.info["actor"]`` (see :class:`WriteActor`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, event, insert, inspect, select, update
from sqlalchemy.orm import Session

from app.persistence import hlc
from app.persistence.base import BOOKKEEPING_COLUMNS, SyncedRecord, utcnow
from app.persistence.models.audit import AuditEntry
from app.persistence.models.changelog import ALL_FIELDS, ChangeHead, ChangeVersion
from app.persistence.models.site import Site
from app.persistence.values import encode_value

ACTOR_KEY = "actor"
REDACTED = encode_value("***")


@dataclass(frozen=True)
class WriteActor:
    """Who is writing: stamped on every version and audit line."""

    user_id: str | None
    user_name: str


SYSTEM_ACTOR = WriteActor(user_id=None, user_name="system")


class RowDeleteRefused(RuntimeError):
    """A synced record was deleted as a row; it must get a tombstone instead."""


@dataclass
class PendingVersion:
    table_name: str
    record_id: str
    field: str
    value: str
    old_value: str | None
    action: str
    redacted: bool = False


@dataclass
class _Batch:
    versions: list[PendingVersion] = field(default_factory=list)


def logged_columns(obj: SyncedRecord) -> list[str]:
    mapper = inspect(type(obj))
    skip = BOOKKEEPING_COLUMNS | obj.__unsynced__
    return [c.key for c in mapper.column_attrs if c.key not in skip]


def snapshot(obj: SyncedRecord) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in logged_columns(obj)}


def _changes_of(obj: SyncedRecord) -> Iterable[PendingVersion]:
    table = type(obj).__table__.name  # type: ignore[attr-defined]
    record_id = str(obj.id)
    state = inspect(obj)
    for name in logged_columns(obj):
        history = state.attrs[name].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        action = "delete" if name == "deleted_at" and old is None and new is not None else "update"
        redacted = name in obj.__redacted__
        yield PendingVersion(table, record_id, name, encode_value(new), encode_value(old), action,
                             redacted)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, SyncedRecord):
            raise RowDeleteRefused(f"{type(obj).__name__} rows are never deleted; set a tombstone")
    site_code = session.info.get("site_code")
    for obj in session.new:
        if isinstance(obj, SyncedRecord):
            if obj.id is None:
                obj.id = uuid.uuid4()
            if getattr(obj, "origin_site", None) is None:
                if site_code is None:
                    raise RuntimeError("no site: run `sila init` before writing records")
                obj.origin_site = site_code


def _after_flush(session: Session, _context: Any) -> None:
    pending: list[PendingVersion] = []
    for obj in session.new:
        if isinstance(obj, SyncedRecord):
            table = type(obj).__table__.name  # type: ignore[attr-defined]
            pending.append(
                PendingVersion(table, str(obj.id), ALL_FIELDS, encode_value(snapshot(obj)), None, "create")
            )
    for obj in session.dirty:
        if isinstance(obj, SyncedRecord) and session.is_modified(obj, include_collections=False):
            pending.extend(_changes_of(obj))
    if pending:
        actor = session.info.get(ACTOR_KEY, SYSTEM_ACTOR)
        append_versions(session.connection(), pending, actor)


def append_versions(conn: Connection, pending: Sequence[PendingVersion], actor: WriteActor,
                    at: datetime | None = None) -> None:
    """Number, stamp and append ``pending`` versions; move heads; write the audit lines."""
    site = conn.execute(select(Site.code, Site.last_seq, Site.last_stamp)).one_or_none()
    if site is None:
        raise RuntimeError("no site: run `sila init` before writing records")
    code, seq, last_text = site
    last = hlc.Stamp.decode(last_text) if last_text else None
    when = at or utcnow()
    version_rows: list[dict[str, Any]] = []
    audit_rows: list[dict[str, Any]] = []
    heads = _HeadCache(conn)
    heads.preload(pending)
    for item in pending:
        seq += 1
        last = hlc.tick(last, code)
        key = f"{code}:{seq}"
        if item.field == ALL_FIELDS:
            parents: list[str] = []
        elif item.action == "delete":
            # A tombstone names every field's head it saw, so a merge can tell an
            # edit made elsewhere, unseen, from one the deleting user knew about.
            parents = heads.record_heads(item)
        else:
            parents = heads.parents(item)
        version_rows.append({
            "origin_site": code, "seq": seq, "table_name": item.table_name,
            "record_id": item.record_id, "field": item.field, "value": item.value,
            "stamp": last.encode(), "parents": json.dumps(parents), "user_id": actor.user_id,
        })
        if item.field != ALL_FIELDS:
            heads.set(item, key)
        audit_rows.append({
            "at": when, "user_id": actor.user_id, "user_name": actor.user_name, "site": code,
            "action": item.action, "table_name": item.table_name, "record_id": item.record_id,
            "field": None if item.field == ALL_FIELDS else item.field,
            "old_value": REDACTED if item.redacted else item.old_value,
            "new_value": None if item.field == ALL_FIELDS else REDACTED if item.redacted else item.value,
        })
    conn.execute(insert(ChangeVersion), version_rows)
    heads.write()
    conn.execute(insert(AuditEntry), audit_rows)
    assert last is not None
    conn.execute(update(Site).where(Site.code == code).values(last_seq=seq, last_stamp=last.encode()))


class _HeadCache:
    """Reads and writes ``change_heads`` for one batch of versions.

    The heads of every record in the batch are read up front, a few hundred records per
    query, and written back with one ``executemany`` each for new and moved heads: an
    approval of an import's 50,000 requests would otherwise make a query per field.
    """

    PRELOAD_CHUNK = 500

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._known: dict[tuple[str, str, str], list[str] | None] = {}
        self._dirty: dict[tuple[str, str, str], list[str]] = {}
        self._loaded: set[tuple[str, str]] = set()  # records whose every head is in _known

    def preload(self, pending: Sequence[PendingVersion]) -> None:
        records: dict[str, set[str]] = {}
        for item in pending:
            if item.field != ALL_FIELDS:
                records.setdefault(item.table_name, set()).add(item.record_id)
        for table, ids in records.items():
            wanted = sorted(r for r in ids if (table, r) not in self._loaded)
            for i in range(0, len(wanted), self.PRELOAD_CHUNK):
                chunk = wanted[i:i + self.PRELOAD_CHUNK]
                rows = self._conn.execute(
                    select(ChangeHead.record_id, ChangeHead.field, ChangeHead.versions).where(
                        ChangeHead.table_name == table, ChangeHead.record_id.in_(chunk)))
                for record, field_name, versions in rows:
                    self._known[(table, record, field_name)] = json.loads(versions)
                self._loaded.update((table, r) for r in chunk)

    def _get(self, table: str, record: str, field_name: str) -> list[str] | None:
        key = (table, record, field_name)
        if key not in self._known:
            if (table, record) in self._loaded:
                self._known[key] = None  # preloaded: this field has no head yet
            else:
                row = self._conn.execute(
                    select(ChangeHead.versions).where(
                        ChangeHead.table_name == table, ChangeHead.record_id == record,
                        ChangeHead.field == field_name,
                    )
                ).scalar_one_or_none()
                self._known[key] = None if row is None else json.loads(row)
        return self._known[key]

    def parents(self, item: PendingVersion) -> list[str]:
        # No head yet: only the record's creation was seen, which is every version's
        # implicit ancestor, so the list is empty.
        return self._get(item.table_name, item.record_id, item.field) or []

    def record_heads(self, item: PendingVersion) -> list[str]:
        rows = self._conn.execute(
            select(ChangeHead.field, ChangeHead.versions).where(
                ChangeHead.table_name == item.table_name, ChangeHead.record_id == item.record_id)
        ).all()
        heads = {field_name: json.loads(versions) for field_name, versions in rows}
        for (table, record, field_name), versions in self._dirty.items():
            if (table, record) == (item.table_name, item.record_id):
                heads[field_name] = versions
        return sorted({key for versions in heads.values() for key in versions})

    def set(self, item: PendingVersion, version_key: str) -> None:
        key = (item.table_name, item.record_id, item.field)
        if key not in self._known:
            self._get(*key)
        self._dirty[key] = [version_key]

    def write(self) -> None:
        new_heads: list[dict[str, str]] = []
        moved_heads: list[dict[str, str]] = []
        for (table, record, field_name), versions in self._dirty.items():
            row = {"h_table": table, "h_record": record, "h_field": field_name,
                   "h_versions": json.dumps(versions)}
            (new_heads if self._known.get((table, record, field_name)) is None else moved_heads).append(row)
        if new_heads:
            self._conn.execute(insert(ChangeHead).values(
                table_name=bindparam("h_table"), record_id=bindparam("h_record"), field=bindparam("h_field"),
                versions=bindparam("h_versions")), new_heads)
        if moved_heads:
            self._conn.execute(update(ChangeHead).where(
                ChangeHead.table_name == bindparam("h_table"), ChangeHead.record_id == bindparam("h_record"),
                ChangeHead.field == bindparam("h_field"),
            ).values(versions=bindparam("h_versions")), moved_heads)


def install(session_factory: Any) -> None:
    """Attach the recorder to a new sessionmaker (each ``Database`` makes its own, once).

    No ``event.contains`` guard: it keys on ``id()``, so a new factory at a freed
    one's address would look installed and silently go unrecorded.
    """
    event.listen(session_factory, "before_flush", _before_flush)
    event.listen(session_factory, "after_flush", _after_flush)


def audit_event(session: Session, actor: WriteActor, action: str, *, table_name: str | None = None,
                record_id: str | None = None, detail: str | None = None) -> None:
    """An audit line for something that is not a field change (login, lock-out, export…)."""
    code = session.execute(select(Site.code)).scalar_one_or_none() or ""
    session.execute(insert(AuditEntry).values(
        at=utcnow(), user_id=actor.user_id, user_name=actor.user_name, site=code, action=action,
        table_name=table_name, record_id=record_id,
        new_value=None if detail is None else encode_value(detail),
    ))
