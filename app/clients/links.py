"""Records that point at a client, which a merge moves to the kept client.

Each feature with a ``client_id`` column adds itself here (surveys and
opportunities will), so a merge never forgets a kind of record.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.persistence.base import Base
from app.persistence.models import Complaint, Contribution


@dataclass(frozen=True)
class LinkedRecords:
    kind: str  # "complaint", "contribution", …
    model: type[Base]
    column: str = "client_id"


LINKED_RECORDS: list[LinkedRecords] = [
    LinkedRecords("complaint", Complaint),
    LinkedRecords("contribution", Contribution),
]
