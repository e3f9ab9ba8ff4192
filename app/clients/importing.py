"""Importing lists kept elsewhere: existing client lists and the finance system's export.

Pure (no database): the service (:mod:`app.clients.import_service`) reads the
registry once into a :class:`KnownClients` index and hands it in.

Three steps, each usable on its own:

1. :func:`read_table` reads the first sheet of an Excel workbook (``.xlsx``) or
   a CSV file into text cells: numbers without a useless ``.0``, dates as ISO
   text, empty lines dropped but every row keeping its spreadsheet line number.
   Anything unreadable is one :class:`~app.errors.UserError` sentence.
   Workbooks are read by openpyxl in read-only (streaming) mode: 50,000 rows
   in about 6 s, well inside an import's minute, with no reader of our own to keep.
2. :func:`guess_mapping` pairs the file's headers (Arabic or English, any
   spelling :func:`~app.text.normalize.normalize_search` folds) with the fields
   to fill; the user corrects it in a dialog.
3. :func:`validate_clients` and :func:`validate_contributions` check every row
   and say, per row, what is wrong in one translated sentence: the same
   :func:`~app.clients.fields.clean_values` as the client form, duplicates of
   existing clients and of earlier rows, amounts and dates typed any way a
   Saudi finance export writes them.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

from app.calendars.formatting import digit_style
from app.clients.fields import FIELD_LABELS, clean_values
from app.errors import UserError
from app.i18n import N_, _
from app.persistence.search import name_key
from app.text.digits import localize_digits, to_latin_digits
from app.text.normalize import normalize_search
from app.text.phone import canonical_mobile, display_mobile

# --- targets ------------------------------------------------------------------------------------

CLIENT_TARGETS: tuple[str, ...] = (
    "name", "name_latin", "kinds", "entity", "national_id", "mobile", "mobile2", "phone", "email",
    "city", "neighbourhood", "centre", "channel", "status", "consent", "notes",
)
CONTRIBUTION_TARGETS: tuple[str, ...] = (
    "client_number", "client_name", "national_id", "mobile", "kind", "amount", "given_on", "method",
    "programme", "receipt", "notes",
)
CONTRIBUTION_KINDS = ("donation", "pledge")

TARGET_LABELS: dict[str, str] = {
    **{t: FIELD_LABELS[t] for t in CLIENT_TARGETS},
    "client_number": N_("Client number"),
    "client_name": N_("Client name"),
    "kind": N_("Donation or pledge"),
    "amount": N_("Amount (SAR)"),
    "given_on": N_("Date"),
    "method": N_("Payment method"),
    "programme": N_("Programme or activity"),
    "receipt": N_("Receipt reference"),
    "notes": N_("Notes"),
}

# Header names people give these columns, in Arabic and English; compared folded (_header_key).
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("اسم العميل", "الاسم", "اسم", "الاسم الكامل", "الاسم الرباعي", "اسم المتبرع", "اسم الجهة",
             "اسم المستفيد", "name", "full name", "client name", "customer name"),
    "name_latin": ("الاسم بالانجليزي", "الاسم بالانجليزية", "الاسم باللغة الانجليزية", "الاسم اللاتيني",
                   "الاسم بالحروف اللاتينية", "name in english", "english name", "latin name", "name latin",
                   "name in latin letters"),
    "kinds": ("النوع", "نوع العميل", "انواع العميل", "تصنيف العميل", "التصنيف", "الفئة", "kind", "kinds",
              "client kind", "client type", "type", "category"),
    "entity": ("فرد او جهة", "فرد او منشاة", "الصفة", "نوع الكيان", "شخص او جهة", "entity",
               "person or organisation", "person or organization"),
    "national_id": ("رقم الهوية", "الهوية", "الهوية الوطنية", "رقم الهوية الوطنية", "السجل التجاري",
                    "رقم السجل التجاري", "الهوية السجل التجاري", "رقم الهوية السجل التجاري", "رقم الاقامة",
                    "الهوية او السجل", "national id", "id number", "national id cr",
                    "commercial registration", "cr number", "iqama"),
    "mobile": ("جوال", "الجوال", "رقم الجوال", "الهاتف الجوال", "رقم الهاتف الجوال", "mobile",
               "mobile number", "cell", "cell phone", "mobile phone"),
    "mobile2": ("جوال 2", "الجوال 2", "جوال اخر", "الجوال الاخر", "الجوال الثاني", "جوال ثاني",
                "رقم جوال اخر", "mobile 2", "second mobile", "other mobile", "mobile2"),
    "phone": ("هاتف", "الهاتف", "رقم الهاتف", "هاتف ثابت", "الهاتف الثابت", "هاتف العمل", "phone",
              "telephone", "landline", "phone number"),
    "email": ("البريد الالكتروني", "البريد", "الايميل", "ايميل", "البريد الالكتروني email", "email",
              "e mail", "mail", "email address"),
    "city": ("المدينة", "مدينة", "city", "town"),
    "neighbourhood": ("الحي", "حي", "neighbourhood", "neighborhood", "district"),
    "centre": ("المركز", "مركز", "الفرع", "centre", "center", "branch"),
    "channel": ("قناة الاتصال", "القناة", "قناة التواصل", "channel", "contact channel"),
    "status": ("الحالة", "حالة العميل", "status"),
    "consent": ("الموافقة على التواصل", "موافق على التواصل", "يوافق على التواصل", "الموافقة", "consent",
                "agrees to be contacted"),
    "notes": ("ملاحظات", "الملاحظات", "ملاحظات اخرى", "ملاحظة", "البيان", "notes", "remarks", "comments",
              "note"),
    "client_number": ("رقم العميل", "كود العميل", "رمز العميل", "رقم المتبرع", "كود المتبرع",
                      "client number", "client no", "client code", "donor number", "donor code",
                      "customer number"),
    "client_name": ("اسم العميل", "اسم المتبرع", "الاسم", "اسم", "اسم الجهة", "اسم الداعم", "name",
                    "client name", "donor name", "donor", "customer name"),
    "kind": ("النوع", "نوع المساهمة", "نوع العملية", "نوع الحركة", "تبرع او تعهد", "kind", "type",
             "donation or pledge"),
    "amount": ("المبلغ", "مبلغ", "القيمة", "المبلغ بالريال", "المبلغ ريال", "قيمة التبرع", "مبلغ التبرع",
               "amount", "value", "amount sar", "sum"),
    "given_on": ("التاريخ", "تاريخ", "تاريخ التبرع", "تاريخ السند", "تاريخ العملية", "تاريخ الايصال",
                 "date", "given on", "payment date", "receipt date"),
    "method": ("طريقة الدفع", "طريقة السداد", "وسيلة الدفع", "وسيلة السداد", "طريقة التبرع", "method",
               "payment method", "payment type"),
    "programme": ("البرنامج", "البرنامج النشاط", "النشاط", "المشروع", "البرنامج او النشاط", "programme",
                  "program", "activity", "project", "programme activity"),
    "receipt": ("رقم السند", "رقم الايصال", "السند", "الايصال", "رقم القيد", "مرجع السند", "receipt",
                "receipt number", "receipt no", "receipt reference", "voucher", "voucher number",
                "reference"),
}
_HEADER_PUNCTUATION = re.compile(r"[\W_]+")


def line_text(n: int) -> str:
    """A line number the way the screens show numbers (the digits setting)."""
    return localize_digits(str(n), digit_style())


def _header_key(text: str) -> str:
    return " ".join(_HEADER_PUNCTUATION.split(normalize_search(text))).strip()


_SYNONYM_KEYS: dict[str, tuple[str, ...]] = {
    target: tuple(dict.fromkeys(_header_key(s) for s in names)) for target, names in _SYNONYMS.items()
}


def guess_mapping(headers: Sequence[str], targets: Sequence[str]) -> dict[str, int]:
    """Which column (index into ``headers``) fills each target, as far as the headers tell.

    A header equal to a known name wins over one that merely contains it as whole
    words (``رقم الجوال`` contains ``الجوال``); longer names win over shorter ones
    (``الهاتف الجوال`` is a mobile, not a phone). Each column fills at most one target.
    """
    keys = [f" {_header_key(h)} " for h in headers]
    candidates: list[tuple[int, int, str, int]] = []  # (score, -column, target, column)
    for target in targets:
        for synonym in _SYNONYM_KEYS.get(target, (target.replace("_", " "),)):
            padded = f" {synonym} "
            for column, key in enumerate(keys):
                if key == padded:
                    candidates.append((1000 + len(synonym), -column, target, column))
                elif padded in key:
                    candidates.append((len(synonym), -column, target, column))
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for _score, _neg, target, column in sorted(candidates, reverse=True):
        if target not in mapping and column not in used:
            mapping[target] = column
            used.add(column)
    return {t: mapping[t] for t in targets if t in mapping}


# --- reading ------------------------------------------------------------------------------------

MAX_COLUMNS = 256  # a stray cell at column XFD must not make every row 16,384 cells wide


@dataclass(frozen=True)
class Table:
    """A sheet as text. ``lines[i]`` is the spreadsheet line of ``rows[i]`` (the header's is
    ``header_line``, 1 unless blank lines come first); every row is as wide as ``headers``."""

    headers: list[str]
    rows: list[list[str]]
    lines: list[int] = field(default_factory=list)
    name: str = ""
    header_line: int = 1

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines.extend(range(self.header_line + 1, self.header_line + 1 + len(self.rows)))

    def head(self, count: int = 20) -> Table:
        return Table(self.headers, self.rows[:count], self.lines[:count], self.name, self.header_line)


def _not_workbook(name: str) -> UserError:
    return UserError("import-not-workbook", "“{name}” is not an Excel workbook.", name=name)


def read_table(path: str | Path, limit: int | None = None) -> Table:
    """The first sheet of ``path`` (``.xlsx``/``.xlsm``, or CSV/text) as a :class:`Table`.

    ``limit`` stops after that many data rows (a quick look at the columns).
    """
    path = Path(path)
    name = path.name
    try:
        with path.open("rb") as f:
            start = f.read(8)
    except FileNotFoundError:
        raise UserError("import-file-missing", "The file “{name}” does not exist.", name=name) from None
    except OSError:
        raise UserError("import-file-unreadable", "The file “{name}” cannot be opened.", name=name) from None
    suffix = path.suffix.lower()
    if start.startswith(b"PK\x03\x04"):
        grid = _read_workbook(path, limit)
    elif start.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError("import-old-workbook",
                        "“{name}” is an old-format (.xls) or password-protected workbook; save it as an "
                        ".xlsx workbook without a password and try again.", name=name)
    elif suffix in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        raise _not_workbook(name)
    elif suffix in (".csv", ".txt", ".tsv", ""):
        grid = _read_csv(path, limit)
    else:
        raise UserError("import-unknown-format",
                        "Sila cannot read “{name}”; save it as an Excel workbook (.xlsx) or a CSV file.",
                        name=name)
    return _table(grid, name, limit)


def _table(grid: Iterator[tuple[int, list[str]]], name: str, limit: int | None) -> Table:
    header: list[str] | None = None
    header_line = 1
    rows: list[list[str]] = []
    lines: list[int] = []
    width = 0
    for line, cells in grid:
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            del cells[MAX_COLUMNS:]
        width = max(width, len(cells))
        if header is None:
            header, header_line = cells, line
            continue
        rows.append(cells)
        lines.append(line)
        if limit is not None and len(rows) >= limit:
            break
    if header is None:
        raise UserError("import-file-empty", "“{name}” has no rows to import.", name=name)
    headers = [h or _("Column {n}").format(n=i + 1) for i, h in
               enumerate(header + [""] * (width - len(header)))]
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return Table(headers, rows, lines, name, header_line)


# CSV ---------------------------------------------------------------------------------------------

def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for encoding in ("utf-8-sig", "cp1256"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise UserError("import-not-text", "“{name}” is not a CSV file Sila can read.", name=name)


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path, limit: int | None) -> Iterator[tuple[int, list[str]]]:
    text = _decode(path.read_bytes(), path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for row in reader:
            yield reader.line_num, [cell.strip() for cell in row]
    except csv.Error:
        raise UserError("import-csv-broken", "Line {line} of “{name}” cannot be read as CSV.",
                        line=reader.line_num, name=path.name) from None


# Excel -------------------------------------------------------------------------------------------

def _number_text(text: str) -> str:
    try:
        return str(int(text))
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return text
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def _datetime_text(value: datetime | date | time | timedelta) -> str:
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return _number_text(repr(value))
    if isinstance(value, (datetime, date, time, timedelta)):
        return _datetime_text(value)
    return str(value).strip()


def _read_workbook(path: Path, limit: int | None) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows through openpyxl (read-only: it streams, memory stays flat)."""
    import openpyxl

    try:
        with zipfile.ZipFile(path) as z:
            if "xl/workbook.xml" not in z.namelist():  # another kind of zip (a .docx, say)
                raise _not_workbook(path.name)
    except (zipfile.BadZipFile, OSError):
        raise _not_workbook(path.name) from None

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise _not_workbook(path.name) from None
    try:
        sheet = book.worksheets[0]
        for count, (line, row) in enumerate(enumerate(sheet.iter_rows(values_only=True), start=1)):
            if limit is not None and count > limit:
                break
            yield line, [_cell_text(v) for v in row[:MAX_COLUMNS]]
    except Exception:
        raise _not_workbook(path.name) from None
    finally:
        book.close()


