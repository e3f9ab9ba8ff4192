"""Records that point at a client, which a merge moves to the kept client.

Each feature with a ``client_id`` column adds itself here (surveys and
opportunities will), so a merge never forgets a kind of record.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.persistence.base import Base
from app.persistence.models import (
    Complaint,
    Contribution,
    DonorInterest,
    OpportunityDonor,
    OpportunityEvent,
    SurveyForm,
    SurveyResponse,
)


@dataclass(frozen=True)
class LinkedRecords:
    kind: str  # "complaint", "contribution", …
    model: type[Base]
    column: str = "client_id"


LINKED_RECORDS: list[LinkedRecords] = [
    LinkedRecords("complaint", Complaint),
    LinkedRecords("contribution", Contribution),
    LinkedRecords("survey", SurveyResponse),
    LinkedRecords("survey-form", SurveyForm),  # a donor survey's copy addressed to the client
    LinkedRecords("opportunity", OpportunityDonor),
    LinkedRecords("contact", OpportunityEvent),  # contacts logged with the donor
    LinkedRecords("interest", DonorInterest),
]


def count_linked_records(s: Session, client_id: uuid.UUID) -> dict[str, int]:
    """How many records of each kind point at the client: what a merge would move."""
    counts: dict[str, int] = {}
    for link in LINKED_RECORDS:
        n = int(s.scalar(select(func.count()).select_from(link.model)
                         .where(getattr(link.model, link.column) == client_id)) or 0)
        if n:
            counts[link.kind] = n
    return counts
