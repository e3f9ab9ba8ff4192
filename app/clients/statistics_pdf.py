"""The client statistics printed (إحصاءات العملاء): the association's header, the
measure and the date, a bar chart, the table with its total, and the notes.

The chart is drawn with plain rectangles; every label goes through the print
layer's right-to-left text path (:func:`app.printing.rtl.draw_text`), so Arabic
letters are joined and read right to left. In Arabic the labels are on the
right and the bars grow from the right towards the left, as on the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.clients.statistics import (
    StatsReport,
    StatsRow,
    column_titles,
    count_text,
    generated_text,
    percent_text,
    riyals_text,
    value_text,
)
from app.i18n import _
from app.printing.blocks import heading, spacer
from app.printing.document import DocumentInfo, build_pdf
from app.printing.fonts import font_name
from app.printing.rtl import RTLParagraph, draw_text, fit_font_size
from app.printing.tables import rtl_table
from app.printing.wrap import text_width
from app.text.bidi import isolate_embedded
from app.text.digits import DigitStyle

if TYPE_CHECKING:
    from app.services.app_services import AppServices

FONT_SIZE = 10.0
CHART_ROWS = 15
BAR_COLOR = colors.HexColor("#0F766E")  # the screen's accent
AXIS_COLOR = colors.HexColor("#8A939C")
MIN_LABEL_SIZE = 6.5


class BarChart(Flowable):
    """Horizontal bars, one per group: label at the start side, the bar, then its value.

    ``bars`` are (label, value, value text); bar lengths are proportional to the
    values, the largest filling the bar area.
    """

    ROW_HEIGHT = 7 * mm
    BAR_HEIGHT = 4.4 * mm

    def __init__(self, bars: Sequence[tuple[str, int, str]], *, rtl: bool, font_size: float = 9.5) -> None:
        super().__init__()
        self.bars = list(bars)
        self.rtl = rtl
        self.font_size = font_size
        self.spaceBefore = 2 * mm
        self.spaceAfter = 4 * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = max(1, len(self.bars)) * self.ROW_HEIGHT
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [self] if availHeight >= self.height else []

    def _label_layout(self) -> tuple[float, float]:
        """The label column's width (as wide as the longest label, within bounds) and one font
        size for every label (shrunk together when the longest does not fit)."""
        font = font_name(False)
        labels = [isolate_embedded(label) for label, _v, _t in self.bars]
        natural = max((text_width(label, font, self.font_size) for label in labels), default=0.0)
        width = min(max(natural + 2 * mm, self.width * 0.2), self.width * 0.45)
        size = min((fit_font_size(label, font, self.font_size, width, MIN_LABEL_SIZE) for label in labels),
                   default=self.font_size)
        return width, size

    def draw(self) -> None:
        canvas = self.canv
        label_w, label_size = self._label_layout()
        value_w = self.width * 0.14
        gap = 2 * mm
        bar_room = self.width - label_w - value_w - 2 * gap
        top = max((v for _l, v, _t in self.bars), default=0)
        # In Arabic: [value … bar | label] with the bars starting at the label's edge.
        origin = self.width - label_w - gap if self.rtl else label_w + gap
        label_x = self.width - label_w if self.rtl else 0.0
        canvas.saveState()
        canvas.setStrokeColor(AXIS_COLOR)
        canvas.setLineWidth(0.6)
        canvas.line(origin, 0, origin, self.height)
        for i, (label, value, text) in enumerate(self.bars):
            y = self.height - (i + 1) * self.ROW_HEIGHT
            middle = y + self.ROW_HEIGHT / 2
            baseline = middle - self.font_size * 0.3
            draw_text(canvas, label, label_x, baseline, label_w, font_size=label_size, rtl=self.rtl,
                      min_size=MIN_LABEL_SIZE)
            length = bar_room * value / top if top > 0 else 0.0
            if length > 0:
                left = origin - length if self.rtl else origin
                canvas.setFillColor(BAR_COLOR)
                canvas.rect(left, middle - self.BAR_HEIGHT / 2, length, self.BAR_HEIGHT, stroke=0, fill=1)
            end = origin - length if self.rtl else origin + length
            text_x = end - gap - value_w if self.rtl else end + gap
            draw_text(canvas, text, text_x, baseline, value_w, font_size=self.font_size - 0.5,
                      rtl=self.rtl, align="start", min_size=5.5)
        canvas.restoreState()


def _cells(report: StatsReport, row: StatsRow, digits: DigitStyle, *,
           bold: bool = False) -> list[str | Flowable]:
    values = [row.label, count_text(row.clients, digits), count_text(row.contributors, digits),
              riyals_text(row.donated_halalas, digits), riyals_text(row.pledged_halalas, digits),
              percent_text(report.share(row), digits)]
    if not bold:
        return list(values)
    return [RTLParagraph(v, font_size=FONT_SIZE - 0.5, bold=True, align="start" if i == 0 else "right")
            for i, v in enumerate(values)]


def stats_flowables(report: StatsReport, info: DocumentInfo) -> list[Flowable]:
    """The report's body in reading order."""
    rtl = info.rtl
    digits = info.digit_style
    body: list[Flowable] = [
        RTLParagraph(_("Measure: {measure}").format(measure=report.measure_label), font_size=FONT_SIZE + 1,
                     bold=True, rtl=rtl, space_after=2),
        RTLParagraph(generated_text(report, digits), font_size=FONT_SIZE, rtl=rtl, space_after=2),
    ]
    if not report.rows:
        body.append(RTLParagraph(_("No clients match."), font_size=FONT_SIZE + 1, rtl=rtl, space_before=8))
        return body
    shown = report.chart_rows(CHART_ROWS)
    title = report.measure_label
    if len(shown) < len(report.rows):
        title = _("{measure}: the {n} largest groups").format(measure=title, n=count_text(len(shown), digits))
        if report.by == "month":
            title = _("{measure}: the last {n} months").format(measure=report.measure_label,
                                                               n=count_text(len(shown), digits))
    body.append(heading(title, level=2, rtl=rtl))
    body.append(BarChart([(r.label, r.value(report.measure), value_text(report, r, digits, whole=True))
                          for r in shown], rtl=rtl))
    body.append(heading(_("Table"), level=2, rtl=rtl))
    header = [report.dimension_label, *column_titles()]
    rows: list[list[str | Flowable]] = [list(header)]
    rows += [_cells(report, r, digits) for r in report.rows]
    rows.append(_cells(report, report.total, digits, bold=True))
    wide = report.by in ("month", "neighbourhood")
    widths = (["34%", "10%", "13%", "16%", "16%", "11%"] if wide
              else ["31%", "11%", "13%", "17%", "17%", "11%"])
    body.append(rtl_table(rows, widths, font_size=FONT_SIZE - 0.5, zebra=True, numeric_columns=range(1, 6),
                          rtl=rtl))
    if report.notes:
        body.append(spacer(3))
    body += [RTLParagraph(note, font_size=FONT_SIZE - 0.5, rtl=rtl, space_after=2) for note in report.notes]
    return body


def stats_reference(report: StatsReport) -> str:
    return "STATS-" + report.generated_at.astimezone().strftime("%Y%m%d-%H%M")


def write_stats_pdf(services: AppServices, report: StatsReport, path: Path) -> int:
    """Print ``report`` to the PDF file ``path``; returns the page count."""
    info = services.documents.info(report.title, stats_reference(report))
    return build_pdf(path, info, stats_flowables(report, info))