# --- checking rows ---------------------------------------------------------------------------------

class KnownClients(Protocol):
    """What the registry already holds, by each key a duplicate is recognised by (→ client number).

    Built by the service in one pass over the clients table. ``names`` is keyed by
    :func:`~app.persistence.search.name_key`; the other keys are canonical (mobile
    ``+9665…``, lower-case email, Latin-digit ID).
    """

    @property
    def names(self) -> Mapping[str, str]: ...

    @property
    def mobiles(self) -> Mapping[str, str]: ...

    @property
    def emails(self) -> Mapping[str, str]: ...

    @property
    def national_ids(self) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class PreviewRow:
    """One data row: its line in the sheet, the mapped cells as read, the cleaned values (``None``
    when a problem stops the row), the problems as translated sentences, and the existing client
    number (or ``"line N"``) it duplicates."""

    line: int
    raw: dict[str, str]
    values: dict[str, Any] | None
    problems: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    notes: list[str] = field(default_factory=list)  # warnings that do not stop the row

    @property
    def ok(self) -> bool:
        return self.values is not None and not self.problems and self.duplicate_of is None


@dataclass(frozen=True)
class SkippedRow:
    line: int
    reason: str


@dataclass
class ImportPreview:
    """Every row of a client list, checked; what :meth:`ClientImport.import_clients` writes."""

    name: str
    rows: list[PreviewRow]
    mapping: dict[str, int] = field(default_factory=dict)
    registry_empty: bool = False
    kind: str = "clients"

    @property
    def ok(self) -> int:
        return sum(1 for r in self.rows if r.ok)

    @property
    def duplicates(self) -> int:
        return sum(1 for r in self.rows if r.duplicate_of is not None)

    @property
    def bad(self) -> int:
        return len(self.rows) - self.ok - self.duplicates

    def ready(self) -> list[dict[str, Any]]:
        return [r.values for r in self.rows if r.ok and r.values is not None]

    def skipped(self) -> list[SkippedRow]:
        return [SkippedRow(r.line, r.problems[0] if r.problems else "") for r in self.rows if not r.ok]

    def first_problem(self) -> PreviewRow | None:
        return next((r for r in self.rows if not r.ok), None)


