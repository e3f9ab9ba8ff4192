"""The relations team, donors and a programme, for pipeline tests at any level."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.records import ProgrammeInfo

PASSWORD = "pipeline-pass-1"


@dataclass(frozen=True)
class Team:
    manager: Actor  # relations manager: approves clients, sees contacts outside the owner
    officer: Actor  # relations officer: owns opportunities and donors
    other: Actor  # a second officer, not the donors' relationship owner
    desk: Actor  # reception: no access to the pipeline
    programme: ProgrammeInfo
    donors: tuple[str, ...]  # client numbers, owned by ``officer``


def pipeline_team(services: AppServices, admin: Actor, donors: int = 3) -> Team:
    def user(name: str, role: str, full_name: str) -> Actor:
        services.users.add(admin, name, role, PASSWORD, full_name)
        return services.users.login(name, PASSWORD)

    manager = user("relations", "relations_manager", "سعد الدوسري")
    officer = user("fundraiser", "relations_officer", "خالد العتيبي")
    other = user("fundraiser2", "relations_officer", "منى الغامدي")
    desk = user("frontdesk", "reception", "نورة القحطاني")
    programme = services.programmes.add(manager, "كفالة الأيتام ١٤٤٨", kind="orphans", centre="JED-SAFA",
                                        city="جدة")
    names = ["مؤسسة الخير الوقفية", "شركة النماء التجارية", "عبدالله بن سالم الحربي", "سارة العمري"]
    numbers = []
    for n in range(donors):
        created = services.client_requests.propose_create(
            admin, {"name": names[n % len(names)] + ("" if n < len(names) else f" {n}"), "kinds": ["donor"],
                    "owner": officer.name, "mobile": f"05{n + 10:08d}"})
        numbers.append(created.summary.client_number)
    return Team(manager, officer, other, desk, programme, tuple(numbers))
