"""This installation: one row, created by ``sila init``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.base import Base, utcnow


class Site(Base):
    """The local site. Its short code goes into every human number and clock stamp.

    ``last_seq`` and ``last_stamp`` are this site's change-log counters; they
    are updated in the same transaction as the versions they number, which
    also serialises writers sharing one PostgreSQL database.
    """

    __tablename__ = "site"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_stamp: Mapped[str | None] = mapped_column(String(40), default=None)
