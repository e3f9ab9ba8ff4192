"""What the pipeline and campaign services hand to the screens, the printer and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# The stages in order (the board's columns, first on the right in Arabic), then the exits.
OPEN_STAGES = ("identified", "follow_up", "closed")
STAGES = (*OPEN_STAGES, "successful", "cancelled")
CONTACT_KINDS = ("call", "meeting", "letter", "visit", "email", "whatsapp")
# The campaign procedure of seed 000 §4.1.8, in order; cancelled from any state before evaluation.
CAMPAIGN_STATES = (
    "planned",
    "channels_chosen",
    "approved",
    "proposals_requested",
    "proposals_received",
    "programme_approved",
    "launched",
    "evaluated",
)


@dataclass(frozen=True)
class DonorRef:
    number: str
    name: str
    owner: str  # the donor's relationship owner (user name), "" if none
    owner_name: str = ""


@dataclass(frozen=True)
class Card:
    """An opportunity as the board and the list show it."""

    id: str
    number: str
    programme_number: str
    programme_name: str
    programme_kind: str
    centre: str
    donors: tuple[DonorRef, ...]
    expected_halalas: int
    probability: int
    stage: str
    next_action: str
    next_action_on: date | None
    owner: str
    owner_name: str
    last_contact_at: datetime | None
    stage_changed_at: datetime
    overdue: bool = False  # the next action's date has passed

    @property
    def weighted_halalas(self) -> int:
        return self.expected_halalas * self.probability // 100


@dataclass(frozen=True)
class Column:
    stage: str
    cards: tuple[Card, ...]  # the first ``limit`` by next action date
    count: int  # all matching, not only the cards shown
    total_halalas: int
    weighted_halalas: int


@dataclass(frozen=True)
class Board:
    columns: tuple[Column, ...]  # in STAGES order

    def column(self, stage: str) -> Column:
        return next(c for c in self.columns if c.stage == stage)


@dataclass(frozen=True)
class BoardQuery:
    owner: str = ""
    programme: str = ""  # number, id or name
    centre: str = ""
    since: date | None = None  # next action or last stage change within the period
    until: date | None = None
    text: str = ""  # programme name, donor name or number
    stages: tuple[str, ...] = STAGES


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    user_name: str
    kind: str  # created | stage | probability | amount | contact | note
    from_value: str
    to_value: str
    contact: str
    donor: str  # "name – number" of the contacted donor
    note: str
    outside_owner: bool


@dataclass(frozen=True)
class OpportunityDetail:
    card: Card
    title: str
    success_factors: str
    factors: tuple[str, ...]
    committed_on: date | None
    received_halalas: int | None
    received_on: date | None
    cancel_reason: str
    notes: str
    timeline: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class ContactResult:
    entry: TimelineEntry
    outside_owner: bool  # warn: the actor is not the donor's relationship owner


@dataclass(frozen=True)
class WeeklyReport:
    week: str  # "2026-W47"
    starts: date
    ends: date
    moved: tuple[tuple[Card, str, str], ...]  # (card, from, to) of stage changes this week
    won: tuple[Card, ...]
    lost: tuple[tuple[Card, str], ...]  # (card, reason)
    stale: tuple[tuple[Card, int], ...]  # (card, days since the last contact)
    pipeline: tuple[Column, ...]  # by stage, without cards
    stale_days: int
    outside_contacts: tuple[tuple[str, TimelineEntry], ...] = ()  # (opportunity number, contact)


@dataclass(frozen=True)
class ProposalInfo:
    id: str
    agency: str
    cost_halalas: int
    received_on: date
    file_name: str
    sha256: str
    chosen: bool
    note: str


@dataclass(frozen=True)
class CampaignStep:
    at: datetime
    user_name: str
    from_state: str
    to_state: str
    note: str


@dataclass(frozen=True)
class CampaignInfo:
    id: str
    number: str
    year: int
    name: str
    objective: str
    segment: str
    cities: tuple[str, ...]
    neighbourhoods: tuple[str, ...]
    channels: tuple[str, ...]
    planned_start: date | None
    planned_end: date | None
    budget_halalas: int
    agency: str
    programme_number: str
    state: str
    actual_cost_halalas: int | None
    reach: int | None
    responses: int | None
    donations_halalas: int | None
    new_beneficiaries: int | None
    evaluation: str
    cancel_reason: str
    proposals: tuple[ProposalInfo, ...] = ()
    steps: tuple[CampaignStep, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
