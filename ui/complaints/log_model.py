"""The complaints log as a table model that stays fast over a million rows.

It never loads the table. For a query it fetches the first page, then asks
the service for the count (:data:`COUNT_DELAY_MS` later, and not at all when
the first page already holds every row); until the count arrives the table
has the first page's rows. After that it fetches a page of :data:`PAGE_SIZE`
rows only when the view asks for one of its rows (a row not yet loaded shows
:data:`PLACEHOLDER`). Pages live in an LRU cache of :data:`MAX_CACHED_PAGES`,
so memory stays flat however far one scrolls; a dropped page that comes back
into view is simply fetched again.

Every call runs on the read pool (:mod:`ui.common.ops`), in two lanes: at
most one count, and at most one page of the current query, in flight. Calls
the view asks for wait in a short queue, newest first, so after a fast scroll
the rows on screen come before the ones scrolled past. A new query (a
keystroke in the search box) supersedes everything: queued fetches are
forgotten and late results of an older query are dropped. The rows of the
previous query stay on screen until the new query's first page arrives, so
typing never blinks the table empty.

Pages past the middle are read from the other end when the count is known
(``total=``), so jumping to the last row costs what the first page costs.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont

from app.calendars.formatting import (
    digit_style,
    format_datetime,
    format_dual,
    format_gregorian,
    format_hijri,
    format_time,
)
from app.complaints.export import ExportLabels
from app.complaints.records import ComplaintQuery, ComplaintRow
from app.complaints.vocab import PRIORITIES, SLA_STATES, STATUSES, TYPES, label
from app.errors import UserError
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.settings import label_of
from app.text.digits import localize_digits
from app.text.phone import display_mobile
from ui.common.ops import Op
from ui.theme import Colours

PAGE_SIZE = 100
MAX_CACHED_PAGES = 20  # 2,000 rows
MAX_QUEUED_PAGES = 4  # pages asked for and not yet fetched; older requests are forgotten
# The count of a new query starts this long after its first page: while someone types, the
# counts of the words on the way are never run (on a million rows one takes up to a second,
# and a count running beside the next keystroke's page slows that page down).
COUNT_DELAY_MS = 200
PLACEHOLDER = "…"
AMBER = "#b45309"
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    REFERENCE = 0
    TYPE = 1
    STATUS = 2
    SLA = 3
    RECEIVED = 4
    DUE = 5
    NAME = 6
    MOBILE = 7
    CHANNEL = 8
    CENTRE = 9
    CATEGORY = 10
    PRIORITY = 11
    ASSIGNEE = 12
    SUMMARY = 13


COLUMN_TITLES: dict[Column, str] = {
    Column.REFERENCE: N_("Reference"),
    Column.TYPE: N_("Type"),
    Column.STATUS: N_("Status"),
    Column.SLA: N_("Deadline"),
    Column.RECEIVED: N_("Received on"),
    Column.DUE: N_("Answer due"),
    Column.NAME: N_("Name"),
    Column.MOBILE: N_("Mobile"),
    Column.CHANNEL: N_("Channel"),
    Column.CENTRE: N_("Centre"),
    Column.CATEGORY: N_("Category"),
    Column.PRIORITY: N_("Priority"),
    Column.ASSIGNEE: N_("Assignee"),
    Column.SUMMARY: N_("Summary"),
}
# The service's sort keys (records.SORT_KEYS); the mobile and summary columns do not sort.
SORT_KEYS: dict[Column, str] = {
    Column.REFERENCE: "reference", Column.TYPE: "type", Column.STATUS: "status", Column.SLA: "due",
    Column.RECEIVED: "received", Column.DUE: "due", Column.NAME: "name", Column.CHANNEL: "channel",
    Column.CENTRE: "centre", Column.CATEGORY: "category", Column.PRIORITY: "priority",
    Column.ASSIGNEE: "assignee",
}
LTR_COLUMNS = (Column.REFERENCE, Column.MOBILE)
SLA_COLOURS = {"overdue": Colours.ERROR, "due_today": AMBER, "missed": Colours.MUTED}
_COMPACT_DATE = N_("{gregorian} · {hijri}")


def compact_date(d: date) -> str:
    """Gregorian with the Hijri date beside it, short enough for a table cell."""
    return _(_COMPACT_DATE).format(gregorian=format_gregorian(d), hijri=format_hijri(d))


def compact_datetime(at: datetime) -> str:
    local = at.astimezone() if at.tzinfo is not None else at
    return _("{date} {time}").format(date=compact_date(local.date()), time=format_time(local))


@dataclass(frozen=True)
class Lookups:
    """What turns a row's identifiers into labels: the settings lists and the users' full names.

    Items are kept as stored (both languages), so labels follow a change of language.
    """

    channels: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    centres: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    categories: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    users: Mapping[str, str] = field(default_factory=dict)  # user name → full name

    @staticmethod
    def load(services: AppServices, actor: Actor) -> Lookups:
        """Read them (a service call: run it off the UI thread)."""

        def items(key: str) -> dict[str, Mapping[str, Any]]:
            return {str(i["id"]): i for i in services.settings.get(key)}

        return Lookups(items("channels"), items("centres"), items("complaint_categories"),
                       dict(services.complaints.assignable_users(actor)))

    @staticmethod
    def _label(table: Mapping[str, Mapping[str, Any]], ident: str | None) -> str:
        if not ident:
            return ""
        item = table.get(ident)
        return label_of(dict(item)) if item is not None else ident

    def channel(self, ident: str | None) -> str:
        return self._label(self.channels, ident)

    def centre(self, ident: str | None) -> str:
        return self._label(self.centres, ident)

    def category(self, ident: str | None) -> str:
        return self._label(self.categories, ident)

    def user(self, name: str | None) -> str:
        return "" if not name else self.users.get(name, name)

    def export_labels(self) -> ExportLabels:
        """The same labels, in the current language, for an export."""

        def table(items: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
            return {ident: label_of(dict(item)) for ident, item in items.items()}

        return ExportLabels(table(self.channels), table(self.centres), table(self.categories),
                            dict(self.users))


class _Page:
    __slots__ = ("cells", "rows", "total")

    def __init__(self, rows: list[ComplaintRow], total: int | None) -> None:
        self.rows = rows
        self.total = total  # the count it was read with (None: read from the front)
        self.cells: list[tuple[str, ...] | None] = [None] * len(rows)


class ComplaintsLogModel(QAbstractTableModel):
    """The rows of :meth:`set_query`'s query, counted and fetched page by page.

    Signals:
        count_changed(int): the row count now shows the count of the current query.
        first_page_loaded: the current query's first page is in the table.
        page_loaded(int): page number n of the current query arrived.
        failed(str): the service refused a call (the sentence to show).
    """

    count_changed = Signal(int)
    first_page_loaded = Signal()
    page_loaded = Signal(int)
    failed = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = services.complaints
        self._actor = actor
        self._lookups = Lookups()
        self._query: ComplaintQuery | None = None
        self._generation = 0
        self._switching = False  # the rows shown are the previous query's until its first page arrives
        self._rows = 0
        self._total: int | None = None
        self._new_total: int | None = None  # the count that arrived while switching
        self._hint_total: int | None = None  # passed to page(): the latest count known for the query
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._stale: dict[int, _Page] = {}  # shown during a refresh until the fresh page arrives
        self._queued: OrderedDict[int, None] = OrderedDict()  # newest last
        self._count_queued = False
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._on_count_timer_timeout)
        self._counts_in_flight = 0
        self._pages_in_flight = 0
        self._current_fetch: int | None = None  # the current query's page in flight

    # --- public -----------------------------------------------------------------------
    @property
    def query(self) -> ComplaintQuery | None:
        """The query asked for last (its rows may still be on their way)."""
        return self._query

    @property
    def total(self) -> int | None:
        """The count of the query shown; None until it has arrived."""
        return None if self._switching else self._total

    @property
    def busy(self) -> bool:
        return (self._switching or self._count_queued or bool(self._queued)
                or self._current_fetch is not None or self._counts_in_flight > 0)

    @property
    def loaded(self) -> bool:
        """The current query's first page and count are in."""
        return self._query is not None and not self._switching and self._total is not None

    def cached_pages(self) -> int:
        return len(self._pages) + len(self._stale)

    def set_lookups(self, lookups: Lookups) -> None:
        self._lookups = lookups
        self._forget_cells()

    @property
    def lookups(self) -> Lookups:
        return self._lookups

    def set_query(self, query: ComplaintQuery) -> None:
        """Show ``query``'s rows: count and fetch its first page; older calls are superseded."""
        self._generation += 1
        self._query = query
        self._switching = True
        self._new_total = None
        self._hint_total = None
        self._queued.clear()
        self._queued[0] = None
        self._current_fetch = None
        self._count_queued = True
        self._count_timer.stop()
        self._pump()

    def refresh(self) -> None:
        """Read the current query again (after a change): rows stay on screen until replaced."""
        if self._query is None:
            return
        if self._switching or self._rows == 0:
            self.set_query(self._query)
            return
        self._generation += 1
        self._stale.update(self._pages)
        self._pages = OrderedDict()
        self._hint_total = self._total
        self._queued.clear()
        self._current_fetch = None
        self._count_queued = True
        self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, len(Column) - 1))
        self._pump()

    def sort_column(self, column: int, descending: bool) -> bool:
        """Sort by ``column`` (False, and nothing happens, for a column that does not sort)."""
        key = SORT_KEYS.get(Column(column)) if 0 <= column < len(Column) else None
        if key is None:
            return False
        self.set_query(replace(self._query or ComplaintQuery(), sort=key, descending=descending))
        return True

    def row_at(self, row: int) -> ComplaintRow | None:
        """The row shown on line ``row``, if its page is in memory."""
        page = self._pages.get(row // PAGE_SIZE) or self._stale.get(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return None if page is None or offset >= len(page.rows) else page.rows[offset]

    def reference_at(self, row: int) -> str | None:
        found = self.row_at(row)
        return None if found is None else found.reference

    def retranslate(self) -> None:
        """The language changed: headers and every cell are formatted again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        self._forget_cells()

    # --- Qt model -------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMN_TITLES[Column(section)])
        if role == Qt.ItemDataRole.InitialSortOrderRole:  # the first click on a header
            newest_first = section == Column.RECEIVED
            return Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column(column, order == Qt.SortOrder.DescendingOrder)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, number = index.row(), index.row() // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            if role == Qt.ItemDataRole.DisplayRole and not self._switching:
                self._request(number)
            page = self._stale.get(number)
        else:
            self._pages.move_to_end(number)
        offset = row % PAGE_SIZE
        if page is None or offset >= len(page.rows):
            if role == Qt.ItemDataRole.DisplayRole:
                return PLACEHOLDER if page is None else ""
            return None
        item = page.rows[offset]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            cells = page.cells[offset]
            if cells is None:
                cells = page.cells[offset] = self._cells(item)
            return cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cell cut short, or more
            cells = page.cells[offset] or self._cells(item)
            return self._tooltip(item, column) or cells[column] or None
        if column == Column.SLA and item.sla in SLA_COLOURS:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(SLA_COLOURS[item.sla])
            if role == Qt.ItemDataRole.FontRole and item.sla == "overdue":
                font = QFont()
                font.setBold(True)
                return font
        return None

    def _cells(self, r: ComplaintRow) -> tuple[str, ...]:
        look = self._lookups
        return (
            r.reference,
            label(TYPES, r.type),
            label(STATUSES, r.status),
            "" if r.sla == "none" else label(SLA_STATES, r.sla),
            compact_datetime(r.received_at),
            format_gregorian(r.answer_due) if r.answer_due else "",  # the Hijri date is in its tooltip
            r.name,
            localize_digits(display_mobile(r.mobile), digit_style()) if r.mobile else "",
            look.channel(r.channel),
            look.centre(r.centre),
            look.category(r.category),
            label(PRIORITIES, r.priority),
            look.user(r.assignee),
            r.summary,
        )

    @staticmethod
    def _tooltip(r: ComplaintRow, column: int) -> str | None:
        if column == Column.RECEIVED:
            return format_datetime(r.received_at, dual=True)
        if column == Column.DUE and r.answer_due:
            return format_dual(r.answer_due)
        if column == Column.SUMMARY:
            return r.summary
        if column == Column.SLA and r.answered_at:
            return format_datetime(r.answered_at, dual=True)
        return None

    # --- fetching ---------------------------------------------------------------------------
    def _request(self, number: int) -> None:
        if number == self._current_fetch:
            return
        self._queued[number] = None
        self._queued.move_to_end(number)
        while len(self._queued) > MAX_QUEUED_PAGES:
            self._queued.popitem(last=False)
        self._pump()

    def _pump(self) -> None:
        """Start what the lanes allow: the newest queued page, the count."""
        query = self._query
        if query is None:
            return
        # The page first: on a busy machine it is what the user is waiting for.
        while self._queued and self._current_fetch is None and self._pages_in_flight < 2:
            number, _none = self._queued.popitem(last=True)
            # While switching, the pages in memory are the previous query's: they prove nothing.
            if not self._switching and (number in self._pages or number * PAGE_SIZE >= self._rows > 0):
                continue
            self._fetch(query, number)
        if (self._count_queued and self._counts_in_flight == 0 and not self._switching
                and not self._count_timer.isActive()):
            self._count_queued = False
            self._counts_in_flight += 1
            generation, service, actor = self._generation, self._service, self._actor
            (Op(self, lambda: service.count(actor, query))
             .on_success(lambda n: self._on_count_done(generation, n))
             .on_failure(lambda e: self._on_count_failed(generation, e))
             .run())

    def _fetch(self, query: ComplaintQuery, number: int) -> None:
        self._current_fetch = number
        self._pages_in_flight += 1
        generation, service, actor, total = self._generation, self._service, self._actor, self._hint_total
        offset = number * PAGE_SIZE
        (Op(self, lambda: service.page(actor, query, offset, PAGE_SIZE, total=total))
         .on_success(lambda rows: self._on_page_done(generation, number, total, rows))
         .on_failure(lambda e: self._on_page_failed(generation, e))
         .run())

    @Slot()
    def _on_count_timer_timeout(self) -> None:
        self._pump()

    def _on_count_done(self, generation: int, n: int) -> None:
        self._counts_in_flight -= 1
        if generation == self._generation:
            self._hint_total = n
            if self._switching:
                self._new_total = n
            else:
                self._set_total(n)
        self._pump()

    def _on_page_done(self, generation: int, number: int, total: int | None,
                      rows: list[ComplaintRow]) -> None:
        self._pages_in_flight -= 1
        if generation == self._generation:
            self._current_fetch = None
            if self._switching:
                self._install(rows, total)
            else:
                self._store(number, rows, total)
        self._pump()

    def _install(self, rows: list[ComplaintRow], total_used: int | None) -> None:
        """The new query's first page: replace the previous query's rows in one reset."""
        self.beginResetModel()
        self._switching = False
        self._pages = OrderedDict({0: _Page(rows, total_used)})
        self._stale = {}
        self._total = self._new_total
        if self._total is None and len(rows) < PAGE_SIZE:
            self._total = self._new_total = len(rows)  # the whole result is in: no count needed
            self._count_queued = False
        self._rows = self._total if self._total is not None else len(rows)
        self.endResetModel()
        if self._count_queued:
            self._count_timer.start()
        self.first_page_loaded.emit()
        self.page_loaded.emit(0)
        if self._new_total is not None:
            self.count_changed.emit(self._new_total)

    def _store(self, number: int, rows: list[ComplaintRow], total_used: int | None) -> None:
        first = number * PAGE_SIZE
        if first >= self._rows:
            return
        self._pages[number] = _Page(rows, total_used)
        self._stale.pop(number, None)
        self._evict(keep=number)
        last = min(self._rows, first + PAGE_SIZE) - 1
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))
        self.page_loaded.emit(number)

    def _set_total(self, n: int) -> None:
        before = self._rows
        self._total = n
        if n > before:
            self.beginInsertRows(QModelIndex(), before, n - 1)
            self._rows = n
            self.endInsertRows()
        elif n < before:
            self.beginRemoveRows(QModelIndex(), n, before - 1)
            self._rows = n
            self.endRemoveRows()
        # Pages read from the far end with another count hold the wrong rows now: read them again.
        for number in [p for p, page in self._pages.items()
                       if page.total is not None and page.total != n and number_from_end(p, page.total)]:
            del self._pages[number]
        for number in [p for p in self._stale if p * PAGE_SIZE >= n]:
            del self._stale[number]
        for number in [p for p in self._pages if p * PAGE_SIZE >= n]:
            del self._pages[number]
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, len(Column) - 1))
        self.count_changed.emit(n)

    def _evict(self, keep: int) -> None:
        while len(self._pages) + len(self._stale) > MAX_CACHED_PAGES:
            if self._stale:
                self._stale.pop(next(iter(self._stale)))
                continue
            oldest = next(iter(self._pages))
            if oldest == keep:
                self._pages.move_to_end(oldest)
                continue
            del self._pages[oldest]

    def _forget_cells(self) -> None:
        for page in (*self._pages.values(), *self._stale.values()):
            page.cells = [None] * len(page.rows)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, len(Column) - 1))

    def _on_count_failed(self, generation: int, error: UserError) -> None:
        self._counts_in_flight -= 1
        if generation == self._generation:
            self.failed.emit(error.message)
        self._pump()

    def _on_page_failed(self, generation: int, error: UserError) -> None:
        self._pages_in_flight -= 1
        if generation == self._generation:
            self._current_fetch = None
            self._queued.clear()
            if self._switching:
                self._install([], None)
            self.failed.emit(error.message)
        self._pump()


def number_from_end(number: int, total: int) -> bool:
    """Whether page ``number`` was read from the far end (ComplaintService.page does past the middle)."""
    return number * PAGE_SIZE > total // 2
