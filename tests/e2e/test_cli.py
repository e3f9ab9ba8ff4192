"""The command line: a stable interface for administrators and scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import Sila

ADMIN_PW = "first-admin-pw"


def _one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def _with_admin(sila: Sila) -> None:
    assert sila("init").returncode == 0
    assert sila("user", "add", "boss", "--role", "admin", password=ADMIN_PW).returncode == 0


def test_version(sila: Sila) -> None:
    result = sila("--version")
    assert result.returncode == 0 and result.stdout.startswith("sila ")


def test_init_is_idempotent(sila: Sila) -> None:
    first = sila("--site", "JED", "init", "--json")
    again = sila("--site", "JED", "init", "--json")
    assert first.returncode == again.returncode == 0
    assert json.loads(first.stdout)["created"] is True
    assert json.loads(again.stdout) | {"created": True} == json.loads(first.stdout)


def test_the_first_administrator_needs_no_login_then_everyone_does(sila: Sila) -> None:
    _with_admin(sila)
    refused = sila("user", "add", "desk", "--role", "reception", password="desk-pass-1")
    assert refused.returncode == 2
    assert "--user" in _one_sentence(refused.stderr)
    added = sila("user", "add", "desk", "--role", "reception", "--json", user="boss", password=ADMIN_PW,
                 env={"NEW_PASSWORD": "desk-pass-1"})
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["role"] == "reception"
    listed = sila("user", "list", "--json", user="desk", password="desk-pass-1")
    assert listed.returncode == 2  # reception may not manage users


def test_bad_input_gets_one_sentence_and_a_non_zero_status(sila: Sila) -> None:
    _with_admin(sila)
    cases = {
        "unknown role": sila("user", "add", "x1", "--role", "king", user="boss", password=ADMIN_PW),
        "duplicate user": sila("user", "add", "boss", "--role", "admin", user="boss", password=ADMIN_PW),
        "wrong password": sila("user", "list", user="boss", password="not-it"),
        "bad setting": sila("settings", "set", "working_week", "[]", user="boss", password=ADMIN_PW),
        "unknown command": sila("fly"),
    }
    for case, result in cases.items():
        assert result.returncode == 2, case
        _one_sentence(result.stderr)
    assert "king" in cases["unknown role"].stderr
    listed = sila("user", "list", "--json", user="boss", password=ADMIN_PW)
    assert [u["name"] for u in json.loads(listed.stdout)] == ["boss"]


def test_an_unwritable_data_folder_and_a_file_that_is_not_a_database(sila: Sila, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    result = sila("init", data_dir=blocker / "data")
    assert result.returncode == 2 and "cannot be written" in _one_sentence(result.stderr)
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "sila.db").write_bytes(b"PK\x03\x04 this is a zip, not a database" * 20)
    result = sila("init", data_dir=folder)
    assert result.returncode == 2 and "not a Sila database" in _one_sentence(result.stderr)


def test_errors_are_in_arabic_by_default(sila: Sila) -> None:
    _with_admin(sila)
    result = sila("user", "list", user="boss", password="not-it", lang="ar")
    assert result.returncode == 2
    sentence = _one_sentence(result.stderr)
    assert any("\u0600" <= ch <= "\u06ff" for ch in sentence), sentence


def test_demo_creates_one_user_per_role(sila: Sila) -> None:
    result = sila("demo", "--json")
    assert result.returncode == 0, result.stderr
    users = json.loads(result.stdout)["users"]
    assert {u["role"] for u in users} == {"reception", "relations_officer", "relations_manager",
                                          "quality_officer", "council_secretary", "admin"}
    login = sila("user", "list", "--json", user="admin", password=users[0]["password"])
    assert login.returncode == 0 and len(json.loads(login.stdout)) == 7  # the steward's deputy too
    again = sila("demo", user="admin", password=users[0]["password"])
    assert again.returncode == 0, again.stderr


def test_settings_show_and_set(sila: Sila) -> None:
    _with_admin(sila)
    changed = sila("settings", "set", "association.name", "جمعية كافل", user="boss", password=ADMIN_PW)
    assert changed.returncode == 0, changed.stderr
    shown = sila("settings", "show", "association.name")
    assert json.loads(shown.stdout) == "جمعية كافل"


def test_print_sample_writes_a_pdf_in_arabic(sila: Sila, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    assert sila("init").returncode == 0
    out = tmp_path / "sample.pdf"
    result = sila("print", "sample", "--out", str(out), "--json", lang="ar")
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout)["pages"]
    document = pdfium.PdfDocument(str(out))
    assert len(document) == pages >= 2
    import unicodedata

    text = unicodedata.normalize("NFKC", document[0].get_textpage().get_text_range())
    assert "info@albir.org.sa" in text
    refused = sila("print", "sample", "--out", str(tmp_path / "no-such-folder" / "x.pdf"))
    assert refused.returncode == 2 and "does not exist" in _one_sentence(refused.stderr)


def test_without_a_window_the_command_line_asks_for_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli.main import main

    assert main(["--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Error: Give a command (see sila --help), or run sila without one to open the window.")
    assert main(["--lang", "ar"]) == 2
    assert "أو تشغيل sila دون أمر لفتح النافذة" in capsys.readouterr().err
