"""The register of complaints, inquiries, suggestions and compliments (DOMAIN.md §1)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.base import Base, SyncedRecord

# The log sorts by any of these; each index ends with received time and row_no so
# a sorted, filtered page is read straight from the index, a page at a time.
SORTED_COLUMNS = ("type", "status", "channel", "centre", "category", "priority", "answer_due",
                  "contact_name", "assignee_id")


class Complaint(SyncedRecord, Base):
    __tablename__ = "complaints"
    __unsynced__ = frozenset({"search_text", "row_no"})
    __table_args__ = (
        Index("ix_complaints_received_row", "received_at", "row_no"),
        # Counting the whole log reads this narrow index instead of every wide row.
        Index("ix_complaints_deleted_at", "deleted_at"),
        *(Index(f"ix_complaints_{name}_received", name, "received_at", "row_no") for name in SORTED_COLUMNS),
    )

    row_no: Mapped[int] = mapped_column(Integer, unique=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    type: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="received")
    channel: Mapped[str] = mapped_column(String(32))
    centre: Mapped[str | None] = mapped_column(String(32), default=None)
    category: Mapped[str | None] = mapped_column(String(32), default=None)
    priority: Mapped[str] = mapped_column(String(16), default="normal")
    description: Mapped[str] = mapped_column(Text)
    # The person: a registered client, or a quick contact (name and mobile) that can
    # later become one. The name and mobile are kept either way, as given at intake.
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"), default=None, index=True)
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_mobile: Mapped[str | None] = mapped_column(String(20), default=None)
    received_at: Mapped[datetime]
    received_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    received_by_name: Mapped[str] = mapped_column(String(200), default="")
    study_due: Mapped[date | None] = mapped_column(Date, default=None)
    answer_due: Mapped[date | None] = mapped_column(Date, default=None)
    department: Mapped[str | None] = mapped_column(String(32), default=None)
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    acknowledged_at: Mapped[datetime | None] = mapped_column(default=None)
    assigned_at: Mapped[datetime | None] = mapped_column(default=None)
    study_started_at: Mapped[datetime | None] = mapped_column(default=None)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)
    answer: Mapped[str] = mapped_column(Text, default="")
    faq_id: Mapped[str | None] = mapped_column(String(64), default=None)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    # The complainant's rating of how the complaint was handled, asked at closing.
    rating: Mapped[int | None] = mapped_column(Integer, default=None)
    rating_note: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")


class ComplaintEvent(SyncedRecord, Base):
    """A step of the workflow, a note, or a call to the complainant: the timeline's lines."""

    __tablename__ = "complaint_events"

    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    at: Mapped[datetime]
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    user_name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(16))  # move, note
    from_status: Mapped[str | None] = mapped_column(String(16), default=None)
    to_status: Mapped[str | None] = mapped_column(String(16), default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class CorrectiveAction(SyncedRecord, Base):
    """What will be done so the complaint does not recur, by whom, by when (seed 004)."""

    __tablename__ = "complaint_actions"

    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    due: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    done_note: Mapped[str] = mapped_column(Text, default="")


class ComplaintAttachment(SyncedRecord, Base):
    """A file kept with a complaint (a letter, a photo). The bytes live in the data
    folder under their SHA-256, so a file attached twice is stored once."""

    __tablename__ = "complaint_attachments"

    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
