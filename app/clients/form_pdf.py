"""The printed client form (نموذج إنشاء / تعديل بيانات العملاء, end of seed 000).

The paper form the steward fills and the relations manager signs: every field
of the client in a bordered grid, the client kinds as tick boxes, room for other
notes, and the two signatures (prepared by, approved by). It prints three ways:
a request (create or modify, a modify showing each changed field's old value),
a client's current data, or blank for handwriting. One A4 page for normal data.
The registry files the bytes of each approved request's form.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from app.calendars.formatting import format_dual
from app.clients.fields import ENTITIES, ENTITY_LABELS, FIELD_LABELS, STATUS_LABELS, STATUSES, empty_values
from app.clients.records import ClientDetail, RequestDetail
from app.i18n import N_, _
from app.printing.blocks import SignatureBlock, heading, signature_blocks, spacer
from app.printing.document import DocumentInfo, build_pdf, content_box
from app.printing.fonts import font_name
from app.printing.rtl import RTLParagraph, draw_text, resolve_rtl
from app.printing.tables import GRID_COLOR, HEADER_BACKGROUND
from app.printing.wrap import text_width
from app.text.bidi import first_strong_rtl, isolate_ltr
from app.text.phone import display_mobile, display_phone

if TYPE_CHECKING:
    from app.services.app_services import AppServices

ACTIONS = ("create", "modify", "blank")

LABEL_SIZE = 9.5
VALUE_SIZE = 10.5
PREVIOUS_SIZE = 8.0
MUTED = colors.HexColor("#4A5560")
CHANGED_BACKGROUND = colors.HexColor("#FFF6DD")  # a modify's changed values, faint on a grey printer
ROW_HEIGHT = 8.5 * mm  # every cell at least this tall: room to write by hand
BLANK_ROW_HEIGHT = 10.5 * mm  # more on the blank form, filled in by hand
LABEL_WIDTH = (26 * mm, 36 * mm)  # the label column: its widest label on one line, within these
PADDING = 4.0  # a cell's left and right padding
V_PADDING = 2.0  # its top and bottom padding

# The grid, in reading order: full-width rows, then pairs, then kinds and notes.
LAYOUT = ("name", "name_latin", "number", "entity", "national_id", "channel", "mobile", "mobile2", "phone",
          "email", "city", "neighbourhood", "centre", "owner", "consent", "status", "kinds", "notes")
REQUEST_LABELS = (N_("Request type"), N_("Request number"), N_("Request status"))
RULE_SPACING = 8 * mm
MAX_NOTES_HEIGHT = 45 * mm  # longer notes follow the grid instead of sitting in it

REQUEST_STATUS_LABELS = {
    "pending": N_("Pending approval"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "withdrawn": N_("Withdrawn"),
}


@dataclass(frozen=True)
class ClientForm:
    """What one printed form shows; the caller resolves the display labels.

    ``values`` has the shape of :func:`app.clients.fields.empty_values` (ignored when
    ``action`` is ``blank``); ``previous`` holds a modify's old values, shown small
    beside each field that changes. ``kinds`` are the tick boxes, ``(id, label)``.
    """

    action: str  # create | modify | blank
    request_number: str = ""
    client_number: str = ""
    values: dict[str, Any] = field(default_factory=empty_values)
    previous: dict[str, Any] | None = None
    prepared_by: str = ""
    prepared_on: date | None = None
    approved_by: str = ""
    approved_on: date | None = None
    status: str = ""  # the request's: pending | approved | rejected | withdrawn | ""
    kinds: list[tuple[str, str]] = field(default_factory=list)
    channel_label: str = ""
    centre_label: str = ""
    owner_label: str = ""
    reason: str = ""  # a rejection's reason, shown beside the status

    @property
    def blank(self) -> bool:
        return self.action == "blank"


# --- flowables the form needs -------------------------------------------------------------


class TickBoxes(Flowable):
    """Labelled square boxes in reading order, ticked or not, wrapping onto more lines.

    In Arabic the first box is at the right and each box stands before (to the
    right of) its label. The tick is drawn, not a font glyph.
    """

    GAP = 6.5 * mm  # between one option and the next
    LABEL_GAP = 1.5 * mm  # between a box and its label

    def __init__(self, options: Sequence[tuple[str, bool]], *, font_size: float = VALUE_SIZE,
                 rtl: bool | None = None) -> None:
        super().__init__()
        self.options = list(options)
        self.font_size = font_size
        self.rtl = resolve_rtl(rtl)
        self.box = font_size * 0.95
        self.line_height = font_size * 1.75
        self._rows: list[list[tuple[str, bool, float]]] = []

    def _item_width(self, label: str) -> float:
        return self.box + self.LABEL_GAP + text_width(label, font_name(), self.font_size)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        rows: list[list[tuple[str, bool, float]]] = [[]]
        used = 0.0
        for label, ticked in self.options:
            width = min(self._item_width(label), availWidth)
            if rows[-1] and used + self.GAP + width > availWidth:
                rows.append([])
                used = 0.0
            used += (self.GAP if rows[-1] else 0.0) + width
            rows[-1].append((label, ticked, width))
        self._rows = rows if self.options else []
        self.height = len(self._rows) * self.line_height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        for i, row in enumerate(self._rows):
            middle = self.height - (i + 0.5) * self.line_height
            baseline = middle - self.font_size * 0.2
            x = self.width if self.rtl else 0.0
            for label, ticked, width in row:
                label_w = width - self.box - self.LABEL_GAP
                if self.rtl:
                    box_x = x - self.box
                    label_x = box_x - self.LABEL_GAP - label_w
                    x = label_x - self.GAP
                else:
                    box_x = x
                    label_x = box_x + self.box + self.LABEL_GAP
                    x = label_x + label_w + self.GAP
                self._draw_box(box_x, middle - self.box / 2, ticked)
                draw_text(canvas, label, label_x, baseline, label_w + 0.5, font_size=self.font_size,
                          rtl=self.rtl)

    def _draw_box(self, x: float, y: float, ticked: bool) -> None:
        canvas, b = self.canv, self.box
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.7)
        canvas.rect(x, y, b, b)
        if ticked:
            canvas.setLineWidth(1.4)
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
            path = canvas.beginPath()
            path.moveTo(x + 0.18 * b, y + 0.52 * b)
            path.lineTo(x + 0.42 * b, y + 0.22 * b)
            path.lineTo(x + 0.84 * b, y + 0.86 * b)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()


class RuledLines(Flowable):
    """Dotted lines to write on."""

    def __init__(self, count: int, spacing: float = RULE_SPACING) -> None:
        super().__init__()
        self.count = count
        self.spacing = spacing

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.count * self.spacing
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(GRID_COLOR)
        canvas.setLineWidth(0.5)
        canvas.setDash(1, 2)
        for i in range(self.count):
            y = self.height - (i + 1) * self.spacing + 1.5
            canvas.line(0, y, self.width, y)
        canvas.restoreState()


class Cell(Flowable):
    """Flowables stacked in one table cell, at least ``min_height`` tall, centred in it."""

    def __init__(self, parts: Sequence[Flowable], min_height: float = 0.0) -> None:
        super().__init__()
        self.parts = list(parts)
        self.min_height = min_height
        self._content = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._content = sum(p.wrap(availWidth, availHeight)[1] for p in self.parts)
        self.height = max(self.min_height, self._content)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height - (self.height - self._content) / 2
        for part in self.parts:
            y -= part.height
            part.drawOn(self.canv, 0, y)


# --- what each field shows -----------------------------------------------------------------


def _choice_label(services: AppServices, key: str, ident: str) -> str:
    if not ident:
        return ""
    found = next((c for c in services.settings.choices(key, include_inactive=True) if c.id == ident), None)
    return found.label if found else ident


def _list_separator(rtl: bool) -> str:
    return "، " if rtl else ", "


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _shown(services: AppServices, form: ClientForm, name: str, values: Mapping[str, Any], rtl: bool,
           current: bool) -> str:
    """One field's value as printed (the current values use the labels the caller resolved)."""
    value = values.get(name)
    if name == "entity":
        return _(ENTITY_LABELS[value]) if value in ENTITY_LABELS else str(value or "")
    if name == "status":
        return _(STATUS_LABELS[value]) if value in STATUS_LABELS else str(value or "")
    if name == "consent":
        return _yes_no(bool(value))
    if name == "kinds":
        labels = dict(form.kinds)
        return _list_separator(rtl).join(labels.get(k) or _choice_label(services, "client_kinds", k)
                                         for k in value or [])
    text = str(value or "")
    if not text:
        return ""
    if name in ("mobile", "mobile2"):
        return isolate_ltr(display_mobile(text))
    if name == "phone":
        return isolate_ltr(display_phone(text))
    if name in ("national_id", "email"):
        return isolate_ltr(text)
    if name == "channel":
        return form.channel_label or text if current else _choice_label(services, "channels", text)
    if name == "centre":
        return form.centre_label or text if current else _choice_label(services, "centres", text)
    if name == "owner":
        return form.owner_label or text if current else text
    return text


