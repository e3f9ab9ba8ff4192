"""``sila programmes …`` and ``sila surveys …`` in a real process, as a script would key a stack of forms."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.config import resolve
from app.services.app_services import AppServices
from tests.e2e.conftest import Sila

BOSS, BOSS_PW = "boss", "boss-pass-123"
QUALITY, QUALITY_PW = "quality", "quality-pass-1"
PROGRAMME = re.compile(r"^PG-JED-\d{4}$")
ANSWERS = ("5,4,4,3,5,5,4,4,3,5,2", "٤،٤،٤،٤،٤،٤،٤،٤،٣،٤،٠", "3,0,2,3,4,5,1,2,3,4,5")


@pytest.fixture
def office(sila: Sila) -> Sila:
    """An administrator and a quality officer; commands run as the quality officer."""
    assert sila("--site", "JED", "init").returncode == 0
    assert sila("user", "add", BOSS, "--role", "admin", password=BOSS_PW).returncode == 0
    added = sila("user", "add", QUALITY, "--role", "quality_officer", "--full-name", "ريم الحربي",
                 user=BOSS, password=BOSS_PW, env={"NEW_PASSWORD": QUALITY_PW})
    assert added.returncode == 0, added.stderr

    def run(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
        return sila(*args, user=QUALITY, password=QUALITY_PW, lang=lang)

    return run


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(_ok(result))


def _refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def _print_forms(data: Path, programme: str, copies: int) -> tuple[str, ...]:
    """Reserve numbered copies as printing does (the same service, on the same data folder)."""
    services = AppServices.open(resolve(str(data)))
    try:
        quality = services.users.login(QUALITY, QUALITY_PW)
        return services.survey_forms.reserve(quality, programme, "beneficiary", copies).numbers
    finally:
        services.close()


def _add(office: Sila, programme: str, form: str, answers: str,
         *extra: str) -> subprocess.CompletedProcess[str]:
    return office("surveys", "add", "--programme", programme, "--form-number", form, "--answers", answers,
                  *extra)


def test_programme_forms_keying_and_summary(office: Sila, tmp_path: Path) -> None:
    made = _json(office("programmes", "add", "ملتقى الأسرة الصيفي", "--centre", "JED-SAFA", "--city", "جدة",
                        "--kind", "community", "--starts", "2026-07-01", "--ends", "2026-07-03", "--json"))
    assert PROGRAMME.match(made["id"]) and made["number"] == made["id"]
    assert (made["name"], made["centre"], made["status"], made["starts"]) == (
        "ملتقى الأسرة الصيفي", "JED-SAFA", "planned", "2026-07-01")
    other = _ok(office("programmes", "add", "دورة الحاسب للشباب")).strip()
    assert PROGRAMME.match(other) and other != made["id"]
    pid = made["id"]

    numbers = _print_forms(tmp_path / "data", pid, 4)
    assert len(numbers) == 4
    elsewhere = _print_forms(tmp_path / "data", other, 1)[0]

    first = _json(_add(office, pid, numbers[0], ANSWERS[0], "--age", "26-35", "--first-time", "yes",
                       "--json"))
    assert first["form_number"] == numbers[0] and first["scores"] == [5, 4, 4, 3, 5, 5, 4, 4, 3, 5, 2]
    assert first["age_group"] == "26-35" and first["first_time"] is True and first["flags"] == []
    second = _json(_add(office, pid, "2", ANSWERS[1], "--first-time", "لا", "--note", "q11 left blank",
                        "--json"))  # the digits alone; Arabic-Indic answers; 0 = unanswered
    assert second["form_number"] == numbers[1] and second["scores"][-1] == 0
    assert second["flags"] == ["missing-required"] and second["first_time"] is False
    assert _ok(_add(office, pid, numbers[2], ANSWERS[2])).strip()

    summary = _json(office("surveys", "summary", "--programme", pid, "--json"))
    assert summary["responses"] == 3
    items = summary["items"]
    assert [i["number"] for i in items] == list(range(1, 12))
    scores = [[int(d) for d in re.split("[,،]", a.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))]
              for a in ANSWERS]
    for n, item in enumerate(items):
        given = [s[n] for s in scores if s[n]]
        assert item["answered"] == len(given) and item["unanswered"] == 3 - len(given)
        assert item["mean"] == pytest.approx(sum(given) / len(given), abs=1e-4)
        assert sum(item["distribution"]) == len(given) and item["text"]
    assert summary["weakest"][0] == 7 and 0 <= summary["index"] <= 100

    # Bad input changes nothing and says why, in one sentence.
    assert "not printed for this programme" in _refused(_add(office, pid, elsewhere, ANSWERS[0]))
    assert "not printed for this programme" in _refused(_add(office, pid, "999", ANSWERS[0]))
    assert "already been keyed" in _refused(_add(office, pid, numbers[0], ANSWERS[0]))
    assert "answers are 1 to 5" in _refused(_add(office, pid, numbers[3], "5,4,4,3,7,5,4,4,3,5,2"))
    assert "11 scale items" in _refused(_add(office, pid, numbers[3], "5,4"))
    arabic = _refused(office("surveys", "add", "--programme", pid, "--form-number", numbers[3], "--answers",
                             "9,4,4,3,5,5,4,4,3,5,2", lang="ar"))
    assert re.search("[\u0600-\u06ff]", arabic)
    assert _json(office("surveys", "summary", "--programme", pid, "--json"))["responses"] == 3
    shown = _json(office("programmes", "show", pid, "--json"))
    assert (shown["printed"], shown["keyed"]) == (4, 3)

    # A second keying of a form, then the error rate.
    _ok(_add(office, pid, numbers[0], "5,4,4,3,5,5,4,4,3,4,2", "--second-keying", "--age", "26-35",
             "--first-time", "yes"))
    check = _json(office("surveys", "verification", "--programme", pid, "--json"))
    assert check["forms"] == 1 and check["items_differing"] == 1
    assert check["differences"] == [{"form_number": numbers[0], "item": "q10", "first": 5, "second": 4}]


def test_listing_closing_templates_and_readable_text(office: Sila) -> None:
    pid = _json(office("programmes", "add", "كسوة العيد", "--status", "running", "--json"))["id"]
    listed = _json(office("programmes", "list", "--status", "running", "--json"))
    assert [p["id"] for p in listed] == [pid]
    assert "Closed" in _ok(office("programmes", "close", pid))
    assert _json(office("programmes", "list", "--status", "closed", "--json"))[0]["status"] == "closed"
    assert "There is no programme" in _refused(office("programmes", "show", "PG-JED-9999"))
    assert "not a programme status" in _refused(office("programmes", "add", "x", "--status", "done"))

    templates = _json(office("surveys", "templates", "--json"))
    beneficiary = next(t for t in templates if t["key"] == "beneficiary")
    assert beneficiary["version"] == 1 and beneficiary["scale_items"] == 11
    assert {"beneficiary", "donor"} <= {t["key"] for t in templates}

    text = _ok(office("surveys", "summary", "--programme", pid, lang="ar"))
    assert "بشكل عام أشعر بالرضا" in text
    assert _json(office("surveys", "actions", "--json")) == []


@pytest.mark.skipif(importlib.util.find_spec("app.surveys.export") is None,
                    reason="the Excel export is not written yet")
def test_export_writes_the_raw_responses(office: Sila, tmp_path: Path) -> None:
    pid = _json(office("programmes", "add", "سقيا الماء", "--json"))["id"]
    numbers = _print_forms(tmp_path / "data", pid, 2)
    _ok(_add(office, pid, numbers[0], ANSWERS[0]))
    out = tmp_path / "responses.xlsx"
    assert "1 response written" in _ok(office("surveys", "export", "--programme", pid, "--out", str(out)))
    assert out.stat().st_size > 0
    csv = tmp_path / "x.csv"
    assert ".xlsx" in _refused(office("surveys", "export", "--programme", pid, "--out", str(csv)))
    assert not csv.exists()
