"""The fundraising pipeline and the marketing campaigns (DOMAIN.md §3, seed 000 §4).

An opportunity links a programme of the portfolio with one or more potential
donors and moves through the stages تحديد → متابعة → إغلاق → ناجحة (or ملغاة).
Every stage change, probability change and contact is an
:class:`OpportunityEvent`, the record's timeline. A campaign of the annual
plan moves through the procedure's states, each a :class:`CampaignEvent`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.base import Base, SyncedRecord


class Opportunity(SyncedRecord, Base):
    __tablename__ = "opportunities"
    __table_args__ = (Index("ix_opportunities_stage_next", "stage", "next_action_on"),
                      # The board filtered by owner: one range of this index per column.
                      Index("ix_opportunities_owner_stage_next", "owner", "stage", "next_action_on"))

    number: Mapped[str] = mapped_column(String(32), unique=True)  # OP-<site>-00001
    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programmes.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[str] = mapped_column(String(16), default="identified")
    expected_halalas: Mapped[int] = mapped_column(BigInteger, default=0)  # SAR × 100
    probability: Mapped[int] = mapped_column(Integer, default=10)  # percent
    success_factors: Mapped[str] = mapped_column(Text, default="")  # free text
    factors: Mapped[str] = mapped_column(Text, default="")  # checklist ids (setting), comma-separated
    next_action: Mapped[str] = mapped_column(Text, default="")
    next_action_on: Mapped[date | None] = mapped_column(Date, default=None)
    owner: Mapped[str] = mapped_column(String(64), default="")  # user name
    stage_changed_at: Mapped[datetime]
    last_contact_at: Mapped[datetime | None] = mapped_column(default=None)
    committed_on: Mapped[date | None] = mapped_column(Date, default=None)  # the written commitment
    received_halalas: Mapped[int | None] = mapped_column(BigInteger, default=None)
    received_on: Mapped[date | None] = mapped_column(Date, default=None)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class OpportunityDonor(SyncedRecord, Base):
    """A potential donor (a client of kind donor) approached in an opportunity."""

    __tablename__ = "opportunity_donors"

    opportunity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("opportunities.id"), index=True)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)


class OpportunityEvent(SyncedRecord, Base):
    """A line of an opportunity's timeline: a stage or probability change, a contact, a note."""

    __tablename__ = "opportunity_events"
    __table_args__ = (Index("ix_opportunity_events_opportunity_at", "opportunity_id", "at"),
                      Index("ix_opportunity_events_kind_at", "kind", "at"))

    opportunity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("opportunities.id"))
    at: Mapped[datetime]
    user_name: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(16))  # stage | probability | amount | contact | note | created
    from_value: Mapped[str] = mapped_column(String(64), default="")
    to_value: Mapped[str] = mapped_column(String(64), default="")
    contact: Mapped[str] = mapped_column(String(16), default="")  # call | meeting | letter | visit | …
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # A contact by someone who is not the donor's relationship owner (seed 000 §4.1.21).
    outside_owner: Mapped[bool] = mapped_column(Boolean, default=False)


class DonorInterest(SyncedRecord, Base):
    """A kind of programme a donor likes to fund (seed 000 §4.1.12)."""

    __tablename__ = "donor_interests"
    __table_args__ = (Index("ix_donor_interests_kind_client", "kind", "client_id"),)

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # programme_kinds setting id


class Campaign(SyncedRecord, Base):
    """A marketing campaign of the annual plan (seed 000 §4.1.8)."""

    __tablename__ = "campaigns"
    __table_args__ = (Index("ix_campaigns_year_start", "year", "planned_start"),)

    number: Mapped[str] = mapped_column(String(32), unique=True)  # CM-<site>-0001
    year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    objective: Mapped[str] = mapped_column(Text, default="")
    segment: Mapped[str] = mapped_column(Text, default="")  # target segment, in words
    cities: Mapped[str] = mapped_column(String(200), default="")  # comma-separated
    neighbourhoods: Mapped[str] = mapped_column(Text, default="")  # comma-separated
    channels: Mapped[str] = mapped_column(String(200), default="")  # campaign_channels ids
    planned_start: Mapped[date | None] = mapped_column(Date, default=None)
    planned_end: Mapped[date | None] = mapped_column(Date, default=None)
    budget_halalas: Mapped[int] = mapped_column(BigInteger, default=0)
    agency: Mapped[str] = mapped_column(String(200), default="")
    programme_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programmes.id"), default=None)
    state: Mapped[str] = mapped_column(String(24), default="planned")
    state_changed_at: Mapped[datetime]
    actual_cost_halalas: Mapped[int | None] = mapped_column(BigInteger, default=None)
    reach: Mapped[int | None] = mapped_column(Integer, default=None)
    responses: Mapped[int | None] = mapped_column(Integer, default=None)
    donations_halalas: Mapped[int | None] = mapped_column(BigInteger, default=None)
    new_beneficiaries: Mapped[int | None] = mapped_column(Integer, default=None)
    evaluation: Mapped[str] = mapped_column(Text, default="")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")


class CampaignEvent(SyncedRecord, Base):
    __tablename__ = "campaign_events"

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.id"), index=True)
    at: Mapped[datetime]
    user_name: Mapped[str] = mapped_column(String(64), default="")
    from_state: Mapped[str] = mapped_column(String(24), default="")
    to_state: Mapped[str] = mapped_column(String(24), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class CampaignProposal(SyncedRecord, Base):
    """An agency's proposal for a campaign, with its cost and attached file."""

    __tablename__ = "campaign_proposals"

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.id"), index=True)
    agency: Mapped[str] = mapped_column(String(200))
    cost_halalas: Mapped[int] = mapped_column(BigInteger)
    received_on: Mapped[date] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
