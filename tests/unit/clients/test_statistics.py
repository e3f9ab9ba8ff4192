"""Client statistics over real data: clients made through approved requests, contributions
added through the service, grouped by the database; the Excel export and the PDF read back."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from app import i18n
from app.clients.fields import STATUS_LABELS
from app.clients.statistics import (
    DIMENSIONS,
    ClientStatistics,
    StatsFilter,
    StatsReport,
    count_text,
    export_xlsx,
    month_label,
    percent_text,
    riyals_text,
)
from app.clients.statistics_pdf import write_stats_pdf
from app.config import resolve
from app.errors import PermissionDenied, UserError
from app.i18n import _
from app.persistence.models import Client
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.roles import Role
from tests.clients_people import PASSWORD, RegistryPeople, registry_people
from tests.conftest import ADMIN_NAME, ADMIN_PASSWORD
from tests.unit.printing.pdfcheck import glyphs, lines, page_count, save_pages, visual, words_rtl


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("ar")


@pytest.fixture
def stats(services: AppServices) -> ClientStatistics:
    return ClientStatistics(services.db, services.settings)


def make_client(services: AppServices, manager: Actor, name: str, mobile: str, **values: Any) -> str:
    """A client created through a manager's (at once approved) request; returns its number."""
    detail = services.client_requests.propose_create(manager, {
        "name": name, "mobile": mobile, "kinds": ["beneficiary"], **values})
    assert detail.summary.status == "approved"
    return detail.summary.client_number


def backdate(services: AppServices, number: str, at: datetime) -> None:
    """Pretend the client was registered at ``at`` (UTC)."""
    with services.db.engine.begin() as conn:
        conn.execute(update(Client).where(Client.number == number).values(created_at=at))


def fill_registry(services: AppServices, m: Actor) -> dict[str, str]:
    """Seven clients: kinds (one with two), cities (one not given), owners, centres; contributions."""
    numbers = {
        "ahmad": make_client(services, m, "أحمد عبدالله الشهري", "0555000001", kinds=["donor", "volunteer"],
                             city="جدة", neighbourhood="الصفا", centre="JED-SAFA", owner="steward"),
        "sara": make_client(services, m, "سارة محمد الزهراني", "0555000002", kinds=["donor"], city="جدة",
                            neighbourhood="الروضة", centre="JED-SAFA", owner="steward"),
        "khalid": make_client(services, m, "خالد فهد العتيبي", "0555000003", kinds=["beneficiary"],
                              city="مكة المكرمة", neighbourhood="العزيزية", centre="MAK-AZIZIYAH",
                              owner="deputy"),
        "noura": make_client(services, m, "نورة سعد القحطاني", "0555000004", kinds=["beneficiary"],
                             city="جدة", neighbourhood="الروضة", owner="deputy", status="inactive"),
        "huda": make_client(services, m, "هدى ناصر الدوسري", "0555000005", kinds=["volunteer"],
                            city="مكة المكرمة", neighbourhood="الروضة"),
        "fahad": make_client(services, m, "فهد علي الغامدي", "0555000006", kinds=["beneficiary"]),
        "org": make_client(services, m, "شركة الخير للتجارة", "0555000007", kinds=["donor"],
                           entity="organisation", city="الطائف", centre="TAIF-SHAFA", owner="steward"),
    }
    add = services.contributions.add
    add(m, numbers["ahmad"], "donation", 150_000, date(2025, 1, 10), programme="كفالة يتيم")
    add(m, numbers["ahmad"], "donation", 50_050, date(2025, 2, 3))
    add(m, numbers["ahmad"], "pledge", 300_000, date(2025, 2, 3))
    add(m, numbers["sara"], "donation", 25_000, date(2025, 1, 20))
    add(m, numbers["org"], "donation", 1_000_000, date(2025, 3, 1), method="transfer")
    add(m, numbers["org"], "pledge", 500_000, date(2025, 3, 1))
    add(m, numbers["khalid"], "pledge", 10_000, date(2025, 3, 5))
    return numbers


@dataclass(frozen=True)
class Seed:
    folder: Path
    people: RegistryPeople
    numbers: dict[str, str]


