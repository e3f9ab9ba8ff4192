"""Opportunities (خلق الفرص): a programme of the portfolio, its potential donors, and the
way to their funding, one recorded step at a time."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.clients.directory import client_by_number
from app.errors import NotFound, UserError
from app.i18n import N_
from app.persistence.base import utcnow
from app.persistence.db import Database
from app.persistence.models import Client, Opportunity, OpportunityDonor, OpportunityEvent, Programme, User
from app.persistence.numbering import next_number
from app.persistence.search import name_key
from app.pipeline.records import (
    CONTACT_KINDS,
    OPEN_STAGES,
    STAGES,
    Board,
    BoardQuery,
    Card,
    Column,
    ContactResult,
    DonorRef,
    OpportunityDetail,
    TimelineEntry,
)
from app.pipeline.rules import check_amount, check_move, check_probability
from app.services.audit import register_labels
from app.services.context import Actor, require
from app.services.roles import Permission
from app.services.settings import SettingsService
from app.surveys.programmes import programme_row

BOARD_LIMIT = 200  # cards drawn per column; counts and totals cover every match
MAX_TEXT = 2000

register_labels(
    "opportunities",
    N_("Opportunity"),
    {
        "number": N_("Opportunity number"),
        "programme_id": N_("Programme"),
        "title": N_("Title"),
        "stage": N_("Stage"),
        "expected_halalas": N_("Expected amount"),
        "probability": N_("Probability"),
        "success_factors": N_("Success factors"),
        "factors": N_("Success factors"),
        "next_action": N_("Next action"),
        "next_action_on": N_("Next action date"),
        "owner": N_("Owner"),
        "committed_on": N_("Committed on"),
        "received_halalas": N_("Amount received"),
        "received_on": N_("Received on"),
        "cancel_reason": N_("Reason for cancelling"),
        "notes": N_("Notes"),
    },
    viewers=Permission.OPPORTUNITIES_MANAGE,
)


def _local_today() -> date:
    return datetime.now().astimezone().date()


def _clean(text: str, field: str) -> str:
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise UserError(
            "text-long", "The text is longer than {limit} characters.", field=field, limit=MAX_TEXT
        )
    return text


def opportunity_row(s: Session, ref: str) -> Opportunity:
    """A live opportunity by number (any case) or id."""
    text = ref.strip()
    try:
        row = s.get(Opportunity, uuid.UUID(text))
    except ValueError:
        row = s.scalar(select(Opportunity).where(func.upper(Opportunity.number) == text.upper()))
    if row is None or row.deleted_at is not None:
        raise NotFound(
            "unknown-opportunity", "There is no opportunity “{ref}”.", field="opportunity", ref=ref
        )
    return row


class OpportunityService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    # -- writing ---------------------------------------------------------------------------------

    def add(
        self,
        actor: Actor,
        programme: str,
        donors: Sequence[str],
        *,
        expected_halalas: int = 0,
        probability: int = 10,
        owner: str = "",
        next_action: str = "",
        next_action_on: date | None = None,
        factors: Sequence[str] = (),
        success_factors: str = "",
        title: str = "",
        notes: str = "",
    ) -> OpportunityDetail:
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        check_amount(expected_halalas)
        check_probability(probability)
        if not donors:
            raise UserError("opportunity-donor", "Choose at least one potential donor.", field="donors")
        now = utcnow()
        with self._db.begin(actor.writer) as s:
            p = programme_row(s, programme)
            people = [self._donor(s, n) for n in dict.fromkeys(donors)]
            owner_name = self._owner(s, owner or actor.name)
            site = s.info["site_code"] or "HQ"
            o = Opportunity(
                number=next_number(s, "OP", site, width=5),
                programme_id=p.id,
                title=" ".join(title.split()) or p.name,
                expected_halalas=expected_halalas,
                probability=probability,
                owner=owner_name,
                next_action=_clean(next_action, "next_action"),
                next_action_on=next_action_on,
                factors=",".join(self._factors(factors)),
                success_factors=_clean(success_factors, "success_factors"),
                notes=_clean(notes, "notes"),
                stage="identified",
                stage_changed_at=now,
            )
            s.add(o)
            s.flush()
            for c in people:
                s.add(OpportunityDonor(opportunity_id=o.id, client_id=c.id))
            s.add(
                OpportunityEvent(
                    opportunity_id=o.id, at=now, user_name=actor.name, kind="created", to_value="identified"
                )
            )
            s.flush()
            return self._detail(s, o)

    def update(
        self,
        actor: Actor,
        ref: str,
        *,
        expected_halalas: int | None = None,
        probability: int | None = None,
        next_action: str | None = None,
        next_action_on: date | bool | None = False,
        owner: str | None = None,
        factors: Sequence[str] | None = None,
        success_factors: str | None = None,
        notes: str | None = None,
        title: str | None = None,
    ) -> OpportunityDetail:
        """Change the opportunity's fields; probability and amount changes go on the timeline.

        ``next_action_on`` False leaves the date; None clears it.
        """
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        now = utcnow()
        with self._db.begin(actor.writer) as s:
            o = opportunity_row(s, ref)
            if probability is not None and check_probability(probability) != o.probability:
                s.add(
                    OpportunityEvent(
                        opportunity_id=o.id,
                        at=now,
                        user_name=actor.name,
                        kind="probability",
                        from_value=str(o.probability),
                        to_value=str(probability),
                    )
                )
                o.probability = probability
            if expected_halalas is not None and check_amount(expected_halalas) != o.expected_halalas:
                s.add(
                    OpportunityEvent(
                        opportunity_id=o.id,
                        at=now,
                        user_name=actor.name,
                        kind="amount",
                        from_value=str(o.expected_halalas),
                        to_value=str(expected_halalas),
                    )
                )
                o.expected_halalas = expected_halalas
            if next_action is not None:
                o.next_action = _clean(next_action, "next_action")
            if next_action_on is not False:
                o.next_action_on = next_action_on if isinstance(next_action_on, date) else None
            if owner is not None:
                o.owner = self._owner(s, owner)
            if factors is not None:
                o.factors = ",".join(self._factors(factors))
            if success_factors is not None:
                o.success_factors = _clean(success_factors, "success_factors")
            if notes is not None:
                o.notes = _clean(notes, "notes")
            if title is not None and title.strip():
                o.title = " ".join(title.split())
            s.flush()
            return self._detail(s, o)

    def move(
        self,
        actor: Actor,
        ref: str,
        to: str,
        *,
        reason: str = "",
        received_halalas: int | None = None,
        received_on: date | None = None,
        note: str = "",
    ) -> Card:
        """Move to another stage under :func:`app.pipeline.rules.check_move`; refused moves change nothing."""
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        now = utcnow()
        with self._db.begin(actor.writer) as s:
            o = opportunity_row(s, ref)
            check_move(o.stage, to, reason=reason, received_halalas=received_halalas, received_on=received_on)
            s.add(
                OpportunityEvent(
                    opportunity_id=o.id,
                    at=now,
                    user_name=actor.name,
                    kind="stage",
                    from_value=o.stage,
                    to_value=to,
                    note=_clean(reason or note, "reason"),
                )
            )
            o.stage, o.stage_changed_at = to, now
            if to == "closed" and o.committed_on is None:
                o.committed_on = _local_today()
            if to == "successful":
                o.received_halalas, o.received_on, o.probability = received_halalas, received_on, 100
            if to == "cancelled":
                o.cancel_reason = reason.strip()
            s.flush()
            return self.cards_of(s, [o])[0]

    def log_contact(
        self, actor: Actor, ref: str, donor: str, kind: str, note: str, at: datetime | None = None
    ) -> ContactResult:
        """Record a call, meeting, letter or visit. Contacting a donor whose relationship owner is
        someone else is recorded as such: the relations manager sees it (seed 000 §4.1.21)."""
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        if kind not in CONTACT_KINDS:
            raise UserError(
                "contact-kind", "“{value}” is not a kind of contact.", field="contact", value=kind
            )
        if not note.strip():
            raise UserError("contact-note", "Write a short note of the contact.", field="note")
        when = at or utcnow()
        with self._db.begin(actor.writer) as s:
            o = opportunity_row(s, ref)
            c = client_by_number(s, donor)
            if (
                s.scalar(
                    select(OpportunityDonor.id).where(
                        OpportunityDonor.opportunity_id == o.id,
                        OpportunityDonor.client_id == c.id,
                        OpportunityDonor.deleted_at.is_(None),
                    )
                )
                is None
            ):
                raise UserError(
                    "contact-donor", "{name} is not a donor of this opportunity.", field="donor", name=c.name
                )
            outside = bool(c.owner) and c.owner != actor.name
            e = OpportunityEvent(
                opportunity_id=o.id,
                at=when,
                user_name=actor.name,
                kind="contact",
                contact=kind,
                client_id=c.id,
                note=_clean(note, "note"),
                outside_owner=outside,
            )
            s.add(e)
            if o.last_contact_at is None or when > o.last_contact_at:
                o.last_contact_at = when
            s.flush()
            return ContactResult(self._entry(e, {c.id: (c.number, c.name)}), outside)

    def add_donor(self, actor: Actor, ref: str, donor: str) -> OpportunityDetail:
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        with self._db.begin(actor.writer) as s:
            o = opportunity_row(s, ref)
            c = self._donor(s, donor)
            linked = s.scalar(
                select(OpportunityDonor).where(
                    OpportunityDonor.opportunity_id == o.id, OpportunityDonor.client_id == c.id
                )
            )
            if linked is None:
                s.add(OpportunityDonor(opportunity_id=o.id, client_id=c.id))
            elif linked.deleted_at is not None:
                linked.deleted_at = None
            s.flush()
            return self._detail(s, o)

    def remove_donor(self, actor: Actor, ref: str, donor: str) -> OpportunityDetail:
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        with self._db.begin(actor.writer) as s:
            o = opportunity_row(s, ref)
            c = client_by_number(s, donor)
            live = s.scalars(
                select(OpportunityDonor).where(
                    OpportunityDonor.opportunity_id == o.id, OpportunityDonor.deleted_at.is_(None)
                )
            ).all()
            if len(live) <= 1:
                raise UserError("opportunity-donor", "Choose at least one potential donor.", field="donors")
            for link in live:
                if link.client_id == c.id:
                    link.deleted_at = utcnow()
            s.flush()
            return self._detail(s, o)

    # -- reading ---------------------------------------------------------------------------------

    def get(self, actor: Actor, ref: str) -> OpportunityDetail:
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        with self._db.session() as s:
            return self._detail(s, opportunity_row(s, ref))

    def board(self, actor: Actor, q: BoardQuery, limit: int = BOARD_LIMIT) -> Board:
        """A column per stage: its first cards by next action date, its count and totals."""
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        with self._db.session() as s:
            cond = self._conditions(s, q)
            totals = {
                stage: (int(n), int(t or 0), int(w or 0))
                for stage, n, t, w in s.execute(
                    select(
                        Opportunity.stage,
                        func.count(),
                        func.sum(Opportunity.expected_halalas),
                        func.sum(Opportunity.expected_halalas * Opportunity.probability // 100),
                    )
                    .select_from(Opportunity)
                    .join(Programme, Programme.id == Opportunity.programme_id)
                    .where(*cond)
                    .group_by(Opportunity.stage)
                )
            }
            shown = [stage for stage in STAGES if stage in q.stages]
            rows = {
                stage: s.scalars(
                    self._ordered(
                        select(Opportunity)
                        .join(Programme, Programme.id == Opportunity.programme_id)
                        .where(*cond, Opportunity.stage == stage)
                    ).limit(limit)
                ).all()
                for stage in shown
            }
            # One pass for every column's cards: programmes, donors and user names read once.
            cards = iter(self.cards_of(s, [o for stage in shown for o in rows[stage]]))
            columns = []
            for stage in shown:
                n, total, weighted = totals.get(stage, (0, 0, 0))
                columns.append(Column(stage, tuple(next(cards) for _ in rows[stage]), n, total, weighted))
            return Board(tuple(columns))

    def count(self, actor: Actor, q: BoardQuery) -> int:
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        with self._db.session() as s:
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(Opportunity)
                    .join(Programme, Programme.id == Opportunity.programme_id)
                    .where(*self._conditions(s, q))
                )
                or 0
            )

    def cards(self, actor: Actor, q: BoardQuery, offset: int = 0, limit: int = 500) -> builtins.list[Card]:
        """The list view: every matching opportunity, by stage then next action date."""
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        with self._db.session() as s:
            stage_order = case({stage: n for n, stage in enumerate(STAGES)}, value=Opportunity.stage)
            rows = s.scalars(
                self._ordered(
                    select(Opportunity)
                    .join(Programme, Programme.id == Opportunity.programme_id)
                    .where(*self._conditions(s, q)),
                    stage_order,
                )
                .offset(offset)
                .limit(limit)
            ).all()
            return self.cards_of(s, rows)

    def iter_cards(self, actor: Actor, q: BoardQuery, batch: int = 2000) -> Iterator[Card]:
        offset = 0
        while True:
            chunk = self.cards(actor, q, offset, batch)
            yield from chunk
            if len(chunk) < batch:
                return
            offset += batch

    def owners(self, actor: Actor) -> builtins.list[tuple[str, str]]:
        """(user name, full name) of the people who may own opportunities."""
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        with self._db.session() as s:
            rows = s.execute(
                select(User.name, User.full_name, User.role)
                .where(User.active.is_(True), User.deleted_at.is_(None))
                .order_by(User.full_name)
            ).all()
        from app.services.roles import permissions_of

        return [(n, f or n) for n, f, role in rows if Permission.OPPORTUNITIES_MANAGE in permissions_of(role)]

    def outside_contacts(
        self, actor: Actor, since: datetime | None = None, until: datetime | None = None
    ) -> builtins.list[tuple[str, TimelineEntry]]:
        """Contacts with a donor by someone other than the donor's relationship owner: the relations
        manager's view of the one-point-of-contact rule."""
        require(actor, Permission.CLIENTS_APPROVE)
        with self._db.session() as s:
            return self.outside_in(s, since, until)

    # -- helpers ---------------------------------------------------------------------------------

    def outside_in(
        self, s: Session, since: datetime | None, until: datetime | None
    ) -> builtins.list[tuple[str, TimelineEntry]]:
        stmt = (
            select(OpportunityEvent, Opportunity.number)
            .join(Opportunity, Opportunity.id == OpportunityEvent.opportunity_id)
            .where(OpportunityEvent.kind == "contact", OpportunityEvent.outside_owner.is_(True))
        )
        if since:
            stmt = stmt.where(OpportunityEvent.at >= since)
        if until:
            stmt = stmt.where(OpportunityEvent.at < until)
        rows = s.execute(stmt.order_by(OpportunityEvent.at.desc()).limit(500)).all()
        people = self._people(s, {e.client_id for e, _ in rows if e.client_id})
        return [(number, self._entry(e, people)) for e, number in rows]

    def _conditions(self, s: Session, q: BoardQuery) -> builtins.list[ColumnElement[bool]]:
        cond: list[ColumnElement[bool]] = [Opportunity.deleted_at.is_(None)]
        if set(q.stages) != set(STAGES):
            cond.append(Opportunity.stage.in_(q.stages))
        if q.owner:
            cond.append(Opportunity.owner == q.owner)
        if q.programme:
            cond.append(Opportunity.programme_id == programme_row(s, q.programme).id)
        if q.centre:
            cond.append(Programme.centre == q.centre)
        if q.since or q.until:
            start = datetime.combine(q.since or date.min, time.min, UTC) if q.since else None
            end = datetime.combine(q.until + timedelta(days=1), time.min, UTC) if q.until else None
            on_action = and_(
                *([Opportunity.next_action_on >= q.since] if q.since else []),
                *([Opportunity.next_action_on <= q.until] if q.until else []),
            )
            on_change = and_(
                *([Opportunity.stage_changed_at >= start] if start else []),
                *([Opportunity.stage_changed_at < end] if end else []),
            )
            cond.append(or_(on_action, on_change))
        if q.text.strip():
            key = name_key(q.text)
            number = q.text.strip().upper()
            donor_match = (
                select(OpportunityDonor.opportunity_id)
                .join(Client, Client.id == OpportunityDonor.client_id)
                .where(or_(Client.name_key.contains(key), func.upper(Client.number) == number))
            )
            cond.append(
                or_(
                    Programme.name_key.contains(key),
                    func.upper(Opportunity.number) == number,
                    Opportunity.id.in_(donor_match),
                )
            )
        return cond

    @staticmethod
    def _ordered(stmt: Select[Any], *first: Any) -> Select[Any]:
        # Opportunities without a next action come last; then the oldest stage change first.
        return stmt.order_by(
            *first,
            Opportunity.next_action_on.is_(None),
            Opportunity.next_action_on,
            Opportunity.stage_changed_at,
            Opportunity.number,
        )

    @staticmethod
    def _donor(s: Session, number: str) -> Client:
        c = client_by_number(s, number)
        if "donor" not in (c.kinds or "").split(","):
            raise UserError(
                "not-a-donor", "{name} is not registered as a donor.", field="donors", name=c.name
            )
        return c

    @staticmethod
    def _owner(s: Session, name: str) -> str:
        user = s.scalar(select(User).where(User.name == name.strip().lower(), User.deleted_at.is_(None)))
        if user is None or not user.active:
            raise UserError("opportunity-owner", "Choose who owns the opportunity.", field="owner")
        return user.name

    def _factors(self, factors: Sequence[str]) -> builtins.list[str]:
        known = {f["id"] for f in self._settings.get("opportunity_factors")}
        for f in factors:
            if f not in known:
                raise UserError(
                    "opportunity-factor",
                    "“{value}” is not one of the success factors in the settings.",
                    field="factors",
                    value=f,
                )
        return list(dict.fromkeys(factors))

    @staticmethod
    def _people(s: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
        if not ids:
            return {}
        return {
            i: (n, name)
            for i, n, name in s.execute(
                select(Client.id, Client.number, Client.name).where(Client.id.in_(ids))
            )
        }

    def cards_of(self, s: Session, rows: Sequence[Opportunity]) -> builtins.list[Card]:
        if not rows:
            return []
        ids = [o.id for o in rows]
        programmes = {
            p.id: p
            for p in s.scalars(select(Programme).where(Programme.id.in_({o.programme_id for o in rows})))
        }
        donors: dict[uuid.UUID, list[DonorRef]] = {}
        for opp_id, number, name, owner in s.execute(
            select(OpportunityDonor.opportunity_id, Client.number, Client.name, Client.owner)
            .join(Client, Client.id == OpportunityDonor.client_id)
            .where(OpportunityDonor.opportunity_id.in_(ids), OpportunityDonor.deleted_at.is_(None))
            .order_by(Client.name)
        ):
            donors.setdefault(opp_id, []).append(DonorRef(number, name, owner or ""))
        names = self._user_names(s)
        today = _local_today()
        cards = []
        for o in rows:
            p = programmes[o.programme_id]
            refs = tuple(
                DonorRef(d.number, d.name, d.owner, names.get(d.owner, d.owner)) for d in donors.get(o.id, ())
            )
            cards.append(
                Card(
                    str(o.id),
                    o.number,
                    p.number,
                    p.name,
                    p.kind,
                    p.centre,
                    refs,
                    o.expected_halalas,
                    o.probability,
                    o.stage,
                    o.next_action,
                    o.next_action_on,
                    o.owner,
                    names.get(o.owner, o.owner),
                    o.last_contact_at,
                    o.stage_changed_at,
                    o.stage in OPEN_STAGES and o.next_action_on is not None and o.next_action_on < today,
                )
            )
        return cards

    @staticmethod
    def _user_names(s: Session) -> dict[str, str]:
        return {n: f or n for n, f in s.execute(select(User.name, User.full_name))}

    def _detail(self, s: Session, o: Opportunity) -> OpportunityDetail:
        events = s.scalars(
            select(OpportunityEvent)
            .where(OpportunityEvent.opportunity_id == o.id, OpportunityEvent.deleted_at.is_(None))
            .order_by(OpportunityEvent.at, OpportunityEvent.created_at)
        ).all()
        people = self._people(s, {e.client_id for e in events if e.client_id})
        return OpportunityDetail(
            self.cards_of(s, [o])[0],
            o.title,
            o.success_factors,
            tuple(f for f in o.factors.split(",") if f),
            o.committed_on,
            o.received_halalas,
            o.received_on,
            o.cancel_reason,
            o.notes,
            tuple(self._entry(e, people) for e in events),
        )

    @staticmethod
    def _entry(e: OpportunityEvent, people: dict[uuid.UUID, tuple[str, str]]) -> TimelineEntry:
        donor = ""
        if e.client_id and e.client_id in people:
            number, name = people[e.client_id]
            donor = f"{name} – {number}"
        return TimelineEntry(
            e.at, e.user_name, e.kind, e.from_value, e.to_value, e.contact, donor, e.note, e.outside_owner
        )
