"""The opportunities' Excel export: a row per opportunity, amounts in riyals, a totals row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.errors import PermissionDenied, UserError
from app.i18n import set_language
from app.pipeline.export import HEADERS, export_opportunities
from app.pipeline.records import BoardQuery
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.pipeline_people import pipeline_team


def test_rows_amounts_and_totals(services: AppServices, admin: Actor, tmp_path: Path) -> None:
    t = pipeline_team(services, admin)
    ops = services.opportunities
    amounts = ((1_000_000, 10), (2_500_050, 35), (700_000, 90))
    for n, (amount, probability) in enumerate(amounts):
        ops.add(t.officer, t.programme.number, [t.donors[n]], expected_halalas=amount,
                probability=probability,
                next_action="=SUM(A1)" if n == 0 else "زيارة", next_action_on=date(2026, 11, 20))
    ops.log_contact(t.officer, "OP-TST-00001", t.donors[0], "call", "اتصال")
    path = tmp_path / "pipeline.xlsx"
    assert export_opportunities(services, t.officer, BoardQuery(), path) == 3
    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == len(HEADERS) and len(rows) == 5
    by_number = {r[0]: r for r in rows[1:4]}
    first = by_number["OP-TST-00001"]
    assert first[6] == 10_000 and first[7] == 10 and first[8] == 1_000
    assert first[9] == "=SUM(A1)"  # text, not a formula
    assert first[10].date() == date(2026, 11, 20) and first[11]  # the Hijri date beside it
    assert first[12] is not None  # the last contact
    assert "مؤسسة الخير الوقفية" in first[2] and first[4] == "خالد العتيبي"
    assert by_number["OP-TST-00002"][6] == pytest.approx(25_000.50)
    totals = rows[-1]
    assert totals[1] == 3
    assert totals[6] == pytest.approx(sum(a for a, _p in amounts) / 100)
    assert totals[8] == pytest.approx(sum(a * p // 100 for a, p in amounts) / 100)
    assert totals[8] == pytest.approx(sum(r[8] for r in rows[1:4]))

    # a filter exports what the list shows
    assert export_opportunities(services, t.officer, BoardQuery(text="النماء"), tmp_path / "one.xlsx") == 1


def test_english_sheet_is_left_to_right(services: AppServices, admin: Actor, tmp_path: Path) -> None:
    t = pipeline_team(services, admin, donors=1)
    services.opportunities.add(t.officer, t.programme.number, [t.donors[0]], expected_halalas=100)
    set_language("en")
    try:
        export_opportunities(services, t.officer, BoardQuery(), tmp_path / "en.xlsx")
    finally:
        set_language("ar")
    sheet = load_workbook(tmp_path / "en.xlsx").worksheets[0]
    assert not sheet.sheet_view.rightToLeft
    assert next(sheet.iter_rows(values_only=True))[0] == "Opportunity number"


def test_refusals(services: AppServices, admin: Actor, tmp_path: Path) -> None:
    t = pipeline_team(services, admin, donors=1)
    with pytest.raises(UserError):
        export_opportunities(services, t.officer, BoardQuery(), tmp_path / "x.csv")
    with pytest.raises(PermissionDenied):
        export_opportunities(services, t.desk, BoardQuery(), tmp_path / "x.xlsx")
