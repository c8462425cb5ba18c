"""Start times as streamers type them, in their time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.drops.starts import parse_start
from bot.kernel.errors import InvalidSpec

NOW = datetime(2026, 11, 21, 18, 30, tzinfo=UTC)  # 19:30 in Berlin
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20:00", datetime(2026, 11, 21, 19, 0, tzinfo=UTC)),  # tonight, Berlin time
        ("19:00", datetime(2026, 11, 22, 18, 0, tzinfo=UTC)),  # already past: tomorrow
        ("+10m", NOW + timedelta(minutes=10)),
        ("in 1h30m", NOW + timedelta(hours=1, minutes=30)),
        ("2026-11-22T12:00", datetime(2026, 11, 22, 11, 0, tzinfo=UTC)),
        ("2026-11-22T12:00+00:00", datetime(2026, 11, 22, 12, 0, tzinfo=UTC)),
    ],
)
def test_start_times(text: str, expected: datetime) -> None:
    assert parse_start(text, NOW, BERLIN) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("25:00", "not a time of day"),
        ("tonight", "is not a start time like"),
        ("+soon", "is not a start time like"),
        ("2026-11-20T12:00", "in the past"),
        ("2027-06-01T12:00", "more than 60 days away"),
    ],
)
def test_bad_start_times_say_what_is_wrong_in_one_line(text: str, says: str) -> None:
    with pytest.raises(InvalidSpec, match=says) as error:
        parse_start(text, NOW, BERLIN)
    assert "\n" not in str(error.value)
