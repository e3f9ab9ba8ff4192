"""Right-to-left text for drawing engines that know nothing about it (ReportLab).

Qt-free: the printed documents use it now and the screens may reuse
``isolate_embedded`` later.

``visual_line`` turns one *logical* line (the order a person types) into the
*visual* string a left-to-right drawing engine can paint glyph after glyph.
The order of operations matters, and each step fixes one trap seen here:

1. ``isolate_embedded`` wraps runs that must read left to right (emails,
   URLs, phone numbers with spaces, references, signed or separated numbers,
   Latin phrases) in LRI…PDI, on the logical text. Without it the bidi
   algorithm reverses the groups of ``055 123 4567`` inside Arabic.
2. arabic-reshaper picks the joined presentation forms, keeping tashkeel
   (its default deletes them).
3. python-bidi's ``get_display`` (the Rust unicode-bidi crate) resolves an
   embedding level for every character. python-bidi 0.6 does not mirror
   (rule L4), and only the levels tell which characters to mirror, so we read
   the levels from ``get_display(..., debug=True)`` and apply rules L1 and L2
   (reordering one line) ourselves: a bracket is mirrored exactly when its
   level is odd, so ``(محمد)`` reads right while ``(Sila)`` inside an isolate
   stays as typed. The tests check that our order equals ``get_display``'s,
   except around tabs (and unterminated LRE/RLO from pasted text): there we
   follow rule L1 as python-bidi's own pure-Python algorithm does, and the
   Rust crate does not. If a later python-bidi changes that debug output we
   fall back to ``get_display``'s order, unmirrored, with a warning.
4. The bidi control characters are removed last: they steered the algorithm
   but fonts have no glyphs for them (they would print as boxes).

Wrapping is not done here: a paragraph must be wrapped in logical order and
each line passed to ``visual_line`` separately, or the lines come out bottom-up.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from functools import lru_cache

import arabic_reshaper
from bidi import get_display
from bidi.mirror import MIRRORED

LRM = "\u200e"
ZWJ = "\u200d"
LRI = "\u2066"
RLI = "\u2067"
FSI = "\u2068"
PDI = "\u2069"

# Marks, embeddings, overrides and isolates: steer the algorithm, never drawn.
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c"  # LRM, RLM, ALM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
)
_STRIP_TABLE = str.maketrans(dict.fromkeys(BIDI_CONTROLS))

# Tashkeel are kept: arabic-reshaper deletes them unless told not to.
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})

# Characters without which a left-to-right line needs no reordering at all.
_RTL_CHARS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u061c\u202b\u202e\u2067"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)

# --- what reads left to right inside Arabic ----------------------------------

_D = "[0-9٠-٩۰-۹]"  # Latin, Arabic-Indic and Persian digits
_WORD = "[A-Za-z0-9]+(?:[-_/.,:@'&][A-Za-z0-9]+)*"
_LATIN_WORD = "[0-9]*[A-Za-z][A-Za-z0-9]*(?:[-_/.,:@'&][A-Za-z0-9]+)*"
_EMBEDDED = re.compile(
    rf"""
    (?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)
  | (?P<url>(?:https?://|www\.)[^\s\u2066-\u2069]*[^\s\u2066-\u2069.,;:!?)\]}}،؛؟])
  | (?P<datetime>{_D}{{4}}-{_D}{{1,2}}-{_D}{{1,2}}(?:[ T]{_D}{{1,2}}:{_D}{{2}}(?::{_D}{{2}})?)?
      |{_D}{{1,2}}:{_D}{{2}}(?::{_D}{{2}})?(?:\ ?[AaPp][Mm])?)
  | (?P<phone>(?<![\w+\u2069])\+?{_D}+(?:[ -]{_D}+)+(?![\w:.,/]?\w))
  | (?P<phrase>(?:{_WORD}\ )+{_LATIN_WORD}(?:\ {_WORD})*|{_LATIN_WORD}(?:\ {_WORD})+)
  | (?P<number>[-+]?{_D}+(?:[.,/:٫٬]{_D}+)+|(?<![\w\u2069])[-+]{_D}+(?:[.٫]{_D}+)?)
  | (?P<code>[A-Za-z0-9]+(?:[-_/.,:][A-Za-z0-9]+)+)
    """,
    re.VERBOSE,
)
_ISOLATED_SPAN = re.compile(f"[{LRI}{RLI}{FSI}][^{LRI}{RLI}{FSI}{PDI}]*{PDI}")


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _needs_isolation(match: re.Match[str]) -> bool:
    kind = match.lastgroup
    text = match.group()
    if kind == "phone":
        # A phone number, not a list of numbers: enough digits, and a leading
        # + or 0 (or three groups: 920 000 123). "2025 1447" stays two numbers.
        groups = re.split("[ -]", text)
        return _digit_count(text) >= 7 and (text[0] in "+0٠۰" or len(groups) >= 3)
    return True


def isolate_ltr(text: str) -> str:
    """Wrap ``text`` in LRI…PDI so it reads left to right as one unit.

    Arabic-Indic digits are Arabic numbers: even inside the isolate, the spaces or
    dashes between their groups would take their right-to-left direction and
    reverse the groups, so a left-to-right mark after each separator pins the order.
    """
    if any("٠" <= ch <= "٩" or "۰" <= ch <= "۹" for ch in text):
        text = re.sub("([ -])(?!" + LRM + ")", "\\1" + LRM, text)
    return f"{LRI}{text}{PDI}"


def _isolate_plain(text: str, start: int, end: int) -> str:
    # Searched in place, not on a slice, so look-behinds see a preceding isolate.
    parts: list[str] = []
    last = start
    for match in _EMBEDDED.finditer(text, start, end):
        if _needs_isolation(match):
            parts.append(text[last : match.start()])
            parts.append(isolate_ltr(match.group()))
            last = match.end()
    parts.append(text[last:end])
    return "".join(parts)


def isolate_embedded(text: str) -> str:
    """Isolate every run inside ``text`` that must read left to right.

    Emails, URLs, phone numbers with spaces or dashes (``+966 55 123 4567``),
    references (``C-JED-1447-000123``), numbers with a sign or separators
    (``-5``, ``1,234.50``), ISO dates and times (``2025-10-25 10:30``) and
    Latin phrases (``Windows 11``). Plain words and single numbers need
    nothing and are left alone, and so are spans already isolated, so calling
    it twice changes nothing.
    """
    parts: list[str] = []
    last = 0
    for span in _ISOLATED_SPAN.finditer(text):
        parts.append(_isolate_plain(text, last, span.start()))
        parts.append(span.group())
        last = span.end()
    parts.append(_isolate_plain(text, last, len(text)))
    return "".join(parts)


def strip_bidi_controls(text: str) -> str:
    """Remove the bidi marks, embeddings and isolates (fonts have no glyphs for them)."""
    return text.translate(_STRIP_TABLE)


def first_strong_rtl(text: str) -> bool | None:
    """Direction of the first strong letter outside isolates (rules P2–P3), None if none.

    What HTML's ``dir="auto"`` does: right to left when ``text`` starts, in
    effect, with Arabic; left to right when it starts with Latin.
    """
    depth = 0
    for ch in text:
        if ch in (LRI, RLI, FSI):
            depth += 1
        elif ch == PDI:
            depth = max(depth - 1, 0)
        elif depth == 0:
            cls = unicodedata.bidirectional(ch)
            if cls in ("R", "AL"):
                return True
            if cls == "L":
                return False
    return None


@lru_cache(maxsize=4096)
def reshape(text: str) -> str:
    """Arabic presentation forms for ``text``, tashkeel kept (logical order)."""
    try:
        return str(_RESHAPER.reshape(text))
    except IndexError:
        # arabic-reshaper 3.1 fails on a zero-width joiner before lam-alef;
        # the joiner only forces a join, so shaping without it is close enough.
        return str(_RESHAPER.reshape(text.replace(ZWJ, "")))


# --- levels and reordering -------------------------------------------------------

# Rust's Debug rendering of python-bidi's BidiInfo is the only way 0.6 exposes
# the resolved levels: one entry per UTF-8 byte, like the Rust crate. The
# section header is preceded by a real newline, which the quoted text field
# (escaped) can never contain.
_LEVELS_HEAD = "\n    levels: ["
_SECTION_END = "\n    ]"
_NUMBER = re.compile(r"\d+")
# Rule X9: removed before resolution, so they have no level of their own.
_X9_REMOVED = frozenset({"BN", "LRE", "RLE", "PDF", "LRO", "RLO"})
# Rule L1: these go back to the paragraph level before a tab or at the line end.
_L1_TRAILING = frozenset({"WS", "FSI", "LRI", "RLI", "PDI"}) | _X9_REMOVED


def _debug_levels(debug: str) -> list[str] | None:
    start = debug.find(_LEVELS_HEAD)
    end = debug.find(_SECTION_END, start + 1)
    if start < 0 or end < 0:
        return None
    return _NUMBER.findall(debug[start + len(_LEVELS_HEAD) : end])


def _resolved(text: str, base_rtl: bool) -> tuple[list[str], list[int]] | None:
    """Bidi class and resolved level of every character, or None if unreadable."""
    if not text:
        return [], []
    debug = str(get_display(text, base_dir="R" if base_rtl else "L", debug=True))
    byte_levels = _debug_levels(debug)
    if byte_levels is None:
        return None
    levels: list[int] = []
    offset = 0
    for ch in text:
        levels.append(int(byte_levels[offset]) if offset < len(byte_levels) else -1)
        offset += len(ch.encode("utf-8"))
    if len(byte_levels) != offset:
        return None
    # Only L1 and X9 need the classes, and those are stable across Unicode versions.
    return [unicodedata.bidirectional(ch) for ch in text], levels


def _line_levels(classes: list[str], levels: list[int], base_level: int) -> list[int]:
    """Rule L1: separators, and whitespace before them or at the end, take the base level."""
    out = list(levels)
    trailing = True  # scanning backwards, still within the line-end whitespace
    for i in range(len(out) - 1, -1, -1):
        cls = classes[i]
        if cls in ("S", "B"):
            out[i] = base_level
            trailing = True
        elif trailing and cls in _L1_TRAILING:
            out[i] = base_level
        else:
            trailing = False
    return out


def _visual_order(levels: list[int]) -> list[int]:
    """Rule L2: from the highest level down to the lowest odd one, reverse runs at or above it."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(level for level in levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def _visual_single(line: str, base_rtl: bool) -> str:
    if not base_rtl and not _RTL_CHARS.search(line):
        return strip_bidi_controls(line)  # plain left-to-right text: nothing to reorder
    shaped = reshape(line)
    resolved = _resolved(shaped, base_rtl)
    if resolved is None:
        warnings.warn(
            "python-bidi levels unreadable; brackets are not mirrored", RuntimeWarning, stacklevel=3
        )
        return strip_bidi_controls(str(get_display(shaped, base_dir="R" if base_rtl else "L")))
    classes, levels = resolved
    levels = _line_levels(classes, levels, 1 if base_rtl else 0)
    # L4: a mirrored character at an odd (right-to-left) level shows its mirror.
    # Rule X9's removed characters (embeddings, zero-width joiners) are dropped:
    # they have done their work and have no place of their own.
    return strip_bidi_controls(
        "".join(
            MIRRORED.get(shaped[i], shaped[i]) if levels[i] % 2 else shaped[i]
            for i in _visual_order(levels)
            if classes[i] not in _X9_REMOVED
        )
    )


@lru_cache(maxsize=4096)
def _visual_cached(line: str, base_rtl: bool, isolate: bool) -> str:
    text = isolate_embedded(line) if isolate else line
    return "\n".join(_visual_single(part, base_rtl) for part in text.split("\n"))


def visual_line(logical_line: str, base_rtl: bool = True, *, isolate: bool = True) -> str:
    """The string to draw, glyph after glyph from left to right, for one logical line.

    ``base_rtl`` is the paragraph direction (right to left for Arabic
    documents). With ``isolate`` (the default) the left-to-right runs are
    isolated first; it is idempotent, so text isolated by the caller is fine.
    The result holds presentation forms, mirrored brackets and no controls.
    """
    return _visual_cached(logical_line, base_rtl, isolate)
