"""``sila complaints …`` and ``sila print ack`` in a real process, as a script would use them."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from tests.e2e.conftest import Sila

BOSS, BOSS_PW = "boss", "boss-pass-123"
DESK, DESK_PW = "desk", "desk-pass-123"
NAME = "أحمد بن عليّ الغامدي"
REFERENCE = re.compile(r"^C-JED-\d{4}-\d{6}$")


@pytest.fixture
def desk(sila: Sila) -> Sila:
    """A database with an administrator and a reception user; runs commands as one of them."""
    assert sila("--site", "JED", "init").returncode == 0
    assert sila("user", "add", BOSS, "--role", "admin", password=BOSS_PW).returncode == 0
    added = sila("user", "add", DESK, "--role", "reception", "--full-name", "نورة القحطاني",
                 user=BOSS, password=BOSS_PW, env={"NEW_PASSWORD": DESK_PW})
    assert added.returncode == 0, added.stderr

    def run(*args: str, as_boss: bool = False, lang: str = "en") -> subprocess.CompletedProcess[str]:
        user, password = (BOSS, BOSS_PW) if as_boss else (DESK, DESK_PW)
        return sila(*args, user=user, password=password, lang=lang)

    return run


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(_ok(result))


def _one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def _add(desk: Sila, *extra: str) -> subprocess.CompletedProcess[str]:
    return desk("complaints", "add", "--type", "complaint", "--channel", "walk_in", "--name", NAME,
                "--mobile", "055 123 4567", "--centre", "JED-SAFA", "--category", "aid_distribution",
                "--description", "لم أستلم السلة الغذائية لهذا الشهر (المخصصة للأسر المسجلة).", *extra)


def _listed(desk: Sila, *args: str) -> list[dict[str, Any]]:
    found = _json(desk("complaints", "list", "--json", *args))
    assert isinstance(found, list)
    return found


def test_add_list_show_move_through_every_state_and_print(desk: Sila, tmp_path: Path) -> None:
    ref = _ok(_add(desk)).strip()
    assert REFERENCE.match(ref), ref
    inquiry = _json(desk("complaints", "add", "--type", "inquiry", "--channel", "phone", "--name", "سارة",
                         "--mobile", "٠٥٠١٢٣٤٥٦٧", "--description", "ما أوقات الدوام؟", "--json"))
    assert {"reference", "status", "due", "type", "channel", "name", "mobile", "received"} <= set(inquiry)
    assert inquiry["status"] == "received" and inquiry["mobile"] == "+966501234567"
    assert inquiry["type"] == "inquiry" and inquiry["channel"] == "phone"
    date.fromisoformat(inquiry["due"])

    rows = _listed(desk)
    assert [r["reference"] for r in rows] == [inquiry["reference"], ref]  # newest first
    for row in rows:
        assert {"reference", "type", "status", "name", "mobile", "received", "due"} <= set(row)
        assert datetime.fromisoformat(row["received"]).tzinfo is not None
        date.fromisoformat(row["due"])
    # Un-normalised spellings find the item: no hamza, no shadda; the mobile in Arabic-Indic digits.
    assert [r["reference"] for r in _listed(desk, "--search", "احمد علي")] == [ref]
    assert [r["reference"] for r in _listed(desk, "--search", "٠٥٥١٢٣٤٥٦٧")] == [ref]
    assert [r["reference"] for r in _listed(desk, "--type", "inquiry")] == [inquiry["reference"]]
    assert len(_listed(desk, "--limit", "١")) == 1
    assert ref in _ok(desk("complaints", "list"))

    shown = _ok(desk("complaints", "show", ref))
    assert ref in shown and "لم أستلم السلة الغذائية" in shown and "055 123 4567" in shown

    steps = [
        ("acknowledged",),
        ("assigned", "--assignee", DESK, "--department", "centre_affairs", "--note", "للمتابعة"),
        ("under_study",),
        ("answered", "--answer", "صُرفت السلة اليوم"),
        ("closed", "--rating", "٥"),
        ("reopen", "--note", "لم تصل السلة"),
        ("cancelled", "--reason", "طلب مكرر"),
        ("reopen",),
    ]
    expected = ["acknowledged", "assigned", "under_study", "answered", "closed", "under_study", "cancelled",
                "under_study"]
    for (target, *options), status in zip(steps, expected, strict=True):
        moved = _json(desk("complaints", "move", ref, "--to", target, *options, "--json", as_boss=True))
        assert moved["status"] == status, target
    assert "now" in _ok(desk("complaints", "move", ref, "--to", "answered", "--answer", "تم", as_boss=True))

    detail = _json(desk("complaints", "show", ref, "--json"))
    assert detail["status"] == "answered" and detail["reopen_count"] == 2 and detail["rating"] == 5
    kinds = [entry["kind"] for entry in detail["timeline"]]
    assert kinds[0] == "created" and kinds.count("move") == len(steps) + 1
    assert any(entry["note"] == "طلب مكرر" for entry in detail["timeline"])

    out = tmp_path / "ack.pdf"
    printed = _json(desk("print", "ack", ref, "--out", str(out), "--json", lang="ar"))
    assert printed["pages"] >= 1 and out.is_file()
    pdf = pdfium.PdfDocument(str(out))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    assert ref in text


def test_bad_input_changes_nothing_and_says_why_in_one_sentence(desk: Sila, tmp_path: Path) -> None:
    ref = _ok(_add(desk)).strip()
    before = _listed(desk)
    missing = "C-JED-1447-999999"
    cases = {
        "empty description": _add(desk, "--description", "   "),
        "unknown channel": desk("complaints", "add", "--type", "complaint", "--channel", "fax",
                                "--name", NAME, "--mobile", "0551234567", "--description", "نص"),
        "unknown type": desk("complaints", "add", "--type", "praise", "--channel", "phone", "--name", NAME,
                             "--mobile", "0551234567", "--description", "نص"),
        "invalid mobile": _add(desk, "--mobile", "12345"),
        "mobile with letters": _add(desk, "--mobile", "05512345ab"),
        "move not allowed": desk("complaints", "move", ref, "--to", "closed"),
        "unknown state": desk("complaints", "move", ref, "--to", "finished"),
        "unknown reference": desk("complaints", "show", missing),
        "move unknown reference": desk("complaints", "move", missing, "--to", "acknowledged"),
        "print unknown reference": desk("print", "ack", missing, "--out", str(tmp_path / "x.pdf")),
        "unknown status filter": desk("complaints", "list", "--status", "open-ish"),
        "bad limit": desk("complaints", "list", "--limit", "many"),
        "reception cannot cancel": desk("complaints", "move", ref, "--to", "cancelled", "--reason", "x"),
    }
    for case, result in cases.items():
        sentence = _one_sentence(result)
        assert result.returncode == 2, case
        assert sentence.startswith("Error:"), (case, sentence)
    assert "description" in _one_sentence(cases["empty description"])
    assert "fax" in _one_sentence(cases["unknown channel"])
    assert "12345" in _one_sentence(cases["invalid mobile"])
    assert missing in _one_sentence(cases["unknown reference"])
    assert not (tmp_path / "x.pdf").exists()
    assert _listed(desk) == before  # nothing added, nothing moved

    # In Arabic too: one translated sentence.
    arabic = desk("complaints", "move", ref, "--to", "closed", lang="ar")
    assert re.search("[\u0600-\u06ff]", _one_sentence(arabic))


def test_commands_need_a_login(sila: Sila) -> None:
    assert sila("--site", "JED", "init").returncode == 0
    assert sila("user", "add", BOSS, "--role", "admin", password=BOSS_PW).returncode == 0
    refused = sila("complaints", "list", "--json")
    assert "--user" in _one_sentence(refused)
