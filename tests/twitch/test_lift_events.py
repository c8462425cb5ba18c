"""Lift's Twitch side, end to end: `fairdrop run` against the fake Twitch through the real
twitchio, with the broadcaster's stored token. Subscriptions, resubscriptions and follows reach
the hourly counts (and nothing about the viewer does); without the broadcaster's consent lift is
off and nothing is subscribed to."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.drops.lift import FOLLOWS, KINDS, RESUBSCRIPTIONS, SUBSCRIPTIONS, Span
from bot.store.audience import HOURS, SqlAudience
from bot.store.database import make_engine
from fakeplatforms.twitch import FakeTwitch
from tests.twitch.test_e2e_drop import running

LIFT_SCOPES = ("channel:bot", "channel:read:subscriptions", "moderator:read:followers")


def counted(tmp_path: Path) -> tuple[datetime | None, dict[str, int]]:
    """When lift started listening in `stream`, and each kind's count over all time."""
    engine = make_engine(f"sqlite:///{tmp_path}/fd.db")
    try:
        with engine.connect() as conn:
            audience = SqlAudience(conn)
            always = Span(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
            since = audience.listening_since("stream")
            return since, {kind: audience.total("stream", kind, always) for kind in KINDS}
    finally:
        engine.dispose()


def stored_columns(tmp_path: Path) -> set[tuple[str, ...]]:
    engine = make_engine(f"sqlite:///{tmp_path}/fd.db")
    try:
        with engine.connect() as conn:
            return {tuple(str(v) for v in row) for row in conn.execute(select(HOURS))}
    finally:
        engine.dispose()


async def until_counted(twitch: FakeTwitch, tmp_path: Path, expected: dict[str, int]) -> None:
    await twitch.wait_until(lambda: counted(tmp_path)[1] == expected, within=15)


async def test_subscriptions_and_follows_reach_the_hourly_counts(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    async with running(fake_twitch, tmp_path, broadcaster_scopes=LIFT_SCOPES) as live:
        streamer = live.streamer
        for sub_type in ("channel.subscribe", "channel.subscription.message", "channel.follow"):
            await fake_twitch.wait_for_subscription(streamer, type=sub_type)
        await fake_twitch.audience.subscribe(streamer, "newfan")
        await fake_twitch.audience.subscribe(streamer, "giftee", gift=True)
        await fake_twitch.audience.resubscribe(streamer, "oldfan", "two months!")
        for n in range(3):
            await fake_twitch.audience.follow(streamer, f"follower{n}")
        await until_counted(
            fake_twitch, tmp_path, {SUBSCRIPTIONS: 2, RESUBSCRIPTIONS: 1, FOLLOWS: 3}
        )

    since, _ = counted(tmp_path)
    assert since is not None and abs(since - datetime.now(UTC)) < timedelta(minutes=5)
    # Counts only: no viewer's id, login or name is stored.
    stored = " ".join(" ".join(row) for row in stored_columns(tmp_path))
    for viewer in ("newfan", "giftee", "oldfan", "follower0"):
        assert viewer not in stored
        assert fake_twitch.user(viewer).id not in stored.split()


@pytest.mark.parametrize(
    ("scopes", "subscribed"),
    [
        (("channel:bot",), set()),  # no consent: lift is off
        (("channel:bot", "moderator:read:followers"), {"channel.follow"}),
    ],
)
async def test_lift_listens_only_to_what_the_broadcaster_granted(
    fake_twitch: FakeTwitch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    scopes: tuple[str, ...],
    subscribed: set[str],
) -> None:
    caplog.set_level(logging.INFO, logger="bot.twitch.client")
    async with running(fake_twitch, tmp_path, broadcaster_scopes=scopes) as live:
        streamer = live.streamer
        for sub_type in subscribed:
            await fake_twitch.wait_for_subscription(streamer, type=sub_type)
        await fake_twitch.audience.follow(streamer, "follower")
        await fake_twitch.audience.subscribe(streamer, "newfan")
        if subscribed:
            await until_counted(
                fake_twitch, tmp_path, {SUBSCRIPTIONS: 0, RESUBSCRIPTIONS: 0, FOLLOWS: 1}
            )

    lift_types = {"channel.subscribe", "channel.subscription.message", "channel.follow"}
    made = {s.type for s in fake_twitch.subscriptions.values()}
    assert made & lift_types == subscribed
    since, counts = counted(tmp_path)
    assert (since is not None) == bool(subscribed)
    if not subscribed:
        assert counts == dict.fromkeys(KINDS, 0)
        assert "lift is off in stream" in caplog.text
