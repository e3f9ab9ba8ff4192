"""Digits: any script in, one script out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.text.digits import (
    ARABIC_INDIC,
    LATIN,
    PERSIAN,
    localize_digits,
    parse_decimal,
    parse_int,
    to_arabic_digits,
    to_latin_digits,
)


def test_to_latin_digits() -> None:
    assert to_latin_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ 0123456789") == f"{LATIN} {LATIN} {LATIN}"
    assert to_latin_digits("رقم ٤٢") == "رقم 42"


def test_to_arabic_digits() -> None:
    assert to_arabic_digits("0123456789 ۰۱۲۳۴۵۶۷۸۹") == f"{ARABIC_INDIC} {ARABIC_INDIC}"


def test_localize_digits() -> None:
    assert localize_digits("42 ۴۲", "arabic") == "٤٢ ٤٢"
    assert localize_digits("٤٢ ۴۲", "latin") == "42 42"


@given(st.text())
def test_round_trips(text: str) -> None:
    latin = to_latin_digits(text)
    assert not set(ARABIC_INDIC + PERSIAN) & set(latin)
    assert to_latin_digits(to_arabic_digits(latin)) == latin


@given(st.integers())
def test_parse_int_reads_any_script(number: int) -> None:
    for text in (str(number), to_arabic_digits(str(number)), f" {number} "):
        assert parse_int(text) == number


@pytest.mark.parametrize(
    ("text", "value"),
    [("٤٢", 42), ("۴۲", 42), ("+٤٢", 42), ("-7", -7), ("١٬٠٠٠", 1000), ("1,000", 1000)],
)
def test_parse_int(text: str, value: int) -> None:
    assert parse_int(text) == value


@pytest.mark.parametrize("text", ["", "-", "4.2", "abc", "٤٢ريال", "²"])
def test_parse_int_rejects(text: str) -> None:
    assert parse_int(text) is None


@pytest.mark.parametrize(("text", "value"), [("١٢٫٥", 12.5), ("12.5", 12.5), (" 3 ", 3.0)])
def test_parse_decimal(text: str, value: float) -> None:
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", "-inf"])
def test_parse_decimal_rejects(text: str) -> None:
    assert parse_decimal(text) is None
