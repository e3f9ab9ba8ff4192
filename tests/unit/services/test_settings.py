"""Settings: the seeds' defaults, validation, versions and history."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import UserError
from app.services.app_services import AppServices
from app.services.context import Actor


def test_defaults_come_from_the_seeds(services: AppServices) -> None:
    channels = [c.id for c in services.settings.choices("channels")]
    assert channels[:4] == ["walk_in", "phone", "toll_free", "whatsapp"]
    assert {"donor", "government", "council_member", "beneficiary", "volunteer", "provider", "member",
            "other"} == {k.id for k in services.settings.choices("client_kinds")}
    rules = services.settings.get("sla_rules")
    assert {"type": "complaint", "priority": "*", "study_days": 1, "answer_days": 3} in rules
    assert services.settings.get("working_week") == [6, 0, 1, 2, 3]


def test_a_change_is_versioned_and_its_history_kept(services: AppServices, admin: Actor) -> None:
    assert services.settings.version("association.name") == 1
    services.settings.set(admin, "association.name", "جمعية كافل لرعاية الأيتام")
    services.settings.set(admin, "association.name", "جمعية ماجد بن عبدالعزيز")
    assert services.settings.version("association.name") == 3
    history = services.settings.history(admin, "association.name")
    assert [h.new_value for h in history] == ["جمعية ماجد بن عبدالعزيز", "جمعية كافل لرعاية الأيتام"]
    assert history[0].user_name == "admin"


def test_saving_the_same_value_changes_nothing(services: AppServices, admin: Actor) -> None:
    name = services.settings.get("association.name")
    assert not services.settings.set(admin, "association.name", name).settings
    assert services.settings.version("association.name") == 1


@pytest.mark.parametrize(("key", "value", "code"), [
    ("association.name", "   ", "setting-required"),
    ("working_week", [], "working-week-empty"),
    ("channels", [{"id": "phone", "ar": "هاتف"}, {"id": "phone", "ar": "هاتف ٢"}], "setting-item-duplicate"),
    ("channels", [{"id": "", "ar": "هاتف"}], "setting-item-incomplete"),
    ("security.max_failed_logins", 0, "invalid-setting"),
    ("holidays", [{"kind": "nonsense"}], None),
    ("no.such.key", 1, "unknown-setting"),
])
def test_invalid_values_are_refused_and_change_nothing(
        services: AppServices, admin: Actor, key: str, value: object, code: str | None) -> None:
    before = services.settings.all()
    with pytest.raises(UserError) as caught:
        services.settings.set(admin, key, value)
    if code:
        assert caught.value.code == code
    assert services.settings.all() == before


def test_the_working_calendar_follows_the_settings(services: AppServices, admin: Actor) -> None:
    calendar = services.settings.work_calendar()
    assert calendar.add_working_days(date(2026, 11, 22), 3) == date(2026, 11, 25)  # Sunday → Wednesday
    assert not calendar.is_working_day(date(2026, 9, 23))  # National Day
    services.settings.set(admin, "working_week", [6, 0, 1, 2, 3, 5])  # Saturdays too
    assert services.settings.work_calendar().is_working_day(date(2026, 11, 28))