@dataclass
class ContributionPreview(ImportPreview):
    kind: str = "contributions"


Items = Sequence[Mapping[str, Any] | str]


def _choice_lookup(items: Items) -> tuple[list[str], dict[str, str]]:
    """The ids of a settings list and every way of naming one (id, Arabic and English labels,
    and each half of a label like ``مانح / داعم``), folded."""
    ids: list[str] = []
    lookup: dict[str, str] = {}
    for item in items:
        if isinstance(item, str):
            ident, labels = item, []
        else:
            ident = str(item["id"])
            labels = [str(item.get("ar") or ""), str(item.get("en") or "")]
        ids.append(ident)
        for label in labels:
            for part in [label, *label.split("/")]:
                key = _header_key(part)
                if key:
                    lookup.setdefault(key, ident)
        lookup[_header_key(ident)] = ident
    return ids, lookup


_LIST_SEPARATORS = re.compile(r"[,،;؛\n|]+")
_YES = frozenset(_header_key(w) for w in ("نعم", "موافق", "يوافق", "yes", "y", "true", "1", "✓", "✔", "x"))
_NO = frozenset(_header_key(w) for w in ("لا", "غير موافق", "لا يوافق", "no", "n", "false", "0"))
_ENTITIES = {
    **{_header_key(w): "person" for w in ("فرد", "شخص", "person", "individual", "فرد شخص")},
    **{_header_key(w): "organisation" for w in ("جهة", "منشاة", "مؤسسة", "شركة", "جمعية", "organisation",
                                                 "organization", "company", "entity")},
}
_STATUSES = {
    **{_header_key(w): "active" for w in ("نشط", "فعال", "قائم", "active")},
    **{_header_key(w): "inactive" for w in ("غير نشط", "غير فعال", "موقوف", "متوقف", "inactive")},
}


