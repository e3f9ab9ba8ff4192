"""Client statistics (seed 000 §6.1.8): how many clients, and how much they gave
or pledged, grouped by one of their kind, city, neighbourhood, centre, status,
relationship owner or month of registration.

Every figure is computed by the database with one ``GROUP BY`` over the live
clients (``deleted_at IS NULL``), each left-joined to its own contribution
totals (themselves one ``GROUP BY`` over the contributions), so a registry of
200,000 clients never travels to Python row by row.

A client has one or more kinds (``clients.kinds`` holds their ids,
comma-separated): the database groups by that list, which has few distinct
values, and each group is then added to every kind it names. A client with
two kinds thus counts under both, the kind rows add up to more than the
total, and the report carries a note saying so. The total row is always the
number of distinct clients.

Months are those of ``created_at`` in the computer's local time, labelled with
the Gregorian month and the Hijri month(s) it overlaps.

Labels are in the language current when the report is made; the amounts stay
in halalas (SAR × 100) and are formatted by :func:`riyals_text`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal_column, select
from sqlalchemy.orm import QueryableAttribute, Session

from app.calendars.formatting import digit_style, format_datetime, gregorian_month_name
from app.calendars.hijri import HIJRI_ERA_START, hijri_month_name, to_hijri
from app.clients.fields import STATUS_LABELS, STATUSES
from app.errors import UserError
from app.i18n import N_, _, is_rtl
from app.persistence.db import Database
from app.persistence.models import Client, Contribution, User
from app.services.context import Actor, require
from app.services.roles import Permission
from app.services.settings import SettingsService
from app.text.digits import DigitStyle, localize_digits

DIMENSIONS: tuple[str, ...] = ("kind", "city", "neighbourhood", "centre", "status", "owner", "month",
                               "programme")
DIMENSION_LABELS: dict[str, str] = {
    "kind": N_("Client kind"),
    "city": N_("City"),
    "neighbourhood": N_("Neighbourhood"),
    "centre": N_("Centre"),
    "status": N_("Status"),
    "owner": N_("Relationship owner"),
    "month": N_("Month of registration"),
    "programme": N_("Programme or activity"),
}
MEASURES: tuple[str, ...] = ("clients", "donated", "pledged")
MEASURE_LABELS: dict[str, str] = {
    "clients": N_("Number of clients"),
    "donated": N_("Donations (SAR)"),
    "pledged": N_("Pledges (SAR)"),
}
NOT_GIVEN = N_("(not given)")
NOT_GIVEN_KEY = ""
# The key of a neighbourhood row is "city|neighbourhood": the same name is found in many cities.
NEIGHBOURHOOD_SEPARATOR = "|"
MAX_FILLED_MONTHS = 600  # months with no new client are shown as zero between the first and the last

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class StatsFilter:
    """Which live clients the report counts; ``None`` (or empty) leaves a criterion out.

    ``created_from``/``created_to`` are local days, both included.
    """

    kind: str | None = None
    status: str | None = None
    city: str | None = None
    centre: str | None = None
    owner: str | None = None
    created_from: date | None = None
    created_to: date | None = None

    @property
    def empty(self) -> bool:
        return self == StatsFilter()


@dataclass(frozen=True)
class StatsRow:
    """One group: its stable ``key`` (an id, a city, ``YYYY-MM``…; ``""`` when not given), its
    ``label`` in the report's language, and the figures of the clients in it."""

    key: str
    label: str
    clients: int
    donated_halalas: int
    pledged_halalas: int
    contributors: int = 0  # clients with at least one donation or pledge

    def value(self, measure: str) -> int:
        """The figure ``measure`` is about: clients, or halalas donated or pledged."""
        if measure == "donated":
            return self.donated_halalas
        if measure == "pledged":
            return self.pledged_halalas
        return self.clients

    def plus(self, other: StatsRow) -> StatsRow:
        return replace(self, clients=self.clients + other.clients,
                       donated_halalas=self.donated_halalas + other.donated_halalas,
                       pledged_halalas=self.pledged_halalas + other.pledged_halalas,
                       contributors=self.contributors + other.contributors)


