"""Export the complaints log (the rows a query selects, in its order) to Excel or CSV.

The format follows the file name: ``.xlsx`` (openpyxl, write-only, so memory
stays flat over a million rows) or ``.csv`` (UTF-8 with a byte-order mark:
without it Excel reads Arabic as mojibake). Headers and vocabulary are written
in the current language; identifiers of settings lists (channels, centres,
categories) become their labels. In Excel, times are real date-times (local
time: Excel has no time zones) and the sheet reads right to left in Arabic.

The file is written under a temporary name beside the target and renamed at
the end, so a cancelled or failed export leaves no partial file and never
destroys an earlier export of the same name.

Text that starts like a formula (``=``, ``+``, ``-``, ``@``) is kept as text:
a complaint's description must never run in someone's spreadsheet.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.calendars.formatting import format_hijri
from app.complaints.records import ComplaintRow
from app.complaints.vocab import PRIORITIES, SLA_STATES, STATUSES, TYPES, label
from app.errors import UserError
from app.i18n import N_, _, is_rtl
from app.services.settings import SettingsService
from app.text.phone import display_mobile

FORMATS = ("xlsx", "csv")
XLSX_MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header
PROGRESS_EVERY = 500  # rows between two progress reports
CANCEL_EVERY = 100  # rows between two looks at the cancel check
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class ExportLabels:
    """Labels for the identifiers a row carries: settings lists, and user names → full names."""

    channels: Mapping[str, str] = field(default_factory=dict)
    centres: Mapping[str, str] = field(default_factory=dict)
    categories: Mapping[str, str] = field(default_factory=dict)
    users: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: SettingsService, users: Iterable[tuple[str, str]] = ()) -> ExportLabels:
        """Labels in the current language (inactive entries too: old rows still carry them)."""

        def table(key: str) -> dict[str, str]:
            return {c.id: c.label for c in settings.choices(key, include_inactive=True)}

        return cls(table("channels"), table("centres"), table("complaint_categories"), dict(users))


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    cancelled: bool


# (English header, kind): kind says how a value is written (text, datetime, date).
_HEADERS: tuple[tuple[str, str], ...] = (
    (N_("Reference"), "text"),
    (N_("Type"), "text"),
    (N_("Status"), "text"),
    (N_("Deadline"), "text"),
    (N_("Received on"), "datetime"),
    (N_("Received on (Hijri)"), "text"),
    (N_("Answer due"), "date"),
    (N_("Name"), "text"),
    (N_("Mobile"), "text"),
    (N_("Channel"), "text"),
    (N_("Centre"), "text"),
    (N_("Category"), "text"),
    (N_("Priority"), "text"),
    (N_("Assignee"), "text"),
    (N_("Answered on"), "datetime"),
    (N_("Summary"), "text"),
)
_WIDTHS = (20, 11, 12, 14, 17, 16, 12, 26, 14, 18, 20, 20, 10, 18, 17, 60)


def headers() -> list[str]:
    """The column titles in the current language."""
    return [_(title) for title, _kind in _HEADERS]


def export_format(path: Path) -> str:
    """``xlsx`` or ``csv`` from the file name; anything else is refused."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UserError("export-format", "Choose a file name ending in .xlsx or .csv.", field="path")
    return suffix


def _local(at: datetime) -> datetime:
    """Local wall-clock time without a zone (what a spreadsheet can hold)."""
    return (at.astimezone() if at.tzinfo is not None else at).replace(tzinfo=None, microsecond=0)


def row_values(row: ComplaintRow, labels: ExportLabels) -> list[Any]:
    """One row's cells: text, or ``datetime``/``date`` for the date columns (None when empty)."""
    received = _local(row.received_at)
    return [
        row.reference,
        label(TYPES, row.type),
        label(STATUSES, row.status),
        "" if row.sla == "none" else label(SLA_STATES, row.sla),
        received,
        format_hijri(received.date()),
        row.answer_due,
        row.name,
        display_mobile(row.mobile) if row.mobile else "",
        labels.channels.get(row.channel, row.channel),
        labels.centres.get(row.centre, row.centre) if row.centre else "",
        labels.categories.get(row.category, row.category) if row.category else "",
        label(PRIORITIES, row.priority),
        labels.users.get(row.assignee, row.assignee) if row.assignee else "",
        _local(row.answered_at) if row.answered_at else None,
        row.summary,
    ]