class _Grid:
    """Builds the form's cells: label and value pairs, in logical order (start side first)."""

    def __init__(self, services: AppServices, form: ClientForm, rtl: bool) -> None:
        self.services = services
        self.form = form
        self.rtl = rtl
        self.values = empty_values() if form.blank else form.values
        self.previous = None if form.blank else form.previous
        self.min_height = (BLANK_ROW_HEIGHT if form.blank else ROW_HEIGHT) - 2 * V_PADDING
        labels = [_field_label(f) for f in LAYOUT] + [_(t) for t in REQUEST_LABELS]
        widest = max(text_width(t, font_name(True), LABEL_SIZE) for t in labels) + 2 * PADDING + 1
        self.label_width = min(max(widest, LABEL_WIDTH[0]), LABEL_WIDTH[1])

    def cell(self, parts: Sequence[Flowable]) -> Cell:
        return Cell(parts, self.min_height)

    def label(self, text: str) -> Flowable:
        return self.cell([RTLParagraph(text, font_size=LABEL_SIZE, bold=True, rtl=self.rtl)])

    def changed(self, name: str) -> bool:
        return self.previous is not None and self.previous.get(name) != self.values.get(name)

    def _previously(self, name: str) -> list[Flowable]:
        if not self.changed(name):
            return []
        assert self.previous is not None
        old = _shown(self.services, self.form, name, self.previous, self.rtl, current=False) or "—"
        return [RTLParagraph(_("Previously: {value}").format(value=old), font_size=PREVIOUS_SIZE,
                             color=MUTED, rtl=self.rtl, space_before=1)]

    def text(self, name: str, shown: str | None = None) -> Flowable:
        if shown is None:
            shown = "" if self.form.blank else _shown(self.services, self.form, name, self.values, self.rtl,
                                                      current=True)
        return self.cell([RTLParagraph(shown, font_size=VALUE_SIZE, rtl=self.rtl), *self._previously(name)])

    def ticks(self, name: str, options: Sequence[tuple[Any, str]]) -> Flowable:
        """One box per option; the value's box ticked (none on a blank form)."""
        value = self.values.get(name)
        chosen = set(value) if isinstance(value, list) else {value}
        boxes = TickBoxes([(label, not self.form.blank and ident in chosen) for ident, label in options],
                          rtl=self.rtl)
        return self.cell([boxes, *self._previously(name)])

    def notes_parts(self) -> list[Flowable]:
        text = "" if self.form.blank else str(self.values.get("notes") or "").strip()
        if not text:
            return []
        own = first_strong_rtl(text)
        return [RTLParagraph(text, font_size=VALUE_SIZE, rtl=self.rtl if own is None else own),
                *self._previously("notes")]

    def notes_fit(self) -> bool:
        """Whether the notes fit in their cell: a table row cannot run on to the next page."""
        _x, _y, width, _h = content_box()
        cell = self.cell(self.notes_parts())
        return cell.wrap(width - self.label_width - 2 * PADDING, 10_000)[1] <= MAX_NOTES_HEIGHT

    def notes(self) -> Flowable:
        parts = self.notes_parts()
        if not parts:
            return Cell([RuledLines(5 if self.form.blank else 2)], min_height=0)
        if not self.notes_fit():
            return self.cell([RTLParagraph(_("Written below the form."), font_size=VALUE_SIZE, color=MUTED,
                                           rtl=self.rtl)])
        return self.cell(parts)


