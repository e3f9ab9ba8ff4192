"""Printing 500 numbered satisfaction forms (issue 5 target: under 20 s). Prints the figures."""

from __future__ import annotations

import time
from pathlib import Path

import pypdfium2 as pdfium

from app.config import resolve
from app.services.app_services import AppServices
from app.surveys.form_pdf import write_survey_forms

COPIES = 500
TARGET_SECONDS = 20.0


def test_printing_500_forms(tmp_path: Path) -> None:
    services = AppServices.open(resolve(str(tmp_path / "data")))
    try:
        services.initialise("BEN")
        services.users.add(None, "boss", "admin", "boss-pass-1")
        boss = services.users.login("boss", "boss-pass-1")
        programme = services.programmes.add(boss, "ملتقى الأسرة الصيفي", centre="JED-SAFA", city="جدة")
        start = time.perf_counter()
        run = services.survey_forms.reserve(boss, programme.number, "beneficiary", COPIES)
        reserved = time.perf_counter() - start
        out = tmp_path / "forms.pdf"
        start = time.perf_counter()
        write_survey_forms(services, run, out)
        printed = time.perf_counter() - start
        pdf = pdfium.PdfDocument(str(out))
        try:
            pages = len(pdf)
        finally:
            pdf.close()
    finally:
        services.close()
    rows = [
        (f"reserve {COPIES} form numbers", f"{reserved * 1000:.0f} ms"),
        (f"print {COPIES} forms to one PDF", f"{printed:.2f} s"),
        ("per form", f"{printed / COPIES * 1000:.1f} ms"),
        ("file size", f"{out.stat().st_size / 1e6:.1f} MB"),
    ]
    width = max(len(label) for label, _ in rows)
    print("\n| figure" + " " * (width - 6) + " | value |\n|" + "-" * (width + 2) + "|---|")
    for label, value in rows:
        print(f"| {label.ljust(width)} | {value} |")
    assert pages == COPIES
    assert printed < TARGET_SECONDS
