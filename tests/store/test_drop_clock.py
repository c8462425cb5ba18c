"""Sped-up drop time (`[scheduler] time_scale`) is one time: stored once in the database, shared
by every process and every restart, never moving backwards (issue 18, items 3 and 15)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.bootstrap import open_runtime
from bot.clock import Anchor, ScaledClock
from bot.config import DatabaseSettings, SchedulerSettings, Settings
from bot.drops.keyring import Keyring
from bot.store.database import make_engine
from bot.store.drop_clock import clear_anchor, shared_anchor, stored_anchor
from bot.store.migrate import upgrade
from tests.fixtures.settings import offline_settings

SCALE = 3600.0  # an hour of drop time a second


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/clock.db"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def scaled(db_url: str, scale: float = SCALE) -> Settings:
    return offline_settings().model_copy(
        update={
            "database": DatabaseSettings(url=db_url),
            "scheduler": SchedulerSettings(time_scale=scale),
        }
    )


async def test_a_restart_carries_drop_time_on_forward(db_url: str) -> None:
    keyring = Keyring.new(datetime.now(UTC))
    async with open_runtime(scaled(db_url), keyring, migrate=True) as first:
        await asyncio.sleep(0.3)  # about 18 minutes of drop time
        before_restart = first.service.clock.now()
    async with open_runtime(scaled(db_url), keyring, migrate=True) as restarted:
        after_restart = restarted.service.clock.now()
    # A drop opened before the restart is still open after it: time went on, not back to the wall.
    assert after_restart >= before_restart
    assert after_restart - datetime.now(UTC) > timedelta(minutes=15)


async def test_two_processes_on_one_database_run_one_drop_time(db_url: str) -> None:
    keyring = Keyring.new(datetime.now(UTC))
    settings = scaled(db_url)
    async with open_runtime(settings, keyring, migrate=True) as first:
        await asyncio.sleep(0.2)  # the second starts later, as a process started by hand would
        async with open_runtime(settings, keyring) as second:
            one, other = first.service.clock, second.service.clock
            assert isinstance(one, ScaledClock) and isinstance(other, ScaledClock)
            assert one.anchor == other.anchor
            at = one.now() + timedelta(hours=2)
            assert one.to_wall(at) == other.to_wall(at)  # both plan a job for the same moment


def test_processes_starting_together_all_take_the_first_anchor(engine: Engine) -> None:
    starters = 6
    barrier = threading.Barrier(starters)
    anchors: list[Anchor] = []

    def start(k: int) -> None:
        barrier.wait()
        anchors.append(shared_anchor(engine, SCALE, datetime.now(UTC) + timedelta(seconds=k)))

    threads = [threading.Thread(target=start, args=(k,)) for k in range(starters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(anchors) == starters and len(set(anchors)) == 1
    assert stored_anchor(engine) == anchors[0]


def test_another_time_scale_goes_on_from_the_stored_drop_time_without_a_jump(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    start = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    first = shared_anchor(engine, 60, start)
    later = start + timedelta(seconds=10)  # ten minutes of drop time at 60x
    with caplog.at_level(logging.WARNING, logger="bot.store.drop_clock"):
        moved = shared_anchor(engine, SCALE, later)
    assert moved == Anchor(later, start + timedelta(minutes=10), SCALE)
    assert moved.drop == first.drop_time(later)
    assert "time_scale changed from 60 to 3600" in caplog.text
    assert stored_anchor(engine) == moved
    assert shared_anchor(engine, SCALE, later + timedelta(seconds=1)) == moved  # read, not moved


def test_real_time_forgets_the_stored_anchor(engine: Engine) -> None:
    assert clear_anchor(engine) is None
    anchor = shared_anchor(engine, SCALE)
    assert clear_anchor(engine) == anchor
    assert stored_anchor(engine) is None
    # A later sped-up run starts again from the wall clock, not from the old drop time.
    fresh = shared_anchor(engine, SCALE, anchor.wall + timedelta(hours=1))
    assert fresh.drop == fresh.wall == anchor.wall + timedelta(hours=1)