@pytest.fixture(scope="module")
def seed(template_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Seed:
    """The registry made once per module (the people's passwords are slow to hash), copied per test."""
    folder = tmp_path_factory.mktemp("client-stats") / "data"
    shutil.copytree(template_dir, folder)
    services = AppServices.open(resolve(str(folder)))
    try:
        people = registry_people(services, services.users.login(ADMIN_NAME, ADMIN_PASSWORD))
        numbers = fill_registry(services, people.manager)
    finally:
        services.close()
    return Seed(folder, people, numbers)


@pytest.fixture
def services(seed: Seed, tmp_path: Path) -> Iterator[AppServices]:
    """A copy of the seeded registry (the tests may change it)."""
    folder = tmp_path / "data"
    shutil.copytree(seed.folder, folder)
    svc = AppServices.open(resolve(str(folder)))
    yield svc
    svc.close()


@pytest.fixture
def people(seed: Seed) -> RegistryPeople:
    return seed.people


@pytest.fixture
def registry(seed: Seed) -> dict[str, str]:
    return seed.numbers


def by_key(report: StatsReport) -> dict[str, tuple[int, int, int, int]]:
    return {r.key: (r.clients, r.donated_halalas, r.pledged_halalas, r.contributors) for r in report.rows}


# --- grouping ------------------------------------------------------------------------------


def test_a_client_of_two_kinds_counts_under_both_and_once_in_the_total(
        stats: ClientStatistics, people: RegistryPeople, registry: dict[str, str],
        services: AppServices) -> None:
    report = stats.report(people.officer, "kind")
    counts = {r.key: r.clients for r in report.rows}
    assert counts == {"donor": 3, "volunteer": 2, "beneficiary": 3}
    assert sum(counts.values()) == 8 and report.total.clients == 7  # Ahmad is in two rows
    assert report.overlapping and len(report.notes) == 1
    labels = {c.id: c.label for c in services.settings.choices("client_kinds")}
    assert {r.key: r.label for r in report.rows} == {k: labels[k] for k in counts}
    # Largest first; a tie is broken by the label.
    assert [r.clients for r in report.rows] == [3, 3, 2]
    donors = by_key(report)["donor"]
    assert donors == (3, 150_000 + 50_050 + 25_000 + 1_000_000, 300_000 + 500_000, 3)
    assert report.total.donated_halalas == 1_225_050 and report.total.pledged_halalas == 810_000
    assert report.total.contributors == 4
    # Shares of the clients measure are out of the distinct total: they add up beyond 100%.
    assert report.share(report.rows[0]) == pytest.approx(3 / 7)


def test_per_city_with_the_city_not_given_last(stats: ClientStatistics, people: RegistryPeople,
                                                registry: dict[str, str]) -> None:
    report = stats.report(people.officer, "city")
    assert [(r.key, r.label, r.clients) for r in report.rows] == [
        ("جدة", "جدة", 3), ("مكة المكرمة", "مكة المكرمة", 2), ("الطائف", "الطائف", 1),
        ("", _("(not given)"), 1)]
    assert not report.overlapping and not report.notes
    assert report.total.clients == sum(r.clients for r in report.rows) == 7
    # By money: the organisation in Taif gave the most.
    donated = stats.report(people.officer, "city", "donated")
    assert [r.key for r in donated.rows][:2] == ["الطائف", "جدة"]
    assert by_key(donated)["جدة"] == (3, 225_050, 300_000, 2)


def test_neighbourhoods_are_told_apart_by_city(stats: ClientStatistics, people: RegistryPeople,
                                               registry: dict[str, str]) -> None:
    report = stats.report(people.officer, "neighbourhood")
    rows = {r.key: (r.label, r.clients) for r in report.rows}
    assert rows["جدة|الروضة"] == (_("{neighbourhood} ({city})").format(neighbourhood="الروضة", city="جدة"), 2)
    assert rows["مكة المكرمة|الروضة"][1] == 1
    assert rows[""] == (_("(not given)"), 2)  # Fahad and the organisation
    assert report.rows[-1].key == ""


def test_per_centre_status_and_owner(stats: ClientStatistics, people: RegistryPeople,
                                     registry: dict[str, str], services: AppServices) -> None:
    centres = {c.id: c.label for c in services.settings.choices("centres")}
    report = stats.report(people.officer, "centre")
    assert [(r.key, r.label, r.clients) for r in report.rows] == [
        ("JED-SAFA", centres["JED-SAFA"], 2), ("TAIF-SHAFA", centres["TAIF-SHAFA"], 1),
        ("MAK-AZIZIYAH", centres["MAK-AZIZIYAH"], 1), ("", _("(not given)"), 3)]  # ties: by label

    status = stats.report(people.officer, "status")
    assert [(r.key, r.label, r.clients) for r in status.rows] == [
        ("active", _(STATUS_LABELS["active"]), 6), ("inactive", _(STATUS_LABELS["inactive"]), 1)]

    owners = stats.report(people.officer, "owner", "donated")
    assert [(r.key, r.label) for r in owners.rows] == [
        ("steward", "سارة الزهراني"), ("deputy", "منى الغامدي"), ("", _("(not given)"))]
    assert by_key(owners) == {
        "steward": (3, 150_000 + 50_050 + 25_000 + 1_000_000, 300_000 + 500_000, 3),
        "deputy": (2, 0, 10_000, 1),
        "": (2, 0, 0, 0),
    }
    pledged = stats.report(people.officer, "owner", "pledged")
    assert [r.key for r in pledged.rows] == ["steward", "deputy", ""]
    assert pledged.share(pledged.rows[0]) == pytest.approx(800_000 / 810_000)


def test_per_month_of_registration_in_local_time(stats: ClientStatistics, people: RegistryPeople,
                                                 registry: dict[str, str], services: AppServices,
                                                 riyadh_time: None) -> None:
    backdate(services, registry["ahmad"], datetime(2024, 11, 15, 9, 0, tzinfo=UTC))
    backdate(services, registry["sara"], datetime(2025, 1, 5, 9, 0, tzinfo=UTC))
    # 22:30 UTC on 31 January is 01:30 on 1 February in Riyadh.
    backdate(services, registry["khalid"], datetime(2025, 1, 31, 22, 30, tzinfo=UTC))
    for name in ("noura", "huda", "fahad", "org"):
        backdate(services, registry[name], datetime(2025, 2, 10, 12, 0, tzinfo=UTC))
    report = stats.report(people.officer, "month")
    # December had no new client: it is shown, as zero, so the chart's time axis is even.
    assert [(r.key, r.clients) for r in report.rows] == [
        ("2024-11", 1), ("2024-12", 0), ("2025-01", 1), ("2025-02", 5)]
    assert by_key(report)["2024-11"] == (1, 200_050, 300_000, 1)
    assert report.rows[-1].label == month_label("2025-02")
    assert report.chart_rows(2) == report.rows[-2:]
    only_feb = stats.report(people.officer, "month", filters=StatsFilter(created_from=date(2025, 2, 1),
                                                                          created_to=date(2025, 2, 28)))
    assert [(r.key, r.clients) for r in only_feb.rows] == [("2025-02", 5)]


def test_month_labels_name_the_hijri_months(english: None) -> None:
    assert month_label("2025-02") == "February 2025 — Shaban 1446 AH"
    assert month_label("2025-03") == "March 2025 — Ramadan–Shawwal 1446 AH"
    assert month_label("2024-07") == "July 2024 — Dhu al-Hijjah 1445 – Muharram 1446 AH"


def test_month_labels_in_arabic() -> None:
    text = month_label("2025-02")
    assert "فبراير" in text and "شعبان" in text and "١٤٤٦" in text and "٢٠٢٥" in text


def test_filters_and_merged_clients(stats: ClientStatistics, people: RegistryPeople, registry: dict[str, str],
                                    services: AppServices) -> None:
    jeddah = stats.report(people.officer, "kind", filters=StatsFilter(city="جدة"))
    assert {r.key: r.clients for r in jeddah.rows} == {"donor": 2, "volunteer": 1, "beneficiary": 1}
    assert jeddah.total.clients == 3
    donors = stats.report(people.officer, "city", filters=StatsFilter(kind="donor", status="active"))
    assert {r.key: r.clients for r in donors.rows} == {"جدة": 2, "الطائف": 1}
    # A merged client is a tombstone: gone from the figures, its contributions moved to the kept one.
    services.client_requests.propose_merge(people.manager, registry["ahmad"], registry["sara"])
    after = stats.report(people.officer, "city", "donated")
    assert by_key(after)["جدة"] == (2, 225_050, 300_000, 1)
    assert after.total.clients == 6


def test_every_dimension_and_measure_runs_on_an_empty_registry(data_dir: Path) -> None:
    empty = AppServices.open(resolve(str(data_dir)))
    stats = ClientStatistics(empty.db, empty.settings)
    admin = empty.users.login(ADMIN_NAME, ADMIN_PASSWORD)
    for by in DIMENSIONS:
        for measure in ("clients", "donated", "pledged"):
            report = stats.report(admin, by, measure)
            assert report.rows == [] and report.total.clients == 0
            assert report.share(report.total) is None
    empty.close()


def test_refusals(stats: ClientStatistics, people: RegistryPeople) -> None:
    admin = people.manager
    with pytest.raises(UserError) as bad:
        stats.report(admin, "colour")
    assert bad.value.field == "by"
    with pytest.raises(UserError) as measure:
        stats.report(admin, "city", "age")
    assert measure.value.field == "measure"
    nobody = Actor("x", "x", "x", Role.RECEPTION, frozenset())
    with pytest.raises(PermissionDenied):
        stats.report(nobody, "city")


def test_numbers_in_the_settings_digits() -> None:
    assert riyals_text(123_456_789, "latin") == "1,234,567.89"
    assert riyals_text(123_456_789, "arabic") == "١٬٢٣٤٬٥٦٧٫٨٩"
    assert riyals_text(150_050, "latin", whole=True) == "1,501"
    assert count_text(12_345, "arabic") == "١٢٬٣٤٥"
    assert percent_text(0.125, "arabic") == "١٢٫٥٪"
    assert percent_text(1 / 3, "latin") == "33.3%"
    assert percent_text(None) == ""


# --- Excel ---------------------------------------------------------------------------------------


def _sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    book = load_workbook(path)
    return [tuple(r) for r in book.active.iter_rows(values_only=True)]


def test_excel_export_reads_back(stats: ClientStatistics, people: RegistryPeople, registry: dict[str, str],
                                 tmp_path: Path) -> None:
    report = stats.report(people.officer, "kind", "donated")
    path = export_xlsx(report, tmp_path / "stats.xlsx")
    book = load_workbook(path)
    sheet = book.active
    assert sheet.sheet_view.rightToLeft is True
    assert len(sheet._charts) == 1
    rows = _sheet_rows(path)
    assert rows[0][0] == report.title
    header = rows.index(next(r for r in rows if r[0] == _("Client kind")))
    assert rows[header][1:] == (_("Clients"), _("Contributing clients"), _("Donations (SAR)"),
                                _("Pledges (SAR)"), _("Share"))
    body = rows[header + 1: header + 1 + len(report.rows)]
    assert [r[0] for r in body] == [r.label for r in report.rows]
    donor = next(r for r in body if r[0] == report.rows[0].label)
    assert donor[1:5] == (3, 3, 12_250.5, 8_000)
    assert donor[5] == pytest.approx(1.0)
    total = rows[header + 1 + len(report.rows)]
    assert total[:5] == (_("Total"), 7, 4, 12_250.5, 8_100)
    assert any(r[0] == report.notes[0] for r in rows)
    assert not list(tmp_path.glob(".*partial"))


def test_excel_export_in_english_reads_left_to_right(stats: ClientStatistics, people: RegistryPeople,
                                                      registry: dict[str, str], tmp_path: Path,
                                                      english: None) -> None:
    report = stats.report(people.officer, "status")
    path = export_xlsx(report, tmp_path / "status.xlsx")
    assert load_workbook(path).active.sheet_view.rightToLeft is False
    rows = _sheet_rows(path)
    assert rows[0][0] == "Client statistics by Status"
    kinds = stats.report(people.officer, "kind")
    assert kinds.notes == ("A client with several kinds is counted under each of them, so the rows add up "
                           "to more than the total, which counts every client once.",)
    assert ("Active", 6, 4, 12_250.5, 8_100, pytest.approx(6 / 7)) in rows
    with pytest.raises(UserError):
        export_xlsx(report, tmp_path / "status.csv")


def test_a_formula_like_city_stays_text(stats: ClientStatistics, people: RegistryPeople,
                                        services: AppServices, tmp_path: Path) -> None:
    make_client(services, people.manager, "اختبار", "0555000099", city="=1+2")
    rows = _sheet_rows(export_xlsx(stats.report(people.officer, "city"), tmp_path / "f.xlsx"))
    assert any(r[0] == "=1+2" for r in rows)


# --- PDF ---------------------------------------------------------------------------------------------


def _page_text(path: Path) -> list[str]:
    """Each line as drawn, left to right (Latin text and digits read normally)."""
    return [visual(line) for page in range(page_count(path)) for line in lines(glyphs(path, page))]


def _arabic_text(path: Path) -> str:
    """Each line's words in reading order, right to left (Arabic read normally)."""
    return "\n".join(" ".join(words_rtl(line)) for page in range(page_count(path))
                     for line in lines(glyphs(path, page)))


def test_pdf_in_arabic(stats: ClientStatistics, people: RegistryPeople, registry: dict[str, str],
                       services: AppServices, tmp_path: Path, artifacts: Path) -> None:
    report = stats.report(people.officer, "kind")
    path = tmp_path / "stats.pdf"
    pages = write_stats_pdf(services, report, path)
    assert pages == page_count(path) == 1
    save_pages(path, artifacts, "client-stats-kind-ar")
    arabic = _arabic_text(path)
    for label in [r.label for r in report.rows] + [_("Total"), report.title, _("Clients")]:
        assert label in arabic, label
    assert " ".join(report.notes[0].split()[:6]) in arabic
    # Arabic-Indic digits with Arabic separators: 12,250.50 riyals donated, 42.9% of the clients.
    drawn = "\n".join(_page_text(path))
    assert "١٢٬٢٥٠٫٥٠" in drawn and "٪٤٢٫٩" in drawn


def test_pdf_in_english_by_month(stats: ClientStatistics, people: RegistryPeople, registry: dict[str, str],
                                 services: AppServices, tmp_path: Path, artifacts: Path,
                                 english: None) -> None:
    backdate(services, registry["ahmad"], datetime(2024, 11, 15, 9, 0, tzinfo=UTC))
    report = stats.report(people.officer, "month", "donated")
    path = tmp_path / "month.pdf"
    write_stats_pdf(services, report, path)
    save_pages(path, artifacts, "client-stats-month-en")
    text = "\n".join(_page_text(path))
    assert "Client statistics by Month of registration" in text
    assert "Measure: Donations (SAR)" in text
    assert "November 2024" in text and "12,250.50" in text and "2,000.50" in text
    assert "Total" in text


def test_pdf_with_many_groups_runs_on(stats: ClientStatistics, people: RegistryPeople, services: AppServices,
                                      tmp_path: Path, artifacts: Path) -> None:
    cities = ["الرياض", "جدة", "مكة المكرمة", "المدينة المنورة", "الدمام", "الخبر", "الطائف", "تبوك", "أبها",
              "بريدة", "حائل", "جازان", "نجران", "ينبع", "الجبيل", "القطيف", "الأحساء", "خميس مشيط",
              "عنيزة", "الباحة"]
    for i, city in enumerate(cities):
        for k in range(i % 4 + 1):
            make_client(services, people.manager, f"عميل {i} {k}", f"05560{i:02d}{k:03d}", city=city)
    report = stats.report(people.officer, "city")
    path = tmp_path / "cities.pdf"
    write_stats_pdf(services, report, path)
    save_pages(path, artifacts, "client-stats-city-ar")
    arabic = _arabic_text(path)
    assert len(report.rows) > 20 and len(report.chart_rows(15)) == 15
    for city in cities:  # every city in the table, beyond the chart's 15
        assert city in arabic, city


# --- command line ----------------------------------------------------------------------------------------


def _run_cli(services: AppServices, monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    import argparse

    from app.cli.commands.client_stats import add_stats_parser
    from app.cli.context import CommandContext

    parser = argparse.ArgumentParser(prog="sila")
    parser.add_argument("--user")
    sub = parser.add_subparsers(dest="command")
    clients = sub.add_parser("clients")
    add_stats_parser(clients.add_subparsers(dest="clients_command"))
    args = parser.parse_args(["--user", "officer", "clients", "stats", *argv])
    monkeypatch.setenv("SILA_PASSWORD", PASSWORD)
    return int(args.handler(CommandContext(args, _services=services)) or 0)


def test_command_line_json_and_files(services: AppServices, registry: dict[str, str], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert _run_cli(services, monkeypatch, "--by", "kind", "--measure", "donated", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["by"] == "kind" and out["overlapping"] is True
    assert out["rows"][0] == {"key": "donor", "label": out["rows"][0]["label"], "clients": 3,
                              "contributors": 3, "donated_halalas": 1_225_050, "pledged_halalas": 800_000,
                              "share": 1.0}
    assert out["total"]["clients"] == 7

    assert _run_cli(services, monkeypatch, "--by", "city", "--city", "جدة", "--from", "٢٠٢٠-٠١-٠١",
                    "--out", str(tmp_path / "jeddah.pdf"), "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in out["rows"]] == ["جدة"] and out["pages"] == page_count(tmp_path / "jeddah.pdf")

    assert _run_cli(services, monkeypatch, "--by", "owner", "--out", str(tmp_path / "owners.xlsx")) == 0
    text = capsys.readouterr().out
    assert "سارة الزهراني" in text and _("Total") in text and str(tmp_path / "owners.xlsx") in text
    title = _("Client statistics by {dimension}").format(dimension=_("Relationship owner"))
    assert load_workbook(tmp_path / "owners.xlsx").active["A1"].value == title

    with pytest.raises(UserError):
        _run_cli(services, monkeypatch, "--by", "city", "--out", str(tmp_path / "x.csv"))
    with pytest.raises(UserError):
        _run_cli(services, monkeypatch, "--by", "city", "--from", "yesterday")
    with pytest.raises(UserError):
        _run_cli(services, monkeypatch, "--by", "age")


# --- PostgreSQL ------------------------------------------------------------------------------------------


def test_the_same_figures_on_postgresql(tmp_path: Path, riyadh_time: None) -> None:
    from tests.postgres import postgres_server

    with postgres_server() as url:
        pg = AppServices.open(resolve(str(tmp_path), url))
        try:
            pg.initialise("PG", "مكتب مشترك")
            pg.users.add(None, "boss", "admin", "boss-pass-1", "مدير النظام")
            boss = pg.users.login("boss", "boss-pass-1")
            a = make_client(pg, boss, "أحمد الشهري", "0555000001", kinds=["donor", "volunteer"], city="جدة",
                            owner="boss")
            b = make_client(pg, boss, "سارة الزهراني", "0555000002", kinds=["donor"], city="جدة")
            c = make_client(pg, boss, "خالد العتيبي", "0555000003", city="")
            pg.contributions.add(boss, a, "donation", 150_000, date(2025, 1, 10))
            pg.contributions.add(boss, a, "pledge", 20_000, date(2025, 1, 10))
            pg.contributions.add(boss, b, "donation", 5_000, date(2025, 1, 11))
            backdate(pg, a, datetime(2025, 1, 31, 22, 30, tzinfo=UTC))  # 1 February in Riyadh
            backdate(pg, b, datetime(2025, 1, 5, 9, 0, tzinfo=UTC))
            backdate(pg, c, datetime(2025, 1, 5, 9, 0, tzinfo=UTC))
            stats = ClientStatistics(pg.db, pg.settings)
            months = stats.report(boss, "month", "donated")
            assert [(r.key, r.clients, r.donated_halalas) for r in months.rows] == [
                ("2025-01", 2, 5_000), ("2025-02", 1, 150_000)]
            kinds = stats.report(boss, "kind")
            assert {r.key: r.clients for r in kinds.rows} == {"donor": 2, "volunteer": 1, "beneficiary": 1}
            assert kinds.total.clients == 3 and kinds.total.contributors == 2
            owners = stats.report(boss, "owner", "pledged")
            assert [(r.label, r.pledged_halalas) for r in owners.rows] == [("مدير النظام", 20_000),
                                                                          (_("(not given)"), 0)]
            donors = StatsFilter(kind="donor", created_from=date(2025, 1, 1))
            cities = stats.report(boss, "city", filters=donors)
            assert [(r.key, r.clients) for r in cities.rows] == [("جدة", 2)]
        finally:
            pg.close()


def test_contributions_per_programme(services: AppServices, people: RegistryPeople) -> None:
    from datetime import date

    a = services.client_requests.propose_create(people.manager, {"name": "مانح أول", "kinds": ["donor"]})
    b = services.client_requests.propose_create(people.manager, {"name": "مانح ثان", "kinds": ["donor"]})
    first, second = "برنامج التجربة الأول", "برنامج التجربة الثاني"
    for client, kind, amount, programme in ((a, "donation", 100_00, first), (a, "pledge", 50_00, first),
                                            (b, "donation", 30_00, first), (b, "donation", 70_00, second)):
        services.contributions.add(people.manager, client.summary.client_number, kind, amount,
                                   date(2026, 2, 5), programme=programme)
    report = services.client_stats.report(people.manager, "programme", "donated")
    figures = {r.label: (r.clients, r.donated_halalas, r.pledged_halalas) for r in report.rows}
    assert figures[first] == (2, 130_00, 50_00) and figures[second] == (1, 70_00, 0)
    # Every contribution is in one programme; a giver may be in several.
    assert report.total.donated_halalas == sum(r.donated_halalas for r in report.rows)
    assert report.total.clients <= sum(r.clients for r in report.rows)
    assert report.notes
