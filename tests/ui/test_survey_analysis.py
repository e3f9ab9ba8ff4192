"""The survey analysis screen over keyed forms on a real SQLite file: the per-item means, the
weakest items, a breakdown, a comparison of two programmes, suggestions, and action items made
from a weak item by keyboard (a refused one saves nothing). Screenshots in Arabic and English."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.records import ProgrammeInfo, SurveyQuery
from tests.surveys_people import SurveyDesk, survey_desk
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.common.widgets import select_row
from ui.surveys.action_dialog import DoneDialog
from ui.surveys.analysis_model import COL_MEAN, COL_NUMBER, COL_TEXT, NUMBER_ROLE
from ui.surveys.analysis_panel import SurveyAnalysisPanel
from ui.surveys.analysis_texts import WARNING, WARNING_SOFT, mean_text

pytestmark = pytest.mark.usefixtures("arabic_app", "drain")

# Eleven items per form; 0 = unanswered. Item 9 (how programmes are announced) is the weak one.
FORMS = [
    ("5,5,4,4,5,5,4,4,2,5,4", "yes", "أتمنى أن يكون الإعلان عن البرامج مبكرًا"),
    ("4,4,4,5,5,4,4,3,1,4,4", "no", ""),
    ("5,4,5,4,4,5,5,4,2,5,3", "yes", "نرجو زيادة عدد المقاعد"),
    ("4,5,4,4,5,4,4,3,0,4,4", "no", ""),
    ("5,5,5,4,4,5,4,4,1,5,5", "yes", ""),
    ("3,4,4,4,4,4,3,3,2,3,4", "no", ""),
    ("5,5,4,5,5,5,4,4,3,4,4", "yes", ""),
]
OTHER = ["4,4,4,4,4,4,4,4,4,4,4", "5,4,4,4,5,4,4,5,4,4,5", "4,5,4,4,4,4,5,4,4,4,4"]


def means(rows: list[str]) -> list[float | None]:
    columns = list(zip(*([int(v) for v in r.split(",")] for r in rows), strict=True))
    out: list[float | None] = []
    for column in columns:
        given = [v for v in column if v]
        out.append(sum(given) / len(given) if given else None)
    return out


@dataclass(frozen=True)
class Keyed:
    desk: SurveyDesk
    other: ProgrammeInfo

    @property
    def quality(self) -> Actor:
        return self.desk.quality


@pytest.fixture
def keyed(services: AppServices, admin: Actor) -> Keyed:
    d = survey_desk(services, admin, copies=len(FORMS))
    for n, (answers, first, suggestion) in enumerate(FORMS, 1):
        services.survey_entry.add(d.quality, d.programme.number, str(n), answers, age_group="26-35",
                                  first_time=first, extra={"suggestions": suggestion} if suggestion else None)
    other = services.programmes.add(d.quality, "دورة الحاسب الآلي للأمهات", centre="HQ", city="جدة")
    run = services.survey_forms.reserve(d.quality, other.number, "beneficiary", len(OTHER))
    for number, answers in zip(run.numbers, OTHER, strict=True):
        services.survey_entry.add(d.quality, other.number, number, answers, age_group="36-50",
                                  first_time="no")
    return Keyed(d, other)


@pytest.fixture
def english(arabic_app: QApplication) -> Iterator[None]:
    apply_language(arabic_app, "en")
    yield
    apply_language(arabic_app, "ar")


def open_panel(qtbot: QtBot, services: AppServices, actor: Actor, numbers: tuple[str, ...]
               ) -> SurveyAnalysisPanel:
    panel = SurveyAnalysisPanel(services, actor)
    qtbot.addWidget(panel)
    panel.resize(1500, 900)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_programmes(numbers)
    wait_idle(qtbot, panel)
    return panel


def wait_idle(qtbot: QtBot, panel: SurveyAnalysisPanel) -> None:
    qtbot.waitUntil(lambda: not panel.busy and panel.summary is not None, timeout=10_000)


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def table_means(panel: SurveyAnalysisPanel) -> dict[int, str]:
    proxy = panel.item_proxy
    return {int(proxy.index(r, 0).data(NUMBER_ROLE)): str(proxy.index(r, COL_MEAN).data())
            for r in range(proxy.rowCount())}


def test_the_items_show_the_means_and_the_weakest(qtbot: QtBot, services: AppServices, keyed: Keyed,
                                                  artifacts: Path) -> None:
    panel = open_panel(qtbot, services, keyed.quality, (keyed.desk.programme.number,))
    summary = panel.summary
    assert summary is not None and summary.responses == len(FORMS)
    expected = means([a for a, _f, _s in FORMS])
    assert table_means(panel) == {n: mean_text(m) for n, m in enumerate(expected, 1)}
    for item, mean in zip(summary.items, expected, strict=True):
        assert item.mean == pytest.approx(mean)
    assert summary.items[8].unanswered == 1
    # The weakest: item 9 first, highlighted in the table and the chart.
    ranked = sorted((m, n) for n, m in enumerate(expected, 1) if m is not None)
    assert summary.weakest == tuple(n for _m, n in ranked[:3]) and summary.weakest[0] == 9
    proxy = panel.item_proxy
    row = [int(proxy.index(r, 0).data(NUMBER_ROLE)) for r in range(proxy.rowCount())].index(9)
    assert "▼" in str(proxy.index(row, COL_NUMBER).data())
    assert proxy.index(row, COL_TEXT).data(Qt.ItemDataRole.BackgroundRole).color().name() == WARNING_SOFT
    assert proxy.index(row, COL_TEXT).data(Qt.ItemDataRole.ForegroundRole).color().name() == WARNING
    plain = [int(proxy.index(r, 0).data(NUMBER_ROLE)) for r in range(proxy.rowCount())
             if proxy.index(r, COL_TEXT).data(Qt.ItemDataRole.BackgroundRole) is None]
    assert 9 not in plain and len(plain) == 11 - 3
    # The weakest item is selected at first: its distribution is charted.
    assert panel.distribution_chart.counts() == summary.items[8].distribution == (2, 3, 1, 0, 0)
    # Sorting by mean puts the weakest first.
    panel.item_table.sortByColumn(COL_MEAN, Qt.SortOrder.AscendingOrder)
    assert panel.item_numbers()[0] == 9
    # The chart's bars grow from the right, in proportion to the mean on 1–5.
    rows = panel.mean_chart.geometry_of_rows()
    assert len(rows) == 11
    origin, top = panel.mean_chart.x_of(1), panel.mean_chart.x_of(5)
    assert top < origin  # right to left
    for g, mean in zip(rows, expected, strict=True):
        assert mean is not None
        assert g.bar.right() == pytest.approx(origin, abs=0.5)
        assert g.label.left() > g.bar.right() - 0.5
        assert g.bar.width() == pytest.approx(max((origin - top) * (mean - 1) / 4, 2.0), abs=0.6)
    # The headline figures, and the suggestions for reading.
    assert panel.headline["responses"].text() == "٧"
    assert panel.suggestions_table.rowCount() == 2
    texts = {cell(panel.suggestions_table, r, 2).text() for r in range(2)}
    assert texts == {"أتمنى أن يكون الإعلان عن البرامج مبكرًا", "نرجو زيادة عدد المقاعد"}
    assert cell(panel.suggestions_table, 0, 0).text().startswith("SF-TST-")
    panel.item_table.sortByColumn(COL_NUMBER, Qt.SortOrder.AscendingOrder)
    panel.item_table.scrollToTop()
    panel.grab().save(str(artifacts / "survey-analysis-items-ar.png"))
    panel.show_tab("charts")
    panel.grab().save(str(artifacts / "survey-analysis-charts-ar.png"))
    panel.show_tab("suggestions")
    panel.grab().save(str(artifacts / "survey-analysis-suggestions-ar.png"))


def test_breakdown_by_first_time_and_a_comparison(qtbot: QtBot, services: AppServices,
                                                  keyed: Keyed, artifacts: Path) -> None:
    panel = open_panel(qtbot, services, keyed.quality, (keyed.desk.programme.number,))
    panel.show_tab("breakdowns")
    panel.by_combo.setCurrentIndex(panel.by_combo.findData("first_time"))
    qtbot.waitUntil(lambda: not panel.busy and panel.breakdown_table.rowCount() == 2, timeout=10_000)
    groups = {g.key: g.summary.responses for g in panel.groups}
    assert groups == {"True": 4, "False": 3}
    labels = {cell(panel.breakdown_table, r, 0).text() for r in range(2)}
    assert labels == {"المرة الأولى", "مستفيد سابق"}
    panel.grab().save(str(artifacts / "survey-analysis-breakdown-ar.png"))

    # Two programmes side by side: item 9 rose from the first programme's mean to 4.
    panel.show_tab("comparison")
    qtbot.waitUntil(lambda: panel.compare_a.count() == 2, timeout=10_000)
    panel.compare_programmes(keyed.desk.programme.number, keyed.other.number)
    qtbot.waitUntil(lambda: not panel.busy and panel.comparison is not None, timeout=10_000)
    comparison = panel.comparison
    assert comparison is not None
    before = means([a for a, _f, _s in FORMS])[8]
    assert before is not None
    assert comparison.change(9) == pytest.approx(4.0 - before)
    table = panel.compare_table
    row = [cell(table, r, 0).data(Qt.ItemDataRole.UserRole) for r in range(table.rowCount())].index(9)
    assert cell(table, row, 4).text().startswith("▲")
    assert cell(table, row, 4).data(Qt.ItemDataRole.UserRole) == pytest.approx(4.0 - before)
    assert cell(table, row, 3).text() == mean_text(4.0)
    panel.grab().save(str(artifacts / "survey-analysis-comparison-ar.png"))


def test_a_new_action_from_the_weak_item_by_keyboard(qtbot: QtBot, services: AppServices,
                                                      keyed: Keyed, artifacts: Path) -> None:
    panel = open_panel(qtbot, services, keyed.quality, (keyed.desk.programme.number,))
    assert panel.new_action_button.isEnabled()
    dialog = panel.action_dialog()  # about the selected item: the weakest, 9
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.item_combo.currentData() == "q9"
    assert dialog.programme_combo.currentData() == keyed.desk.programme.number
    assert dialog.owner_combo.currentData() == "quality"  # the officer, by default

    # An empty description is refused beside its field, and nothing is saved.
    QTest.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(dialog.error_text("description")), timeout=10_000)
    assert dialog.error_text("description") == "اكتب وصف الإجراء المطلوب."
    assert services.survey_actions.list(keyed.quality) == []
    dialog.grab().save(str(artifacts / "survey-action-refused-ar.png"))

    # Typed, the owner chosen by keyboard, saved with Ctrl+Enter.
    dialog.description_edit.setFocus()
    type_text(dialog.description_edit, "الإعلان عن البرامج عبر رسائل الجوال قبل أسبوعين")
    QTest.keyClick(dialog.description_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.owner_combo
    dialog.owner_combo.setCurrentIndex(0)
    index = dialog.owner_combo.findData("admin")
    for _ in range(index):
        QTest.keyClick(dialog.owner_combo, Qt.Key.Key_Down)
    assert dialog.owner_combo.currentData() == "admin"
    dialog.grab().save(str(artifacts / "survey-action-dialog-ar.png"))
    with qtbot.waitSignal(panel.actions_loaded, timeout=10_000):
        QTest.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = services.survey_actions.list(keyed.quality)
    assert len(saved) == 1
    action = saved[0]
    assert (action.item_id, action.owner, action.programme_number) == (
        "q9", "admin", keyed.desk.programme.number)
    assert panel.actions_table.rowCount() == 1
    assert cell(panel.actions_table, 0, 1).text() == "الإعلان عن البرامج عبر رسائل الجوال قبل أسبوعين"
    assert cell(panel.actions_table, 0, 0).text().startswith("أعتقد بأن طريقة الإعلان")

    # Marked done with a note.
    panel.show_tab("actions")
    select_row(panel.actions_table, 0)
    assert panel.done_button.isEnabled()
    done = DoneDialog(services, keyed.quality, action, panel)
    qtbot.addWidget(done)
    done.saved.connect(lambda _info: panel.refresh_actions())
    type_text(done.note_edit, "أُرسلت الرسائل")
    with qtbot.waitSignal(panel.actions_loaded, timeout=10_000):
        done.finish("done")
    assert services.survey_actions.list(keyed.quality)[0].status == "done"
    assert "أُرسلت الرسائل" in cell(panel.actions_table, 0, 5).text()
    panel.grab().save(str(artifacts / "survey-analysis-actions-ar.png"))


def test_a_reader_without_the_analyse_permission_cannot_add_actions(
        qtbot: QtBot, services: AppServices, keyed: Keyed, admin: Actor) -> None:
    services.users.add(admin, "secretary", "council_secretary", "secretary-pass-1", "سعاد")
    reader = services.users.login("secretary", "secretary-pass-1")
    panel = open_panel(qtbot, services, reader, ())
    assert panel.summary is not None and panel.summary.responses == len(FORMS) + len(OTHER)
    assert not panel.new_action_button.isEnabled() and not panel.add_action_button.isEnabled()


def test_quick_filter_changes_keep_the_newest_result(qtbot: QtBot, services: AppServices,
                                                     keyed: Keyed) -> None:
    panel = open_panel(qtbot, services, keyed.quality, ())
    assert panel.summary is not None and panel.summary.responses == 10
    panel.show_programmes((keyed.desk.programme.number,))
    panel.show_programmes((keyed.other.number,))
    wait_idle(qtbot, panel)
    assert panel.summary.responses == len(OTHER)
    assert panel.query == SurveyQuery(programmes=(keyed.other.number,))
    # The complaint handling rating: one item, no programmes.
    panel.filters.choose_survey("complaints")
    qtbot.waitUntil(lambda: not panel.busy and panel.query is not None
                    and panel.query.template_key == "complaints", timeout=10_000)
    assert panel.summary.responses == 0 and len(panel.summary.items) == 1
    assert not panel.filters.programme_picker.isEnabled()


def test_english_screenshot(qtbot: QtBot, services: AppServices, keyed: Keyed, english: None,
                            artifacts: Path) -> None:
    panel = open_panel(qtbot, services, keyed.quality, (keyed.desk.programme.number,))
    assert panel.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert panel.tabs.tabText(0) == "Items"
    origin, top = panel.mean_chart.x_of(1), panel.mean_chart.x_of(5)
    assert top > origin  # left to right in English
    panel.grab().save(str(artifacts / "survey-analysis-items-en.png"))
    panel.show_tab("charts")
    panel.grab().save(str(artifacts / "survey-analysis-charts-en.png"))


def test_print_and_export_buttons(qtbot: QtBot, services: AppServices, keyed: Keyed,
                                  tmp_path: Path) -> None:
    pytest.importorskip("app.surveys.report")
    pytest.importorskip("app.surveys.report_pdf")
    pytest.importorskip("app.surveys.export")
    panel = open_panel(qtbot, services, keyed.quality, (keyed.desk.programme.number,))
    pdf, xlsx = tmp_path / "report.pdf", tmp_path / "responses"
    paths = iter([pdf, xlsx])
    panel.choose_path = lambda _title, _default, _filter: next(paths)
    assert panel.print_button.isEnabled() and panel.export_button.isEnabled()
    with qtbot.waitSignal(panel.printed, timeout=60_000):
        panel.print_button.click()
    assert pdf.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: panel.export_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(panel.exported, timeout=60_000):
        panel.export_button.click()
    assert (tmp_path / "responses.xlsx").stat().st_size > 0
