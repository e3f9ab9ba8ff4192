"""The one text flowable every printed string goes through, and a one-line helper.

``RTLParagraph`` wraps in logical order (``wrap.py``), then turns each line
into its visual form (``app.text.bidi.visual_line``) and draws it aligned to
the right (Arabic) or the left (English). ReportLab's own ``Paragraph`` is not
used for text: its ``wordWrap='RTL'`` needs a GPL package that does not
install, and ``shaping=1`` alone reverses the word order.
"""

from __future__ import annotations

from typing import Any, Literal

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.i18n import is_rtl
from app.printing.fonts import font_name
from app.printing.wrap import Line, text_width, wrap_text
from app.text.bidi import first_strong_rtl, isolate_embedded, visual_line

Align = Literal["start", "end", "left", "right", "center"]
Color = Any  # a ReportLab colour

# Arabic needs room above and below the letters for its marks.
DEFAULT_LEADING = 1.55
# Where the baseline sits in a line box: most Arabic ink lies between about
# -0.35 and +0.75 of the font size, so this centres it.
_BASELINE_FROM_TOP = 0.5
_INK_CENTRE = 0.2


def resolve_rtl(rtl: bool | None) -> bool:
    """``None`` means the direction of the current language."""
    return is_rtl() if rtl is None else rtl


def physical_align(align: Align, rtl: bool) -> Literal["left", "right", "center"]:
    """``start``/``end`` follow the direction; ``left``/``right``/``center`` are literal."""
    if align == "start":
        return "right" if rtl else "left"
    if align == "end":
        return "left" if rtl else "right"
    return align


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


def fit_font_size(text: str, font: str, size: float, width: float, min_size: float) -> float:
    """``size``, or smaller (not below ``min_size``) so that one line of ``text`` fits ``width``."""
    natural = text_width(text, font, size)
    if natural <= width or natural == 0:
        return size
    return max(min_size, size * width / natural)


def draw_text(
    canvas: Any,
    text: str,
    x: float,
    y: float,
    width: float,
    *,
    font_size: float = 10.0,
    bold: bool = False,
    align: Align = "start",
    rtl: bool | None = None,
    color: Color = colors.black,
    min_size: float = 6.0,
) -> float:
    """Draw one line of logical ``text`` on ``canvas`` with its baseline at ``y``.

    The line is placed within ``x``…``x + width`` (``align`` follows ``rtl``, the
    document's direction) and shrunk, down to ``min_size``, rather than allowed
    to overflow. A label reads in the direction of its first letter, so an
    English name in an Arabic header (or a label not yet translated) stays in
    order. Returns the width drawn.
    """
    rtl = resolve_rtl(rtl)
    font = font_name(bold)
    logical = isolate_embedded(_normalise(text).replace("\n", " "))
    size = fit_font_size(logical, font, font_size, width, min_size)
    own = first_strong_rtl(logical)
    visual = visual_line(logical, rtl if own is None else own, isolate=False)
    drawn = float(stringWidth(visual, font, size))
    side = physical_align(align, rtl)
    if side == "right":
        left = x + width - drawn
    elif side == "center":
        left = x + (width - drawn) / 2
    else:
        left = x
    canvas.saveState()
    canvas.setFillColor(color)
    canvas.setFont(font, size)
    canvas.drawString(left, y, visual)
    canvas.restoreState()
    return drawn


class RTLParagraph(Flowable):
    """A paragraph of Arabic (or English) text: wraps, aligns, and splits across pages.

    ``rtl`` is the paragraph direction (``None``: that of the current language);
    ``align`` is ``start`` by default, so right in Arabic and left in English.
    """

    def __init__(
        self,
        text: str,
        *,
        font_size: float = 11.0,
        bold: bool = False,
        leading: float | None = None,
        color: Color = colors.black,
        align: Align = "start",
        rtl: bool | None = None,
        space_before: float = 0.0,
        space_after: float = 0.0,
    ) -> None:
        super().__init__()
        self.text = text
        self.rtl = resolve_rtl(rtl)
        self.bold = bold
        self.font = font_name(bold)
        self.font_size = font_size
        self.leading = leading if leading is not None else font_size * DEFAULT_LEADING
        self.color = color
        self.align = align
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        # Isolation works on the logical text, before any line is cut.
        self._logical = isolate_embedded(_normalise(text))
        self._lines: list[Line] = []
        self._wrapped_for: float | None = None

    def __repr__(self) -> str:
        return f"RTLParagraph({self.text[:40]!r}, rtl={self.rtl})"

    # --- layout --------------------------------------------------------------

    def lines(self, width: float) -> list[Line]:
        """The logical lines this paragraph breaks into at ``width`` points."""
        if self._wrapped_for != width:
            space = text_width(" ", self.font, self.font_size)
            self._lines = wrap_text(self._logical, width, self._measure, space)
            self._wrapped_for = width
        return self._lines

    def _measure(self, text: str) -> float:
        return text_width(text, self.font, self.font_size)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self.lines(availWidth)
        fit = int((availHeight + 1e-6) // self.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        return [
            self._part(lines[:fit], availWidth, self.spaceBefore, 0.0),
            self._part(lines[fit:], availWidth, 0.0, self.spaceAfter),
        ]

    def _part(self, lines: list[Line], width: float, before: float, after: float) -> RTLParagraph:
        text = "".join(line.text + ("\n" if line.hard_end else " ") for line in lines)[:-1]
        part = RTLParagraph(
            text,
            font_size=self.font_size,
            bold=self.bold,
            leading=self.leading,
            color=self.color,
            align=self.align,
            rtl=self.rtl,
            space_before=before,
            space_after=after,
        )
        # Same width on the next page: keep the lines exactly as they were cut.
        part._lines, part._wrapped_for = lines, width
        return part

    # --- drawing -------------------------------------------------------------

    def visual_lines(self, width: float) -> list[str]:
        """What ``draw`` paints, line by line: the visual strings, controls removed."""
        return [visual_line(line.text, self.rtl, isolate=False) for line in self.lines(width)]

    def draw(self) -> None:
        canvas = self.canv
        side = physical_align(self.align, self.rtl)
        canvas.saveState()
        canvas.setFillColor(self.color)
        canvas.setFont(self.font, self.font_size)
        baseline_drop = self.leading * _BASELINE_FROM_TOP + self.font_size * _INK_CENTRE
        for i, visual in enumerate(self.visual_lines(self.width)):
            if not visual:
                continue
            drawn = stringWidth(visual, self.font, self.font_size)
            if side == "right":
                x = self.width - drawn
            elif side == "center":
                x = (self.width - drawn) / 2
            else:
                x = 0.0
            canvas.drawString(x, self.height - i * self.leading - baseline_drop, visual)
        canvas.restoreState()
