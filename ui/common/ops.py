"""Background operations: service calls never run on the UI thread.

Modelled on Anki's ``QueryOp``/``CollectionOp``: an :class:`Op` runs a plain
function (which opens its own database session through a service) on a
worker thread and delivers the result, or the error, back on the UI thread
through a signal. Writes go through one single-worker pool, which keeps
SQLite writers in order; reads use a small separate pool; long jobs (exports,
imports) have their own so that they never hold up a screen's pages.

    Op(self, lambda: services.users.list(actor)).on_success(self._show).run()

Worker threads never hold the last reference to a Qt object: results travel
through one relay that lives on the UI thread for the whole process, keyed by
the operation's number, and the operation itself (with its parent widget and
callbacks) is only ever released on the UI thread. A QObject destroyed from a
worker thread while the UI thread delivers to it is a crash, not an error.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.errors import UserError

T = TypeVar("T")

_write_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sila-write")
_read_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sila-read")
_long_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sila-long")

# Ops still running, by number: kept here so that they are released on the UI thread.
_running: dict[int, Op[Any]] = {}
_numbers = itertools.count(1)


class _Relay(QObject):
    """Lives on the UI thread; workers emit, Qt queues the delivery to this thread."""

    finished = Signal(int, object)
    progressed = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)

    @Slot(int, object)
    def _deliver_result(self, number: int, future: Future[Any]) -> None:
        op = _running.pop(number, None)
        if op is not None:
            op._finish(future)

    @Slot(int, object)
    def _deliver_progress(self, number: int, value: object) -> None:
        op = _running.get(number)
        if op is not None:
            op._progress(value)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    """Created by the first Op, which runs on the UI thread."""
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


class Op(Generic[T]):
    """One background call with success and failure callbacks on the UI thread.

    ``parent`` is the widget the result belongs to: if it is gone when the
    result arrives, the callbacks are skipped. ``long=True`` is for jobs that
    may take minutes; they report through :meth:`progress_reporter`.
    """

    def __init__(self, parent: QObject, fn: Callable[[], T], *, write: bool = False,
                 long: bool = False) -> None:
        self._parent = parent
        self._fn = fn
        self._pool = _long_pool if long else _write_pool if write else _read_pool
        self._number = next(_numbers)
        self._relay = _the_relay()
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[UserError], None] | None = None
        self._on_progress: Callable[[Any], None] | None = None

    def on_success(self, callback: Callable[[T], None]) -> Op[T]:
        self._success = callback
        return self

    def on_failure(self, callback: Callable[[UserError], None]) -> Op[T]:
        """Expected failures (a :class:`UserError`); anything else is a bug and is re-raised."""
        self._failure = callback
        return self

    def on_progress(self, callback: Callable[[Any], None]) -> Op[T]:
        self._on_progress = callback
        return self

    def progress_reporter(self) -> Callable[[Any], None]:
        """A function the worker may call with any value; it reaches ``on_progress`` queued.

        It holds only the operation's number, never the operation or a widget.
        """
        number, relay = self._number, self._relay
        return lambda value: relay.progressed.emit(number, value)

    def run(self) -> Future[T]:
        _running[self._number] = self
        number, relay = self._number, self._relay
        future = self._pool.submit(self._fn)
        # Queued even when the function is already done: a result never arrives
        # inside the caller's own code (a constructor, say).
        future.add_done_callback(lambda done: relay.finished.emit(number, done))
        return future

    def _alive(self) -> bool:
        return shiboken6.isValid(self._parent)

    def _progress(self, value: Any) -> None:
        if self._on_progress is not None and self._alive():
            self._on_progress(value)

    def _finish(self, future: Future[T]) -> None:
        if not self._alive():
            return
        error = future.exception()
        if error is None:
            if self._success is not None:
                self._success(future.result())
        elif isinstance(error, UserError) and self._failure is not None:
            self._failure(error)
        else:
            raise error


def wait_for_idle(timeout: float = 10.0) -> None:
    """Block until queued operations ran (tests and shutdown only)."""
    for pool in (_write_pool, _read_pool, _long_pool):
        pool.submit(lambda: None).result(timeout=timeout)


def running_count() -> int:
    return len(_running)
