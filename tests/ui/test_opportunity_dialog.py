"""The opportunity form over real services: created by keyboard, suggested donors, contacts outside
the relationship owner, refused and accepted moves on the timeline; donor interests."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.i18n import _
from app.pipeline.records import BoardQuery
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.pipeline_people import Team, pipeline_team
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.pipeline.contact_dialog import ContactDialog
from ui.pipeline.interests_dialog import InterestsDialog
from ui.pipeline.list_view import OutsideContactsView
from ui.pipeline.opportunity_dialog import MoveDialog, OpportunityDialog

pytestmark = pytest.mark.usefixtures("drain")


@pytest.fixture
def team(services: AppServices, admin: Actor) -> Team:
    return pipeline_team(services, admin)


def open_dialog(qtbot: QtBot, services: AppServices, actor: Actor, number: str | None) -> OpportunityDialog:
    dialog = OpportunityDialog(services, actor, number)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    return dialog


def shot(qtbot: QtBot, widget: QWidget, path: Path) -> None:
    """Save ``widget`` once the widgets added and the layouts changed since are drawn."""
    qtbot.wait(60)
    widget.grab().save(str(path))


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


def test_create_an_opportunity_by_keyboard(qtbot: QtBot, services: AppServices, team: Team,
                                           arabic_app: QApplication, artifacts: Path) -> None:
    dialog = open_dialog(qtbot, services, team.officer, None)
    assert dialog.isRightToLeft()
    combo_line = dialog.programme_combo.lineEdit()
    assert combo_line is not None and combo_line.hasFocus()
    type_text(combo_line, "كفالة")
    with qtbot.waitSignal(dialog.suggestions_shown, timeout=5000):
        qtbot.keyClick(combo_line, Qt.Key.Key_Tab)
    assert dialog.programme_combo.currentData() == team.programme.number
    assert dialog.finder.edit.hasFocus()
    type_text(dialog.finder.edit, "النماء")
    qtbot.waitUntil(lambda: dialog.finder.matches.count() > 0 and dialog.finder.matches.isVisible(),
                    timeout=5000)
    qtbot.keyClick(dialog.finder.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.donors) == 1, timeout=5000)
    assert dialog.donors[0].number == team.donors[1]
    assert "خالد العتيبي" in dialog.donor_list.item(0).text()  # the relationship owner is shown
    qtbot.keyClick(dialog.finder.edit, Qt.Key.Key_Tab)
    assert dialog.amount_edit.hasFocus()
    type_text(dialog.amount_edit, "٥٠٠٠٠")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Tab)
    assert dialog.probability_spin.hasFocus()
    qtbot.keyClick(dialog.probability_spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(dialog.probability_spin, "٣٥")
    assert dialog.probability_spin.value() == 35
    dialog.factor_boxes["interest"].setChecked(True)
    focus(qtbot, dialog.next_action_edit)
    type_text(dialog.next_action_edit, "زيارة لعرض البرنامج على المانح")
    qtbot.keyClick(dialog.next_action_edit, Qt.Key.Key_Tab)
    assert dialog.next_date_edit.hasFocus()
    dialog.today_button.click()
    assert dialog.next_hijri.text()
    shot(qtbot, dialog, artifacts / "opportunity_new_ar.png")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    number = saved.args[0].card.number
    d = services.opportunities.get(team.officer, number)
    assert (d.card.expected_halalas, d.card.probability, d.card.stage) == (5_000_000, 35, "identified")
    assert d.card.next_action == "زيارة لعرض البرنامج على المانح" and d.card.next_action_on is not None
    assert [x.number for x in d.card.donors] == [team.donors[1]]
    assert d.factors == ("interest",) and d.card.owner == "fundraiser"


def test_errors_show_beside_the_field_and_nothing_is_saved(qtbot: QtBot, services: AppServices, team: Team,
                                                          arabic_app: QApplication) -> None:
    dialog = open_dialog(qtbot, services, team.officer, None)
    dialog.programme_combo.setCurrentIndex(0)
    type_text(dialog.amount_edit, "خمسون")
    dialog.save()
    assert dialog.error_text("amount") == _("Write the expected amount in riyals.")
    dialog.amount_edit.clear()
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.error_text("donors")), timeout=5000)
    assert dialog.error_text("donors") == _("Choose at least one potential donor.")
    assert services.opportunities.count(team.officer, BoardQuery()) == 0
    assert dialog.isVisible() and dialog.save_button.isEnabled()


def test_suggested_donors_added_with_one_click(qtbot: QtBot, services: AppServices, team: Team,
                                               arabic_app: QApplication, artifacts: Path) -> None:
    services.donor_interests.set(team.officer, team.donors[0], ["orphans", "food"])
    services.donor_interests.set(team.officer, team.donors[2], ["health"])
    dialog = open_dialog(qtbot, services, team.officer, None)
    with qtbot.waitSignal(dialog.suggestions_shown, timeout=5000) as shown:
        dialog.programme_combo.setCurrentIndex(dialog.programme_combo.findData(team.programme.number))
    assert shown.args == [1]
    assert dialog.suggestions_frame.isVisible()
    [button] = dialog.suggestion_buttons
    assert "مؤسسة الخير الوقفية" in button.text() and "خالد العتيبي" in button.text()
    shot(qtbot, dialog, artifacts / "opportunity_suggestions_ar.png")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert [d.number for d in dialog.donors] == [team.donors[0]]
    assert not dialog.suggestions_frame.isVisible()


def test_contact_outside_the_owner_warns_and_the_manager_sees_it(
        qtbot: QtBot, services: AppServices, team: Team, arabic_app: QApplication, artifacts: Path) -> None:
    o = services.opportunities.add(team.officer, team.programme.number, [team.donors[0]],
                                   expected_halalas=2_000_000, probability=40)
    number = o.card.number
    dialog = open_dialog(qtbot, services, team.other, number)
    dialog.resize(1150, 760)
    qtbot.mouseClick(dialog.contact_button, Qt.MouseButton.LeftButton)
    contact = dialog.contact_dialog
    assert isinstance(contact, ContactDialog) and contact.isVisible()
    assert contact.owner_warning.isVisible() and "خالد العتيبي" in contact.owner_warning.text()
    contact.kind_combo.setCurrentIndex(contact.kind_combo.findData("visit"))
    type_text(contact.note_edit, "زيارة للمانح دون تنسيق مع مسؤول العلاقة")
    shot(qtbot, contact, artifacts / "opportunity_contact_ar.png")
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(contact.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.contact_warning.isVisible()
    assert "خالد العتيبي" in dialog.contact_warning.text()
    assert dialog.timeline_texts()[0].startswith("⚠ ")
    assert "منى الغامدي" in dialog.timeline_texts()[0]
    shot(qtbot, dialog, artifacts / "opportunity_outside_contact_ar.png")
    outside = services.opportunities.outside_contacts(team.manager)
    assert [(n, e.user_name) for n, e in outside] == [(number, "fundraiser2")]

    view = OutsideContactsView(services, team.manager)
    qtbot.addWidget(view)
    view.resize(900, 300)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.show()
    assert view.table.rowCount() == 1
    row = view.row_texts(0)
    assert "منى الغامدي" in row and "زيارة للمانح دون تنسيق مع مسؤول العلاقة" in row
    shot(qtbot, view, artifacts / "opportunity_outside_view_ar.png")
    officer_view = OutsideContactsView(services, team.officer)
    qtbot.addWidget(officer_view)
    assert not officer_view.allowed and officer_view.table.isHidden()

    # the owner's own contact is not marked
    own = open_dialog(qtbot, services, team.officer, number)
    own.log_contact()
    contact = own.contact_dialog
    assert isinstance(contact, ContactDialog) and not contact.owner_warning.isVisible()
    type_text(contact.note_edit, "اتصال متابعة")
    with qtbot.waitSignal(own.loaded, timeout=5000):
        contact.confirm()
    assert not own.contact_warning.isVisible()
    assert not own.timeline_texts()[0].startswith("⚠")


def test_refused_moves_change_nothing_and_the_timeline_shows_who(
        qtbot: QtBot, services: AppServices, team: Team, arabic_app: QApplication, artifacts: Path) -> None:
    number = services.opportunities.add(team.officer, team.programme.number, [team.donors[0]],
                                        expected_halalas=1_000_000).card.number
    dialog = open_dialog(qtbot, services, team.officer, number)
    dialog.resize(1150, 760)
    assert set(dialog.move_buttons) == {"follow_up", "closed", "successful", "cancelled"}

    qtbot.mouseClick(dialog.move_buttons["cancelled"], Qt.MouseButton.LeftButton)
    move = dialog.move_dialog
    assert isinstance(move, MoveDialog)
    qtbot.mouseClick(move.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: move is not None and bool(move.error_text()), timeout=5000)
    assert move.error_text() == _("Write why the opportunity is cancelled.")
    assert move.isVisible()
    shot(qtbot, move, artifacts / "opportunity_cancel_refused_ar.png")
    move.reject()
    assert services.opportunities.get(team.officer, number).card.stage == "identified"

    qtbot.mouseClick(dialog.move_buttons["successful"], Qt.MouseButton.LeftButton)
    move = dialog.move_dialog
    assert isinstance(move, MoveDialog)
    type_text(move.amount_edit, "١٠٠٠٠")
    qtbot.mouseClick(move.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: move is not None and bool(move.error_text()), timeout=5000)
    assert move.error_text() == _("Only a closed opportunity (a written commitment) can become successful.")
    move.reject()
    assert services.opportunities.get(team.officer, number).card.stage == "identified"

    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(dialog.move_buttons["follow_up"], Qt.MouseButton.LeftButton)
    assert dialog.stage_badge.text() == _("Follow-up")
    first = dialog.timeline_texts()[0]
    assert _("Stage: {old} → {new}").format(old=_("Identified"), new=_("Follow-up")) in first
    assert "خالد العتيبي" in first
    assert len(dialog.timeline_texts()) == 2  # created, then the move

    qtbot.mouseClick(dialog.move_buttons["cancelled"], Qt.MouseButton.LeftButton)
    move = dialog.move_dialog
    assert isinstance(move, MoveDialog)
    type_text(move.reason_edit, "أعاد المانح توجيه ميزانيته")
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(move.ok_button, Qt.MouseButton.LeftButton)
    d = services.opportunities.get(team.officer, number)
    assert (d.card.stage, d.cancel_reason) == ("cancelled", "أعاد المانح توجيه ميزانيته")
    assert dialog.move_buttons == {} and not dialog.contact_button.isEnabled()
    shot(qtbot, dialog, artifacts / "opportunity_dialog_ar.png")
    apply_language(arabic_app, "en")
    assert dialog.stage_badge.text() == "Cancelled"
    assert dialog.timeline_texts()[0].startswith("Stage: Follow-up → Cancelled")
    shot(qtbot, dialog, artifacts / "opportunity_dialog_en.png")


def test_amount_and_probability_changes_go_on_the_timeline(
        qtbot: QtBot, services: AppServices, team: Team, arabic_app: QApplication) -> None:
    number = services.opportunities.add(team.officer, team.programme.number, [team.donors[0]],
                                        expected_halalas=1_000_000, probability=20).card.number
    dialog = open_dialog(qtbot, services, team.officer, number)
    assert dialog.amount_edit.text() == "١٠٠٠٠"
    dialog.amount_edit.setText("١٢٠٠٠٫٥")
    dialog.probability_spin.setValue(60)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    d = services.opportunities.get(team.officer, number)
    assert (d.card.expected_halalas, d.card.probability) == (1_200_050, 60)
    assert {e.kind for e in d.timeline} == {"created", "probability", "amount"}


def test_interests_dialog_sets_interests(qtbot: QtBot, services: AppServices, team: Team,
                                        arabic_app: QApplication, artifacts: Path) -> None:
    services.donor_interests.set(team.officer, team.donors[0], ["health"])
    dialog = InterestsDialog(services, team.officer, team.donors[0])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    assert dialog.chosen() == ["health"]
    assert "مؤسسة الخير الوقفية" in dialog.heading.text()
    dialog.boxes["orphans"].setChecked(True)
    dialog.boxes["water"].setChecked(True)
    dialog.boxes["health"].setChecked(False)
    shot(qtbot, dialog, artifacts / "donor_interests_ar.png")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.donor_interests.of(team.officer, team.donors[0]) == ("orphans", "water")
    assert [s.number for s in services.donor_interests.suggest(team.officer, team.programme.number)] == [
        team.donors[0]]

    refused = InterestsDialog(services, team.desk, team.donors[0])
    qtbot.addWidget(refused)
    with qtbot.waitSignal(refused.loaded, timeout=5000):
        refused.show()
    refused.save()
    qtbot.waitUntil(lambda: bool(refused.error_text()), timeout=5000)
    assert services.donor_interests.of(team.officer, team.donors[0]) == ("orphans", "water")


def test_client_file_of_a_donor_opens_its_interests(qtbot: QtBot, services: AppServices, team: Team,
                                                    arabic_app: QApplication) -> None:
    from ui.clients.file_dialog import ClientFileDialog

    file = ClientFileDialog(services, team.officer, team.donors[0])
    qtbot.addWidget(file)
    with qtbot.waitSignal(file.loaded, timeout=5000):
        file.show()
    assert file.interests_button.isVisible()
    file.open_interests()
    dialog = file.findChild(InterestsDialog)
    assert isinstance(dialog, InterestsDialog)
    qtbot.waitUntil(lambda: bool(dialog.boxes), timeout=5000)
    dialog.reject()
    desk_file = ClientFileDialog(services, team.desk, team.donors[0])
    qtbot.addWidget(desk_file)
    with qtbot.waitSignal(desk_file.loaded, timeout=5000):
        desk_file.show()
    assert not desk_file.interests_button.isVisible()
