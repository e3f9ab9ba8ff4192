"""Small building blocks of printed documents: headings, label/value rows, signatures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.i18n import _
from app.printing.fonts import font_name
from app.printing.rtl import RTLParagraph, draw_text, resolve_rtl
from app.printing.wrap import text_width

HEADING_SIZES = {1: 15.0, 2: 13.0, 3: 11.5}
HEADING_COLOR = colors.HexColor("#1F3A5F")
BOX_COLOR = colors.HexColor("#8A939C")


def heading(text: str, level: int = 1, *, rtl: bool | None = None) -> RTLParagraph:
    """A bold heading that stays on the same page as what follows it."""
    size = HEADING_SIZES.get(level, HEADING_SIZES[3])
    flowable = RTLParagraph(
        text,
        font_size=size,
        bold=True,
        color=HEADING_COLOR,
        rtl=rtl,
        space_before=size * 0.6,
        space_after=size * 0.25,
    )
    flowable.keepWithNext = True
    return flowable


def spacer(height_mm: float = 4.0) -> Spacer:
    """Vertical space, in millimetres."""
    return Spacer(1, height_mm * mm)


class FieldRow(Flowable):
    """``label`` in bold, then its ``value`` (wrapping), side by side, label first in reading order."""

    def __init__(
        self,
        label: str,
        value: str,
        *,
        font_size: float = 11.0,
        label_width: float | None = None,
        rtl: bool | None = None,
    ) -> None:
        super().__init__()
        self.rtl = resolve_rtl(rtl)
        self.label = RTLParagraph(label, font_size=font_size, bold=True, rtl=self.rtl)
        self.value = RTLParagraph(value, font_size=font_size, rtl=self.rtl)
        self.font_size = font_size
        self.label_width = label_width
        self.spaceAfter = font_size * 0.2

    def _label_width(self, width: float) -> float:
        if self.label_width is not None:
            return self.label_width
        natural = text_width(self.label.text, font_name(True), self.font_size)
        return min(natural + self.font_size, width * 0.4)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._lw = self._label_width(availWidth)
        _, label_h = self.label.wrap(self._lw, availHeight)
        _, value_h = self.value.wrap(availWidth - self._lw, availHeight)
        self.height = max(label_h, value_h)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        parts = self.value.split(availWidth - self._lw, availHeight)
        if len(parts) != 2:
            return [] if not parts else [self]
        first = FieldRow(self.label.text, "", font_size=self.font_size, rtl=self.rtl)
        first.label_width, first.value = self._lw, parts[0]
        rest = FieldRow("", "", font_size=self.font_size, rtl=self.rtl)
        rest.label_width, rest.value = self._lw, parts[1]
        return [first, rest]

    def draw(self) -> None:
        value_w = self.width - self._lw
        label_x, value_x = (value_w, 0.0) if self.rtl else (0.0, self._lw)
        self.label.drawOn(self.canv, label_x, self.height - self.label.height)
        self.value.drawOn(self.canv, value_x, self.height - self.value.height)


def field_row(label: str, value: str, *, rtl: bool | None = None) -> FieldRow:
    """A ``label: value`` line of a form; the label on the right in Arabic."""
    return FieldRow(label, value, rtl=rtl)


@dataclass(frozen=True)
class SignatureBlock:
    label: str  # e.g. _("Prepared by")
    name: str = ""
    date_text: str = ""


class SignatureRow(Flowable):
    """Boxes side by side, each with a title and name, signature and date lines.

    In Arabic the first block is on the right. The row is never split.
    """

    BOX_HEIGHT = 36 * mm
    GAP = 6 * mm
    PADDING = 3 * mm

    def __init__(self, blocks: Sequence[SignatureBlock], *, rtl: bool | None = None) -> None:
        super().__init__()
        if not blocks:
            raise ValueError("at least one signature block is needed")
        self.blocks = list(blocks)
        self.rtl = resolve_rtl(rtl)
        self.spaceBefore = 4 * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.BOX_HEIGHT
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [self] if availHeight >= self.BOX_HEIGHT else []

    def draw(self) -> None:
        n = len(self.blocks)
        box_w = (self.width - self.GAP * (n - 1)) / n
        for i, block in enumerate(self.blocks):
            slot = n - 1 - i if self.rtl else i
            self._draw_box(block, slot * (box_w + self.GAP), box_w)

    def _draw_box(self, block: SignatureBlock, x: float, width: float) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(BOX_COLOR)
        canvas.setLineWidth(0.6)
        canvas.roundRect(x, 0, width, self.BOX_HEIGHT, 2 * mm)
        inner_x, inner_w = x + self.PADDING, width - 2 * self.PADDING
        top = self.BOX_HEIGHT - self.PADDING
        draw_text(
            canvas, block.label, inner_x, top - 11, inner_w,
            font_size=11, bold=True, align="center", rtl=self.rtl,
        )
        rows = ((_("Name"), block.name), (_("Signature"), ""), (_("Date"), block.date_text))
        for k, (label, value) in enumerate(rows):
            self._draw_field(label, value, inner_x, top - 11 - (k + 1) * 8 * mm, inner_w)
        canvas.restoreState()

    def _draw_field(self, label: str, value: str, x: float, y: float, width: float) -> None:
        """``label`` at the start side, then a rule to the end with ``value`` written on it."""
        canvas = self.canv
        label_w = draw_text(canvas, label, x, y, width, font_size=9.5, bold=True, rtl=self.rtl)
        gap = 2 * mm
        line_w = max(width - label_w - gap, 0.0)
        line_x = x if self.rtl else x + label_w + gap
        canvas.setDash(1, 2)
        canvas.line(line_x, y - 2, line_x + line_w, y - 2)
        canvas.setDash()
        if value:
            draw_text(canvas, value, line_x, y + 1, line_w, font_size=10, align="center", rtl=self.rtl)


def signature_blocks(blocks: Sequence[SignatureBlock], *, rtl: bool | None = None) -> SignatureRow:
    """A row of signature boxes (``Prepared by``, ``Approved by``, …), laid out in reading order."""
    return SignatureRow(blocks, rtl=rtl)
