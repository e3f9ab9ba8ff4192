"""The same core on PostgreSQL, for an office where several desks share one database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.config import resolve
from app.errors import UserError
from app.services.app_services import AppServices
from tests.postgres import postgres_server


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def test_init_users_settings_and_logs_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    services = AppServices.open(resolve(str(tmp_path), pg_url))
    try:
        assert services.initialise("PG", "مكتب مشترك").created
        assert not services.initialise("PG").created
        services.users.add(None, "boss", "admin", "boss-pass-1", "مدير النظام")
        boss = services.users.login("boss", "boss-pass-1")
        services.settings.set(boss, "association.name", "جمعية البر بجدة")
        assert services.settings.get("association.name") == "جمعية البر بجدة"
        assert services.settings.history(boss, "association.name")[0].user_name == "boss"
        with pytest.raises(UserError):
            services.users.login("boss", "wrong-pass")
        with pytest.raises(DBAPIError, match="append-only"), services.db.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
        assert services.last_backup is None  # no file to copy on a server
    finally:
        services.close()


def test_numbers_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from app.persistence.numbering import next_value

    services = AppServices.open(resolve(str(tmp_path), pg_url))
    try:
        def take(_: int) -> int:
            with services.db.begin() as s:
                return next_value(s, "C", "1448")

        with ThreadPoolExecutor(max_workers=4) as pool:
            values = list(pool.map(take, range(40)))
        assert sorted(values) == list(range(1, 41))
    finally:
        services.close()


def test_the_client_registry_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    from app.clients.directory import ClientQuery
    from tests.clients_people import registry_people

    services = AppServices.open(resolve(str(tmp_path), pg_url))
    try:
        services.initialise("PG")
        if services.needs_first_admin():
            services.users.add(None, "boss", "admin", "boss-pass-1", "مدير النظام")
        people = registry_people(services, services.users.login("boss", "boss-pass-1"))
        req = services.client_requests.propose_create(people.steward, {
            "name": "أحمد عبدالله", "kinds": ["donor", "volunteer"], "mobile": "0555123456"})
        number = services.client_requests.approve(people.manager, req.number).summary.client_number
        twin = services.client_requests.propose_create(people.manager, {
            "name": "احمد عبد الله", "kinds": ["beneficiary"], "mobile": "0555123456"}).summary.client_number
        assert services.clients.count(people.manager, ClientQuery(text="احمد عبد", kind="donor")) == 1
        found = services.clients.page(people.manager, ClientQuery(text="٠٥٥٥١٢٣٤٥٦"), 0, 10)
        assert {r.number for r in found} == {number, twin}
        pairs = services.client_requests.duplicate_pairs(people.manager)
        assert [(p.a_number, p.b_number) for p in pairs] == [(number, twin)]
        merge = services.client_requests.propose_merge(people.steward, number, twin)
        services.client_requests.approve(people.manager, merge.number)
        assert services.clients.detail(people.manager, twin).merged_into == number
        assert services.clients.count(people.manager, ClientQuery(text="احمد")) == 1
    finally:
        services.close()


def test_surveys_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    from datetime import date

    from app.surveys.records import SurveyQuery
    from tests.surveys_people import survey_desk

    services = AppServices.open(resolve(str(tmp_path), pg_url))
    try:
        services.initialise("PG")
        if services.needs_first_admin():
            services.users.add(None, "boss", "admin", "boss-pass-1", "مدير النظام")
        d = survey_desk(services, services.users.login("boss", "boss-pass-1"), copies=3)
        services.programmes.update(d.quality, d.programme.number, starts_on=date(2026, 7, 1),
                                   ends_on=date(2026, 7, 9), status="closed")
        entry, programme, (first, second, _) = services.survey_entry, d.programme.number, d.printed.numbers
        entry.add(d.quality, programme, first, "5,4,4,3,5,5,4,4,3,5,2", first_time="نعم")
        entry.add(d.quality, programme, second, "3,0,2,3,4,5,1,2,3,4,5", age_group="51+")
        with pytest.raises(UserError):
            entry.add(d.quality, programme, second, "5,5,5,5,5,5,5,5,5,5,5")
        july = SurveyQuery(since=date(2026, 7, 1), until=date(2026, 7, 31))
        summary = services.survey_analysis.summary(d.quality, july)
        assert summary.responses == 2 and summary.items[0].mean == 4.0
        assert services.survey_analysis.summary(d.quality, SurveyQuery(since=date(2026, 8, 1))).responses == 0
        groups = services.survey_analysis.breakdown(d.quality, july, "first_time")
        assert {g.key: g.summary.responses for g in groups} == {"True": 1, "": 1}
        assert services.survey_analysis.complaint_rating(d.quality, since=date(2026, 1, 1)).responses == 0
    finally:
        services.close()


def test_the_pipeline_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    from datetime import date

    from app.pipeline.records import BoardQuery
    from app.pipeline.weekly import week_of
    from tests.pipeline_people import pipeline_team

    services = AppServices.open(resolve(str(tmp_path), pg_url))
    try:
        services.initialise("PG")
        if services.needs_first_admin():
            services.users.add(None, "boss", "admin", "boss-pass-1", "مدير النظام")
        t = pipeline_team(services, services.users.login("boss", "boss-pass-1"), donors=2)
        ops = services.opportunities
        a = ops.add(t.officer, t.programme.number, [t.donors[0]], expected_halalas=1_000_050, probability=35)
        b = ops.add(t.officer, t.programme.number, [t.donors[1]], expected_halalas=300_000, probability=90)
        column = ops.board(t.officer, BoardQuery(text="النماء")).column("identified")
        assert (column.count, column.total_halalas) == (1, 300_000)
        ops.move(t.officer, a.card.number, "closed")
        with pytest.raises(UserError):
            ops.move(t.officer, b.card.number, "successful", received_halalas=1, received_on=date.today())
        ops.move(t.officer, a.card.number, "successful", received_halalas=900_000, received_on=date.today())
        assert ops.log_contact(t.other, b.card.number, t.donors[1], "call", "اتصال").outside_owner
        report = services.weekly_reports.build(t.manager, week_of(date.today()))
        assert [c.number for c in report.won] == [a.card.number]
        services.donor_interests.set(t.officer, t.donors[0], ["orphans"])
        suggested = services.donor_interests.suggest(t.officer, t.programme.number)
        assert [s.number for s in suggested] == [t.donors[0]]
    finally:
        services.close()
