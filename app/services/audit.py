"""Reading the audit log: a record's history, the latest events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.persistence.db import Database
from app.persistence.models import AuditEntry
from app.persistence.values import decode_value
from app.services.context import Actor, require
from app.services.roles import Permission


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    user_name: str
    action: str
    table_name: str | None
    record_id: str | None
    field: str | None
    old_value: Any
    new_value: Any


def _line(e: AuditEntry) -> HistoryLine:
    return HistoryLine(e.at, e.user_name, e.action, e.table_name, e.record_id, e.field,
                       decode_value(e.old_value), decode_value(e.new_value))


class AuditService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record_history(self, actor: Actor, record_id: str) -> list[HistoryLine]:
        """Every audit line of one record, oldest first (the record's timeline)."""
        require(actor, Permission.AUDIT_VIEW)
        with self._db.session() as s:
            rows = s.scalars(select(AuditEntry).where(AuditEntry.record_id == record_id)
                             .order_by(AuditEntry.id)).all()
            return [_line(e) for e in rows]

    def latest(self, actor: Actor, limit: int = 200) -> list[HistoryLine]:
        require(actor, Permission.AUDIT_VIEW)
        with self._db.session() as s:
            rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)).all()
            return [_line(e) for e in rows]
