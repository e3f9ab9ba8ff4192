"""The client registry as a table model that stays fast over hundreds of thousands of clients.

It never loads the registry. For a query it fetches the first page; when that
page is full it asks the service for the count (:data:`COUNT_DELAY_MS` later,
so the counts of the words typed on the way are never run). After that a page
of :data:`PAGE_SIZE` rows is fetched only when the view asks for one of its
rows (a row not loaded yet shows :data:`PLACEHOLDER`). Pages live in an LRU
cache of :data:`MAX_CACHED_PAGES`, so memory stays flat however far one
scrolls.

Every call runs on the read pool (:mod:`ui.common.ops`): at most one page and
one count in flight; pages the view asks for wait in a short queue, newest
first. A new query (a keystroke in the search box) supersedes everything:
queued fetches are forgotten and late results of an older query are dropped.
The previous query's rows stay on screen until the new first page arrives, so
typing never blinks the table empty. The same logic, simpler, as
:mod:`ui.complaints.log_model`.
"""

from __future__ import annotations

from collections import OrderedDict
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
from PySide6.QtGui import QColor

from app.clients.directory import ClientQuery, ClientRow
from app.errors import UserError
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from ui.clients.labels import ClientVocab, plain_mobile, status_label
from ui.common.ops import Op
from ui.theme import Colours

PAGE_SIZE = 200
MAX_CACHED_PAGES = 15  # 3,000 rows
MAX_QUEUED_PAGES = 4  # pages asked for and not fetched yet; older requests are forgotten
COUNT_DELAY_MS = 150
PLACEHOLDER = "…"
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NUMBER = 0
    NAME = 1
    KINDS = 2
    MOBILE = 3
    CITY = 4
    NEIGHBOURHOOD = 5
    OWNER = 6
    STATUS = 7


COLUMN_TITLES: dict[Column, str] = {
    Column.NUMBER: N_("Number"),
    Column.NAME: N_("Name"),
    Column.KINDS: N_("Kinds"),
    Column.MOBILE: N_("Mobile"),
    Column.CITY: N_("City"),
    Column.NEIGHBOURHOOD: N_("Neighbourhood"),
    Column.OWNER: N_("Relationship owner"),
    Column.STATUS: N_("Status"),
}
LTR_COLUMNS = (Column.NUMBER, Column.MOBILE)


class _Page:
    __slots__ = ("cells", "rows")

    def __init__(self, rows: list[ClientRow]) -> None:
        self.rows = rows
        self.cells: list[tuple[str, ...] | None] = [None] * len(rows)