@dataclass(frozen=True)
class StatsReport:
    by: str
    measure: str
    rows: list[StatsRow]
    total: StatsRow
    generated_at: datetime  # aware (UTC)
    filters: StatsFilter = field(default_factory=StatsFilter)
    # True when a client may appear in several rows (by kind): rows add up to more than the total.
    overlapping: bool = False
    notes: tuple[str, ...] = ()

    @property
    def dimension_label(self) -> str:
        return _(DIMENSION_LABELS[self.by])

    @property
    def measure_label(self) -> str:
        return _(MEASURE_LABELS[self.measure])

    @property
    def money(self) -> bool:
        return self.measure != "clients"

    def share(self, row: StatsRow) -> float | None:
        """The row's part of the total of the measure (0–1); None when the total is zero."""
        whole = self.total.value(self.measure)
        return row.value(self.measure) / whole if whole else None

    def chart_rows(self, limit: int = 15) -> list[StatsRow]:
        """The rows a chart shows: the latest ``limit`` months, or the ``limit`` largest groups."""
        if self.by == "month":
            return self.rows[-limit:]
        return self.rows[:limit]

    @property
    def title(self) -> str:
        return _("Client statistics by {dimension}").format(dimension=self.dimension_label)


# --- formatting shared by the screen, the print and the command line --------------------


def _localised_number(text: str, digits: DigitStyle) -> str:
    """Latin-formatted ``text`` (``1,234.5``) in ``digits``, with Arabic separators for Arabic digits."""
    if digits == "arabic":
        text = text.replace(",", "٬").replace(".", "٫")
    return localize_digits(text, digits)


def count_text(n: int, digits: DigitStyle | None = None) -> str:
    """``12,345`` / ``١٢٬٣٤٥``."""
    return _localised_number(f"{n:,}", digit_style(digits))


def riyals_text(halalas: int, digits: DigitStyle | None = None, *, whole: bool = False) -> str:
    """An amount in riyals from halalas: ``1,234.50`` (``whole``: rounded, ``1,235``)."""
    sign = "-" if halalas < 0 else ""
    riyals, rest = divmod(abs(halalas), 100)
    text = f"{riyals + (1 if rest >= 50 else 0):,}" if whole else f"{riyals:,}.{rest:02d}"
    return sign + _localised_number(text, digit_style(digits))


def percent_text(share: float | None, digits: DigitStyle | None = None) -> str:
    """``12.5%`` / ``١٢٫٥٪``; an empty string when there is no share."""
    if share is None:
        return ""
    style = digit_style(digits)
    number = _localised_number(f"{share * 100:.1f}", style)
    return number + ("٪" if style == "arabic" else "%")


def value_text(report: StatsReport, row: StatsRow, digits: DigitStyle | None = None, *,
               whole: bool = False) -> str:
    """The row's figure for the report's measure, as text."""
    value = row.value(report.measure)
    return riyals_text(value, digits, whole=whole) if report.money else count_text(value, digits)


def generated_text(report: StatsReport, digits: DigitStyle | None = None) -> str:
    return _("Generated on {when}").format(when=format_datetime(report.generated_at, digits=digits,
                                                                 dual=True))


def column_titles() -> list[str]:
    """The table's figure columns, after the group's own column."""
    return [_("Clients"), _("Contributing clients"), _("Donations (SAR)"), _("Pledges (SAR)"), _("Share")]


# --- month labels -------------------------------------------------------------------------


