"""Saudi phone numbers: every way of writing one gives the same canonical form."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import UserError
from app.i18n import set_language
from app.text.digits import ARABIC_INDIC, PERSIAN
from app.text.phone import (
    canonical_mobile,
    canonical_phone,
    display_mobile,
    display_phone,
    parse_mobile,
    phone_search_key,
)

DIGIT_SCRIPTS = [
    str.maketrans("", ""),
    str.maketrans("0123456789", ARABIC_INDIC),
    str.maketrans("0123456789", PERSIAN),
    str.maketrans("0123456789", "０１２３４５６７８９"),
]
SEPARATORS = ["", " ", "-", ".", "\u00a0", " - ", "\u2011"]
INVISIBLE = ["", "\u200e", "\u200f", "\u2066", "\u2069", "\u061c", "\u200b", "\ufeff"]

national_mobiles = st.text(alphabet="0123456789", min_size=8, max_size=8).map(lambda s: "5" + s)


def _grouped(digits: str, separator: str) -> str:
    """``0551234567`` → ``055 123 4567`` with the given separator."""
    return separator.join([digits[:-7], digits[-7:-4], digits[-4:]])


@st.composite
def written_mobiles(draw: st.DrawFn, national: str) -> str:
    """``national`` written the way people write it: prefix, grouping, digits, bidi marks."""
    prefix = draw(st.sampled_from(["0", "", "+966", "00966", "966", "+966 ", "+966 (0)", "+9660"]))
    separator = draw(st.sampled_from(SEPARATORS))
    body = prefix + _grouped(national, separator) if separator else prefix + national
    if draw(st.booleans()) and prefix == "0":
        body = f"(0{national[:2]}) {national[2:5]}-{national[5:]}"
    body = body.translate(draw(st.sampled_from(DIGIT_SCRIPTS)))
    if prefix == "966" and draw(st.booleans()):
        body += "+"  # the plus typed into right-to-left text lands at the end
    before, after = draw(st.sampled_from(INVISIBLE)), draw(st.sampled_from(INVISIBLE))
    return f"{before}{body}{after}"


def mobiles_and_writings() -> st.SearchStrategy[tuple[str, str]]:
    return national_mobiles.flatmap(lambda n: st.tuples(st.just(n), written_mobiles(n)))


# --- canonical_mobile ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "0551234567",
        "551234567",
        "+966551234567",
        "00966551234567",
        "966551234567",
        "055 123 4567",
        "055-123-4567",
        "055.123.4567",
        "(055) 123 4567",
        "+966 55 123 4567",
        "+966 (0) 55 123 4567",
        "٠٥٥١٢٣٤٥٦٧",
        "٠٥٥ ١٢٣ ٤٥٦٧",
        "۰۵۵۱۲۳۴۵۶۷",
        "\u200f+966 55 123 4567\u200f",
        "\u2066055 123 4567\u2069",
        "966551234567+",
        "  0551234567\n",
    ],
)
def test_every_common_writing_gives_the_canonical_mobile(typed: str) -> None:
    assert canonical_mobile(typed) == "+966551234567"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "0451234567",  # wrong prefix
        "0112345678",  # a landline
        "055123456",  # too short
        "05512345678",  # too long
        "55123456",
        "+96655123456",
        "+9665512345678",
        "+971551234567",  # another country
        "0096655123456",
        "055123456a",
        "05512345o7",
        "mobile 0551234567",
        "0551234567 / 0501234567",  # two numbers in one field
        "+0551234567",
        "++966551234567",
        "+966+551234567",
        "8001234567",
        "05_5123_4567",
    ],
)
def test_anything_else_is_not_a_mobile(typed: str) -> None:
    assert canonical_mobile(typed) is None


@given(mobiles_and_writings())
def test_every_writing_of_a_mobile_maps_to_one_canonical_value(pair: tuple[str, str]) -> None:
    national, written = pair
    assert canonical_mobile(written) == "+966" + national
    assert canonical_phone(written) == "+966" + national


@given(national_mobiles)
def test_canonical_is_a_fixed_point(national: str) -> None:
    canonical = "+966" + national
    assert canonical_mobile(canonical) == canonical
    assert canonical_phone(canonical) == canonical


@given(
    st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda s: s[0] != "5"),
    st.sampled_from(["0", "", "+966", "00966"]),
)
def test_a_national_number_not_starting_with_5_is_not_a_mobile(national: str, prefix: str) -> None:
    assert canonical_mobile(prefix + national) is None


@given(
    st.text(alphabet="0123456789", max_size=14).filter(lambda s: len(s) not in (8, 9)),
    st.sampled_from(["0", "+966", "00966"]),
)
def test_a_wrong_length_is_not_a_mobile(rest: str, prefix: str) -> None:
    number = prefix + "5" + rest
    assert canonical_mobile(number) is None
    assert canonical_mobile(number.replace("+966", "+9660").replace("00966", "009660")) is None


@given(
    mobiles_and_writings(),
    st.integers(min_value=0, max_value=30),
    st.characters(categories=["L"]),
)
def test_a_letter_anywhere_makes_it_not_a_mobile(
    pair: tuple[str, str], position: int, letter: str
) -> None:
    written = pair[1]
    position = min(position, len(written))
    assert canonical_mobile(written[:position] + letter + written[position:]) is None


# --- display ------------------------------------------------------------------------


def test_display_mobile_is_the_local_form() -> None:
    assert display_mobile("+966551234567") == "055 123 4567"


def test_display_mobile_leaves_anything_else_as_it_is() -> None:
    assert display_mobile("+442079460018") == "+442079460018"
    assert display_mobile("غير معروف") == "غير معروف"
    assert display_mobile("") == ""


@given(national_mobiles)
def test_display_round_trips_to_canonical(national: str) -> None:
    canonical = "+966" + national
    shown = display_mobile(canonical)
    assert re.fullmatch(r"05\d \d{3} \d{4}", shown)
    assert canonical_mobile(shown) == canonical
    assert display_phone(canonical) == shown


@pytest.mark.parametrize(
    ("canonical", "shown"),
    [
        ("+966551234567", "055 123 4567"),
        ("+966112345678", "011 234 5678"),
        ("8001234567", "800 123 4567"),
        ("+442079460018", "+442079460018"),
        ("not a phone", "not a phone"),
    ],
)
def test_display_phone(canonical: str, shown: str) -> None:
    assert display_phone(canonical) == shown
    if canonical_phone(canonical) is not None:
        assert canonical_phone(shown) == canonical


# --- canonical_phone ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("0551234567", "+966551234567"),
        ("011 234 5678", "+966112345678"),
        ("012-345-6789", "+966123456789"),
        ("013 812 3456", "+966138123456"),
        ("+966 11 234 5678", "+966112345678"),
        ("00966112345678", "+966112345678"),
        ("٠١١٢٣٤٥٦٧٨", "+966112345678"),
        ("800 123 4567", "8001234567"),
        ("٨٠٠١٢٣٤٥٦٧", "8001234567"),
        ("+44 20 7946 0018", "+442079460018"),
        ("0044 20 7946 0018", "+442079460018"),
        ("+1 (202) 555-0123", "+12025550123"),
        ("+20 10 1234 5678", "+201012345678"),
        ("+9715 0123 4567", "+971501234567"),
        ("+1234567", "+1234567"),  # 7 digits: the shortest E.164 number accepted
        ("+123456789012345", "+123456789012345"),  # 15 digits: the longest
    ],
)
def test_canonical_phone(typed: str, canonical: str) -> None:
    assert canonical_phone(typed) == canonical
    assert canonical_phone(canonical) == canonical


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "0151234567",  # no such area code
        "0182345678",
        "112345678",  # a landline needs its 0 or the country code
        "01123456789",
        "800123456",
        "80012345678",
        "+966800123456",  # toll-free is not diallable from abroad
        "+966 9200 12345",
        "+96611234567",  # a Saudi number of the wrong length
        "+123456",  # too short
        "+1234567890123456",  # too long
        "+0123456789",
        "00 0123456789",
        "123456",
        "0551234567 ext 12",
        "abc",
    ],
)
def test_not_a_phone(typed: str) -> None:
    assert canonical_phone(typed) is None


@given(st.text())
def test_canonical_phone_is_none_or_a_fixed_point(text: str) -> None:
    canonical = canonical_phone(text)
    if canonical is not None:
        assert canonical_phone(canonical) == canonical
        assert re.fullmatch(r"\+[1-9]\d{6,14}|800\d{7}", canonical)
    mobile = canonical_mobile(text)
    if mobile is not None:
        assert mobile == canonical
        assert re.fullmatch(r"\+9665\d{8}", mobile)


# --- phone_search_key ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("+966551234567", "551234567"),
        ("0551234567", "551234567"),
        ("٠٥٥ ١٢٣ ٤٥٦٧", "551234567"),
        ("00966 55 123 4567", "551234567"),
        ("+966 (0) 55 123 4567", "551234567"),
        ("055123", "55123"),
        ("4567", "4567"),
        ("+96655", "55"),
        ("+9", ""),
        ("+96", ""),
        ("0096", ""),
        ("0", ""),
        ("", ""),
        ("محمد", ""),
        ("+442079460018", "442079460018"),
        ("020 7946 0018", "2079460018"),
        ("8001234567", "8001234567"),
    ],
)
def test_phone_search_key(text: str, key: str) -> None:
    assert phone_search_key(text) == key


@given(mobiles_and_writings())
def test_every_writing_of_a_mobile_has_the_same_search_key(pair: tuple[str, str]) -> None:
    national, written = pair
    assert phone_search_key(written) == national


@given(national_mobiles, st.data())
def test_a_fragment_typed_while_searching_finds_the_number(
    national: str, data: st.DataObject
) -> None:
    stored_key = phone_search_key("+966" + national)
    local = "0" + national
    start = data.draw(st.integers(0, len(local)))
    end = data.draw(st.integers(start, len(local)))
    assert phone_search_key(local[start:end]) in stored_key
    for written in ("+966 " + _grouped(national, " "), "00966" + national, "+966" + national):
        cut = data.draw(st.integers(0, len(written)))
        assert phone_search_key(written[:cut]) in stored_key


# --- parse_mobile -------------------------------------------------------------------


def test_parse_mobile_returns_the_canonical_number() -> None:
    assert parse_mobile("٠٥٥ ١٢٣ ٤٥٦٧") == "+966551234567"


@pytest.mark.parametrize("typed", ["0451234567", "", "abc"])
def test_parse_mobile_rejects_with_a_clear_error(typed: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_mobile(typed)
    error = caught.value
    assert error.code == "invalid-mobile"
    assert error.field == "mobile"
    assert error.params == {"value": typed}
    assert error.source_message == (
        "“{value}” is not a Saudi mobile number; write it as 05XXXXXXXX."
    )
    assert f"«{typed}»" in str(error)  # Arabic, with Arabic quotation marks
    set_language("en")
    assert f"“{typed}”" in str(error)