def export_rows(
    rows: Iterable[ComplaintRow],
    path: Path,
    labels: ExportLabels | None = None,
    *,
    total: int | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    right_to_left: bool | None = None,
) -> ExportResult:
    """Write ``rows`` to ``path`` (.xlsx or .csv, by its name).

    ``progress(n)`` is called now and then with the rows written so far;
    ``cancelled()`` is asked every :data:`CANCEL_EVERY` rows, and when it says
    yes the export stops and no file is left behind. ``total``, when known,
    lets an Excel export too large for one sheet be refused before it starts.
    ``right_to_left`` defaults to the current language.
    """
    fmt = export_format(path)
    if fmt == "xlsx" and total is not None and total > XLSX_MAX_ROWS:
        raise _too_large()
    labels = labels or ExportLabels()
    rtl = is_rtl() if right_to_left is None else right_to_left
    temp = path.with_name(f".{path.name}.partial")
    writer = _XlsxWriter(temp, rtl) if fmt == "xlsx" else _CsvWriter(temp)
    written = 0
    try:
        writer.header(headers())
        for row in rows:
            if written % CANCEL_EVERY == 0 and cancelled is not None and cancelled():
                writer.discard()
                return ExportResult(path, written, True)
            if written >= XLSX_MAX_ROWS and fmt == "xlsx":
                raise _too_large()
            writer.row(row_values(row, labels))
            written += 1
            if progress is not None and written % PROGRESS_EVERY == 0:
                progress(written)
        if cancelled is not None and cancelled():
            writer.discard()
            return ExportResult(path, written, True)
        writer.finish()
        os.replace(temp, path)
    except BaseException:
        writer.discard()
        raise
    if progress is not None:
        progress(written)
    return ExportResult(path, written, False)


def _too_large() -> UserError:
    return UserError("export-too-large", "Excel holds at most {limit} rows in a sheet: export to CSV "
                     "instead, or narrow the filter.", field="path", limit=f"{XLSX_MAX_ROWS:,}")


def _as_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


class _CsvWriter:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file)

    def header(self, titles: list[str]) -> None:
        self._csv.writerow(titles)

    def row(self, values: list[Any]) -> None:
        self._csv.writerow([self._cell(v) for v in values])

    @staticmethod
    def _cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, date):
            return value.isoformat()
        return _as_text(str(value))

    def finish(self) -> None:
        self._file.close()

    def discard(self) -> None:
        self._file.close()
        self._path.unlink(missing_ok=True)


class _XlsxWriter:
    def __init__(self, path: Path, rtl: bool) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        self._path = path
        self._cell_class = WriteOnlyCell
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title=_("Complaints")[:31])
        self._sheet.sheet_view.rightToLeft = rtl
        self._sheet.freeze_panes = "A2"
        for number, width in enumerate(_WIDTHS, start=1):
            self._sheet.column_dimensions[get_column_letter(number)].width = width
        self._bold = Font(bold=True)
        self._last_column = get_column_letter(len(_HEADERS))
        self._rows = 0

    def header(self, titles: list[str]) -> None:
        cells = []
        for title in titles:
            cell = self._cell_class(self._sheet, value=title)
            cell.font = self._bold
            cells.append(cell)
        self._sheet.append(cells)

    def row(self, values: list[Any]) -> None:
        cells: list[Any] = []
        for value in values:
            if isinstance(value, datetime | date):
                cell = self._cell_class(self._sheet, value=value)
                cell.number_format = _DATETIME_FORMAT if isinstance(value, datetime) else _DATE_FORMAT
                cells.append(cell)
            elif isinstance(value, str) and value.startswith(_FORMULA_STARTS):
                cell = self._cell_class(self._sheet, value=value)
                cell.data_type = "s"  # openpyxl would write it as a formula
                cells.append(cell)
            else:
                cells.append(value)
        self._sheet.append(cells)
        self._rows += 1

    def finish(self) -> None:
        self._sheet.auto_filter.ref = f"A1:{self._last_column}{self._rows + 1}"
        self._book.save(self._path)

    def discard(self) -> None:
        # Rows stream into openpyxl's own temporary file until save: remove it now, not at exit.
        writer = getattr(self._sheet, "_writer", None)
        if writer is not None and not getattr(self._sheet, "closed", False):
            try:
                self._sheet.close()
                writer.cleanup()
            except (OSError, ValueError):
                pass
        self._path.unlink(missing_ok=True)