def _field_label(name: str) -> str:
    return _(FIELD_LABELS[name])


Row = list[Flowable | str]


def _table(grid: _Grid, rows: Sequence[Row], spans: Sequence[tuple[int, int, int]],
           shaded: Sequence[tuple[int, int]] = ()) -> Table:
    """A bordered grid of four logical columns (label, value, label, value), mirrored in Arabic.

    ``spans`` are (row, first column, last column) in logical columns; ``shaded`` the
    (row, column) value cells of a modify's changed fields.
    """
    _x, _y, width, _h = content_box()
    rtl = grid.rtl
    label_w = grid.label_width
    value_w = width / 2 - label_w
    widths = [label_w, value_w, label_w, value_w]

    def column(c: int) -> int:
        return 3 - c if rtl else c

    data = [list(row)[::-1] if rtl else list(row) for row in rows]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, GRID_COLOR),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), V_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), V_PADDING),
    ]
    spanned = {(r, c) for r, first, last in spans for c in range(first + 1, last + 1)}
    for r in range(len(rows)):
        for c in (0, 2):
            if (r, c) not in spanned:
                commands.append(("BACKGROUND", (column(c), r), (column(c), r), HEADER_BACKGROUND))
    span_of: dict[tuple[int, int], tuple[int, int]] = {}
    for r, first, last in spans:
        a, b = sorted((column(first), column(last)))
        commands.append(("SPAN", (a, r), (b, r)))
        span_of[r, first] = (a, b)
        # ReportLab draws a span's leftmost cell: in Arabic the content sits at its right end.
        data[r][a], data[r][column(first)] = data[r][column(first)], data[r][a]
    for r, c in shaded:
        a, b = span_of.get((r, c), (column(c), column(c)))
        commands.append(("BACKGROUND", (a, r), (b, r), CHANGED_BACKGROUND))
    table = Table(data, colWidths=widths[::-1] if rtl else widths, hAlign="CENTER")
    table.setStyle(TableStyle(commands))
    return table


