"""What the complaints service takes and gives: plain data, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# Columns the log can sort by (identifiers the screens and the command line use).
SORT_KEYS = ("reference", "type", "status", "channel", "centre", "category", "priority", "name",
             "received", "due", "assignee")
VIEWS = ("all", "mine", "team")


@dataclass(frozen=True)
class NewComplaint:
    """An intake. The person is a registered client (``client_number``) or a quick
    contact (``name`` and ``mobile``). Answered from the FAQ, an inquiry can be
    answered and closed in the same step (``answer`` and ``close``)."""

    type: str
    channel: str
    description: str
    name: str = ""
    mobile: str = ""
    client_number: str | None = None
    centre: str | None = None
    category: str | None = None
    priority: str = "normal"
    received_at: datetime | None = None
    faq_id: str | None = None
    answer: str = ""
    close: bool = False


@dataclass(frozen=True)
class ComplaintQuery:
    """The log's filters, search and sort. Empty tuples mean "any"."""

    search: str = ""
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    centres: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    assignee: str | None = None  # a user name; "" for unassigned
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = False
    due_today: bool = False
    view: str = "all"
    sort: str = "received"
    descending: bool = True


@dataclass(frozen=True)
class ComplaintRow:
    """One line of the log."""

    id: str
    reference: str
    type: str
    status: str
    channel: str
    centre: str | None
    category: str | None
    priority: str
    name: str
    mobile: str | None
    received_at: datetime
    answer_due: date | None
    answered_at: datetime | None
    assignee: str | None  # the assignee's user name
    sla: str  # see vocab.SLA_STATES
    summary: str  # the description's beginning


@dataclass(frozen=True)
class ActionInfo:
    id: str
    description: str
    owner: str | None
    due: date
    done_at: datetime | None
    done_note: str


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    file_name: str
    size: int
    sha256: str
    added_at: datetime
    added_by: str


@dataclass(frozen=True)
class ComplaintDetail:
    row: ComplaintRow
    description: str
    client_number: str | None
    department: str | None
    assignee_full_name: str | None
    received_by_name: str
    study_due: date | None
    acknowledged_at: datetime | None
    assigned_at: datetime | None
    study_started_at: datetime | None
    closed_at: datetime | None
    cancelled_at: datetime | None
    answer: str
    cancel_reason: str
    reopen_count: int
    rating: int | None
    rating_note: str
    moves: tuple[str, ...]  # the steps the current user may take now
    actions: tuple[ActionInfo, ...] = ()
    attachments: tuple[AttachmentInfo, ...] = ()

    @property
    def reference(self) -> str:
        return self.row.reference

    @property
    def status(self) -> str:
        return self.row.status


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a complaint's timeline: a step, a note, a file, an action or a field change."""

    at: datetime
    user: str
    kind: str  # move, note, attachment, action, action_done, change, created
    text: str
    note: str = ""


@dataclass(frozen=True)
class PersonMatch:
    """Someone the intake form can pick: a registered client or an earlier quick contact."""

    kind: str  # client, contact
    name: str
    mobile: str | None
    client_number: str | None = None
    client_kinds: tuple[str, ...] = field(default=())
    last_reference: str | None = None


@dataclass(frozen=True)
class DeskCounts:
    """The figures at the top of the log."""

    open: int
    due_today: int
    overdue: int
    mine: int
