"""Importing client lists and the finance export: reading, mapping, checking, writing all or nothing."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app import i18n
from app.clients.duplicates import ExistingIndex
from app.clients.import_service import ClientImport
from app.clients.importing import (
    CLIENT_TARGETS,
    CONTRIBUTION_TARGETS,
    Table,
    guess_mapping,
    index_resolver,
    parse_amount,
    parse_day,
    read_table,
    validate_clients,
    validate_contributions,
)
from app.errors import PermissionDenied, UserError
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.settings_defaults import DEFAULT_CENTRES, DEFAULT_CHANNELS, DEFAULT_CLIENT_KINDS
from tests.clients_people import RegistryPeople

METHODS = {"transfer": "Bank transfer", "cash": "Cash", "card": "Card", "cheque": "Cheque",
           "in_kind": "In kind", "other": "Other"}


@pytest.fixture(autouse=True)
def english() -> None:
    i18n.set_language("en")


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _table(rows: list[list[str]], headers: list[str] | None = None) -> Table:
    headers = headers or ["الاسم", "الجوال", "رقم الهوية", "البريد الإلكتروني", "النوع"]
    return Table(headers, [r + [""] * (len(headers) - len(r)) for r in rows], name="list.xlsx")


def _validate(table: Table, existing: ExistingIndex | None = None, **kw: Any) -> Any:
    return validate_clients(table, guess_mapping(table.headers, CLIENT_TARGETS), DEFAULT_CLIENT_KINDS,
                            DEFAULT_CENTRES, DEFAULT_CHANNELS, existing or ExistingIndex(), **kw)


# --- reading --------------------------------------------------------------------------------------

def test_a_workbook_is_read_as_text_with_its_line_numbers(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "clients.xlsx", [
        ["اسم العميل", "الجوال", "رقم الهوية", "المبلغ", "التاريخ", "موافق"],
        ["أحمد علي", 551234567, 1012345678, 12.0, datetime(2025, 10, 25), True],
        [None, None, None, None, None, None],
        ["سارة", "٠٥٥٧٦٥٤٣٢١", None, 12.5, datetime(2025, 10, 25, 9, 30), False],
    ])
    table = read_table(path)
    assert table.headers == ["اسم العميل", "الجوال", "رقم الهوية", "المبلغ", "التاريخ", "موافق"]
    assert table.rows == [["أحمد علي", "551234567", "1012345678", "12", "2025-10-25", "TRUE"],
                          ["سارة", "٠٥٥٧٦٥٤٣٢١", "", "12.5", "2025-10-25 09:30", "FALSE"]]
    assert table.lines == [2, 4]  # the empty line 3 is dropped, the numbering is the sheet's
    assert table.name == "clients.xlsx"
    assert read_table(path, limit=1).rows == table.rows[:1]


def test_csv_in_utf8_and_in_windows_arabic(tmp_path: Path) -> None:
    utf8 = tmp_path / "a.csv"
    utf8.write_bytes("\ufeffالاسم,الجوال\nأحمد,0551234567\n\nسارة,٠٥٥٧٦٥٤٣٢١\n".encode())
    table = read_table(utf8)
    assert table.headers == ["الاسم", "الجوال"]
    assert table.rows == [["أحمد", "0551234567"], ["سارة", "٠٥٥٧٦٥٤٣٢١"]]
    assert table.lines == [2, 4]

    windows = tmp_path / "b.csv"
    windows.write_bytes("الاسم;المدينة;النوع\nأحمد;جدة;مانح\n".encode("cp1256"))
    assert read_table(windows).rows == [["أحمد", "جدة", "مانح"]]

    tabs = tmp_path / "c.txt"
    tabs.write_text("name\tmobile\nAhmad\t0551234567\n", encoding="utf-8")
    assert read_table(tabs).rows == [["Ahmad", "0551234567"]]


def test_a_workbook_that_is_not_one_is_one_sentence(tmp_path: Path) -> None:
    fake = tmp_path / "clients.xlsx"
    fake.write_text("this is a text file\nwith two lines\n", encoding="utf-8")
    with pytest.raises(UserError) as error:
        read_table(fake)
    assert error.value.code == "import-not-workbook"
    assert error.value.message == "“clients.xlsx” is not an Excel workbook."

    other_zip = tmp_path / "report.xlsx"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(UserError, match="is not an Excel workbook"):
        read_table(other_zip)

    broken = tmp_path / "broken.xlsx"
    good = _xlsx(tmp_path / "good.xlsx", [["a"], ["b"]])
    broken.write_bytes(good.read_bytes()[:300])
    with pytest.raises(UserError, match="is not an Excel workbook"):
        read_table(broken)


def test_other_unreadable_files(tmp_path: Path) -> None:
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(UserError) as error:
        read_table(old)
    assert error.value.code == "import-old-workbook"
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\n\n")
    with pytest.raises(UserError, match="has no rows to import"):
        read_table(empty)
    with pytest.raises(UserError, match="does not exist"):
        read_table(tmp_path / "missing.csv")
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(UserError, match="is not a CSV file"):
        read_table(binary)
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(UserError, match="cannot read"):
        read_table(pdf)


def test_empty_headers_get_a_name_and_short_rows_are_padded(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("name,,\nAhmad\nSara,1,2\n", encoding="utf-8")
    table = read_table(path)
    assert table.headers == ["name", "Column 2", "Column 3"]
    assert table.rows == [["Ahmad", "", ""], ["Sara", "1", "2"]]


# --- mapping ----------------------------------------------------------------------------------------

def test_arabic_and_english_headers_are_recognised() -> None:
    headers = ["م", "اسم العميل", "رقم الهاتف الجوال", "جوال آخر", "الهاتف", "رقم الهوية / السجل التجاري",
               "البريد الالكتروني", "المدينة", "الحي", "نوع العميل", "ملاحظات أخرى", "قناة الاتصال"]
    assert guess_mapping(headers, CLIENT_TARGETS) == {
        "name": 1, "mobile": 2, "mobile2": 3, "phone": 4, "national_id": 5, "email": 6, "city": 7,
        "neighbourhood": 8, "kinds": 9, "notes": 10, "channel": 11}
    assert guess_mapping(["Full Name", "Mobile", "E-mail", "Type", "City"], CLIENT_TARGETS) == {
        "name": 0, "mobile": 1, "email": 2, "kinds": 3, "city": 4}
    finance = ["رقم السند", "التاريخ", "رقم العميل", "اسم المتبرع", "المبلغ", "طريقة الدفع",
               "البرنامج / النشاط", "نوع العملية"]
    assert guess_mapping(finance, CONTRIBUTION_TARGETS) == {
        "receipt": 0, "given_on": 1, "client_number": 2, "client_name": 3, "amount": 4, "method": 5,
        "programme": 6, "kind": 7}


# --- checking client rows -------------------------------------------------------------------------

def test_every_row_says_what_is_wrong_with_it() -> None:
    preview = _validate(_table([
        ["أحمد علي", "0551234567", "1012345678", "A@X.sa", "مانح / داعم"],
        ["", "0551111111", "", "", "donor"],
        ["خالد", "12345", "", "", "donor"],
        ["منى", "", "123", "", "donor"],
        ["هند", "", "", "", "طالب"],
        ["سعد", "", "", "not-an-email", "donor"],
    ]))
    rows = preview.rows
    assert [r.line for r in rows] == [2, 3, 4, 5, 6, 7]
    assert rows[0].ok and rows[0].values["email"] == "a@x.sa" and rows[0].values["kinds"] == ["donor"]
    assert rows[1].problems == ["Write the client's name."]
    assert rows[2].problems == ["“12345” is not a Saudi mobile number; write it as 05XXXXXXXX."]
    assert "10 digits" in rows[3].problems[0]
    assert rows[4].problems == ["“طالب” is not a client kind in the settings."]
    assert rows[5].problems == ["“not-an-email” is not an email address."]
    assert (preview.ok, preview.bad, preview.duplicates) == (1, 5, 0)


def test_arabic_indic_digits_and_kind_labels() -> None:
    kinds = "متطوع، مستفيد؛ Donor / supporter"
    preview = _validate(_table([["سارة محمد", "٠٥٥٧٦٥٤٣٢١", "١٠١٢٣٤٥٦٧٨", "", kinds]]))
    values = preview.rows[0].values
    assert values["mobile"] == "+966557654321"
    assert values["national_id"] == "1012345678"
    assert values["kinds"] == ["volunteer", "beneficiary", "donor"]


def test_duplicates_of_existing_clients_and_of_earlier_rows() -> None:
    existing = ExistingIndex(names={"خالد العتيبي": "CL-TST-000007"},
                             mobiles={"+966551234567": "CL-TST-000001"},
                             emails={"old@x.sa": "CL-TST-000002"},
                             national_ids={"1000000001": "CL-TST-000003"})
    preview = _validate(_table([
        ["أحمد", "0551234567", "", "", "donor"],  # mobile of an existing client
        ["سارة", "", "1000000001", "", "donor"],  # ID of an existing client
        ["منى", "", "", "OLD@x.sa", "donor"],  # email of an existing client
        ["هند", "0557654321", "", "", "donor"],
        ["هند أخرى", "٠٥٥٧٦٥٤٣٢١", "", "", "donor"],  # same mobile as line 5
        ["خالد العتيبي", "", "", "", "donor"],  # only a name, and it is registered
        ["خالد العتيبي", "0550000001", "", "", "donor"],  # same name but a mobile: only a note
        ["فهد", "", "", "", "donor"],
        ["فَهد", "", "", "", "donor"],  # the same name folded, nothing else to tell them apart
    ]), existing)
    rows = preview.rows
    assert [r.duplicate_of for r in rows] == ["CL-TST-000001", "CL-TST-000003", "CL-TST-000002", None,
                                              "line 5", "CL-TST-000007", None, None, "line 9"]
    assert rows[0].problems == ["The mobile 055 123 4567 is already registered to client CL-TST-000001."]
    assert rows[4].problems == ["Line 5 has the same mobile."]
    assert rows[6].ok and rows[6].notes == ["Same name as client CL-TST-000007."]
    assert (preview.ok, preview.bad, preview.duplicates) == (3, 0, 6)
    assert [s.line for s in preview.skipped()] == [2, 3, 4, 6, 7, 10]


def test_choices_by_label_default_kinds_and_yes_no() -> None:
    headers = ["الاسم", "المركز", "قناة الاتصال", "الصفة", "الحالة", "الموافقة على التواصل"]
    table = Table(headers, [["أحمد", "مركز حي الصفا", "واتساب", "جهة", "غير نشط", "نعم"],
                            ["سارة", "HQ", "phone", "", "", "لا"],
                            ["هند", "", "", "", "", "ربما"]])
    preview = _validate(table, default_kinds=["beneficiary"])
    first, second, third = preview.rows
    assert first.values is not None and second.values is not None
    assert (first.values["centre"], first.values["channel"], first.values["entity"], first.values["status"],
            first.values["consent"]) == ("JED-SAFA", "whatsapp", "organisation", "inactive", True)
    assert first.values["kinds"] == ["beneficiary"]
    assert (second.values["centre"], second.values["channel"], second.values["consent"]) == (
        "HQ", "phone", False)
    assert third.problems == ["“ربما” is not yes or no."]


def test_a_mapping_without_name_or_kind_is_refused() -> None:
    table = _table([["أحمد"]])
    with pytest.raises(UserError, match="Choose the column that holds “Client name”"):
        validate_clients(table, {"mobile": 1}, DEFAULT_CLIENT_KINDS)
    with pytest.raises(UserError, match="client kind"):
        validate_clients(table, {"name": 0}, DEFAULT_CLIENT_KINDS)


def test_problems_are_written_in_the_users_language() -> None:
    i18n.set_language("ar")
    preview = _validate(_table([["", "0551111111", "", "", "donor"]]))
    assert preview.rows[0].problems == [i18n._("Write the client's name.")]
    assert preview.rows[0].problems[0] != "Write the client's name."


# --- contributions --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "halalas"), [
    ("١٬٢٣٤٫٥٠", 123450), ("1,234.50", 123450), ("100 ر.س", 10000), ("SAR 5", 500), ("٥٠٠", 50000),
    ("250.5", 25050), ("1 000", 100000), ("12.345", None), ("abc", None), ("", None), ("-5", None),
])
def test_amounts(text: str, halalas: int | None) -> None:
    assert parse_amount(text) == halalas


def test_dates() -> None:
    assert parse_day("2025-10-25") == date(2025, 10, 25)
    assert parse_day("2025-10-25 09:30") == date(2025, 10, 25)
    assert parse_day("25/10/2025") == date(2025, 10, 25)
    assert parse_day("٢٥/١٠/٢٠٢٥م") == date(2025, 10, 25)
    assert parse_day("45955") == date(2025, 10, 25)  # an Excel serial number in a CSV
    with pytest.raises(UserError, match="Hijri"):
        parse_day("1447/05/03")
    with pytest.raises(UserError, match="Hijri"):
        parse_day("03/05/1447 هـ")
    with pytest.raises(UserError, match="is not a date"):
        parse_day("31/02/2025")


def test_contribution_rows() -> None:
    known = ExistingIndex(names={"احمد علي": "CL-TST-000001", "محمد": ""},
                          mobiles={"+966557654321": "CL-TST-000002"},
                          national_ids={"1012345678": "CL-TST-000001"})
    resolve = index_resolver(known, ["CL-TST-000001", "CL-TST-000002"])
    headers = ["رقم العميل", "رقم الهوية", "الجوال", "اسم المتبرع", "المبلغ", "التاريخ", "النوع",
               "طريقة الدفع", "البرنامج", "رقم السند"]
    table = Table(headers, [
        ["cl-tst-000001", "", "", "", "١٬٢٣٤٫٥٠", "2025-10-25", "تبرع", "تحويل بنكي", "كفالة يتيم", "R-1"],
        ["", "١٠١٢٣٤٥٦٧٨", "", "", "500", "25/10/2025", "تعهد", "مدى", "", "R-2"],
        ["", "", "0557654321", "", "100", "2025-10-01", "", "نقداً", "", "R-2"],
        ["", "", "", "أحمد علي", "0", "2025-10-01", "", "", "", ""],
        ["", "", "", "محمد", "10", "2025-10-01", "", "", "", ""],
        ["CL-TST-000099", "", "", "", "10", "2025-10-01", "", "", "", ""],
        ["CL-TST-000001", "", "", "", "10", "2025-10-01", "هدية", "", "", ""],
        ["CL-TST-000001", "", "", "", "10", "2025-10-01", "", "بيتكوين", "", "OLD-1"],
        ["CL-TST-000001", "", "", "", "10", "2025-10-01", "", "", "", "old-1"],
    ])
    preview = validate_contributions(table, guess_mapping(headers, CONTRIBUTION_TARGETS), resolve, METHODS,
                                     existing_receipts={"OLD-1"})
    rows = preview.rows
    assert rows[0].values == {"client_number": "CL-TST-000001", "kind": "donation", "amount_halalas": 123450,
                              "given_on": date(2025, 10, 25), "method": "transfer", "programme": "كفالة يتيم",
                              "receipt": "R-1", "notes": ""}
    assert rows[1].values is not None and rows[1].values["kind"] == "pledge"
    assert rows[1].values["method"] == "card" and rows[1].values["client_number"] == "CL-TST-000001"
    assert rows[2].values is not None and rows[2].values["client_number"] == "CL-TST-000002"
    assert rows[2].duplicate_of == "line 3" and rows[2].problems == ["Line 3 has the same receipt reference."]
    assert rows[3].problems == ["The amount must be more than zero."]
    assert rows[4].problems == ["No registered client matches محمد."]  # two clients share the name
    assert rows[5].problems == ["There is no client with the number CL-TST-000099."]
    assert rows[6].problems == ["“هدية” is neither a donation nor a pledge."]
    assert rows[7].problems == ["“بيتكوين” is not a payment method."]
    assert rows[8].problems == ["Receipt old-1 is already recorded."]
    assert (preview.ok, preview.bad, preview.duplicates) == (2, 5, 2)


def test_a_finance_mapping_must_say_amount_date_and_who() -> None:
    table = Table(["المبلغ", "التاريخ", "البيان"], [["10", "2025-01-01", "x"]])
    resolve = index_resolver(ExistingIndex(), [])
    with pytest.raises(UserError, match="who gave"):
        validate_contributions(table, {"amount": 0, "given_on": 1}, resolve, METHODS)
    with pytest.raises(UserError, match="Amount"):
        validate_contributions(table, {"given_on": 1, "client_name": 2}, resolve, METHODS)


# --- the service: all or nothing ----------------------------------------------------------------

@pytest.fixture
def importer(services: AppServices) -> ClientImport:
    existing = getattr(services, "client_import", None)
    if isinstance(existing, ClientImport):
        return existing
    return ClientImport(services.db, services.settings, services.client_requests, services.contributions)


def _client_list(tmp_path: Path, broken: bool = True) -> Path:
    rows: list[list[Any]] = [["اسم العميل", "الجوال", "رقم الهوية", "نوع العميل", "المدينة"],
                             ["أحمد علي الغامدي", "0551234567", 1012345678, "مانح / داعم", "جدة"],
                             ["سارة محمد الزهراني", "٠٥٥٧٦٥٤٣٢١", None, "متطوع", "مكة المكرمة"]]
    if broken:
        rows.append(["خالد العتيبي", "12345", None, "مانح", "الطائف"])
    rows.append(["منى الشهري", "0559876543", None, "مستفيد", "جدة"])
    return _xlsx(tmp_path / "قائمة العملاء.xlsx", rows)


def _pending(services: AppServices, actor: Actor) -> int:
    return services.client_requests.pending_count(actor)


def test_a_broken_row_stops_the_import_unless_skipped(services: AppServices, people: RegistryPeople,
                                                      importer: ClientImport, tmp_path: Path) -> None:
    path = _client_list(tmp_path)
    head = importer.columns(people.steward, path)
    assert len(head.rows) == 4
    mapping = guess_mapping(head.headers, CLIENT_TARGETS)
    preview = importer.preview_clients(people.steward, path, mapping)
    assert (preview.ok, preview.bad, preview.duplicates) == (3, 1, 0)

    with pytest.raises(UserError) as error:
        importer.import_clients(people.steward, preview)
    assert error.value.message == ("Line 4: “12345” is not a Saudi mobile number; write it as 05XXXXXXXX. "
                                   "Nothing was imported.")
    assert _pending(services, people.manager) == 0

    report = importer.import_clients(people.steward, preview, skip_bad=True)
    assert report.created == 3 and not report.direct and report.batch
    assert [(s.line, s.reason) for s in report.skipped] == [
        (4, "“12345” is not a Saudi mobile number; write it as 05XXXXXXXX.")]
    assert _pending(services, people.manager) == 3


def test_who_may_import_clients(people: RegistryPeople, importer: ClientImport, tmp_path: Path) -> None:
    path = _client_list(tmp_path, broken=False)
    mapping = guess_mapping(importer.columns(people.officer, path).headers, CLIENT_TARGETS)
    with pytest.raises(PermissionDenied):
        importer.preview_clients(people.officer, path, mapping)  # not the steward named in the settings
    with pytest.raises(PermissionDenied):
        importer.preview_clients(people.reception, path, mapping)
    preview = importer.preview_clients(people.steward, path, mapping)
    with pytest.raises(PermissionDenied):
        importer.import_clients(people.officer, preview)


def test_the_administrator_loads_a_new_registry_directly(services: AppServices, admin: Actor,
                                                          importer: ClientImport, tmp_path: Path) -> None:
    path = _client_list(tmp_path, broken=False)
    mapping = guess_mapping(importer.columns(admin, path).headers, CLIENT_TARGETS)
    preview = importer.preview_clients(admin, path, mapping)
    assert preview.registry_empty and preview.ok == 3
    report = importer.import_clients(admin, preview)
    assert report.created == 3 and report.direct and report.skipped == []
    found = services.clients.find(admin, "سارة الزهراني")
    assert [c.mobile for c in found] == ["+966557654321"]

    again = importer.preview_clients(admin, path, mapping)  # the same file a second time
    assert (again.ok, again.duplicates) == (0, 3)
    with pytest.raises(UserError, match="Line 2: The national ID 1012345678 is already registered"):
        importer.import_clients(admin, again)
    with pytest.raises(UserError, match="No row is ready"):
        importer.import_clients(admin, again, skip_bad=True)


def test_contributions_from_the_finance_export(services: AppServices, admin: Actor, importer: ClientImport,
                                               tmp_path: Path) -> None:
    ahmad = services.clients.register(admin, "أحمد علي", "0551234567", ("donor",))
    export = _xlsx(tmp_path / "finance.xlsx", [
        ["رقم السند", "التاريخ", "رقم العميل", "الجوال", "المبلغ", "النوع", "طريقة الدفع", "البرنامج"],
        ["R-1", datetime(2025, 10, 25), ahmad.number, None, "١٬٢٣٤٫٥٠", "تبرع", "تحويل بنكي", "كفالة يتيم"],
        ["R-2", "25/10/2025", None, "0551234567", 500, "تعهد", "مدى", "السلال الغذائية"],
        ["R-3", "1447/05/03", ahmad.number, None, 100, "", "", ""],
    ])
    mapping = guess_mapping(importer.columns(admin, export).headers, CONTRIBUTION_TARGETS)
    preview = importer.preview_contributions(admin, export, mapping)
    assert (preview.ok, preview.bad) == (2, 1)
    with pytest.raises(UserError, match=r"Line 4: .* looks like a Hijri date.* Nothing was imported"):
        importer.import_contributions(admin, preview)
    assert services.contributions.of_client(admin, ahmad.number) == []
    report = importer.import_contributions(admin, preview, skip_bad=True)
    assert report.created == 2 and [s.line for s in report.skipped] == [4]
    given = services.contributions.of_client(admin, ahmad.number)
    assert sorted(c.amount_halalas for c in given) == [50000, 123450]

    again = importer.preview_contributions(admin, export, mapping)
    assert again.ok == 0 and again.duplicates == 2  # the receipts are recorded now
    with pytest.raises(UserError, match="not a client list"):
        importer.import_clients(admin, again)
