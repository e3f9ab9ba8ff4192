"""The list view of the opportunities over real services: rows, sorting, opening, Excel export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.pipeline.records import BoardQuery
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.pipeline_people import Team, pipeline_team
from ui.application import apply_language
from ui.pipeline.list_view import OpportunityListView
from ui.pipeline.opportunity_dialog import OpportunityDialog

pytestmark = pytest.mark.usefixtures("drain")


@pytest.fixture
def team(services: AppServices, admin: Actor) -> Team:
    t = pipeline_team(services, admin)
    ops = services.opportunities
    for n, (amount, probability) in enumerate(((1_000_000, 10), (2_500_050, 35), (700_000, 90))):
        ops.add(t.officer, t.programme.number, [t.donors[n]], expected_halalas=amount,
                probability=probability,
                next_action="اتصال متابعة", next_action_on=date.today() + timedelta(days=n - 1))
    ops.move(t.officer, "OP-TST-00003", "follow_up")
    return t


def make_view(qtbot: QtBot, services: AppServices, actor: Actor) -> OpportunityListView:
    view = OpportunityListView(services, actor)
    qtbot.addWidget(view)
    view.resize(1300, 420)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.set_query(BoardQuery())
    return view


def test_rows_sorting_and_opening(qtbot: QtBot, services: AppServices, team: Team, arabic_app: QApplication,
                                  artifacts: Path) -> None:
    view = make_view(qtbot, services, team.officer)
    assert view.table.rowCount() == 3
    numbers = {view.number_at(r) for r in range(3)}
    assert numbers == {"OP-TST-00001", "OP-TST-00002", "OP-TST-00003"}
    row = next(r for r in range(3) if view.number_at(r) == "OP-TST-00002")
    texts = view.row_texts(row)
    assert "شركة النماء التجارية" in texts[2] and texts[3] == "خالد العتيبي"
    assert texts[5] == "٢٥٬٠٠٠٫٥٠ ريال" and texts[6].startswith("٣٥")
    assert texts[7] == "٨٬٧٥٠٫١٧ ريال"  # 2,500,050 × 35 % = 875,017.5 halalas, floored
    first = next(r for r in range(3) if view.number_at(r) == "OP-TST-00001")
    overdue = view.table.item(first, 9)
    assert overdue is not None and overdue.toolTip()  # overdue: yesterday
    view.table.sortItems(5, Qt.SortOrder.DescendingOrder)
    assert [view.number_at(r) for r in range(3)] == ["OP-TST-00002", "OP-TST-00001", "OP-TST-00003"]
    assert "٣" in view.count_label.text()
    qtbot.wait(60)
    view.grab().save(str(artifacts / "opportunity_list_ar.png"))
    apply_language(arabic_app, "en")
    header = view.table.horizontalHeaderItem(0)
    assert header is not None and header.text() == "Number"
    qtbot.wait(60)
    view.grab().save(str(artifacts / "opportunity_list_en.png"))

    view.open_opportunity("OP-TST-00002")
    dialog = view.dialog
    assert isinstance(dialog, OpportunityDialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5000)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        dialog.move_to("closed")
    assert services.opportunities.get(team.officer, "OP-TST-00002").card.stage == "closed"
    dialog.reject()

    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.set_query(BoardQuery(text="النماء"))
    assert [view.number_at(r) for r in range(view.table.rowCount())] == ["OP-TST-00002"]


def test_export_writes_rows_and_totals(qtbot: QtBot, services: AppServices, team: Team,
                                      arabic_app: QApplication, tmp_path: Path) -> None:
    view = make_view(qtbot, services, team.officer)
    path = tmp_path / "opportunities.xlsx"
    with qtbot.waitSignal(view.exported, timeout=10000) as done:
        assert view.export_to(path)
    assert done.args[0] == (path, 3)
    assert "OP-TST" not in view.notice.text() and view.notice.text()
    sheet = load_workbook(path).worksheets[0]
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 5  # header, three opportunities, totals
    total = rows[-1]
    assert total[1] == 3
    assert total[6] == pytest.approx(42_000.50)
    assert total[8] == pytest.approx(sum(r[8] for r in rows[1:4]))
    assert total[8] == pytest.approx((100_000 + 875_017 + 630_000) / 100)
