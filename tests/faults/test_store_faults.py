"""A Twitch drop through a Redis crash and a PostgreSQL restart: the process stays up, every
acknowledged claim is stored, nothing is said twice, `/healthz` shows the outage and recovers,
the drop completes, and a claim made while the store was down is acknowledged only once it is
stored, or refused in words."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

from fakeplatforms.twitch import FakeTwitch
from tests.faults.chat_drop import answered, claim, close_and_check, open_drop
from tests.faults.postgres import RestartablePostgres, restartable_postgres
from tests.faults.stage import Stage, staged
from tests.fixtures.services import RedisServer

__all__ = ["restartable_postgres"]

DOWN_FOR = 2.0  # seconds the store stays down, with claims arriving


async def claims_while_down(stage: Stage, fans: list[str], mark: int, check: str) -> None:
    """Fans claim while the store is down, once /healthz has said so (its `check`)."""
    twitch = stage.twitch
    assert twitch is not None
    await stage.until(lambda: stage.health.showed(mark, check))
    for fan in fans:
        await twitch.say(fan, "!claim")
    await asyncio.sleep(DOWN_FOR)
    stage.assert_up()


async def every_claim_answered(stage: Stage, fans: list[str]) -> None:
    twitch = stage.twitch
    assert twitch is not None
    await stage.until(lambda: all(answered(twitch, fan) for fan in fans))
    # Acknowledged (and then it must be stored: close_and_check), or refused in words.
    for text in twitch.said():
        if any(f"@{fan}" in text for fan in fans) and not text.startswith("You're in the"):
            assert "didn't go through" in text and "again" in text, text


async def test_redis_killed_mid_drop_loses_no_claim(
    fake_twitch: FakeTwitch, tmp_path: Path, redis_server: RedisServer, redis_url: str
) -> None:
    async with staged(tmp_path, twitch=fake_twitch, redis_url=redis_url) as stage:
        assert stage.twitch is not None
        await open_drop(stage.twitch, "hoodie")
        await claim(stage, "hoodie", ["fan0", "fan1"])
        mark = stage.health.mark()
        redis_server.kill()
        try:
            await claims_while_down(stage, ["fan2", "fan3"], mark, "redis")
        finally:
            await asyncio.to_thread(redis_server.start)
        await every_claim_answered(stage, ["fan2", "fan3"])
        await claim(stage, "hoodie", ["fan4"])
        await close_and_check(stage, "hoodie", mark, "redis")


async def test_postgres_restarted_mid_drop_loses_no_claim(
    fake_twitch: FakeTwitch, tmp_path: Path, restartable_postgres: RestartablePostgres
) -> None:
    pg = restartable_postgres
    url = pg.new_database(f"faults_{secrets.token_hex(4)}")
    async with staged(tmp_path, twitch=fake_twitch, database_url=url) as stage:
        assert stage.twitch is not None
        await open_drop(stage.twitch, "hoodie")
        await claim(stage, "hoodie", ["fan0", "fan1"])
        mark = stage.health.mark()
        await asyncio.to_thread(pg.stop)
        try:
            await claims_while_down(stage, ["fan2", "fan3"], mark, "database")
        finally:
            await asyncio.to_thread(pg.start)
        await every_claim_answered(stage, ["fan2", "fan3"])
        await claim(stage, "hoodie", ["fan4"])
        await close_and_check(stage, "hoodie", mark, "database")
