"""The append-only audit log: who, when, which record, which field, old → new."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.base import Base, utcnow


class AuditEntry(Base):
    """One line of history. Rows are never updated or deleted (triggers refuse it).

    ``action`` is ``create``, ``update``, ``delete`` (a tombstone) or an event
    such as ``login``, ``login-failed``, ``locked``. Values are stored as the
    same JSON text the change log uses.
    """

    __tablename__ = "audit_log"
    # A record's timeline is read by table and id.
    # The audit screen filters by user or action, newest first.
    __table_args__ = (
        Index("ix_audit_log_table_record", "table_name", "record_id"),
        Index("ix_audit_log_user_name_id", "user_name", "id"),
        Index("ix_audit_log_action_id", "action", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[str | None] = mapped_column(String(36), default=None)
    user_name: Mapped[str] = mapped_column(String(64), default="")
    site: Mapped[str] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(String(32))
    table_name: Mapped[str | None] = mapped_column(String(64), default=None)
    record_id: Mapped[str | None] = mapped_column(String(36), default=None)
    field: Mapped[str | None] = mapped_column(String(64), default=None)
    old_value: Mapped[str | None] = mapped_column(Text, default=None)
    new_value: Mapped[str | None] = mapped_column(Text, default=None)
