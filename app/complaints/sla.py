"""Deadlines in working days (seed 002: answered within 3; seed 000: studied within 1).

Rules come from the ``sla_rules`` setting: for a type and a priority, the
working days to start the study and to answer. A rule for the exact
priority wins over the type's rule for any priority (``*``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.calendars.workdays import WorkCalendar
from app.complaints.vocab import ANY_PRIORITY, FINISHED_STATUSES, OPEN_STATUSES


@dataclass(frozen=True)
class Deadlines:
    study: date | None
    answer: date | None


def rule_for(rules: Sequence[dict[str, Any]], type_: str, priority: str) -> dict[str, Any] | None:
    exact = [r for r in rules if r.get("type") == type_ and r.get("priority") == priority]
    if exact:
        return exact[0]
    general = [r for r in rules if r.get("type") == type_ and r.get("priority", ANY_PRIORITY) == ANY_PRIORITY]
    return general[0] if general else None


def deadlines(calendar: WorkCalendar, rules: Sequence[dict[str, Any]], type_: str, priority: str,
              received: datetime | date) -> Deadlines:
    """When the study must start and the answer be given, for something received at ``received``.

    ``received`` should be in local time: a complaint received at 23:30 in Riyadh
    counts from that Riyadh day.
    """
    rule = rule_for(rules, type_, priority)
    if rule is None:
        return Deadlines(None, None)
    return Deadlines(calendar.deadline(received, int(rule["study_days"])),
                     calendar.deadline(received, int(rule["answer_days"])))


def sla_state(status: str, answer_due: date | None, answered_on: date | None, today: date) -> str:
    """``on_time``, ``due_today`` or ``overdue`` while open; ``met`` or ``missed`` once answered."""
    if answer_due is None:
        return "none"
    if status in OPEN_STATUSES:
        if today > answer_due:
            return "overdue"
        return "due_today" if today == answer_due else "on_time"
    if status == "cancelled" or answered_on is None:
        return "none"
    return "met" if answered_on <= answer_due else "missed"


__all__ = ["FINISHED_STATUSES", "Deadlines", "deadlines", "rule_for", "sla_state"]