def _pick(text: str, lookup: Mapping[str, str]) -> str:
    """The id ``text`` names, or ``text`` itself (so that the check says it is unknown)."""
    return lookup.get(_header_key(text), text) if text else ""


def _kinds(text: str, lookup: Mapping[str, str]) -> list[str]:
    whole = lookup.get(_header_key(text))
    if whole:
        return [whole]
    return [_pick(part.strip(), lookup) for part in _LIST_SEPARATORS.split(text) if part.strip()]


def _require_column(mapping: Mapping[str, int], target: str, table: Table) -> None:
    if not 0 <= mapping.get(target, -1) < len(table.headers):
        raise UserError("import-column-missing", "Choose the column that holds “{column}”.", field=target,
                        column=_(TARGET_LABELS[target]))


def _cells(row: list[str], mapping: Mapping[str, int]) -> dict[str, str]:
    return {t: row[c] for t, c in mapping.items() if c < len(row)}


def validate_clients(table: Table, mapping: Mapping[str, int], kinds: Items, centres: Items = (),
                     channels: Items = (), existing: KnownClients | None = None,
                     default_kinds: Sequence[str] = ()) -> ImportPreview:
    """Check every row of a client list; see :class:`PreviewRow`.

    ``kinds``, ``centres`` and ``channels`` are the settings' items (``{"id", "ar", "en"}``) or
    plain ids; cells may name them by id or by either label. ``default_kinds`` fills rows whose kind
    cell is empty. A row duplicates an existing client or an earlier row when it has the same
    national ID, mobile or email; a name alone makes a duplicate only when the row gives none of
    those (otherwise the same name is a note: two people may share it).
    """
    mapping = {t: c for t, c in mapping.items() if t in CLIENT_TARGETS and 0 <= c < len(table.headers)}
    _require_column(mapping, "name", table)
    if "kinds" not in mapping and not default_kinds:
        raise UserError("import-kind-missing",
                        "Choose the column that holds the client kind, or one kind for every row.",
                        field="kinds")
    kind_ids, kind_lookup = _choice_lookup(kinds)
    centre_ids, centre_lookup = _choice_lookup(centres)
    channel_ids, channel_lookup = _choice_lookup(channels)
    names: Mapping[str, str] = existing.names if existing else {}
    keyed: list[tuple[str, Mapping[str, str]]] = [
        ("national_id", existing.national_ids if existing else {}),
        ("mobile", existing.mobiles if existing else {}),
        ("email", existing.emails if existing else {}),
    ]
    seen: dict[tuple[str, str], int] = {}  # (key kind, value) → line of the first row with it
    out: list[PreviewRow] = []
    default = list(default_kinds)
    for row, line in zip(table.rows, table.lines, strict=True):
        raw = _cells(row, mapping)
        values: dict[str, Any] = dict(raw)
        problem = ""
        if "kinds" in raw or default:
            values["kinds"] = _kinds(raw.get("kinds", ""), kind_lookup) or default
        if raw.get("centre"):
            values["centre"] = _pick(raw["centre"], centre_lookup)
        if raw.get("channel"):
            values["channel"] = _pick(raw["channel"], channel_lookup)
        if raw.get("entity"):
            values["entity"] = _ENTITIES.get(_header_key(raw["entity"]), raw["entity"])
        if raw.get("status"):
            values["status"] = _STATUSES.get(_header_key(raw["status"]), raw["status"])
        consent = _header_key(raw.get("consent", ""))
        if consent in _YES:
            values["consent"] = True
        elif not consent or consent in _NO:
            values["consent"] = False
        else:
            problem = _("“{value}” is not yes or no.").format(value=raw["consent"])
        clean: dict[str, Any] | None = None
        if not problem:
            try:
                clean = clean_values(values, kind_ids, centre_ids, channel_ids)
            except UserError as error:
                problem = error.message
        if clean is None:
            out.append(PreviewRow(line, raw, None, [problem]))
            continue
        duplicate, reason, notes = _duplicate(clean, line, names, keyed, seen)
        out.append(PreviewRow(line, raw, clean, [reason] if reason else [], duplicate, notes))
    return ImportPreview(table.name, out, dict(mapping), registry_empty=not names)


