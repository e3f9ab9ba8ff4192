"""Declarative base, naming convention and the mixin every travelling record uses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, MetaData, String, TypeDecorator, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Times are stored in UTC and always come back timezone-aware.

    SQLite keeps no zone and returns naive values; without this every reader
    would have to guess.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: store times with a timezone (UTC)")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}


class SyncedRecord:
    """A record that travels between sites (SYNC.md).

    UUID identity, the site that created it, created/updated times, and a
    tombstone (``deleted_at``) instead of a row delete. Every write to a
    subclass is recorded field by field in the change log and the audit log
    by :mod:`app.persistence.recorder`; deleting the row is refused there.
    Columns listed in ``__unsynced__`` (derived copies such as normalised
    search text) are rebuilt locally and never logged.
    """

    __unsynced__: frozenset[str] = frozenset()
    # Columns whose values the audit log shows only as "changed" (password hashes).
    __redacted__: frozenset[str] = frozenset()

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    origin_site: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


# Columns the recorder never logs as field versions: identity and bookkeeping.
BOOKKEEPING_COLUMNS = frozenset({"id", "origin_site", "created_at", "updated_at"})
