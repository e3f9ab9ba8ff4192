"""``sila print client-form`` in a real process: a request's form, a client's, a blank one, and bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from app.config import resolve
from app.services.app_services import AppServices
from tests.clients_people import PASSWORD, registry_people
from tests.e2e.conftest import Sila

BOSS, BOSS_PW = "boss", "boss-pass-123"
NAME = "مؤسسة عبدالرحمن الغامدي الخيرية"


@pytest.fixture
def registry(sila: Sila, tmp_path: Path) -> tuple[Sila, str, str]:
    """A database with the registry's people and one approved modify; returns a runner (as the
    manager), the request number and the client number."""
    assert sila("--site", "JED", "init").returncode == 0
    assert sila("user", "add", BOSS, "--role", "admin", password=BOSS_PW).returncode == 0
    services = AppServices.open(resolve(str(tmp_path / "data")))
    try:
        people = registry_people(services, services.users.login(BOSS, BOSS_PW))
        requests = services.client_requests
        created = requests.propose_create(people.manager, {
            "name": NAME, "kinds": ["donor"], "mobile": "0551234567", "city": "جدة", "centre": "JED-SAFA"})
        number = created.summary.client_number
        change = requests.propose_modify(people.steward, number,
                                         {"mobile": "0559998877", "city": "مكة المكرمة"})
        requests.approve(people.manager, change.number)
    finally:
        services.close()

    def run(*args: str, lang: str = "en", user: str | None = "manager") -> subprocess.CompletedProcess[str]:
        return sila(*args, user=user, password=PASSWORD if user else None, lang=lang)

    return run, change.number, number


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def _text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def _one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_print_a_request_a_client_and_a_blank_form(registry: tuple[Sila, str, str], tmp_path: Path) -> None:
    run, request, client = registry
    out = tmp_path / "request.pdf"
    printed = _json(run("print", "client-form", "--request", request, "--out", str(out), "--json", lang="ar"))
    assert printed == {"out": str(out), "pages": 1}
    text = _text(out)
    # pdfium reads the numbers of a right-to-left table cell back in visual pieces: the English
    # print below checks the client number and mobile; the unit tests check cells by position.
    assert request in text and "اعتمده" in text and "سعد الدوسري" in text and "سارة الزهراني" in text

    out = tmp_path / "client.pdf"
    printed = _json(run("print", "client-form", "--client", client.lower(), "--out", str(out), "--json"))
    assert printed["pages"] == 1
    text = _text(out)
    assert client in text and "055 999 8877" in text and "Prepared by" in text and "Approved by" in text

    out = tmp_path / "blank.pdf"
    done = run("print", "client-form", "--blank", "--out", str(out), user=None)  # no data: no login
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    text = _text(out)
    assert "Client name" in text and client not in text and "055" not in text


def test_bad_input_says_why_in_one_sentence(registry: tuple[Sila, str, str], tmp_path: Path) -> None:
    run, request, _client = registry
    out = str(tmp_path / "x.pdf")
    cases = {
        "none": run("print", "client-form", "--out", out),
        "two": run("print", "client-form", "--request", request, "--blank", "--out", out),
        "unknown request": run("print", "client-form", "--request", "RQ-JED-999999", "--out", out),
        "unknown client": run("print", "client-form", "--client", "CL-JED-999999", "--out", out),
        "not a pdf": run("print", "client-form", "--blank", "--out", str(tmp_path / "x.txt")),
        "no login": run("print", "client-form", "--request", request, "--out", out, user=None),
    }
    for case, result in cases.items():
        assert _one_sentence(result).startswith("Error:"), case
    assert "--blank" in _one_sentence(cases["none"]) and "--blank" in _one_sentence(cases["two"])
    assert "RQ-JED-999999" in _one_sentence(cases["unknown request"])
    assert "CL-JED-999999" in _one_sentence(cases["unknown client"])
    assert not (tmp_path / "x.pdf").exists()
    arabic = run("print", "client-form", "--out", out, lang="ar")
    assert "--request" in _one_sentence(arabic)
