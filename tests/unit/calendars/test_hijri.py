"""Hijri conversion: Umm al-Qura inside the table, a marked, seamless fallback outside."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.calendars.hijri import (
    HIJRI_ERA_START,
    HIJRI_YEAR_RANGE,
    UMM_AL_QURA_FIRST,
    UMM_AL_QURA_LAST,
    HijriDate,
    from_hijri,
    hijri_month_length,
    hijri_month_name,
    hijri_year,
    is_exact,
    to_hijri,
)
from app.errors import UserError
from app.i18n import set_language

quick = settings(database=None, deadline=None, max_examples=300)


@pytest.fixture(autouse=True)
def arabic_by_default() -> Iterator[None]:
    set_language("ar")
    yield
    set_language("ar")


@pytest.fixture
def english() -> None:
    set_language("en")


@pytest.mark.parametrize(
    ("gregorian", "hijri"),
    [
        (date(2025, 10, 25), (1447, 5, 3)),
        (date(2026, 11, 22), (1448, 6, 12)),
        (date(2026, 2, 18), (1447, 9, 1)),  # 1 Ramadan 1447
        (date(2025, 3, 30), (1446, 10, 1)),  # Eid al-Fitr 1446
        (date(2008, 1, 10), (1429, 1, 1)),
        (date(2008, 12, 29), (1430, 1, 1)),
    ],
)
def test_known_umm_al_qura_dates(gregorian: date, hijri: tuple[int, int, int]) -> None:
    assert to_hijri(gregorian) == HijriDate(*hijri, approximate=False)
    assert from_hijri(*hijri) == gregorian
    assert hijri_year(gregorian) == hijri[0]


def test_table_bounds_match_hijridate() -> None:
    bounds = (UMM_AL_QURA_FIRST, UMM_AL_QURA_LAST, HIJRI_YEAR_RANGE)
    assert bounds == (date(1924, 8, 1), date(2077, 11, 16), (1343, 1500))
    assert to_hijri(UMM_AL_QURA_FIRST) == HijriDate(1343, 1, 1)
    assert to_hijri(UMM_AL_QURA_LAST) == HijriDate(1500, 12, 30)
    assert is_exact(UMM_AL_QURA_FIRST) and is_exact(UMM_AL_QURA_LAST)
    assert not is_exact(UMM_AL_QURA_FIRST - timedelta(days=1))
    assert not is_exact(UMM_AL_QURA_LAST + timedelta(days=1))


def test_fallback_is_marked_and_joins_the_table_without_a_gap() -> None:
    assert to_hijri(date(1924, 7, 31)) == HijriDate(1342, 12, 29, approximate=True)
    assert to_hijri(date(2077, 11, 17)) == HijriDate(1501, 1, 1, approximate=True)
    assert to_hijri(date(1900, 1, 1)).approximate
    assert to_hijri(date(2100, 1, 1)).approximate


def test_fallback_accepts_datetime() -> None:
    from datetime import datetime

    assert to_hijri(datetime(2025, 10, 25, 23, 59)) == HijriDate(1447, 5, 3)


def test_before_the_hijri_era_there_is_no_hijri_date() -> None:
    assert to_hijri(HIJRI_ERA_START) == HijriDate(1, 1, 1, approximate=True)
    with pytest.raises(UserError) as info:
        to_hijri(HIJRI_ERA_START - timedelta(days=1))
    assert info.value.code == "calendar-before-hijri-era"


@quick
@given(st.dates(min_value=HIJRI_ERA_START, max_value=date(9999, 1, 1)))
def test_round_trip_over_every_supported_day(d: date) -> None:
    h = to_hijri(d)
    assert h.approximate == (not is_exact(d))
    assert 1 <= h.month <= 12
    assert 1 <= h.day <= hijri_month_length(h.year, h.month)
    assert from_hijri(h.year, h.month, h.day, allow_approximate=h.approximate) == d


@quick
@given(st.dates(min_value=HIJRI_ERA_START, max_value=date(9998, 12, 31)))
def test_consecutive_days_are_consecutive_hijri_days(d: date) -> None:
    today, tomorrow = to_hijri(d), to_hijri(d + timedelta(days=1))
    if today.day < hijri_month_length(today.year, today.month):
        assert (tomorrow.year, tomorrow.month, tomorrow.day) == (
            today.year,
            today.month,
            today.day + 1,
        )
    elif today.month < 12:
        assert (tomorrow.year, tomorrow.month, tomorrow.day) == (today.year, today.month + 1, 1)
    else:
        assert (tomorrow.year, tomorrow.month, tomorrow.day) == (today.year + 1, 1, 1)


def test_tabular_years_have_354_or_355_days() -> None:
    for year in (1, 2, 100, 1342, 1501, 2000):
        days = sum(hijri_month_length(year, m) for m in range(1, 13))
        assert days in (354, 355)


def test_invalid_hijri_dates_raise_a_clear_user_error() -> None:
    with pytest.raises(UserError) as info:
        from_hijri(1447, 13, 1)
    assert info.value.code == "calendar-hijri-month"
    assert "13" in str(info.value)

    assert hijri_month_length(1447, 10) == 29
    with pytest.raises(UserError) as info:
        from_hijri(1447, 10, 30)
    assert info.value.code == "calendar-hijri-day"
    assert str(info.value) == "التاريخ الهجري 30/10/1447 غير صحيح: عدد أيام ذلك الشهر 29 يومًا."
    set_language("en")
    with pytest.raises(UserError) as info:
        from_hijri(1447, 10, 30)
    assert str(info.value) == "The Hijri date 30/10/1447 is not valid: that month has 29 days."

    with pytest.raises(UserError) as info:
        from_hijri(1447, 1, 0)
    assert info.value.code == "calendar-hijri-day"


def test_out_of_table_years_need_consent_to_approximate() -> None:
    with pytest.raises(UserError) as info:
        from_hijri(1342, 1, 1)
    assert info.value.code == "calendar-hijri-out-of-range"
    assert "1343" in str(info.value) and "1500" in str(info.value)
    assert from_hijri(1342, 12, 29, allow_approximate=True) == date(1924, 7, 31)
    assert from_hijri(1501, 1, 1, allow_approximate=True) == date(2077, 11, 17)
    with pytest.raises(UserError) as info:
        from_hijri(0, 1, 1, allow_approximate=True)
    assert info.value.code == "calendar-hijri-year"
    with pytest.raises(UserError) as info:
        from_hijri(99999, 1, 1, allow_approximate=True)
    assert info.value.code == "calendar-hijri-out-of-range"


def test_month_names_in_arabic_by_default() -> None:
    assert [hijri_month_name(m) for m in range(1, 13)] == [
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الآخر",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ]
    assert HijriDate(1447, 9, 1).month_name == "رمضان"


@pytest.mark.usefixtures("english")
def test_month_names_in_english() -> None:
    assert hijri_month_name(1) == "Muharram"
    assert hijri_month_name(9) == "Ramadan"
    assert hijri_month_name(12) == "Dhu al-Hijjah"
    with pytest.raises(ValueError):
        hijri_month_name(13)