def _month_days(key: str) -> tuple[date, date]:
    year, month = (int(p) for p in key.split("-"))
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def month_label(key: str, digits: DigitStyle | None = None) -> str:
    """``March 2025 — Shaban–Ramadan 1446 AH`` from ``2025-03``, in the current language."""
    first, last = _month_days(key)
    gregorian = _("{month} {year}").format(month=gregorian_month_name(first.month), year=first.year)
    if first < HIJRI_ERA_START:
        return localize_digits(gregorian, digit_style(digits))
    start, end = to_hijri(first), to_hijri(last)
    if (start.year, start.month) == (end.year, end.month):
        hijri = _("{month} {year}").format(month=hijri_month_name(start.month), year=start.year)
    elif start.year == end.year:
        hijri = _("{first}–{last} {year}").format(first=hijri_month_name(start.month),
                                                  last=hijri_month_name(end.month), year=start.year)
    else:
        hijri = _("{first} {first_year} – {last} {last_year}").format(
            first=hijri_month_name(start.month), first_year=start.year,
            last=hijri_month_name(end.month), last_year=end.year)
    text = _("{gregorian} — {hijri}").format(gregorian=gregorian, hijri=_("{date} AH").format(date=hijri))
    return localize_digits(text, digit_style(digits))


def _next_month(key: str) -> str:
    year, month = (int(p) for p in key.split("-"))
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


# --- the service --------------------------------------------------------------------------


def _local_start(day: date) -> datetime:
    """The first instant of local ``day``, as an aware time."""
    return datetime.combine(day, time.min).astimezone()


def _month_key(session: Session) -> ColumnElement[str]:
    """``YYYY-MM`` of ``created_at`` in local time, computed by the database."""
    if session.get_bind().dialect.name == "sqlite":
        # SQLite's 'localtime' follows the same C library clock as Python's astimezone().
        return func.strftime("%Y-%m", Client.created_at, "localtime")
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    interval: ColumnElement[Any] = literal_column(f"INTERVAL '{sign}{hours:02d}:{rest:02d}'")
    return func.to_char(func.timezone(interval, Client.created_at), "YYYY-MM")


def _kind_match(kind: str) -> ColumnElement[bool]:
    return ("," + Client.kinds + ",").contains(f",{kind},", autoescape=True)


def _conditions(filters: StatsFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Client.deleted_at.is_(None)]
    if filters.kind:
        where.append(_kind_match(filters.kind))
    if filters.status:
        where.append(Client.status == filters.status)
    if filters.city is not None and filters.city != "":
        where.append(Client.city == filters.city)
    if filters.centre:
        where.append(Client.centre == filters.centre)
    if filters.owner:
        where.append(Client.owner == filters.owner)
    if filters.created_from is not None:
        where.append(Client.created_at >= _local_start(filters.created_from))
    if filters.created_to is not None:
        where.append(Client.created_at < _local_start(filters.created_to + timedelta(days=1)))
    return where


def _grouped(session: Session, keys: Sequence[ColumnElement[Any] | QueryableAttribute[Any]],
             filters: StatsFilter) -> list[tuple[tuple[Any, ...], StatsRow]]:
    """(group values, figures) for each group of live clients.

    Two queries in the session's one read transaction: the clients counted per group (one
    scan of the clients), then the contributions summed per client (along the index on
    ``client_id``) and those sums per group, joining only the clients who gave or pledged.
    Twice as fast as one query joining every client to its sums.
    """
    where = _conditions(filters)
    labelled = [k.label(f"k{i}") for i, k in enumerate(keys)]
    counts = select(*labelled, func.count()).select_from(Client).where(*where).group_by(*keys)
    per_client = (select(Contribution.client_id.label("client_id"),
                         func.sum(case((Contribution.kind == "donation", Contribution.amount_halalas),
                                       else_=0)).label("donated"),
                         func.sum(case((Contribution.kind == "pledge", Contribution.amount_halalas),
                                       else_=0)).label("pledged"))
                  .where(Contribution.deleted_at.is_(None))
                  .group_by(Contribution.client_id)
                  .subquery("per_client"))
    money = (select(*labelled, func.sum(per_client.c.donated), func.sum(per_client.c.pledged), func.count())
             .select_from(per_client)
             .join(Client, Client.id == per_client.c.client_id)
             .where(*where)
             .group_by(*keys))
    n = len(keys)
    given = {tuple(row[:n]): tuple(int(v or 0) for v in row[n:]) for row in session.execute(money)}
    out = []
    for row in session.execute(counts):
        values = tuple(row[:n])
        donated, pledged, contributors = given.get(values, (0, 0, 0))
        out.append((values, StatsRow("", "", int(row[n]), donated, pledged, contributors)))
    return out