_DUPLICATE_REASONS = {
    "national_id": N_("The national ID {value} is already registered to client {number}."),
    "mobile": N_("The mobile {value} is already registered to client {number}."),
    "email": N_("The email {value} is already registered to client {number}."),
    "name": N_("A client named {value} is already registered ({number})."),
}
_ROW_REASONS = {
    "national_id": N_("Line {other} has the same national ID."),
    "mobile": N_("Line {other} has the same mobile."),
    "email": N_("Line {other} has the same email."),
    "name": N_("Line {other} has the same name."),
}


def _duplicate(clean: dict[str, Any], line: int, names: Mapping[str, str],
               keyed: list[tuple[str, Mapping[str, str]]],
               seen: dict[tuple[str, str], int]) -> tuple[str | None, str, list[str]]:
    found: tuple[str | None, str] = (None, "")
    checks: list[tuple[str, str, Mapping[str, str]]] = []
    for key, index in keyed:
        value = clean[key]
        if value:
            checks.append((key, value, index))
        if key == "mobile" and clean["mobile2"]:
            checks.append((key, clean["mobile2"], index))
    nkey = name_key(clean["name"])
    notes: list[str] = []
    has_contact = bool(checks)
    for key, value, index in checks:
        number = index.get(value)
        if number:
            shown = display_mobile(value) if key == "mobile" else value
            found = (number, _(_DUPLICATE_REASONS[key]).format(value=shown, number=number))
            break
        other = seen.get((key, value))
        if other is not None:
            shown_line = line_text(other)
            found = (_("line {n}").format(n=shown_line), _(_ROW_REASONS[key]).format(other=shown_line))
            break
    if found[0] is None and nkey:
        same_name, same_row = _DUPLICATE_REASONS["name"], _ROW_REASONS["name"]
        number = names.get(nkey)
        other = seen.get(("name", nkey))
        if not has_contact and number:
            found = (number, _(same_name).format(value=clean["name"], number=number))
        elif not has_contact and other is not None:
            found = (_("line {n}").format(n=line_text(other)), _(same_row).format(other=line_text(other)))
        elif number:
            notes.append(_("Same name as client {number}.").format(number=number))
        elif other is not None:
            notes.append(_("Same name as line {other}.").format(other=line_text(other)))
    if found[0] is None:
        for key, value, _index in checks:
            seen.setdefault((key, value), line)
        if nkey:
            seen.setdefault(("name", nkey), line)
    return found[0], found[1], notes


