"""Search normalisation: every way a name is typed must fold to the same text."""

from __future__ import annotations

import sqlite3
import unicodedata

import arabic_reshaper
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.text.digits import ARABIC_INDIC, PERSIAN
from app.text.normalize import (
    INVISIBLE_CHARACTERS,
    LIKE_ESCAPE,
    like_pattern,
    normalize_search,
    search_terms,
)

DIACRITICS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"]
TATWEEL = "\u0640"
BIDI_CONTROLS = ["\u200e", "\u200f", "\u061c"] + [chr(c) for c in range(0x202A, 0x202F)]
BIDI_CONTROLS += [chr(c) for c in range(0x2066, 0x206A)]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff"]
HAMZA_SEATS = "أإآٱؤئ"

# Letters that normalise to themselves; the base of every generated name.
PLAIN_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويء"
# How each plain letter may be typed instead (composed and decomposed hamza forms,
# ta marbuta, alef maqsura, Persian and Urdu look-alikes).
VARIANTS: dict[str, list[str]] = {
    "ا": ["ا", "أ", "إ", "آ", "ٱ", "ا\u0654", "ا\u0655", "ا\u0653", "\ufe8d", "\ufe83"],
    "ي": ["ي", "ى", "ئ", "ي\u0654", "ی", "\ufef1", "\ufef0"],
    "ه": ["ه", "ة", "ہ", "ھ", "ۀ", "ۃ", "\ufe93"],
    "و": ["و", "ؤ", "و\u0654"],
    "ك": ["ك", "ک"],
}


@st.composite
def plain_names(draw: st.DrawFn) -> str:
    """One to four Arabic words made of letters that are already normalised."""
    words = draw(
        st.lists(st.text(alphabet=PLAIN_LETTERS, min_size=1, max_size=8), min_size=1, max_size=4)
    )
    return " ".join(words)


@st.composite
def typed_like_people_do(draw: st.DrawFn, name: str) -> str:
    """``name`` with variant letters, diacritics, tatweel, invisible marks and odd spacing."""
    out: list[str] = []
    noise = st.sampled_from([*DIACRITICS, TATWEEL, *BIDI_CONTROLS, *ZERO_WIDTH])
    spaces = st.sampled_from([" ", "  ", "\u00a0", "\t", "\u2003", " \u200f "])
    if draw(st.booleans()):
        out.append(draw(spaces))
    for char in name:
        if char == " ":
            out.append(draw(spaces))
            continue
        out.append(draw(st.sampled_from(VARIANTS.get(char, [char]))))
        out.extend(draw(st.lists(noise, max_size=2)))
    if draw(st.booleans()):
        out.append(draw(spaces))
    return "".join(out)


# --- Examples: each rule on its own -------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمنة", "امنه"),
        ("ٱلله", "الله"),
        ("مؤمن", "مومن"),
        ("هانئ", "هاني"),
        ("عيسى", "عيسي"),
        ("فاطمة", "فاطمه"),
        ("مُحَمَّدٌ", "محمد"),
        ("مـــحـمـد", "محمد"),
        ("الرَّحْمٰن", "الرحمن"),  # dagger alef U+0670
        ("علاء", "علاء"),  # the standalone hamza is kept
        ("سماء", "سماء"),
        ("کریم", "كريم"),  # Persian keheh and farsi yeh
        ("ہالہ", "هاله"),  # Urdu heh goal
        ("ھند", "هند"),  # heh doachashmee
        ("ﻣﺤﻤﺪ", "محمد"),  # presentation forms pasted from a PDF
        ("ﻻ", "لا"),
        ("ﷲ", "الله"),
        ("٠٥٥١٢٣٤٥٦٧", "0551234567"),
        ("۰۵۵۱۲۳۴۵۶۷", "0551234567"),
        ("０５５", "055"),  # full-width digits, by NFKC
        ("Mohammed AL-Qahtani", "mohammed al-qahtani"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),  # casefold, not lower
        ("\u200fمحمد\u200f", "محمد"),
        ("\u2067محمد\u2069 \u202bأحمد\u202c", "محمد احمد"),
        ("مح\u200cمد\u200d\ufeff", "محمد"),
        ("  محمد\u00a0\u00a0 \t\nأحمد  ", "محمد احمد"),
        ("", ""),
        ("   \u200f ", ""),
    ],
)
def test_folds_each_rule(typed: str, expected: str) -> None:
    assert normalize_search(typed) == expected


def test_hamza_variants_of_one_name_all_match() -> None:
    spellings = ["أسامة", "اسامة", "إسامه", "اُسَامَة", "أســامة", "\u200fأسامة\u200f"]
    assert {normalize_search(s) for s in spellings} == {"اسامه"}


def test_decomposed_hamza_matches_the_composed_letter() -> None:
    assert normalize_search("ا\u0654حمد") == normalize_search("أحمد") == "احمد"
    assert normalize_search("ي\u0654") == normalize_search("ئ") == "ي"


def test_latin_combining_mark_brought_together_by_a_deletion_is_still_a_fixed_point() -> None:
    once = normalize_search("e\u200b\u0301")
    assert once == "é"
    assert normalize_search(once) == once


