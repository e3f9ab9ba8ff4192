"""The intake form over real services, driven by the keyboard alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.complaints.records import ComplaintQuery
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.complaints import intake_dialog, labels
from ui.complaints.intake_dialog import IntakeDialog

pytestmark = pytest.mark.usefixtures("drain")

CLIENT_NAME = "عبدالرحمن بن إبراهيم الغامدي"
CLIENT_MOBILE = "0551234567"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Documents the dialog asked the computer to open (never opened for real in tests)."""
    paths: list[Path] = []

    def record(path: Path) -> bool:
        paths.append(path)
        return True

    monkeypatch.setattr(labels, "open_document", record)
    return paths


def make_dialog(qtbot: QtBot, services: AppServices, actor: Actor) -> IntakeDialog:
    dialog = IntakeDialog(services, actor)
    qtbot.addWidget(dialog)
    dialog.resize(1080, 700)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    qtbot.waitUntil(lambda: dialog.faq.list.count() > 0)
    dialog.activateWindow()
    return dialog


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def tab(qtbot: QtBot, times: int = 1) -> None:
    for _i in range(times):
        widget = focused()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_Tab)


def ctrl_enter(qtbot: QtBot) -> None:
    widget = focused()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def rows(services: AppServices, actor: Actor) -> int:
    return services.complaints.count(actor, ComplaintQuery())


def find_and_pick(qtbot: QtBot, dialog: IntakeDialog, text: str) -> None:
    """Type ``text`` in the person field and pick the first match with Enter."""
    assert focused() is dialog.finder.edit
    type_text(dialog.finder.edit, text)
    qtbot.waitUntil(dialog.finder.popup_visible, timeout=5000)
    qtbot.keyClick(dialog.finder.edit, Qt.Key.Key_Return)


# --- tests -------------------------------------------------------------------------------

def test_a_client_found_by_an_unnormalised_name_keyboard_only(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication,
        artifacts: Path) -> None:
    client = services.clients.register(admin, CLIENT_NAME, CLIENT_MOBILE, kinds=("beneficiary",))
    dialog = make_dialog(qtbot, services, admin)
    assert focused() is dialog.type_buttons["complaint"]
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft

    tab(qtbot)  # → channel
    assert focused() is dialog.channel_combo
    qtbot.keyClick(dialog.channel_combo, Qt.Key.Key_Down)  # walk-in → phone
    tab(qtbot)  # → centre
    qtbot.keyClick(dialog.centre_combo, Qt.Key.Key_Down)  # → the head office
    tab(qtbot, 3)  # category, priority → the person
    find_and_pick(qtbot, dialog, "عبد الرحمن ابراهيم")
    assert dialog.finder.client is not None
    assert dialog.finder.client.client_number == client.number
    assert dialog.finder.chip.isVisible()
    assert client.number in dialog.finder.chip_label.text()
    assert not dialog.name_edit.isVisible()
    assert focused() is dialog.description_edit
    type_text(dialog.description_edit, "تأخر صرف المساعدة الشهرية للأسرة منذ شهرين دون إبلاغ.")
    qtbot.wait(20)  # the layout settles (the quick contact's row went away)
    dialog.grab().save(str(artifacts / "complaints_intake_ar.png"))
    qtbot.keyClick(dialog.description_edit, Qt.Key.Key_Tab)
    assert dialog.description_edit.toPlainText().endswith("إبلاغ.")  # Tab moved on, typed nothing

    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        ctrl_enter(qtbot)
    reference = saved.args[0]
    detail = services.complaints.get(admin, reference)
    assert detail.client_number == client.number
    assert detail.row.name == CLIENT_NAME
    assert detail.row.mobile == "+966551234567"
    assert detail.row.type == "complaint"
    assert detail.row.channel == "phone"
    assert detail.row.centre == "HQ"
    assert detail.status == "received"
    assert dialog.stack.currentIndex() == intake_dialog.DONE_PAGE
    assert reference in dialog.done_reference.text()
    assert reference in dialog.done_message.toPlainText()
    dialog.grab().save(str(artifacts / "complaints_intake_saved_ar.png"))


