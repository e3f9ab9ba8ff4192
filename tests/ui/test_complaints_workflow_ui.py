"""The complaint dialog over real services: every step by its button, notes, actions, files."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from app.complaints.records import ComplaintDetail, NewComplaint
from app.complaints.vocab import STATUSES
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.ui.conftest import type_text
from ui.complaints import detail_dialog, labels
from ui.complaints.detail_dialog import ComplaintDialog
from ui.complaints.move_dialog import ActionDialog, MoveDialog

pytestmark = pytest.mark.usefixtures("drain")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    paths: list[Path] = []

    def record(path: Path) -> bool:
        paths.append(path)
        return True

    monkeypatch.setattr(labels, "open_document", record)
    return paths


@pytest.fixture
def officer(services: AppServices, admin: Actor) -> Actor:
    services.users.add(admin, "officer", "relations_officer", "officer-pass-1", "سارة العتيبي")
    return services.users.login("officer", "officer-pass-1")


def add_complaint(services: AppServices, actor: Actor) -> ComplaintDetail:
    return services.complaints.add(actor, NewComplaint(
        type="complaint", channel="walk_in", centre="JED-SAFA", category="service_delay",
        name="أم عبدالله الحربي", mobile="0551234567",
        description="تأخر صرف السلة الغذائية لهذا الشهر، وراجعت المركز مرتين دون أن أحصل على موعد واضح "
                    "للتسليم، وأرجو إفادتي بسبب التأخير."))


def make_dialog(qtbot: QtBot, services: AppServices, actor: Actor, reference: str) -> ComplaintDialog:
    dialog = ComplaintDialog(services, actor, reference)
    qtbot.addWidget(dialog)
    dialog.resize(1180, 760)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    return dialog


def click_step(qtbot: QtBot, dialog: ComplaintDialog, target: str) -> MoveDialog | None:
    """Press the step's button; a step taken at once is waited for, a form is returned open."""
    button = dialog.move_buttons[target]
    if target in detail_dialog.NEEDS_INPUT:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert dialog.move_dialog is not None and dialog.move_dialog.isVisible()
        return dialog.move_dialog
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return None


def confirm(qtbot: QtBot, dialog: ComplaintDialog, move: MoveDialog) -> None:
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(move.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.move_dialog is None


def choose(combo: QComboBox | None, value: object) -> None:
    assert combo is not None
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def step_text(old: str, new: str) -> str:
    return _("{old} → {new}").format(old=_(STATUSES[old]), new=_(STATUSES[new]))


def timeline_texts(dialog: ComplaintDialog) -> list[str]:
    return [dialog.timeline_list.item(i).text() for i in range(dialog.timeline_list.count())]


# --- tests -------------------------------------------------------------------------------

def test_every_step_by_its_button(qtbot: QtBot, services: AppServices, admin: Actor, officer: Actor,
                                  arabic_app: QApplication, artifacts: Path) -> None:
    item = add_complaint(services, admin)
    ref = item.reference
    dialog = make_dialog(qtbot, services, admin, ref)
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert ref in dialog.title.text()
    assert dialog.status_badge.text() == _(STATUSES["received"])
    assert list(dialog.move_buttons) == ["acknowledged", "assigned", "under_study", "answered", "cancelled"]
    assert dialog.detail_values["centre"].text().endswith("مركز حي الصفا")
    assert "هـ" in dialog.detail_values["answer_due"].text()  # the Hijri date beside the Gregorian one
    assert dialog.detail_labels["closed"].isHidden()

    with qtbot.waitSignal(dialog.changed) as changed:
        click_step(qtbot, dialog, "acknowledged")
    assert changed.args == [ref]
    assert services.complaints.get(admin, ref).status == "acknowledged"

    move = click_step(qtbot, dialog, "assigned")
    assert move is not None and move.assignee_combo is not None
    combo = move.assignee_combo
    qtbot.waitUntil(lambda: combo.count() > 2)
    choose(move.department_combo, "centre_affairs")
    choose(move.assignee_combo, "officer")
    type_text(move.note_edit, "يرجى التواصل مع الأسرة اليوم.")  # type: ignore[arg-type]
    confirm(qtbot, dialog, move)
    now = services.complaints.get(admin, ref)
    assert (now.status, now.row.assignee, now.department) == ("assigned", "officer", "centre_affairs")
    assert "سارة العتيبي" in dialog.detail_values["assigned"].text()
    assert "شؤون المراكز" in dialog.detail_values["assigned"].text()

    click_step(qtbot, dialog, "under_study")
    assert services.complaints.get(admin, ref).status == "under_study"

    move = click_step(qtbot, dialog, "answered")
    assert move is not None and move.answer_edit is not None
    type_text(move.answer_edit, "تم صرف السلة يوم الأحد، ونعتذر عن التأخير.")
    confirm(qtbot, dialog, move)
    assert services.complaints.get(admin, ref).answer == "تم صرف السلة يوم الأحد، ونعتذر عن التأخير."
    assert list(dialog.move_buttons) == ["closed", "reopen", "cancelled"]

    move = click_step(qtbot, dialog, "closed")
    assert move is not None and move.rating_note_edit is not None
    choose(move.rating_combo, 4)
    type_text(move.rating_note_edit, "شكرًا على المتابعة.")
    move.grab().save(str(artifacts / "complaint_close_dialog_ar.png"))
    confirm(qtbot, dialog, move)
    closed = services.complaints.get(admin, ref)
    assert (closed.status, closed.rating, closed.rating_note) == ("closed", 4, "شكرًا على المتابعة.")
    assert "٤ – " in dialog.detail_values["rating"].text()
    assert list(dialog.move_buttons) == ["reopen"]
    qtbot.wait(20)  # the layout settles
    dialog.grab().save(str(artifacts / "complaint_dialog_ar.png"))

    click_step(qtbot, dialog, "reopen")
    reopened = services.complaints.get(admin, ref)
    assert (reopened.status, reopened.reopen_count) == ("under_study", 1)

    move = click_step(qtbot, dialog, "cancelled")
    assert move is not None and move.reason_edit is not None
    qtbot.mouseClick(move.ok_button, Qt.MouseButton.LeftButton)  # no reason: refused beside it
    qtbot.waitUntil(lambda: move.error_text("reason") == _("Write why the item is cancelled."), timeout=5000)
    assert services.complaints.get(admin, ref).status == "under_study"
    type_text(move.reason_edit, "قدّمت الأسرة الطلب نفسه مرتين.")
    confirm(qtbot, dialog, move)
    cancelled = services.complaints.get(admin, ref)
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "قدّمت الأسرة الطلب نفسه مرتين.")
    assert list(dialog.move_buttons) == ["reopen"]

    texts = timeline_texts(dialog)
    for old, new in (("received", "acknowledged"), ("acknowledged", "assigned"), ("assigned", "under_study"),
                     ("under_study", "answered"), ("answered", "closed"), ("closed", "under_study"),
                     ("under_study", "cancelled")):
        assert any(t.startswith(step_text(old, new)) for t in texts), (old, new)
    assert any("يرجى التواصل مع الأسرة اليوم." in t for t in texts)
    assert any("قدّمت الأسرة الطلب نفسه مرتين." in t for t in texts)
    assert len(dialog.timeline) == len(services.complaints.timeline(admin, ref))