# --- contributions ---------------------------------------------------------------------------------

Resolve = Callable[[str, str, str, str], str | None]
"""``(client number, national ID, canonical mobile, name) → client number``, or None if unknown."""

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u066c']+")
_CURRENCY = re.compile(r"(sar|sr|ر\s*\.?\s*س\s*\.?|ريال(\s*سعودي)?|﷼)", re.IGNORECASE)
_AMOUNT = re.compile(r"\d+(\.\d+)?")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: .*)?$")
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
# How finance exports name the payment methods (ids of app.clients.contributions.METHODS).
_METHOD_WORDS: dict[str, tuple[str, ...]] = {
    "transfer": ("تحويل", "تحويل بنكي", "حوالة", "حوالة بنكية", "ايداع", "ايداع بنكي", "سداد", "بنك",
                 "bank transfer", "transfer", "wire", "bank", "deposit", "sadad"),
    "cash": ("نقدي", "نقدا", "نقد", "كاش", "cash"),
    "card": ("بطاقة", "مدى", "شبكة", "بطاقة ائتمان", "بطاقة مدى", "فيزا", "ماستركارد", "ابل باي", "card",
             "mada", "visa", "mastercard", "credit card", "debit card", "pos", "apple pay"),
    "cheque": ("شيك", "شيك بنكي", "cheque", "check"),
    "in_kind": ("عيني", "تبرع عيني", "in kind", "goods"),
    "other": ("اخرى", "اخر", "other"),
}
_KINDS = {
    **{_header_key(w): "donation" for w in ("تبرع", "تبرعات", "تبرع نقدي", "تبرع عيني", "هبة", "منحة",
                                             "دعم", "donation", "donations", "gift", "grant")},
    **{_header_key(w): "pledge" for w in ("تعهد", "تعهدات", "وعد", "التزام", "تعهد بالتبرع", "pledge",
                                           "pledges", "commitment")},
}


