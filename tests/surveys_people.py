"""A quality officer and a programme with printed forms, for survey tests at any level."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.records import PrintRun, ProgrammeInfo

PASSWORD = "quality-pass-1"


@dataclass(frozen=True)
class SurveyDesk:
    quality: Actor  # the quality officer: prints, keys, analyses
    desk: Actor  # the reception desk: may not key
    programme: ProgrammeInfo
    printed: PrintRun


def survey_desk(services: AppServices, admin: Actor, copies: int = 12) -> SurveyDesk:
    services.users.add(admin, "quality", "quality_officer", PASSWORD, "ريم الحربي")
    services.users.add(admin, "reception", "reception", PASSWORD, "هند الشهري")
    quality = services.users.login("quality", PASSWORD)
    desk = services.users.login("reception", PASSWORD)
    programme = services.programmes.add(quality, "ملتقى الأسرة الصيفي", centre="JED-SAFA", city="جدة")
    printed = services.survey_forms.reserve(quality, programme.number, "beneficiary", copies)
    return SurveyDesk(quality, desk, programme, printed)
