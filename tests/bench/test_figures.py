"""The foundation's everyday figures: what a user waits for, and the per-call costs
later features multiply by a million. Prints a table; asserts no time."""

from __future__ import annotations

import time
import timeit
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.calendars.formatting import format_dual
from app.calendars.workdays import WorkCalendar, default_holidays
from app.config import resolve
from app.services.app_services import AppServices
from app.text.normalize import normalize_search
from app.text.phone import canonical_mobile


def _per_call(fn: Callable[[], object], number: int = 20_000) -> float:
    """Best of three, in microseconds per call."""
    return min(timeit.repeat(fn, number=number, repeat=3)) / number * 1e6


def _once(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def test_figures(tmp_path: Path) -> None:
    rows: list[tuple[str, str]] = []
    name = "عبدُالرَّحمن بن إبراهيم الغامديّ"
    rows.append(("normalize_search, 30-letter name", f"{_per_call(lambda: normalize_search(name)):.1f} µs"))
    rows.append(("canonical_mobile('٠٥٥ ١٢٣ ٤٥٦٧')",
                 f"{_per_call(lambda: canonical_mobile('٠٥٥ ١٢٣ ٤٥٦٧')):.1f} µs"))
    calendar = WorkCalendar(holidays=default_holidays())
    calendar.add_working_days(date(2026, 3, 1), 3)  # fill the year cache
    rows.append(("add_working_days(…, 3)",
                 f"{_per_call(lambda: calendar.add_working_days(date(2026, 3, 19), 3)):.2f} µs"))
    rows.append(("format_dual (Hijri beside Gregorian)",
                 f"{_per_call(lambda: format_dual(date(2026, 11, 22))):.1f} µs"))

    first_open = _once(lambda: AppServices.open(resolve(str(tmp_path / "a"))).close())
    services = AppServices.open(resolve(str(tmp_path / "a")))
    rows.append(("open a new data folder (create + migrate)", f"{first_open:.0f} ms"))
    reopen = _once(lambda: AppServices.open(resolve(str(tmp_path / "a"))).close())
    rows.append(("open an existing database", f"{reopen:.0f} ms"))
    services.initialise("BEN")
    services.users.add(None, "boss", "admin", "boss-pass-1")
    login = _once(lambda: services.users.login("boss", "boss-pass-1"))
    rows.append(("log in (argon2id verify, off the UI thread)", f"{login:.0f} ms"))
    boss = services.users.login("boss", "boss-pass-1")
    rows.append(("save one setting (change log + audit)",
                 f"{_once(lambda: services.settings.set(boss, 'association.name', 'جمعية')):.1f} ms"))

    from app.printing.sample import build_sample_document

    info = services.documents.info("مستند تجريبي", "DOC-BEN-0001")
    first_pdf = _once(lambda: build_sample_document(tmp_path / "s1.pdf", info))
    rows.append(("print the 4-page sample, first in the process", f"{first_pdf:.0f} ms"))
    again = _once(lambda: build_sample_document(tmp_path / "s2.pdf", info))
    rows.append(("print it again", f"{again:.0f} ms"))
    services.close()

    width = max(len(label) for label, _ in rows)
    print("\n| figure" + " " * (width - 6) + " | value |\n|" + "-" * (width + 2) + "|---|")
    for label, value in rows:
        print(f"| {label.ljust(width)} | {value} |")
