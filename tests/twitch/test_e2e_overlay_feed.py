"""A whole drop from Twitch chat, watched on its community's overlay feed: `fairdrop run`
against the fake Twitch (real twitchio) and the fake drand relay, on a clock running 12 times
real speed, while a client follows `/overlay/stream/events` through every phase of the
overlay contract: nothing, the next scheduled drop, early access, everyone, drawing (with the
commitment and the drand round it waits for), drawn (with the winners).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp

from bot.clock import ScaledClock
from bot.config import BeaconSettings
from bot.drops.beacon import QUICKNET
from fakeplatforms.drand import FakeDrand
from fakeplatforms.twitch import FakeTwitch
from tests.fixtures.sse import EventReader, phase
from tests.twitch.test_e2e_drop import running

SCALE = 12.0  # a drop minute in 5 s
ROUND = 1000  # a genuine recorded quicknet round the fake relay serves
ROUND_AFTER = timedelta(minutes=4)  # round 1000 is published 4 drop minutes after the start


async def test_an_overlay_follows_a_drop_from_chat_through_every_phase(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    clock = ScaledClock(SCALE)
    # The round the drop closing 3 minutes after the start commits to (first one published
    # 30 s after its close) is round 1000: the round before it falls an hour earlier.
    published = int((clock.now() + ROUND_AFTER).timestamp())
    chain = QUICKNET.placed(published - (ROUND - 1) * 3600, 3600)
    async with FakeDrand(chain=chain, now=clock.now) as relay:
        beacon = BeaconSettings(
            mirrors=[relay.base_url], genesis=chain.genesis, period=chain.period, passes=1
        )
        async with running(fake_twitch, tmp_path, web=True, clock=clock, beacon=beacon) as live:
            twitch, streamer, web = live.twitch, live.streamer, live.settings.web
            async with (
                aiohttp.ClientSession(f"http://127.0.0.1:{web.port}") as http,
                http.get("/overlay/stream/events") as response,
            ):
                feed = EventReader(response)
                assert phase(await feed.next()) == "none"
                await twitch.chat(
                    streamer, streamer, "!drop open hoodie supply=1 for=2m early=1m at=+1m"
                )
                scheduled: Any = (await feed.until(lambda e: phase(e) == "scheduled")).json()
                assert scheduled["drop"]["title"] == "hoodie"
                early: Any = (await feed.until(lambda e: phase(e) == "early")).json()
                assert early["drop"]["early_for"]  # the early tier's rule in words
                assert early["drop"]["commitment"] and early["drop"]["beacon_round"] == ROUND
                await twitch.chat(streamer, "subfan", "!claim", badges=["subscriber/0/1"])
                await feed.until(lambda e: phase(e) == "public")
                await twitch.chat(streamer, "latefan", "!claim")
                drawing: Any = (await feed.until(lambda e: phase(e) == "drawing")).json()
                assert drawing["drop"]["entrants"] == 2
                assert drawing["drop"]["beacon_round"] == ROUND
                assert drawing["drop"]["beacon_at"] and drawing["drop"]["winners"] == []
                drawn: Any = (await feed.until(lambda e: phase(e) == "drawn", 60)).json()
                assert drawn["drop"]["winners"] in (["subfan"], ["latefan"])
            phases = [phase(e) for e in feed.seen if e.event == "state"]
            assert [p for i, p in enumerate(phases) if p not in phases[:i]] == [
                "none", "scheduled", "early", "public", "drawing", "drawn",
            ]  # fmt: skip
