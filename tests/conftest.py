"""Shared fixtures: a migrated template database copied per test (Anki's trick),
and the services over it. Tests that use Qt are marked ``gui`` automatically."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app import i18n
from app.config import resolve
from app.services.app_services import AppServices
from app.services.context import Actor

ADMIN_NAME = "admin"
ADMIN_PASSWORD = "admin-pass-1"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qapp" in getattr(item, "fixturenames", ()) or "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a migrated, initialised database and one administrator."""
    folder = tmp_path_factory.mktemp("template")
    services = AppServices.open(resolve(str(folder)))
    services.initialise("TST", "موقع الاختبار")
    services.users.add(None, ADMIN_NAME, "admin", ADMIN_PASSWORD, "مدير النظام")
    services.close()  # the last connection closing folds the WAL into the file
    return folder


@pytest.fixture
def data_dir(template_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(template_dir, folder)
    return folder


@pytest.fixture
def services(data_dir: Path) -> Iterator[AppServices]:
    svc = AppServices.open(resolve(str(data_dir)))
    yield svc
    svc.close()


@pytest.fixture
def admin(services: AppServices) -> Actor:
    return services.users.login(ADMIN_NAME, ADMIN_PASSWORD)


@pytest.fixture(autouse=True)
def arabic_by_default() -> Iterator[None]:
    """Every test starts in Arabic and leaves the language as it found it."""
    i18n.set_language("ar")
    yield
    i18n.set_language("ar")


@pytest.fixture
def riyadh_time() -> Iterator[None]:
    """The computer's clock set three hours east of UTC, as in Riyadh (POSIX TZ, no tzdata needed)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "AST-3"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def artifacts() -> Path:
    """Where tests save screenshots and rendered pages for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
