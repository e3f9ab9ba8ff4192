"""Running ``sila`` as a user would: a real process, a real data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

Sila = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def sila(tmp_path: Path) -> Sila:
    """``sila(*args, password=..., user=..., lang="en")`` in a fresh data folder."""
    data = tmp_path / "data"

    def run(*args: str, password: str | None = None, user: str | None = None, lang: str = "en",
            env: dict[str, str] | None = None,
            data_dir: Path | None = data) -> subprocess.CompletedProcess[str]:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("SILA_")}
        environ["QT_QPA_PLATFORM"] = "offscreen"
        if password is not None:
            environ["SILA_PASSWORD"] = password
        if user is not None:
            environ["SILA_USER"] = user
        environ.update(env or {})
        prefix = ["--lang", lang] + (["--data-dir", str(data_dir)] if data_dir else [])
        return subprocess.run([sys.executable, "-m", "ui.launcher", *prefix, *args], cwd=ROOT, env=environ,
                              capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)

    return run
