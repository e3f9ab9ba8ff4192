"""People at the complaints desk: one user per role that works there."""

from __future__ import annotations

import pytest

from app.services.app_services import AppServices
from app.services.context import Actor

PASSWORD = "desk-pass-123"


def _user(services: AppServices, admin: Actor, name: str, role: str, full_name: str) -> Actor:
    services.users.add(admin, name, role, PASSWORD, full_name)
    return services.users.login(name, PASSWORD)


@pytest.fixture
def reception(services: AppServices, admin: Actor) -> Actor:
    return _user(services, admin, "rec", "reception", "نورة القحطاني")


@pytest.fixture
def reception2(services: AppServices, admin: Actor) -> Actor:
    return _user(services, admin, "rec2", "reception", "هند الشهري")


@pytest.fixture
def officer(services: AppServices, admin: Actor) -> Actor:
    return _user(services, admin, "officer", "relations_officer", "خالد العتيبي")


@pytest.fixture
def manager(services: AppServices, admin: Actor) -> Actor:
    return _user(services, admin, "manager", "relations_manager", "سعد الدوسري")


@pytest.fixture
def secretary(services: AppServices, admin: Actor) -> Actor:
    return _user(services, admin, "secretary", "council_secretary", "فهد الحربي")
