"""The printed satisfaction form (نموذج قياس رضا العملاء, the last pages of seed 000).

One A4 page per copy, laid out like the paper form: the association's header,
the programme, date, city and centre filled in, the 1–5 scale legend, a
right-to-left table with one row per scale item and five boxes, the suggestion
lines, and the personal information with tick boxes. Each copy carries its own
form number (top left, large) and a QR code of the number and template version,
so a keyed form traces back to its paper and none is keyed twice.

Printing hundreds of copies is fast because the page is laid out once: its
fixed content becomes a PDF form XObject that every copy reuses, and only the
number and the QR code are drawn per copy. A donor copy (its name pre-filled)
is laid out on its own.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Table, TableStyle

from app.calendars.formatting import format_dual
from app.clients.form_pdf import Cell, RuledLines, TickBoxes
from app.i18n import N_, _, current_language
from app.printing.blocks import heading, spacer
from app.printing.document import (
    LOGO_SIZE,
    MARGIN_BOTTOM,
    MARGIN_SIDE,
    MARGIN_TOP,
    MUTED,
    PAGE_SIZE,
    RULE_COLOR,
    DocumentInfo,
    read_logo,
)
from app.printing.fonts import font_name, register_fonts
from app.printing.rtl import RTLParagraph, draw_text
from app.printing.tables import GRID_COLOR, HEADER_BACKGROUND
from app.printing.wrap import text_width
from app.surveys.forms import qr_payload
from app.surveys.records import SCALE, SCALE_MAX, Item, PrintRun, ProgrammeInfo, Template
from app.text.bidi import isolate_ltr
from app.text.digits import DigitStyle, localize_digits

if TYPE_CHECKING:
    from app.services.app_services import AppServices

FONT_SIZE = 10.5
SMALL = 8.0
HEADER_HEIGHT = 30 * mm
QR_SIZE = 27 * mm  # the whole code with its quiet zone
QR_BORDER = 4  # modules of quiet zone, as the QR standard asks
QR_MARGIN = 3 * mm  # about the quiet zone's width
BOX_COLUMN = 14 * mm  # each of the five answer columns
BOX = 5 * mm  # the square to tick in each
ROW_MIN = 9 * mm
RULE = 7 * mm  # spacing of the suggestion lines
# Tighter, when the usual spacing would not fit one page (long English items wrap).
COMPACT_ROW_MIN = 7.5 * mm
COMPACT_RULE = 6 * mm
NUMBER_SIZE = 17.0

FIELD_LABELS = {
    "programme": N_("Programme / event"),
    "date": N_("Date"),
    "city": N_("City / province"),
    "centre": N_("Branch / neighbourhood centre"),
}


def _labelled(text: str) -> str:
    return _("{label}:").format(label=text)


# --- flowables ---------------------------------------------------------------------------------


class AnswerBox(Flowable):
    """An empty square, centred in its table cell."""

    def __init__(self, size: float = BOX) -> None:
        super().__init__()
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.size
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.8)
        canvas.rect((self.width - self.size) / 2, 0, self.size, self.size)
        canvas.restoreState()


class Line(Flowable):
    """``label:`` and a dotted line to write on (its ``value`` written on it), filling the width."""

    def __init__(self, label: str, value: str = "", *, rtl: bool, font_size: float = FONT_SIZE,
                 height: float = 7.5 * mm) -> None:
        super().__init__()
        self.label = label
        self.value = value
        self.rtl = rtl
        self.font_size = font_size
        self.row = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.row
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        baseline = self.height * 0.3
        room = self.width * 0.6
        label_w = draw_text(canvas, self.label, self.width - room if self.rtl else 0.0, baseline, room,
                            font_size=self.font_size, bold=True, rtl=self.rtl)
        gap = 2 * mm
        line_w = max(self.width - label_w - gap, 0.0)
        line_x = 0.0 if self.rtl else label_w + gap
        canvas.saveState()
        canvas.setStrokeColor(GRID_COLOR)
        canvas.setLineWidth(0.6)
        canvas.setDash(1, 2)
        canvas.line(line_x, baseline - 2.5, line_x + line_w, baseline - 2.5)
        canvas.restoreState()
        if self.value:
            draw_text(canvas, self.value, line_x + 2 * mm, baseline + 0.5, line_w - 4 * mm,
                      font_size=self.font_size, rtl=self.rtl)


class Row(Flowable):
    """Flowables side by side, in reading order (the first on the right in Arabic), equal widths."""

    def __init__(self, parts: Sequence[Flowable], *, rtl: bool, gap: float = 8 * mm,
                 widths: Sequence[float] | None = None) -> None:
        super().__init__()
        self.parts = list(parts)
        self.rtl = rtl
        self.gap = gap
        self.shares = list(widths) if widths else [1.0] * len(self.parts)

    def _widths(self, width: float) -> list[float]:
        room = width - self.gap * (len(self.parts) - 1)
        total = sum(self.shares)
        return [room * s / total for s in self.shares]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = max(p.wrap(w, availHeight)[1] for p, w in zip(self.parts, self._widths(availWidth),
                                                                  strict=True))
        return self.width, self.height

    def draw(self) -> None:
        x = self.width if self.rtl else 0.0
        for part, w in zip(self.parts, self._widths(self.width), strict=True):
            left = x - w if self.rtl else x
            part.drawOn(self.canv, left, self.height - part.height)
            x = left - self.gap if self.rtl else x + w + self.gap


class Labelled(Flowable):
    """A bold label, then something beside it (tick boxes) in the rest of the width."""

    def __init__(self, label: str, body: Flowable, *, rtl: bool, font_size: float = FONT_SIZE) -> None:
        super().__init__()
        self.label = RTLParagraph(label, font_size=font_size, bold=True, rtl=rtl)
        self.body = body
        self.rtl = rtl
        self.font_size = font_size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        natural = text_width(self.label.text, font_name(True), self.font_size) + 3 * mm
        self._lw = min(natural, availWidth * 0.55)
        _w, lh = self.label.wrap(self._lw, availHeight)
        _w, bh = self.body.wrap(availWidth - self._lw, availHeight)
        self.height = max(lh, bh)
        return self.width, self.height

    def draw(self) -> None:
        body_w = self.width - self._lw
        label_x, body_x = (body_w, 0.0) if self.rtl else (0.0, self._lw)
        self.label.drawOn(self.canv, label_x, self.height - self.label.height)
        self.body.drawOn(self.canv, body_x, self.height - self.body.height)


# --- the page's content ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    rtl: bool
    lang: str
    digits: DigitStyle
    row: float = ROW_MIN
    rule: float = RULE


def _centre_label(services: AppServices, centre: str) -> str:
    if not centre:
        return ""
    found = next((c for c in services.settings.choices("centres", include_inactive=True) if c.id == centre),
                 None)
    return found.label if found else centre


def _programme_date(programme: ProgrammeInfo) -> date | None:
    return programme.ends_on or programme.starts_on


def _header_fields(services: AppServices, programme: ProgrammeInfo, c: _Context) -> Flowable:
    on = _programme_date(programme)
    values = {
        "programme": programme.name,
        "date": format_dual(on, c.digits) if on else "",
        "city": programme.city,
        "centre": _centre_label(services, programme.centre),
    }
    lines = {k: Line(_labelled(_(label)), values[k], rtl=c.rtl) for k, label in FIELD_LABELS.items()}
    return _Stack([
        Row([lines["programme"], lines["date"]], rtl=c.rtl, widths=[1.25, 1.0]),
        Row([lines["city"], lines["centre"]], rtl=c.rtl, widths=[1.0, 1.25]),
    ])


class _Stack(Flowable):
    """Flowables one under the other, as one unit."""

    def __init__(self, parts: Sequence[Flowable]) -> None:
        super().__init__()
        self.parts = list(parts)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = sum(p.wrap(availWidth, availHeight)[1] for p in self.parts)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for part in self.parts:
            y -= part.height
            part.drawOn(self.canv, 0, y)


def _legend(c: _Context) -> list[Flowable]:
    scale = "    ".join(
        f"{localize_digits(str(v), c.digits)} = {SCALE[v][1] if c.lang == 'en' else SCALE[v][0]}"
        for v in range(1, SCALE_MAX + 1)
    )
    return [
        RTLParagraph(_("Please tick the number that shows how far you agree with each statement:"),
                     font_size=FONT_SIZE, bold=True, rtl=c.rtl, space_before=3 * mm),
        RTLParagraph(scale, font_size=FONT_SIZE, rtl=c.rtl, space_after=2 * mm),
    ]


def _scale_header(value: int, c: _Context) -> Flowable:
    label = SCALE[value][1] if c.lang == "en" else SCALE[value][0]
    return _Stack([
        RTLParagraph(localize_digits(str(value), c.digits), font_size=FONT_SIZE + 0.5, bold=True,
                     align="center", rtl=c.rtl),
        RTLParagraph(label, font_size=6.5, align="center", rtl=c.rtl, leading=8),
    ])


def _items_table(items: Sequence[Item], c: _Context, width: float) -> Table:
    """The scale items, one row each: the statement, then five boxes (mirrored in Arabic)."""
    text_w = width - SCALE_MAX * BOX_COLUMN
    header: list[Flowable] = [
        RTLParagraph(_("Criterion"), font_size=FONT_SIZE + 0.5, bold=True, align="center", rtl=c.rtl),
        *(_scale_header(v, c) for v in range(1, SCALE_MAX + 1)),
    ]
    rows: list[list[Flowable]] = [header]
    for n, item in enumerate(items, 1):
        text = f"{localize_digits(str(n), c.digits)}. {item.text(c.lang)}"
        statement = Cell([RTLParagraph(text, font_size=FONT_SIZE, rtl=c.rtl)], min_height=c.row - 3)
        rows.append([statement, *(AnswerBox() for _v in range(SCALE_MAX))])
    widths = [text_w] + [BOX_COLUMN] * SCALE_MAX
    if c.rtl:
        rows = [r[::-1] for r in rows]
        widths = widths[::-1]
    table = Table(rows, colWidths=widths, repeatRows=1,
                  hAlign="RIGHT" if c.rtl else "LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, GRID_COLOR),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
    ]))
    return table


_RANGE = re.compile(r"^[0-9٠-٩]+\s*[-–—]\s*[0-9٠-٩]+$")


def _option_text(text: str) -> str:
    """An option; a range of numbers (``10–25``) reads left to right, as on the paper form."""
    return isolate_ltr(text) if _RANGE.match(text.strip()) else text


def _yes_no(c: _Context) -> list[tuple[str, bool]]:
    return [(_("Yes"), False), (_("No"), False)]


def _question(item: Item, c: _Context, number: str = "", value: str = "") -> Flowable:
    """Any item that is not on the scale, as the paper asks it."""
    label = item.text(c.lang)
    if number:
        label = f"{number}. {label}"
    if item.kind in ("single", "multiple"):
        options = [(_option_text(o.text(c.lang)), False) for o in item.options]
        if item.kind == "multiple":
            label = _("{question} (tick all that apply)").format(question=label)
        return Labelled(label, TickBoxes(options, font_size=FONT_SIZE, rtl=c.rtl), rtl=c.rtl)
    if item.kind == "yesno":
        return Labelled(label, TickBoxes(_yes_no(c), font_size=FONT_SIZE, rtl=c.rtl), rtl=c.rtl)
    if item.kind == "text" and item.lines > 1:
        return _Stack([RTLParagraph(label, font_size=FONT_SIZE, bold=True, rtl=c.rtl, space_before=2),
                       RuledLines(item.lines, c.rule)])
    return Line(_labelled(label), value, rtl=c.rtl)


def _is_short(item: Item) -> bool:
    return item.kind in ("text", "number") and item.lines <= 1 and item.role != "name"


def _questions(items: Sequence[Item], c: _Context, values: dict[str, str], first: int = 0) -> list[Flowable]:
    """Items in order; short ones (a mobile, an email) two to a line as on the paper form."""
    out: list[Flowable] = []
    pending: list[Flowable] = []
    for k, item in enumerate(items):
        number = localize_digits(str(first + k), c.digits) if first else ""
        flowable = _question(item, c, number, values.get(item.id, ""))
        if _is_short(item) and not number:
            pending.append(flowable)
            if len(pending) == 2:
                out.append(Row(pending, rtl=c.rtl))
                pending = []
            continue
        if pending:
            out.append(pending[0])
            pending = []
        out.append(flowable)
    if pending:
        out.append(pending[0])
    return out


def form_flowables(services: AppServices, programme: ProgrammeInfo, template: Template, c: _Context,
                   values: dict[str, str] | None = None) -> list[Flowable]:
    """The body of one copy, in reading order (everything but the number and the QR code)."""
    values = values or {}
    width = PAGE_SIZE[0] - 2 * MARGIN_SIDE
    likert = template.likert
    others = [i for i in template.items if i.kind != "likert"]
    body: list[Flowable] = [_header_fields(services, programme, c), *_legend(c)]
    if likert:
        body.append(_items_table(likert, c, width))
    extra = [i for i in others if i.section == "items"]
    if extra:
        body.append(spacer(2))
        body += _questions(extra, c, values, first=len(likert) + 1)
    suggestions = [i for i in others if i.section == "suggestions"]
    if suggestions:
        body.append(spacer(2))
        body += _questions(suggestions, c, values)
    personal = [i for i in others if i.section not in ("items", "suggestions")]
    if personal:
        body.append(heading(_("Personal information"), level=3, rtl=c.rtl))
        body += _questions(personal, c, values)
    body.append(spacer(2))
    body.append(RTLParagraph(_("Thank you for your time: your answers help us serve you better."),
                             font_size=SMALL + 1, color=MUTED, align="center", rtl=c.rtl))
    return body


# --- pages -------------------------------------------------------------------------------------


def _frame() -> tuple[float, float, float, float]:
    width, height = PAGE_SIZE
    x, y = MARGIN_SIDE, MARGIN_BOTTOM
    return x, y, width - 2 * MARGIN_SIDE, height - MARGIN_TOP - HEADER_HEIGHT - y


def _draw_static_header(canvas: Canvas, info: DocumentInfo, logo: Any, title: str) -> None:
    """The association's logo and name at the start side, the title in the middle, a rule."""
    page_w, page_h = PAGE_SIZE
    left, right = MARGIN_SIDE, page_w - MARGIN_SIDE
    top = page_h - MARGIN_TOP
    width = right - left
    rtl = info.rtl
    logo_room = 0.0
    if logo is not None:
        logo_x = right - LOGO_SIZE if rtl else left
        canvas.drawImage(logo, logo_x, top - LOGO_SIZE, LOGO_SIZE, LOGO_SIZE, preserveAspectRatio=True,
                         anchor="e" if rtl else "w", mask="auto")
        logo_room = LOGO_SIZE + 3 * mm
    name_w = width * 0.45 - logo_room
    name_x = right - logo_room - name_w if rtl else left + logo_room
    draw_text(canvas, info.association_name, name_x, top - LOGO_SIZE / 2 - 4, name_w, font_size=13,
              bold=True, rtl=rtl, color=RULE_COLOR)
    draw_text(canvas, title, left + QR_SIZE, top - LOGO_SIZE - 8 * mm + 2, width - 2 * QR_SIZE,
              font_size=16, bold=True, align="center", rtl=rtl)
    canvas.saveState()
    canvas.setStrokeColor(RULE_COLOR)
    canvas.setLineWidth(0.8)
    rule_y = page_h - MARGIN_TOP - HEADER_HEIGHT + 2 * mm
    canvas.line(left, rule_y, right, rule_y)
    canvas.restoreState()


