"""The client statistics window over a real registry: choices, table, chart, Excel and PDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.clients.statistics import StatsFilter, StatsReport
from app.i18n import _
from app.services.app_services import AppServices
from tests.clients_people import RegistryPeople
from tests.unit.clients.test_statistics import (  # noqa: F401 - fixtures: the seeded registry
    people,
    registry,
    seed,
    services,
)
from tests.unit.printing.pdfcheck import page_count
from ui.application import apply_language
from ui.clients.statistics_dialog import StatisticsDialog

pytestmark = pytest.mark.usefixtures("arabic_app", "drain")


@pytest.fixture
def english(arabic_app: QApplication) -> Iterator[None]:
    apply_language(arabic_app, "en")
    yield
    apply_language(arabic_app, "ar")


def open_dialog(qtbot: QtBot, services: AppServices, people: RegistryPeople,  # noqa: F811
                **kwargs: object) -> StatisticsDialog:
    dialog = StatisticsDialog(services, people.officer, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    wait_loaded(qtbot, dialog)
    return dialog


def wait_loaded(qtbot: QtBot, dialog: StatisticsDialog, by: str | None = None,
                measure: str | None = None) -> StatsReport:
    def done() -> bool:
        report = dialog.report
        return (not dialog.busy and report is not None and (by is None or report.by == by)
                and (measure is None or report.measure == measure))

    qtbot.waitUntil(done, timeout=10_000)
    assert dialog.report is not None
    return dialog.report


def cell(dialog: StatisticsDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    return "" if item is None else item.text()


def table_column(dialog: StatisticsDialog, column: int) -> list[str]:
    return [cell(dialog, r, column) for r in range(dialog.table.rowCount())]


def assert_bars_proportional(dialog: StatisticsDialog, report: StatsReport, rtl: bool) -> None:
    geometry = dialog.chart.geometry_of_bars()
    shown = report.chart_rows(15)
    assert len(geometry) == len(shown) == len(dialog.chart.bars())
    top = max(r.value(report.measure) for r in shown)
    longest = max(g.bar.width() for g in geometry)
    for row, g in zip(shown, geometry, strict=True):
        assert g.bar.width() == pytest.approx(longest * row.value(report.measure) / top, abs=0.5)
        if rtl:  # label on the right, the bar growing leftwards from it, the value past its end
            assert g.label.left() > g.bar.right() - 0.5 and g.value.right() <= g.bar.left() + 0.5
        else:
            assert g.label.right() < g.bar.left() + 0.5 and g.value.left() >= g.bar.right() - 0.5
        assert g.value.left() >= 0 and g.value.right() <= dialog.chart.width()
        assert g.label.left() >= 0 and g.label.right() <= dialog.chart.width()


def assert_not_clipped(window: QWidget) -> None:
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.text() and not label.wordWrap():
            assert label.width() >= label.sizeHint().width() - 1, label.text()


def test_group_by_kind_then_city_and_money(qtbot: QtBot, services: AppServices,  # noqa: F811
                                          people: RegistryPeople, artifacts: Path) -> None:  # noqa: F811
    dialog = open_dialog(qtbot, services, people)
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    report = dialog.report
    assert report is not None and report.by == "kind" and report.measure == "clients"
    labels = {c.id: c.label for c in services.settings.choices("client_kinds")}
    # Three kinds, then the total: Ahmad (donor and volunteer) counts under both, once in the total.
    assert table_column(dialog, 0) == [labels["donor"], labels["beneficiary"], labels["volunteer"],
                                       _("Total")]
    assert table_column(dialog, 1) == ["٣", "٣", "٢", "٧"]
    header = dialog.table.horizontalHeaderItem(0)
    assert header is not None and header.text() == _("Client kind")
    assert dialog.notes.isVisible() and dialog.notes.text() == report.notes[0]
    assert [b.label for b in dialog.chart.bars()] == table_column(dialog, 0)[:-1]
    assert_bars_proportional(dialog, report, rtl=True)
    dialog.grab().save(str(artifacts / "client-stats-dialog-kind-ar.png"))

    dialog.choose(by="city")
    city = wait_loaded(qtbot, dialog, by="city")
    assert table_column(dialog, 0) == ["جدة", "مكة المكرمة", "الطائف", _("(not given)"), _("Total")]
    assert table_column(dialog, 5)[0] == "٤٢٫٩٪"
    assert not dialog.notes.isVisible()
    assert_bars_proportional(dialog, city, rtl=True)

    dialog.choose(measure="donated")
    donated = wait_loaded(qtbot, dialog, by="city", measure="donated")
    assert table_column(dialog, 0)[:2] == ["الطائف", "جدة"]
    assert table_column(dialog, 3)[:2] == ["١٠٬٠٠٠٫٠٠", "٢٬٢٥٠٫٥٠"]
    assert [b.text for b in dialog.chart.bars()][:2] == ["١٠٬٠٠٠", "٢٬٢٥١"]  # whole riyals on the chart
    assert_bars_proportional(dialog, donated, rtl=True)
    assert dialog.chart_title.text() == _("Donations (SAR)")
    assert_not_clipped(dialog)
    dialog.grab().save(str(artifacts / "client-stats-dialog-city-ar.png"))


def test_by_owner_in_english(qtbot: QtBot, services: AppServices, people: RegistryPeople,  # noqa: F811
                             english: None, artifacts: Path) -> None:
    dialog = open_dialog(qtbot, services, people)
    assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
    dialog.choose(by="owner", measure="pledged")
    report = wait_loaded(qtbot, dialog, by="owner", measure="pledged")
    assert table_column(dialog, 0) == ["سارة الزهراني", "منى الغامدي", "(not given)", "Total"]
    assert table_column(dialog, 4) == ["8,000.00", "100.00", "0.00", "8,100.00"]
    assert table_column(dialog, 5)[0] == "98.8%"
    assert dialog.by_combo.currentText() == "Relationship owner"
    assert_bars_proportional(dialog, report, rtl=False)
    assert_not_clipped(dialog)
    dialog.grab().save(str(artifacts / "client-stats-dialog-owner-en.png"))


def test_the_window_follows_a_language_change(qtbot: QtBot, services: AppServices,  # noqa: F811
                                              people: RegistryPeople, arabic_app: QApplication) -> None:  # noqa: F811
    dialog = open_dialog(qtbot, services, people)
    dialog.choose(by="status")
    wait_loaded(qtbot, dialog, by="status")
    apply_language(arabic_app, "en")
    try:
        qtbot.waitUntil(lambda: not dialog.busy and cell(dialog, 0, 0) == "Active",
                        timeout=10_000)
        assert dialog.windowTitle() == "Client statistics"
        assert table_column(dialog, 1) == ["6", "1", "7"]
    finally:
        apply_language(arabic_app, "ar")
    qtbot.waitUntil(lambda: not dialog.busy and cell(dialog, 2, 1) == "٧", timeout=10_000)


def test_export_and_print_through_the_chooser(qtbot: QtBot, services: AppServices,  # noqa: F811
                                              people: RegistryPeople, tmp_path: Path) -> None:  # noqa: F811
    asked: list[tuple[str, str, str]] = []
    answers = iter([tmp_path / "stats", tmp_path / "stats.pdf", None])

    def choose(title: str, default: str, file_filter: str) -> Path | None:
        asked.append((title, default, file_filter))
        return next(answers)

    dialog = open_dialog(qtbot, services, people, choose_path=choose)
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as exported:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert exported.args == [tmp_path / "stats.xlsx"]  # the suffix is added when missing
    assert asked[0][1].startswith("client-statistics-kind-") and asked[0][1].endswith(".xlsx")
    sheet = load_workbook(tmp_path / "stats.xlsx").active
    assert sheet.sheet_view.rightToLeft is True
    assert any(row[0] == _("Total") and row[1] == 7 for row in sheet.iter_rows(values_only=True))
    assert dialog.notice.isVisible() and "stats.xlsx" in dialog.notice.text()

    with qtbot.waitSignal(dialog.printed, timeout=20_000) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [tmp_path / "stats.pdf"] and page_count(tmp_path / "stats.pdf") == 1
    assert dialog.print_button.isEnabled() and dialog.export_button.isEnabled()

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)  # cancelled: nothing written
    assert len(asked) == 3 and not (tmp_path / "stats.xlsx.xlsx").exists()


def test_an_empty_registry_says_so(qtbot: QtBot, services: AppServices, people: RegistryPeople,  # noqa: F811
                                   artifacts: Path) -> None:
    dialog = open_dialog(qtbot, services, people)
    dialog.choose(by="city")
    wait_loaded(qtbot, dialog, by="city")
    # Filter out everything: nobody is both a volunteer and in Taif.
    empty = dialog._stats.report(people.officer, "city", filters=StatsFilter(kind="volunteer", city="الطائف"))
    dialog._on_loaded(dialog._asked, empty)
    assert dialog.table.rowCount() == 0 and dialog.chart.bars() == []
    assert not dialog.export_button.isEnabled() and not dialog.print_button.isEnabled()
    dialog.grab().save(str(artifacts / "client-stats-dialog-empty-ar.png"))


def test_many_groups_fit_the_chart(qtbot: QtBot, services: AppServices, people: RegistryPeople,  # noqa: F811
                                   artifacts: Path) -> None:
    from tests.unit.clients.test_statistics import make_client

    cities = ["الرياض", "المدينة المنورة", "الدمام", "الخبر", "تبوك", "أبها", "بريدة", "حائل", "جازان",
              "نجران", "ينبع", "الجبيل", "القطيف", "الأحساء", "خميس مشيط", "عنيزة", "الباحة", "سكاكا"]
    for i, city in enumerate(cities):
        for k in range(i % 5 + 1):
            make_client(services, people.manager, f"عميل {i} {k}", f"05570{i:02d}{k:03d}", city=city)
    dialog = open_dialog(qtbot, services, people)
    dialog.choose(by="city")
    report = wait_loaded(qtbot, dialog, by="city")
    assert dialog.table.rowCount() == len(report.rows) + 1 > 20
    assert len(dialog.chart.bars()) == 15
    assert dialog.chart_title.text() == _("{measure}: the {n} largest groups").format(
        measure=_("Number of clients"), n="١٥")
    # The fifteen bars fit the window's usual size: no scrolling.
    qtbot.waitUntil(lambda: dialog.chart.geometry_of_bars()[-1].label.bottom() <= dialog.chart.height())
    assert not dialog.chart_scroll.verticalScrollBar().isVisible()
    assert_bars_proportional(dialog, report, rtl=True)
    dialog.grab().save(str(artifacts / "client-stats-dialog-cities-ar.png"))