# --- Properties ---------------------------------------------------------------------


@given(st.text())
@example("e\u200b\u0301")
@example("ﷺ  ﷽")
@example("\ufc5e")  # a presentation-form ligature of two diacritics
def test_is_idempotent(text: str) -> None:
    once = normalize_search(text)
    assert normalize_search(once) == once


@given(st.text())
def test_output_has_no_marks_controls_or_odd_spaces(text: str) -> None:
    result = normalize_search(text)
    forbidden = set(DIACRITICS) | {TATWEEL} | set(BIDI_CONTROLS) | set(ZERO_WIDTH)
    forbidden |= set(HAMZA_SEATS + "ىة" + ARABIC_INDIC + PERSIAN)
    assert not forbidden & set(result)
    assert "  " not in result
    assert result == result.strip()
    assert all(char == " " or not char.isspace() for char in result)
    assert unicodedata.is_normalized("NFKC", result)


@given(plain_names().flatmap(lambda name: st.tuples(st.just(name), typed_like_people_do(name))))
def test_every_way_of_typing_a_name_matches_the_plain_name(pair: tuple[str, str]) -> None:
    name, typed = pair
    assert normalize_search(typed) == normalize_search(name) == name


@given(st.integers(min_value=0, max_value=10**15))
def test_digits_in_any_script_are_equal(number: int) -> None:
    latin = str(number)
    arabic = latin.translate(str.maketrans("0123456789", ARABIC_INDIC))
    persian = latin.translate(str.maketrans("0123456789", PERSIAN))
    fullwidth = latin.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    results = {normalize_search(s) for s in (latin, arabic, persian, fullwidth)}
    assert results == {latin}


@given(plain_names())
def test_presentation_forms_match_the_plain_word(name: str) -> None:
    reshaped = arabic_reshaper.reshape(name)
    assert normalize_search(reshaped) == normalize_search(name)


@given(st.text(), st.text())
def test_a_substring_of_the_plain_name_is_found_in_any_typing_of_it(a: str, b: str) -> None:
    # The LIKE search relies on this: normalising a word inside a text gives a
    # substring of the normalised text, as long as the word is cut at spaces.
    whole = normalize_search(f"{a} {b}")
    assert normalize_search(a) in whole
    assert normalize_search(b) in whole


# --- search_terms -------------------------------------------------------------------


def test_search_terms_are_normalised_words() -> None:
    assert search_terms("  أحمد   مُحمّد  ") == ["احمد", "محمد"]


def test_search_terms_drop_surrounding_punctuation_and_lone_punctuation() -> None:
    assert search_terms("(فاطمة)، - «سارة» ؟") == ["فاطمه", "ساره"]


def test_search_terms_keep_punctuation_inside_a_word() -> None:
    assert search_terms("SHK-2025-0001 a.b@x.sa") == ["shk-2025-0001", "a.b@x.sa"]


def test_search_terms_remove_duplicates_in_order() -> None:
    assert search_terms("أحمد احمد إحمد علي") == ["احمد", "علي"]


def test_search_terms_of_nothing() -> None:
    assert search_terms("") == []
    assert search_terms(" \u200f - ") == []


@given(st.text())
def test_search_terms_are_non_empty_normalised_words(text: str) -> None:
    for term in search_terms(text):
        assert term
        assert " " not in term
        assert term in normalize_search(text)


# --- like_pattern -------------------------------------------------------------------


def test_like_pattern_escapes_and_wraps() -> None:
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_like_pattern_normalises_the_query() -> None:
    assert like_pattern("  أحمد ") == "%احمد%"


@pytest.fixture
def names_db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (name_norm TEXT)")
    rows = ["عبدالله بن أحمد", "خصم 50% كامل", "a_b", "axb", "c:\\path", "فاطمة الزهراء"]
    db.executemany("INSERT INTO t VALUES (?)", [(normalize_search(r),) for r in rows])
    return db


def _matches(db: sqlite3.Connection, query: str) -> list[str]:
    sql = f"SELECT name_norm FROM t WHERE name_norm LIKE ? ESCAPE '{LIKE_ESCAPE}' ORDER BY 1"
    return [row[0] for row in db.execute(sql, (like_pattern(query),))]


def test_like_pattern_finds_names_typed_differently(names_db: sqlite3.Connection) -> None:
    assert _matches(names_db, "احمد") == ["عبدالله بن احمد"]
    assert _matches(names_db, "فاطمه") == ["فاطمه الزهراء"]


def test_like_pattern_takes_wildcards_literally(names_db: sqlite3.Connection) -> None:
    assert _matches(names_db, "a_b") == ["a_b"]
    assert _matches(names_db, "50%") == ["خصم 50% كامل"]
    assert _matches(names_db, "c:\\") == ["c:\\path"]
    assert _matches(names_db, "%") == ["خصم 50% كامل"]


def test_invisible_characters_constant_lists_what_is_removed() -> None:
    assert normalize_search("a" + INVISIBLE_CHARACTERS + "b") == "ab"
    assert set(BIDI_CONTROLS) | set(ZERO_WIDTH) <= set(INVISIBLE_CHARACTERS)
