"""People who log in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.base import Base, SyncedRecord


class User(SyncedRecord, Base):
    __tablename__ = "users"
    # Login bookkeeping changes on every attempt; it is local, not history.
    __unsynced__ = frozenset({"failed_logins", "locked_until", "last_login_at"})
    __redacted__ = frozenset({"password_hash"})

    name: Mapped[str] = mapped_column(String(64), index=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(2), default="ar")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)
