"""Deadlines in working days, over weekends and holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.calendars.workdays import WorkCalendar, default_holidays
from app.complaints.records import NewComplaint
from app.complaints.sla import deadlines, rule_for, sla_state
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.settings_defaults import DEFAULT_SLA_RULES

CALENDAR = WorkCalendar(weekend={4, 5}, holidays=default_holidays())  # Friday, Saturday


def test_a_week_with_a_weekend_and_a_holiday() -> None:
    # Tuesday 22 September 2026; Wednesday 23rd is National Day; Friday and Saturday are the weekend.
    received = datetime(2026, 9, 22, 10, 0)
    due = deadlines(CALENDAR, DEFAULT_SLA_RULES, "complaint", "normal", received)
    assert due.study == date(2026, 9, 24)  # 1 working day: Thursday (Wednesday is the holiday)
    assert due.answer == date(2026, 9, 28)  # 3: Thursday, Sunday, Monday


def test_received_on_the_weekend_counts_from_the_next_working_day() -> None:
    due = deadlines(CALENDAR, DEFAULT_SLA_RULES, "complaint", "normal", datetime(2026, 9, 25, 9, 0))  # Friday
    assert due.answer == date(2026, 9, 30)  # Sunday 27 → Mon 28, Tue 29, Wed 30


def test_the_rule_for_the_exact_priority_wins() -> None:
    assert rule_for(DEFAULT_SLA_RULES, "complaint", "urgent")["answer_days"] == 1
    assert rule_for(DEFAULT_SLA_RULES, "complaint", "high")["answer_days"] == 3
    assert rule_for([], "complaint", "normal") is None
    assert deadlines(CALENDAR, [], "complaint", "normal", datetime(2026, 9, 22)).answer is None


def test_sla_states() -> None:
    due = date(2026, 9, 28)
    assert sla_state("assigned", due, None, date(2026, 9, 27)) == "on_time"
    assert sla_state("assigned", due, None, due) == "due_today"
    assert sla_state("under_study", due, None, date(2026, 9, 29)) == "overdue"
    assert sla_state("answered", due, date(2026, 9, 28), date(2026, 10, 5)) == "met"
    assert sla_state("closed", due, date(2026, 9, 29), date(2026, 10, 5)) == "missed"
    assert sla_state("cancelled", due, None, date(2026, 10, 5)) == "none"


def test_the_service_uses_the_settings_calendar(services: AppServices, admin: Actor,
                                                riyadh_time: None) -> None:
    # 22:30 UTC on Tuesday is 01:30 on Wednesday (the holiday) in Riyadh: Thursday is day 0.
    detail = services.complaints.add(admin, NewComplaint(
        type="complaint", channel="phone", description="تأخر الرد", name="سارة", mobile="0551234567",
        received_at=datetime(2026, 9, 22, 22, 30, tzinfo=UTC)))
    assert detail.study_due == date(2026, 9, 27)  # Sunday
    assert detail.row.answer_due == date(2026, 9, 29)  # Sunday, Monday, Tuesday
    # A holiday added in settings moves the next deadline.
    closure = {"kind": "fixed", "name": "إجازة طارئة", "start": "2026-09-27", "end": "2026-09-27"}
    holidays = [*services.settings.get("holidays"), closure]
    services.settings.set(admin, "holidays", holidays)
    later = services.complaints.add(admin, NewComplaint(
        type="complaint", channel="phone", description="تأخر الرد", name="سارة", mobile="0551234567",
        received_at=datetime(2026, 9, 22, 7, 0, tzinfo=UTC)))
    assert later.row.answer_due == date(2026, 9, 29)  # Thursday, (Sunday closed) Monday, Tuesday
