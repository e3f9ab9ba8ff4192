"""The audit log as a table model: counted, then fetched page by page as the view scrolls.

Rows arrive through ``canFetchMore``/``fetchMore`` in pages of :data:`PAGE_SIZE`,
fetched by keyset (``id < last id seen``) on the read pool, never on the UI
thread. The log is append-only, so page ``p`` is always the same lines: the
model keeps, for every page, only the id it was fetched after, and the lines
of at most :data:`MAX_CACHED_PAGES` pages (least recently shown dropped first).
A dropped page that scrolls back into view is fetched again with the same
``after_id`` and repainted (``dataChanged``), so memory stays bounded even
after scrolling through a million lines.

The count comes from a separate call, so the first page shows at once even
when counting a text search has to read the whole log.
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
    Signal,
)

from app.calendars.formatting import format_datetime
from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.audit import (
    AuditFilter,
    HistoryLine,
    action_label,
    change_text,
    describe,
    field_label,
    user_label,
    what_text,
)
from app.services.context import Actor
from app.text.bidi import FSI, PDI
from ui.audit.texts import COLUMN_TITLES
from ui.common.ops import Op

PAGE_SIZE = 200
MAX_CACHED_PAGES = 50  # 10,000 lines
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    WHEN = 0
    USER = 1
    ACTION = 2
    WHAT = 3
    FIELD = 4
    CHANGE = 5


class _Page:
    __slots__ = ("cells", "lines")

    def __init__(self, lines: list[HistoryLine]) -> None:
        self.lines = lines
        self.cells: list[tuple[str, ...] | None] = [None] * len(lines)


def _cells(line: HistoryLine) -> tuple[str, ...]:
    return (
        format_datetime(line.at, dual=True),
        f"{FSI}{user_label(line)}{PDI}",
        action_label(line.action),
        what_text(line),
        field_label(line),
        change_text(line),
    )


class AuditModel(QAbstractTableModel):
    """Audit lines newest first, for the filter given to :meth:`set_filter`.

    Signals:
        counted(int): the number of lines the filter selects.
        fetched(int): this many rows were appended (0: the log has no more).
        failed(str): a service call was refused (the sentence to show).
    """

    counted = Signal(int)
    fetched = Signal(int)
    failed = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._audit = services.audit
        self._actor = actor
        self._filter: AuditFilter | None = None
        self._generation = 0
        self._reset_state()

    def _reset_state(self) -> None:
        self._rows = 0
        self._after: list[int | None] = []  # per page: the id it was fetched after
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._last_id: int | None = None
        self._exhausted = False
        self._fetching = False
        self._refetching: set[int] = set()
        self._total: int | None = None

    # --- public -----------------------------------------------------------------
    @property
    def filter(self) -> AuditFilter | None:
        return self._filter

    @property
    def total(self) -> int | None:
        """The count for the current filter; None until it has arrived."""
        return self._total

    @property
    def busy(self) -> bool:
        return self._fetching or bool(self._refetching)

    def cached_pages(self) -> int:
        return len(self._pages)

    def set_filter(self, flt: AuditFilter) -> None:
        """Show the lines ``flt`` selects: forget every row, count, fetch the first page."""
        self._generation += 1
        self.beginResetModel()
        self._filter = flt
        self._reset_state()
        self.endResetModel()
        generation, audit, actor = self._generation, self._audit, self._actor
        (Op(self, lambda: audit.count(actor, flt))
         .on_success(lambda n: self._on_count_done(generation, n))
         .on_failure(self._on_call_failed)
         .run())
        self.fetchMore(QModelIndex())

    def refresh(self) -> None:
        """Read the log again (new lines arrive at the top)."""
        if self._filter is not None:
            self.set_filter(self._filter)

    def line_at(self, row: int) -> HistoryLine | None:
        """The line shown on ``row``, if its page is in memory."""
        page = self._pages.get(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return None if page is None or offset >= len(page.lines) else page.lines[offset]

    def retranslate(self) -> None:
        """The language changed: format every cell again."""
        for page in self._pages.values():
            page.cells = [None] * len(page.lines)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, len(Column) - 1))

    # --- Qt model -------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(Column):
            return None
        return _(COLUMN_TITLES[section])

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row, number = index.row(), index.row() // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            self._refetch(number)
            return None
        self._pages.move_to_end(number)
        offset = row % PAGE_SIZE
        if offset >= len(page.lines):
            return None
        line = page.lines[offset]
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe(line)
        cells = page.cells[offset]
        if cells is None:
            cells = page.cells[offset] = _cells(line)
        return cells[index.column()]

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return (not parent.isValid() and self._filter is not None
                and not self._exhausted and not self._fetching)

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        assert self._filter is not None
        self._fetching = True
        generation, number, after = self._generation, len(self._after), self._last_id
        audit, actor, flt = self._audit, self._actor, self._filter
        (Op(self, lambda: audit.page(actor, flt, after, PAGE_SIZE))
         .on_success(lambda lines: self._on_page_done(generation, number, after, lines))
         .on_failure(self._on_call_failed)
         .run())

    # --- results --------------------------------------------------------------------------
    def _on_count_done(self, generation: int, n: int) -> None:
        if generation == self._generation:
            self._total = n
            self.counted.emit(n)

    def _on_page_done(self, generation: int, number: int, after: int | None,
                      lines: list[HistoryLine]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        if len(lines) < PAGE_SIZE:
            self._exhausted = True
        if lines:
            first = self._rows
            self.beginInsertRows(QModelIndex(), first, first + len(lines) - 1)  # last row inclusive
            self._after.append(after)
            self._last_id = lines[-1].id
            self._pages[number] = _Page(lines)
            self._rows += len(lines)
            self.endInsertRows()
            self._evict()
        self.fetched.emit(len(lines))

    def _refetch(self, number: int) -> None:
        """Fetch a page dropped from the cache again (same ``after_id``, so the same lines)."""
        if number in self._refetching or number >= len(self._after) or self._filter is None:
            return
        self._refetching.add(number)
        generation, after = self._generation, self._after[number]
        audit, actor, flt = self._audit, self._actor, self._filter
        (Op(self, lambda: audit.page(actor, flt, after, PAGE_SIZE))
         .on_success(lambda lines: self._on_refetch_done(generation, number, lines))
         .on_failure(self._on_call_failed)
         .run())

    def _on_refetch_done(self, generation: int, number: int, lines: list[HistoryLine]) -> None:
        if generation != self._generation:
            return
        self._refetching.discard(number)
        first = number * PAGE_SIZE
        count = min(PAGE_SIZE, self._rows - first)
        self._pages[number] = _Page(lines[:count])
        self._evict(keep=number)
        self.dataChanged.emit(self.index(first, 0), self.index(first + count - 1, len(Column) - 1))

    def _evict(self, keep: int | None = None) -> None:
        while len(self._pages) > MAX_CACHED_PAGES:
            oldest = next(iter(self._pages))
            if oldest == keep:
                self._pages.move_to_end(oldest)
                continue
            del self._pages[oldest]

    def _on_call_failed(self, error: UserError) -> None:
        self._fetching = False
        self._refetching.clear()
        self.failed.emit(error.message)
