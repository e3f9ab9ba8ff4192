"""The import dialog over real services and real files: columns guessed, rows checked, all or nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.clients.import_service import ClientImport
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.clients_people import RegistryPeople, registry_people
from ui.application import apply_language
from ui.clients.import_dialog import ImportDialog

pytestmark = pytest.mark.usefixtures("drain")


@pytest.fixture
def wired(services: AppServices) -> AppServices:
    """``services.client_import`` as the application wires it (made here if not wired yet)."""
    if not isinstance(getattr(services, "client_import", None), ClientImport):
        services.client_import = ClientImport(  # type: ignore[attr-defined]
            services.db, services.settings, services.client_requests, services.contributions)
    return services


@pytest.fixture
def people(wired: AppServices, admin: Actor) -> RegistryPeople:
    return registry_people(wired, admin)


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def client_list(tmp_path: Path) -> Path:
    return _xlsx(tmp_path / "عملاء المركز.xlsx", [
        ["اسم العميل", "رقم الجوال", "رقم الهوية", "نوع العميل", "المدينة", "الحي", "ملاحظات"],
        ["أحمد علي الغامدي", "0551234567", 1012345678, "مانح / داعم", "جدة", "الصفا", ""],
        ["سارة محمد الزهراني", "٠٥٥٧٦٥٤٣٢١", None, "متطوع، مستفيد", "مكة المكرمة", "العزيزية", ""],
        ["خالد العتيبي", "12345", None, "مانح", "الطائف", "الشفا", "رقم الجوال ناقص"],
        ["منى الشهري", "0559876543", None, "مستفيد", "جدة", "الروضة", ""],
        ["", "0551112223", None, "مستفيد", "جدة", "", "بلا اسم"],
        ["هند القحطاني", "0551234567", None, "مستفيد", "جدة", "", "جوال أحمد نفسه"],
    ])


def make_dialog(qtbot: QtBot, services: AppServices, actor: Actor, kind: str = "clients") -> ImportDialog:
    dialog = ImportDialog(services, actor, kind)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.resize(1180, 720)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
    return dialog


def open_and_check(qtbot: QtBot, dialog: ImportDialog, path: Path) -> None:
    dialog.open_file(path)
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog.busy, timeout=10000)


def test_a_broken_row_stops_the_import_until_the_user_skips_it(
        qtbot: QtBot, wired: AppServices, people: RegistryPeople, arabic_app: QApplication,
        artifacts: Path, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, wired, people.steward)
    open_and_check(qtbot, dialog, client_list(tmp_path))
    assert dialog.mapping() == {"name": 0, "mobile": 1, "national_id": 2, "kinds": 3, "city": 4,
                                "neighbourhood": 5, "notes": 6}
    preview = dialog.preview
    assert preview is not None and (preview.ok, preview.bad, preview.duplicates) == (3, 2, 1)
    assert dialog.preview_model.rowCount() == 6
    assert "٦" in dialog.summary_label.text() and "٣" in dialog.summary_label.text()
    dialog.grab().save(str(artifacts / "client_import_ar.png"))

    dialog.only_problems.setChecked(True)
    assert [dialog.preview_model.row_at(i).line for i in range(dialog.preview_model.rowCount())] == [4, 6, 7]
    dialog.only_problems.setChecked(False)

    assert dialog.import_button.isEnabled() and not dialog.skip_bad.isChecked()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.error.isVisible(), timeout=10000)
    refused = _("Line {line}: {problem} Nothing was imported.").split("{problem}")[0].format(line="٤")
    assert dialog.error.text().startswith(refused)
    assert dialog.report is None
    assert wired.client_requests.pending_count(people.manager) == 0
    dialog.grab().save(str(artifacts / "client_import_refused_ar.png"))

    dialog.skip_bad.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.import_button.click()
    report = dialog.report
    assert report is not None and report.created == 3 and not report.direct
    assert [s.line for s in report.skipped] == [4, 6, 7]
    text = dialog.report_view.toPlainText()
    line = _("Line {line}: {reason}").split("{reason}")[0]
    assert line.format(line="٤") in text and line.format(line="٧") in text
    assert not dialog.import_button.isEnabled() and not dialog.error.isVisible()
    assert wired.client_requests.pending_count(people.manager) == 3
    qtbot.wait(50)  # the layout swaps the columns and rows for the report
    dialog.grab().save(str(artifacts / "client_import_done_ar.png"))


def test_changing_a_column_checks_the_rows_again(
        qtbot: QtBot, wired: AppServices, people: RegistryPeople, arabic_app: QApplication,
        tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, wired, people.steward)
    open_and_check(qtbot, dialog, client_list(tmp_path))
    dialog.set_column("mobile", None)  # without the mobiles, only the missing name is a problem
    assert dialog.preview is None and not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog.busy, timeout=10000)
    assert dialog.preview is not None and (dialog.preview.ok, dialog.preview.bad) == (5, 1)

    dialog.set_column("name", None)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.preview is None and _("Client name") in dialog.error.text()
    assert not dialog.import_button.isEnabled()


def test_a_workbook_that_is_not_one(qtbot: QtBot, wired: AppServices, people: RegistryPeople,
                                    arabic_app: QApplication, tmp_path: Path) -> None:
    fake = tmp_path / "clients.xlsx"
    fake.write_text("name,mobile\n", encoding="utf-8")
    dialog = make_dialog(qtbot, wired, people.steward)
    dialog.open_file(fake)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.error.isVisible(), timeout=5000)
    assert dialog.error.text() == _("“{name}” is not an Excel workbook.").format(name="clients.xlsx")
    assert dialog.preview is None and not dialog.import_button.isEnabled()


def test_contributions_in_english(qtbot: QtBot, wired: AppServices, admin: Actor, arabic_app: QApplication,
                                  artifacts: Path, tmp_path: Path) -> None:
    apply_language(arabic_app, "en")
    ahmad = wired.clients.register(admin, "أحمد علي", "0551234567", ("donor",))
    export = _xlsx(tmp_path / "finance-2025.xlsx", [
        ["Receipt no", "Date", "Client number", "Mobile", "Amount", "Type", "Payment method", "Programme"],
        ["R-1", datetime(2025, 10, 25), ahmad.number, None, "1,234.50", "Donation", "Bank transfer",
         "Orphans"],
        ["R-2", "25/10/2025", None, "0551234567", 500, "Pledge", "mada", "Food baskets"],
        ["R-3", "1447/05/03", ahmad.number, None, 100, "", "", ""],
    ])
    dialog = make_dialog(qtbot, wired, admin, "contributions")
    open_and_check(qtbot, dialog, export)
    assert dialog.preview is not None and (dialog.preview.ok, dialog.preview.bad) == (2, 1)
    assert dialog.summary_label.text() == "Rows: 3 — ready: 2, with problems: 1, duplicates: 0"
    dialog.grab().save(str(artifacts / "client_import_contributions_en.png"))
    dialog.skip_bad.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.import_button.click()
    assert dialog.report_view.toPlainText().splitlines()[:2] == [
        "2 contributions were recorded.", "1 row was skipped:"]
    given = wired.contributions.of_client(admin, ahmad.number)
    assert sorted(c.amount_halalas for c in given) == [50000, 123450]


def test_the_administrator_first_load_in_english(qtbot: QtBot, wired: AppServices, admin: Actor,
                                                 arabic_app: QApplication, artifacts: Path,
                                                 tmp_path: Path) -> None:
    apply_language(arabic_app, "en")
    dialog = make_dialog(qtbot, wired, admin)
    open_and_check(qtbot, dialog, client_list(tmp_path))
    dialog.grab().save(str(artifacts / "client_import_en.png"))
    dialog.skip_bad.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.import_button.click()
    assert dialog.report_view.toPlainText().splitlines()[:2] == [
        "3 clients were registered.", "3 rows were skipped:"]
    assert len(wired.clients.find(admin, "الزهراني")) == 1

