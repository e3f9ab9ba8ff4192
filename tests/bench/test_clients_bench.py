"""The client registry at scale: 200,000 clients (issue 4's figures).

Builds (once, then reuses) a registry of ``SILA_BENCH_CLIENTS`` clients (default
200,000, the demo's clients at scale 1,000, with its contributions and pending
requests) in ``$SILA_BENCH_DIR/clients-<n>``, plus one donor with 500 linked
records (complaints and contributions), then reports the median of:

- each keystroke of a search as you type (count plus the first page of 200), for
  a common first name, a family name, a mobile typed digit by digit and a number;
- opening the client file with 500 linked records;
- the duplicates scan over the whole registry.

The 50,000-row import has its own benchmark (``test_client_import_bench.py``).
Prints a table; asserts no time.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.bench.test_complaints_bench import bench_dir

CLIENTS = int(os.environ.get("SILA_BENCH_CLIENTS", "200000"))
RUNS = int(os.environ.get("SILA_BENCH_RUNS", "5"))
PAGE = 200
LINKED = 500
TARGETS = {"keystroke": 100.0, "file": 300.0, "duplicates": 60_000.0}
MANAGER = "manager"
DEMO_PASSWORD_ = "sila-demo"  # app.demo.loader.DEMO_PASSWORD


def _services(folder: Path) -> Any:
    from app.config import resolve
    from app.services.app_services import AppServices

    return AppServices.open(resolve(str(folder)))


def ensure_registry(clients: int = CLIENTS) -> tuple[Path, dict[str, Any]]:
    """A data folder with ``clients`` demo clients and one donor with ``LINKED`` linked records."""
    folder = bench_dir() / f"clients-{clients}"
    marker = folder / "bench-registry.json"
    if marker.exists():
        return folder, json.loads(marker.read_text())
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    from app.clients import demo as clients_demo
    from app.clients import demo_registry
    from app.complaints.records import NewComplaint
    from app.demo.loader import DEMO_SEED, DemoContext, _ensure_users
    from app.demo.people import DemoPeople

    services = _services(folder)
    services.initialise()
    people = DemoPeople(DEMO_SEED)
    admin = _ensure_users(services, people, None)
    ctx = DemoContext(services, admin, max(1, clients // clients_demo.CLIENTS_PER_SCALE), people,
                      lambda _name, _n: None)
    counts = {"clients": clients_demo.run(ctx), "registry": demo_registry.run(ctx)}
    manager = services.users.login(MANAGER, DEMO_PASSWORD_)
    donor = services.client_requests.propose_create(manager, {
        "name": "مؤسسة الوفاء الخيرية للتنمية", "kinds": ["donor"], "entity": "organisation",
        "mobile": "0551239876", "city": "جدة"}).summary.client_number
    rows = [{"kind": "donation", "amount_halalas": 10_000 * (1 + i % 50), "client_number": donor,
             "given_on": date.today() - timedelta(days=i), "method": "transfer", "programme": "كسوة العيد",
             "receipt": f"RC-{i:05d}"} for i in range(LINKED - 50)]
    services.contributions.add_many(manager, rows)
    for i in range(50):
        services.complaints.add(manager, NewComplaint(
            type="inquiry", channel="phone", client_number=donor,
            description=f"استفسار رقم {i} عن موعد التسليم"))
    seconds = round(time.perf_counter() - start, 1)
    info = {"clients": clients, "counts": counts, "donor": donor, "seconds": seconds,
            "file_mb": (folder / "sila.db").stat().st_size // 1_000_000,
            "built": datetime.now(UTC).isoformat(timespec="seconds")}
    services.close()
    marker.write_text(json.dumps(info, ensure_ascii=False, indent=1))
    return folder, info


def _median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _keystrokes(services: Any, actor: Any, text: str, first: int = 2) -> tuple[float, float]:
    """(median, worst) per keystroke of typing ``text``: the count and the first page, as the list does."""
    from app.clients.directory import ClientQuery

    per_key = []
    for n in range(first, len(text) + 1):
        query = ClientQuery(text=text[:n])
        per_key.append(_median_ms(lambda q=query: (services.clients.count(actor, q),  # type: ignore[misc]
                                                   services.clients.page(actor, q, 0, PAGE))))
    return statistics.median(per_key), max(per_key)


def test_registry_figures() -> None:
    from app.clients.directory import ClientQuery
    from app.demo.loader import DEMO_PASSWORD

    folder, info = ensure_registry()
    services = _services(folder)
    try:
        actor = services.users.login(MANAGER, DEMO_PASSWORD)
        sample = services.clients.page(actor, ClientQuery(), CLIENTS // 2, 1)[0]
        family = sample.name.split()[-1]
        rows: list[tuple[str, float, float, float]] = []
        mobile = "0" + (sample.mobile or "+966500000000")[4:]
        typed = (("first name محمد", "محمد", 2), (f"family name {family}", family, 2),
                 ("mobile 05… digit by digit", mobile, 3), ("client number", sample.number, 4))
        for label, text, first in typed:
            median, worst = _keystrokes(services, actor, text, first)
            rows.append((f"search keystroke: {label}", median, worst, TARGETS["keystroke"]))
        file_ms = _median_ms(lambda: services.clients.file(actor, info["donor"]))
        linked = services.clients.file(actor, info["donor"])
        assert len(linked.contributions) + linked.complaints_total >= LINKED
        rows.append((f"open a client file ({LINKED} linked records)", file_ms, file_ms, TARGETS["file"]))
        start = time.perf_counter()
        pairs = services.client_requests.duplicate_pairs(actor)
        scan_ms = (time.perf_counter() - start) * 1000
        rows.append((f"duplicates scan ({len(pairs)} pairs shown)", scan_ms, scan_ms, TARGETS["duplicates"]))
    finally:
        services.close()
    print(f"\nClient registry: {info['clients']:,} clients ({info['file_mb']} MB; "
          f"built in {info['seconds']} s)")
    print(f"{'figure':<52} {'median ms':>10} {'worst ms':>10} {'target':>8}")
    for label, median, worst, target in rows:
        flag = "" if worst <= target else "  (over)"
        print(f"{label:<52} {median:>10.1f} {worst:>10.1f} {target:>8.0f}{flag}")
