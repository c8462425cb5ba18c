"""The faster clock: drop time runs `scale` times the wall clock, and changes speed smoothly."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ScaledClock


def test_drop_time_runs_faster_and_maps_back_to_the_wall() -> None:
    origin = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    clock = ScaledClock(3600, origin)
    time.sleep(0.05)
    assert clock.now() - origin >= timedelta(minutes=3)  # 0.05 s of wall time at 3600x
    in_an_hour = clock.now() + timedelta(hours=1)
    wall = clock.to_wall(in_an_hour)
    assert timedelta(seconds=0.9) < wall - datetime.now(UTC) < timedelta(seconds=1.1)


def test_a_change_of_speed_does_not_jump() -> None:
    clock = ScaledClock(60)
    before = clock.now()
    clock.set_scale(36_000)
    after = clock.now()
    assert timedelta(0) <= after - before < timedelta(seconds=5)
    assert clock.to_wall(after + timedelta(hours=10)) - datetime.now(UTC) <= timedelta(seconds=1)


def test_a_scale_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        ScaledClock(0)
