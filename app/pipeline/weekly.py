"""The weekly opportunities report (seed 000 §4.1.15, procedure step 5): what moved, was won,
was lost and went stale this week, and the pipeline by stage with weighted totals.

A week is written ``YYYY-Www`` (ISO numbering) and runs Sunday to Saturday, the Saudi
working week's order: week 47 of 2026 is Sunday 15 to Saturday 21 November.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_, select

from app.errors import UserError
from app.persistence.db import Database
from app.persistence.models import Opportunity, OpportunityEvent
from app.pipeline.opportunities import OpportunityService
from app.pipeline.records import OPEN_STAGES, BoardQuery, Column, WeeklyReport
from app.services.context import Actor, require
from app.services.roles import Permission
from app.services.settings import SettingsService

_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


def parse_week(text: str) -> tuple[str, date]:
    """``2026-W47`` → ("2026-W47", Sunday 15 November 2026)."""
    m = _WEEK.match(text)
    try:
        if m is None:
            raise ValueError(text)
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise UserError(
            "week", "“{value}” is not a week; write it like 2026-W47.", field="week", value=text
        ) from None
    return f"{int(m.group(1)):04d}-W{int(m.group(2)):02d}", monday - timedelta(days=1)


def week_of(day: date) -> str:
    """The ``YYYY-Www`` of the Sunday-to-Saturday week holding ``day``."""
    year, week, _ = (day + timedelta(days=1)).isocalendar()
    return f"{year:04d}-W{week:02d}"


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone(UTC)


class WeeklyReports:
    def __init__(self, db: Database, settings: SettingsService, opportunities: OpportunityService) -> None:
        self._db = db
        self._settings = settings
        self._opportunities = opportunities

    def build(self, actor: Actor, week: str, stale_days: int | None = None) -> WeeklyReport:
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        label, sunday = parse_week(week)
        start, end = _start(sunday), _start(sunday + timedelta(days=7))
        days = stale_days or int(self._settings.get("pipeline.stale_days"))
        stale_before = end - timedelta(days=days)
        with self._db.session() as s:
            moves = s.execute(
                select(
                    OpportunityEvent.opportunity_id,
                    OpportunityEvent.from_value,
                    OpportunityEvent.to_value,
                    OpportunityEvent.note,
                )
                .where(
                    OpportunityEvent.kind == "stage",
                    OpportunityEvent.at >= start,
                    OpportunityEvent.at < end,
                    OpportunityEvent.deleted_at.is_(None),
                )
                .order_by(OpportunityEvent.at)
            ).all()
            stale_rows = s.scalars(
                select(Opportunity)
                .where(
                    Opportunity.stage.in_(OPEN_STAGES),
                    Opportunity.deleted_at.is_(None),
                    Opportunity.created_at < stale_before,
                    or_(Opportunity.last_contact_at.is_(None), Opportunity.last_contact_at < stale_before),
                )
                .order_by(func.coalesce(Opportunity.last_contact_at, Opportunity.created_at))
            ).all()
            ids = list({m.opportunity_id for m in moves})
            moved_rows = s.scalars(select(Opportunity).where(Opportunity.id.in_(ids))).all() if ids else []
            cards = {c.id: c for c in self._opportunities.cards_of(s, [*moved_rows, *stale_rows])}
            outside = self._opportunities.outside_in(s, start, end)
        moved = tuple((cards[str(m.opportunity_id)], m.from_value, m.to_value) for m in moves)
        won = tuple(c for c, _, to in moved if to == "successful")
        lost = tuple(
            (c, note)
            for (c, _, to), m in zip(moved, moves, strict=True)
            if to == "cancelled"
            for note in [m.note]
        )
        stale = tuple(
            (cards[str(o.id)], (end - (o.last_contact_at or o.created_at)).days) for o in stale_rows
        )
        board = self._opportunities.board(actor, BoardQuery(), limit=0)
        pipeline = tuple(
            Column(c.stage, (), c.count, c.total_halalas, c.weighted_halalas) for c in board.columns
        )
        return WeeklyReport(
            label, sunday, sunday + timedelta(days=6), moved, won, lost, stale, pipeline, days, tuple(outside)
        )
