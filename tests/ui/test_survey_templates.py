"""The survey templates tab and editor: add, reorder, save in place, a new version once answered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.templates import new_item_id
from tests.surveys_people import SurveyDesk, survey_desk
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.common.texts import number_text
from ui.surveys.template_editor import TemplateEditor
from ui.surveys.templates_tab import TemplatesTab

pytestmark = pytest.mark.usefixtures("drain")


def shot(qtbot: QtBot, widget: QWidget, path: Path) -> None:
    """A screenshot for a person to look at, once the layouts have caught up with the texts."""
    qtbot.wait(30)
    widget.grab().save(str(path))


NEW_QUESTION = "كان موظفو الاستقبال متعاونين"


@pytest.fixture
def desk(services: AppServices, admin: Actor) -> SurveyDesk:
    return survey_desk(services, admin, copies=3)


def make_tab(qtbot: QtBot, services: AppServices, actor: Actor) -> TemplatesTab:
    tab = TemplatesTab(services, actor)
    qtbot.addWidget(tab)
    tab.resize(1100, 420)
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        tab.show()
    return tab


def open_editor(qtbot: QtBot, tab: TemplatesTab, key: str) -> TemplateEditor:
    assert tab.select_key(key)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    editor = tab.editor
    assert isinstance(editor, TemplateEditor)
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.title_edit, timeout=3000)
    return editor


def save(qtbot: QtBot, tab: TemplatesTab, editor: TemplateEditor) -> None:
    with qtbot.waitSignal(tab.loaded, timeout=5000), qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.keyClick(editor.questions_list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_add_reorder_save_in_place_then_a_new_version_once_answered(
        qtbot: QtBot, services: AppServices, desk: SurveyDesk, arabic_app: QApplication,
        artifacts: Path) -> None:
    tab = make_tab(qtbot, services, desk.quality)
    assert [t.key for t in tab.templates][:2] == ["beneficiary", "donor"]
    assert tab.table.item(0, 2).text() == "١"  # version
    builtin = services.survey_templates.get(desk.quality, "beneficiary")
    assert [i.kind for i in builtin.items[:11]] == ["likert"] * 11
    assert tab.table.item(0, 3).text() == number_text(len(builtin.items))  # items, suggestions, demographics
    shot(qtbot, tab, artifacts / "surveys_templates_ar.png")

    editor = open_editor(qtbot, tab, "beneficiary")
    editor.questions_list.setCurrentRow(10)  # the eleventh scale item
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.current_row() == 11
    assert QApplication.focusWidget() is editor.text_edit
    type_text(editor.text_edit, NEW_QUESTION)
    qtbot.keyClick(editor.text_edit, Qt.Key.Key_Tab)
    type_text(editor.text_en_edit, "The reception staff were helpful")
    editor.required_check.setChecked(True)
    new = editor.items[11]
    assert (new.id, new.kind, new.section, new.ar, new.required) == (
        new_item_id(builtin.items), "likert", "items", NEW_QUESTION, True)
    # Up twice: the keyboard (Ctrl+Up) and the button.
    qtbot.keyClick(editor.questions_list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert editor.current_row() == 9 and editor.items[9].ar == NEW_QUESTION
    qtbot.keyClick(editor.questions_list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_row() == 10 and editor.items[10].ar == NEW_QUESTION
    shot(qtbot, editor, artifacts / "surveys_template_editor_ar.png")
    editor.tabs.setCurrentIndex(1)
    assert NEW_QUESTION in editor.preview.toPlainText()
    shot(qtbot, editor, artifacts / "surveys_template_preview_ar.png")
    editor.tabs.setCurrentIndex(0)

    save(qtbot, tab, editor)
    saved = services.survey_templates.get(desk.quality, "beneficiary")
    assert saved.version == 1  # nobody answered: edited in place
    assert [i.ar for i in saved.likert][10] == NEW_QUESTION and len(saved.likert) == 12
    assert editor.notice.text() == "حُفظ (الإصدار ١)."
    assert len(services.survey_templates.versions(desk.quality, "beneficiary")) == 1

    # A form is keyed against version 1: the next edit makes version 2, and says so.
    services.survey_entry.add(desk.quality, desk.programme.number, "1", ",".join("4" * 12))
    editor.close()
    qtbot.waitUntil(lambda: tab.editor is None)
    tab.reload("beneficiary")
    qtbot.waitUntil(lambda: tab.current() is not None and tab.current().answered == 1, timeout=5000)
    editor = open_editor(qtbot, tab, "beneficiary")
    editor.questions_list.setCurrentRow(10)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert len([i for i in editor.items if i.kind == "likert"]) == 11
    save(qtbot, tab, editor)
    assert editor.notice.text() == "لهذا الإصدار إجابات مسجلة، فحُفظ التعديل إصدارًا جديدًا (الإصدار ٢)."
    assert tab.notice.text() == editor.notice.text()
    versions = services.survey_templates.versions(desk.quality, "beneficiary")
    assert [(t.version, len(t.likert), t.answered) for t in versions] == [(2, 11, 0), (1, 12, 1)]
    assert tab.current() is not None and tab.current().version == 2
    shot(qtbot, editor, artifacts / "surveys_template_new_version_ar.png")

    apply_language(arabic_app, "en")
    qtbot.wait(50)  # the layouts follow the longer English texts
    assert editor.notice.isVisible()
    assert editor.tabs.tabText(1) == "Preview"
    shot(qtbot, editor, artifacts / "surveys_template_editor_en.png")
    editor.tabs.setCurrentIndex(1)
    assert "Overall, I am satisfied" in editor.preview.toPlainText()
    shot(qtbot, editor, artifacts / "surveys_template_preview_en.png")
    shot(qtbot, tab, artifacts / "surveys_templates_en.png")


def test_an_empty_question_is_refused_and_nothing_saved(
        qtbot: QtBot, services: AppServices, desk: SurveyDesk, arabic_app: QApplication,
        artifacts: Path) -> None:
    tab = make_tab(qtbot, services, desk.quality)
    editor = open_editor(qtbot, tab, "donor")
    before = services.survey_templates.get(desk.quality, "donor")
    editor.questions_list.setCurrentRow(2)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)  # question 4, left without text
    editor.questions_list.setCurrentRow(0)
    editor.save()
    qtbot.waitUntil(editor.error.isVisible, timeout=5000)
    assert editor.error.text() == "السؤال رقم 4 بلا نص."
    assert editor.current_row() == 3  # the question named is selected, ready to write
    assert QApplication.focusWidget() is editor.text_edit
    shot(qtbot, editor, artifacts / "surveys_template_refused_ar.png")
    after = services.survey_templates.get(desk.quality, "donor")
    assert after.items == before.items and after.version == 1


def test_a_new_survey_with_choices_then_retired(
        qtbot: QtBot, services: AppServices, desk: SurveyDesk, arabic_app: QApplication,
        artifacts: Path) -> None:
    tab = make_tab(qtbot, services, desk.quality)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    editor = tab.editor
    assert isinstance(editor, TemplateEditor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.title_edit, timeout=3000)
    type_text(editor.title_edit, "استبيان رضا المتطوعين")
    editor.title_en_edit.setText("Volunteer satisfaction")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    type_text(editor.text_edit, "أشعر بالتقدير لجهودي التطوعية")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    type_text(editor.text_edit, "ما المجال الذي تطوعت فيه؟")
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("single"))
    editor.section_combo.setCurrentIndex(editor.section_combo.findData("demographics"))
    assert editor.options_box.isVisible()
    editor.set_options([("توزيع السلال", "Food baskets"), ("التعليم", "Teaching"), ("الإدارة", "Office")])
    item = editor.items[1]
    assert item.kind == "single" and [o.ar for o in item.options] == ["توزيع السلال", "التعليم", "الإدارة"]
    editor.tabs.setCurrentIndex(1)
    assert "◯ التعليم" in editor.preview.toPlainText()
    shot(qtbot, editor, artifacts / "surveys_template_new_preview_ar.png")
    save(qtbot, tab, editor)
    made = editor.template
    assert made is not None and made.version == 1 and made.title == "استبيان رضا المتطوعين"
    assert tab.current() is not None and tab.current().key == made.key
    editor.close()
    qtbot.waitUntil(lambda: tab.editor is None)

    with qtbot.waitSignal(tab.loaded, timeout=5000):
        qtbot.mouseClick(tab.retire_button, Qt.MouseButton.LeftButton)
    assert tab.current() is not None and tab.current().retired
    assert tab.retire_button.text() == "إعادة الاستخدام"
    assert made.key not in [t.key for t in services.survey_templates.list(desk.quality)]
