"""Recurring drops from Twitch chat (issue 23 item 7): `fairdrop run` against the fake Twitch,
through the real twitchio: a moderator starts a series, lists it with its next time, stops it;
each is in the audit log."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.drops.recurrence import next_occurrence, parse_every
from bot.store.database import SqlUnitOfWork, make_engine
from tests.twitch.test_e2e_drop import Live, live

__all__ = ["live"]


async def test_a_moderator_starts_lists_and_stops_a_weekly_drop(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, "viewer", "!drop schedule hoodie every fri 20:00")
    await live.wait_said("only the broadcaster and moderators")
    await twitch.chat(streamer, streamer, "!drop schedule hoodie every fri 25:00 supply=50")
    (bad,) = await live.wait_said("is not a time of day")
    assert bad.endswith("(@streamer)")

    await twitch.chat(streamer, streamer, "!drop schedule hoodie every fri 20:00 supply=50")
    (started,) = await live.wait_said("series hoodie: a drop every fri 20:00")
    first = next_occurrence(parse_every("fri 20:00"), datetime.now(UTC), UTC)
    assert f"the first {first:%a %d %b} 20:00 UTC" in started
    await twitch.chat(streamer, streamer, "!drop series")
    (listed,) = await live.wait_said("series: hoodie")
    assert (
        listed == f"series: hoodie (every fri 20:00, next {first:%a %d %b} 20:00 UTC) (@streamer)"
    )
    await twitch.chat(streamer, streamer, "!drop series stop hoodie")
    await live.wait_said("series hoodie is stopped")
    await twitch.chat(streamer, streamer, "!drop series")
    await live.wait_said("no series running")

    engine = make_engine(live.settings.database.url)
    try:
        with SqlUnitOfWork(engine) as uow:
            entries = uow.audit.recent(None, drop_id=None, drop_name=None, limit=10)
    finally:
        engine.dispose()
    assert [(e.action, e.result.split(",")[0]) for e in entries] == [
        ("series-stop", "ok: stopped"),
        ("series-start", "ok: every fri 20:00"),
        ("series-start", "refused: '25:00' is not a time of day (00:00 to 23:59)"),
    ]