def _request_table(grid: _Grid) -> Table:
    form = grid.form
    actions = [("create", _("Create")), ("modify", _("Modify"))]
    boxes = TickBoxes([(label, ident == form.action) for ident, label in actions], rtl=grid.rtl)
    number = isolate_ltr(form.request_number) if form.request_number else ""
    rows: list[Row] = [[grid.label(_("Request type")), grid.cell([boxes]),
                        grid.label(_("Request number")), grid.text("", number)]]
    spans: list[tuple[int, int, int]] = []
    if form.status and not form.blank:
        known = form.status in REQUEST_STATUS_LABELS
        status = _(REQUEST_STATUS_LABELS[form.status]) if known else form.status
        if form.reason:
            status = _("{status}: {reason}").format(status=status, reason=form.reason)
        rows.append([grid.label(_("Request status")), grid.text("", status), "", ""])
        spans.append((1, 1, 3))
    return _table(grid, rows, spans)


def _client_table(grid: _Grid) -> Table:
    form = grid.form
    number = isolate_ltr(form.client_number) if form.client_number and not form.blank else ""
    entity = [(e, _(ENTITY_LABELS[e])) for e in ENTITIES]
    status = [(s, _(STATUS_LABELS[s])) for s in STATUSES]
    consent = [(True, _("Yes")), (False, _("No"))]
    pairs: list[tuple[str, Flowable, str, Flowable]] = [
        ("number", grid.text("number", number), "entity", grid.ticks("entity", entity)),
        ("national_id", grid.text("national_id"), "channel", grid.text("channel")),
        ("mobile", grid.text("mobile"), "mobile2", grid.text("mobile2")),
        ("phone", grid.text("phone"), "email", grid.text("email")),
        ("city", grid.text("city"), "neighbourhood", grid.text("neighbourhood")),
        ("centre", grid.text("centre"), "owner", grid.text("owner")),
        ("consent", grid.ticks("consent", consent), "status", grid.ticks("status", status)),
    ]
    rows: list[Row] = [
        [grid.label(_field_label("name")), grid.text("name"), "", ""],
        [grid.label(_field_label("name_latin")), grid.text("name_latin"), "", ""],
    ]
    spans = [(0, 1, 3), (1, 1, 3)]
    shaded = [(r, 1) for r, name in enumerate(("name", "name_latin")) if grid.changed(name)]
    for a, a_cell, b, b_cell in pairs:
        r = len(rows)
        rows.append([grid.label(_field_label(a)), a_cell, grid.label(_field_label(b)), b_cell])
        shaded += [(r, c) for c, name in ((1, a), (3, b)) if grid.changed(name)]
    for name, cell in (("kinds", grid.ticks("kinds", form.kinds)), ("notes", grid.notes())):
        r = len(rows)
        rows.append([grid.label(_field_label(name)), cell, "", ""])
        spans.append((r, 1, 3))
        if grid.changed(name):
            shaded.append((r, 1))
    return _table(grid, rows, spans, shaded)


def _date_text(on: date | None, digits: Any) -> str:
    return format_dual(on, digits) if on is not None else ""


