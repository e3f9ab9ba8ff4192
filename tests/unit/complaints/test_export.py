"""Exporting the complaints log: Excel and CSV, Arabic headers and labels, progress and cancel."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app import i18n
from app.complaints.export import ExportLabels, export_rows, headers
from app.complaints.records import ComplaintRow
from app.complaints.vocab import PRIORITIES, SLA_STATES, STATUSES, label
from app.errors import UserError

LABELS = ExportLabels(channels={"walk_in": "حضوري"}, centres={"HQ": "المقر الرئيسي"},
                      categories={"service_delay": "تأخر تقديم الخدمة"}, users={"officer": "خالد العتيبي"})


def row(i: int, **changes: object) -> ComplaintRow:
    values: dict[str, object] = dict(
        id=f"id-{i}", reference=f"C-TST-1448-{i:06d}", type="complaint", status="assigned", channel="walk_in",
        centre="HQ", category="service_delay", priority="high", name="سارة علي الزهراني",
        mobile="+966551234567", received_at=datetime(2025, 10, 25, 11, 5, tzinfo=UTC),
        answer_due=date(2025, 10, 28), answered_at=None, assignee="officer", sla="overdue",
        summary="تأخر صرف المساعدة الشهرية")
    values.update(changes)
    return ComplaintRow(**values)  # type: ignore[arg-type]


def rows(n: int) -> Iterator[ComplaintRow]:
    return (row(i) for i in range(1, n + 1))


def test_excel_has_arabic_headers_labels_real_dates_and_reads_right_to_left(
        tmp_path: Path, riyadh_time: None) -> None:
    target = tmp_path / "log.xlsx"
    result = export_rows(rows(3), target, LABELS)
    assert result.rows == 3 and not result.cancelled and result.path == target
    sheet = load_workbook(target).active
    assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[0]) == headers() and lines[0][0] == "الرقم المرجعي"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    first = lines[1]
    assert first[:4] == ("C-TST-1448-000001", "شكوى", label(STATUSES, "assigned"), "متأخرة")
    assert first[4] == datetime(2025, 10, 25, 14, 5)  # local (Riyadh) time, a real date-time
    assert sheet["E2"].number_format == "yyyy-mm-dd hh:mm" and sheet["G2"].number_format == "yyyy-mm-dd"
    assert first[5] == "٣ / ٥ / ١٤٤٧ هـ"
    assert first[6] == datetime(2025, 10, 28)  # Excel keeps dates as date-times at midnight
    assert first[7:14] == ("سارة علي الزهراني", "055 123 4567", "حضوري", "المقر الرئيسي", "تأخر تقديم الخدمة",
                           label(PRIORITIES, "high"), "خالد العتيبي")
    assert first[14] is None and first[15] == "تأخر صرف المساعدة الشهرية"
    assert sheet.auto_filter.ref == "A1:P4"
    assert not list(tmp_path.glob(".*"))  # no temporary file left


def test_english_sheets_read_left_to_right(tmp_path: Path) -> None:
    i18n.set_language("en")
    target = tmp_path / "log.xlsx"
    export_rows(rows(1), target)
    sheet = load_workbook(target).active
    assert not sheet.sheet_view.rightToLeft
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][:4] == ("Reference", "Type", "Status", "Deadline")
    assert lines[1][1:4] == ("Complaint", "Assigned", "Overdue")
    assert lines[1][9] == "walk_in"  # no labels given: the identifier


def test_csv_is_utf8_with_a_byte_order_mark(tmp_path: Path, riyadh_time: None) -> None:
    target = tmp_path / "log.csv"
    export_rows([row(1, answered_at=datetime(2025, 10, 27, 6, 0, tzinfo=UTC), sla="met", centre=None)],
                target, LABELS)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert lines[0] == headers()
    assert lines[1][:5] == ["C-TST-1448-000001", "شكوى", label(STATUSES, "assigned"),
                            label(SLA_STATES, "met"), "2025-10-25 14:05"]
    assert lines[1][6] == "2025-10-28" and lines[1][10] == "" and lines[1][14] == "2025-10-27 09:00"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    evil = row(1, name="=HYPERLINK(\"http://x\")", summary="-2+3")
    export_rows([evil], tmp_path / "log.xlsx")
    sheet = load_workbook(tmp_path / "log.xlsx").active
    assert sheet["H2"].data_type == "s" and sheet["H2"].value == "=HYPERLINK(\"http://x\")"
    assert sheet["P2"].data_type == "s"
    export_rows([evil], tmp_path / "log.csv")
    with (tmp_path / "log.csv").open(encoding="utf-8-sig", newline="") as f:
        line = list(csv.reader(f))[1]
    assert line[7] == "'=HYPERLINK(\"http://x\")" and line[15] == "'-2+3"


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[int] = []
    result = export_rows(rows(1200), tmp_path / "log.csv", progress=seen.append)
    assert result.rows == 1200 and seen == [500, 1000, 1200]


@pytest.mark.parametrize("name", ["log.xlsx", "log.csv"])
def test_a_cancelled_export_leaves_no_file_and_keeps_an_earlier_one(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.write_bytes(b"an earlier export")
    seen: list[int] = []
    result = export_rows(rows(5000), target, progress=seen.append, cancelled=lambda: bool(seen))
    assert result.cancelled and result.rows == 500  # stopped at the next look, right after the first report
    assert target.read_bytes() == b"an earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_failure_midway_leaves_no_partial_file(tmp_path: Path) -> None:
    def broken() -> Iterator[ComplaintRow]:
        yield row(1)
        raise OSError("the disk is full")

    with pytest.raises(OSError):
        export_rows(broken(), tmp_path / "log.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_bad_requests_say_why(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        export_rows(rows(1), tmp_path / "log.pdf")
    assert info.value.code == "export-format" and "xlsx" in info.value.message
    with pytest.raises(UserError) as info:
        export_rows(rows(1), tmp_path / "log.xlsx", total=2_000_000)
    assert info.value.code == "export-too-large" and "CSV" in info.value.message
    assert list(tmp_path.iterdir()) == []
