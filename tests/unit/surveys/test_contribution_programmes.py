"""A contribution naming a programme of the portfolio links to it: by hand, in bulk, from the finance file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
from sqlalchemy import select

from app.clients.importing import CONTRIBUTION_TARGETS, guess_mapping
from app.persistence.models import Contribution
from app.services.app_services import AppServices
from app.services.context import Actor


def _links(services: AppServices) -> dict[str, str | None]:
    """Each contribution's receipt → the programme id it links to."""
    with services.db.session() as s:
        return {receipt: str(pid) if pid else None
                for receipt, pid in s.execute(select(Contribution.receipt, Contribution.programme_id))}


def test_a_named_programme_links_and_its_donors_are_listed(services: AppServices, admin: Actor) -> None:
    orphans = services.programmes.add(admin, "كفالة الأيتام", kind="orphans", status="closed")
    water = services.programmes.add(admin, "سقيا الماء")
    services.programmes.add(admin, "ملتقى الأسرة")
    services.programmes.add(admin, "ملتقى  الأسرة")  # two programmes answer to this name: no link
    ahmad = services.clients.register(admin, "أحمد علي", "0551234567", ("donor",))
    sara = services.clients.register(admin, "سارة الزهراني", "0557654321", ("donor",))
    add = services.contributions.add
    add(admin, ahmad.number, "donation", 50_000, date(2026, 1, 5), "transfer", "كفالة  الايتام", "R-1")
    add(admin, sara.number, "pledge", 20_000, date(2026, 1, 6), "", "ملتقى الأسرة", "R-2")
    add(admin, sara.number, "donation", 10_000, date(2026, 1, 7), "cash", "برنامج لا نعرفه", "R-3")
    add(admin, sara.number, "donation", 10_000, date(2026, 1, 8), "cash", "", "R-4")
    count = services.contributions.add_many(admin, [
        {"client_number": sara.number, "kind": "donation", "amount_halalas": 1_000,
         "given_on": date(2026, 2, 1), "programme": "سقيا الماء", "receipt": f"B-{n}"} for n in range(3)
    ] + [{"client_number": ahmad.number, "kind": "donation", "amount_halalas": 2_000,
          "given_on": date(2026, 2, 2), "programme": "كفالة الأيتام", "receipt": "B-9"}])
    assert count == 4
    links = _links(services)
    assert links["R-1"] == orphans.id  # matched the way people type it: spaces and hamza aside
    assert links["R-2"] is None and links["R-3"] is None and links["R-4"] is None
    assert {links[f"B-{n}"] for n in range(3)} == {water.id}
    assert links["B-9"] == orphans.id

    assert services.programmes.donors(admin, orphans.number) == [(ahmad.number, "أحمد علي")]
    assert services.programmes.donors(admin, water.number) == [(sara.number, "سارة الزهراني")]
    printed = services.survey_forms.reserve(admin, orphans.number, "donor", donors=[ahmad.number])
    assert printed.donors == ((ahmad.number, "أحمد علي"),)


def test_the_finance_export_links_its_programmes(services: AppServices, admin: Actor, tmp_path: Path) -> None:
    food = services.programmes.add(admin, "السلة الغذائية الرمضانية")
    ahmad = services.clients.register(admin, "أحمد علي", "0551234567", ("donor",))
    path = tmp_path / "finance.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["رقم السند", "التاريخ", "رقم العميل", "المبلغ", "النوع", "البرنامج"],
                ["R-1", datetime(2026, 3, 1), ahmad.number, 500, "تبرع", "السلة الغذائية الرمضانية"],
                ["R-2", datetime(2026, 3, 2), ahmad.number, 700, "تبرع", "كسوة العيد"]):
        sheet.append(row)
    book.save(path)
    importer = services.client_import
    mapping = guess_mapping(importer.columns(admin, path).headers, CONTRIBUTION_TARGETS)
    preview = importer.preview_contributions(admin, path, mapping)
    assert importer.import_contributions(admin, preview).created == 2
    links = _links(services)
    assert links == {"R-1": food.id, "R-2": None}
    assert services.programmes.donors(admin, food.number) == [(ahmad.number, "أحمد علي")]
