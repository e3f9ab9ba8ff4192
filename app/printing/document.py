"""A4 documents with the association's header and a "page x of y" footer on every page.

``build_pdf`` lays out any flowables; the footer's total is known because the
canvas keeps each finished page until the end and numbers them all on saving.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate

from app.i18n import _, current_language
from app.printing.blocks import (
    FieldRow,
    SignatureBlock,
    SignatureRow,
    field_row,
    heading,
    signature_blocks,
    spacer,
)
from app.printing.fonts import register_fonts
from app.printing.rtl import draw_text
from app.text.digits import DigitStyle, localize_digits

__all__ = [
    "DocumentInfo",
    "FieldRow",
    "SignatureBlock",
    "SignatureRow",
    "build_pdf",
    "field_row",
    "heading",
    "signature_blocks",
    "spacer",
]

log = logging.getLogger(__name__)

PAGE_SIZE = A4
MARGIN_SIDE = 18 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 12 * mm
HEADER_HEIGHT = 30 * mm
FOOTER_HEIGHT = 10 * mm
LOGO_SIZE = 18 * mm
RULE_COLOR = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#4A5560")


@dataclass(frozen=True)
class DocumentInfo:
    """What the header and footer of every page show.

    ``date_text`` is formatted by the caller (Gregorian and Hijri, digits as
    the settings ask). ``digits`` is the style of the page numbers (``None``:
    Arabic-Indic in Arabic, Latin in English).
    """

    association_name: str
    logo_path: Path | None
    title: str
    date_text: str
    reference: str
    language: str = field(default_factory=current_language)
    digits: DigitStyle | None = None
    printed_at: str | None = None

    @property
    def rtl(self) -> bool:
        return self.language == "ar"

    @property
    def digit_style(self) -> DigitStyle:
        if self.digits is not None:
            return self.digits
        return "arabic" if self.rtl else "latin"


def content_box() -> tuple[float, float, float, float]:
    """The body frame: x, y (bottom), width, height in points."""
    width, height = PAGE_SIZE
    x = MARGIN_SIDE
    y = MARGIN_BOTTOM + FOOTER_HEIGHT
    return x, y, width - 2 * MARGIN_SIDE, height - y - MARGIN_TOP - HEADER_HEIGHT


def read_logo(path: Path | None) -> Any:
    """The logo as an image ReportLab can draw, or None: a bad logo never stops a print."""
    if path is None:
        return None
    try:
        reader = ImageReader(str(path))
        reader.getSize()
    except OSError as error:
        log.warning("logo %s left out: %s", path, error)
        return None
    return reader


def _draw_header(canvas: Any, info: DocumentInfo, logo: Any) -> None:
    page_w, page_h = PAGE_SIZE
    left, right = MARGIN_SIDE, page_w - MARGIN_SIDE
    top = page_h - MARGIN_TOP
    width = right - left
    half = width * 0.48
    rtl = info.rtl
    # Start side (right in Arabic): logo, then the association's name.
    logo_room = 0.0
    if logo is not None:
        logo_x = right - LOGO_SIZE if rtl else left
        canvas.drawImage(
            logo, logo_x, top - LOGO_SIZE, LOGO_SIZE, LOGO_SIZE,
            preserveAspectRatio=True, anchor="e" if rtl else "w", mask="auto",
        )
        logo_room = LOGO_SIZE + 3 * mm
    name_w = half - logo_room
    name_x = right - logo_room - name_w if rtl else left + logo_room
    draw_text(
        canvas, info.association_name, name_x, top - LOGO_SIZE / 2 - 4, name_w,
        font_size=13, bold=True, rtl=rtl, color=RULE_COLOR,
    )
    # End side (left in Arabic): the date line and the reference.
    end_x = left if rtl else right - half
    draw_text(canvas, info.date_text, end_x, top - 7, half, font_size=9, align="end", rtl=rtl)
    draw_text(
        canvas, _("Reference: {reference}").format(reference=info.reference),
        end_x, top - 19, half, font_size=9, align="end", rtl=rtl,
    )
    # The title, centred under both, then a rule.
    draw_text(
        canvas, info.title, left, top - LOGO_SIZE - 8 * mm + 2, width,
        font_size=15, bold=True, align="center", rtl=rtl,
    )
    canvas.saveState()
    canvas.setStrokeColor(RULE_COLOR)
    canvas.setLineWidth(0.8)
    rule_y = page_h - MARGIN_TOP - HEADER_HEIGHT + 2 * mm
    canvas.line(left, rule_y, right, rule_y)
    canvas.restoreState()


def _draw_footer(canvas: Any, info: DocumentInfo, page: int, pages: int) -> None:
    page_w, _h = PAGE_SIZE
    left, width = MARGIN_SIDE, page_w - 2 * MARGIN_SIDE
    rule_y = MARGIN_BOTTOM + FOOTER_HEIGHT - 3 * mm
    canvas.saveState()
    canvas.setStrokeColor(RULE_COLOR)
    canvas.setLineWidth(0.5)
    canvas.line(left, rule_y, left + width, rule_y)
    canvas.restoreState()
    style = info.digit_style
    text = _("Page {page} of {pages}").format(
        page=localize_digits(str(page), style), pages=localize_digits(str(pages), style)
    )
    baseline = MARGIN_BOTTOM + 1 * mm
    draw_text(canvas, text, left, baseline, width, font_size=9, align="center", rtl=info.rtl)
    if info.printed_at:
        # Bottom left in both directions, out of the way of the page number.
        stamp = _("Printed: {when}").format(when=info.printed_at)
        draw_text(
            canvas, stamp, left, baseline, width * 0.3,
            font_size=8, align="left", rtl=info.rtl, color=MUTED,
        )


class KeepWithStart(KeepTogether):
    """Keeps a heading (``keepWithNext``) with the *start* of what follows.

    ReportLab's own rule keeps it with all of it, so a heading over a long
    table sends the whole table to the next page and leaves this one empty.
    """

    FOLLOWING = 48.0  # points of what follows that must fit under the heading

    def split(self, aW: float, aH: float) -> list[Flowable]:
        *lead, follow = self._content

        def outer(flowable: Flowable) -> float:
            _w, height = flowable.wrapOn(self.canv, aW, aH)
            return float(height + flowable.getSpaceBefore() + flowable.getSpaceAfter())

        if sum(outer(f) for f in lead) + min(outer(follow), self.FOLLOWING) <= aH:
            return list(self._content)
        return list(super().split(aW, aH))


def _numbered_canvas(
    footer: Callable[[Any, int, int], None], pages_out: list[int]
) -> Callable[..., Any]:
    """A canvas maker whose canvases hold every page back until the total is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                footer(self, number, total)
                Canvas.showPage(self)
            pages_out.append(total)
            Canvas.save(self)

    return NumberedCanvas


def build_pdf(path: Path | str, info: DocumentInfo, flowables: Sequence[Flowable]) -> int:
    """Write an A4 PDF of ``flowables`` to ``path``; returns the number of pages."""
    register_fonts()
    x, y, width, height = content_box()
    doc = BaseDocTemplate(
        str(path),
        pagesize=PAGE_SIZE,
        title=info.title,
        author=info.association_name,
        subject=info.reference,
        creator="Sila",
        lang=info.language,
        invariant=True,
        leftMargin=MARGIN_SIDE,
        rightMargin=MARGIN_SIDE,
        topMargin=MARGIN_TOP + HEADER_HEIGHT,
        bottomMargin=MARGIN_BOTTOM + FOOTER_HEIGHT,
    )
    doc.keepTogetherClass = KeepWithStart
    frame = Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="body")
    logo = read_logo(info.logo_path)
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPage=lambda c, _d: _draw_header(c, info, logo))]
    )
    pages: list[int] = []
    footer = _numbered_canvas(lambda c, page, total: _draw_footer(c, info, page, total), pages)
    doc.build(list(flowables), canvasmaker=footer)
    return pages[-1] if pages else 0
