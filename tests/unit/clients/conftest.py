from __future__ import annotations

import pytest

from app.services.app_services import AppServices
from app.services.context import Actor
from tests.clients_people import RegistryPeople, registry_people


@pytest.fixture
def people(services: AppServices, admin: Actor) -> RegistryPeople:
    return registry_people(services, admin)
