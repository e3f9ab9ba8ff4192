"""The one date formatter: the local dual-date convention, in both languages."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from datetime import date, datetime

import pytest

from app import i18n
from app.calendars.formatting import (
    digit_style,
    format_datetime,
    format_dual,
    format_gregorian,
    format_hijri,
    format_time,
    format_weekday,
    gregorian_month_name,
    set_digit_style,
)
from app.calendars.hijri import HIJRI_ERA_START
from app.i18n import set_language

D = date(2025, 10, 25)  # 3 Jumada al-Ula 1447, a Saturday


@pytest.fixture(autouse=True)
def arabic_by_default() -> Iterator[None]:
    set_language("ar")
    set_digit_style(None)
    yield
    set_language("ar")
    set_digit_style(None)


@pytest.fixture
def english() -> None:
    set_language("en")


def test_dual_in_arabic_is_the_local_convention() -> None:
    assert format_dual(D) == "٢٥ / ١٠ / ٢٠٢٥ م الموافق ٣ / ٥ / ١٤٤٧ هـ"


@pytest.mark.usefixtures("english")
def test_dual_in_english() -> None:
    assert format_dual(D) == "25/10/2025 (3/5/1447 AH)"


def test_digits_can_be_overridden_per_call() -> None:
    assert format_dual(D, digits="latin") == "25 / 10 / 2025 م الموافق 3 / 5 / 1447 هـ"
    set_language("en")
    assert format_dual(D, digits="arabic") == "٢٥/١٠/٢٠٢٥ (٣/٥/١٤٤٧ AH)"


def test_digit_setting_applies_to_every_call_until_cleared() -> None:
    set_digit_style("latin")
    assert digit_style() == "latin"
    assert format_gregorian(D) == "25 / 10 / 2025"
    assert format_gregorian(D, digits="arabic") == "٢٥ / ١٠ / ٢٠٢٥"
    set_digit_style(None)
    assert format_gregorian(D) == "٢٥ / ١٠ / ٢٠٢٥"
    with pytest.raises(ValueError):
        set_digit_style("roman")  # type: ignore[arg-type]


def test_gregorian_and_hijri_alone() -> None:
    assert format_gregorian(D) == "٢٥ / ١٠ / ٢٠٢٥"
    assert format_gregorian(D, suffix=True) == "٢٥ / ١٠ / ٢٠٢٥ م"
    assert format_gregorian(D, "long") == "٢٥ أكتوبر ٢٠٢٥"
    assert format_hijri(D) == "٣ / ٥ / ١٤٤٧ هـ"
    assert format_hijri(D, suffix=False) == "٣ / ٥ / ١٤٤٧"
    assert format_hijri(D, "long") == "٣ جمادى الأولى ١٤٤٧ هـ"
    assert format_dual(D, style="long") == "٢٥ أكتوبر ٢٠٢٥ م الموافق ٣ جمادى الأولى ١٤٤٧ هـ"


@pytest.mark.usefixtures("english")
def test_gregorian_and_hijri_alone_in_english() -> None:
    assert format_gregorian(D) == "25/10/2025"
    assert format_gregorian(D, suffix=True) == "25/10/2025 CE"
    assert format_gregorian(D, "long") == "25 October 2025"
    assert format_hijri(D) == "3/5/1447 AH"
    assert format_hijri(D, "long") == "3 Jumada al-Ula 1447 AH"
    assert format_dual(D, style="long") == "25 October 2025 (3 Jumada al-Ula 1447 AH)"
    assert gregorian_month_name(5) == "May"


def test_unknown_style_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        format_gregorian(D, "short")  # type: ignore[arg-type]


def test_approximate_hijri_is_marked() -> None:
    assert format_dual(date(1900, 1, 1)) == "١ / ١ / ١٩٠٠ م الموافق ٢٩ / ٨ / ١٣١٧ هـ تقريبًا"
    set_language("en")
    assert format_dual(date(1900, 1, 1)) == "1/1/1900 (approx. 29/8/1317 AH)"
    assert format_hijri(date(2100, 1, 1)).startswith("approx. ")


def test_days_before_the_hijri_era_show_the_gregorian_date_alone() -> None:
    old = date(600, 1, 1)
    assert old < HIJRI_ERA_START
    assert format_dual(old) == "١ / ١ / ٦٠٠ م"
    assert format_hijri(old) == ""


def test_datetime_is_24_hour() -> None:
    dt = datetime(2025, 10, 25, 21, 5, 9)
    assert format_time(dt) == "٢١:٠٥"
    assert format_datetime(dt) == "٢٥ / ١٠ / ٢٠٢٥ ٢١:٠٥"
    assert format_datetime(dt, seconds=True, digits="latin") == "25 / 10 / 2025 21:05:09"
    assert format_datetime(dt, dual=True) == "٢٥ / ١٠ / ٢٠٢٥ م الموافق ٣ / ٥ / ١٤٤٧ هـ ٢١:٠٥"
    assert format_dual(dt) == format_dual(D)
    set_language("en")
    assert format_datetime(datetime(2025, 10, 25, 9, 5)) == "25/10/2025 09:05"


def test_weekday() -> None:
    assert format_weekday(D) == "السبت"
    assert format_weekday(date(2025, 10, 26)) == "الأحد"
    set_language("en")
    assert format_weekday(D) == "Saturday"
    assert format_weekday(date(2025, 10, 26)) == "Sunday"


class _Catalog(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return {"{gregorian} ({hijri})": "{hijri} | {gregorian}"}.get(message, message)


def test_the_layouts_come_from_the_catalog_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # A catalog translating only the dual layout: the rest stays English source, since
    # there is no built-in Arabic besides the catalog.
    monkeypatch.setattr(i18n, "_translations", _Catalog())
    assert format_dual(D) == "٣/٥/١٤٤٧ AH | ٢٥/١٠/٢٠٢٥"