def _total(grouped: list[tuple[tuple[Any, ...], StatsRow]]) -> StatsRow:
    """The groups of the database partition the clients: their sum counts each client once."""
    total = StatsRow("*", _("Total"), 0, 0, 0, 0)
    for _values, figures in grouped:
        total = total.plus(figures)
    return total


def _text_key(value: Any) -> str:
    return " ".join(str(value or "").split())


class ClientStatistics:
    """``services.client_stats``: the flexible report of the client registry."""

    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def report(self, actor: Actor, by: str, measure: str = "clients",
               filters: StatsFilter | None = None) -> StatsReport:
        """Clients and their contributions grouped ``by`` one of :data:`DIMENSIONS`.

        Rows come sorted for reading: months in order; otherwise the largest ``measure``
        first, "(not given)" last.
        """
        require(actor, Permission.CLIENTS_VIEW)
        if by not in DIMENSIONS:
            raise UserError("stats-dimension", "“{value}” is not a way to group clients; choose one of: "
                            "{ids}.", field="by", value=by, ids=", ".join(DIMENSIONS))
        if measure not in MEASURES:
            raise UserError("stats-measure", "“{value}” is not a measure; choose one of: {ids}.",
                            field="measure", value=measure, ids=", ".join(MEASURES))
        filters = filters or StatsFilter()
        with self._db.session() as s:
            rows, total, overlapping = self._rows(s, by, filters)
        ordered = self._order(by, measure, list(rows.values()))
        notes: list[str] = []
        if by == "programme":
            notes.append(_("Clients are those who gave or pledged to the programme; one who gave to "
                           "several programmes is counted under each of them."))
        elif overlapping:
            notes.append(_("A client with several kinds is counted under each of them, so the rows add up "
                           "to more than the total, which counts every client once."))
        return StatsReport(by, measure, ordered, total, datetime.now(UTC), filters, overlapping,
                           tuple(notes))

    # --- grouping ----------------------------------------------------------------------

    def _rows(self, s: Session, by: str, filters: StatsFilter) -> tuple[dict[str, StatsRow], StatsRow, bool]:
        """Rows by key, labelled; the total (every client once); True when a client may be in
        several rows."""
        if by == "programme":
            return self._programme_rows(s, filters)
        if by == "kind":
            grouped = _grouped(s, [Client.kinds], filters)
            return self._kind_rows(grouped, filters), _total(grouped), True
        if by == "neighbourhood":
            grouped = _grouped(s, [Client.city, Client.neighbourhood], filters)
            rows: dict[str, StatsRow] = {}
            for (city, hood), figures in grouped:
                city, hood = _text_key(city), _text_key(hood)
                key = f"{city}{NEIGHBOURHOOD_SEPARATOR}{hood}" if hood else NOT_GIVEN_KEY
                label = self._neighbourhood_label(city, hood)
                self._add(rows, key, label, figures)
            return rows, _total(grouped), False
        if by == "month":
            grouped = _grouped(s, [_month_key(s)], filters)
            rows = {}
            for (key,), figures in grouped:
                self._add(rows, str(key), "", figures)
            return self._fill_months(rows), _total(grouped), False
        column = {"city": Client.city, "centre": Client.centre, "status": Client.status,
                  "owner": Client.owner}[by]
        grouped = _grouped(s, [column], filters)
        label_of = self._labeller(s, by, [_text_key(v) for (v,), _f in grouped])
        rows = {}
        for (value,), figures in grouped:
            key = _text_key(value)
            self._add(rows, key, label_of(key) if key else _(NOT_GIVEN), figures)
        return rows, _total(grouped), False

    def _programme_rows(self, s: Session,
                        filters: StatsFilter) -> tuple[dict[str, StatsRow], StatsRow, bool]:
        """Contributions per programme (seed 000: the registry follows each client's support of
        programmes); a row's clients are the distinct givers, so rows overlap."""
        donated = func.sum(case((Contribution.kind == "donation", Contribution.amount_halalas), else_=0))
        pledged = func.sum(case((Contribution.kind == "pledge", Contribution.amount_halalas), else_=0))
        givers = func.count(Contribution.client_id.distinct())
        base = (select(givers, donated, pledged).select_from(Contribution)
                .join(Client, Client.id == Contribution.client_id)
                .where(Contribution.deleted_at.is_(None), *_conditions(filters)))
        rows: dict[str, StatsRow] = {}
        per_programme = (base.with_only_columns(Contribution.programme, givers, donated, pledged)
                         .group_by(Contribution.programme))
        for programme, n, d, p in s.execute(per_programme):
            figures = StatsRow("", "", int(n), int(d or 0), int(p or 0), int(n))
            key = _text_key(programme)
            self._add(rows, key, key or _(NOT_GIVEN), figures)
        n, d, p = s.execute(base).one()
        total = StatsRow("*", _("Total"), int(n), int(d or 0), int(p or 0), int(n))
        return rows, total, True

    @staticmethod
    def _add(rows: dict[str, StatsRow], key: str, label: str, figures: StatsRow) -> None:
        """Add ``figures`` to the row ``key`` (values differing only in spaces are one group)."""
        if key == NOT_GIVEN_KEY:
            label = _(NOT_GIVEN)
        current = rows.get(key)
        rows[key] = replace(figures, key=key, label=label) if current is None else current.plus(figures)

    def _kind_rows(self, grouped: list[tuple[tuple[Any, ...], StatsRow]],
                   filters: StatsFilter) -> dict[str, StatsRow]:
        """Each group of clients sharing one list of kinds, added to every kind of the list."""
        labels = {c.id: c.label for c in self._settings.choices("client_kinds", include_inactive=True)}
        rows: dict[str, StatsRow] = {}
        for (kinds,), figures in grouped:
            ids = list(dict.fromkeys(k.strip() for k in str(kinds or "").split(",") if k.strip()))
            if filters.kind:
                ids = [k for k in ids if k == filters.kind] or ids
            for kind in ids or [NOT_GIVEN_KEY]:
                self._add(rows, kind, labels.get(kind, kind), figures)
        return rows

    def _labeller(self, s: Session, by: str, keys: Sequence[str]) -> Callable[[str], str]:
        if by == "centre":
            centres = {c.id: c.label for c in self._settings.choices("centres", include_inactive=True)}
            return lambda key: centres.get(key, key)
        if by == "status":
            return lambda key: _(STATUS_LABELS[key]) if key in STATUS_LABELS else key
        if by == "owner":
            names = dict(s.execute(select(User.name, User.full_name)
                                   .where(User.name.in_(list(keys)))).all())
            return lambda key: names.get(key) or key
        return lambda key: key

    @staticmethod
    def _neighbourhood_label(city: str, hood: str) -> str:
        if not hood:
            return _(NOT_GIVEN)
        if not city:
            return hood
        return _("{neighbourhood} ({city})").format(neighbourhood=hood, city=city)

    @staticmethod
    def _fill_months(rows: dict[str, StatsRow]) -> dict[str, StatsRow]:
        """Every month from the first to the last, those with no new client as zero, labelled."""
        keys = sorted(k for k in rows if k)
        filled: dict[str, StatsRow] = {}
        if keys:
            key, count = keys[0], 0
            while key <= keys[-1] and count < MAX_FILLED_MONTHS:
                filled[key] = rows.get(key) or StatsRow(key, "", 0, 0, 0, 0)
                key, count = _next_month(key), count + 1
            for k in keys:  # beyond the bound (absurd dates), the months that have clients
                filled.setdefault(k, rows[k])
        return {k: replace(r, label=month_label(k)) for k, r in sorted(filled.items())}

    @staticmethod
    def _order(by: str, measure: str, rows: list[StatsRow]) -> list[StatsRow]:
        if by == "month":
            return sorted(rows, key=lambda r: r.key)
        if by == "status":
            rank = {s: i for i, s in enumerate(STATUSES)}
            return sorted(rows, key=lambda r: (r.key == NOT_GIVEN_KEY, rank.get(r.key, len(rank)), r.label))
        return sorted(rows, key=lambda r: (r.key == NOT_GIVEN_KEY, -r.value(measure), r.label))


