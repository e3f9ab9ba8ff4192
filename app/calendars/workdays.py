"""Working days: the weekend, official holidays and SLA deadlines.

The week runs Sunday–Thursday by default (Friday and Saturday are the
weekend). Holidays are settings, stored as :class:`HolidayRule` dicts in JSON.

Counting rule (:meth:`WorkCalendar.add_working_days`): a start that is not a
working day first rolls forward to the next working day; then ``n`` working
days are counted *after* it. So with the default week and 3 working days:

- received Sunday   → due Wednesday (Mon, Tue, Wed)
- received Thursday → due Tuesday   (Sun, Mon, Tue)
- received Friday   → counted from Sunday → due Wednesday
- ``n = 0``: the start itself if it is a working day, else the next one.

:meth:`WorkCalendar.working_days_between` is the inverse: it counts working
days in ``(a, b]``, so ``working_days_between(a, add_working_days(a, n)) == n``
whenever ``a`` is a working day.

Speed: SLA deadlines are computed for up to a million records in bulk, so the
calendar is expanded once per Gregorian year into a flag per day, a running
count of working days and the list of working days; a query is then a couple of
lookups plus one step per year boundary crossed. Hijri holidays move about 11
days earlier each Gregorian year, and a Hijri year straddles two Gregorian
years, so each Gregorian year looks at every Hijri year overlapping it (holidays
that start in December and run into January included). Measured on the
development machine (CPython 3.11, default holidays, dates over 2020–2029, year
cache warm): ``add_working_days(d, 3)`` ≈ 0.55 µs, ``is_working_day`` ≈ 0.25 µs,
``deadline(datetime, 3)`` ≈ 0.9 µs per call; expanding one year ≈ 0.2 ms. So a
million deadlines take about one second (0.55 s for a million
``add_working_days`` on dates).

Default holidays (:func:`default_holidays`), after the Saudi labour
regulations, deliberately conservative (a holiday the association does not
take merely makes a deadline earlier, never later):

- Eid al-Fitr: 1 Shawwal, 4 days (1–4 Shawwal). Many associations close longer
  (e.g. from 29 Ramadan); they change ``day``/``month``/``length_days``.
- Eid al-Adha: 9 Dhu al-Hijjah (Arafah), 4 days (9–12 Dhu al-Hijjah).
- Saudi National Day: 23 September, 1 day.
- Founding Day: 22 February, 1 day.

Hijri holidays use Umm al-Qura dates (after 2077, the approximate tabular
fallback of :mod:`app.calendars.hijri`). The actual Eid follows the moon
sighting and may differ by a day, and a holiday falling on the weekend is not
moved: a one-off "fixed" closure records either correction.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any, Final, Literal

from app.calendars.hijri import HIJRI_ERA_START, from_hijri, hijri_month_length, to_hijri
from app.errors import Plural, UserError
from app.i18n import N_, _

__all__ = [
    "DEFAULT_WEEKEND",
    "EID_AL_ADHA",
    "EID_AL_FITR",
    "FOUNDING_DAY",
    "NATIONAL_DAY",
    "HolidayKind",
    "HolidayRule",
    "WorkCalendar",
    "default_holidays",
]

HolidayKind = Literal["gregorian_annual", "hijri_annual", "fixed"]
_KINDS: Final = ("gregorian_annual", "hijri_annual", "fixed")

DEFAULT_WEEKEND: Final = frozenset({4, 5})
"""Python weekday numbers (Monday = 0): Friday and Saturday."""

_MAX_LENGTH_DAYS: Final = 366
_MAX_EMPTY_YEARS: Final = 10
"""How many years in a row without a working day before a search gives up."""

EID_AL_FITR = N_("Eid al-Fitr")
EID_AL_ADHA = N_("Eid al-Adha")
NATIONAL_DAY = N_("Saudi National Day")
FOUNDING_DAY = N_("Founding Day")

# How messages name a stored rule's fields, as the holiday dialog labels them.
_FIELD_LABELS: Final = {
    "month": N_("month"),
    "day": N_("first day"),
    "length_days": N_("length in days"),
    "start": N_("start date"),
    "end": N_("end date"),
}


def _invalid(message: str | Plural, **params: Any) -> UserError:
    return UserError("calendar-holiday-invalid", message, field="holidays", **params)


@dataclass(frozen=True, slots=True)
class HolidayRule:
    """One holiday as the settings store it.

    - ``gregorian_annual``: every year from ``day``/``month`` (Gregorian) for
      ``length_days`` days. 29 February is skipped in common years.
    - ``hijri_annual``: every Hijri year from ``day``/``month`` (Umm al-Qura)
      for ``length_days`` days. Day 30 is skipped in years when that month has 29.
    - ``fixed``: a one-off closure from ``start`` to ``end`` inclusive.

    ``name`` is free text; the default rules hold English source names that are
    translated when shown (:attr:`display_name`).
    """

    kind: HolidayKind
    name: str
    month: int = 0
    day: int = 0
    length_days: int = 1
    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise _invalid(N_("Unknown kind of holiday: {kind}."), kind=self.kind)
        if not isinstance(self.name, str) or not self.name.strip():
            raise _invalid(N_("Every holiday needs a name."))
        if self.kind == "fixed":
            if not isinstance(self.start, date) or not isinstance(self.end, date):
                raise _invalid(N_("The closure {name} needs a first and a last day."), name=self.name)
            if self.end < self.start:
                raise _invalid(N_("The closure {name} ends before it starts."), name=self.name)
            return
        if not 1 <= self.length_days <= _MAX_LENGTH_DAYS:
            raise _invalid(
                Plural(
                    "The holiday {name} must last from 1 to {most} day.",
                    "The holiday {name} must last from 1 to {most} days.",
                    "most",
                ),
                name=self.name,
                most=_MAX_LENGTH_DAYS,
            )
        if self.kind == "gregorian_annual":
            if not _is_day_of_year(self.month, self.day):
                raise _invalid(
                    N_("The holiday {name} starts on {day}/{month}, which is not a day of the year."),
                    name=self.name,
                    day=self.day,
                    month=self.month,
                )
        elif not (1 <= self.month <= 12 and 1 <= self.day <= 30):
            raise _invalid(
                N_("The holiday {name} starts on {day}/{month}, which is not a Hijri day of the year."),
                name=self.name,
                day=self.day,
                month=self.month,
            )

    @classmethod
    def gregorian_annual(cls, name: str, month: int, day: int, length_days: int = 1) -> HolidayRule:
        return cls("gregorian_annual", name, month, day, length_days)

    @classmethod
    def hijri_annual(cls, name: str, month: int, day: int, length_days: int = 1) -> HolidayRule:
        return cls("hijri_annual", name, month, day, length_days)

    @classmethod
    def fixed(cls, name: str, start: date, end: date | None = None) -> HolidayRule:
        return cls("fixed", name, start=start, end=start if end is None else end)

    @property
    def display_name(self) -> str:
        """The name in the current language: a default's English source goes through the
        catalog; a user-typed name is not in it and comes back unchanged."""
        return _(self.name)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        if self.kind == "fixed":
            assert self.start is not None and self.end is not None
            return {
                "kind": self.kind,
                "name": self.name,
                "start": self.start.isoformat(),
                "end": self.end.isoformat(),
            }
        return {
            "kind": self.kind,
            "name": self.name,
            "month": self.month,
            "day": self.day,
            "length_days": self.length_days,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HolidayRule:
        """Read a rule from settings; a malformed one raises UserError saying what is wrong."""
        if not isinstance(data, Mapping):
            raise _invalid(N_("A holiday in the settings is not in the expected form."))
        kind = data.get("kind")
        name = data.get("name")
        if kind not in _KINDS:
            raise _invalid(N_("Unknown kind of holiday: {kind}."), kind=kind)
        if not isinstance(name, str):
            raise _invalid(N_("Every holiday needs a name."))
        if kind == "fixed":
            start = _read_date(data, "start", name)
            return cls("fixed", name, start=start, end=_read_date(data, "end", name, start))
        return cls(
            kind,
            name,
            month=_read_int(data, "month", name),
            day=_read_int(data, "day", name),
            length_days=_read_int(data, "length_days", name, 1),
        )

    def _spans(self, year: int, first: int, last: int) -> Iterator[tuple[int, int]]:
        """(first, last) ordinals of the occurrences that may touch ordinals first..last."""
        if self.kind == "fixed":
            assert self.start is not None and self.end is not None
            yield self.start.toordinal(), self.end.toordinal()
        elif self.kind == "gregorian_annual":
            # An occurrence starting late the year before can run into this one.
            for y in (year - 1, year):
                try:
                    begin = date(y, self.month, self.day).toordinal()
                except ValueError:  # 29 February in a common year, or year 0
                    continue
                yield begin, begin + self.length_days - 1
        else:
            lo = max(first - self.length_days + 1, HIJRI_ERA_START.toordinal())
            if last < lo:
                return
            first_hy = to_hijri(date.fromordinal(lo)).year
            for hy in range(first_hy, to_hijri(date.fromordinal(last)).year + 1):
                if self.day > hijri_month_length(hy, self.month):
                    continue
                try:
                    begin = from_hijri(hy, self.month, self.day, allow_approximate=True).toordinal()
                except UserError:  # beyond the year 9999
                    continue
                yield begin, begin + self.length_days - 1


def _is_day_of_year(month: int, day: int) -> bool:
    try:
        date(2000, month, day)  # a leap year: 29 February is allowed
    except (ValueError, TypeError):
        return False
    return True


def _no_valid(key: str, name: str) -> UserError:
    return _invalid(
        N_("The holiday {name} in the settings has no valid {part}."),
        name=name,
        part=_(_FIELD_LABELS[key]),
    )


def _read_int(data: Mapping[str, Any], key: str, name: str, default: int | None = None) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _no_valid(key, name)
    return value


def _read_date(data: Mapping[str, Any], key: str, name: str, default: date | None = None) -> date:
    value = data.get(key)
    if value is None and default is not None:
        return default
    if not isinstance(value, str):
        raise _no_valid(key, name)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _no_valid(key, name) from None


def default_holidays() -> list[HolidayRule]:
    """The official Saudi holidays as the starting settings (see the module docstring)."""
    return [
        HolidayRule.hijri_annual(EID_AL_FITR, month=10, day=1, length_days=4),
        HolidayRule.hijri_annual(EID_AL_ADHA, month=12, day=9, length_days=4),
        HolidayRule.gregorian_annual(NATIONAL_DAY, month=9, day=23),
        HolidayRule.gregorian_annual(FOUNDING_DAY, month=2, day=22),
    ]


class _Year:
    """One Gregorian year expanded: what every query reads."""

    __slots__ = ("first", "flags", "holidays", "ranks", "total", "working")

    def __init__(self, first: int, flags: bytearray, holidays: list[tuple[int, int]]) -> None:
        self.first = first  # ordinal of 1 January
        self.flags = bytes(flags)  # 1 = working day, by day of year (0-based)
        # ranks[i] = working days before day i; ranks[len] = total
        self.ranks = array("H", accumulate(flags, initial=0))
        self.working = array("H", (i for i, f in enumerate(flags) if f))
        self.total = len(self.working)
        self.holidays = holidays  # (day of year, rule index), by day


def _plain(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


class WorkCalendar:
    """Which days are working days, and counting in them.

    Immutable once built: settings changes build a new calendar (the per-year
    cache belongs to the instance). Safe to share between threads: the worst a
    race does is expand the same year twice.
    """

    __slots__ = ("_holidays", "_weekend", "_years")

    def __init__(
        self,
        weekend: Iterable[int] = DEFAULT_WEEKEND,
        holidays: Sequence[HolidayRule] = (),
    ) -> None:
        weekend = frozenset(weekend)
        if not weekend <= set(range(7)):
            raise ValueError(f"weekend days are weekday numbers 0-6, got {sorted(weekend)}")
        if len(weekend) == 7:
            raise UserError(
                "calendar-no-working-days",
                N_("The weekend cannot take all seven days: the week needs at least one working day."),
                field="weekend",
            )
        self._weekend: frozenset[int] = weekend
        self._holidays: tuple[HolidayRule, ...] = tuple(holidays)
        self._years: dict[int, _Year] = {}

    @property
    def weekend(self) -> frozenset[int]:
        return self._weekend

    @property
    def holidays(self) -> tuple[HolidayRule, ...]:
        return self._holidays

    def __repr__(self) -> str:
        return f"WorkCalendar(weekend={sorted(self._weekend)}, holidays={len(self._holidays)})"

    # --- expansion ---------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        info = self._years.get(year)
        if info is None:
            if not 1 <= year <= 9999:
                raise UserError(
                    "calendar-out-of-range",
                    N_("Working days cannot be counted beyond the years 1 to 9999."),
                )
            info = self._years[year] = self._expand(year)
        return info

    def _expand(self, year: int) -> _Year:
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        size = last - first + 1
        weekday = date(year, 1, 1).weekday()
        weekend = self._weekend
        flags = bytearray(0 if (weekday + i) % 7 in weekend else 1 for i in range(size))
        holidays: list[tuple[int, int]] = []
        for index, rule in enumerate(self._holidays):
            for begin, end in rule._spans(year, first, last):
                for o in range(max(begin, first), min(end, last) + 1):
                    flags[o - first] = 0
                    holidays.append((o - first, index))
        holidays.sort()
        return _Year(first, flags, holidays)

    def _no_working_days(self, d: date) -> UserError:
        return UserError(
            "calendar-no-working-days",
            Plural(
                "The work calendar has no working day for more than {years} year "
                "from {date}; check the weekend and holiday settings.",
                "The work calendar has no working day for more than {years} years "
                "from {date}; check the weekend and holiday settings.",
                "years",
            ),
            years=_MAX_EMPTY_YEARS,
            date=d.isoformat(),
        )

    def _kth_from(self, year: int, info: _Year, k: int, origin: date) -> date:
        """The k-th working day (1-based) counting from 1 January of ``year`` onwards."""
        empty = 0
        while k > info.total:
            k -= info.total
            year += 1
            info = self._year(year)
            empty = empty + 1 if info.total == 0 else 0
            if empty > _MAX_EMPTY_YEARS:
                raise self._no_working_days(origin)
        while k < 1:
            year -= 1
            info = self._year(year)
            k += info.total
            empty = empty + 1 if info.total == 0 else 0
            if empty > _MAX_EMPTY_YEARS:
                raise self._no_working_days(origin)
        return date.fromordinal(info.first + info.working[k - 1])

    # --- queries -----------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Not a weekend day and not inside any holiday."""
        info = self._years.get(d.year) or self._year(d.year)
        return info.flags[d.toordinal() - info.first] == 1

    def add_working_days(self, start: date, n: int) -> date:
        """Count ``n`` working days after ``start`` (rolled forward first if not working).

        ``n = 0`` gives ``start`` when it is a working day, else the next one.
        Negative ``n`` counts back symmetrically: a non-working start rolls back
        to the previous working day, then ``-n`` working days are counted before it.
        """
        if isinstance(start, datetime):
            start = start.date()
        info = self._years.get(start.year) or self._year(start.year)
        i = start.toordinal() - info.first
        k = info.ranks[i] + 1 + n if n >= 0 else info.ranks[i] + info.flags[i] + n
        if 0 < k <= info.total:  # the usual case: the answer is in the same year
            return date.fromordinal(info.first + info.working[k - 1])
        return self._kth_from(start.year, info, k, start)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        d = _plain(d)
        info = self._year(d.year)
        i = d.toordinal() - info.first
        return self._kth_from(d.year, info, info.ranks[i + 1] + 1, d)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        d = _plain(d)
        info = self._year(d.year)
        return self._kth_from(d.year, info, info.ranks[d.toordinal() - info.first], d)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``: after ``a``, up to and including ``b``.

        Negative when ``b`` is before ``a``; 0 when they are equal.
        """
        a, b = _plain(a), _plain(b)
        if b < a:
            return -self.working_days_between(b, a)
        info_a = self._year(a.year)
        done_a = info_a.ranks[a.toordinal() - info_a.first + 1]
        info_b = info_a if b.year == a.year else self._year(b.year)
        done_b = info_b.ranks[b.toordinal() - info_b.first + 1]
        if a.year == b.year:
            return done_b - done_a
        between = sum(self._year(y).total for y in range(a.year + 1, b.year))
        return info_a.total - done_a + between + done_b

    def deadline(self, received: datetime | date, working_days: int, *, cutoff: time | None = None) -> date:
        """The due date of something received at ``received`` with ``working_days`` to answer.

        Same rule as :meth:`add_working_days` (received on a weekend or holiday →
        counted from the next working day). With ``cutoff`` (say 14:00), anything
        received at or after it counts as received the next day.
        """
        if working_days < 0:
            raise UserError(
                "calendar-negative-days",
                N_("A deadline needs zero or more working days, not {n}."),
                n=working_days,
            )
        day = _plain(received)
        if cutoff is not None and isinstance(received, datetime) and received.time() >= cutoff:
            day += timedelta(days=1)
        return self.add_working_days(day, working_days)

    def holidays_between(self, a: date, b: date) -> list[tuple[date, str]]:
        """Each holiday day in ``[a, b]`` with its name in the current language.

        Holidays on weekend days are listed too (they are still holidays). When two
        rules cover the same day, the day appears once per rule, in settings order.
        """
        a, b = _plain(a), _plain(b)
        if b < a:
            return []
        names: dict[int, str] = {}
        out: list[tuple[date, str]] = []
        lo, hi = a.toordinal(), b.toordinal()
        for year in range(a.year, b.year + 1):
            info = self._year(year)
            for offset, index in info.holidays:
                o = info.first + offset
                if lo <= o <= hi:
                    name = names.get(index)
                    if name is None:
                        name = names[index] = self._holidays[index].display_name
                    out.append((date.fromordinal(o), name))
        return out
