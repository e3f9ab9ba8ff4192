"""Donors' interests (seed 000 §4.1.12): which kinds of programme each donor likes to fund,
and the donors a programme should be offered to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from app.clients.directory import client_by_number
from app.errors import UserError
from app.i18n import N_
from app.persistence.base import utcnow
from app.persistence.db import Database
from app.persistence.models import Client, Contribution, DonorInterest, Opportunity, OpportunityDonor, User
from app.pipeline.records import OPEN_STAGES
from app.services.audit import register_labels
from app.services.context import Actor, require
from app.services.roles import Permission
from app.services.settings import SettingsService
from app.surveys.programmes import programme_row

register_labels(
    "donor_interests",
    N_("Donor interest"),
    {"client_id": N_("Donor"), "kind": N_("Programme kind")},
    viewers=Permission.OPPORTUNITIES_MANAGE,
)


@dataclass(frozen=True)
class DonorSuggestion:
    number: str
    name: str
    owner: str
    owner_name: str
    interests: tuple[str, ...]  # programme kinds
    given_halalas: int  # donations recorded so far, all programmes


class DonorInterests:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def of(self, actor: Actor, donor: str) -> tuple[str, ...]:
        require(actor, Permission.CLIENTS_VIEW)
        with self._db.session() as s:
            c = client_by_number(s, donor)
            return tuple(
                s.scalars(
                    select(DonorInterest.kind)
                    .where(DonorInterest.client_id == c.id, DonorInterest.deleted_at.is_(None))
                    .order_by(DonorInterest.kind)
                )
            )

    def set(self, actor: Actor, donor: str, kinds: Sequence[str]) -> tuple[str, ...]:
        """Replace the donor's interests with ``kinds`` (programme_kinds ids); each change is audited."""
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        known = {k["id"] for k in self._settings.get("programme_kinds")}
        for kind in kinds:
            if kind not in known:
                raise UserError(
                    "programme-kind",
                    "“{value}” is not one of the programme kinds in the settings.",
                    field="kinds",
                    value=kind,
                )
        wanted = set(kinds)
        with self._db.begin(actor.writer) as s:
            c = client_by_number(s, donor)
            if "donor" not in (c.kinds or "").split(","):
                raise UserError(
                    "not-a-donor", "{name} is not registered as a donor.", field="donor", name=c.name
                )
            rows = {
                r.kind: r for r in s.scalars(select(DonorInterest).where(DonorInterest.client_id == c.id))
            }
            for kind, row in rows.items():
                if kind not in wanted and row.deleted_at is None:
                    row.deleted_at = utcnow()
                elif kind in wanted and row.deleted_at is not None:
                    row.deleted_at = None
            for kind in wanted - set(rows):
                s.add(DonorInterest(client_id=c.id, kind=kind))
            s.flush()
        return tuple(sorted(wanted))

    def suggest(self, actor: Actor, programme: str, limit: int = 50) -> list[DonorSuggestion]:
        """Donors interested in the programme's kind who are not already approached for it in an
        open opportunity, the most generous first."""
        require(actor, Permission.OPPORTUNITIES_MANAGE)
        with self._db.session() as s:
            p = programme_row(s, programme)
            if not p.kind:
                return []
            approached = (
                select(OpportunityDonor.client_id)
                .join(Opportunity, Opportunity.id == OpportunityDonor.opportunity_id)
                .where(
                    Opportunity.programme_id == p.id,
                    Opportunity.stage.in_(OPEN_STAGES),
                    Opportunity.deleted_at.is_(None),
                    OpportunityDonor.deleted_at.is_(None),
                )
            )
            given = (
                select(func.coalesce(func.sum(Contribution.amount_halalas), 0))
                .where(
                    Contribution.client_id == Client.id,
                    Contribution.kind == "donation",
                    Contribution.deleted_at.is_(None),
                )
                .scalar_subquery()
            )
            rows = s.execute(
                select(Client.id, Client.number, Client.name, Client.owner, given.label("given"))
                .join(DonorInterest, DonorInterest.client_id == Client.id)
                .where(
                    DonorInterest.kind == p.kind,
                    DonorInterest.deleted_at.is_(None),
                    Client.deleted_at.is_(None),
                    Client.id.not_in(approached),
                )
                .order_by(given.desc(), Client.name)
                .limit(limit)
            ).all()
            interests: dict[object, list[str]] = {}
            for client_id, kind in s.execute(
                select(DonorInterest.client_id, DonorInterest.kind).where(
                    DonorInterest.client_id.in_([r.id for r in rows]), DonorInterest.deleted_at.is_(None)
                )
            ):
                interests.setdefault(client_id, []).append(kind)
            names = {n: f or n for n, f in s.execute(select(User.name, User.full_name))}
            return [
                DonorSuggestion(
                    r.number,
                    r.name,
                    r.owner or "",
                    names.get(r.owner or "", r.owner or ""),
                    tuple(sorted(interests.get(r.id, ()))),
                    int(r.given or 0),
                )
                for r in rows
            ]
