"""Settings: one row per key, its JSON value and a version number."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.base import Base, SyncedRecord


class SettingEntry(SyncedRecord, Base):
    """A setting travels between sites like any record; its id is derived from the
    key (uuid5) so two sites writing the same key edit the same record."""

    __tablename__ = "settings"
    # A local count of this site's saves, shown beside a section; the history is in the log.
    __unsynced__ = frozenset({"version"})

    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    version: Mapped[int] = mapped_column(Integer, default=1)