def _draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """A QR code of ``payload`` with its quiet zone, as one filled path (fast, crisp)."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(payload)
    qr.make()
    count = qr.getModuleCount()
    cell = size / (count + 2 * QR_BORDER)
    path = canvas.beginPath()
    for r, row in enumerate(qr.modules):
        c = 0
        while c < count:
            if row[c]:
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect(x + (start + QR_BORDER) * cell, y + size - (r + QR_BORDER + 1) * cell,
                          (c - start) * cell, cell)
            else:
                c += 1
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _draw_copy_marks(canvas: Canvas, number: str, payload: str, c: _Context, page: int, pages: int,
                     donor: str = "") -> None:
    """What differs between copies: the QR code and the form number, top left; page x of y."""
    page_w, page_h = PAGE_SIZE
    top = page_h - MARGIN_TOP
    # At the end side (top left in Arabic, top right in English), the association's name at the other.
    # The quiet zone may reach into the page margin.
    qr_x = MARGIN_SIDE - QR_MARGIN if c.rtl else page_w - MARGIN_SIDE + QR_MARGIN - QR_SIZE
    _draw_qr(canvas, payload, qr_x, top - QR_SIZE + 2 * mm, QR_SIZE)
    text_w = 60 * mm
    text_x = qr_x + QR_SIZE + 1 * mm if c.rtl else qr_x - 1 * mm - text_w
    draw_text(canvas, _("Form number"), text_x, top - 7, text_w, font_size=SMALL + 0.5, align="end",
              rtl=c.rtl, color=MUTED)
    font = font_name(True)
    drawn = stringWidth(number, font, NUMBER_SIZE)
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.setFont(font, NUMBER_SIZE)
    # Latin and left to right, as the officer types it.
    canvas.drawString(text_x if c.rtl else text_x + text_w - drawn, top - 7 - NUMBER_SIZE - 1, number)
    canvas.restoreState()
    if donor:
        draw_text(canvas, donor, text_x, top - 7 - NUMBER_SIZE - 14, text_w, font_size=SMALL + 1,
                  align="end", rtl=c.rtl, color=MUTED)
    if pages > 1:
        text = _("Page {page} of {pages}").format(page=localize_digits(str(page), c.digits),
                                                  pages=localize_digits(str(pages), c.digits))
        draw_text(canvas, text, MARGIN_SIDE, MARGIN_BOTTOM / 2, page_w - 2 * MARGIN_SIDE, font_size=9,
                  align="center", rtl=c.rtl, color=MUTED)


def _layout(canvas: Canvas, flowables: list[Flowable], info: DocumentInfo, logo: Any, title: str,
            prefix: str) -> list[str]:
    """Lay the body out into one PDF form per page; returns the forms' names."""
    x, y, width, height = _frame()
    names: list[str] = []
    pending = list(flowables)
    while pending:
        name = f"{prefix}-{len(names) + 1}"
        canvas.beginForm(name)
        _draw_static_header(canvas, info, logo, title)
        frame = Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        placed = 0
        while pending:
            head = pending[0]
            if frame.add(head, canvas, trySplit=0):
                pending.pop(0)
                placed += 1
                continue
            parts = frame.split(head, canvas)
            if len(parts) > 1 and frame.add(parts[0], canvas, trySplit=0):
                pending[0:1] = parts[1:]
                placed += 1
            break
        canvas.endForm()
        names.append(name)
        if not placed and pending:
            raise ValueError("a part of the survey form is taller than a page")
    return names


