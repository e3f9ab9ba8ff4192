"""Marketing campaigns (الحملات التسويقية): the annual plan, and each campaign through the
procedure of seed 000 §4.1.8, every step with who and when.

States, in order: planned → channels chosen → approved by management → proposals
requested → proposals received → programme approved → launched → evaluated.
A campaign moves one step forward at a time; it may be cancelled, with a reason,
before it is evaluated.
"""

from __future__ import annotations

import builtins
import hashlib
import shutil
import uuid
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.i18n import N_, _
from app.persistence.base import utcnow
from app.persistence.db import Database
from app.persistence.models import Campaign, CampaignEvent, CampaignProposal, Programme
from app.persistence.numbering import next_number
from app.pipeline.records import CAMPAIGN_STATES, CampaignInfo, CampaignStep, ProposalInfo
from app.pipeline.rules import MAX_AMOUNT
from app.services.audit import register_labels
from app.services.context import Actor, require
from app.services.roles import Permission
from app.services.settings import SettingsService
from app.surveys.programmes import programme_row

CAMPAIGN_STATE_LABELS = {
    "planned": N_("Planned"),
    "channels_chosen": N_("Channels chosen"),
    "approved": N_("Approved by management"),
    "proposals_requested": N_("Proposals requested"),
    "proposals_received": N_("Proposals received"),
    "programme_approved": N_("Advertising programme approved"),
    "launched": N_("Launched"),
    "evaluated": N_("Evaluated"),
    "cancelled": N_("Cancelled"),
}
_EDITABLE = (
    "name",
    "objective",
    "segment",
    "cities",
    "neighbourhoods",
    "channels",
    "planned_start",
    "planned_end",
    "budget_halalas",
    "agency",
    "programme",
    "year",
)
_RESULTS = (
    "actual_cost_halalas",
    "reach",
    "responses",
    "donations_halalas",
    "new_beneficiaries",
    "evaluation",
)

register_labels(
    "campaigns",
    N_("Campaign"),
    {
        "number": N_("Campaign number"),
        "year": N_("Year"),
        "name": N_("Name"),
        "objective": N_("Objective"),
        "segment": N_("Target segment"),
        "cities": N_("Cities"),
        "neighbourhoods": N_("Neighbourhoods"),
        "channels": N_("Channels"),
        "planned_start": N_("Planned start"),
        "planned_end": N_("Planned end"),
        "budget_halalas": N_("Estimated budget"),
        "agency": N_("Agency"),
        "programme_id": N_("Programme"),
        "state": N_("State"),
        "actual_cost_halalas": N_("Actual cost"),
        "reach": N_("Reach"),
        "responses": N_("Responses"),
        "donations_halalas": N_("Donations attributed"),
        "new_beneficiaries": N_("New beneficiaries"),
        "evaluation": N_("Evaluation"),
        "cancel_reason": N_("Reason for cancelling"),
    },
    viewers=Permission.CAMPAIGNS_MANAGE,
)


def campaign_row(s: Session, ref: str) -> Campaign:
    text = ref.strip()
    try:
        row = s.get(Campaign, uuid.UUID(text))
    except ValueError:
        row = s.scalar(select(Campaign).where(Campaign.number == text.upper()))
    if row is None or row.deleted_at is not None:
        raise NotFound("unknown-campaign", "There is no campaign “{ref}”.", field="campaign", ref=ref)
    return row


def _words(values: Sequence[str] | str) -> list[str]:
    items = values.split(",") if isinstance(values, str) else list(values)
    return list(dict.fromkeys(" ".join(v.split()) for v in items if v.strip()))


def _count(value: int | None, field: str) -> int | None:
    if value is not None and value < 0:
        raise UserError("campaign-number", "A count or amount cannot be negative.", field=field)
    return value


def _money(value: int | None, field: str) -> int | None:
    if value is not None and not 0 <= value <= MAX_AMOUNT:
        raise UserError("campaign-amount", "Write an amount in riyals.", field=field)
    return value


