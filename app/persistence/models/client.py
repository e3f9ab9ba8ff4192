"""Clients: everyone the association deals with (DOMAIN.md §2), the change
requests through which alone they change, and their contributions.

Nobody writes a client row but an approved request (seed 000 §6.1.4–6.1.5):
see :mod:`app.clients.requests`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.base import Base, SyncedRecord

_DEAD = text("deleted_at IS NOT NULL")


class Client(SyncedRecord, Base):
    __tablename__ = "clients"
    # search_text is the normalised copy the search index reads; row_no is the local
    # integer key of that index. Both are rebuilt at each site, never synced.
    __unsynced__ = frozenset({"search_text", "row_no"})
    __table_args__ = (Index("ix_clients_name_row", "name", "row_no"),
                      # "Is there any tombstone?" is one probe of this partial index (search counts).
                      # Partial, so that queries for live clients never choose it over a sort index.
                      Index("ix_clients_tombstones", "deleted_at", sqlite_where=_DEAD,
                            postgresql_where=_DEAD))

    row_no: Mapped[int] = mapped_column(Integer, unique=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    entity: Mapped[str] = mapped_column(String(16), default="person")  # person | organisation
    name: Mapped[str] = mapped_column(String(200))
    name_latin: Mapped[str] = mapped_column(String(200), default="")
    # The normalised name (compounds joined): exact duplicates are one index probe.
    name_key: Mapped[str] = mapped_column(String(200), default="", index=True)
    kinds: Mapped[str] = mapped_column(String(200), default="")  # ids, comma-separated
    # National ID for a person, commercial registration for an organisation. Not
    # UNIQUE: offline sites may both register someone; duplicates are reviewed.
    national_id: Mapped[str | None] = mapped_column(String(20), default=None, index=True)
    mobile: Mapped[str | None] = mapped_column(String(20), default=None, index=True)
    mobile2: Mapped[str | None] = mapped_column(String(20), default=None, index=True)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    email: Mapped[str] = mapped_column(String(120), default="", index=True)  # stored lower-case
    city: Mapped[str] = mapped_column(String(64), default="")
    neighbourhood: Mapped[str] = mapped_column(String(64), default="")
    centre: Mapped[str] = mapped_column(String(32), default="")
    channel: Mapped[str] = mapped_column(String(16), default="")  # preferred contact channel
    owner: Mapped[str] = mapped_column(String(64), default="")  # relationship owner's user name
    consent: Mapped[bool] = mapped_column(Boolean, default=False)  # may be contacted
    status: Mapped[str] = mapped_column(String(16), default="active")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Set with deleted_at when this client was merged: the tombstone points at the kept one.
    merged_into: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    search_text: Mapped[str] = mapped_column(Text, default="")


class ClientRequest(SyncedRecord, Base):
    """A proposed create, modify or merge, and the manager's decision on it."""

    __tablename__ = "client_requests"
    __table_args__ = (Index("ix_client_requests_status_at", "status", "proposed_at"),)

    number: Mapped[str] = mapped_column(String(32), unique=True)
    action: Mapped[str] = mapped_column(String(16))  # create | modify | merge
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # modify: the client; merge: the client kept; create: the client once approved.
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None, index=True)
    # merge: the client folded into client_id.
    other_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None, index=True)
    # JSON: the proposed values, and (modify) the values the proposer saw.
    proposed: Mapped[str] = mapped_column(Text, default="{}")
    previous: Mapped[str] = mapped_column(Text, default="{}")
    note: Mapped[str] = mapped_column(Text, default="")
    # Client numbers the proposer was warned might be the same person.
    warned_duplicates: Mapped[str] = mapped_column(Text, default="")
    batch: Mapped[str] = mapped_column(String(64), default="", index=True)  # an import's requests
    proposed_by: Mapped[str] = mapped_column(String(64))
    proposed_by_name: Mapped[str] = mapped_column(String(200), default="")
    proposed_at: Mapped[datetime]
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_by_name: Mapped[str] = mapped_column(String(200), default="")
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    reason: Mapped[str] = mapped_column(Text, default="")
    # The signed-off form, filed as a PDF in the document store when approved.
    form_sha256: Mapped[str | None] = mapped_column(String(64), default=None)


class Contribution(SyncedRecord, Base):
    """A donation or pledge towards a programme or activity."""

    __tablename__ = "contributions"
    __table_args__ = (Index("ix_contributions_client_on", "client_id", "given_on"),
                      Index("ix_contributions_programme_on", "programme", "given_on"))

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"))
    kind: Mapped[str] = mapped_column(String(16), default="donation")  # donation | pledge
    amount_halalas: Mapped[int] = mapped_column(BigInteger)  # SAR × 100, exact
    given_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(32), default="")
    programme: Mapped[str] = mapped_column(String(200), default="")
    # The portfolio's programme when the name matched one (issue 5); older rows keep the name only.
    # A plain column, not a foreign key: SQLite adds it to the existing table with one ALTER.
    programme_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None, index=True)
    receipt: Mapped[str] = mapped_column(String(64), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="manual")  # manual | import