def _height(flowables: Sequence[Flowable], width: float) -> float:
    """How tall ``flowables`` stand one under the other (spaces included, as the frame adds them)."""
    total = 0.0
    for k, f in enumerate(flowables):
        total += f.wrap(width, 10_000)[1] + f.getSpaceAfter() + (f.getSpaceBefore() if k else 0.0)
    return total


def _fitting(services: AppServices, programme: ProgrammeInfo, template: Template, c: _Context) -> _Context:
    """The usual spacing, or the compact one when that keeps the form on one page."""
    _x, _y, width, height = _frame()
    if _height(form_flowables(services, programme, template, c), width) <= height:
        return c
    compact = replace(c, row=COMPACT_ROW_MIN, rule=COMPACT_RULE)
    if _height(form_flowables(services, programme, template, compact), width) <= height:
        return compact
    return c


def _context(info: DocumentInfo) -> _Context:
    return _Context(info.rtl, info.language, info.digit_style)


def _donor_values(template: Template, donor: tuple[str, str]) -> dict[str, str]:
    item = template.item("name")
    return {item.id: donor[1]} if item is not None else {}


def survey_forms_pdf(services: AppServices, run: PrintRun) -> bytes:
    """The copies of a printing as one PDF: one page per copy (more for a long custom template)."""
    register_fonts()
    lang = current_language()
    title = run.template.display_title(lang)
    info = services.documents.info(title, run.numbers[0] if run.numbers else "")
    c = _context(info)
    logo = read_logo(info.logo_path)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE_SIZE, invariant=True, lang=info.language)
    canvas.setTitle(title)
    canvas.setAuthor(info.association_name)
    canvas.setCreator("Sila")
    canvas.setSubject(run.programme.name)
    c = _fitting(services, run.programme, run.template, c)
    shared: list[str] = []
    if not run.donors:
        shared = _layout(canvas, form_flowables(services, run.programme, run.template, c), info, logo, title,
                         "survey")
    for k, number in enumerate(run.numbers):
        donor = run.donors[k] if k < len(run.donors) else None
        pages = shared
        donor_text = ""
        if donor is not None:
            values = _donor_values(run.template, donor)
            pages = _layout(canvas, form_flowables(services, run.programme, run.template, c, values), info,
                            logo, title, f"donor{k}")
            donor_text = f"{donor[1]} ({isolate_ltr(donor[0])})"
        payload = qr_payload(number, run.template.key, run.template.version)
        for page, name in enumerate(pages, 1):
            canvas.doForm(name)
            _draw_copy_marks(canvas, number, payload, c, page, len(pages), donor_text)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_survey_forms(services: AppServices, run: PrintRun, path: Path) -> Path:
    """Write the copies of ``run`` to the PDF file ``path``."""
    path.write_bytes(survey_forms_pdf(services, run))
    return path
