"""``sila clients …`` and ``sila requests …`` in a real process: the maker-checker path of a script."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Sila

BOSS, BOSS_PW = "boss", "boss-pass-123"
USERS = {"steward": ("relations_officer", "سارة الزهراني"), "manager": ("relations_manager", "سعد الدوسري")}
PW = "registry-pass-1"
NUMBER = re.compile(r"^CL-JED-\d{6}$")


@pytest.fixture
def registry(sila: Sila) -> Any:
    assert sila("--site", "JED", "init").returncode == 0
    assert sila("user", "add", BOSS, "--role", "admin", password=BOSS_PW).returncode == 0
    for name, (role, full) in USERS.items():
        added = sila("user", "add", name, "--role", role, "--full-name", full, user=BOSS, password=BOSS_PW,
                     env={"NEW_PASSWORD": PW})
        assert added.returncode == 0, added.stderr

    def run(*args: str, user: str = "steward", lang: str = "en") -> subprocess.CompletedProcess[str]:
        password = BOSS_PW if user == BOSS else PW
        return sila(*args, user=user, password=password, lang=lang)

    return run


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_steward_proposes_and_the_manager_approves(registry: Any) -> None:
    made = _json(registry("clients", "add", "--name", "أحمد عبدالله", "--kind", "donor", "--kind",
                          "volunteer", "--mobile", "٠٥٥٥١٢٣٤٥٦", "--city", "جدة", "--json"))
    assert made["status"] == "pending" and made["number"] is None
    assert _json(registry("clients", "list", "--json")) == []
    pending = _json(registry("requests", "list", "--json", user="manager"))
    assert [r["request"] for r in pending] == [made["request"]]

    refused = registry("requests", "approve", made["request"])  # the author
    assert refused.returncode != 0 and refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1

    approved = _json(registry("requests", "approve", made["request"], "--json", user="manager"))
    assert NUMBER.match(approved["number"])
    found = _json(registry("clients", "list", "--search", "احمد عبد الله", "--json"))
    assert [c["number"] for c in found] == [approved["number"]]
    assert found[0]["kinds"] == ["donor", "volunteer"] and found[0]["mobile"] == "+966555123456"
    shown = _json(registry("clients", "show", approved["number"], "--json"))
    assert shown["city"] == "جدة"


def test_a_manager_adds_at_once_and_rejections_need_a_reason(registry: Any) -> None:
    made = _json(registry("clients", "add", "--name", "وزارة الموارد البشرية", "--kind", "government",
                          "--organisation", "--json", user="manager"))
    assert made["status"] == "approved" and NUMBER.match(made["number"])
    other = _json(registry("clients", "add", "--name", "فهد", "--kind", "beneficiary", "--json"))
    no_reason = registry("requests", "reject", other["request"], "--reason", " ", user="manager")
    assert no_reason.returncode != 0 and "reason" in no_reason.stderr
    rejected = _json(registry("requests", "reject", other["request"], "--reason", "مكرر", "--json",
                              user="manager"))
    assert rejected["status"] == "rejected" and rejected["reason"] == "مكرر"


def test_bad_input_is_one_sentence(registry: Any) -> None:
    for args in (("--name", "x", "--kind", "alien"), ("--name", "x", "--kind", "donor", "--mobile", "123")):
        result = registry("clients", "add", *args)
        assert result.returncode != 0 and result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    missing = registry("clients", "show", "CL-JED-999999")
    assert missing.returncode != 0 and "CL-JED-999999" in missing.stderr


def test_arabic_output(registry: Any, tmp_path: Path) -> None:
    made = _json(registry("clients", "add", "--name", "نورة", "--kind", "beneficiary", "--json",
                          user="manager"))
    shown = registry("clients", "show", made["number"], lang="ar")
    assert shown.returncode == 0 and "نورة" in shown.stdout and "مستفيد" in shown.stdout


def test_import_is_all_or_nothing(registry: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["الاسم", "الجوال", "نوع العميل", "المدينة"])
    sheet.append(["سلمان الحربي", "0551112233", "مانح / داعم", "جدة"])
    sheet.append(["", "0551112244", "مستفيد", "جدة"])  # no name
    sheet.append(["هند العتيبي", "٠٥٥٢٢٢٣٣٤٤", "beneficiary", "مكة المكرمة"])
    path = tmp_path / "clients.xlsx"
    book.save(path)

    dry = registry("clients", "import", str(path), "--dry-run")
    assert dry.returncode != 0 and "3" in dry.stdout  # line 3 named
    refused = registry("clients", "import", str(path))
    assert refused.returncode != 0 and len(refused.stderr.strip().splitlines()) == 1
    assert _json(registry("requests", "list", "--json", user="manager")) == []

    done = _json(registry("clients", "import", str(path), "--skip-bad", "--json"))
    assert done["created"] == 2 and [s["line"] for s in done["skipped"]] == [3]
    assert len(_json(registry("requests", "list", "--json", user="manager"))) == 2

    fake = tmp_path / "list.xlsx"
    fake.write_text("name,mobile\n")
    not_a_book = registry("clients", "import", str(fake))
    assert not_a_book.returncode != 0 and len(not_a_book.stderr.strip().splitlines()) == 1


def test_contributions_and_programme_totals(registry: Any) -> None:
    donor = _json(registry("clients", "add", "--name", "مؤسسة الوفاء", "--kind", "donor", "--organisation",
                           "--json", user="manager"))["number"]
    _json(registry("contributions", "add", donor, "--amount", "١٬٥٠٠٫٥٠", "--programme", "كسوة العيد",
                   "--date", "2026-10-01", "--method", "transfer", "--json"))
    _json(registry("contributions", "add", donor, "--amount", "2000", "--kind", "pledge", "--programme",
                   "كسوة العيد", "--json"))
    totals = _json(registry("contributions", "totals", "--json"))
    assert totals == [{"programme": "كسوة العيد", "donated_halalas": 150_050, "pledged_halalas": 200_000,
                       "count": 2, "donors": 1}]
    bad = registry("contributions", "add", donor, "--amount", "-5")
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1
