"""The duplicates scan over real services: a pair found, compared, merged on approval."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.complaints.records import NewComplaint
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.digits import localize_digits
from tests.clients_people import RegistryPeople, registry_people
from ui.application import apply_language
from ui.clients.duplicates_dialog import CLIENT_A, CLIENT_B, WHY, DuplicatesDialog, MergeDialog
from ui.clients.request_view import moves_text

pytestmark = pytest.mark.usefixtures("drain")

# The same person twice: one mobile, the name spelled two ways.
FIRST = {"name": "عبدالله محمد الغامدي", "kinds": ["donor"], "mobile": "0551112222", "city": "جدة",
         "email": "abdullah@example.com"}
SECOND = {"name": "عبد الله محمد الغامدى", "kinds": ["volunteer"], "mobile": "+966 55 111 2222",
          "city": "جدة", "neighbourhood": "الحمراء", "national_id": "1098765432"}
SOMEONE_ELSE = {"name": "نورة سالم العمري", "kinds": ["beneficiary"], "mobile": "0507654321"}


@pytest.fixture
def people(services: AppServices, admin: Actor) -> RegistryPeople:
    return registry_people(services, admin)


@pytest.fixture
def twins(services: AppServices, people: RegistryPeople) -> tuple[str, str]:
    """Two clients that are one person; the second has a complaint and a donation."""
    create = services.client_requests.propose_create
    first = create(people.manager, FIRST).summary.client_number
    second = create(people.manager, SECOND).summary.client_number
    create(people.manager, SOMEONE_ELSE)
    services.complaints.add(people.manager, NewComplaint(
        type="complaint", channel="phone", description="تأخر إيصال التبرع العيني", client_number=second))
    services.contributions.add(people.manager, second, "donation", 150_000, date.today(), "transfer", "كسوة")
    return first, second


def cell(dialog: DuplicatesDialog, row: int, column: int) -> str:
    item = dialog.pairs.item(row, column)
    assert item is not None, (row, column)
    return item.text()


def make_dialog(qtbot: QtBot, services: AppServices, actor: Actor) -> DuplicatesDialog:
    dialog = DuplicatesDialog(services, actor)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 720)
    with qtbot.waitSignals([dialog.scanned, dialog.pair_shown], timeout=10_000):
        dialog.show()
    return dialog


def test_a_pair_is_found_compared_and_merged_once_approved(qtbot: QtBot, services: AppServices,
                                                          people: RegistryPeople, twins: tuple[str, str],
                                                          arabic_app: QApplication, artifacts: Path) -> None:
    first, second = twins
    dialog = make_dialog(qtbot, services, people.steward)
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    [pair] = dialog.pair_list
    assert {pair.a_number, pair.b_number} == {first, second}
    assert "mobile" in pair.reasons
    row_text = " ".join(cell(dialog, 0, c) for c in (CLIENT_A, CLIENT_B))
    assert first in row_text and second in row_text
    assert _("same mobile") in cell(dialog, 0, WHY)
    percent = localize_digits(str(round(pair.score * 100)), "arabic")
    assert cell(dialog, 0, 0) == _("{n}%").format(n=percent)

    # Both clients side by side, with what is linked to each.
    side = {pair.a_number: 1, pair.b_number: 2}
    assert dialog.compare_text("name", side[first]) == FIRST["name"]
    assert dialog.compare_text("name", side[second]) == SECOND["name"]
    assert dialog.compare_text("complaints", side[second]) == "١"
    assert dialog.compare_text("contributions", side[first]) == "٠"
    qtbot.wait(100)
    dialog.grab().save(str(artifacts / "duplicates_dialog_ar.png"))

    # Merge: keep the first; the second's complaint and donation will move.
    assert dialog.merge_button.isEnabled()
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    merge = dialog.merge_dialog
    assert isinstance(merge, MergeDialog) and merge.isVisible()
    merge.choose_keep(first)
    assert merge.keep_and_other()[0].client.number == first
    assert moves_text({"complaint": 1, "contribution": 1}) in merge.moves.text()
    assert second in merge.moves.text()
    merge.grab().save(str(artifacts / "duplicates_merge_ar.png"))
    with qtbot.waitSignal(dialog.merge_proposed, timeout=10_000) as proposed:
        qtbot.mouseClick(merge.ok_button, Qt.MouseButton.LeftButton)
    request = proposed.args[0]
    assert request.summary.status == "pending" and request.summary.action == "merge"
    assert request.number in dialog.notice.text()
    assert request.moves == {"complaint": 1, "contribution": 1}
    assert dialog.merge_dialog is None

    # Nothing moved yet; once the second manager approves, everything has.
    assert services.clients.file(people.manager, second).complaints_total == 1
    services.client_requests.approve(people.manager2, request.number)
    kept = services.clients.file(people.manager, first)
    assert kept.complaints_total == 1
    assert [c.amount_halalas for c in kept.contributions] == [150_000]
    assert kept.client.values["national_id"] == "1098765432"  # a detail the kept one lacked
    assert set(kept.client.values["kinds"]) == {"donor", "volunteer"}
    assert services.clients.detail(people.manager, second).merged_into == first

    # Scanned again, the pair is gone.
    with qtbot.waitSignal(dialog.scanned, timeout=10_000):
        qtbot.mouseClick(dialog.rescan_button, Qt.MouseButton.LeftButton)
    assert dialog.pair_list == []
    assert dialog.status_label.text() == _("No likely duplicates were found.")
    assert not dialog.merge_button.isEnabled()


def test_a_manager_merges_at_once(qtbot: QtBot, services: AppServices, people: RegistryPeople,
                                  twins: tuple[str, str]) -> None:
    first, second = twins
    dialog = make_dialog(qtbot, services, people.manager)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    merge = dialog.merge_dialog
    assert merge is not None
    merge.choose_keep(second)
    assert merge.ok_button.text() == _("Merge")
    with qtbot.waitSignals([dialog.merge_proposed, dialog.scanned], timeout=10_000):
        qtbot.mouseClick(merge.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.notice.text().startswith(_("The clients were merged (request {number}).").split("(")[0])
    assert services.clients.detail(people.manager, first).merged_into == second
    assert dialog.pair_list == []


def test_who_may_not_propose_cannot_merge(qtbot: QtBot, services: AppServices, people: RegistryPeople,
                                          twins: tuple[str, str]) -> None:
    for actor in (people.officer, people.reception):  # an officer who is not the steward; the desk
        dialog = make_dialog(qtbot, services, actor)
        assert len(dialog.pair_list) == 1
        assert not dialog.merge_button.isEnabled()
        assert dialog.merge_button.toolTip() == _(
            "Only the data steward or the deputy named in the settings may propose a merge.")
        dialog.open_merge()
        assert dialog.merge_dialog is None


def test_the_dialog_in_english(qtbot: QtBot, services: AppServices, people: RegistryPeople,
                               twins: tuple[str, str], arabic_app: QApplication, artifacts: Path) -> None:
    apply_language(arabic_app, "en")
    dialog = make_dialog(qtbot, services, people.steward)
    assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert "same mobile" in cell(dialog, 0, WHY)
    assert dialog.compare_text("city", 0) == "City"
    qtbot.wait(100)
    dialog.grab().save(str(artifacts / "duplicates_dialog_en.png"))
