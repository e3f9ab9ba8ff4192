"""The core runs without Qt: the same services serve scripts, tests and screens."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCK_QT = textwrap.dedent("""
    import importlib.abc, sys

    class NoQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6"):
                raise ImportError(f"{name} is not installed here")
            return None

    sys.meta_path.insert(0, NoQt())
""")


def test_the_core_and_its_command_line_work_with_pyside6_absent(tmp_path: Path) -> None:
    script = BLOCK_QT + textwrap.dedent(f"""
        import pkgutil, importlib, app
        for info in pkgutil.walk_packages(app.__path__, "app."):
            if "migrations" not in info.name and not info.name.endswith("__main__"):
                importlib.import_module(info.name)
        from app.cli.main import main
        code = main(["--data-dir", {str(tmp_path)!r}, "--lang", "en", "init"])
        assert code == 0, code
        assert "PySide6" not in sys.modules
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_the_unit_tests_themselves_need_no_qt(tmp_path: Path) -> None:
    # Without pytest-qt (it imports Qt as it loads) and its settings.
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\npythonpath = .\nfilterwarnings = error\n", encoding="utf-8")
    suites = ["tests/unit/services", "tests/unit/persistence", "tests/unit/text", "tests/unit/calendars"]
    args = ["-q", "-x", "-p", "no:pytest-qt", "-p", "no:cacheprovider", "-c", str(ini),
            "--rootdir", str(ROOT), *suites]
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT + f"import pytest, sys; sys.exit(pytest.main({args!r}))"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