def form_flowables(services: AppServices, form: ClientForm, info: DocumentInfo) -> list[Flowable]:
    """The form's body in reading order."""
    if form.action not in ACTIONS:
        raise ValueError(f"unknown form action {form.action!r}")
    rtl = info.rtl
    digits = info.digit_style
    grid = _Grid(services, form, rtl)
    blank = form.blank
    body: list[Flowable] = [
        _request_table(grid),
        heading(_("Client data"), level=3, rtl=rtl),
        _client_table(grid),
    ]
    if not grid.notes_fit():  # long notes run on, over pages if need be
        body.append(heading(_field_label("notes"), level=3, rtl=rtl))
        body += grid.notes_parts()
    signatures = signature_blocks([
        SignatureBlock(_("Prepared by"), "" if blank else form.prepared_by,
                       "" if blank else _date_text(form.prepared_on, digits)),
        SignatureBlock(_("Approved by"), "" if blank else form.approved_by,
                       "" if blank else _date_text(form.approved_on, digits)),
    ], rtl=rtl)
    body.append(KeepTogether([spacer(1), signatures]))
    return body


def _reference(form: ClientForm) -> str:
    if form.blank:
        return ""
    return form.request_number or form.client_number


def _info(services: AppServices, form: ClientForm) -> DocumentInfo:
    return services.documents.info(_("Client data create / modify form"), _reference(form))


def build_client_form(path: Path, services: AppServices, form: ClientForm) -> int:
    """Write the form to ``path``; returns the page count."""
    info = _info(services, form)
    return build_pdf(path, info, form_flowables(services, form, info))


def write_client_form(services: AppServices, form: ClientForm, path: Path) -> Path:
    build_client_form(path, services, form)
    return path


def client_form_bytes(services: AppServices, form: ClientForm) -> bytes:
    """The form as PDF bytes (what the registry files for an approved request)."""
    with tempfile.TemporaryDirectory(prefix="sila-form-") as folder:
        path = Path(folder) / "form.pdf"
        build_client_form(path, services, form)
        return path.read_bytes()


# --- from the registry's records ---------------------------------------------------------------


def _local_date(at: datetime | None) -> date | None:
    return at.astimezone().date() if at is not None else None


def _kind_boxes(services: AppServices, *value_sets: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Every active kind in the settings, plus any inactive one the client has (or had)."""
    everything = services.settings.choices("client_kinds", include_inactive=True)
    used = {k for values in value_sets if values for k in values.get("kinds") or []}
    return [(c.id, c.label) for c in everything if c.active or c.id in used]


def _labels(services: AppServices, values: Mapping[str, Any]) -> tuple[str, str, str]:
    """The contact channel's, the centre's and the relationship owner's display text.

    The owner shows by user name: no lookup of full names is open to every reader yet.
    """
    return (_choice_label(services, "channels", str(values.get("channel") or "")),
            _choice_label(services, "centres", str(values.get("centre") or "")),
            str(values.get("owner") or ""))


def form_from_request(services: AppServices, detail: RequestDetail) -> ClientForm:
    """The form of a change request: its proposer, its decision and, for a modify, the old values.

    A merge prints as a modify of the kept client.
    """
    summary = detail.summary
    values = {**empty_values(), **detail.proposed}
    modify = summary.action != "create"
    previous = {**empty_values(), **detail.previous} if modify and detail.previous else None
    approved = summary.status == "approved"
    channel, centre, owner = _labels(services, values)
    return ClientForm(
        action="modify" if modify else "create",
        request_number=summary.number,
        client_number=summary.client_number,
        values=values,
        previous=previous,
        prepared_by=summary.proposed_by_name or summary.proposed_by,
        prepared_on=_local_date(summary.proposed_at),
        approved_by=(summary.decided_by_name or summary.decided_by) if approved else "",
        approved_on=_local_date(summary.decided_at) if approved else None,
        status=summary.status,
        kinds=_kind_boxes(services, values, previous),
        reason=detail.reason if summary.status == "rejected" else "",
        channel_label=channel, centre_label=centre, owner_label=owner,
    )


def form_from_client(services: AppServices, detail: ClientDetail) -> ClientForm:
    """A client's current data on the form, ticked as a modify, signatures left to fill."""
    values = {**empty_values(), **detail.values}
    channel, centre, owner = _labels(services, values)
    return ClientForm(action="modify", client_number=detail.number, values=values,
                      kinds=_kind_boxes(services, values), channel_label=channel, centre_label=centre,
                      owner_label=owner)


def blank_form(services: AppServices) -> ClientForm:
    """The empty form, every active client kind as a box to tick."""
    return ClientForm(action="blank", kinds=_kind_boxes(services))
