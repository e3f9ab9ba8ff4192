"""The same core on PostgreSQL, for an office where several desks share one database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.config import resolve
from app.errors import UserError
from app.services.app_services import AppServices
from tests.postgres import postgres_server


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def test_init_users_settings_and_logs_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    services = AppServices.open(resolve(str(tmp_path), pg_url))
    try:
        assert services.initialise("PG", "مكتب مشترك").created
        assert not services.initialise("PG").created
        services.users.add(None, "boss", "admin", "boss-pass-1", "مدير النظام")
        boss = services.users.login("boss", "boss-pass-1")
        services.settings.set(boss, "association.name", "جمعية البر بجدة")
        assert services.settings.get("association.name") == "جمعية البر بجدة"
        assert services.settings.history(boss, "association.name")[0].user_name == "boss"
        with pytest.raises(UserError):
            services.users.login("boss", "wrong-pass")
        with pytest.raises(DBAPIError, match="append-only"), services.db.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
        assert services.last_backup is None  # no file to copy on a server
    finally:
        services.close()


def test_numbers_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from app.persistence.numbering import next_value

    services = AppServices.open(resolve(str(tmp_path), pg_url))
    try:
        def take(_: int) -> int:
            with services.db.begin() as s:
                return next_value(s, "C", "1448")

        with ThreadPoolExecutor(max_workers=4) as pool:
            values = list(pool.map(take, range(40)))
        assert sorted(values) == list(range(1, 41))
    finally:
        services.close()