def test_a_client_found_by_an_arabic_indic_mobile(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication) -> None:
    client = services.clients.register(admin, CLIENT_NAME, CLIENT_MOBILE, kinds=("beneficiary",))
    services.clients.register(admin, "سعود الحربي", "0509876543")
    dialog = make_dialog(qtbot, services, admin)
    QTest.keyClick(dialog, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # Alt+2: an inquiry
    assert dialog.current_type() == "inquiry"
    tab(qtbot, 5)  # channel, centre, category, priority → the person
    find_and_pick(qtbot, dialog, "٠٥٥١٢٣٤٥٦٧")
    assert not dialog.finder.popup_visible()  # the list closed on the pick
    assert dialog.finder.client is not None and dialog.finder.client.client_number == client.number
    type_text(dialog.description_edit, "يسأل عن موعد صرف المساعدة.")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        ctrl_enter(qtbot)
    detail = services.complaints.get(admin, saved.args[0])
    assert detail.client_number == client.number
    assert detail.row.type == "inquiry"
    assert detail.status == "received"


def test_an_empty_description_is_refused_beside_it(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication) -> None:
    dialog = make_dialog(qtbot, services, admin)
    type_text(dialog.name_edit, "سارة العتيبي")
    type_text(dialog.mobile_edit, "0509876543")
    dialog.description_edit.setFocus()
    type_text(dialog.description_edit, "   ")
    ctrl_enter(qtbot)
    message = _("Write what the person said: the description cannot be empty.")
    qtbot.waitUntil(lambda: dialog.error_text("description") == message, timeout=5000)
    assert focused() is dialog.description_edit
    assert dialog.stack.currentIndex() == intake_dialog.FORM_PAGE
    assert rows(services, admin) == 0


def test_a_quick_contact_with_an_invalid_mobile_then_fixed(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication) -> None:
    dialog = make_dialog(qtbot, services, admin)
    tab(qtbot, 5)  # → the person
    type_text(dialog.finder.edit, "سارة العتيبي")
    with qtbot.waitSignal(dialog.finder.results_shown, timeout=5000) as shown:
        pass
    assert shown.args == [0]
    tab(qtbot)  # nobody to pick: what was typed starts the quick contact
    assert focused() is dialog.name_edit
    assert dialog.name_edit.text() == "سارة العتيبي"
    tab(qtbot)
    assert focused() is dialog.mobile_edit
    assert dialog.mobile_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    type_text(dialog.mobile_edit, "٠٥١٢")
    tab(qtbot)
    assert focused() is dialog.description_edit
    type_text(dialog.description_edit, "الموظف لم يرد على الاتصال.")
    ctrl_enter(qtbot)
    qtbot.waitUntil(lambda: dialog.error_text("mobile") != "", timeout=5000)
    assert "05XXXXXXXX" in dialog.error_text("mobile")
    assert focused() is dialog.mobile_edit
    assert rows(services, admin) == 0

    dialog.mobile_edit.selectAll()
    type_text(dialog.mobile_edit, "٠٥٠ ٩٨٧ ٦٥٤٣")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        ctrl_enter(qtbot)
    assert dialog.error_text("mobile") == ""
    detail = services.complaints.get(admin, saved.args[0])
    assert (detail.row.name, detail.row.mobile) == ("سارة العتيبي", "+966509876543")
    assert detail.client_number is None


def test_an_inquiry_answered_from_the_faq_and_closed_in_one_step(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication) -> None:
    dialog = make_dialog(qtbot, services, admin)
    assert not dialog.answer_close_button.isVisible()
    QTest.keyClick(dialog, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert dialog.answer_close_button.isVisible() and not dialog.answer_close_button.isEnabled()
    type_text(dialog.name_edit, "خالد الزهراني")
    type_text(dialog.mobile_edit, "0561112233")
    qtbot.keyClick(dialog.mobile_edit, Qt.Key.Key_F2)
    assert focused() is dialog.faq.search
    with qtbot.waitSignal(dialog.faq.loaded, timeout=5000):
        type_text(dialog.faq.search, "الدوام")
    assert dialog.faq.list.count() == 1
    entry = dialog.faq.current()
    assert entry is not None and entry.id == "opening_hours"
    qtbot.keyClick(dialog.faq.search, Qt.Key.Key_Return)
    assert dialog.answer_edit.toPlainText() == entry.answer
    assert dialog.description_edit.toPlainText() == entry.question
    assert dialog.answer_close_button.isEnabled()
    assert focused() is dialog.answer_close_button
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.keyClick(dialog.answer_close_button, Qt.Key.Key_Return)
    detail = services.complaints.get(admin, saved.args[0])
    assert detail.row.type == "inquiry"
    assert detail.status == "closed"
    assert detail.answer == entry.answer
    assert detail.row.answered_at is not None and detail.closed_at is not None
    steps = [e.text for e in services.complaints.timeline(admin, detail.reference) if e.kind == "move"]
    assert len(steps) == 2
    assert entry.answer in dialog.done_message.toPlainText()


def test_the_channel_centre_and_print_choice_are_remembered(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication,
        opened: list[Path]) -> None:
    first = make_dialog(qtbot, services, admin)
    first.channel_combo.setCurrentIndex(first.channel_combo.findData("whatsapp"))
    first.centre_combo.setCurrentIndex(first.centre_combo.findData("JED-SAFA"))
    first.print_check.setChecked(labels.slip_available())
    type_text(first.name_edit, "منى القحطاني")
    type_text(first.mobile_edit, "0531234567")
    first.description_edit.setFocus()
    type_text(first.description_edit, "اقتراح بتمديد ساعات العمل في المركز.")
    QTest.keyClick(first, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(first.saved, timeout=5000) as saved:
        ctrl_enter(qtbot)
    if labels.slip_available():
        qtbot.waitUntil(lambda: bool(opened), timeout=10000)
        assert opened[0].is_file() and opened[0].suffix == ".pdf"
        assert opened[0].is_relative_to(services.location.data_dir / "cache")  # type: ignore[union-attr]
    detail = services.complaints.get(admin, saved.args[0])
    assert (detail.row.type, detail.row.channel, detail.row.centre) == ("suggestion", "whatsapp", "JED-SAFA")

    # The next person: "New intake" keeps them, and so does the next dialog.
    qtbot.keyClick(first.another_button, Qt.Key.Key_Return)
    assert first.stack.currentIndex() == intake_dialog.FORM_PAGE
    assert first.description_edit.toPlainText() == "" and first.name_edit.text() == ""
    assert first.current_type() == "complaint"
    assert first.channel_combo.currentData() == "whatsapp"
    first.close()
    second = make_dialog(qtbot, services, admin)
    assert second.channel_combo.currentData() == "whatsapp"
    assert second.centre_combo.currentData() == "JED-SAFA"
    assert second.print_check.isChecked() == labels.slip_available()


def test_the_message_is_copied_and_the_slip_printed_after_saving(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication,
        opened: list[Path]) -> None:
    dialog = make_dialog(qtbot, services, admin)
    type_text(dialog.name_edit, "فهد الشمري")
    type_text(dialog.mobile_edit, "0541234567")
    dialog.description_edit.setFocus()
    type_text(dialog.description_edit, "شكر لفريق المركز على حسن الاستقبال.")
    QTest.keyClick(dialog, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    reference = saved.args[0]
    with qtbot.waitSignal(dialog.message_copied):
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    clipboard = QGuiApplication.clipboard()
    assert reference in clipboard.text()
    assert "فهد الشمري" in clipboard.text()
    if not labels.slip_available():
        pytest.skip("app.complaints.slip is not there yet")
    with qtbot.waitSignal(dialog.slip_written, timeout=10000) as written:
        qtbot.keyClick(dialog.another_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    path = Path(written.args[0])
    assert path.is_file() and path.stat().st_size > 1000
    assert opened == [path]


def test_the_form_in_english(qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication,
                             artifacts: Path) -> None:
    apply_language(arabic_app, "en")
    services.clients.register(admin, CLIENT_NAME, CLIENT_MOBILE, kinds=("beneficiary", "donor"))
    dialog = make_dialog(qtbot, services, admin)
    assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert dialog.type_buttons["inquiry"].text() == "Inquiry"
    QTest.keyClick(dialog, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    dialog.finder.setFocus()
    type_text(dialog.finder.edit, "0551")
    qtbot.waitUntil(dialog.finder.popup_visible, timeout=5000)
    assert "CL-TST-000001" in dialog.finder.popup.item(0).text()
    dialog.grab().save(str(artifacts / "complaints_intake_en.png"))


def test_an_earlier_contact_and_a_client_number_are_found(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication) -> None:
    client = services.clients.register(admin, CLIENT_NAME, CLIENT_MOBILE, kinds=("beneficiary",))
    dialog = make_dialog(qtbot, services, admin)
    type_text(dialog.name_edit, "سارة العتيبي")
    type_text(dialog.mobile_edit, "0509876543")
    dialog.description_edit.setFocus()
    type_text(dialog.description_edit, "استفسار عن موعد الزيارة المنزلية.")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        ctrl_enter(qtbot)
    qtbot.keyClick(dialog.another_button, Qt.Key.Key_Return)

    # The same person again: found among the earlier contacts, by the beginning of her name.
    dialog.finder.setFocus()
    find_and_pick(qtbot, dialog, "ساره")
    assert dialog.finder.client is None
    assert (dialog.name_edit.text(), dialog.mobile_edit.text()) == ("سارة العتيبي", "050 987 6543")
    assert focused() is dialog.description_edit

    # A client by the number on their card, typed in lower case.
    dialog.finder.setFocus()
    type_text(dialog.finder.edit, client.number.lower())
    qtbot.waitUntil(dialog.finder.popup_visible, timeout=5000)
    assert [m.client_number for m in dialog.finder.matches()] == [client.number]
    qtbot.keyClick(dialog.finder.edit, Qt.Key.Key_Down)  # stays on the only match
    qtbot.keyClick(dialog.finder.edit, Qt.Key.Key_Return)
    assert dialog.finder.client is not None and dialog.finder.client.client_number == client.number
    assert not dialog.name_edit.isVisible()

    # Cleared with its button: a quick contact again, the search has the focus.
    qtbot.mouseClick(dialog.finder.clear_button, Qt.MouseButton.LeftButton)
    assert dialog.finder.client is None and dialog.name_edit.isVisible()
    assert focused() is dialog.finder.edit


def test_a_channel_removed_meanwhile_is_refused_beside_it(
        qtbot: QtBot, services: AppServices, admin: Actor, arabic_app: QApplication) -> None:
    dialog = make_dialog(qtbot, services, admin)
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData("letter"))
    channels = [c for c in services.settings.get("channels") if c["id"] != "letter"]
    services.settings.set(admin, "channels", channels)
    type_text(dialog.name_edit, "سارة العتيبي")
    type_text(dialog.mobile_edit, "0509876543")
    dialog.description_edit.setFocus()
    type_text(dialog.description_edit, "خطاب من الأسرة.")
    ctrl_enter(qtbot)
    qtbot.waitUntil(lambda: dialog.error_text("channel") != "", timeout=5000)
    assert "letter" in dialog.error_text("channel")
    assert focused() is dialog.channel_combo
    assert rows(services, admin) == 0
