"""The surveys area: the programmes list, the programme form by keyboard, the print dialog."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices
from app.services.context import Actor
from tests.surveys_people import SurveyDesk, survey_desk
from tests.ui.conftest import type_text
from ui.application import apply_language
from ui.surveys import labels as survey_labels
from ui.surveys.print_dialog import PrintDialog, render_available
from ui.surveys.programme_dialog import ProgrammeDialog
from ui.surveys.programmes_tab import Column, ProgrammesTab

pytestmark = pytest.mark.usefixtures("drain")


def shot(qtbot: QtBot, widget: QWidget, path: Path) -> None:
    """A screenshot for a person to look at, once the layouts have caught up with the texts."""
    qtbot.wait(30)
    widget.grab().save(str(path))



@pytest.fixture
def desk(services: AppServices, admin: Actor) -> SurveyDesk:
    return survey_desk(services, admin, copies=12)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    paths: list[Path] = []

    def record(path: Path) -> bool:
        paths.append(path)
        return True

    monkeypatch.setattr(survey_labels, "open_document", record)
    return paths


def make_tab(qtbot: QtBot, services: AppServices, actor: Actor) -> ProgrammesTab:
    tab = ProgrammesTab(services, actor)
    qtbot.addWidget(tab)
    tab.resize(1280, 520)
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        tab.show()
    return tab


def plain(text: str) -> str:
    for mark in "\u2066\u2067\u2068\u2069\u200e\u200f":
        text = text.replace(mark, "")
    return text


def test_a_programme_made_by_keyboard_shows_in_the_list(
        qtbot: QtBot, services: AppServices, desk: SurveyDesk, arabic_app: QApplication,
        artifacts: Path) -> None:
    tab = make_tab(qtbot, services, desk.quality)
    assert tab.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert [p.number for p in tab.programmes] == [desk.programme.number]
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = tab.dialog
    assert isinstance(dialog, ProgrammeDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name_edit, timeout=3000)
    type_text(dialog.name_edit, "دورة الإسعافات الأولية للأمهات")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.kind_combo
    for _i in range(4):  # "" → food → orphans → housing → health
        qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.centre_combo
    qtbot.keyClick(dialog.centre_combo, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.centre_combo, Qt.Key.Key_Down)  # "" → HQ → JED-SAFA
    qtbot.keyClick(dialog.centre_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.city_edit
    type_text(dialog.city_edit, "جدة")
    shot(qtbot, dialog, artifacts / "surveys_programme_dialog_ar.png")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.keyClick(dialog.city_edit, Qt.Key.Key_Return)  # the default button: Save
    made = saved.args[0]
    assert (made.name, made.kind, made.centre, made.city) == (
        "دورة الإسعافات الأولية للأمهات", "health", "JED-SAFA", "جدة")
    assert made.starts_on == date.today() and made.status == "planned"
    qtbot.waitUntil(lambda: any(p.number == made.number for p in tab.programmes), timeout=5000)
    current = tab.current()
    assert current is not None and current.number == made.number
    row = [p.number for p in tab.programmes].index(made.number)
    assert tab.table.item(row, Column.KIND).text() == "الرعاية الصحية"
    assert tab.table.item(row, Column.CENTRE).text() == "مركز حي الصفا"
    shot(qtbot, tab, artifacts / "surveys_programmes_ar.png")

    apply_language(arabic_app, "en")
    qtbot.wait(50)  # the layouts follow the longer English texts
    assert tab.table.item(row, Column.KIND).text() == "Health care"
    assert tab.table.horizontalHeaderItem(Column.PRINTED).text() == "Printed"
    shot(qtbot, tab, artifacts / "surveys_programmes_en.png")

    # Filters: the status "running" shows none, the search finds the new one by a word.
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("running"))
    qtbot.waitUntil(lambda: tab.programmes == [], timeout=5000)
    tab.status_combo.setCurrentIndex(0)
    type_text(tab.search_edit, "الإسعافات")
    qtbot.waitUntil(lambda: [p.number for p in tab.programmes] == [made.number], timeout=5000)


def test_a_programme_ending_before_it_starts_is_refused_and_nothing_saved(
        qtbot: QtBot, services: AppServices, desk: SurveyDesk, arabic_app: QApplication,
        artifacts: Path) -> None:
    tab = make_tab(qtbot, services, desk.quality)
    select = tab.select_number(desk.programme.number)
    assert select
    tab.edit_programme()
    dialog = tab.dialog
    assert isinstance(dialog, ProgrammeDialog)
    assert dialog.name_edit.text() == desk.programme.name
    dialog.dates_check.setChecked(True)
    dialog.starts_edit.setDate(QDate(2025, 7, 20))
    dialog.ends_edit.setDate(QDate(2025, 7, 10))
    assert "١٤٤٧" in dialog.starts_hijri.text()  # the Hijri day beside the Gregorian field
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error_text("ends_on") != "", timeout=5000)
    assert dialog.error_text("ends_on") == "لا يمكن أن ينتهي البرنامج قبل أن يبدأ."
    assert dialog.isVisible()
    shot(qtbot, dialog, artifacts / "surveys_programme_dates_refused_ar.png")
    again = services.programmes.get(desk.quality, desk.programme.number)
    assert (again.starts_on, again.ends_on) == (None, None)
    dialog.reject()


def test_the_print_dialog_reserves_numbers_and_prints_them_again(
        qtbot: QtBot, services: AppServices, desk: SurveyDesk, arabic_app: QApplication,
        artifacts: Path, tmp_path: Path, opened: list[Path]) -> None:
    dialog = PrintDialog(services, desk.quality, desk.programme)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    qtbot.waitUntil(lambda: len(dialog.runs) == 1, timeout=5000)
    template = dialog.template()
    assert template is not None and template.key == "beneficiary"
    assert not dialog.donors_check.isVisible()
    edit = dialog.copies_spin.lineEdit()
    edit.selectAll()
    type_text(edit, "٣٠")  # Arabic-Indic digits, as typed on an Arabic keyboard
    assert dialog.copies() == 30
    targets = [tmp_path / "forms", tmp_path / "again.pdf"]
    dialog.choose_path = lambda _default: targets.pop(0)
    with qtbot.waitSignal(dialog.printed, timeout=5000) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    run = printed.args[0]
    assert len(run.numbers) == 30
    assert (run.numbers[0], run.numbers[-1]) == ("SF-TST-000013", "SF-TST-000042")
    assert plain(dialog.range_shown()) == "النماذج SF-TST-000013 إلى SF-TST-000042"
    assert services.survey_entry.batch(desk.quality, desk.programme.number).printed == 12 + 30
    qtbot.waitUntil(lambda: len(dialog.runs) == 2, timeout=5000)

    if render_available():
        qtbot.waitUntil(lambda: dialog.last_path is not None, timeout=60000)
        path = tmp_path / "forms.pdf"
        assert dialog.last_path == path and path.read_bytes().startswith(b"%PDF")
        assert dialog.open_button.isVisible()
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        assert opened == [path]
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        assert len(pdf) >= 30
        pdf[0].render(scale=1.2).to_pil().save(str(artifacts / "surveys_printed_form_page1.png"))
        pdf.close()
    else:
        qtbot.waitUntil(lambda: "not available" in dialog.status_label.text()
                        or "غير" in dialog.status_label.text(), timeout=5000)
    shot(qtbot, dialog, artifacts / "surveys_print_dialog_ar.png")

    # Print again the first printing (the list is newest first): same numbers, none reserved.
    from ui.common.widgets import select_row

    select_row(dialog.runs_table, 1)
    assert dialog.reprint_button.isEnabled()
    first = plain(dialog.runs_table.item(1, 2).text())
    assert first == "النماذج SF-TST-000001 إلى SF-TST-000012"
    before_path = dialog.last_path
    qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_run is not None and dialog.last_run.numbers[0] == "SF-TST-000001",
                    timeout=5000)
    assert dialog.last_run is not None and len(dialog.last_run.numbers) == 12
    if render_available():
        qtbot.waitUntil(lambda: dialog.last_path != before_path, timeout=60000)
        assert (tmp_path / "again.pdf").read_bytes().startswith(b"%PDF")
    assert services.survey_entry.batch(desk.quality, desk.programme.number).printed == 42

    apply_language(arabic_app, "en")
    qtbot.wait(50)  # the layouts follow the longer English texts
    assert plain(dialog.runs_table.item(1, 2).text()) == "Forms SF-TST-000001 to SF-TST-000012"
    shot(qtbot, dialog, artifacts / "surveys_print_dialog_en.png")


def test_a_donor_survey_offers_one_addressed_copy_per_donor(
        qtbot: QtBot, services: AppServices, admin: Actor, desk: SurveyDesk, arabic_app: QApplication,
        tmp_path: Path, artifacts: Path) -> None:
    for name, mobile in (("فهد بن سعد العتيبي", "0551112222"), ("هند بنت علي الزهراني", "0553334444")):
        client = services.clients.register(admin, name, mobile, kinds=("donor",))
        services.contributions.add(admin, client.number, "donation", 500_000, date(2025, 6, 1),
                                   programme=desk.programme.name)
    dialog = PrintDialog(services, desk.quality, desk.programme)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    assert dialog.select_template("donor")
    qtbot.waitUntil(lambda: len(dialog.donors) == 2, timeout=5000)
    assert dialog.donors_check.isVisible() and dialog.donors_check.isChecked()
    assert not dialog.copies_spin.isEnabled()
    shot(qtbot, dialog, artifacts / "surveys_print_dialog_donors_ar.png")
    dialog.choose_path = lambda _default: tmp_path / "donors.pdf"
    with qtbot.waitSignal(dialog.printed, timeout=5000) as printed:
        dialog.print_new()
    run = printed.args[0]
    assert len(run.numbers) == 2 and {n for n, _name in run.donors} == {n for n, _name in dialog.donors}
    if render_available():
        qtbot.waitUntil(lambda: dialog.last_path is not None, timeout=60000)


class FakePanel(QLabel):
    def __init__(self) -> None:
        super().__init__("panel")
        self.calls: list[object] = []

    def open_programme(self, number: str) -> None:
        self.calls.append(number)

    def show_programmes(self, numbers: tuple[str, ...]) -> None:
        self.calls.append(numbers)


def test_the_page_switches_to_keying_and_analysis_with_the_programme(
        qtbot: QtBot, services: AppServices, desk: SurveyDesk, arabic_app: QApplication,
        monkeypatch: pytest.MonkeyPatch, artifacts: Path) -> None:
    from ui.surveys import page as page_module

    panels: dict[str, FakePanel] = {}

    def fake_panel(self: QWidget, module: str, _class_name: str) -> QWidget:
        panels[module] = FakePanel()
        return panels[module]

    monkeypatch.setattr(page_module.SurveysPage, "_panel", fake_panel)
    page = page_module.SurveysPage(services, desk.quality)
    qtbot.addWidget(page)
    page.resize(1280, 640)
    with qtbot.waitSignal(page.programmes.loaded, timeout=5000):
        page.show()
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "البرامج والأنشطة", "إدخال الاستبيانات", "التحليل والتقارير", "نماذج الاستبيان"]
    shot(qtbot, page, artifacts / "surveys_page_ar.png")
    qtbot.mouseClick(page.programmes.key_button, Qt.MouseButton.LeftButton)
    assert page.tabs.currentWidget() is page.entry
    assert panels["ui.surveys.entry_panel"].calls == [desk.programme.number]
    page.tabs.setCurrentWidget(page.programmes)
    qtbot.mouseClick(page.programmes.analyse_button, Qt.MouseButton.LeftButton)
    assert page.tabs.currentWidget() is page.analysis
    assert panels["ui.surveys.analysis_panel"].calls == [(desk.programme.number,)]
    apply_language(arabic_app, "en")
    qtbot.wait(50)  # the layouts follow the longer English texts
    page.tabs.setCurrentWidget(page.programmes)
    assert page.tabs.tabText(3) == "Survey templates"
    shot(qtbot, page, artifacts / "surveys_page_en.png")

    # Someone who may neither analyse nor manage programmes: no templates tab, no New or Print.
    reception = page_module.SurveysPage(services, desk.desk)
    qtbot.addWidget(reception)
    assert reception.templates is None and reception.tabs.count() == 3
    with qtbot.waitSignal(reception.programmes.loaded, timeout=5000):
        reception.show()
    assert not reception.programmes.new_button.isVisible()
    assert not reception.programmes.print_button.isVisible()


def test_a_missing_panel_shows_a_notice(qtbot: QtBot, services: AppServices, desk: SurveyDesk,
                                        arabic_app: QApplication,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from ui.surveys import page as page_module

    real = importlib.import_module

    def refuse(name: str, package: str | None = None) -> object:
        if name in ("ui.surveys.entry_panel", "ui.surveys.analysis_panel"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(page_module.importlib, "import_module", refuse)
    page = page_module.SurveysPage(services, desk.quality)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.programmes.loaded, timeout=5000):
        page.show()
    assert isinstance(page.entry, QLabel)
    assert page.entry.text() == "هذا الجزء من الاستبيانات غير متاح في هذا الإصدار."
    page.key_forms(desk.programme.number)  # nothing to open: no error
    assert page.tabs.currentWidget() is page.entry
