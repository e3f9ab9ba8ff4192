"""Where Sila keeps its data: ``--data-dir``/``SILA_DATA_DIR`` and ``--db``/``SILA_DB_URL``."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app.errors import UserError
from app.persistence.db import DB_FILENAME, sqlite_url


@dataclass(frozen=True)
class Location:
    data_dir: Path
    db_url: str

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("sila", appauthor=False))


def ensure_writable(folder: Path) -> Path:
    """Create ``folder`` if needed and prove it can be written, or say so in one sentence."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise UserError("data-dir-not-writable", "The data folder {path} cannot be written to.",
                        path=str(folder)) from exc
    return folder


def resolve(data_dir: str | None = None, db_url: str | None = None) -> Location:
    folder = Path(data_dir or os.environ.get("SILA_DATA_DIR") or default_data_dir()).expanduser()
    ensure_writable(folder)
    url = db_url or os.environ.get("SILA_DB_URL") or sqlite_url(folder / DB_FILENAME)
    return Location(folder.resolve(), url)
