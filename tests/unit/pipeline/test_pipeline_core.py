"""Opportunities, the stage rules, contacts, interests, the weekly report and campaigns, on a real
SQLite file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.errors import PermissionDenied, UserError
from app.pipeline.records import BoardQuery
from app.pipeline.weekly import parse_week, week_of
from app.services.app_services import AppServices
from app.services.context import Actor
from tests.pipeline_people import pipeline_team


def test_stages_move_by_the_rules_and_refusals_change_nothing(services: AppServices, admin: Actor) -> None:
    t = pipeline_team(services, admin)
    ops = services.opportunities
    o = ops.add(t.officer, t.programme.number, [t.donors[0]], expected_halalas=5_000_000, probability=30)
    number = o.card.number
    assert (o.card.stage, o.card.owner, o.card.donors[0].owner) == ("identified", "fundraiser", "fundraiser")
    for target, kwargs, code in (
        (
            "successful",
            {"received_halalas": 100, "received_on": date(2026, 11, 1)},
            "successful-needs-commitment",
        ),
        ("cancelled", {}, "cancel-reason"),
        ("identified", {}, "stage-unchanged"),
    ):
        with pytest.raises(UserError) as e:
            ops.move(t.officer, number, target, **kwargs)  # type: ignore[arg-type]
        assert e.value.code == code
    assert ops.get(t.officer, number).card.stage == "identified"
    ops.move(t.officer, number, "follow_up")
    ops.move(t.officer, number, "closed")
    with pytest.raises(UserError) as e:
        ops.move(t.officer, number, "successful")
    assert e.value.code == "received-amount"
    card = ops.move(
        t.officer, number, "successful", received_halalas=4_500_000, received_on=date(2026, 11, 20)
    )
    assert (card.stage, card.probability) == ("successful", 100)
    with pytest.raises(UserError) as e:
        ops.move(t.officer, number, "identified")
    assert e.value.code == "stage-final"
    stages = [(x.from_value, x.to_value) for x in ops.get(t.officer, number).timeline if x.kind == "stage"]
    assert stages == [("identified", "follow_up"), ("follow_up", "closed"), ("closed", "successful")]
    with pytest.raises(PermissionDenied):
        ops.add(t.desk, t.programme.number, [t.donors[0]])


def test_board_totals_are_the_sums_of_the_cards(services: AppServices, admin: Actor) -> None:
    t = pipeline_team(services, admin)
    ops = services.opportunities
    for n, (amount, probability) in enumerate(((1_000_000, 10), (2_500_050, 35), (700_000, 90))):
        ops.add(
            t.officer, t.programme.number, [t.donors[n]], expected_halalas=amount, probability=probability
        )
    board = ops.board(t.officer, BoardQuery())
    column = board.column("identified")
    assert column.count == 3 and column.total_halalas == 4_200_050
    assert column.weighted_halalas == sum(c.expected_halalas * c.probability // 100 for c in column.cards)
    assert ops.board(t.officer, BoardQuery(owner="fundraiser2")).column("identified").count == 0
    assert ops.count(t.officer, BoardQuery(text="النماء")) == 1


def test_contacts_outside_the_owner_are_flagged_for_the_manager(services: AppServices, admin: Actor) -> None:
    t = pipeline_team(services, admin)
    ops = services.opportunities
    o = ops.add(t.officer, t.programme.number, [t.donors[0]])
    assert not ops.log_contact(
        t.officer, o.card.number, t.donors[0], "call", "اتصال تعريفي بالبرنامج"
    ).outside_owner
    result = ops.log_contact(t.other, o.card.number, t.donors[0], "visit", "زيارة دون تنسيق")
    assert result.outside_owner
    outside = ops.outside_contacts(t.manager)
    assert [(n, e.note) for n, e in outside] == [(o.card.number, "زيارة دون تنسيق")]
    with pytest.raises(PermissionDenied):
        ops.outside_contacts(t.officer)
    with pytest.raises(UserError):
        ops.log_contact(t.officer, o.card.number, t.donors[0], "call", "  ")


def test_interests_suggest_donors_not_yet_approached(services: AppServices, admin: Actor) -> None:
    t = pipeline_team(services, admin)
    interests = services.donor_interests
    interests.set(t.officer, t.donors[0], ["orphans", "food"])
    interests.set(t.officer, t.donors[1], ["orphans"])
    interests.set(t.officer, t.donors[2], ["health"])
    assert {s.number for s in interests.suggest(t.officer, t.programme.number)} == {t.donors[0], t.donors[1]}
    services.opportunities.add(t.officer, t.programme.number, [t.donors[0]])
    assert [s.number for s in interests.suggest(t.officer, t.programme.number)] == [t.donors[1]]
    with pytest.raises(UserError):
        interests.set(t.officer, t.donors[0], ["space-travel"])


def test_weekly_report(services: AppServices, admin: Actor) -> None:
    t = pipeline_team(services, admin)
    ops = services.opportunities
    won = ops.add(t.officer, t.programme.number, [t.donors[0]], expected_halalas=1_000_000).card.number
    lost = ops.add(t.officer, t.programme.number, [t.donors[1]]).card.number
    ops.move(t.officer, won, "closed")
    ops.move(t.officer, won, "successful", received_halalas=900_000, received_on=date.today())
    ops.move(t.officer, lost, "cancelled", reason="أعاد المانح توجيه ميزانيته")
    report = services.weekly_reports.build(t.manager, week_of(date.today()))
    assert [c.number for c in report.won] == [won]
    assert [(c.number, reason) for c, reason in report.lost] == [(lost, "أعاد المانح توجيه ميزانيته")]
    assert len(report.moved) == 3
    assert parse_week("2026-W47") == ("2026-W47", date(2026, 11, 15))
    assert week_of(date(2026, 11, 15)) == "2026-W47" and week_of(date(2026, 11, 21)) == "2026-W47"
    later = services.weekly_reports.build(t.manager, week_of(date.today() + timedelta(days=30)))
    assert later.stale == ()  # both are closed out
    with pytest.raises(UserError):
        services.weekly_reports.build(t.manager, "next week")


def test_campaign_procedure(services: AppServices, admin: Actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    t = pipeline_team(services, admin)
    camps = services.campaigns
    c = camps.add(
        t.manager,
        "حملة رمضان للسلال الغذائية",
        year=2027,
        objective="جمع ٢٠٠ ألف ريال",
        segment="سكان أحياء جدة ومكة والطائف",
        cities=["جدة", "مكة المكرمة", "الطائف"],
        channels=["sms", "social"],
        planned_start=date(2027, 2, 1),
        planned_end=date(2027, 3, 15),
        budget_halalas=3_000_000,
    )
    with pytest.raises(UserError) as e:
        camps.move(t.manager, c.number, "approved")
    assert e.value.code == "campaign-step"
    for step in ("channels_chosen", "approved", "proposals_requested"):
        camps.move(t.manager, c.number, step)
    with pytest.raises(UserError):
        camps.move(t.manager, c.number, "proposals_received")  # no proposal yet
    offer = tmp_path / "offer.pdf"
    offer.write_bytes(b"%PDF-1.4 proposal")
    p = camps.add_proposal(t.manager, c.number, "وكالة الإبداع", 2_800_000, date(2027, 1, 10), offer)
    camps.choose_proposal(t.manager, p.id)
    for step in ("proposals_received", "programme_approved", "launched"):
        camps.move(t.manager, c.number, step)
    with pytest.raises(UserError):
        camps.move(t.manager, c.number, "evaluated")  # no evaluation written
    camps.record_results(
        t.manager,
        c.number,
        actual_cost_halalas=2_900_000,
        reach=120_000,
        responses=900,
        donations_halalas=25_000_000,
        new_beneficiaries=40,
        evaluation="تجاوزت الهدف",
    )
    done = camps.move(t.manager, c.number, "evaluated")
    assert done.state == "evaluated" and done.agency == "وكالة الإبداع"
    assert [s.to_state for s in camps.get(t.manager, c.number).steps][-1] == "evaluated"
    assert [x.number for x in camps.list(t.manager, 2027)] == [c.number]
    with pytest.raises(PermissionDenied):
        camps.add(t.officer, "حملة")


def test_the_list_filters_by_stage(services: AppServices, admin: Actor) -> None:
    t = pipeline_team(services, admin)
    ops = services.opportunities
    first = ops.add(t.officer, t.programme.number, [t.donors[0]]).card.number
    ops.add(t.officer, t.programme.number, [t.donors[1]])
    ops.move(t.officer, first, "follow_up")
    q = BoardQuery(stages=("follow_up",))
    assert ops.count(t.officer, q) == 1
    assert [c.number for c in ops.cards(t.officer, q)] == [first]
