"""Search normalisation: the one folding applied to indexed text and to queries alike.

SQLite ``LIKE``/FTS5 and PostgreSQL fold none of the ways Arabic is typed, so every
searchable text keeps a normalised copy made by :func:`normalize_search`, and every
query goes through the same function before it is compared. Matching both sides with
one function is the whole point: never fold a query by hand.

What it folds, in order:

1. NFKC: presentation forms pasted from PDFs (``ﻣﺤﻤﺪ`` → ``محمد``, ``ﻻ`` → ``لا``),
   full-width Latin and digits, NBSP and other compatibility spaces.
2. Latin case (``str.casefold``).
3. One ``str.translate`` pass (built once, at import):

   - deleted: harakat and other Arabic marks U+064B–U+065F, dagger alef U+0670,
     the combining Quranic annotation marks (U+06D6–U+06ED, combining ones only:
     pasted verses carry them), tatweel U+0640; bidi controls (U+200E, U+200F,
     U+061C, U+202A–U+202E, U+2066–U+2069); zero-width characters (U+200B–U+200D,
     U+FEFF) plus the word joiner U+2060 and soft hyphen U+00AD, which are just as
     invisible;
   - hamza seats: ``أ إ آ ٱ`` → ``ا``, ``ؤ`` → ``و``, ``ئ`` → ``ي``. The standalone
     hamza ``ء`` is KEPT: it is a letter of its own, and dropping it would merge
     different names (``علاء`` Alaa and ``علا`` Ola);
   - ``ى`` → ``ي`` and ``ة`` → ``ه`` (people type them interchangeably at word ends);
   - Persian/Urdu look-alikes that arrive by copy-paste or a Persian keyboard layout:
     ``ک`` → ``ك``, ``ی`` → ``ي``, ``ہ ۂ ھ ۀ`` → ``ه``, ``ۃ`` → ``ه``;
   - Arabic-Indic and Persian digits → ``0-9`` (the table comes from
     :func:`app.text.digits.to_latin_digits`, so the two can never disagree).

4. Any run of whitespace becomes one space; the ends are stripped.

The result is a fixed point: ``normalize_search(normalize_search(x)) == normalize_search(x)``.

Speed (CPython 3.11, one core of the development container, ``timeit``): about 3 µs
per call for a 40-character Arabic full name with hamzas, ta marbuta and diacritics
(``عبدُالرَّحمن بن أحمد بن إبراهيم آل سعيدة``), about 1.2 µs for 40 Latin characters
and about 5 µs for 30 characters of presentation forms (NFKC has real work there).
A million generated four-part names (21 characters on average) took 2.3 s.
"""

from __future__ import annotations

import unicodedata

from app.text.digits import ARABIC_INDIC, PERSIAN, to_latin_digits

__all__ = [
    "INVISIBLE_CHARACTERS",
    "LIKE_ESCAPE",
    "like_pattern",
    "normalize_search",
    "search_terms",
]

LIKE_ESCAPE = "\\"
"""The escape character :func:`like_pattern` uses; write ``LIKE :p ESCAPE '\\'``."""

_DIACRITICS = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    # Quranic annotation marks that combine with the letter before them.
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + ["\u06e7", "\u06e8"]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)
_TATWEEL = ["\u0640"]
_BIDI_CONTROLS = (
    ["\u200e", "\u200f", "\u061c"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_INVISIBLE = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad"]

INVISIBLE_CHARACTERS = "".join(_BIDI_CONTROLS + _INVISIBLE)
"""Bidi controls and zero-width characters: invisible, yet they break equality."""

_LETTER_FOLDS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    "ى": "ي",
    "ة": "ه",
    # Persian and Urdu look-alikes.
    "ک": "ك",  # U+06A9 keheh
    "ی": "ي",  # U+06CC farsi yeh
    "ہ": "ه",  # U+06C1 heh goal
    "ۂ": "ه",  # U+06C2 heh goal with hamza above (NFKC makes it from ہ + U+0654)
    "ھ": "ه",  # U+06BE heh doachashmee
    "ۀ": "ه",  # U+06C0 heh with yeh above
    "ۃ": "ه",  # U+06C3 teh marbuta goal
}

_BOM = "\ufeff"  # zero-width no-break space; removed before the table (see below)
_DELETED = _DIACRITICS + _TATWEEL + _BIDI_CONTROLS + [c for c in _INVISIBLE if c != _BOM]
_CHANGES: dict[int, str | None] = {ord(c): None for c in _DELETED}
_CHANGES.update({ord(k): v for k, v in _LETTER_FOLDS.items()})
_CHANGES.update({ord(d): to_latin_digits(d) for d in ARABIC_INDIC + PERSIAN})

# The table is a list indexed by code point (identity where nothing changes), not a
# dict: for every character a dict lacks, str.translate raises and swallows a
# KeyError, which made a 40-character Arabic name 2.5x slower. Characters past the
# end of the list raise IndexError, a LookupError, and are kept unchanged - which is
# why the one character to delete up there, U+FEFF, is removed by str.replace.
_TABLE: list[int | str | None] = list(range(max(_CHANGES) + 1))
for _code, _value in _CHANGES.items():
    _TABLE[_code] = _value

_LIKE_SPECIALS = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})


def _fold_once(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().replace(_BOM, "").translate(_TABLE)
    return " ".join(folded.split())


def normalize_search(text: str) -> str:
    """Fold ``text`` the way both the search index and the query must be folded.

    See the module docstring for exactly what is folded and why.
    """
    result = _fold_once(text)
    # Deleting an invisible character can bring a Latin combining mark next to its
    # base letter (``e`` + ZWSP + U+0301), and casefold can leave non-NFKC output;
    # another pass then restores the fixed point. Rare: plain names skip it.
    for _ in range(3):
        if unicodedata.is_normalized("NFKC", result):
            break
        result = _fold_once(result)
    return result


def _strip_punctuation(word: str) -> str:
    start, end = 0, len(word)
    while start < end and unicodedata.category(word[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(word[end - 1]).startswith("P"):
        end -= 1
    return word[start:end]


def search_terms(text: str) -> list[str]:
    """The normalised words of a query, each to be matched on its own (AND).

    Punctuation around a word is dropped (``"(محمد)،"`` → ``محمد``) and words made only
    of punctuation (a lone ``-``) disappear, since nobody searches for them and they
    would otherwise filter out every row. Punctuation inside a word stays
    (``SHK-2025-0001``, ``a.b@x.sa``). Duplicates are removed, order kept.
    """
    terms: list[str] = []
    for word in normalize_search(text).split(" "):
        term = _strip_punctuation(word)
        if term and term not in terms:
            terms.append(term)
    return terms


def like_pattern(query: str) -> str:
    """A ``LIKE`` pattern matching normalised text that contains ``query``.

    ``query`` is normalised here (harmless if it already was), then ``\\``, ``%``
    and ``_`` are escaped so that a user typing them gets them literally; use it as
    ``column LIKE :pattern ESCAPE '\\'`` against a column that holds
    :func:`normalize_search` output.
    """
    return "%" + normalize_search(query).translate(_LIKE_SPECIALS) + "%"