class CampaignService:
    def __init__(self, db: Database, settings: SettingsService, attachments: Path | None = None) -> None:
        self._db = db
        self._settings = settings
        self._attachments = attachments

    def add(
        self,
        actor: Actor,
        name: str,
        *,
        year: int | None = None,
        objective: str = "",
        segment: str = "",
        cities: Sequence[str] | str = (),
        neighbourhoods: Sequence[str] | str = (),
        channels: Sequence[str] = (),
        planned_start: date | None = None,
        planned_end: date | None = None,
        budget_halalas: int = 0,
        agency: str = "",
        programme: str = "",
    ) -> CampaignInfo:
        require(actor, Permission.CAMPAIGNS_MANAGE)
        now = utcnow()
        with self._db.begin(actor.writer) as s:
            values = self._clean(
                s,
                {
                    "name": name,
                    "year": year or (planned_start or now.date()).year,
                    "objective": objective,
                    "segment": segment,
                    "cities": cities,
                    "neighbourhoods": neighbourhoods,
                    "channels": channels,
                    "planned_start": planned_start,
                    "planned_end": planned_end,
                    "budget_halalas": budget_halalas,
                    "agency": agency,
                    "programme": programme,
                },
            )
            site = s.info["site_code"] or "HQ"
            c = Campaign(
                number=next_number(s, "CM", site, width=4), state="planned", state_changed_at=now, **values
            )
            s.add(c)
            s.flush()
            s.add(CampaignEvent(campaign_id=c.id, at=now, user_name=actor.name, to_state="planned"))
            s.flush()
            return self._info(s, c)

    def update(self, actor: Actor, ref: str, **changes: object) -> CampaignInfo:
        require(actor, Permission.CAMPAIGNS_MANAGE)
        unknown = set(changes) - set(_EDITABLE)
        if unknown:
            raise ValueError(f"not campaign fields: {sorted(unknown)}")
        with self._db.begin(actor.writer) as s:
            c = campaign_row(s, ref)
            current = {
                "name": c.name,
                "year": c.year,
                "objective": c.objective,
                "segment": c.segment,
                "cities": c.cities,
                "neighbourhoods": c.neighbourhoods,
                "channels": c.channels.split(",") if c.channels else [],
                "planned_start": c.planned_start,
                "planned_end": c.planned_end,
                "budget_halalas": c.budget_halalas,
                "agency": c.agency,
                "programme": str(c.programme_id) if c.programme_id else "",
            }
            for key, value in self._clean(s, {**current, **changes}).items():
                if getattr(c, key) != value:
                    setattr(c, key, value)
            s.flush()
            return self._info(s, c)

    def move(self, actor: Actor, ref: str, to: str, note: str = "", reason: str = "") -> CampaignInfo:
        """The next step of the procedure (or "cancelled" with a reason), recorded with who and when."""
        require(actor, Permission.CAMPAIGNS_MANAGE)
        if to not in (*CAMPAIGN_STATES, "cancelled"):
            raise UserError(
                "campaign-state",
                "“{value}” is not a step of the campaign procedure.",
                field="state",
                value=to,
            )
        now = utcnow()
        with self._db.begin(actor.writer) as s:
            c = campaign_row(s, ref)
            if c.state in ("evaluated", "cancelled"):
                raise UserError(
                    "campaign-final",
                    "An evaluated or cancelled campaign does not move any more.",
                    field="state",
                )
            if to == "cancelled":
                if not reason.strip():
                    raise UserError(
                        "cancel-reason-campaign", "Write why the campaign is cancelled.", field="reason"
                    )
                c.cancel_reason = reason.strip()
            else:
                expected = CAMPAIGN_STATES[CAMPAIGN_STATES.index(c.state) + 1]
                if to != expected:
                    raise UserError(
                        "campaign-step",
                        "The next step of this campaign is “{step}”.",
                        field="state",
                        step=_(CAMPAIGN_STATE_LABELS[expected]),
                    )
                self._check_step(s, c, to)
            s.add(
                CampaignEvent(
                    campaign_id=c.id,
                    at=now,
                    user_name=actor.name,
                    from_state=c.state,
                    to_state=to,
                    note=(reason or note).strip(),
                )
            )
            c.state, c.state_changed_at = to, now
            s.flush()
            return self._info(s, c)

    def add_proposal(
        self,
        actor: Actor,
        ref: str,
        agency: str,
        cost_halalas: int,
        received_on: date,
        attachment: Path | None = None,
        note: str = "",
    ) -> ProposalInfo:
        """An agency's proposal with its cost; the attached file is kept by content."""
        require(actor, Permission.CAMPAIGNS_MANAGE)
        agency = " ".join(agency.split())
        if not agency:
            raise UserError("proposal-agency", "Write the agency's name.", field="agency")
        _money(cost_halalas, "cost")
        digest, file_name = "", ""
        if attachment is not None:
            if not attachment.is_file():
                raise UserError(
                    "proposal-file",
                    "The file {path} does not exist.",
                    field="attachment",
                    path=str(attachment),
                )
            digest = hashlib.sha256(attachment.read_bytes()).hexdigest()
            file_name = attachment.name
            if self._attachments is not None:
                target = self._attachments / digest[:2] / digest
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(attachment, target)
        with self._db.begin(actor.writer) as s:
            c = campaign_row(s, ref)
            if c.state not in ("proposals_requested", "proposals_received"):
                raise UserError(
                    "proposal-state", "Proposals are recorded once they have been requested.", field="state"
                )
            p = CampaignProposal(
                campaign_id=c.id,
                agency=agency,
                cost_halalas=cost_halalas,
                received_on=received_on,
                file_name=file_name,
                sha256=digest,
                note=note.strip(),
            )
            s.add(p)
            s.flush()
            return _proposal(p)

    def choose_proposal(self, actor: Actor, proposal_id: str) -> CampaignInfo:
        """The proposal the association goes with: its agency becomes the campaign's."""
        require(actor, Permission.CAMPAIGNS_MANAGE)
        with self._db.begin(actor.writer) as s:
            p = s.get(CampaignProposal, uuid.UUID(proposal_id))
            if p is None or p.deleted_at is not None:
                raise NotFound("unknown-proposal", "That proposal no longer exists.")
            for other in s.scalars(
                select(CampaignProposal).where(CampaignProposal.campaign_id == p.campaign_id)
            ):
                if other.chosen != (other.id == p.id):
                    other.chosen = other.id == p.id
            c = s.get(Campaign, p.campaign_id)
            assert c is not None
            c.agency = p.agency
            s.flush()
            return self._info(s, c)

    def record_results(self, actor: Actor, ref: str, **results: object) -> CampaignInfo:
        """Actual cost and the evaluation against the objective: reach, responses, donations
        attributed, new beneficiaries, and the evaluation in words."""
        require(actor, Permission.CAMPAIGNS_MANAGE)
        unknown = set(results) - set(_RESULTS)
        if unknown:
            raise ValueError(f"not campaign results: {sorted(unknown)}")
        with self._db.begin(actor.writer) as s:
            c = campaign_row(s, ref)
            for key, value in results.items():
                if key == "evaluation":
                    value = str(value or "").strip()
                elif key.endswith("_halalas"):
                    value = _money(value if value is None else int(str(value)), key)
                else:
                    value = _count(value if value is None else int(str(value)), key)
                if getattr(c, key) != value:
                    setattr(c, key, value)
            s.flush()
            return self._info(s, c)

    def get(self, actor: Actor, ref: str) -> CampaignInfo:
        require(actor, Permission.CAMPAIGNS_MANAGE)
        with self._db.session() as s:
            return self._info(s, campaign_row(s, ref))

    def list(self, actor: Actor, year: int | None = None, state: str = "") -> builtins.list[CampaignInfo]:
        """The annual plan: the year's campaigns by planned start."""
        require(actor, Permission.CAMPAIGNS_MANAGE)
        with self._db.session() as s:
            stmt = select(Campaign).where(Campaign.deleted_at.is_(None))
            if year:
                stmt = stmt.where(Campaign.year == year)
            if state:
                stmt = stmt.where(Campaign.state == state)
            rows = s.scalars(
                stmt.order_by(
                    Campaign.year, Campaign.planned_start.is_(None), Campaign.planned_start, Campaign.number
                )
            ).all()
            return [self._info(s, c) for c in rows]

    def proposal_path(self, sha256: str) -> Path | None:
        if self._attachments is None:
            return None
        path = self._attachments / sha256[:2] / sha256
        return path if path.exists() else None

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _check_step(s: Session, c: Campaign, to: str) -> None:
        if to == "channels_chosen" and not c.channels:
            raise UserError("campaign-channels", "Choose the campaign's channels first.", field="channels")
        if (
            to == "proposals_received"
            and s.scalar(
                select(CampaignProposal.id)
                .where(CampaignProposal.campaign_id == c.id, CampaignProposal.deleted_at.is_(None))
                .limit(1)
            )
            is None
        ):
            raise UserError(
                "campaign-proposals", "Record at least one agency proposal first.", field="proposals"
            )
        if to == "evaluated" and not c.evaluation.strip():
            raise UserError(
                "campaign-evaluation", "Write the evaluation against the objective first.", field="evaluation"
            )

    def _clean(self, s: Session, v: dict[str, object]) -> dict[str, object]:
        name = " ".join(str(v["name"] or "").split())
        if not name:
            raise UserError("campaign-name", "Write the campaign's name.", field="name")
        channels = (
            [str(x) for x in v["channels"]]
            if isinstance(v["channels"], list | tuple)
            else [x for x in str(v["channels"] or "").split(",") if x]
        )
        known = {c["id"] for c in self._settings.get("campaign_channels")}
        for ch in channels:
            if ch not in known:
                raise UserError(
                    "campaign-channel",
                    "“{value}” is not one of the campaign channels in the settings.",
                    field="channels",
                    value=ch,
                )
        start, end = v["planned_start"], v["planned_end"]
        if isinstance(start, date) and isinstance(end, date) and end < start:
            raise UserError(
                "campaign-dates", "The campaign cannot end before it starts.", field="planned_end"
            )
        budget = int(str(v["budget_halalas"] or 0))
        _money(budget, "budget")
        year = int(str(v["year"]))
        if not 2000 <= year <= 2100:
            raise UserError("campaign-year", "“{value}” is not a year.", field="year", value=year)
        programme = str(v["programme"] or "").strip()
        programme_id = programme_row(s, programme).id if programme else None
        return {
            "name": name,
            "year": year,
            "objective": str(v["objective"] or "").strip(),
            "segment": str(v["segment"] or "").strip(),
            "cities": ",".join(_words(v["cities"])),  # type: ignore[arg-type]
            "neighbourhoods": ",".join(_words(v["neighbourhoods"])),  # type: ignore[arg-type]
            "channels": ",".join(dict.fromkeys(channels)),
            "planned_start": start,
            "planned_end": end,
            "budget_halalas": budget,
            "agency": " ".join(str(v["agency"] or "").split()),
            "programme_id": programme_id,
        }

    @staticmethod
    def _info(s: Session, c: Campaign) -> CampaignInfo:
        programme = s.get(Programme, c.programme_id) if c.programme_id else None
        proposals = tuple(
            _proposal(p)
            for p in s.scalars(
                select(CampaignProposal)
                .where(CampaignProposal.campaign_id == c.id, CampaignProposal.deleted_at.is_(None))
                .order_by(CampaignProposal.received_on)
            )
        )
        steps = tuple(
            CampaignStep(e.at, e.user_name, e.from_state, e.to_state, e.note)
            for e in s.scalars(
                select(CampaignEvent).where(CampaignEvent.campaign_id == c.id).order_by(CampaignEvent.at)
            )
        )
        return CampaignInfo(
            str(c.id),
            c.number,
            c.year,
            c.name,
            c.objective,
            c.segment,
            tuple(x for x in c.cities.split(",") if x),
            tuple(x for x in c.neighbourhoods.split(",") if x),
            tuple(x for x in c.channels.split(",") if x),
            c.planned_start,
            c.planned_end,
            c.budget_halalas,
            c.agency,
            programme.number if programme else "",
            c.state,
            c.actual_cost_halalas,
            c.reach,
            c.responses,
            c.donations_halalas,
            c.new_beneficiaries,
            c.evaluation,
            c.cancel_reason,
            proposals,
            steps,
        )


def _proposal(p: CampaignProposal) -> ProposalInfo:
    return ProposalInfo(
        str(p.id), p.agency, p.cost_halalas, p.received_on, p.file_name, p.sha256, p.chosen, p.note
    )
