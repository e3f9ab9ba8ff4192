"""The settings screen over real services: edit, save, validation, history, read-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QTableWidget, QTableWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.ui.conftest import type_text
from ui.settings import SettingsPage
from ui.settings.association_form import AssociationForm
from ui.settings.calendar_editor import HolidaysEditor, WorkingWeekEditor
from ui.settings.choice_list_editor import ChoiceListEditor
from ui.settings.section import SettingSection
from ui.settings.simple_forms import SecurityForm
from ui.settings.sla_rules_editor import SlaRulesEditor
from ui.settings.widgets import ERROR_STYLE

pytestmark = pytest.mark.usefixtures("drain")

# --- helpers ------------------------------------------------------------------------

def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item


def list_text(widget: QListWidget, row: int) -> str:
    item = widget.item(row)
    assert item is not None, row
    return item.text()




def replace_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)


def open_editor(widget: QWidget) -> QLineEdit:
    """The line edit a table view opened on its current cell."""
    editors = [e for e in widget.findChildren(QLineEdit) if not e.isHidden()]
    assert len(editors) == 1, editors
    return editors[0]










def make_page(qtbot: QtBot, services: AppServices, actor: Actor) -> SettingsPage:
    page = SettingsPage(services, actor)
    qtbot.addWidget(page)
    page.resize(1150, 640)
    page.show()
    qtbot.waitUntil(lambda: all(s.isEnabled() for s in page.sections.values()))
    return page


def save(qtbot: QtBot, section: SettingSection) -> None:
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not section.feedback.isHidden())


# --- tests --------------------------------------------------------------------------

def test_edit_association_name_saves_and_history_names_the_user(
        qtbot: QtBot, services: AppServices, admin: Actor, rtl: None, artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    section = page.sections["association"]
    form = section.editor
    assert isinstance(form, AssociationForm)
    assert form.name_edit.text() == "جمعية البر الخيرية"
    assert form.phone_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight

    replace_text(qtbot, form.name_edit, "جمعية صلة للتنمية")
    replace_text(qtbot, form.phone_edit, "٠١٢ ٦٥٤ ٣٢١٠")
    save(qtbot, section)

    # version 2, in the Arabic digits of the settings
    assert section.feedback.text() == _("Saved: version {n}.").format(n="٢")
    assert services.settings.get("association.name") == "جمعية صلة للتنمية"
    assert form.phone_edit.text() == "012 654 3210"  # Latin digits keep the groups in order
    assert services.settings.get("association.phone") == "012 654 3210"
    assert services.settings.version("association.name") == 2
    page.grab().save(str(artifacts / "settings_page_ar.png"))

    qtbot.mouseClick(section.history_button, Qt.MouseButton.LeftButton)
    dialog = section.history_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.loaded)
    rows = [[cell(dialog.table, r, c).text() for c in range(4)] for r in range(dialog.table.rowCount())]
    name_rows = [r for r in rows if "جمعية صلة للتنمية" in r[3]]
    assert len(name_rows) == 1
    assert name_rows[0][1] == "admin"
    assert "جمعية البر الخيرية" in name_rows[0][3]
    assert "هـ" in name_rows[0][0]  # Hijri beside Gregorian
    dialog.grab().save(str(artifacts / "settings_history_ar.png"))


def test_empty_name_shows_the_sentence_and_changes_nothing(
        qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    page = make_page(qtbot, services, admin)
    section = page.sections["association"]
    form = section.editor
    assert isinstance(form, AssociationForm)
    replace_text(qtbot, form.email_edit, "new@example.org")
    replace_text(qtbot, form.name_edit, "   ")
    save(qtbot, section)

    assert section.feedback.styleSheet() == ERROR_STYLE
    assert _("Association name") in section.feedback.text()  # the label, not the key
    assert services.settings.get("association.name") == "جمعية البر الخيرية"
    assert services.settings.get("association.email") == "info@albir.org.sa"  # nothing half-saved
    assert services.settings.version("association.email") == 1


def test_working_week_with_no_days_is_refused(qtbot: QtBot, services: AppServices, admin: Actor,
                                              rtl: None, artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    page.show_section("working_week")
    section = page.sections["working_week"]
    editor = section.editor
    assert isinstance(editor, WorkingWeekEditor)
    assert [editor.day_boxes[d].isChecked() for d in (6, 0, 1, 2, 3, 4, 5)] == [True] * 5 + [False] * 2
    for box in editor.day_boxes.values():
        if box.isChecked():
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    save(qtbot, section)
    assert section.feedback.text() == _("The working week needs at least one working day.")
    page.grab().save(str(artifacts / "settings_week_ar.png"))
    assert services.settings.get("working_week") == [6, 0, 1, 2, 3]

    qtbot.mouseClick(section.revert_button, Qt.MouseButton.LeftButton)
    assert editor.day_boxes[6].isChecked()
    qtbot.mouseClick(editor.day_boxes[5], Qt.MouseButton.LeftButton)  # Saturday becomes a working day
    save(qtbot, section)
    assert services.settings.get("working_week") == [6, 0, 1, 2, 3, 5]


def test_add_a_centre_by_keyboard_and_deactivate_another(
        qtbot: QtBot, services: AppServices, admin: Actor, rtl: None, artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    page.show_section("centres")
    section = page.sections["centres"]
    editor = section.editor
    assert isinstance(editor, ChoiceListEditor)
    table = editor.table
    # saved identifiers cannot be edited
    assert not cell(table, 0, 0).flags() & Qt.ItemFlag.ItemIsEditable

    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    row = table.rowCount() - 1
    for text in ("RYD-NORTH", "مركز شمال الرياض", "North Riyadh centre", "riyadh"):
        editor_widget = open_editor(table.viewport())
        type_text(editor_widget, text)
        qtbot.keyClick(editor_widget, Qt.Key.Key_Tab)
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    assert cell(table, row, 0).text() == "RYD-NORTH"

    table.setCurrentCell(1, 1)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)  # a saved one: deactivated
    assert table.rowCount() == row + 1
    table.setCurrentCell(row, 1)  # so that the deactivated entry shows greyed out
    page.grab().save(str(artifacts / "settings_lists_ar.png"))
    save(qtbot, section)

    centres = {c["id"]: c for c in services.settings.get("centres")}
    assert centres["RYD-NORTH"] == {"id": "RYD-NORTH", "ar": "مركز شمال الرياض",
                                    "en": "North Riyadh centre", "active": True, "city": "riyadh"}
    assert centres["JED-SAFA"]["active"] is False
    assert not cell(table, row, 0).flags() & Qt.ItemFlag.ItemIsEditable  # saved now


def test_a_new_unsaved_entry_is_really_removed(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    page = make_page(qtbot, services, admin)
    editor = page.sections["channels"].editor
    assert isinstance(editor, ChoiceListEditor)
    count = editor.table.rowCount()
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(open_editor(editor.table.viewport()), Qt.Key.Key_Escape)
    assert editor.table.rowCount() == count + 1
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert editor.table.rowCount() == count


def test_add_a_closure_in_the_holiday_dialog(qtbot: QtBot, services: AppServices, admin: Actor,
                                             rtl: None, artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    page.show_section("holidays")
    section = page.sections["holidays"]
    editor = section.editor
    assert isinstance(editor, HolidaysEditor)
    assert "هـ" in cell(editor.table, 0, 3).text()  # next Eid al-Fitr, Hijri beside Gregorian
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    dialog = editor.dialog
    assert dialog is not None
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("fixed"))
    type_text(dialog.name_edit, "إغلاق للصيانة")
    type_text(dialog.start_edit, "٥/١/٢٠٣٠")
    type_text(dialog.end_edit, "2030-01-07")
    dialog.grab().save(str(artifacts / "settings_holiday_dialog_ar.png"))
    qtbot.keyClick(dialog.end_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.dialog is None)
    page.grab().save(str(artifacts / "settings_holidays_ar.png"))
    save(qtbot, section)
    assert services.settings.get("holidays")[-1] == {
        "kind": "fixed", "name": "إغلاق للصيانة", "start": "2030-01-05", "end": "2030-01-07"}


def test_a_wrong_holiday_day_keeps_the_dialog_open(qtbot: QtBot, services: AppServices,
                                                    admin: Actor) -> None:
    page = make_page(qtbot, services, admin)
    editor = page.sections["holidays"].editor
    assert isinstance(editor, HolidaysEditor)
    editor.open_dialog(-1)
    dialog = editor.dialog
    assert dialog is not None
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("gregorian_annual"))
    type_text(dialog.name_edit, "يوم")
    dialog.month_combo.setCurrentIndex(1)  # February
    replace_text(qtbot, dialog.day_spin.lineEdit(), "٣٠")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label.text() == _(
        "The holiday {name} starts on {day}/{month}, which is not a day of the year.").format(
        name="يوم", day=30, month=2)


def test_logo_is_loaded_previewed_and_saved(qtbot: QtBot, services: AppServices, admin: Actor,
                                            tmp_path: Path) -> None:
    page = make_page(qtbot, services, admin)
    section = page.sections["association"]
    form = section.editor
    assert isinstance(form, AssociationForm)
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    image.save(str(tmp_path / "logo.png"))
    (tmp_path / "notes.txt").write_text("not an image")

    form.load_logo_file(tmp_path / "notes.txt")
    qtbot.waitUntil(lambda: not section.feedback.isHidden())
    assert section.feedback.text() == _("The logo must be a PNG or JPEG image.")
    form.load_logo_file(tmp_path / "logo.png")
    qtbot.waitUntil(lambda: bool(form.logo))
    assert form.logo_preview.pixmap().width() > 0
    save(qtbot, section)
    assert services.settings.get("association.logo") == form.logo


def test_non_admin_sees_everything_read_only(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    services.users.add(admin, "reception1", "reception", "reception-pass-1", "موظف الاستقبال")
    clerk = services.users.login("reception1", "reception-pass-1")
    page = make_page(qtbot, services, clerk)
    for section in page.sections.values():
        assert section.save_button.isHidden()
        assert section.revert_button.isHidden()
        assert not section.history_button.isHidden()
    form = page.sections["association"].editor
    assert isinstance(form, AssociationForm)
    assert form.name_edit.isReadOnly()
    assert form.name_edit.text() == "جمعية البر الخيرية"
    centres = page.sections["centres"].editor
    assert isinstance(centres, ChoiceListEditor)
    assert centres.add_button.isHidden()
    assert not cell(centres.table, 0, 1).flags() & Qt.ItemFlag.ItemIsEditable
    week = page.sections["working_week"].editor
    assert isinstance(week, WorkingWeekEditor)
    assert not week.day_boxes[6].isEnabled()


def test_english_layout(qtbot: QtBot, services: AppServices, admin: Actor, themed: QApplication,
                        artifacts: Path) -> None:
    i18n.set_language("en")
    page = make_page(qtbot, services, admin)
    page.show_section("sla_rules")
    section = page.sections["sla_rules"]
    assert section.save_button.text() == "Save"
    assert list_text(page.section_list, 5) == "Response deadlines (working days)"
    page.grab().save(str(artifacts / "settings_sla_en.png"))


def test_security_limits_accept_arabic_indic_digits(qtbot: QtBot, services: AppServices,
                                                    admin: Actor) -> None:
    page = make_page(qtbot, services, admin)
    page.show_section("security")
    section = page.sections["security"]
    form = section.editor
    assert isinstance(form, SecurityForm)
    assert form.attempts_spin.text() == "٥"
    replace_text(qtbot, form.attempts_spin.lineEdit(), "٧")
    replace_text(qtbot, form.minutes_spin.lineEdit(), "٣٠")
    save(qtbot, section)
    assert services.settings.get("security.max_failed_logins") == 7
    assert services.settings.get("security.lockout_minutes") == 30


def test_language_change_retranslates_the_page(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    page = make_page(qtbot, services, admin)
    section = page.sections["sla_rules"]
    assert section.save_button.text() == _("Save")
    i18n.set_language("en")
    QCoreApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))
    assert section.save_button.text() == "Save"
    assert list_text(page.section_list, 0) == "Association"
    editor = section.editor
    assert isinstance(editor, SlaRulesEditor)
    assert cell(editor.table, 1, 1).text() == "Urgent"


def test_history_summaries_use_the_punctuation_of_the_language() -> None:
    from ui.settings.history_summary import summarize

    old = [{"id": "a", "ar": "أ", "en": "A"}, {"id": "b", "ar": "ب", "en": "B"}]
    new = [{"id": "a", "ar": "أ", "en": "A", "active": False}, {"id": "c", "ar": "ج", "en": "C"},
           {"id": "d", "ar": "د", "en": "D"}]
    holidays_before = [{"kind": "gregorian_annual", "name": "Founding Day", "month": 2, "day": 22}]
    holidays_after = [{"kind": "gregorian_annual", "name": "Saudi National Day", "month": 9, "day": 23},
                      {"kind": "fixed", "name": "إغلاق", "start": "2026-04-01", "end": "2026-04-01"}]
    # Arabic comma and semicolon; the arrow points left, from the old value on the right.
    assert summarize("centres", old, new) == "إضافة: ج، د؛ تعطيل: أ؛ حذف: ب"
    assert summarize("working_week", [6, 0], [6, 0, 1]) == "الأحد، الاثنين ← الأحد، الاثنين، الثلاثاء"
    assert summarize("holidays", holidays_before, holidays_after) == (
        "إضافة: اليوم الوطني، إغلاق؛ حذف: يوم التأسيس")
    i18n.set_language("en")
    assert summarize("centres", old, new) == "Added: C, D; Deactivated: A; Removed: B"
    assert summarize("working_week", [6, 0], [6, 0, 1]) == "Sunday, Monday → Sunday, Monday, Tuesday"
    assert summarize("holidays", holidays_before, holidays_after) == (
        "Added: Saudi National Day, إغلاق; Removed: Founding Day")