class ClientsModel(QAbstractTableModel):
    """The rows of :meth:`set_query`'s query, counted and fetched page by page.

    Signals:
        count_changed(int): the row count now is the count of the current query.
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
        self._service = services.clients
        self._actor = actor
        self._vocab = ClientVocab()
        self._query: ClientQuery | None = None
        self._generation = 0
        self._switching = False  # the rows shown are the previous query's until its first page arrives
        self._rows = 0
        self._total: int | None = None
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._stale: dict[int, _Page] = {}  # shown during a refresh until the fresh page arrives
        self._queued: OrderedDict[int, None] = OrderedDict()  # newest last
        self._fetching: int | None = None  # the current query's page in flight
        self._count_wanted = False
        self._counts_in_flight = 0
        self._pages_in_flight = 0
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._on_count_timer_timeout)
        self.fetched: list[int] = []  # page numbers fetched for the current query (for tests)
        self.cities: set[str] = set()  # the cities of the rows read so far (the city filter's list)

    # --- public -------------------------------------------------------------------------
    @property
    def query(self) -> ClientQuery | None:
        return self._query

    @property
    def total(self) -> int | None:
        """The count of the query shown; None until it is known."""
        return None if self._switching else self._total

    @property
    def loaded(self) -> bool:
        """The current query's first page and count are in."""
        return self._query is not None and not self._switching and self._total is not None

    @property
    def busy(self) -> bool:
        return (self._switching or self._count_wanted or self._counts_in_flight > 0 or bool(self._queued)
                or self._fetching is not None)

    def cached_pages(self) -> int:
        return len(self._pages) + len(self._stale)

    @property
    def vocab(self) -> ClientVocab:
        return self._vocab

    def set_vocab(self, vocab: ClientVocab) -> None:
        self._vocab = vocab
        self._forget_cells()

    def set_query(self, query: ClientQuery) -> None:
        """Show ``query``'s rows: fetch its first page, then count; older calls are superseded."""
        self._generation += 1
        self._query = query
        self._switching = True
        self._queued.clear()
        self._queued[0] = None
        self._fetching = None
        self._count_wanted = False
        self._count_timer.stop()
        self.fetched = []
        self._pump()

    def refresh(self) -> None:
        """Read the current query again (after a change); the rows stay on screen until replaced."""
        if self._query is None:
            return
        if self._switching or self._rows == 0:
            self.set_query(self._query)
            return
        self._generation += 1
        self._stale.update(self._pages)
        self._pages = OrderedDict()
        self._queued.clear()
        self._fetching = None
        self._count_wanted = True
        self.fetched = []
        self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, len(Column) - 1))
        self._pump()

    def row_at(self, row: int) -> ClientRow | None:
        page = self._pages.get(row // PAGE_SIZE) or self._stale.get(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return None if page is None or offset >= len(page.rows) else page.rows[offset]

    def number_at(self, row: int) -> str | None:
        found = self.row_at(row)
        return None if found is None else found.number

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        self._forget_cells()

    # --- Qt model ---------------------------------------------------------------------------
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
        return None

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
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            cells = page.cells[offset]
            if cells is None:
                cells = page.cells[offset] = self._cells(item)
            text = cells[column]
            return text if role == Qt.ItemDataRole.DisplayRole else (text or None)
        if role == Qt.ItemDataRole.ForegroundRole and item.status == "inactive":
            return QColor(Colours.MUTED)
        return None

    def _cells(self, r: ClientRow) -> tuple[str, ...]:
        vocab = self._vocab
        return (
            r.number,
            r.name,
            vocab.kinds_text(r.kinds),
            plain_mobile(r.mobile),
            r.city,
            r.neighbourhood,
            vocab.owner(r.owner),
            status_label(r.status),
        )

    # --- fetching ---------------------------------------------------------------------------
    def _request(self, number: int) -> None:
        if number == self._fetching:
            return
        self._queued[number] = None
        self._queued.move_to_end(number)
        while len(self._queued) > MAX_QUEUED_PAGES:
            self._queued.popitem(last=False)
        self._pump()

    def _pump(self) -> None:
        query = self._query
        if query is None:
            return
        while self._queued and self._fetching is None and self._pages_in_flight < 2:
            number, _none = self._queued.popitem(last=True)
            if not self._switching and (number in self._pages or number * PAGE_SIZE >= self._rows > 0):
                continue
            self._fetch(query, number)
        if self._count_wanted and self._counts_in_flight == 0 and not self._switching \
                and not self._count_timer.isActive():
            self._count_wanted = False
            self._counts_in_flight += 1
            generation, service, actor = self._generation, self._service, self._actor
            (Op(self, lambda: service.count(actor, query))
             .on_success(lambda n: self._on_count_done(generation, n))
             .on_failure(lambda e: self._on_count_failed(generation, e))
             .run())

    def _fetch(self, query: ClientQuery, number: int) -> None:
        self._fetching = number
        self._pages_in_flight += 1
        self.fetched.append(number)
        generation, service, actor, offset = self._generation, self._service, self._actor, number * PAGE_SIZE
        total = self._total  # lets the service read a page past the middle from the far end
        (Op(self, lambda: service.page(actor, query, offset, PAGE_SIZE, total=total))
         .on_success(lambda rows: self._on_page_done(generation, number, rows))
         .on_failure(lambda e: self._on_page_failed(generation, e))
         .run())

    @Slot()
    def _on_count_timer_timeout(self) -> None:
        self._pump()

    def _on_page_done(self, generation: int, number: int, rows: list[ClientRow]) -> None:
        self._pages_in_flight -= 1
        if generation != self._generation:
            self._pump()
            return
        self._fetching = None
        self.cities.update(r.city for r in rows if r.city)
        if self._switching:
            self._install(rows)
        else:
            self._store(number, rows)
        self._pump()

    def _install(self, rows: list[ClientRow]) -> None:
        """The new query's first page: it replaces the previous query's rows in one reset."""
        self.beginResetModel()
        self._switching = False
        self._pages = OrderedDict({0: _Page(rows)})
        self._stale = {}
        if len(rows) < PAGE_SIZE:
            self._total = len(rows)  # the whole result is in: no count needed
            self._count_wanted = False
        else:
            self._total = None
            self._count_wanted = True
        self._rows = len(rows)
        self.endResetModel()
        if self._count_wanted:
            self._count_timer.start()
        self.first_page_loaded.emit()
        self.page_loaded.emit(0)
        if self._total is not None:
            self.count_changed.emit(self._total)

    def _store(self, number: int, rows: list[ClientRow]) -> None:
        first = number * PAGE_SIZE
        if first >= self._rows:
            return
        self._pages[number] = _Page(rows)
        self._stale.pop(number, None)
        self._evict(keep=number)
        last = min(self._rows, first + PAGE_SIZE) - 1
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))
        self.page_loaded.emit(number)

    def _on_count_done(self, generation: int, n: int) -> None:
        self._counts_in_flight -= 1
        if generation != self._generation:
            self._pump()
            return
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
        for number in [p for p in self._pages if p * PAGE_SIZE >= n]:
            del self._pages[number]
        for number in [p for p in self._stale if p * PAGE_SIZE >= n]:
            del self._stale[number]
        self.count_changed.emit(n)
        self._pump()

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
        if generation != self._generation:
            self._pump()
            return
        self.failed.emit(error.message)
        self._pump()

    def _on_page_failed(self, generation: int, error: UserError) -> None:
        self._pages_in_flight -= 1
        if generation != self._generation:
            self._pump()
            return
        self._fetching = None
        self._queued.clear()
        if self._switching:
            self._install([])
        self.failed.emit(error.message)
        self._pump()
