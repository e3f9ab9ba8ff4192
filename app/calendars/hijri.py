"""Hijri dates: the Umm al-Qura calendar (the official Saudi one) via ``hijridate``.

Why not Qt's Islamic Civil calendar: it disagrees with Umm al-Qura on about half
of all days. Why a fallback at all: ``hijridate``'s table covers only
1 Muharram 1343 – 30 Dhu al-Hijjah 1500 AH (1924-08-01 – 2077-11-16), and old
birth dates fall before it. Outside the table we use the tabular (civil,
arithmetic) Islamic calendar, shifted by a whole number of days so that it joins
the table seamlessly at both ends (no day is skipped or repeated at 1924-08-01
or 2077-11-17), and we mark the result ``approximate`` so screens and print can
say so. The tabular calendar is usually within a day or two of the observed one.

Dates before the Hijri era (1 Muharram 1 AH) have no Hijri date at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hijridate import Gregorian, Hijri
from hijridate import ummalqura as _table

from app.errors import Plural, UserError
from app.i18n import N_, _

__all__ = [
    "HIJRI_ERA_START",
    "HIJRI_MONTH_NAMES",
    "HIJRI_YEAR_RANGE",
    "UMM_AL_QURA_FIRST",
    "UMM_AL_QURA_LAST",
    "HijriDate",
    "from_hijri",
    "hijri_month_length",
    "hijri_month_name",
    "hijri_year",
    "is_exact",
    "to_hijri",
]

UMM_AL_QURA_FIRST = date(*_table.GREGORIAN_RANGE[0])
"""First Gregorian day the Umm al-Qura table covers (1924-08-01 = 1/1/1343)."""
UMM_AL_QURA_LAST = date(*_table.GREGORIAN_RANGE[1])
"""Last Gregorian day the Umm al-Qura table covers (2077-11-16 = 30/12/1500)."""
HIJRI_YEAR_RANGE = (_table.HIJRI_RANGE[0][0], _table.HIJRI_RANGE[1][0])
"""Hijri years (inclusive) the Umm al-Qura table covers: (1343, 1500)."""

_FIRST_ORD = UMM_AL_QURA_FIRST.toordinal()
_LAST_ORD = UMM_AL_QURA_LAST.toordinal()

# English transliterations, translated when shown (the catalog has the Saudi names).
HIJRI_MONTH_NAMES: tuple[str, ...] = (
    N_("Muharram"),
    N_("Safar"),
    N_("Rabi al-Awwal"),
    N_("Rabi al-Akhir"),
    N_("Jumada al-Ula"),
    N_("Jumada al-Akhirah"),
    N_("Rajab"),
    N_("Shaban"),
    N_("Ramadan"),
    N_("Shawwal"),
    N_("Dhu al-Qadah"),
    N_("Dhu al-Hijjah"),
)


def hijri_month_name(month: int) -> str:
    """The Hijri month's name in the current language (1 = Muharram … 12 = Dhu al-Hijjah)."""
    if not 1 <= month <= 12:
        raise ValueError(f"Hijri month must be 1-12, got {month}")
    return _(HIJRI_MONTH_NAMES[month - 1])


@dataclass(frozen=True, slots=True, order=True)
class HijriDate:
    """A Hijri date; ``approximate`` when it comes from the arithmetic fallback.

    Ordering compares (year, month, day, approximate), which is chronological
    because the fallback never overlaps the Umm al-Qura range.
    """

    year: int
    month: int
    day: int
    approximate: bool = False

    @property
    def month_name(self) -> str:
        """The month's name in the current language."""
        return hijri_month_name(self.month)


# --- tabular (civil) Islamic calendar -------------------------------------------------
# 30-year cycle with 11 leap years (2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29);
# odd months have 30 days, even months 29, Dhu al-Hijjah 30 in leap years.
# Epoch: 1 Muharram 1 AH = 16 July 622 Julian = 19 July 622 proleptic Gregorian.
_CIVIL_EPOCH_ORD = date(622, 7, 19).toordinal()


def _tabular_to_ordinal(year: int, month: int, day: int) -> int:
    return (
        _CIVIL_EPOCH_ORD + (year - 1) * 354 + (3 + 11 * year) // 30 + 29 * (month - 1) + month // 2 + day - 1
    )


