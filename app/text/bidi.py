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
3. The Unicode bidi algorithm of python-bidi (the Rust one behind
   ``get_display``) resolves an embedding level for every character. We
   apply rules L1 and L2 (per line reordering) ourselves, because python-bidi
   0.6 does not do L4 (mirroring) and only the levels tell which characters
   to mirror: a bracket is mirrored exactly when its level is odd, so
   ``(محمد)`` reads right while ``a(b)c`` inside an isolate stays as it is.
   Our reordering is checked against ``get_display`` on every call; should a
   future python-bidi disagree, its order wins (with a warning).
4. The bidi control characters are removed last: they steered the algorithm
   but fonts have no glyphs for them (they would print as boxes).

Wrapping is not done here: a paragraph must be wrapped in logical order and
each line passed to ``visual_line`` separately, or the lines come out bottom-up.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import arabic_reshaper
from bidi import get_display
from bidi.mirror import MIRRORED

LRM = "\u200e"
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

# Classes whose presence means a line needs the bidi algorithm at all.
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
  | (?P<phone>(?<![\w+])\+?{_D}+(?:[ -]{_D}+)+(?!\w))
  | (?P<phrase>(?:{_WORD}\ )+{_LATIN_WORD}(?:\ {_WORD})*|{_LATIN_WORD}(?:\ {_WORD})+)
  | (?P<number>[-+]?{_D}+(?:[.,/:٫٬]{_D}+)+|(?<!\w)[-+]{_D}+(?:[.٫]{_D}+)?)
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


def _keep_groups(match: re.Match[str]) -> str:
    """Arabic-Indic digit groups are Arabic numbers: even inside an isolate, the
    spaces between them would take their right-to-left direction and reverse the
    groups. A left-to-right mark after each separator pins the order."""
    text = match.group()
    if match.lastgroup == "phone" and not text.isascii():
        return re.sub("([ -])", "\\1" + LRM, text)
    return text


def isolate_ltr(text: str) -> str:
    """Wrap ``text`` in LRI…PDI so it reads left to right as one unit."""
    return f"{LRI}{text}{PDI}"


def _isolate_plain(text: str) -> str:
    parts: list[str] = []
    last = 0
    for match in _EMBEDDED.finditer(text):
        if _needs_isolation(match):
            parts.append(text[last : match.start()])
            parts.append(isolate_ltr(_keep_groups(match)))
            last = match.end()
    parts.append(text[last:])
    return "".join(parts)


def isolate_embedded(text: str) -> str:
    """Isolate every run inside ``text`` that must read left to right.

    Emails, URLs, phone numbers with spaces or dashes (``+966 55 123 4567``),
    references (``C-JED-1447-000123``), numbers with a sign or separators
    (``-5``, ``1,234.50``) and Latin phrases (``Windows 11``). Plain words and
    single numbers need nothing and are left alone, and so are spans already
    isolated, so calling it twice changes nothing.
    """
    parts: list[str] = []
    last = 0
    for span in _ISOLATED_SPAN.finditer(text):
        parts.append(_isolate_plain(text[last : span.start()]))
        parts.append(span.group())
        last = span.end()
    parts.append(_isolate_plain(text[last:]))
    return "".join(parts)


def strip_bidi_controls(text: str) -> str:
    """Remove the bidi marks, embeddings and isolates (fonts have no glyphs for them)."""
    return text.translate(_STRIP_TABLE)


@lru_cache(maxsize=4096)
def reshape(text: str) -> str:
    """Arabic presentation forms for ``text``, tashkeel kept (logical order)."""
    return str(_RESHAPER.reshape(text))


# --- levels and reordering -------------------------------------------------------

# Rust's Debug rendering of python-bidi's BidiInfo: the only way 0.6 exposes
# the resolved levels. Indexed by UTF-8 byte, like the Rust crate.
_DEBUG_SECTION = re.compile(r"\n    (original_classes|levels): \[\n(.*?)\n    \],", re.DOTALL)
_DEBUG_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
_DEBUG_CLASS = re.compile(r"^\s*([A-Z]+),$", re.MULTILINE)
_X9_REMOVED = frozenset({"BN", "LRE", "RLE", "PDF", "LRO", "RLO"})
# Rule L1: these go back to the paragraph level before a tab or at the line end.
_L1_TRAILING = frozenset({"WS", "FSI", "LRI", "RLI", "PDI", "BN", "LRE", "RLE", "PDF", "LRO", "RLO"})


def _resolved(text: str, base_rtl: bool) -> tuple[list[str], list[int]] | None:
    """Bidi class and resolved level of every character, or None if unreadable."""
    if not text:
        return [], []
    debug = str(get_display(text, base_dir="R" if base_rtl else "L", debug=True))
    sections = dict(m.groups() for m in _DEBUG_SECTION.finditer(debug))
    if "levels" not in sections or "original_classes" not in sections:
        return None
    byte_levels = [int(v) for v in _DEBUG_LEVEL.findall(sections["levels"])]
    byte_classes = _DEBUG_CLASS.findall(sections["original_classes"])
    offsets: list[int] = []
    offset = 0
    for ch in text:
        offsets.append(offset)
        offset += len(ch.encode("utf-8"))
    if len(byte_levels) != offset or len(byte_classes) != offset:
        return None
    return [byte_classes[o] for o in offsets], [byte_levels[o] for o in offsets]


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
    expected = str(get_display(shaped, base_dir="R" if base_rtl else "L"))
    resolved = _resolved(shaped, base_rtl)
    if resolved is not None:
        classes, levels = resolved
        levels = _line_levels(classes, levels, 1 if base_rtl else 0)
        # Rule X9's removed characters (embeddings, zero-width joiners) have no
        # place of their own, so they are dropped, and left out of the check.
        order = [i for i in _visual_order(levels) if classes[i] not in _X9_REMOVED]
        removed = {shaped[i] for i, cls in enumerate(classes) if cls in _X9_REMOVED}
        if "".join(shaped[i] for i in order) == "".join(c for c in expected if c not in removed):
            # L4: a mirrored character at an odd (right-to-left) level shows its mirror.
            return strip_bidi_controls(
                "".join(
                    MIRRORED.get(shaped[i], shaped[i]) if levels[i] % 2 else shaped[i]
                    for i in order
                )
            )
    warnings.warn(
        "python-bidi levels unavailable; brackets are not mirrored", RuntimeWarning, stacklevel=3
    )
    return strip_bidi_controls(expected)


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
