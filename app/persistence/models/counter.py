"""Per-site counters behind human numbers (complaint references, client numbers)."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.base import Base


class Counter(Base):
    """The last number handed out in a series and period at this site.

    Local by design: each site numbers its own records and the site code in
    the number keeps them apart, so counters never travel.
    """

    __tablename__ = "counters"

    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
