"""The marketing campaigns area: the annual plan, a campaign made by keyboard, its procedure walked
step by step with the refusals, proposals with an attached file, results and the evaluation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from app.errors import PermissionDenied
from app.pipeline.records import CAMPAIGN_STATES, CampaignInfo
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.pipeline_people import Team, pipeline_team
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.campaigns import labels as campaign_labels
from ui.campaigns.campaign_dialog import CampaignDialog
from ui.campaigns.labels import WARNING_COLOUR
from ui.campaigns.page import CampaignsPage, Column

pytestmark = pytest.mark.usefixtures("drain")


@pytest.fixture
def team(services: AppServices, admin: Actor) -> Team:
    return pipeline_team(services, admin, donors=1)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    paths: list[Path] = []

    def record(path: Path) -> bool:
        paths.append(path)
        return True

    monkeypatch.setattr(campaign_labels, "open_document", record)
    return paths


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def header_text(table: QTableWidget, column: int) -> str:
    item = table.horizontalHeaderItem(column)
    assert item is not None
    return item.text()


def shot(qtbot: QtBot, widget: QWidget, path: Path) -> None:
    """A screenshot for a person to look at, once the layouts have caught up with the texts."""
    qtbot.wait(30)
    widget.grab().save(str(path))


def plain(text: str) -> str:
    for mark in "\u2066\u2067\u2068\u2069\u200e\u200f":
        text = text.replace(mark, "")
    return text


def make_page(qtbot: QtBot, services: AppServices, actor: Actor, year: int | None = None) -> CampaignsPage:
    page = CampaignsPage(services, actor)
    qtbot.addWidget(page)
    page.resize(1500, 560)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.show()
    if year is not None and year != page.year():
        with qtbot.waitSignal(page.loaded, timeout=5000):
            page.set_year(year)
    return page


def open_dialog(qtbot: QtBot, services: AppServices, actor: Actor,
                campaign: CampaignInfo | None) -> CampaignDialog:
    dialog = CampaignDialog(services, actor, campaign)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    return dialog


def step(qtbot: QtBot, dialog: CampaignDialog) -> CampaignInfo:
    """Press the next-step button and wait for the stored campaign."""
    with qtbot.waitSignal(dialog.changed, timeout=5000) as moved:
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    info = moved.args[0]
    assert isinstance(info, CampaignInfo)
    return info


def refused(qtbot: QtBot, dialog: CampaignDialog, button: QWidget) -> str:
    with qtbot.waitSignal(dialog.failed, timeout=5000) as failed:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return str(failed.args[0])


def test_a_campaign_made_by_keyboard_shows_in_the_plan(
        qtbot: QtBot, services: AppServices, team: Team, arabic_app: QApplication,
        artifacts: Path) -> None:
    page = make_page(qtbot, services, team.manager)
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert page.year() == date.today().year and page.campaigns == []
    assert page.totals_row() == -1
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, CampaignDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.programme_combo.count() > 1, timeout=5000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name_edit, timeout=3000)

    def tab_to(widget: QWidget) -> None:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget

    type_text(dialog.name_edit, "حملة رمضان للسلال الغذائية")
    tab_to(dialog.year_spin)
    tab_to(dialog.objective_edit)
    type_text(dialog.objective_edit, "جمع ٢٠٠ ألف ريال لسلال رمضان")
    tab_to(dialog.segment_edit)
    type_text(dialog.segment_edit, "سكان الأحياء المذكورة والمتبرعون")
    tab_to(dialog.cities_edit)
    type_text(dialog.cities_edit, "جدة، مكة المكرمة، الطائف")
    tab_to(dialog.neighbourhoods_edit)
    type_text(dialog.neighbourhoods_edit, "الصفا، العزيزية، الشهداء")
    checks = dialog._channel_checks
    assert list(checks) == ["website", "sms", "brochures", "billboards", "social"]
    tab_to(checks["website"])
    tab_to(checks["sms"])
    qtbot.keyClick(checks["sms"], Qt.Key.Key_Space)
    tab_to(checks["brochures"])
    tab_to(checks["billboards"])
    tab_to(checks["social"])
    qtbot.keyClick(checks["social"], Qt.Key.Key_Space)
    tab_to(dialog.budget_edit)
    type_text(dialog.budget_edit, "٣٠٠٠٠")
    assert dialog.starts_hijri.text().endswith("هـ")  # the Hijri day beside the planned start
    shot(qtbot, dialog, artifacts / "campaigns_new_dialog_ar.png")
    with qtbot.waitSignal(dialog.changed, timeout=5000) as saved:
        qtbot.keyClick(dialog.budget_edit, Qt.Key.Key_Return)  # the default button: add to the plan
    made = saved.args[0]
    assert isinstance(made, CampaignInfo)
    assert (made.name, made.year, made.state) == ("حملة رمضان للسلال الغذائية", date.today().year, "planned")
    assert made.channels == ("sms", "social") and made.budget_halalas == 3_000_000
    assert made.cities == ("جدة", "مكة المكرمة", "الطائف")
    assert made.neighbourhoods == ("الصفا", "العزيزية", "الشهداء")
    assert dialog.isVisible() and dialog.campaign == made  # it stays open on the campaign's procedure
    assert dialog.next_button.isVisible()

    qtbot.waitUntil(lambda: [c.number for c in page.campaigns] == [made.number], timeout=5000)
    assert page.current() == made
    assert plain(cell(page.table, 0, Column.BUDGET).text()) == "٣٠٬٠٠٠ ريال"
    assert cell(page.table, 0, Column.CHANNELS).text() == "الرسائل النصية، وسائل التواصل الاجتماعي"
    assert cell(page.table, 0, Column.STATE).text() == "مخطط"
    total = page.totals_row()
    assert total == 1 and cell(page.table, total, Column.NAME).text() == "الإجمالي"
    assert plain(cell(page.table, total, Column.BUDGET).text()) == "٣٠٬٠٠٠ ريال"
    dialog.reject()
    shot(qtbot, page, artifacts / "campaigns_plan_one_ar.png")


def test_the_procedure_step_by_step_with_its_refusals(
        qtbot: QtBot, services: AppServices, team: Team, arabic_app: QApplication,
        artifacts: Path, tmp_path: Path, opened: list[Path]) -> None:
    manager = team.manager
    made = services.campaigns.add(
        manager, "حملة الشتاء الدافئ", year=2026, objective="توزيع ٥٠٠ حقيبة شتوية وجمع ٤٠ ألف ريال",
        segment="سكان أحياء جنوب جدة", cities=["جدة"], neighbourhoods=["الصفا", "الربوة"],
        planned_start=date(2026, 11, 1), planned_end=date(2026, 12, 15), budget_halalas=5_000_000)
    dialog = open_dialog(qtbot, services, manager, made)
    dialog.resize(1240, 760)
    assert dialog.next_button.text() == "الخطوة التالية: اختيرت القنوات"
    assert dialog.new_proposal_box.isEnabled() is False
    assert dialog.save_results_button.isEnabled() is False

    # No channel yet: the step is refused with the sentence, shown beside the channels too.
    message = refused(qtbot, dialog, dialog.next_button)
    assert message == "اختر قنوات الحملة أولًا."
    assert dialog.procedure_error.text() == message and dialog.error_text("channels") == message
    assert dialog.tabs.currentIndex() == dialog.DETAILS_TAB
    assert services.campaigns.get(manager, made.number).state == "planned"

    dialog._channel_checks["billboards"].setChecked(True)
    dialog._channel_checks["website"].setChecked(True)
    with qtbot.waitSignal(dialog.changed, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    for expected in ("channels_chosen", "approved", "proposals_requested"):
        assert step(qtbot, dialog).state == expected
    assert "سعد الدوسري" in dialog.step_details[1].text()  # who chose the channels, and when
    assert dialog.new_proposal_box.isEnabled()

    message = refused(qtbot, dialog, dialog.next_button)
    assert message == "سجّل عرضًا واحدًا على الأقل من الوكالات أولًا."
    assert dialog.tabs.currentIndex() == dialog.PROPOSALS_TAB
    assert services.campaigns.get(manager, made.number).state == "proposals_requested"

    offer = tmp_path / "عرض-وكالة-الإبداع.pdf"
    offer.write_bytes(b"%PDF-1.4 the agency's proposal")
    dialog.choose_file = lambda: offer
    type_text(dialog.proposal_agency_edit, "وكالة الإبداع للتسويق")
    type_text(dialog.proposal_cost_edit, "٤٨٠٠٠")
    qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
    assert plain(dialog.attachment_label.text()) == offer.name
    with qtbot.waitSignal(dialog.changed, timeout=5000):
        qtbot.mouseClick(dialog.add_proposal_button, Qt.MouseButton.LeftButton)
    type_text(dialog.proposal_agency_edit, "وكالة الأفق")
    type_text(dialog.proposal_cost_edit, "٥٥٬٠٠٠")
    with qtbot.waitSignal(dialog.changed, timeout=5000) as added:
        qtbot.mouseClick(dialog.add_proposal_button, Qt.MouseButton.LeftButton)
    proposals = added.args[0].proposals
    assert [(p.agency, p.cost_halalas, p.file_name) for p in proposals] == [
        ("وكالة الإبداع للتسويق", 4_800_000, offer.name), ("وكالة الأفق", 5_500_000, "")]
    assert dialog.proposals_table.rowCount() == 2
    dialog.proposals_table.setFocus()
    from ui.common.widgets import select_row

    select_row(dialog.proposals_table, 0)
    with qtbot.waitSignal(dialog.changed, timeout=5000) as chosen:
        qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert chosen.args[0].agency == "وكالة الإبداع للتسويق"
    assert [p.chosen for p in chosen.args[0].proposals] == [True, False]
    assert dialog.agency_edit.text() == "وكالة الإبداع للتسويق"
    select_row(dialog.proposals_table, 0)
    qtbot.mouseClick(dialog.open_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=5000)
    assert opened[0].name == offer.name and opened[0].read_bytes() == offer.read_bytes()
    shot(qtbot, dialog, artifacts / "campaigns_proposals_ar.png")

    for expected in ("proposals_received", "programme_approved", "launched"):
        assert step(qtbot, dialog).state == expected
    assert dialog.save_results_button.isEnabled()

    message = refused(qtbot, dialog, dialog.next_button)
    assert message == "اكتب تقييم الحملة مقارنةً بهدفها أولًا."
    assert dialog.tabs.currentIndex() == dialog.RESULTS_TAB and dialog.error_text("evaluation") == message

    type_text(dialog.actual_edit, "٥٢٠٠٠")
    assert "تجاوز" in dialog.actual_vs_budget.text()  # over the budget of 50,000
    type_text(dialog.reach_edit, "١٢٠٠٠٠")
    type_text(dialog.responses_edit, "٩٠٠")
    type_text(dialog.donations_edit, "٦٥٠٠٠")
    type_text(dialog.beneficiaries_edit, "٤٢")
    type_text(dialog.evaluation_edit, "تجاوزت الحملة هدفها: وُزعت ٥٢٠ حقيبة وجُمع ٦٥ ألف ريال.")
    with qtbot.waitSignal(dialog.changed, timeout=5000) as recorded:
        qtbot.mouseClick(dialog.save_results_button, Qt.MouseButton.LeftButton)
    r = recorded.args[0]
    assert (r.actual_cost_halalas, r.reach, r.responses, r.donations_halalas, r.new_beneficiaries) == (
        5_200_000, 120_000, 900, 6_500_000, 42)
    assert plain(dialog.reach_edit.text()) == "١٢٠٬٠٠٠"

    done = step(qtbot, dialog)
    assert done.state == "evaluated"
    assert [s.to_state for s in done.steps] == list(CAMPAIGN_STATES)
    assert not dialog.next_button.isVisible() and not dialog.cancel_campaign_button.isVisible()
    assert dialog.procedure_note.text() == "اكتملت الإجراءات."
    assert not dialog.save_button.isEnabled()  # an evaluated campaign's plan is kept as it was
    shot(qtbot, dialog, artifacts / "campaigns_dialog_results_ar.png")
    dialog.tabs.setCurrentIndex(dialog.DETAILS_TAB)
    shot(qtbot, dialog, artifacts / "campaigns_dialog_ar.png")

    apply_language(arabic_app, "en")
    qtbot.wait(50)
    assert dialog.procedure_note.text() == "The procedure is complete."
    assert dialog.step_names[0].text() == "Planned"
    shot(qtbot, dialog, artifacts / "campaigns_dialog_en.png")


def test_cancelling_needs_a_reason(
        qtbot: QtBot, services: AppServices, team: Team, arabic_app: QApplication,
        artifacts: Path) -> None:
    made = services.campaigns.add(team.manager, "حملة المطويات في المجمعات", year=2026,
                                  channels=["brochures"], budget_halalas=800_000)
    dialog = open_dialog(qtbot, services, team.manager, made)
    dialog.ask_reason = lambda: None  # the question was dismissed: nothing happens
    qtbot.mouseClick(dialog.cancel_campaign_button, Qt.MouseButton.LeftButton)
    dialog.ask_reason = lambda: "  "
    message = refused(qtbot, dialog, dialog.cancel_campaign_button)
    assert message == "اكتب سبب إلغاء الحملة."
    assert services.campaigns.get(team.manager, made.number).state == "planned"
    dialog.ask_reason = lambda: "أُجّلت إلى العام القادم لعدم توفر الميزانية"
    with qtbot.waitSignal(dialog.changed, timeout=5000) as cancelled:
        qtbot.mouseClick(dialog.cancel_campaign_button, Qt.MouseButton.LeftButton)
    assert cancelled.args[0].state == "cancelled"
    assert cancelled.args[0].cancel_reason == "أُجّلت إلى العام القادم لعدم توفر الميزانية"
    assert dialog.step_names[-1].isVisible() and "سعد الدوسري" in dialog.step_details[-1].text()
    assert "لعدم توفر الميزانية" in dialog.procedure_note.text()
    assert not dialog.next_button.isVisible() and not dialog.save_button.isEnabled()
    shot(qtbot, dialog, artifacts / "campaigns_cancelled_ar.png")


def plan_year(services: AppServices, manager: Actor) -> list[CampaignInfo]:
    camps = services.campaigns
    a = camps.add(manager, "حملة رمضان للسلال الغذائية", year=2027, segment="سكان أحياء جدة ومكة والطائف",
                  cities="جدة، مكة المكرمة، الطائف".replace("،", ","), channels=["sms", "social"],
                  planned_start=date(2027, 2, 1), planned_end=date(2027, 3, 8), budget_halalas=3_000_000,
                  agency="وكالة الإبداع")
    b = camps.add(manager, "حملة العودة إلى المدارس", year=2027, segment="الأسر المستفيدة والمتبرعون",
                  channels=["website", "billboards"], planned_start=date(2027, 8, 1),
                  planned_end=date(2027, 8, 31), budget_halalas=2_000_000, agency="وكالة الأفق")
    c = camps.add(manager, "حملة اللوحات الإعلانية على الطرق", year=2027, channels=["billboards"],
                  planned_start=date(2027, 10, 1), budget_halalas=1_000_000)
    camps.record_results(manager, a.number, actual_cost_halalas=2_800_000)
    camps.record_results(manager, b.number, actual_cost_halalas=2_500_000)
    camps.move(manager, a.number, "channels_chosen")
    camps.move(manager, c.number, "cancelled", reason="أُلغيت لارتفاع التكلفة")
    return [a, b, c]


def test_the_plan_totals_and_over_budget(
        qtbot: QtBot, services: AppServices, team: Team, arabic_app: QApplication,
        artifacts: Path) -> None:
    a, b, c = plan_year(services, team.manager)
    page = make_page(qtbot, services, team.manager, year=2027)
    assert [x.number for x in page.campaigns] == [a.number, b.number, c.number]  # by planned start
    # Totals: the campaigns not cancelled (30,000 + 20,000 budgeted; 28,000 + 25,000 spent).
    assert page.totals() == (5_000_000, 5_300_000)
    total = page.totals_row()
    assert total == 3
    assert plain(cell(page.table, total, Column.BUDGET).text()) == "٥٠٬٠٠٠ ريال"
    assert plain(cell(page.table, total, Column.ACTUAL).text()) == "٥٣٬٠٠٠ ريال"
    assert cell(page.table, total, Column.ACTUAL).foreground().color().name() == WARNING_COLOUR
    assert not cell(page.table, total, Column.NAME).flags() & Qt.ItemFlag.ItemIsSelectable
    # The second campaign spent more than its budget: its actual cost in the warning colour.
    assert cell(page.table, 1, Column.ACTUAL).foreground().color().name() == WARNING_COLOUR
    assert cell(page.table, 0, Column.ACTUAL).foreground().color().name() != WARNING_COLOUR
    assert "٥٬٠٠٠" in cell(page.table, 1, Column.ACTUAL).toolTip()
    assert cell(page.table, 0, Column.STATE).text() == "اختيرت القنوات"
    assert cell(page.table, 2, Column.STATE).text() == "ملغاة"
    assert "١٤٤٨" in cell(page.table, 0, Column.DATES).text()  # Hijri beside Gregorian
    assert page.count_label.text().startswith("٣ ")
    shot(qtbot, page, artifacts / "campaigns_plan_ar.png")

    apply_language(arabic_app, "en")
    qtbot.wait(50)
    assert header_text(page.table, Column.BUDGET) == "Estimated budget"
    assert cell(page.table, 0, Column.CHANNELS).text() == "SMS, Social media"
    assert cell(page.table, total, Column.NAME).text() == "Total"
    shot(qtbot, page, artifacts / "campaigns_plan_en.png")
    apply_language(arabic_app, "ar")

    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.set_year(2026)
    assert page.campaigns == [] and page.totals_row() == -1 and page.table.rowCount() == 0


def test_a_relations_officer_may_not_plan_campaigns(
        qtbot: QtBot, services: AppServices, team: Team, arabic_app: QApplication) -> None:
    with pytest.raises(PermissionDenied):
        services.campaigns.list(team.officer, 2026)
    with pytest.raises(PermissionDenied):
        services.campaigns.add(team.officer, "حملة")
    page = make_page(qtbot, services, team.officer)
    assert page.message.isVisible() and page.message.text()
    assert not page.new_button.isEnabled() and not page.open_button.isEnabled()
    page.new_campaign()
    assert page.dialog is None


def test_the_plan_and_a_campaign_report_print(
        qtbot: QtBot, services: AppServices, team: Team, arabic_app: QApplication,
        artifacts: Path, tmp_path: Path, opened: list[Path]) -> None:
    pytest.importorskip("app.pipeline.campaign_pdf")
    plan_year(services, team.manager)
    page = make_page(qtbot, services, team.manager, year=2027)
    assert page.print_plan_button.isEnabled() and page.print_report_button.isEnabled()
    page.choose_path = lambda name: tmp_path / name
    with qtbot.waitSignal(page.printed, timeout=20000) as printed:
        qtbot.mouseClick(page.print_plan_button, Qt.MouseButton.LeftButton)
    plan = printed.args[0]
    assert plan == tmp_path / "campaign-plan-2027.pdf" and plan.read_bytes().startswith(b"%PDF")
    with qtbot.waitSignal(page.printed, timeout=20000) as printed:
        qtbot.mouseClick(page.print_report_button, Qt.MouseButton.LeftButton)
    report = printed.args[0]
    assert report.read_bytes().startswith(b"%PDF") and report.name.startswith("campaign-CM-")
    assert opened == [plan, report]
    pdfium = pytest.importorskip("pypdfium2")
    for path, name in ((plan, "campaigns_plan_pdf_ar.png"), (report, "campaigns_report_pdf_ar.png")):
        document = pdfium.PdfDocument(str(path))
        try:
            document[0].render(scale=1.5).to_pil().save(artifacts / name)
        finally:
            document.close()
