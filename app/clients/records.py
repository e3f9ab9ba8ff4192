"""What the client registry hands to screens, printouts and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class ClientDetail:
    """One client's whole record. ``values`` has the shape of :func:`app.clients.fields.empty_values`."""

    id: str
    number: str
    values: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    merged_into: str | None = None  # the kept client's number, for a merged tombstone
    pending_request: str | None = None  # the number of a request still waiting on this client

    @property
    def name(self) -> str:
        return str(self.values["name"])


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RequestSummary:
    number: str
    action: str  # create | modify | merge
    status: str  # pending | approved | rejected | withdrawn
    client_number: str  # "" for a create not yet approved
    client_name: str
    proposed_by: str
    proposed_by_name: str
    proposed_at: datetime
    decided_by: str = ""
    decided_by_name: str = ""
    decided_at: datetime | None = None
    batch: str = ""
    duplicates: tuple[str, ...] = ()  # client numbers the proposer was warned of


@dataclass(frozen=True)
class RequestDetail:
    summary: RequestSummary
    proposed: dict[str, Any]  # the values the client will have (create, modify)
    previous: dict[str, Any]  # the values it had when proposed (modify; empty for create)
    changes: tuple[FieldChange, ...]  # every field for a create; the changed ones for a modify
    note: str = ""
    reason: str = ""  # the manager's reason (a rejection's is required)
    other_number: str = ""  # merge: the client folded into client_number
    other_name: str = ""
    moves: dict[str, int] = field(default_factory=dict)  # merge: linked records per kind
    has_form: bool = False  # an approved request's filed form

    @property
    def number(self) -> str:
        return self.summary.number


@dataclass(frozen=True)
class DuplicateMatch:
    """An existing client that may be the same as the one proposed."""

    number: str
    name: str
    reasons: tuple[str, ...]  # "name", "mobile", "email", "national_id"


@dataclass(frozen=True)
class DuplicatePair:
    a_number: str
    a_name: str
    b_number: str
    b_name: str
    score: float  # 0–1: name similarity plus shared contact details
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ContributionInfo:
    id: str
    client_number: str
    client_name: str
    kind: str  # donation | pledge
    amount_halalas: int
    given_on: date
    method: str
    programme: str
    receipt: str
    notes: str = ""


@dataclass(frozen=True)
class LinkedItem:
    """A record linked to a client, as the client file lists it."""

    kind: str  # "complaint", "contribution", "request", later "survey", "opportunity"
    reference: str  # what opens it (a complaint reference, a request number, an id)
    title: str
    status: str
    at: datetime | date | None


@dataclass(frozen=True)
class ClientFile:
    client: ClientDetail
    complaints: tuple[LinkedItem, ...]
    contributions: tuple[ContributionInfo, ...]
    requests: tuple[RequestSummary, ...]
    contributed_halalas: int
    pledged_halalas: int
    complaints_total: int  # all of them; ``complaints`` holds the newest
    other_links: dict[str, tuple[LinkedItem, ...]] = field(default_factory=dict)  # surveys, opportunities
    linked: dict[str, int] = field(default_factory=dict)  # records of each kind (what a merge moves)
