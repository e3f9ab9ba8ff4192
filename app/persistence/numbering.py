"""Human numbers unique across sites without a network: ``C-JED-1448-000123``.

The site's short code is part of every number, so two offline sites never
hand out the same one; within a site a counter row per series and period is
incremented in the writer's transaction (a row lock on PostgreSQL, the single
writer on SQLite), so two desks never get the same number either. A number
is never reused, even when its record is later tombstoned.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.persistence.models.counter import Counter


def next_value(session: Session, series: str, period: str = "") -> int:
    """Reserve and return the next number of ``series`` in ``period``."""
    dialect = session.get_bind().dialect.name
    values = {"series": series, "period": period, "last": 0}
    if dialect == "postgresql":
        session.execute(postgresql.insert(Counter).values(values).on_conflict_do_nothing())
    else:
        session.execute(sqlite.insert(Counter).values(values).on_conflict_do_nothing())
    return session.execute(
        update(Counter).where(Counter.series == series, Counter.period == period)
        .values(last=Counter.last + 1).returning(Counter.last)
    ).scalar_one()


def format_number(prefix: str, site: str, period: str, value: int, width: int = 6) -> str:
    """``prefix-site-period-000123``; the period is left out when empty."""
    parts = [prefix, site] + ([period] if period else []) + [f"{value:0{width}d}"]
    return "-".join(parts)


def next_number(session: Session, prefix: str, site: str, period: str = "", width: int = 6) -> str:
    return format_number(prefix, site, period, next_value(session, prefix, period), width)
