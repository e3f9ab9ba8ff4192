"""Working days: Sunday–Thursday week, holidays from settings, SLA deadlines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.calendars.hijri import to_hijri
from app.calendars.workdays import (
    DEFAULT_WEEKEND,
    HolidayRule,
    WorkCalendar,
    default_holidays,
)
from app.errors import UserError
from app.i18n import set_language

quick = settings(database=None, deadline=None, max_examples=200)

CAL = WorkCalendar(holidays=default_holidays())
PLAIN = WorkCalendar()

SUN, MON, TUE, WED, THU, FRI, SAT = (date(2026, 1, 4) + timedelta(days=i) for i in range(7))


@pytest.fixture(autouse=True)
def arabic_by_default() -> Iterator[None]:
    set_language("ar")
    yield
    set_language("ar")


@pytest.fixture
def english() -> None:
    set_language("en")


# --- the week --------------------------------------------------------------------------


def test_week_runs_sunday_to_thursday() -> None:
    assert SUN.strftime("%A") == "Sunday"
    assert sorted(DEFAULT_WEEKEND) == [4, 5]
    assert [PLAIN.is_working_day(d) for d in (SUN, MON, TUE, WED, THU, FRI, SAT)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_counting_examples_from_the_docs() -> None:
    assert PLAIN.add_working_days(SUN, 3) == WED
    assert PLAIN.add_working_days(THU, 3) == TUE + timedelta(days=7)
    assert PLAIN.add_working_days(FRI, 3) == WED + timedelta(days=7)  # counted from Sunday
    assert PLAIN.add_working_days(SAT, 3) == WED + timedelta(days=7)
    assert PLAIN.add_working_days(SUN, 0) == SUN
    assert PLAIN.add_working_days(FRI, 0) == SUN + timedelta(days=7)
    assert PLAIN.add_working_days(SUN, 5) == SUN + timedelta(days=7)


def test_next_and_previous_working_day_are_strict() -> None:
    assert PLAIN.next_working_day(SUN) == MON
    assert PLAIN.next_working_day(THU) == SUN + timedelta(days=7)
    assert PLAIN.next_working_day(FRI) == SUN + timedelta(days=7)
    assert PLAIN.previous_working_day(SUN) == THU - timedelta(days=7)
    assert PLAIN.previous_working_day(SAT) == THU


def test_counting_back() -> None:
    assert PLAIN.add_working_days(WED, -3) == SUN
    assert PLAIN.add_working_days(SUN, -1) == THU - timedelta(days=7)
    assert PLAIN.add_working_days(SAT, -1) == WED  # rolls back to Thursday first


def test_working_days_between_counts_after_a_up_to_b() -> None:
    assert PLAIN.working_days_between(SUN, SUN) == 0
    assert PLAIN.working_days_between(SUN, WED) == 3
    assert PLAIN.working_days_between(WED, SUN) == -3
    assert PLAIN.working_days_between(THU, SAT) == 0
    assert PLAIN.working_days_between(date(2025, 12, 31), date(2027, 1, 1)) == (
        PLAIN.working_days_between(date(2025, 12, 31), date(2026, 12, 31))
        + PLAIN.working_days_between(date(2026, 12, 31), date(2027, 1, 1))
    )
    assert PLAIN.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 261


def test_other_weekends() -> None:
    cal = WorkCalendar(weekend={6})  # a six-day week, Sunday off
    assert cal.is_working_day(FRI) and cal.is_working_day(SAT)
    assert not cal.is_working_day(SUN)
    assert cal.add_working_days(SAT, 1) == MON + timedelta(days=7)


def test_a_week_without_working_days_is_refused() -> None:
    with pytest.raises(UserError) as info:
        WorkCalendar(weekend=range(7))
    assert info.value.code == "calendar-no-working-days"
    with pytest.raises(ValueError):
        WorkCalendar(weekend={7})


# --- holidays --------------------------------------------------------------------------


def test_default_holidays() -> None:
    rules = default_holidays()
    assert [r.to_dict() for r in rules] == [
        {"kind": "hijri_annual", "name": "Eid al-Fitr", "month": 10, "day": 1, "length_days": 4},
        {"kind": "hijri_annual", "name": "Eid al-Adha", "month": 12, "day": 9, "length_days": 4},
        {
            "kind": "gregorian_annual",
            "name": "Saudi National Day",
            "month": 9,
            "day": 23,
            "length_days": 1,
        },
        {"kind": "gregorian_annual", "name": "Founding Day", "month": 2, "day": 22, "length_days": 1},
    ]


def test_national_day_is_skipped() -> None:
    national = date(2026, 9, 23)
    assert national.strftime("%A") == "Wednesday"
    assert PLAIN.is_working_day(national)
    assert not CAL.is_working_day(national)
    assert CAL.add_working_days(date(2026, 9, 22), 1) == date(2026, 9, 24)
    assert CAL.add_working_days(date(2026, 9, 21), 3) == date(2026, 9, 27)  # Mon → Sun
    assert CAL.working_days_between(date(2026, 9, 21), date(2026, 9, 27)) == 3


def test_founding_day_is_skipped() -> None:
    assert not CAL.is_working_day(date(2027, 2, 22))  # a Monday
    assert CAL.is_working_day(date(2027, 2, 23))


def test_eid_al_fitr_1447_spans_four_days() -> None:
    # 1 Shawwal 1447 = Friday 20 March 2026; Eid runs 20–23 March.
    assert [CAL.is_working_day(date(2026, 3, d)) for d in range(19, 25)] == [
        True,
        False,
        False,
        False,
        False,
        True,
    ]
    assert CAL.add_working_days(date(2026, 3, 19), 1) == date(2026, 3, 24)
    # Received during Eid: counted from Tuesday 24th → Wed, Thu, (weekend), Sun.
    assert CAL.deadline(datetime(2026, 3, 20, 10, 0), 3) == date(2026, 3, 29)


def test_eid_al_adha_1447_spans_arafah_and_three_days() -> None:
    # 9 Dhu al-Hijjah 1447 = Tuesday 26 May 2026.
    assert [CAL.is_working_day(date(2026, 5, d)) for d in range(25, 32)] == [
        True,  # Mon
        False,  # Tue, Arafah
        False,
        False,
        False,  # Fri
        False,  # Sat, weekend
        True,  # Sun
    ]


def test_holidays_between_lists_each_day_with_its_name() -> None:
    days = CAL.holidays_between(date(2026, 1, 1), date(2026, 12, 31))
    assert len(days) == 10
    assert days[0] == (date(2026, 2, 22), "يوم التأسيس")
    assert days[1] == (date(2026, 3, 20), "عيد الفطر")
    assert days[-1] == (date(2026, 9, 23), "اليوم الوطني")
    assert CAL.holidays_between(date(2026, 3, 21), date(2026, 3, 22)) == [
        (date(2026, 3, 21), "عيد الفطر"),
        (date(2026, 3, 22), "عيد الفطر"),
    ]
    assert CAL.holidays_between(date(2026, 3, 22), date(2026, 3, 21)) == []


@pytest.mark.usefixtures("english")
def test_holiday_names_in_english_and_user_names_unchanged() -> None:
    cal = WorkCalendar(holidays=[*default_holidays(), HolidayRule.fixed("إجازة خاصة", date(2026, 9, 23))])
    assert cal.holidays_between(date(2026, 9, 23), date(2026, 9, 23)) == [
        (date(2026, 9, 23), "Saudi National Day"),
        (date(2026, 9, 23), "إجازة خاصة"),
    ]


def test_a_hijri_holiday_can_fall_twice_in_one_gregorian_year() -> None:
    cal = WorkCalendar(holidays=[HolidayRule.hijri_annual("Hijri New Year", 1, 1)])
    assert [d for d, _ in cal.holidays_between(date(2008, 1, 1), date(2008, 12, 31))] == [
        date(2008, 1, 10),
        date(2008, 12, 29),
    ]


def test_holidays_running_into_the_next_gregorian_year() -> None:
    h = to_hijri(date(2025, 12, 30))
    hijri_rule = HolidayRule.hijri_annual("h", h.month, h.day, length_days=5)
    gregorian_rule = HolidayRule.gregorian_annual("g", 12, 30, length_days=5)
    for rule in (hijri_rule, gregorian_rule):
        cal = WorkCalendar(weekend=frozenset(), holidays=[rule])
        off = [date(2025, 12, 30) + timedelta(days=i) for i in range(5)]
        assert [d for d, _ in cal.holidays_between(date(2025, 12, 1), date(2026, 1, 31))] == off
        # Asking about January first must still see the holiday begun in December.
        fresh = WorkCalendar(weekend=frozenset(), holidays=[rule])
        assert not fresh.is_working_day(date(2026, 1, 3))
        assert fresh.is_working_day(date(2026, 1, 4))


def test_29_february_and_hijri_day_30_skip_years_without_them() -> None:
    leap = WorkCalendar(weekend=frozenset(), holidays=[HolidayRule.gregorian_annual("x", 2, 29)])
    assert not leap.is_working_day(date(2028, 2, 29))
    assert leap.is_working_day(date(2027, 3, 1))
    # Shawwal 1447 has 29 days: a holiday on 30 Shawwal does not happen that year.
    thirty = WorkCalendar(weekend=frozenset(), holidays=[HolidayRule.hijri_annual("y", 10, 30)])
    assert thirty.holidays_between(date(2026, 3, 1), date(2026, 5, 1)) == []


def test_a_closure_of_a_few_years_is_crossed_but_an_endless_one_is_refused() -> None:
    three_years = HolidayRule.fixed("closed", date(2026, 1, 1), date(2028, 12, 31))
    cal = WorkCalendar(holidays=[three_years])
    assert cal.add_working_days(date(2026, 6, 1), 1) == date(2029, 1, 2)  # 1 Jan 2029 is a Monday
    assert cal.add_working_days(date(2029, 1, 1), -1) == date(2025, 12, 31)
    forever = HolidayRule.fixed("closed", date(2026, 1, 1), date(2060, 12, 31))
    cal = WorkCalendar(holidays=[forever])
    with pytest.raises(UserError) as info:
        cal.add_working_days(date(2026, 6, 1), 1)
    assert info.value.code == "calendar-no-working-days"
    assert "2026-06-01" in str(info.value)


def test_counting_past_the_year_9999_is_a_user_error() -> None:
    with pytest.raises(UserError) as info:
        PLAIN.add_working_days(date(9999, 12, 30), 5)
    assert info.value.code == "calendar-out-of-range"


# --- deadlines -------------------------------------------------------------------------


def test_deadline_from_a_datetime() -> None:
    assert CAL.deadline(datetime(2026, 1, 4, 9, 30), 3) == WED
    assert CAL.deadline(datetime(2026, 1, 9, 9, 30), 3) == WED + timedelta(days=7)
    assert CAL.deadline(SUN, 0) == SUN


def test_deadline_after_the_cutoff_counts_from_the_next_day() -> None:
    cutoff = time(14, 0)
    assert CAL.deadline(datetime(2026, 1, 4, 13, 59), 1, cutoff=cutoff) == MON
    assert CAL.deadline(datetime(2026, 1, 4, 14, 0), 1, cutoff=cutoff) == TUE
    assert CAL.deadline(datetime(2026, 1, 8, 15, 0), 1, cutoff=cutoff) == MON + timedelta(days=7)


def test_negative_deadline_is_refused() -> None:
    with pytest.raises(UserError) as info:
        CAL.deadline(SUN, -1)
    assert info.value.code == "calendar-negative-days"


# --- settings storage ------------------------------------------------------------------


def test_rules_round_trip_through_json() -> None:
    rules = [
        *default_holidays(),
        HolidayRule.fixed("إغلاق", date(2026, 4, 1), date(2026, 4, 3)),
    ]
    stored = json.loads(json.dumps([r.to_dict() for r in rules]))
    assert [HolidayRule.from_dict(d) for d in stored] == rules
    assert stored[-1] == {"kind": "fixed", "name": "إغلاق", "start": "2026-04-01", "end": "2026-04-03"}
    one_day = HolidayRule.from_dict({"kind": "fixed", "name": "x", "start": "2026-04-01"})
    assert one_day.end == date(2026, 4, 1)
    assert HolidayRule.from_dict({"kind": "gregorian_annual", "name": "x", "month": 1, "day": 1})


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "weekly", "name": "x"},
        {"kind": "fixed", "name": "", "start": "2026-04-01"},
        {"kind": "fixed", "name": "x", "start": "01/04/2026"},
        {"kind": "fixed", "name": "x", "start": 5},
        {"kind": "fixed", "name": "x", "start": "2026-04-02", "end": "2026-04-01"},
        {"kind": "gregorian_annual", "name": "x", "month": 2, "day": 30},
        {"kind": "gregorian_annual", "name": "x", "month": "9", "day": 23},
        {"kind": "gregorian_annual", "name": "x", "month": True, "day": 23},
        {"kind": "hijri_annual", "name": "x", "month": 13, "day": 1},
        {"kind": "hijri_annual", "name": "x", "month": 9, "day": 31},
        {"kind": "hijri_annual", "name": "x", "month": 9, "day": 1, "length_days": 0},
        {"kind": "hijri_annual", "name": "x", "month": 9, "day": 1, "length_days": 400},
        {"name": "x"},
    ],
)
def test_malformed_settings_raise_a_clear_user_error(data: dict[str, object]) -> None:
    with pytest.raises(UserError) as info:
        HolidayRule.from_dict(data)
    assert info.value.code == "calendar-holiday-invalid"
    assert str(info.value).endswith(".")


def test_a_malformed_field_is_named_as_the_holiday_dialog_labels_it() -> None:
    with pytest.raises(UserError) as info:
        HolidayRule.from_dict({"kind": "gregorian_annual", "name": "x", "month": "9", "day": 23})
    assert str(info.value) == "لا تحتوي إجازة «x» في الإعدادات على قيمة صحيحة للحقل «الشهر»."
    set_language("en")
    with pytest.raises(UserError) as info:
        HolidayRule.from_dict({"kind": "fixed", "name": "x", "start": 5})
    assert str(info.value) == "The holiday x in the settings has no valid start date."
    with pytest.raises(UserError) as info:
        HolidayRule.from_dict({"kind": "hijri_annual", "name": "x", "month": 9, "day": 1, "length_days": "4"})
    assert str(info.value) == "The holiday x in the settings has no valid length in days."
    with pytest.raises(UserError) as info:
        HolidayRule.from_dict(["not", "a", "mapping"])  # type: ignore[arg-type]
    assert str(info.value) == "A holiday in the settings is not in the expected form."


def test_the_longest_holiday_is_counted_with_the_plural_form_of_its_number() -> None:
    with pytest.raises(UserError) as info:
        HolidayRule.hijri_annual("x", month=9, day=1, length_days=400)
    assert str(info.value) == "يجب أن تكون مدة إجازة «x» من يوم واحد إلى 366 يومًا."
    set_language("en")
    with pytest.raises(UserError) as info:
        HolidayRule.hijri_annual("x", month=9, day=1, length_days=400)
    assert str(info.value) == "The holiday x must last from 1 to 366 days."


# --- properties ------------------------------------------------------------------------

weekends = st.frozensets(st.integers(0, 6), max_size=6)
rules = st.one_of(
    st.builds(
        HolidayRule.gregorian_annual,
        st.just("g"),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(1, 20),
    ),
    st.builds(
        HolidayRule.hijri_annual,
        st.just("h"),
        st.integers(1, 12),
        st.integers(1, 30),
        st.integers(1, 20),
    ),
    st.builds(
        lambda s, n: HolidayRule.fixed("f", s, s + timedelta(days=n)),
        st.dates(date(2020, 1, 1), date(2030, 12, 31)),
        st.integers(0, 40),
    ),
)
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))
counts = st.integers(0, 400)


def _naive_is_working(weekend: frozenset[int], holidays: list[HolidayRule], d: date) -> bool:
    """Day-by-day reference: re-derives every holiday from its definition."""
    if d.weekday() in weekend:
        return False
    for rule in holidays:
        if rule.kind == "fixed":
            assert rule.start is not None and rule.end is not None
            if rule.start <= d <= rule.end:
                return False
            continue
        for back in range(rule.length_days):
            day = d - timedelta(days=back)
            if rule.kind == "gregorian_annual":
                hit = (day.month, day.day) == (rule.month, rule.day)
            else:
                h = to_hijri(day)
                hit = (h.month, h.day) == (rule.month, rule.day)
            if hit:
                return False
    return True


@quick
@given(weekends, st.lists(rules, max_size=4), days, st.integers(-60, 60))
def test_matches_a_day_by_day_reference(
    weekend: frozenset[int], holidays: list[HolidayRule], start: date, n: int
) -> None:
    cal = WorkCalendar(weekend, holidays)

    def working(d: date) -> bool:
        return _naive_is_working(weekend, holidays, d)

    d = start
    step = timedelta(days=1 if n >= 0 else -1)
    while not working(d):
        d += step
    for _ in range(abs(n)):
        d += step
        while not working(d):
            d += step
    assert cal.add_working_days(start, n) == d
    assert cal.is_working_day(start) == working(start)


@quick
@given(days, counts)
def test_result_is_a_working_day(start: date, n: int) -> None:
    assert CAL.is_working_day(CAL.add_working_days(start, n))


@quick
@given(days, counts, counts)
def test_monotonic_in_n(start: date, n: int, m: int) -> None:
    lo, hi = sorted((n, m))
    assert CAL.add_working_days(start, lo) <= CAL.add_working_days(start, hi)
    if lo < hi:
        assert CAL.add_working_days(start, lo) < CAL.add_working_days(start, hi)


@quick
@given(days, st.integers(-400, 400))
def test_between_inverts_add_for_working_days(start: date, n: int) -> None:
    a = start if CAL.is_working_day(start) else CAL.next_working_day(start)
    assert CAL.working_days_between(a, CAL.add_working_days(a, n)) == n


@quick
@given(days, days)
def test_between_is_additive_and_antisymmetric(a: date, b: date) -> None:
    mid = date(2025, 6, 15)
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)
    assert CAL.working_days_between(a, b) == (
        CAL.working_days_between(a, mid) + CAL.working_days_between(mid, b)
    )
