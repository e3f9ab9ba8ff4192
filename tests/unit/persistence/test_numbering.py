"""Human numbers carry the site code and are never handed out twice."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from app.persistence.numbering import format_number, next_number, next_value
from app.services.app_services import AppServices


def test_numbers_embed_the_site_and_count_per_series_and_period(services: AppServices) -> None:
    with services.db.begin() as s:
        first = next_number(s, "C", "TST", "1448")
        second = next_number(s, "C", "TST", "1448")
        other_year = next_number(s, "C", "TST", "1449")
        client = next_number(s, "CL", "TST", width=7)
    assert (first, second, other_year, client) == (
        "C-TST-1448-000001", "C-TST-1448-000002", "C-TST-1449-000001", "CL-TST-0000001")


def test_a_rolled_back_number_is_not_remembered_but_a_committed_one_is_never_reused(
        services: AppServices) -> None:
    with services.db.begin() as s:
        assert next_value(s, "X") == 1
    try:
        with services.db.begin() as s:
            assert next_value(s, "X") == 2
            raise RuntimeError("the save failed")
    except RuntimeError:
        pass
    with services.db.begin() as s:
        assert next_value(s, "X") == 2


def test_concurrent_desks_never_get_the_same_number(services: AppServices) -> None:
    def take(_: int) -> int:
        with services.db.begin() as s:
            return next_value(s, "C", "1448")

    with ThreadPoolExecutor(max_workers=4) as pool:
        values = list(pool.map(take, range(40)))
    assert sorted(values) == list(range(1, 41))


def test_format() -> None:
    assert format_number("C", "JED", "1448", 123) == "C-JED-1448-000123"
