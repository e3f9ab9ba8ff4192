"""The weekly opportunities report, the campaign report and the annual plan, printed, read back
and rendered for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from app import i18n
from app.i18n import _
from app.pipeline.campaign_pdf import annual_plan_pdf, campaign_report_pdf
from app.pipeline.records import WeeklyReport
from app.pipeline.report_pdf import weekly_report_pdf
from app.pipeline.weekly import week_of
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.pipeline_people import Team, pipeline_team
from tests.unit.printing.pdfcheck import glyphs, lines, page_count, plain, save_pages, visual, words_rtl


def _language(lang: str) -> None:
    i18n.set_language(lang)


@pytest.fixture(autouse=True)
def arabic() -> Iterator[None]:
    _language("ar")
    yield
    i18n.set_language("ar")


REASON = "أعاد المانح توجيه ميزانيته إلى التعليم"
EVALUATION = "تجاوزت الحملة هدفها في عدد المتبرعين الجدد وقلّت التبرعات عن المتوقع قليلاً"


def _text(path: Path) -> str:
    return "\n".join(visual(line) for page in range(page_count(path)) for line in lines(glyphs(path, page)))


def _reading(path: Path) -> str:
    """Every line read right to left, words in reading order."""
    return " ".join(" ".join(plain(w) for w in words_rtl(line))
                    for page in range(page_count(path)) for line in lines(glyphs(path, page)))


def _week(services: AppServices, admin: Actor) -> tuple[Team, WeeklyReport]:
    t = pipeline_team(services, admin, donors=4)
    ops = services.opportunities
    won = ops.add(t.officer, t.programme.number, [t.donors[0]], expected_halalas=120_000_000, probability=60,
                  next_action="زيارة المانح", next_action_on=date.today() + timedelta(days=3)).card.number
    lost = ops.add(t.officer, t.programme.number, [t.donors[1]], expected_halalas=5_000_000).card.number
    moving = ops.add(t.officer, t.programme.number, [t.donors[2]], expected_halalas=30_000_000,
                     probability=40, next_action="إرسال العرض",
                     next_action_on=date.today() - timedelta(days=2)).card.number
    ops.move(t.officer, won, "follow_up")
    ops.move(t.officer, won, "closed")
    ops.move(t.officer, won, "successful", received_halalas=110_000_000, received_on=date.today())
    ops.move(t.officer, lost, "cancelled", reason=REASON)
    ops.move(t.officer, moving, "follow_up")
    ops.log_contact(t.other, moving, t.donors[2], "call", "اتصال للتعريف بالبرنامج")
    return t, services.weekly_reports.build(t.manager, week_of(date.today()))


def test_the_weekly_report_in_arabic(services: AppServices, admin: Actor, tmp_path: Path,
                                     artifacts: Path) -> None:
    _t, report = _week(services, admin)
    assert report.won and report.lost and report.outside_contacts
    path = tmp_path / "weekly.pdf"
    path.write_bytes(weekly_report_pdf(services, report))
    save_pages(path, artifacts / "pipeline", "weekly-report-ar")
    reading = _reading(path)
    for words in ("Weekly opportunities report", "The pipeline by stage", "Open pipeline", "Moved this week",
                  "Won this week", "Lost this week", "Stale opportunities",
                  "Contacts outside the relationship owner", "Prepared by (relations officer)"):
        assert plain(_(words)) in reading, words
    assert plain(REASON) in reading
    # The amounts in Arabic-Indic digits with Arabic thousands separators: received 1,100,000.
    assert "١٬١٠٠٬٠٠٠" in _text(path)
    assert "١٬٢٠٠٬٠٠٠" in _text(path)


def test_the_weekly_report_in_english(services: AppServices, admin: Actor, tmp_path: Path,
                                      artifacts: Path) -> None:
    _t, report = _week(services, admin)
    i18n.set_language("en")
    path = tmp_path / "weekly-en.pdf"
    path.write_bytes(weekly_report_pdf(services, report))
    save_pages(path, artifacts / "pipeline", "weekly-report-en")
    text = _text(path)
    for words in ("Weekly opportunities report", "The pipeline by stage", "Weighted total", "Open pipeline",
                  "Moved this week (5)", "Won this week (1)", "Lost this week (1)", "1,100,000",
                  "Contacts outside the relationship owner (1)", report.week):
        assert words in text, words
    # The weighted total of the open stages: 300,000 × 40% = 120,000.
    assert "120,000" in text


def _campaign(services: AppServices, t: Team, tmp_path: Path) -> str:
    camps = services.campaigns
    c = camps.add(t.manager, "حملة كفالة اليتيم الرمضانية", year=2026, objective="مئتا كافل جديد",
                  segment="سكان أحياء الصفا والمروة والنعيم", cities=["جدة", "مكة المكرمة"],
                  channels=["sms", "social", "billboards"], planned_start=date(2026, 2, 1),
                  planned_end=date(2026, 3, 15), budget_halalas=8_000_000, agency="وكالة الأثر")
    for step in ("channels_chosen", "approved", "proposals_requested"):
        camps.move(t.manager, c.number, step)
    offer = tmp_path / "offer.pdf"
    offer.write_bytes(b"%PDF-1.4 offer")
    first = camps.add_proposal(t.manager, c.number, "وكالة الأثر", 7_500_000, date(2026, 1, 10), offer)
    camps.add_proposal(t.manager, c.number, "وكالة المدى", 8_900_000, date(2026, 1, 12))
    camps.choose_proposal(t.manager, first.id)
    for step in ("proposals_received", "programme_approved", "launched"):
        camps.move(t.manager, c.number, step)
    camps.record_results(t.manager, c.number, actual_cost_halalas=7_800_000, reach=120_000, responses=960,
                         donations_halalas=45_000_000, new_beneficiaries=210, evaluation=EVALUATION)
    camps.move(t.manager, c.number, "evaluated")
    return c.number


def test_the_campaign_report(services: AppServices, admin: Actor, tmp_path: Path, artifacts: Path) -> None:
    t = pipeline_team(services, admin)
    number = _campaign(services, t, tmp_path)
    info = services.campaigns.get(t.manager, number)
    path = tmp_path / "campaign.pdf"
    path.write_bytes(campaign_report_pdf(services, info))
    save_pages(path, artifacts / "pipeline", "campaign-report-ar")
    reading = _reading(path)
    for words in ("Marketing campaign report", "Budget and cost", "Agency proposals", "The procedure's steps",
                  "Results", "Evaluation against the objective"):
        assert plain(_(words)) in reading, words
    assert "حملة كفالة اليتيم الرمضانية" in reading and "وكالة المدى" in reading
    assert plain(EVALUATION) in reading
    text = _text(path)
    for figure in ("٨٠٬٠٠٠", "٧٨٬٠٠٠", "١٢٠٬٠٠٠", "٤٥٠٬٠٠٠", "٢١٠", "٨١٫٢٥"):  # cost per response 81.25
        assert figure in text, figure
    i18n.set_language("en")
    path_en = tmp_path / "campaign-en.pdf"
    path_en.write_bytes(campaign_report_pdf(services, info))
    save_pages(path_en, artifacts / "pipeline", "campaign-report-en")
    text = _text(path_en)
    for words in ("Marketing campaign report", "Budget and cost", "2,000 SAR under the budget",
                  "Cost per response", "81.25", "Evaluated"):
        assert words in text, words


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_annual_plan_is_a_landscape_table(services: AppServices, admin: Actor, tmp_path: Path,
                                              artifacts: Path, lang: str) -> None:
    t = pipeline_team(services, admin)
    _campaign(services, t, tmp_path)
    camps = services.campaigns
    for n, (name, month) in enumerate((("حملة الحقيبة المدرسية", 7), ("حملة سقيا الماء في الصيف", 5),
                                       ("حملة الشتاء الدافئ لكسوة الأسر", 11))):
        c = camps.add(t.manager, name, year=2026, segment="المانحون الأفراد في جدة ومكة والطائف",
                      channels=["website", "sms"], planned_start=date(2026, month, 1),
                      planned_end=date(2026, month, 20), budget_halalas=(n + 2) * 1_500_000,
                      agency="وكالة الإبداع الرقمي")
        if n == 2:
            camps.move(t.manager, c.number, "cancelled", reason="دمجت مع حملة رمضان")
    _language(lang)
    plan = camps.list(t.manager, 2026)
    path = tmp_path / f"plan-{lang}.pdf"
    path.write_bytes(annual_plan_pdf(services, 2026, plan))
    save_pages(path, artifacts / "pipeline", f"annual-plan-{lang}")
    pdf = pdfium.PdfDocument(str(path))
    try:
        width, height = pdf[0].get_size()
    finally:
        pdf.close()
    assert width > height  # landscape
    # Every glyph lies on the page, inside the side margins.
    for page in range(page_count(path)):
        for g in glyphs(path, page):
            assert g.left > 0 and g.right < width, g
    if lang == "ar":
        reading = _reading(path)
        for words in (_("Annual marketing plan {year}").format(year="").strip(), "حملة الحقيبة المدرسية",
                      _("Total"), _("Cancelled")):
            assert plain(words) in reading, words
        text = _text(path)
        assert "٢١٥٬٠٠٠" in text and "١٥٥٬٠٠٠" in text  # the budgets, with and without the cancelled one
    else:
        text = _text(path)
        for words in ("Annual marketing plan 2026", "Total (4 campaigns)", "Without the cancelled (3)",
                      "Cancelled", "Evaluated"):
            assert words in text, words
