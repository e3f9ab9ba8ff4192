"""Importing a 50,000-row client workbook into a registry of 200,000 clients (target: under 60 s).

The registry is the demo's clients part (``app.clients.demo``) written once into
``$SILA_BENCH_DIR/client-registry-<n>`` (default: ``sila-bench`` in the system's
temporary folder) and copied for each run, so the import always meets the same
registry. The workbook is generated: names, mobiles, IDs and emails from
:class:`app.demo.people.DemoPeople` with another seed, kinds by their Arabic
labels, one row in 100 with a bad mobile and one in 50 with the mobile of a
registered client (a duplicate). The import skips those rows; the registry is
not empty, so every good row becomes a pending change request of one batch.

``SILA_BENCH_CLIENTS`` and ``SILA_BENCH_IMPORT_ROWS`` change the sizes. Prints
one table; asserts no time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from app.clients import demo as clients_demo
from app.clients.import_service import ClientImport
from app.clients.importing import CLIENT_TARGETS, guess_mapping, read_table, validate_clients
from app.config import resolve
from app.demo.loader import DemoContext
from app.demo.people import DemoPeople
from app.persistence.models import Client, ClientRequest
from app.services.app_services import AppServices

CLIENTS = int(os.environ.get("SILA_BENCH_CLIENTS", "200000"))
ROWS = int(os.environ.get("SILA_BENCH_IMPORT_ROWS", "50000"))
ADMIN, PASSWORD = "admin", "bench-pass-1"
KINDS = ("مستفيد", "متطوع", "مانح / داعم", "مستفيد، متطوع", "عضو الجمعية العمومية")
TARGET_SECONDS = 60.0


def bench_dir() -> Path:
    return Path(os.environ.get("SILA_BENCH_DIR") or Path(tempfile.gettempdir()) / "sila-bench")


def registry_template() -> tuple[Path, float]:
    """The data folder of a registry of ``CLIENTS`` clients (built the first time)."""
    folder = bench_dir() / f"client-registry-{CLIENTS}"
    marker = folder / "bench-ready"
    if marker.exists():
        return folder, float(marker.read_text() or 0)
    if folder.exists():
        shutil.rmtree(folder)
    start = time.perf_counter()
    services = AppServices.open(resolve(str(folder)))
    services.initialise("BEN", "موقع القياس")
    services.users.add(None, ADMIN, "admin", PASSWORD, "مدير النظام")
    admin = services.users.login(ADMIN, PASSWORD)
    ctx = DemoContext(services, admin, max(1, CLIENTS // clients_demo.CLIENTS_PER_SCALE), DemoPeople(1447),
                      lambda _part, _done: None)
    clients_demo.run(ctx)
    services.close()
    seconds = time.perf_counter() - start
    marker.write_text(f"{seconds:.1f}")
    return folder, seconds


def write_workbook(path: Path, registered_mobiles: list[str]) -> None:
    people = DemoPeople(2025)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["اسم العميل", "الجوال", "رقم الهوية", "البريد الإلكتروني", "المدينة", "الحي", "نوع العميل",
                  "ملاحظات"])
    for i, person in enumerate(people.people(ROWS)):
        mobile = "0" + person.mobile[4:]
        if i % 100 == 99:
            mobile = "05123"
        elif i % 50 == 7 and registered_mobiles:
            mobile = "0" + registered_mobiles[i % len(registered_mobiles)][4:]
        sheet.append([person.full_name, mobile, person.national_id if i % 3 else None, person.email or "",
                      person.city, person.neighbourhood, KINDS[i % len(KINDS)], ""])
    book.save(path)


def test_import_a_big_workbook_into_a_big_registry(tmp_path: Path) -> None:
    template, built = registry_template()
    data = tmp_path / "data"
    shutil.copytree(template, data)
    services = AppServices.open(resolve(str(data)))
    admin = services.users.login(ADMIN, PASSWORD)
    importer = getattr(services, "client_import", None) or ClientImport(
        services.db, services.settings, services.client_requests, services.contributions)
    with services.db.session() as s:
        registered = int(s.scalar(select(func.count()).select_from(Client)) or 0)
        mobiles = [m for m in s.scalars(select(Client.mobile).where(Client.mobile.is_not(None)).limit(2000))
                   if m]

    workbook = tmp_path / "clients.xlsx"
    start = time.perf_counter()
    write_workbook(workbook, mobiles)
    t_write = time.perf_counter() - start

    # The steps one by one (what the preview is made of)...
    start = time.perf_counter()
    head = importer.columns(admin, workbook)
    t_columns = time.perf_counter() - start
    mapping = guess_mapping(head.headers, CLIENT_TARGETS)
    start = time.perf_counter()
    table = read_table(workbook)
    t_read = time.perf_counter() - start
    start = time.perf_counter()
    existing = services.client_requests.existing_index()
    t_index = time.perf_counter() - start
    start = time.perf_counter()
    get = services.settings.get
    validate_clients(table, mapping, get("client_kinds"), get("centres"), get("channels"), existing)
    t_validate = time.perf_counter() - start

    # ...and as the dialog runs them: the preview, then the import.
    start = time.perf_counter()
    preview = importer.preview_clients(admin, workbook, mapping)
    t_preview = time.perf_counter() - start
    start = time.perf_counter()
    report = importer.import_clients(admin, preview, skip_bad=True)
    t_import = time.perf_counter() - start
    with services.db.session() as s:
        requests = int(s.scalar(select(func.count()).select_from(ClientRequest)
                                .where(ClientRequest.batch == report.batch)) or 0)
    # The relations manager then approves the whole batch at once (the import's author may not).
    services.users.add(admin, "checker", "relations_manager", PASSWORD, "مدير العلاقات")
    checker = services.users.login("checker", PASSWORD)
    start = time.perf_counter()
    approved = services.client_requests.approve_batch(checker, report.batch)
    t_approve = time.perf_counter() - start
    services.close()

    total = t_preview + t_import
    print(f"\nregistry: {registered:,} clients (built in {built:.0f} s, once); workbook: {ROWS:,} rows, "
          f"{workbook.stat().st_size / 1e6:.1f} MB, written in {t_write:.1f} s\n"
          f"rows: {len(preview.rows):,} — ready {preview.ok:,}, with problems {preview.bad:,}, "
          f"duplicates {preview.duplicates:,}; requests written {requests:,}\n"
          f"| step | seconds |\n|---|---|\n"
          f"| columns (first 20 rows) | {t_columns:.2f} |\n"
          f"| the manager approves the batch ({approved:,} clients) | {t_approve:.2f} |\n"
          f"| read the workbook | {t_read:.2f} |\n"
          f"| index the registry | {t_index:.2f} |\n"
          f"| check every row | {t_validate:.2f} |\n"
          f"| preview (read + index + check) | {t_preview:.2f} |\n"
          f"| import (one transaction) | {t_import:.2f} |\n"
          f"| **preview + import** | **{total:.2f}** (target {TARGET_SECONDS:.0f}) |")
    assert report.created == preview.ok == requests
    assert preview.bad >= ROWS // 100 and preview.duplicates >= ROWS // 50
