"""Display helpers every screen shares: numbers and dates in the settings' digit style,
status badges, the mark for "no value"."""

from __future__ import annotations

import re
from datetime import date, datetime

from app.calendars.formatting import digit_style, format_datetime, format_dual
from app.text.digits import localize_digits

NO_VALUE = "—"
# A range of numbers ("26-35"): with Arabic-Indic digits the bidi algorithm would show it
# reversed ("٣٥-٢٦") in a right-to-left line, so it is isolated as a left-to-right unit.
_RANGE = re.compile(r"(?<![\d\u2066])(\d+(?:\s*[-–]\s*\d+)+)(?![\d\u2069])")


def digits(text: str) -> str:
    """``text`` with its digits in the style of the settings (Arabic-Indic or Latin)."""
    return _RANGE.sub("\u2066\\1\u2069", localize_digits(text, digit_style()))


def number_text(n: int) -> str:
    """``12,345`` in the digit style of the settings (Arabic separators with Arabic digits)."""
    style = digit_style()
    grouped = f"{n:,}"
    return localize_digits(grouped.replace(",", "٬") if style == "arabic" else grouped, style)


def day(d: date | None) -> str:
    """A day with the Hijri date beside the Gregorian one."""
    return format_dual(d) if d else NO_VALUE


def when(at: datetime | None) -> str:
    """A moment with the Hijri date beside the Gregorian one."""
    return format_datetime(at, dual=True) if at else NO_VALUE


def badge_style(colour: str) -> str:
    """A small rounded label in ``colour`` (a status, an SLA state)."""
    return (f"QLabel {{ color: #ffffff; background: {colour}; border-radius: 9px; "
            f"padding: 2px 10px; font-weight: bold; }}")
