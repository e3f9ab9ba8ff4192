"""The people of the client registry, for tests at any level.

The data steward and the deputy (named in the settings) propose; two relations
managers approve (one cannot approve their own request, so a second checks);
an officer who is not a steward, and the reception desk, may only look.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.app_services import AppServices
from app.services.context import Actor

PASSWORD = "registry-pass-1"


@dataclass(frozen=True)
class RegistryPeople:
    steward: Actor
    deputy: Actor
    manager: Actor
    manager2: Actor
    officer: Actor
    reception: Actor


def registry_people(services: AppServices, admin: Actor) -> RegistryPeople:
    def user(name: str, role: str, full_name: str) -> Actor:
        services.users.add(admin, name, role, PASSWORD, full_name)
        return services.users.login(name, PASSWORD)

    people = RegistryPeople(
        steward=user("steward", "relations_officer", "سارة الزهراني"),
        deputy=user("deputy", "relations_officer", "منى الغامدي"),
        manager=user("manager", "relations_manager", "سعد الدوسري"),
        manager2=user("manager2", "relations_manager", "ماجد القرني"),
        officer=user("officer", "relations_officer", "خالد العتيبي"),
        reception=user("desk", "reception", "نورة القحطاني"),
    )
    services.settings.set(admin, "client_stewards", {"steward": "steward", "deputy": "deputy"})
    return people
