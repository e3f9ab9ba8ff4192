"""``sila print survey-form`` and ``sila print survey-report`` in a real process."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from app.config import resolve
from app.services.app_services import AppServices
from tests.e2e.conftest import Sila

BOSS, BOSS_PW = "boss", "boss-pass-123"


@pytest.fixture
def desk(sila: Sila, tmp_path: Path) -> tuple[Sila, str, Path]:
    """A database with an administrator and one programme; returns a runner, the programme, the data."""
    assert sila("--site", "JED", "init").returncode == 0
    assert sila("user", "add", BOSS, "--role", "admin", password=BOSS_PW).returncode == 0
    data = tmp_path / "data"
    services = AppServices.open(resolve(str(data)))
    try:
        boss = services.users.login(BOSS, BOSS_PW)
        programme = services.programmes.add(boss, "ملتقى الأسرة الصيفي", centre="JED-SAFA", city="جدة")
    finally:
        services.close()

    def run(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
        return sila(*args, user=BOSS, password=BOSS_PW, lang=lang)

    return run, programme.number, data


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _pages(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def test_print_survey_forms_reserves_the_numbers(desk: tuple[Sila, str, Path], tmp_path: Path) -> None:
    run, programme, data = desk
    out = tmp_path / "forms.pdf"
    found = _json(run("print", "survey-form", "--programme", programme, "--copies", "3", "--out", str(out),
                      "--json"))
    numbers = found["form_numbers"]
    assert numbers == ["SF-JED-000001", "SF-JED-000002", "SF-JED-000003"]
    assert found["programme"] == programme and found["file"] == str(out)
    assert _pages(out) == 3
    again = _json(run("print", "survey-form", "--programme", programme, "--copies", "٢", "--out", str(out),
                      "--json", lang="ar"))
    assert again["form_numbers"] == ["SF-JED-000004", "SF-JED-000005"]  # never the same number twice
    services = AppServices.open(resolve(str(data)))
    try:
        batch = services.survey_entry.batch(services.users.login(BOSS, BOSS_PW), programme)
        assert batch.printed == 5
        assert set(batch.forms) == set(numbers + again["form_numbers"])
    finally:
        services.close()


def test_print_survey_form_refuses_bad_input(desk: tuple[Sila, str, Path], tmp_path: Path) -> None:
    run, programme, _data = desk
    out = tmp_path / "forms.pdf"
    bad = run("print", "survey-form", "--programme", programme, "--copies", "lots", "--out", str(out))
    assert bad.returncode != 0 and "copies" in bad.stderr
    bad = run("print", "survey-form", "--programme", "PG-NOPE-9", "--out", str(out))
    assert bad.returncode != 0 and bad.stderr.strip()
    bad = run("print", "survey-form", "--programme", programme, "--out", str(tmp_path / "forms.txt"))
    assert bad.returncode != 0
    bad = run("print", "survey-form", "--programme", programme, "--donors", "--out", str(out))
    assert bad.returncode != 0 and bad.stderr.strip()  # nobody has given to it yet
    assert not out.exists()


def test_print_survey_report(desk: tuple[Sila, str, Path], tmp_path: Path) -> None:
    run, programme, data = desk
    made = run("print", "survey-form", "--programme", programme, "--copies", "2", "--out",
               str(tmp_path / "forms.pdf"))
    assert made.returncode == 0 and "forms.pdf" in made.stdout
    services = AppServices.open(resolve(str(data)))
    try:
        boss = services.users.login(BOSS, BOSS_PW)
        services.survey_entry.add(boss, programme, "1", "5,4,4,3,5,5,4,4,3,5,2", age_group="26-35")
    finally:
        services.close()
    out = tmp_path / "report.pdf"
    found = _json(run("print", "survey-report", "--programme", programme, "--out", str(out), "--json",
                      lang="ar"))
    assert found["responses"] == 1 and found["programmes"] == [programme]
    assert found["pages"] == _pages(out) >= 1
    bad = run("print", "survey-report", "--programme", programme, "--since", "yesterday", "--out", str(out))
    assert bad.returncode != 0 and "since" in bad.stderr
