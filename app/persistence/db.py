"""Opening the database: where it is, how SQLite is tuned, and migrating it at start-up.

``Database`` owns the engine and the session factory. Every session it makes
records its writes (see :mod:`app.persistence.recorder`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import UserError
from app.persistence import recorder
from app.persistence.models import Site
from app.persistence.recorder import ACTOR_KEY, SYSTEM_ACTOR, WriteActor

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DB_FILENAME = "sila.db"
SQLITE_MAGIC = b"SQLite format 3\x00"


def _tune_sqlite(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster than FULL
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _check_sqlite_file(path: Path) -> None:
    """A clear sentence instead of a traceback for a file that is not a Sila database."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as f:
        magic = f.read(len(SQLITE_MAGIC))
    if magic != SQLITE_MAGIC:
        raise UserError("not-a-database", "The file {path} is not a Sila database.", path=str(path))


class Database:
    """The engine, the session factory and the site this database belongs to."""

    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.path: Path | None = Path(parsed.database) if self.is_sqlite and parsed.database else None
        if self.path is not None:
            _check_sqlite_file(self.path)
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _tune_sqlite)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        recorder.install(self._sessions)
        self._site_code: str | None = None

    # --- migrations -------------------------------------------------------
    def current_revision(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except DatabaseError as exc:
            raise UserError("not-a-database", "The file {path} is not a Sila database.",
                            path=str(self.path or self.url)) from exc

    def head_revision(self) -> str | None:
        return ScriptDirectory.from_config(alembic_config(self.url)).get_current_head()

    def needs_migration(self) -> bool:
        return self.current_revision() != self.head_revision()

    def migrate(self, backup_dir: Path | None = None) -> Path | None:
        """Upgrade to the newest schema; copy the SQLite file first if that changes anything.

        Returns the backup's path, if one was made.
        """
        current = self.current_revision()
        if current == self.head_revision():
            return None
        if current is not None and not self._knows(current):
            raise UserError("newer-database",
                            "This database was made by a newer version of Sila; install that version "
                            "to open it.")
        backup = None
        if current is not None and self.path is not None and self.path.exists():
            backup = self.backup(backup_dir or self.path.parent / "backups", reason=f"pre-{current}")
        try:
            with self.engine.begin() as conn:
                cfg = alembic_config(self.url)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except OperationalError as exc:
            raise UserError("migration-failed",
                            "The database could not be upgraded; it was left as it was ({error}).",
                            error=str(exc.orig)) from exc
        return backup

    def _knows(self, revision: str) -> bool:
        try:
            ScriptDirectory.from_config(alembic_config(self.url)).get_revision(revision)
        except CommandError:
            return False
        return True

    def backup(self, folder: Path, reason: str = "manual") -> Path:
        """A consistent copy of the SQLite file (the online backup API, safe under WAL)."""
        if self.path is None:
            raise UserError("backup-sqlite-only", "Backups can only be made of a SQLite database file.")
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{self.path.stem}-{stamp}-{reason}.db"
        src = sqlite3.connect(self.path)
        try:
            dst = sqlite3.connect(target)
            with dst:
                src.backup(dst)
            dst.close()
        finally:
            src.close()
        return target

    # --- sessions ---------------------------------------------------------
    @property
    def site_code(self) -> str | None:
        if self._site_code is None:
            with self._sessions() as s:
                self._site_code = s.execute(select(Site.code)).scalar_one_or_none()
        return self._site_code

    def forget_site(self) -> None:
        self._site_code = None

    def session(self, actor: WriteActor = SYSTEM_ACTOR) -> Session:
        s = self._sessions()
        s.info[ACTOR_KEY] = actor
        s.info["site_code"] = self.site_code
        return s

    @contextmanager
    def begin(self, actor: WriteActor = SYSTEM_ACTOR) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        with self.session(actor) as s, s.begin():
            yield s

    def dispose(self) -> None:
        self.engine.dispose()
