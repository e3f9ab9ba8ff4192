"""The results report (assembled, printed, read back and rendered) and the raw-data Excel export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app import i18n
from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.export import export_responses
from app.surveys.records import SurveyQuery
from app.surveys.report import build_results_report
from app.surveys.report_pdf import number_text, results_report_pdf, write_results_report
from tests.surveys_people import SurveyDesk, survey_desk
from tests.unit.printing.pdfcheck import glyphs, lines, page_count, plain, save_pages, visual, words_rtl

ANSWERS = [
    "5,4,4,3,5,5,4,4,3,5,2",
    "4,4,4,4,4,4,4,4,4,4,4",
    "3,0,2,3,4,5,1,2,3,4,5",
]
SUGGESTION = "نأمل زيادة عدد الورش في الفترة المسائية"
ACTION = "إرسال تذكير بموعد الفعالية قبلها بيوم"


def _keyed(services: AppServices, admin: Actor) -> SurveyDesk:
    d = survey_desk(services, admin, copies=4)
    entry = services.survey_entry
    number = d.programme.number
    entry.add(d.quality, number, "1", ANSWERS[0], age_group="26-35", first_time="yes",
              extra={"suggestions": SUGGESTION, "name": "سارة", "neighbourhood": "الصفا"})
    entry.add(d.quality, number, "2", ANSWERS[1], age_group="36-50", first_time="no", note="كلها أربعة")
    entry.add(d.quality, number, "3", ANSWERS[2], age_group="26-35")
    entry.add(d.quality, number, "1", ANSWERS[0], age_group="26-35", first_time="yes", pass_no=2)
    services.survey_actions.add(d.quality, ACTION, "quality", date.today() - timedelta(days=2),
                                programme=number, item_id="q7")
    return d


def _text(path: Path) -> str:
    return "\n".join(visual(line) for page in range(page_count(path)) for line in lines(glyphs(path, page)))


def _reading(path: Path) -> str:
    return " ".join(" ".join(plain(w) for w in words_rtl(line))
                    for page in range(page_count(path)) for line in lines(glyphs(path, page)))


def test_the_report_gathers_everything(services: AppServices, admin: Actor) -> None:
    d = _keyed(services, admin)
    report = build_results_report(services, d.quality, SurveyQuery(programmes=(d.programme.number,)))
    assert report.summary.responses == 3
    assert [p.number for p in report.programmes] == [d.programme.number]
    assert "programme" not in report.breakdowns  # one programme: nothing to break down by
    assert {g.key for g in report.breakdowns["age_group"]} == {"26-35", "36-50"}
    assert [s.text for s in report.suggestions] == [SUGGESTION]
    assert [a.description for a in report.actions] == [ACTION] and report.actions[0].overdue
    assert report.verification is not None and report.verification.forms == 1
    assert report.donors is None and report.complaints is None
    everything = build_results_report(services, d.quality, SurveyQuery())
    assert "programme" in everything.breakdowns


def test_the_english_report_shows_the_index_and_the_means(
    services: AppServices, admin: Actor, tmp_path: Path, artifacts: Path
) -> None:
    d = _keyed(services, admin)
    i18n.set_language("en")
    report = build_results_report(services, d.quality, SurveyQuery(programmes=(d.programme.number,)))
    path = tmp_path / "report-en.pdf"
    write_results_report(services, report, path)
    save_pages(path, artifacts / "surveys", "survey-report-en")
    text = _text(path)
    for heading in ("Overall satisfaction", "Results by item", "Mean of each item (1 to 5)", "Action items",
                    "Suggestions collected", "Keying check (second keying of a sample)"):
        assert heading in text
    summary = report.summary
    assert number_text(summary.index, "latin", 1) in text
    assert summary.items[0].mean == pytest.approx(4.0)
    assert "4.00" in text  # item 1's mean
    assert "3.00" in text  # item 7's mean: 4, 4 and 1
    assert "overdue" in text
    assert ACTION[:10] in _reading(path)


def test_the_arabic_report_renders(
    services: AppServices, admin: Actor, tmp_path: Path, artifacts: Path
) -> None:
    d = _keyed(services, admin)
    report = build_results_report(services, d.quality, SurveyQuery(programmes=(d.programme.number,)))
    path = tmp_path / "report-ar.pdf"
    path.write_bytes(results_report_pdf(services, report))
    saved = save_pages(path, artifacts / "surveys", "survey-report-ar")
    assert saved and all(p.stat().st_size > 10_000 for p in saved)
    reading = _reading(path)
    first = report.summary.items[0]
    assert " ".join(plain(first.ar).split()) in reading
    assert number_text(first.mean, "arabic") in _text(path)  # ٤٫٠٠
    assert SUGGESTION in reading


def test_an_empty_report_does_not_crash(
    services: AppServices, admin: Actor, tmp_path: Path, artifacts: Path
) -> None:
    d = survey_desk(services, admin, copies=1)
    for lang in ("ar", "en"):
        i18n.set_language(lang)
        report = build_results_report(services, d.quality, SurveyQuery(programmes=(d.programme.number,)))
        assert report.summary.responses == 0
        path = tmp_path / f"empty-{lang}.pdf"
        write_results_report(services, report, path)
        assert page_count(path) >= 1
    save_pages(path, artifacts / "surveys", "survey-report-empty-en")
    assert _("No responses have been keyed for this selection yet.") in _text(path)


def test_the_export_writes_one_row_per_response(services: AppServices, admin: Actor, tmp_path: Path) -> None:
    d = _keyed(services, admin)
    path = tmp_path / "responses.xlsx"
    assert export_responses(services, d.quality, (d.programme.number,), path) == 3
    book = load_workbook(path, read_only=True)
    sheet = book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    book.close()
    header = rows[0]
    assert header[0] == _("Form number")
    item1 = d.printed.template.likert[0]
    assert f"1. {item1.ar}" in header
    assert len(rows) == 4
    first = dict(zip(header, rows[1], strict=True))
    assert first[_("Form number")] == d.printed.numbers[0]
    assert first[_("Programme")] == d.programme.name
    assert first[f"1. {item1.ar}"] == 5
    assert first["الاسم"] == "سارة"
    assert first["الاقتراحات للبرامج / الفعاليات القادمة"] == SUGGESTION
    assert first[_("Age group")] == "26-35"
    assert first[_("First time")] == _("Yes")
    third = dict(zip(header, rows[3], strict=True))
    assert third[f"2. {d.printed.template.likert[1].ar}"] is None  # unanswered
    assert third[_("First time")] in (None, "")
    with pytest.raises(UserError):
        export_responses(services, d.quality, (d.programme.number,), tmp_path / "x.csv")
