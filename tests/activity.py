"""Quick ways to fill a test database with history."""

from __future__ import annotations

from app.services.app_services import AppServices
from app.services.context import Actor


def settings_changes(services: AppServices, admin: Actor, rounds: int) -> None:
    """``3 * rounds`` audit lines, fast: settings changes need no password hashing."""
    for i in range(rounds):
        services.settings.set_many(admin, {"association.phone": f"80024{i:05d}",
                                           "association.email": f"info{i}@albir.org.sa",
                                           "association.name_en": f"Al-Birr {i}"})
