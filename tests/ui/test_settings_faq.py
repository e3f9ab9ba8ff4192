"""The settings the complaints desk reads: departments, frequent questions, SLA priorities."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QTableWidget, QTableWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.complaints import vocab
from app.errors import PermissionDenied
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.ui.conftest import type_text
from ui.common.widgets import select_row
from ui.settings import SettingsPage
from ui.settings.choice_list_editor import ChoiceListEditor
from ui.settings.faq_dialog import FaqDialog
from ui.settings.faq_editor import FaqEditor
from ui.settings.history_summary import summarize
from ui.settings.section import SettingSection
from ui.settings.sla_rules_editor import PRIORITY, SlaRulesEditor
from ui.settings.widgets import ERROR_STYLE

pytestmark = pytest.mark.usefixtures("drain")

ANSWER_REQUIRED = "Every question needs its approved answer in Arabic."


# --- helpers ------------------------------------------------------------------------

def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item


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


def faq_section(qtbot: QtBot, page: SettingsPage) -> tuple[SettingSection, FaqEditor]:
    page.show_section("faq")
    section = page.sections["faq"]
    editor = section.editor
    assert isinstance(editor, FaqEditor)
    return section, editor


def open_new_question(qtbot: QtBot, editor: FaqEditor) -> FaqDialog:
    """Add… from the keyboard: Space on the focused button."""
    editor.add_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(editor.add_button, Qt.Key.Key_Space)
    dialog = editor.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def focused(dialog: QWidget) -> QWidget:
    widget = dialog.focusWidget()
    assert widget is not None
    return widget


def history_rows(qtbot: QtBot, section: SettingSection) -> list[list[str]]:
    qtbot.mouseClick(section.history_button, Qt.MouseButton.LeftButton)
    dialog = section.history_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.loaded)
    rows = [[cell(dialog.table, r, c).text() for c in range(4)] for r in range(dialog.table.rowCount())]
    dialog.close()
    return rows


# --- departments --------------------------------------------------------------------

def test_add_a_department_by_keyboard(qtbot: QtBot, services: AppServices, admin: Actor, rtl: None,
                                      artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    page.show_section("departments")
    section = page.sections["departments"]
    editor = section.editor
    assert isinstance(editor, ChoiceListEditor)
    table = editor.table
    assert cell(table, 0, 1).text() == "شؤون المراكز"

    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    row = table.rowCount() - 1
    for text in ("legal", "الشؤون القانونية", "Legal affairs"):
        line = [e for e in table.viewport().findChildren(QLineEdit) if not e.isHidden()]
        assert len(line) == 1
        type_text(line[0], text)
        qtbot.keyClick(line[0], Qt.Key.Key_Tab)
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    table.setCurrentCell(4, 1)  # finance: deactivated
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    table.setCurrentCell(row, 1)
    page.grab().save(str(artifacts / "settings_departments_ar.png"))
    save(qtbot, section)

    departments = {d["id"]: d for d in services.settings.get("departments")}
    assert departments["legal"] == {"id": "legal", "ar": "الشؤون القانونية", "en": "Legal affairs",
                                    "active": True}
    assert departments["finance"]["active"] is False
    assert [c.id for c in services.settings.choices("departments")][-1] == "legal"
    rows = history_rows(qtbot, section)
    assert rows[0][1] == "admin"
    assert "الشؤون القانونية" in rows[0][3] and "الإدارة المالية" in rows[0][3]


# --- frequent questions -------------------------------------------------------------

def test_add_a_question_by_keyboard_and_save(qtbot: QtBot, services: AppServices, admin: Actor,
                                            rtl: None, artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    section, editor = faq_section(qtbot, page)
    before = len(services.settings.get("faq"))
    assert editor.table.rowCount() == before
    assert cell(editor.table, 0, 0).text() == "ما أوقات الدوام الرسمي؟"
    assert cell(editor.table, 0, 1).text() == "What are the opening hours?"

    dialog = open_new_question(qtbot, editor)
    assert focused(dialog) is dialog.question_ar_edit
    type_text(focused(dialog), "هل تقبلون التبرعات العينية؟")
    qtbot.keyClick(focused(dialog), Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.answer_ar_edit
    type_text(focused(dialog), "نعم، في المقر الرئيسي.")
    qtbot.keyClick(focused(dialog), Qt.Key.Key_Return)  # a new line, not the OK button
    type_text(focused(dialog), "اتصل على ٨٠٠ ٢٤٥ ٠٢٤٥ لتحديد موعد.")
    qtbot.keyClick(focused(dialog), Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.question_en_edit
    type_text(focused(dialog), "Do you accept donations in kind?")
    qtbot.keyClick(focused(dialog), Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.answer_en_edit
    assert dialog.answer_en_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    type_text(focused(dialog), "Yes, at the head office.")
    dialog.grab().save(str(artifacts / "settings_faq_dialog_ar.png"))
    qtbot.keyClick(focused(dialog), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.dialog is None)

    row = editor.table.rowCount() - 1
    assert row == before
    assert cell(editor.table, row, 0).text() == "هل تقبلون التبرعات العينية؟"
    assert editor.table.currentRow() == row
    assert editor.answer_ar_view.toPlainText().startswith("نعم، في المقر الرئيسي.\n")
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)  # second to last now
    assert editor.table.currentRow() == row - 1
    page.grab().save(str(artifacts / "settings_faq_ar.png"))
    save(qtbot, section)

    assert section.feedback.styleSheet() != ERROR_STYLE
    faq = services.settings.get("faq")
    assert len(faq) == before + 1
    new = faq[-2]
    assert new["id"].startswith("faq-")
    assert {k: v for k, v in new.items() if k != "id"} == {
        "ar": "هل تقبلون التبرعات العينية؟", "en": "Do you accept donations in kind?",
        "answer_ar": "نعم، في المقر الرئيسي.\nاتصل على ٨٠٠ ٢٤٥ ٠٢٤٥ لتحديد موعد.",
        "answer_en": "Yes, at the head office.", "active": True}
    assert faq[-1]["id"] == "volunteer"
    # the intake form's search finds it
    assert [e.id for e in services.complaints.faq("التبرعات العينيه")] == [new["id"]]
    rows = history_rows(qtbot, section)
    assert rows[0][1] == "admin"
    assert rows[0][3] == i18n.ngettext("Question added: {names}", "Questions added: {names}", 1).format(
        names="هل تقبلون التبرعات العينية؟")


def test_edit_deactivate_and_reorder(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    page = make_page(qtbot, services, admin)
    section, editor = faq_section(qtbot, page)
    select_row(editor.table, 1)
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)  # Enter on a row edits it
    dialog = editor.dialog
    assert dialog is not None
    assert dialog.question_ar_edit.text() == "كيف أسجل مستفيدًا جديدًا؟"
    dialog.answer_ar_edit.selectAll()
    type_text(dialog.answer_ar_edit, "بزيارة أقرب مركز.")
    qtbot.keyClick(dialog.question_ar_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.dialog is None)

    select_row(editor.table, 0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)  # saved: deactivated, kept
    assert cell(editor.table, 0, 2).checkState() == Qt.CheckState.Unchecked
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    save(qtbot, section)

    faq = services.settings.get("faq")
    assert [e["id"] for e in faq[:2]] == ["register_beneficiary", "opening_hours"]
    assert faq[1]["active"] is False
    assert faq[0]["answer_ar"] == "بزيارة أقرب مركز."
    assert "opening_hours" not in [e.id for e in services.complaints.faq("")]
    line = history_rows(qtbot, section)[0][3]
    assert "ما أوقات الدوام الرسمي؟" in line and "كيف أسجل مستفيدًا جديدًا؟" in line


def test_a_question_without_arabic_answer_is_refused(qtbot: QtBot, services: AppServices, admin: Actor,
                                                     rtl: None, artifacts: Path) -> None:
    page = make_page(qtbot, services, admin)
    section, editor = faq_section(qtbot, page)
    stored = services.settings.get("faq")
    dialog = open_new_question(qtbot, editor)
    type_text(dialog.question_ar_edit, "هل يوجد موقف للسيارات؟")
    type_text(dialog.answer_en_edit, "Yes.")
    qtbot.keyClick(dialog.question_ar_edit, Qt.Key.Key_Return)

    assert dialog.isVisible()  # refused: the dialog stays open
    assert dialog.errors["answer_ar"].text() == _(ANSWER_REQUIRED)
    assert not dialog.errors["answer_ar"].isHidden()
    assert dialog.errors["ar"].isHidden()
    assert focused(dialog) is dialog.answer_ar_edit
    dialog.grab().save(str(artifacts / "settings_faq_refused_ar.png"))
    qtbot.keyClick(dialog.answer_ar_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.dialog is None)
    assert editor.table.rowCount() == len(stored)

    # The service refuses such a list too, however it got there, and says so.
    bad = [*stored, {"id": "parking", "ar": "هل يوجد موقف؟", "en": "", "answer_ar": " ", "active": True}]
    editor.load({"faq": bad})
    save(qtbot, section)
    assert section.feedback.styleSheet() == ERROR_STYLE
    assert section.feedback.text() == _(ANSWER_REQUIRED)
    assert editor.table.currentRow() == len(stored)  # the question at fault
    assert services.settings.get("faq") == stored
    assert services.settings.version("faq") == 1


def test_an_empty_question_is_refused_beside_it(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    page = make_page(qtbot, services, admin)
    _section, editor = faq_section(qtbot, page)
    dialog = open_new_question(qtbot, editor)
    type_text(dialog.answer_ar_edit, "جواب")
    qtbot.keyClick(dialog.question_en_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.errors["ar"].text() == _("Type the question in Arabic.")
    assert dialog.errors["answer_ar"].isHidden()
    qtbot.keyClick(dialog.question_ar_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.dialog is None)


def test_reception_cannot_change_settings(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    services.users.add(admin, "rec", "reception", "rec-pass-12", "موظف الاستقبال")
    clerk = services.users.login("rec", "rec-pass-12")
    page = make_page(qtbot, services, clerk)
    for name in ("faq", "departments"):
        assert page.sections[name].save_button.isHidden()
    _section, editor = faq_section(qtbot, page)
    assert editor.add_button.isHidden() and editor.remove_button.isHidden()
    assert not cell(editor.table, 0, 2).flags() & Qt.ItemFlag.ItemIsUserCheckable
    select_row(editor.table, 0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    assert editor.dialog is None  # nothing to edit
    assert editor.answer_ar_view.toPlainText().startswith("من الأحد إلى الخميس")  # but the answers show

    stored = services.settings.get("faq")
    changed = [{**stored[0], "answer_ar": "جواب آخر"}, *stored[1:]]
    with pytest.raises(PermissionDenied):
        services.settings.set_many(clerk, {"faq": changed})
    with pytest.raises(PermissionDenied):
        services.settings.set(clerk, "departments", services.settings.get("departments")[:1])
    assert services.settings.get("faq") == stored
    assert services.settings.version("faq") == 1


def test_english_layout(qtbot: QtBot, services: AppServices, admin: Actor, themed: QApplication,
                        artifacts: Path) -> None:
    i18n.set_language("en")
    page = make_page(qtbot, services, admin)
    _section, editor = faq_section(qtbot, page)
    select_row(editor.table, 1)
    assert editor.answer_en_view.toPlainText().startswith("Visit the nearest centre")
    page.grab().save(str(artifacts / "settings_faq_en.png"))


# --- SLA priorities ------------------------------------------------------------------

def test_sla_rules_offer_the_complaint_priorities(qtbot: QtBot, services: AppServices, admin: Actor) -> None:
    from ui.settings import labels

    assert labels.COMPLAINT_TYPES == vocab.TYPES
    assert list(labels.PRIORITIES) == ["*", "normal", "high", "urgent"]
    page = make_page(qtbot, services, admin)
    page.show_section("sla_rules")
    section = page.sections["sla_rules"]
    editor = section.editor
    assert isinstance(editor, SlaRulesEditor)
    editor.table.setCurrentCell(0, PRIORITY)
    editor.table.editItem(cell(editor.table, 0, PRIORITY))
    combos = [c for c in editor.table.viewport().findChildren(QComboBox) if not c.isHidden()]
    assert len(combos) == 1
    combo = combos[0]
    assert [combo.itemData(i) for i in range(combo.count())] == ["*", "normal", "high", "urgent"]
    assert combo.itemText(0) == _("Any priority")
    combo.setCurrentIndex(2)  # high
    editor.table.setCurrentCell(1, 0)  # the editor commits as it closes
    save(qtbot, section)
    assert services.settings.get("sla_rules")[0]["priority"] == "high"


# --- history sentences -----------------------------------------------------------------

def test_history_describes_faq_changes() -> None:
    old = [{"id": "a", "ar": "متى؟", "en": "When?", "answer_ar": "غدًا", "answer_en": "Tomorrow"},
           {"id": "b", "ar": "أين؟", "en": "Where?", "answer_ar": "هنا", "answer_en": "Here"}]
    new = [{**old[1], "active": False},
           {**old[0], "en": "When exactly?", "answer_ar": "بعد غد"},
           {"id": "c", "ar": "كيف؟", "en": "How?", "answer_ar": "هكذا", "answer_en": "So"}]
    i18n.set_language("en")
    assert summarize("faq", old, new) == (
        "Question added: How?; Question deactivated: Where?; "
        "Question reworded: When? → When exactly?; Answer changed: When exactly?")
    assert summarize("faq", old, [old[1], old[0]]) == "Order changed"
    two = summarize("faq", [], old)
    assert two == "Questions added: When?, Where?"
    assert summarize("departments", [], [{"id": "x", "ar": "س", "en": "X"}]) == "Added: X"
    i18n.set_language("ar")
    arabic = summarize("faq", old, new)
    assert "كيف؟" in arabic and "أين؟" in arabic and "When" not in arabic