def parse_amount(text: str) -> int | None:
    """Halalas from an amount written any way (``١٬٢٣٤٫٥٠``, ``1,234.50 ر.س``); None if not one."""
    cleaned = to_latin_digits(text).replace("٫", ".").replace("٬", ",").replace("،", ",")
    cleaned = _SPACES.sub("", _CURRENCY.sub("", cleaned)).replace(",", "")
    if not _AMOUNT.fullmatch(cleaned):
        return None
    try:
        halalas = Decimal(cleaned) * 100
    except InvalidOperation:
        return None
    if halalas != halalas.to_integral_value():
        return None
    return int(halalas)


def parse_day(text: str) -> date:
    """A date written ISO, day/month/year, or as an Excel serial number; raises a sentence otherwise."""
    cleaned = to_latin_digits(text).strip()
    hijri = "هـ" in cleaned or cleaned.endswith("ه")
    cleaned = cleaned.replace("هـ", "").rstrip("مه ").strip()
    year = month = day = 0
    if m := _ISO.match(cleaned):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY.match(cleaned):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif _SERIAL.match(cleaned) and 20000 <= float(cleaned) < 80000:
        return _EXCEL_EPOCH + timedelta(days=int(float(cleaned)))
    if hijri or 1300 <= year < 1600:
        raise UserError("import-date-hijri", "“{value}” looks like a Hijri date; write it in the Gregorian "
                        "calendar.", value=text)
    try:
        return date(year, month, day)
    except ValueError:
        raise UserError("import-date-invalid", "“{value}” is not a date; write it as 2025-10-25 or "
                        "25/10/2025.", value=text) from None


def index_resolver(known: KnownClients, numbers: Collection[str]) -> Resolve:
    """A :data:`Resolve` over an in-memory index: the number if it exists, else the national ID,
    the mobile, then the name (a name shared by several clients, marked ``""``, resolves nothing)."""
    upper = {n.upper(): n for n in numbers}

    def resolve(number: str, national_id: str, mobile: str, name: str) -> str | None:
        if number:
            return upper.get(number.strip().upper())
        for value, index in ((national_id, known.national_ids), (mobile, known.mobiles)):
            if value and (found := index.get(value)):
                return found
        if name:
            return known.names.get(name_key(name)) or None
        return None

    return resolve


