"""The complaint register's stable identifiers and their translated labels.

Identifiers go on the command line and into files (DESIGN.md); labels are
translated where shown.
"""

from __future__ import annotations

from app.i18n import N_, _

TYPES: dict[str, str] = {
    "complaint": N_("Complaint"),
    "inquiry": N_("Inquiry"),
    "suggestion": N_("Suggestion"),
    "compliment": N_("Compliment"),
}

PRIORITIES: dict[str, str] = {
    "normal": N_("Normal"),
    "high": N_("High"),
    "urgent": N_("Urgent"),
}
# An SLA rule for priority "*" applies to every priority without a rule of its own.
ANY_PRIORITY = "*"

STATUSES: dict[str, str] = {
    "received": N_("Received"),
    "acknowledged": N_("Acknowledged"),
    "assigned": N_("Assigned"),
    "under_study": N_("Under study"),
    "answered": N_("Answered"),
    "closed": N_("Closed"),
    "cancelled": N_("Cancelled"),
}
# Still waiting for an answer: these count against the SLA.
OPEN_STATUSES: frozenset[str] = frozenset({"received", "acknowledged", "assigned", "under_study"})
FINISHED_STATUSES: frozenset[str] = frozenset({"closed", "cancelled"})

# How the log shows a deadline at a glance.
SLA_STATES: dict[str, str] = {
    "on_time": N_("On time"),
    "due_today": N_("Due today"),
    "overdue": N_("Overdue"),
    "met": N_("Answered in time"),
    "missed": N_("Answered late"),
    "none": N_("No deadline"),
}

# The fields a timeline names when they change.
FIELD_LABELS: dict[str, str] = {
    "type": N_("Type"), "channel": N_("Channel"), "centre": N_("Centre"), "category": N_("Category"),
    "priority": N_("Priority"), "description": N_("Description"), "client_id": N_("Client"),
    "contact_name": N_("Name"), "contact_mobile": N_("Mobile"), "study_due": N_("Study due"),
    "answer_due": N_("Answer due"), "department": N_("Department"), "assignee_id": N_("Assignee"),
    "faq_id": N_("Answered from the FAQ"),
}

RATINGS: dict[int, str] = {
    1: N_("Very dissatisfied"),
    2: N_("Dissatisfied"),
    3: N_("Neutral"),
    4: N_("Satisfied"),
    5: N_("Very satisfied"),
}


def label(table: dict[str, str], ident: str) -> str:
    """The translated label of ``ident``, or the identifier itself when unknown."""
    source = table.get(ident)
    return _(source) if source is not None else ident
