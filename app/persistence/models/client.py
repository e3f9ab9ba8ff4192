"""Clients: everyone the association deals with (DOMAIN.md §2).

The complaints desk finds people here; the client registry (maker-checker
changes, the signed form, duplicates) builds on this table.
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.base import Base, SyncedRecord


class Client(SyncedRecord, Base):
    __tablename__ = "clients"
    # search_text is the normalised copy the search index reads; row_no is the local
    # integer key of that index. Both are rebuilt at each site, never synced.
    __unsynced__ = frozenset({"search_text", "row_no"})
    __table_args__ = (Index("ix_clients_name_row", "name", "row_no"),)

    row_no: Mapped[int] = mapped_column(Integer, unique=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_latin: Mapped[str] = mapped_column(String(200), default="")
    kinds: Mapped[str] = mapped_column(String(200), default="")  # ids, comma-separated
    national_id: Mapped[str | None] = mapped_column(String(20), default=None, index=True)
    mobile: Mapped[str | None] = mapped_column(String(20), default=None, index=True)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    email: Mapped[str] = mapped_column(String(120), default="")
    city: Mapped[str] = mapped_column(String(64), default="")
    neighbourhood: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    notes: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
