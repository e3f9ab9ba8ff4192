"""Background operations: service calls never run on the UI thread.

Modelled on Anki's ``QueryOp``/``CollectionOp``: an :class:`Op` runs a plain
function (which opens its own database session through a service) on a
worker thread and delivers the result, or the error, back on the UI thread
through a signal. Writes go through one single-worker pool, which keeps
SQLite writers in order; reads use a small separate pool.

    Op(self, lambda: services.users.list(actor)).on_success(self._show).run()
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.errors import UserError

T = TypeVar("T")

_write_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sila-write")
_read_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sila-read")

# Ops still running, so that they are not garbage-collected before they report.
_running: set[Op[Any]] = set()


class _Relay(QObject):
    """Lives on the UI thread; the worker emits, Qt queues the call to this thread."""

    finished = Signal(object)


class Op(Generic[T]):
    """One background call with success and failure callbacks on the UI thread.

    ``parent`` is the widget the result belongs to: if it is gone when the
    result arrives, the callbacks are skipped.
    """

    def __init__(self, parent: QObject, fn: Callable[[], T], *, write: bool = False) -> None:
        self._parent = parent
        self._fn = fn
        self._write = write
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[UserError], None] | None = None
        self._relay = _Relay()
        # Queued even when the function is already done at run(): a result never
        # arrives inside the caller's own code (a constructor, say).
        self._relay.finished.connect(self._on_relay_finished, Qt.ConnectionType.QueuedConnection)
        self._alive = True
        parent.destroyed.connect(self._on_parent_destroyed)

    def on_success(self, callback: Callable[[T], None]) -> Op[T]:
        self._success = callback
        return self

    def on_failure(self, callback: Callable[[UserError], None]) -> Op[T]:
        """Expected failures (a :class:`UserError`); anything else is a bug and is re-raised."""
        self._failure = callback
        return self

    def run(self) -> Future[T]:
        _running.add(self)
        pool = _write_pool if self._write else _read_pool
        future = pool.submit(self._fn)
        future.add_done_callback(lambda f: self._relay.finished.emit(f))
        return future

    @Slot()
    def _on_parent_destroyed(self) -> None:
        self._alive = False

    @Slot(object)
    def _on_relay_finished(self, future: Future[T]) -> None:
        _running.discard(self)
        if not self._alive:
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
    for pool in (_write_pool, _read_pool):
        pool.submit(lambda: None).result(timeout=timeout)


def running_count() -> int:
    return len(_running)
