"""The faster clock: drop time runs `scale` times the wall clock, and changes speed smoothly."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import Anchor, FollowedClock, ScaledClock, SystemClock, anchor_of


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


def test_a_followed_clock_runs_the_anchor_it_is_given_and_each_new_one() -> None:
    origin = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    clock = ScaledClock(2.0, origin)
    heard: list[Anchor] = []
    clock.watch(heard.append)
    followed = FollowedClock(anchor_of(clock))  # as a worker process starts

    assert abs(followed.now() - clock.now()) < timedelta(seconds=1)  # not the wall clock
    clock.set_scale(3600.0)
    assert heard == [clock.anchor]
    followed.follow(heard[-1])  # as the worker hears it over its pipe
    at = clock.now() + timedelta(hours=1)
    assert followed.to_wall(at) == clock.to_wall(at)


def test_the_wall_clock_is_followed_as_the_wall_clock() -> None:
    followed = FollowedClock(anchor_of(SystemClock()))

    assert followed.anchor is None
    assert abs(followed.now() - datetime.now(UTC)) < timedelta(seconds=1)
