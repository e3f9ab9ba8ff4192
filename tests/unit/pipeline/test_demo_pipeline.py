"""``sila demo`` at the smallest scale: opportunities in every stage with their histories, donors'
interests, and this year's campaign plan."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import func, select

from app.demo.loader import load_demo
from app.persistence.base import utcnow
from app.persistence.models import DonorInterest, OpportunityEvent
from app.pipeline.demo import PER_SCALE, PLANS
from app.pipeline.records import CAMPAIGN_STATES, STAGES, BoardQuery
from app.pipeline.weekly import week_of
from app.services.app_services import AppServices
from app.services.context import Actor


def test_the_demo_fills_the_pipeline_and_the_plan(services: AppServices, admin: Actor) -> None:
    started = time.perf_counter()
    result = load_demo(services, 1, admin)
    assert result.counts["Opportunities"] == PER_SCALE
    assert result.counts["Marketing campaigns"] == len(PLANS)
    assert time.perf_counter() - started < 120

    manager = services.users.login("manager", "sila-demo")
    ops = services.opportunities
    board = ops.board(manager, BoardQuery())
    counts = {c.stage: c.count for c in board.columns}
    assert sum(counts.values()) == PER_SCALE
    assert all(counts[stage] >= 1 for stage in STAGES), counts
    assert counts["identified"] > counts["successful"]
    cards = ops.cards(manager, BoardQuery(), 0, 1000)
    amounts = [c.expected_halalas for c in cards]
    assert min(amounts) >= 10_000 * 100 and max(amounts) <= 2_000_000 * 100
    assert len(set(amounts)) > PER_SCALE // 2
    open_cards = [c for c in cards if c.stage in ("identified", "follow_up", "closed")]
    assert all(c.next_action and c.next_action_on for c in open_cards)
    assert any(c.overdue for c in open_cards) and not all(c.overdue for c in open_cards)
    for c in cards:
        low, high = {"identified": (10, 25), "follow_up": (30, 60), "closed": (70, 90),
                     "successful": (100, 100), "cancelled": (0, 100)}[c.stage]
        assert low <= c.probability <= high, c
    owners = Counter(c.owner == c.donors[0].owner for c in cards)
    assert owners[True] > 2 * owners[False]

    # Histories: created, the stage path, contacts of several kinds with Arabic notes.
    won = next(c for c in cards if c.stage == "successful")
    detail = ops.get(manager, won.number)
    assert [(e.from_value, e.to_value) for e in detail.timeline if e.kind == "stage"] == [
        ("identified", "follow_up"), ("follow_up", "closed"), ("closed", "successful")]
    assert detail.received_halalas and detail.received_on and detail.committed_on
    times = [e.at for e in detail.timeline]
    assert times == sorted(times) and times[-1] <= detail.card.stage_changed_at + timedelta(days=365)
    lost = ops.get(manager, next(c for c in cards if c.stage == "cancelled").number)
    assert lost.cancel_reason and lost.timeline[-1].kind in ("stage", "contact", "probability")
    with services.db.session() as s:
        kinds = {k: int(n) for k, n in s.execute(select(OpportunityEvent.contact, func.count())
                                                 .where(OpportunityEvent.kind == "contact")
                                                 .group_by(OpportunityEvent.contact))}
        outside = s.scalar(select(func.count()).where(OpportunityEvent.outside_owner.is_(True)))
        interests = s.scalar(select(func.count(func.distinct(DonorInterest.client_id))))
        latest = s.scalar(select(func.max(OpportunityEvent.at)))
    assert {"call", "meeting", "letter", "visit"} <= set(kinds)
    assert outside and outside < sum(kinds.values()) / 4
    assert interests and interests > 5
    assert latest is not None and latest <= utcnow()
    assert ops.outside_contacts(manager)

    # The weekly report of this week or the last has moves, wins or losses, and some stale ones.
    reports = [services.weekly_reports.build(manager, week_of(date.today() - timedelta(days=d)))
               for d in (0, 7)]
    assert sum(len(r.moved) for r in reports) >= 3
    assert any(r.stale for r in reports)

    # The campaign plan: the year's campaigns in several states, evaluated ones with their results.
    plan = services.campaigns.list(manager, date.today().year)
    assert len(plan) == len(PLANS)
    states = {c.state for c in plan}
    assert "cancelled" in states and len(states) >= 4
    assert all(c.budget_halalas > 0 and c.channels for c in plan)
    for c in plan:
        info = services.campaigns.get(manager, c.number)
        assert [s.to_state for s in info.steps if s.to_state != "cancelled"] == \
            list(CAMPAIGN_STATES[:len([s for s in info.steps if s.to_state != "cancelled"])])
        if c.state == "evaluated":
            assert info.evaluation and info.reach and info.actual_cost_halalas and info.donations_halalas
        if CAMPAIGN_STATES.index(c.state) >= 4 if c.state != "cancelled" else False:
            assert info.proposals