# --- Excel ------------------------------------------------------------------------------------


def export_xlsx(report: StatsReport, path: Path) -> Path:
    """Write ``report`` to an Excel workbook at ``path``: the table, the total, the notes and a
    bar chart of the measure. The sheet reads right to left in Arabic. Written under a
    temporary name and renamed, so a failure never leaves half a file."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if path.suffix.lower() != ".xlsx":
        raise UserError("export-format-xlsx", "Choose a file name ending in .xlsx.", field="path")
    book = Workbook()
    sheet = book.active
    sheet.title = _("Statistics")[:31]
    sheet.sheet_view.rightToLeft = is_rtl()
    bold = Font(bold=True)
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([generated_text(report)])
    sheet.append([])
    header = [report.dimension_label, *column_titles()]
    sheet.append(header)
    header_row = sheet.max_row
    fill = PatternFill("solid", fgColor="E6EDF3")
    for cell in sheet[header_row]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)

    def write(row: StatsRow, *, total: bool = False) -> None:
        share = report.share(row)
        sheet.append([row.label, row.clients, row.contributors, row.donated_halalas / 100,
                      row.pledged_halalas / 100, share if share is not None else None])
        cells = sheet[sheet.max_row]
        label_cell = cells[0]
        if isinstance(label_cell.value, str) and label_cell.value.startswith(_FORMULA_STARTS):
            label_cell.data_type = "s"  # a city typed as "=…" stays text
        cells[1].number_format = cells[2].number_format = "#,##0"
        cells[3].number_format = cells[4].number_format = "#,##0.00"
        cells[5].number_format = "0.0%"
        if total:
            for cell in cells:
                cell.font = bold

    for row in report.rows:
        write(row)
    last_data = sheet.max_row
    write(report.total, total=True)
    for note in report.notes:
        sheet.append([])
        sheet.append([note])
    widths = (max([len(r.label) for r in report.rows] + [len(header[0]), 12]) + 2, 12, 16, 18, 18, 10)
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(width, 60)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if report.rows:
        column = {"clients": 2, "donated": 4, "pledged": 5}[report.measure]
        chart = BarChart()
        chart.type = "bar"
        chart.title = report.measure_label
        chart.legend = None
        chart.y_axis.title = report.measure_label
        chart.x_axis.title = report.dimension_label
        chart.add_data(Reference(sheet, min_col=column, min_row=header_row + 1, max_row=last_data),
                       titles_from_data=False)
        chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_data))
        chart.height = max(7.5, 0.6 * min(len(report.rows), 40) + 3)
        chart.width = 18
        sheet.add_chart(chart, f"{get_column_letter(len(header) + 2)}{header_row}")
    temp = path.with_name(f".{path.name}.partial")
    try:
        book.save(temp)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return path