def _tabular_from_ordinal(ordinal: int) -> tuple[int, int, int]:
    days = ordinal - _CIVIL_EPOCH_ORD
    year = (30 * days + 10646) // 10631
    # The closed form can be one year off at year boundaries; settle it exactly.
    while _tabular_to_ordinal(year + 1, 1, 1) <= ordinal:
        year += 1
    while _tabular_to_ordinal(year, 1, 1) > ordinal:
        year -= 1
    day_of_year = ordinal - _tabular_to_ordinal(year, 1, 1)
    month = min(12, (2 * day_of_year) // 59 + 1)
    day = ordinal - _tabular_to_ordinal(year, month, 1) + 1
    return year, month, day


def _tabular_month_length(year: int, month: int) -> int:
    if month == 12:
        return 30 if (14 + 11 * year) % 30 < 11 else 29
    return 30 if month % 2 else 29


# Shifts that make the tabular calendar meet the table exactly at its two ends.
_SHIFT_BEFORE = _FIRST_ORD - _tabular_to_ordinal(HIJRI_YEAR_RANGE[0], 1, 1)
_SHIFT_AFTER = (_LAST_ORD + 1) - _tabular_to_ordinal(HIJRI_YEAR_RANGE[1] + 1, 1, 1)
_ERA_START_ORD = _tabular_to_ordinal(1, 1, 1) + _SHIFT_BEFORE
HIJRI_ERA_START = date.fromordinal(_ERA_START_ORD)
"""The first day with a Hijri date: 1/1/1 AH as the (shifted) fallback places it."""


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def is_exact(d: date) -> bool:
    """True when ``d`` falls inside the Umm al-Qura table (its Hijri date is official)."""
    return _FIRST_ORD <= _as_date(d).toordinal() <= _LAST_ORD


def to_hijri(d: date) -> HijriDate:
    """The Hijri date of Gregorian ``d``: Umm al-Qura, else the marked fallback.

    Raises UserError for days before the Hijri era (before July 622).
    """
    d = _as_date(d)
    ordinal = d.toordinal()
    if _FIRST_ORD <= ordinal <= _LAST_ORD:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
        return HijriDate(h.year, h.month, h.day)
    if ordinal < _ERA_START_ORD:
        raise UserError(
            "calendar-before-hijri-era",
            N_("The date {date} is before the Hijri era, so it has no Hijri date."),
            date=d.isoformat(),
        )
    shift = _SHIFT_BEFORE if ordinal < _FIRST_ORD else _SHIFT_AFTER
    year, month, day = _tabular_from_ordinal(ordinal - shift)
    return HijriDate(year, month, day, approximate=True)


def hijri_year(d: date) -> int:
    """The Hijri year ``d`` falls in (Umm al-Qura where covered, else the fallback)."""
    return to_hijri(d).year


def hijri_month_length(year: int, month: int) -> int:
    """Days in a Hijri month: 29 or 30 (Umm al-Qura, else the tabular calendar)."""
    if not 1 <= month <= 12:
        raise ValueError(f"Hijri month must be 1-12, got {month}")
    if HIJRI_YEAR_RANGE[0] <= year <= HIJRI_YEAR_RANGE[1]:
        return int(Hijri(year, month, 1, validate=False).month_length())
    return _tabular_month_length(year, month)


def from_hijri(year: int, month: int, day: int, *, allow_approximate: bool = False) -> date:
    """The Gregorian date of a Hijri date.

    Umm al-Qura years 1343–1500 convert exactly. Other years raise UserError,
    unless ``allow_approximate`` (for old birth dates typed in Hijri, or holiday
    rules far in the future): then the tabular fallback is used.
    """
    text = f"{day}/{month}/{year}"
    if not 1 <= month <= 12:
        raise UserError(
            "calendar-hijri-month",
            N_("The Hijri date {date} is not valid: the month must be from 1 to 12."),
            date=text,
        )
    in_table = HIJRI_YEAR_RANGE[0] <= year <= HIJRI_YEAR_RANGE[1]
    if not in_table and not allow_approximate:
        raise UserError(
            "calendar-hijri-out-of-range",
            N_(
                "The Hijri date {date} is outside the Umm al-Qura calendar, "
                "which covers the years {first} to {last} AH."
            ),
            date=text,
            first=HIJRI_YEAR_RANGE[0],
            last=HIJRI_YEAR_RANGE[1],
        )
    if year < 1:
        raise UserError(
            "calendar-hijri-year",
            N_("The Hijri date {date} is not valid: Hijri years start at 1."),
            date=text,
        )
    length = hijri_month_length(year, month)
    if not 1 <= day <= length:
        raise UserError(
            "calendar-hijri-day",
            Plural(
                "The Hijri date {date} is not valid: that month has {length} day.",
                "The Hijri date {date} is not valid: that month has {length} days.",
                "length",
            ),
            date=text,
            length=length,
        )
    if in_table:
        g = Hijri(year, month, day, validate=False).to_gregorian()
        return date(g.year, g.month, g.day)
    shift = _SHIFT_BEFORE if year < HIJRI_YEAR_RANGE[0] else _SHIFT_AFTER
    ordinal = _tabular_to_ordinal(year, month, day) + shift
    if not date.min.toordinal() <= ordinal <= date.max.toordinal():
        raise UserError(
            "calendar-hijri-out-of-range",
            N_("The Hijri date {date} is too far in the future to convert."),
            date=text,
        )
    return date.fromordinal(ordinal)
