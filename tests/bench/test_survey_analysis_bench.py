"""The analysis of 100,000 keyed survey forms (issue 5, item 9: target under 1 s each).

Builds (once, then reuses) a database with 100,000 first-pass responses to the
beneficiary form over 50 programmes in the four default centres, written by
:func:`app.surveys.demo.print_and_key` (exactly what keying stores), in
``$SILA_BENCH_DIR/surveys-100000`` (default: ``sila-bench`` in the system's
temporary folder; ``SILA_BENCH_RESPONSES`` picks another size). Then reports
the median of each analysis a quality officer waits for: the summary of every
response and of one programme, the breakdowns by programme, centre, age group
and first time, and the comparison of two programmes and of two periods.
Prints a table; asserts no time.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.config import resolve
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.demo import print_and_key
from app.surveys.records import SurveyQuery

RESPONSES = int(os.environ.get("SILA_BENCH_RESPONSES", "100000"))
PROGRAMMES = 50
RUNS = int(os.environ.get("SILA_BENCH_RUNS", "5"))
TARGET_MS = 1000.0
USER, PASSWORD = "quality", "quality-bench-1"
CENTRES = ("HQ", "JED-SAFA", "MAK-AZIZIYAH", "TAIF-SHAFA")
CHUNK = 20_000


def bench_dir() -> Path:
    return Path(os.environ.get("SILA_BENCH_DIR") or Path(tempfile.gettempdir()) / "sila-bench")


def _build(folder: Path) -> dict[str, Any]:
    start = time.perf_counter()
    services = AppServices.open(resolve(str(folder)))
    try:
        services.initialise("BEN")
        services.users.add(None, "boss", "admin", "boss-bench-1")
        boss = services.users.login("boss", "boss-bench-1")
        services.users.add(boss, USER, "quality_officer", PASSWORD, "ريم الحربي")
        quality = services.users.login(USER, PASSWORD)
        template = services.survey_templates.get(quality, "beneficiary")
        rnd = random.Random(1447)
        today = date.today()
        per_programme = RESPONSES // PROGRAMMES
        for n in range(PROGRAMMES):
            starts = today - timedelta(days=730 - n * 14)
            p = services.programmes.add(quality, f"برنامج رقم {n + 1}", centre=CENTRES[n % len(CENTRES)],
                                        starts_on=starts, ends_on=starts + timedelta(days=6), status="closed")
            copies = per_programme + (RESPONSES % PROGRAMMES if n == 0 else 0)
            done = 0
            while done < copies:
                size = min(CHUNK, copies - done)
                with services.db.engine.begin() as conn:
                    print_and_key(conn, quality.writer, site="BEN", programme_id=uuid.UUID(p.id),
                                  template=template, copies=size, keyed_share=1.0,
                                  level=rnd.uniform(3.4, 4.5), rnd=rnd, printed_on=starts,
                                  keyed_from=starts + timedelta(days=7),
                                  keyed_until=starts + timedelta(days=20))
                done += size
    finally:
        services.close()
    return {"responses": RESPONSES, "programmes": PROGRAMMES,
            "seconds": round(time.perf_counter() - start, 1),
            "file_mb": (folder / "sila.db").stat().st_size // 1_000_000,
            "built": datetime.now(UTC).isoformat(timespec="seconds")}


def ensure_database() -> tuple[Path, dict[str, Any]]:
    folder = bench_dir() / f"surveys-{RESPONSES}"
    marker = folder / "bench-surveys.json"
    if marker.exists():
        return folder, json.loads(marker.read_text())
    if folder.exists():  # a build that did not finish
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    info = _build(folder)
    marker.write_text(json.dumps(info, ensure_ascii=False, indent=1))
    return folder, info


def _median_ms(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """(first call, median of the following ``runs``) in milliseconds."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times[1:])


def figures(services: AppServices, actor: Actor) -> list[tuple[str, float, float]]:
    analysis = services.survey_analysis
    everything = SurveyQuery()
    programmes = services.programmes.list(actor)
    one = SurveyQuery(programmes=(programmes[0].number,))
    other = SurveyQuery(programmes=(programmes[1].number,))
    today = date.today()
    last_year = SurveyQuery(since=today - timedelta(days=365))
    year_before = SurveyQuery(since=today - timedelta(days=730), until=today - timedelta(days=366))
    total = analysis.summary(actor, everything).responses
    assert total >= RESPONSES, total
    cases: list[tuple[str, Callable[[], object]]] = [
        (f"summary, all {total:,} responses", lambda: analysis.summary(actor, everything)),
        ("summary, one programme", lambda: analysis.summary(actor, one)),
        ("breakdown by programme", lambda: analysis.breakdown(actor, everything, "programme")),
        ("breakdown by centre", lambda: analysis.breakdown(actor, everything, "centre")),
        ("breakdown by age group", lambda: analysis.breakdown(actor, everything, "age_group")),
        ("breakdown by first time", lambda: analysis.breakdown(actor, everything, "first_time")),
        ("compare two programmes", lambda: analysis.compare(actor, one, other)),
        ("compare two periods (a year each)", lambda: analysis.compare(actor, year_before, last_year)),
    ]
    return [(label, *_median_ms(fn)) for label, fn in cases]


def test_survey_analysis_of_100000_responses() -> None:
    folder, info = ensure_database()
    services = AppServices.open(resolve(str(folder)))
    try:
        actor = services.users.login(USER, PASSWORD)
        rows = figures(services, actor)
    finally:
        services.close()
    print(f"\nSurvey analysis: {info['responses']:,} responses over {info['programmes']} programmes "
          f"(built in {info['seconds']} s, {info['file_mb']} MB), median of {RUNS} runs")
    width = max(len(label) for label, _, _ in rows)
    print("| figure" + " " * (width - 6) + " | first call | median | target |\n|" + "-" * (width + 2)
          + "|---|---|---|")
    for label, first, median in rows:
        mark = "ok" if median <= TARGET_MS else "SLOW"
        print(f"| {label.ljust(width)} | {first:.0f} ms | {median:.0f} ms | < {TARGET_MS:.0f} ms {mark} |")