def test_notes_actions_and_files(qtbot: QtBot, services: AppServices, admin: Actor, officer: Actor,
                                 arabic_app: QApplication, opened: list[Path], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch, artifacts: Path) -> None:
    ref = add_complaint(services, admin).reference
    dialog = make_dialog(qtbot, services, admin, ref)

    type_text(dialog.note_edit, "اتصلت بالأسرة ولم ترد.")
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(dialog.note_button, Qt.MouseButton.LeftButton)
    assert dialog.note_edit.toPlainText() == ""
    assert any("اتصلت بالأسرة ولم ترد." in t for t in timeline_texts(dialog))

    qtbot.mouseClick(dialog.add_action_button, Qt.MouseButton.LeftButton)
    action = dialog.action_dialog
    assert isinstance(action, ActionDialog)
    qtbot.waitUntil(lambda: action.owner_combo.count() >= 2)
    type_text(action.description_edit, "مراجعة جدول توزيع السلال في المركز.")
    choose(action.owner_combo, "officer")
    due = date.today() + timedelta(days=10)
    action.due_edit.setDate(QDate(due.year, due.month, due.day))
    assert "هـ" in action.due_dual.text()
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(action.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.actions_table.rowCount() == 1
    stored = services.complaints.get(admin, ref).actions
    assert [(a.owner, a.due, a.done_at) for a in stored] == [("officer", due, None)]
    assert not dialog.done_action_button.isEnabled()
    dialog.select_action(0)
    assert dialog.done_action_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(dialog.done_action_button, Qt.MouseButton.LeftButton)
    assert services.complaints.get(admin, ref).actions[0].done_at is not None
    qtbot.wait(20)
    dialog.grab().save(str(artifacts / "complaint_dialog_actions_ar.png"))

    letter = tmp_path / "خطاب الأسرة.txt"
    letter.write_text("نص الخطاب", encoding="utf-8")
    monkeypatch.setattr(detail_dialog, "choose_file", lambda parent: letter)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
    assert dialog.files_list.count() == 1
    assert letter.name in dialog.files_list.item(0).text()
    dialog.files_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.open_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert opened[0].name == letter.name
    assert opened[0].read_text(encoding="utf-8") == "نص الخطاب"

    kinds = [e.kind for e in dialog.timeline]
    assert {"note", "action", "action_done", "attachment"} <= set(kinds)

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ref in QGuiApplication.clipboard().text(), timeout=5000)
    if labels.slip_available():
        with qtbot.waitSignal(dialog.slip_written, timeout=10000) as written:
            qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        assert Path(written.args[0]).is_file()
        assert opened[-1] == Path(written.args[0])


def test_reception_sees_only_its_own_steps(qtbot: QtBot, services: AppServices, admin: Actor,
                                           officer: Actor, arabic_app: QApplication) -> None:
    services.users.add(admin, "rec", "reception", "rec-pass-12", "نورة")
    reception = services.users.login("rec", "rec-pass-12")
    ref = add_complaint(services, reception).reference
    dialog = make_dialog(qtbot, services, reception, ref)
    assert "cancelled" not in dialog.move_buttons
    assert "acknowledged" in dialog.move_buttons
    assert dialog.add_action_button.isHidden() and dialog.done_action_button.isHidden()
    assert not dialog.attach_button.isHidden()

    services.complaints.move(admin, ref, "assigned", assignee="officer")
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.reload()
    assert dialog.move_buttons == {}
    assert dialog.no_moves.isVisible()


def test_the_dialog_follows_a_language_switch(qtbot: QtBot, services: AppServices, admin: Actor,
                                               arabic_app: QApplication) -> None:
    from ui.application import apply_language

    ref = add_complaint(services, admin).reference
    dialog = make_dialog(qtbot, services, admin, ref)
    assert dialog.move_buttons["acknowledged"].text() == _("Acknowledge")
    apply_language(arabic_app, "en")
    assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert dialog.move_buttons["acknowledged"].text() == "Acknowledge"
    assert dialog.status_badge.text() == "Received"
    assert dialog.detail_values["centre"].text() == "Al-Safa neighbourhood centre"
    assert dialog.tabs.tabText(0) == "Timeline"
