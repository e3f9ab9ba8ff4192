"""The keyed entry screen over real services: paper forms keyed with the keyboard alone."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.forms import qr_payload
from app.surveys.records import FLAG_IDENTICAL, FLAG_MISSING_REQUIRED, SurveyQuery
from tests.surveys_people import SurveyDesk, survey_desk
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.surveys import entry_panel
from ui.surveys.entry_panel import SurveyEntryPanel

pytestmark = pytest.mark.usefixtures("drain")

# Keys as the officer types them: "<" is Backspace, " " is Space, anything else is typed as it is.
_SPECIAL = {"<": Qt.Key.Key_Backspace, " ": Qt.Key.Key_Space}


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, keys: str) -> None:
    """Each character a key press on the focused widget."""
    for ch in keys:
        widget = focused()
        if ch in _SPECIAL:
            qtbot.keyClick(widget, _SPECIAL[ch])
        elif ch.isascii():
            qtbot.keyClick(widget, ch)
        else:
            type_text(widget, ch)


def enter(qtbot: QtBot) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def make_panel(qtbot: QtBot, services: AppServices, desk: SurveyDesk) -> SurveyEntryPanel:
    panel = SurveyEntryPanel(services, desk.quality)
    qtbot.addWidget(panel)
    panel.resize(1240, 720)
    with qtbot.waitSignal(panel.batch_loaded, timeout=10000):
        panel.show()
        panel.open_programme(desk.programme.number)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.number_edit)
    return panel


def open_form(qtbot: QtBot, panel: SurveyEntryPanel, typed: str | None) -> None:
    """The number field: keep the pre-filled next form (None) or type over it, then Enter."""
    assert focused() is panel.number_edit
    if typed is not None:
        if typed.isascii():
            qtbot.keyClicks(panel.number_edit, typed)
        else:
            type_text(panel.number_edit, typed)
    enter(qtbot)


def save(qtbot: QtBot, panel: SurveyEntryPanel) -> None:
    """Enter; a flagged form asks for a note first (Enter again saves it as it is)."""
    enter(qtbot)
    if panel.flag_frame.isVisible():
        assert focused() is panel.note_edit
        enter(qtbot)
    assert focused() is panel.number_edit


def cell(panel: SurveyEntryPanel, row: int, column: int) -> str:
    item = panel.recent_table.item(row, column)
    return item.text() if item is not None else ""


def wait_saved(qtbot: QtBot, panel: SurveyEntryPanel) -> None:
    qtbot.waitUntil(lambda: panel.saving == 0, timeout=10000)


# (number typed or None for the pre-filled next one, keys, intended scores, age group, first time)
TEN_FORMS: list[tuple[str | None, str, tuple[int, ...], str, bool | None]] = [
    (None, "54435544352" "2" "1", (5, 4, 4, 3, 5, 5, 4, 4, 3, 5, 2), "26-35", True),
    # a correction: 2 typed on item 3, Backspace, then 3
    (None, "442<3" "45343534" "3" "2", (4, 4, 3, 4, 5, 3, 4, 3, 5, 3, 4), "36-50", False),
    ("3", "٣٤٥٢١٣٤٥٢١٣" "١" "ن", (3, 4, 5, 2, 1, 3, 4, 5, 2, 1, 3), "10-25", True),
    # unanswered items: Space on item 2, 0 on item 7 (a required item blank: flagged, saved)
    (None, "5 445404354" "4" "ل", (5, 0, 4, 4, 5, 4, 0, 4, 3, 5, 4), "51+", False),
    # answers outside the scale (7, 9) are refused and do not move
    ("٥", "4479" "455544443" "0" " ", (4, 4, 4, 5, 5, 5, 4, 4, 4, 4, 3), "", None),
    (None, "22334455112" " " "1", (2, 2, 3, 3, 4, 4, 5, 5, 1, 1, 2), "", True),
    (qr_payload("SF-TST-000007", "beneficiary", 1), "55545554555" "2" "2", (5, 5, 5, 4, 5, 5, 5, 4, 5, 5, 5),
     "26-35", False),
    # Backspace twice clears items 10 and 9, keyed again; item 11 left blank
    ("SF-TST-000008", "3333333334" "<<" "440" "1" "1", (3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 0), "10-25", True),
    (None, "12345123451" "2" "ن", (1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1), "26-35", True),
    (None, "4444444444" "5" "3" "2", (4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5), "36-50", False),
]


def test_ten_paper_forms_keyed_with_the_keyboard_alone(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication, artifacts: Path) -> None:
    desk = survey_desk(services, admin, copies=12)
    panel = make_panel(qtbot, services, desk)
    assert panel.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert panel.number_edit.text() == "١"  # the first form, pre-filled
    for n, (typed, keys, _scores, _age, _first) in enumerate(TEN_FORMS, 1):
        open_form(qtbot, panel, typed)
        assert panel.form_number == f"SF-TST-{n:06}", panel.message.text()
        assert focused() is panel.sheet
        if n == 5:  # 7 and 9 on item 4: refused, the current item stays
            press(qtbot, "447")
            assert panel.current_row == 2
            assert panel.message.isVisible()
            press(qtbot, "9")
            assert panel.current_row == 2
            assert panel.model.answers[2] == 0
            keys = keys[4:]
        if n == 8:  # the correction is checked on the way: two Backspaces clear items 10 and 9
            press(qtbot, "3333333334")
            assert panel.current_row == 10
            press(qtbot, "<<")
            assert panel.current_row == 8
            assert panel.model.answers[8] == 0 and panel.model.answers[9] == 0
            keys = keys[12:]
        press(qtbot, keys)
        if n == 1:
            panel.grab().save(str(artifacts / "survey_entry_keyed_ar.png"))
        save(qtbot, panel)
        if n == 1:
            assert panel.number_edit.text() == "٢"  # the next paper of the stack, pre-filled
    wait_saved(qtbot, panel)

    saved = {r.form_number: r for r in services.survey_entry.responses(desk.quality, desk.programme.number)}
    assert len(saved) == 10
    for n, (_typed, _keys, scores, age, first) in enumerate(TEN_FORMS, 1):
        r = saved[f"SF-TST-{n:06}"]
        assert r.scores == scores, n
        assert (r.age_group, r.first_time) == (age, first), n
    assert saved["SF-TST-000004"].flags == (FLAG_MISSING_REQUIRED,)

    summary = services.survey_analysis.summary(desk.quality, SurveyQuery(programmes=(desk.programme.number,)))
    assert summary.responses == 10
    for item in summary.items:
        answers = [s[item.number - 1] for _t, _k, s, _a, _f in TEN_FORMS if s[item.number - 1]]
        assert item.answered == len(answers)
        assert item.mean == pytest.approx(statistics.mean(answers))
    assert "١٠" in panel.counts_label.text() and "١٢" in panel.counts_label.text()
    assert panel.number_edit.text() == "١١"  # the next form of the stack, ready for Enter


def test_bad_form_numbers_and_answers_change_nothing(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication, artifacts: Path) -> None:
    desk = survey_desk(services, admin, copies=3)
    other = services.programmes.add(desk.quality, "دورة الحاسب")
    services.survey_forms.reserve(desk.quality, other.number, "beneficiary", 1)  # form 4: another programme
    panel = make_panel(qtbot, services, desk)

    for typed in ("4", "99", qr_payload("SF-TST-000004", "beneficiary", 1), "abc"):
        panel.number_edit.selectAll()
        open_form(qtbot, panel, typed)
        assert panel.message.isVisible() and panel.message.text()
        assert panel.form_number == ""
        assert focused() is panel.number_edit
    assert "لهذا البرنامج" in panel.message.text() or "رقم نموذج" in panel.message.text()
    panel.number_edit.selectAll()
    open_form(qtbot, panel, "99")
    panel.grab().save(str(artifacts / "survey_entry_refused_ar.png"))

    panel.number_edit.selectAll()
    open_form(qtbot, panel, "1")
    assert panel.form_number == "SF-TST-000001"
    press(qtbot, "55")
    for key in "796":
        press(qtbot, key)
        assert panel.current_row == 2
        assert panel.model.answers[2] == 0
    press(qtbot, "443355441" "1")
    save(qtbot, panel)
    wait_saved(qtbot, panel)
    assert services.survey_entry.batch(desk.quality, desk.programme.number).keyed == 1

    # the same paper again: refused at once, nothing saved
    panel.number_edit.selectAll()
    open_form(qtbot, panel, "1")
    assert panel.form_number == ""
    assert panel.message.isVisible()
    assert "SF-TST-000001" in panel.message.text()
    assert len(services.survey_entry.responses(desk.quality, desk.programme.number)) == 1


def test_a_flagged_form_asks_for_a_note_and_is_saved_with_its_flag(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication, artifacts: Path) -> None:
    desk = survey_desk(services, admin, copies=2)
    panel = make_panel(qtbot, services, desk)
    open_form(qtbot, panel, None)
    press(qtbot, "55555555555" "2" "1")
    enter(qtbot)
    assert panel.flag_frame.isVisible()
    assert focused() is panel.note_edit
    assert panel.form_number == "SF-TST-000001"  # not saved yet
    type_text(panel.note_edit, "المستفيد وضع العلامة نفسها في كل البنود")
    panel.grab().save(str(artifacts / "survey_entry_flagged_ar.png"))
    with qtbot.waitSignal(panel.changed, timeout=10000):
        enter(qtbot)
    assert not panel.flag_frame.isVisible()
    (r,) = services.survey_entry.responses(desk.quality, desk.programme.number)
    assert r.flags == (FLAG_IDENTICAL,)
    assert r.note == "المستفيد وضع العلامة نفسها في كل البنود"


def test_a_correction_from_the_recent_list_and_a_withdrawal(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication,
        monkeypatch: pytest.MonkeyPatch) -> None:
    desk = survey_desk(services, admin, copies=3)
    panel = make_panel(qtbot, services, desk)
    for keys in ("54435544352" "2" "1", "44444444445" "1" "2"):
        open_form(qtbot, panel, None)
        press(qtbot, keys)
        with qtbot.waitSignal(panel.changed, timeout=10000):
            save(qtbot, panel)
    table = panel.recent_table
    assert table.rowCount() == 2
    assert "SF-TST-000001" in cell(panel, 1, 0)

    # double-click the first form's row: its answers come back; item 3 becomes 1
    rect = table.visualRect(table.model().index(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.form_number == "SF-TST-000001"
    assert focused() is panel.sheet
    assert panel.model.answers[:3] == [5, 4, 4]
    qtbot.keyClick(panel.sheet, Qt.Key.Key_Down)
    qtbot.keyClick(panel.sheet, Qt.Key.Key_Down)
    press(qtbot, "1")
    with qtbot.waitSignal(panel.changed, timeout=10000):
        enter(qtbot)
    saved = services.survey_entry.responses(desk.quality, desk.programme.number)
    responses = {r.form_number: r for r in saved}
    assert responses["SF-TST-000001"].scores == (5, 4, 1, 3, 5, 5, 4, 4, 3, 5, 2)
    assert responses["SF-TST-000001"].age_group == "26-35"
    assert responses["SF-TST-000001"].first_time is True

    # withdraw the second form: it can be keyed again
    monkeypatch.setattr(entry_panel, "confirm", lambda _parent, _text: True)
    row = next(i for i in range(table.rowCount()) if "SF-TST-000002" in cell(panel, i, 0))
    table.setCurrentCell(row, 0)
    with qtbot.waitSignal(panel.changed, timeout=10000):
        qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    assert services.survey_entry.batch(desk.quality, desk.programme.number).keyed == 1
    assert table.rowCount() == 1
    panel.number_edit.selectAll()
    open_form(qtbot, panel, "2")
    assert panel.form_number == "SF-TST-000002"


def test_a_failed_save_puts_the_form_back(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication) -> None:
    desk = survey_desk(services, admin, copies=3)
    panel = make_panel(qtbot, services, desk)
    # another desk keys form 1 after this screen read its batch
    services.survey_entry.add(desk.quality, desk.programme.number, "1", "1,1,1,1,1,1,1,1,1,1,2")
    open_form(qtbot, panel, None)
    press(qtbot, "54435544352" "2" "1")
    enter(qtbot)
    assert panel.number_edit.text() == "٢"  # the next form is ready at once
    qtbot.waitUntil(lambda: panel.saving == 0, timeout=10000)
    assert panel.form_number == "SF-TST-000001"  # back, with its answers
    assert panel.model.answers[:11] == [5, 4, 4, 3, 5, 5, 4, 4, 3, 5, 2]
    assert panel.message.isVisible() and "SF-TST-000001" in panel.message.text()
    qtbot.keyClick(panel.sheet, Qt.Key.Key_Escape)
    assert panel.form_number == ""
    assert focused() is panel.number_edit


def test_second_keying_of_a_sample_gives_the_error_rate(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication, artifacts: Path) -> None:
    desk = survey_desk(services, admin, copies=6)
    for n in range(1, 7):
        services.survey_entry.add(desk.quality, desk.programme.number, str(n), "5,4,4,3,5,5,4,4,3,5,2",
                                  age_group="26-35", first_time="yes")
    panel = make_panel(qtbot, services, desk)
    assert panel.number_edit.text() == ""  # every form keyed
    qtbot.mouseClick(panel.second_check, Qt.MouseButton.LeftButton)
    sample = services.survey_entry.verification_sample(desk.quality, desk.programme.number)
    qtbot.waitUntil(lambda: panel.number_edit.text() != "", timeout=10000)
    first = sample[0]
    open_form(qtbot, panel, None)
    assert panel.form_number == first
    press(qtbot, "54435544351" "2" "1")  # one slip on item 11
    with qtbot.waitSignal(panel.changed, timeout=10000):
        save(qtbot, panel)
    qtbot.waitUntil(lambda: "%" in panel.rate_label.text() or "٪" in panel.rate_label.text(), timeout=10000)
    v = services.survey_entry.verification(desk.quality, desk.programme.number)
    assert (v.forms, v.items_differing) == (1, 1)
    panel.grab().save(str(artifacts / "survey_entry_second_ar.png"))
    # a form already keyed twice is refused in this mode
    panel.number_edit.selectAll()
    open_form(qtbot, panel, first)
    assert panel.form_number == "" and panel.message.isVisible()


def test_english_mode(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication, artifacts: Path) -> None:
    desk = survey_desk(services, admin, copies=4)
    services.survey_entry.add(desk.quality, desk.programme.number, "1", "5,4,4,3,5,5,4,4,3,5,2",
                              age_group="26-35", first_time="yes")
    panel = make_panel(qtbot, services, desk)
    apply_language(arabic_app, "en")
    assert panel.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert panel.counts_label.text() == "Keyed 1 of 4"
    open_form(qtbot, panel, None)
    assert panel.form_number == "SF-TST-000002"
    press(qtbot, "4435")
    assert panel.model.current == 4
    assert panel.model.headerData(2, Qt.Orientation.Horizontal) == "1 Strongly\ndisagree"
    qtbot.wait(50)  # the layouts settle left to right
    panel.grab().save(str(artifacts / "survey_entry_en.png"))
    apply_language(arabic_app, "ar")
    assert "١" in panel.counts_label.text()
