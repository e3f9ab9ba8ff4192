"""Times are stored in UTC and shown in the computer's local time."""

from __future__ import annotations

from datetime import UTC, datetime

from app.calendars.formatting import format_datetime
from app.i18n import set_language


def test_a_utc_time_is_shown_in_local_time(riyadh_time: None) -> None:
    set_language("en")
    stored = datetime(2026, 11, 22, 21, 30, tzinfo=UTC)  # after midnight in Riyadh
    assert format_datetime(stored) == "23/11/2026 00:30"


def test_a_naive_time_is_shown_as_it_is(riyadh_time: None) -> None:
    set_language("en")
    assert format_datetime(datetime(2026, 11, 22, 21, 30)) == "22/11/2026 21:30"
