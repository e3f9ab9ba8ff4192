"""How fast the data core writes synced records with their change log and audit lines.

The demo (and imports) use :func:`app.persistence.bulk.bulk_create`; this
measures it on a scratch table shaped like a complaint's searchable core
(name, normalised name, canonical mobile, text) so later issues know what a
million records cost. ``SILA_BENCH_ROWS`` sets the count (default 200,000).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sqlalchemy import String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from app.config import resolve
from app.demo.people import DemoPeople
from app.persistence.base import Base, SyncedRecord
from app.persistence.bulk import bulk_create
from app.persistence.models import ChangeVersion
from app.persistence.recorder import WriteActor
from app.services.app_services import AppServices
from app.text.normalize import normalize_search


class BenchContact(SyncedRecord, Base):
    __tablename__ = "bench_contacts"
    __unsynced__ = frozenset({"name_search"})

    name: Mapped[str] = mapped_column(String(200))
    name_search: Mapped[str] = mapped_column(String(200), index=True)
    mobile: Mapped[str] = mapped_column(String(16), index=True)
    neighbourhood: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text)


def test_bulk_create_throughput(tmp_path: Path) -> None:
    rows_wanted = int(os.environ.get("SILA_BENCH_ROWS", "200000"))
    services = AppServices.open(resolve(str(tmp_path)))
    services.initialise("BEN")
    BenchContact.__table__.create(services.db.engine)
    people = DemoPeople(7)

    def rows():  # type: ignore[no-untyped-def]
        for person in people.people(rows_wanted):
            yield {"name": person.full_name, "name_search": normalize_search(person.full_name),
                   "mobile": person.mobile, "neighbourhood": person.neighbourhood,
                   "description": f"تأخر صرف المساعدة الشهرية لحي {person.neighbourhood}"}

    start = time.perf_counter()
    with services.db.engine.begin() as conn:
        written = bulk_create(conn, BenchContact, rows(), WriteActor(None, "bench"))
    elapsed = time.perf_counter() - start
    with services.db.session() as s:
        versions = s.scalar(select(func.count()).select_from(ChangeVersion))
    size_mb = Path(services.db.path or "").stat().st_size / 1e6
    services.close()
    print(f"\n| rows | seconds | rows/s | change-log rows | file MB | 1M rows, projected |\n"
          f"|---|---|---|---|---|---|\n"
          f"| {written:,} | {elapsed:.1f} | {written / elapsed:,.0f} | {versions:,} | {size_mb:.0f} | "
          f"{1_000_000 / (written / elapsed) / 60:.1f} min |")
    assert written == rows_wanted
