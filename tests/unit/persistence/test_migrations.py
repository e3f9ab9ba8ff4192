"""Migrations at start-up: backup first, data kept, clear refusals, schema matches models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.config import resolve
from app.errors import UserError
from app.persistence.base import Base
from app.persistence.db import Database, alembic_config, sqlite_url
from app.persistence.search_indexes import include_name
from app.services.app_services import AppServices


def _old_database(folder: Path) -> Path:
    """A database at the first schema revision, with a site and a user in it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sila.db"
    command.upgrade(alembic_config(sqlite_url(path)), "0001")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO site (code, name, created_at, last_seq) VALUES ('OLD', 'قديم', '2025-01-01', 0)")
    con.commit()
    con.close()
    return path


def test_a_pending_migration_copies_the_file_first_and_keeps_the_data(tmp_path: Path) -> None:
    path = _old_database(tmp_path / "data")
    services = AppServices.open(resolve(str(tmp_path / "data")))
    try:
        assert services.last_backup is not None and services.last_backup.exists()
        assert services.db.current_revision() == services.db.head_revision()
        assert services.site.current() is not None and services.site.current().code == "OLD"  # type: ignore[union-attr]
    finally:
        services.close()
    backup = sqlite3.connect(services.last_backup)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    backup.close()
    assert path.exists()


def test_an_up_to_date_database_is_not_copied(services: AppServices) -> None:
    assert services.last_backup is None
    assert not services.db.needs_migration()


def test_a_failed_migration_says_so_and_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = _old_database(tmp_path / "data")
    con = sqlite3.connect(path)
    # Something in the way of migration 0002: an index of the name it creates.
    con.execute("CREATE INDEX ix_audit_log_table_record ON audit_log (at)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(UserError) as caught:
        AppServices.open(resolve(str(tmp_path / "data")))
    assert caught.value.code == "migration-failed"
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()
    assert len(path.read_bytes()) == len(before)


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    services = AppServices.open(resolve(str(folder)))
    services.close()
    con = sqlite3.connect(folder / "sila.db")
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(UserError) as caught:
        AppServices.open(resolve(str(folder)))
    assert caught.value.code == "newer-database"


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "sila.db").write_text("نص عادي، وليس قاعدة بيانات\n" * 50, encoding="utf-8")
    before = (folder / "sila.db").read_bytes()
    with pytest.raises(UserError) as caught:
        AppServices.open(resolve(str(folder)))
    assert caught.value.code == "not-a-database"
    assert "not a Sila database" in caught.value.source_message
    assert (folder / "sila.db").read_bytes() == before


def test_the_migrated_schema_matches_the_models(services: AppServices) -> None:
    """What ``alembic check`` verifies: no model change lacks its migration."""
    with services.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(services: AppServices) -> None:
    with services.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_an_unwritable_data_folder_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError) as caught:
        resolve(str(blocker / "data"))
    assert caught.value.code == "data-dir-not-writable"


def test_database_url_is_taken_from_the_argument(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "elsewhere.db")
    location = resolve(str(tmp_path / "data"), url)
    assert location.db_url == url
    db = Database(url)
    db.migrate()
    assert (tmp_path / "elsewhere.db").exists()
    db.dispose()