def _method_lookup(methods: Mapping[str, str]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for ident, label in methods.items():
        for word in (ident, label, *_METHOD_WORDS.get(ident, ())):
            lookup.setdefault(_header_key(word), ident)
    return lookup


def validate_contributions(table: Table, mapping: Mapping[str, int], resolve: Resolve,
                           methods: Mapping[str, str], existing_receipts: Collection[str] = ()
                           ) -> ContributionPreview:
    """Check every row of a finance export: a known client, an amount above zero in SAR (halalas
    kept exact), a Gregorian date, donation or pledge, a known payment method, a receipt reference
    not recorded before nor repeated in the file.

    ``methods`` maps the payment-method ids to their English labels; cells may give the id, the
    label or the words finance systems use (``تحويل بنكي``, ``مدى``, ``نقداً``…).
    """
    mapping = {t: c for t, c in mapping.items()
               if t in CONTRIBUTION_TARGETS and 0 <= c < len(table.headers)}
    _require_column(mapping, "amount", table)
    _require_column(mapping, "given_on", table)
    if not {"client_number", "national_id", "mobile", "client_name"} & set(mapping):
        raise UserError("import-client-column-missing",
                        "Choose the column that tells who gave: the client number, national ID, mobile or "
                        "name.", field="client_number")
    receipts = {r.strip().upper() for r in existing_receipts}
    method_lookup = _method_lookup(methods)
    seen: dict[str, int] = {}
    out: list[PreviewRow] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        raw = _cells(row, mapping)
        try:
            values = _contribution(raw, resolve, method_lookup)
        except UserError as error:
            out.append(PreviewRow(line, raw, None, [error.message]))
            continue
        receipt = values["receipt"].upper()
        duplicate: str | None = None
        reason = ""
        if receipt and receipt in receipts:
            duplicate = values["receipt"]
            reason = _("Receipt {receipt} is already recorded.").format(receipt=values["receipt"])
        elif receipt and receipt in seen:
            duplicate = _("line {n}").format(n=line_text(seen[receipt]))
            reason = _("Line {other} has the same receipt reference.").format(other=line_text(seen[receipt]))
        elif receipt:
            seen[receipt] = line
        out.append(PreviewRow(line, raw, values, [reason] if reason else [], duplicate))
    return ContributionPreview(table.name, out, dict(mapping))


def _contribution(raw: Mapping[str, str], resolve: Resolve, methods: Mapping[str, str]) -> dict[str, Any]:
    number = raw.get("client_number", "").strip()
    national_id = to_latin_digits(raw.get("national_id", "")).replace(" ", "")
    mobile_text = raw.get("mobile", "")
    mobile = (canonical_mobile(mobile_text) or "") if mobile_text else ""
    name = " ".join(raw.get("client_name", "").split())
    if not (number or national_id or mobile or name):
        if mobile_text:
            raise UserError("invalid-mobile",
                            "“{value}” is not a Saudi mobile number; write it as 05XXXXXXXX.",
                            value=mobile_text)
        raise UserError("import-client-missing", "The row does not say who gave.")
    client = resolve(number, national_id, mobile, name)
    if client is None:
        if number:
            raise UserError("unknown-client", "There is no client with the number {number}.", number=number)
        raise UserError("import-client-unknown", "No registered client matches {who}.",
                        who=national_id or mobile_text or name)
    amount_text = raw.get("amount", "")
    if not amount_text.strip():
        raise UserError("import-amount-missing", "The amount is missing.")
    amount = parse_amount(amount_text)
    if amount is None:
        raise UserError("import-amount-invalid", "“{value}” is not an amount in riyals and halalas.",
                        value=amount_text)
    if amount <= 0:
        raise UserError("import-amount-zero", "The amount must be more than zero.")
    day_text = raw.get("given_on", "")
    if not day_text.strip():
        raise UserError("import-date-missing", "The date is missing.")
    given_on = parse_day(day_text)
    kind_text = raw.get("kind", "").strip()
    kind = _KINDS.get(_header_key(kind_text)) if kind_text else "donation"
    if kind is None:
        raise UserError("import-kind-invalid", "“{value}” is neither a donation nor a pledge.",
                        value=kind_text)
    method_text = raw.get("method", "").strip()
    method = methods.get(_header_key(method_text)) if method_text else ""
    if method is None:
        raise UserError("contribution-method", "“{value}” is not a payment method.", value=method_text)
    return {
        "client_number": client, "kind": kind, "amount_halalas": amount, "given_on": given_on,
        "method": method,
        "programme": " ".join(raw.get("programme", "").split())[:200],
        "receipt": " ".join(raw.get("receipt", "").split())[:64],
        "notes": raw.get("notes", "").strip(),
    }
