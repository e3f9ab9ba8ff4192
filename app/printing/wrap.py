"""Line breaking in *logical* order, measured on the shaped text.

A paragraph is broken into lines before anything is reordered: reordering a
whole paragraph first and wrapping the result puts its lines bottom-up.
Widths are those of the shaped words (joined Arabic forms are narrower or
wider than the isolated letters), measured with the print font's metrics.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

from app.text.bidi import FSI, LRI, PDI, RLI, reshape, strip_bidi_controls

_OPENERS = frozenset({LRI, RLI, FSI})
# Good places to break a long email, URL or reference: just after these.
_SOFT_BREAKS = frozenset("@./-_:?&=,،")
_MIN_FIRST_PIECE = 0.25  # of the line width

Measure = Callable[[str], float]


@dataclass(frozen=True)
class Line:
    """One wrapped line, still in logical order (with its isolates)."""

    text: str
    hard_end: bool  # the line ends a paragraph or an explicit newline


@lru_cache(maxsize=16384)
def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` once shaped, with the bidi controls (no glyphs) left out."""
    return float(stringWidth(strip_bidi_controls(reshape(text)), font, size))


def _breakable(isolate: str) -> bool:
    """Latin phrases may wrap at their spaces; numbers (a phone, a date) stay whole."""
    return any(ch.isascii() and ch.isalpha() for ch in isolate)


def tokens(segment: str) -> list[str]:
    """Words split at spaces; a phone number or date isolated with its spaces is one token.

    A Latin phrase isolated as a whole still breaks at its spaces: its pieces
    carry unbalanced isolates, which ``wrap_text`` closes and reopens per line.
    """
    out: list[str] = []
    current: list[str] = []
    whole = 0  # depth of isolates that must not break
    for i, ch in enumerate(segment):
        if ch in _OPENERS:
            end = segment.find(PDI, i)
            if whole or not _breakable(segment[i : end if end >= 0 else len(segment)]):
                whole += 1
        elif ch == PDI and whole:
            whole -= 1
        if ch == " " and whole == 0:
            if current:
                out.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        out.append("".join(current))
    return out


def _open_isolates(text: str) -> list[str]:
    stack: list[str] = []
    for ch in text:
        if ch in _OPENERS:
            stack.append(ch)
        elif ch == PDI and stack:
            stack.pop()
    return stack


def _cut_positions(text: str) -> list[int]:
    """Where ``text`` may be cut: never before a combining mark or inside an empty isolate."""
    positions = []
    seen_visible = False
    for i in range(1, len(text)):
        prev, ch = text[i - 1], text[i]
        seen_visible = seen_visible or strip_bidi_controls(prev) != ""
        if not seen_visible or prev in _OPENERS or ch == PDI:
            continue
        if unicodedata.category(ch) in ("Mn", "Me"):
            continue
        positions.append(i)
    return positions


def _cut(text: str, width: float, measure: Measure) -> int | None:
    """The cut giving the longest head within ``width`` (preferring a soft break), or None."""
    positions = _cut_positions(text)
    lo, hi, best = 0, len(positions) - 1, -1
    while lo <= hi:  # widths grow with the prefix, so a binary search will do
        mid = (lo + hi) // 2
        if measure(text[: positions[mid]]) <= width:
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    if best < 0:
        return None
    for k in range(best, best // 2 - 1, -1):
        if strip_bidi_controls(text[positions[k] - 1]) in _SOFT_BREAKS:
            return positions[k]
    return positions[best]


def break_token(token: str, first_width: float, width: float, measure: Measure) -> list[str]:
    """Pieces of a token too wide for a line: the first within ``first_width``, the rest ``width``.

    An isolate cut in two is closed at the end of one piece and reopened at the
    start of the next, so each line stays balanced. A piece that cannot be cut
    any narrower (one glyph) is returned as it is.
    """
    pieces: list[str] = []
    rest = token
    limit = first_width
    while measure(rest) > limit:
        cut = _cut(rest, limit, measure)
        if cut is None:
            if pieces or limit == width:
                positions = _cut_positions(rest)
                if not positions:
                    break
                cut = positions[0]  # one glyph per line is the best there is
            else:
                pieces.append("")  # nothing fits in the first space: start on a new line
                limit = width
                continue
        head, rest = rest[:cut], rest[cut:]
        openers = _open_isolates(head)
        pieces.append(head + PDI * len(openers))
        rest = "".join(openers) + rest
        limit = width
    pieces.append(rest)
    return pieces


def _balanced(words: list[str], carried: list[str]) -> tuple[str, list[str]]:
    """The line's text with the isolates left open by earlier lines reopened and its own
    closed; returns it and the isolates still open for the next line."""
    text = "".join(carried) + " ".join(words)
    still_open = _open_isolates(text)
    return text + PDI * len(still_open), still_open


def wrap_text(text: str, width: float, measure: Measure, space: float) -> list[Line]:
    """Break logical ``text`` into lines no wider than ``width`` (explicit newlines kept)."""
    lines: list[Line] = []
    for segment in text.split("\n"):
        current: list[str] = []
        carried: list[str] = []  # isolates left open by the previous line
        used = 0.0
        for token in tokens(segment):
            token_width = measure(token)
            room = width - used - space if current else width
            if token_width <= room:
                pieces = [token]
            elif token_width <= width:
                pieces = ["", token]
            else:
                # A long email or URL starts on this line only if a fair part of it fits.
                first = room if room >= width * _MIN_FIRST_PIECE else 0.0
                pieces = break_token(token, first, width, measure)
            for n, piece in enumerate(pieces):
                if n > 0 or piece == "":
                    if current:
                        line, carried = _balanced(current, carried)
                        lines.append(Line(line, hard_end=False))
                    current, used = [], 0.0
                if piece:
                    used += (space if current else 0.0) + measure(piece)
                    current.append(piece)
        line, carried = _balanced(current, carried)
        lines.append(Line(line, hard_end=True))
    return lines
