"""Translated labels for the identifiers stored in settings.

Identifiers are stable (DESIGN.md: "labels are translated, identifiers are
not"); these turn them into words for the screens.
"""

from __future__ import annotations

from datetime import date, timedelta

from app.calendars.formatting import format_weekday
from app.complaints import vocab
from app.i18n import N_, _

# One vocabulary with the complaints desk: the SLA rules name the same types and priorities.
COMPLAINT_TYPES: dict[str, str] = vocab.TYPES

# "*" applies to every priority that has no rule of its own.
PRIORITIES: dict[str, str] = {
    vocab.ANY_PRIORITY: N_("Any priority"),
    **vocab.PRIORITIES,
}

DIGIT_STYLES: dict[str, str] = {
    "arabic": N_("Arabic-Indic digits (٠١٢٣)"),
    "latin": N_("Latin digits (0123)"),
}

HOLIDAY_KINDS: dict[str, str] = {
    "hijri_annual": N_("Every Hijri year"),
    "gregorian_annual": N_("Every Gregorian year"),
    "fixed": N_("One-off closure"),
}

# Python weekday numbers (Monday = 0) in the order of the local week: Sunday first.
WEEK_ORDER: tuple[int, ...] = (6, 0, 1, 2, 3, 4, 5)

_A_MONDAY = date(2024, 1, 1)


def label(table: dict[str, str], ident: str) -> str:
    """The translated label of ``ident``, or the identifier itself when unknown."""
    source = table.get(ident)
    return _(source) if source is not None else ident


def weekday_name(weekday: int) -> str:
    """``0`` → Monday / الاثنين (Python weekday numbers)."""
    return format_weekday(_A_MONDAY + timedelta(days=weekday))


def list_separator() -> str:
    """``, `` between the items of a list (the Arabic comma in Arabic)."""
    return _(", ")


def change_arrow() -> str:
    """``{old} → {new}``; the catalog points the arrow the way the text reads."""
    return _("{old} → {new}")
