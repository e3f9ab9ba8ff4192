"""``sila opportunities …``, ``sila campaigns …`` and the pipeline's printed reports, in a real process."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Sila

BOSS, BOSS_PW = "boss", "boss-pass-123"
OFFICER, MANAGER, PW = "fundraiser", "relations", "pipeline-pass-1"
OPPORTUNITY = re.compile(r"^OP-JED-\d{5}$")
CAMPAIGN = re.compile(r"^CM-JED-\d{4}$")


@pytest.fixture
def office(sila: Sila) -> Any:
    """An administrator, a relations officer and a relations manager; commands run as the officer."""
    assert sila("--site", "JED", "init").returncode == 0
    assert sila("user", "add", BOSS, "--role", "admin", password=BOSS_PW).returncode == 0
    for name, role, full in ((OFFICER, "relations_officer", "خالد العتيبي"),
                             (MANAGER, "relations_manager", "سعد الدوسري")):
        added = sila("user", "add", name, "--role", role, "--full-name", full, user=BOSS, password=BOSS_PW,
                     env={"NEW_PASSWORD": PW})
        assert added.returncode == 0, added.stderr

    def run(*args: str, user: str = OFFICER, lang: str = "en") -> subprocess.CompletedProcess[str]:
        return sila(*args, user=user, password=BOSS_PW if user == BOSS else PW, lang=lang)

    return run


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(_ok(result))


def _refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def _setup(office: Any) -> tuple[str, str, str]:
    programme = _json(office("programmes", "add", "كفالة الأيتام", "--kind", "orphans", "--json",
                             user=MANAGER))["id"]
    donors = []
    for name in ("مؤسسة الخير الوقفية", "شركة النماء التجارية"):
        made = _json(office("clients", "add", "--name", name, "--kind", "donor", "--organisation", "--json",
                            user=BOSS))
        assert made["status"] == "approved"
        donors.append(made["number"])
    return programme, donors[0], donors[1]


def test_an_opportunity_through_the_stages_and_the_refusals(office: Any, tmp_path: Path) -> None:
    programme, donor, second = _setup(office)
    made = _json(office("opportunities", "add", "--programme", programme, "--donor", donor, "--donor", second,
                        "--amount", "١٥٠٬٠٠٠", "--probability", "٣٠", "--next-action", "زيارة المانح",
                        "--next-date", "2026-12-01", "--json"))
    number = made["id"]
    assert OPPORTUNITY.match(number) and made["stage"] == "identified"
    assert made["expected_halalas"] == 15_000_000 and made["probability"] == 30 and made["owner"] == OFFICER

    def show() -> Any:
        return _json(office("opportunities", "show", number, "--json"))

    # Refused: successful before a written commitment, cancelled without a reason.
    before = show()
    line = _refused(office("opportunities", "move", number, "--to", "successful", "--amount", "1000"))
    assert "closed" in line
    _refused(office("opportunities", "move", number, "--to", "cancelled"))
    _refused(office("opportunities", "move", number, "--to", "won"))
    assert show() == before

    moved = _json(office("opportunities", "move", number, "--to", "follow_up", "--json"))
    assert moved["stage"] == "follow_up"
    _ok(office("opportunities", "update", number, "--probability", "60", "--amount", "140000"))
    contact = office("opportunities", "contact", number, "--donor", donor, "--kind", "meeting", "--note",
                     "اجتماع مع مدير المسؤولية الاجتماعية", "--json")
    assert _json(contact)["contact"] == "meeting"
    assert _ok(office("opportunities", "move", number, "--to", "closed")).strip()
    # Successful without the amount received: refused, nothing changed.
    before = show()
    assert "amount" in _refused(office("opportunities", "move", number, "--to", "successful"))
    assert show() == before
    won = _json(office("opportunities", "move", number, "--to", "successful", "--amount", "١٣٥٬٠٠٠٫٥٠",
                       "--json"))
    assert (won["stage"], won["probability"]) == ("successful", 100)
    detail = show()
    assert detail["received_halalas"] == 13_500_050 and detail["received_on"]
    assert [(e["from"], e["to"]) for e in detail["timeline"] if e["kind"] == "stage"] == [
        ("identified", "follow_up"), ("follow_up", "closed"), ("closed", "successful")]
    assert {e["kind"] for e in detail["timeline"]} >= {"created", "stage", "probability", "amount", "contact"}
    # Successful is final: back to identified is refused.
    before = show()
    assert _refused(office("opportunities", "move", number, "--to", "identified"))
    assert show() == before

    # A second one, cancelled with a reason; the list by stage.
    other = _json(office("opportunities", "add", "--programme", programme, "--donor", second, "--json"))["id"]
    _ok(office("opportunities", "move", other, "--to", "cancelled", "--reason",
               "اعتذر المانح لاكتمال ميزانيته"))
    cancelled = _json(office("opportunities", "list", "--stage", "cancelled", "--json"))
    assert [c["id"] for c in cancelled] == [other]
    assert {c["id"] for c in _json(office("opportunities", "list", "--json"))} == {number, other}
    assert _json(office("opportunities", "list", "--stage", "identified", "--json")) == []
    text = _ok(office("opportunities", "list", lang="ar"))
    assert number in text and other in text
    assert "Timeline" in _ok(office("opportunities", "show", number))

    # The weekly report, printed.
    out = tmp_path / "weekly.pdf"
    printed = _json(office("print", "pipeline-report", "--out", str(out), "--json"))
    assert out.read_bytes().startswith(b"%PDF") and printed["pages"] >= 1
    assert printed["won"] == 1 and printed["lost"] == 1 and printed["moved"] == 4
    week = printed["week"]
    assert _ok(office("print", "pipeline-report", "--week", week, "--out", str(tmp_path / "w2.pdf"),
                      lang="ar"))
    _refused(office("print", "pipeline-report", "--week", "next week", "--out", str(tmp_path / "x.pdf")))


def test_a_contact_outside_the_owner_warns(office: Any) -> None:
    programme, donor, _second = _setup(office)
    number = _json(office("opportunities", "add", "--programme", programme, "--donor", donor, "--json"))["id"]
    # The registry gives the donor no owner from the command line: nobody is outside then.
    quiet = office("opportunities", "contact", number, "--donor", donor, "--kind", "call", "--note", "اتصال")
    assert quiet.returncode == 0 and quiet.stderr == ""
    bad = office("opportunities", "contact", number, "--donor", donor, "--kind", "fax", "--note", "x")
    _refused(bad)


def test_a_campaign_from_the_command_line(office: Any, tmp_path: Path) -> None:
    made = _json(office("campaigns", "add", "--name", "حملة الشتاء الدافئ", "--year", "2026", "--objective",
                        "كسوة ألفي أسرة", "--segment", "سكان أحياء جدة", "--city", "جدة", "--city", "الطائف",
                        "--channel", "sms", "--channel", "social", "--start", "2026-11-01", "--end",
                        "2026-12-15", "--budget", "٨٥٬٠٠٠", "--agency", "وكالة الأثر", "--json",
                        user=MANAGER))
    number = made["id"]
    assert CAMPAIGN.match(number) and made["state"] == "planned" and made["budget_halalas"] == 8_500_000
    assert made["cities"] == ["جدة", "الطائف"] and made["channels"] == ["sms", "social"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return office("campaigns", *args, user=MANAGER)

    before = _json(run("show", number, "--json"))
    assert "“" in _refused(run("move", number, "--to", "launched"))  # not the next step
    _refused(run("move", number, "--to", "cancelled"))  # no reason
    assert _json(run("show", number, "--json")) == before
    for step in ("channels_chosen", "approved", "proposals_requested"):
        assert _json(run("move", number, "--to", step, "--json"))["state"] == step
    offer = tmp_path / "offer.pdf"
    offer.write_bytes(b"%PDF-1.4 the offer")
    shown = _json(run("proposal", number, "--agency", "وكالة المدى", "--cost", "80000", "--file", str(offer),
                      "--choose", "--json"))
    assert shown["agency"] == "وكالة المدى" and shown["proposals"][0]["chosen"]
    assert shown["proposals"][0]["file"] == "offer.pdf"
    for step in ("proposals_received", "programme_approved", "launched"):
        _ok(run("move", number, "--to", step))
    results = _json(run("results", number, "--cost", "82000", "--reach", "٤٠٠٠٠", "--responses", "320",
                        "--donations", "250000", "--new-beneficiaries", "90", "--evaluation",
                        "حققت الحملة هدفها", "--json"))
    assert results["actual_cost_halalas"] == 8_200_000 and results["reach"] == 40_000
    assert _json(run("move", number, "--to", "evaluated", "--json"))["state"] == "evaluated"
    assert [c["id"] for c in _json(run("list", "--year", "2026", "--json"))] == [number]
    assert [s["to"] for s in _json(run("show", number, "--json"))["steps"]][-1] == "evaluated"
    # The officer may not run campaigns.
    _refused(office("campaigns", "list"))

    report, plan = tmp_path / "campaign.pdf", tmp_path / "plan.pdf"
    assert _json(run_print(office, "campaign-report", number, "--out", str(report), "--json"))["pages"] >= 1
    assert _json(run_print(office, "annual-plan", "--year", "2026", "--out", str(plan), "--json"))[
        "campaigns"] == 1
    assert report.read_bytes().startswith(b"%PDF") and plan.read_bytes().startswith(b"%PDF")


def run_print(office: Any, *args: str) -> subprocess.CompletedProcess[str]:
    return office("print", *args, user=MANAGER)  # type: ignore[no-any-return]
