"""Human numbers unique across sites without a network: ``C-JED-1448-000123``.

The site's short code is part of every number, so two offline sites never
hand out the same one; within a site a counter row per series and period is
incremented in the writer's transaction (a row lock on PostgreSQL, the single
writer on SQLite), so two desks never get the same number either. A number
is never reused, even when its record is later tombstoned.
"""

from __future__ import annotations

from sqlalchemy import Connection, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.persistence.models.counter import Counter


def reserve(session: Session | Connection, series: str, count: int = 1, period: str = "") -> int:
    """Reserve ``count`` numbers of ``series`` in ``period``; returns the last one reserved."""
    bind = session.get_bind() if isinstance(session, Session) else session
    dialect = bind.dialect.name
    values = {"series": series, "period": period, "last": 0}
    if dialect == "postgresql":
        session.execute(postgresql.insert(Counter).values(values).on_conflict_do_nothing())
    else:
        session.execute(sqlite.insert(Counter).values(values).on_conflict_do_nothing())
    return session.execute(
        update(Counter).where(Counter.series == series, Counter.period == period)
        .values(last=Counter.last + count).returning(Counter.last)
    ).scalar_one()


def next_value(session: Session | Connection, series: str, period: str = "") -> int:
    """Reserve and return the next number of ``series`` in ``period``."""
    return reserve(session, series, 1, period)


def format_number(prefix: str, site: str, period: str, value: int, width: int = 6) -> str:
    """``prefix-site-period-000123``; the period is left out when empty."""
    parts = [prefix, site] + ([period] if period else []) + [f"{value:0{width}d}"]
    return "-".join(parts)


def next_number(session: Session, prefix: str, site: str, period: str = "", width: int = 6) -> str:
    return format_number(prefix, site, period, next_value(session, prefix, period), width)
