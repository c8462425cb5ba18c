"""A drop's own entry keyword and a community's aliases of !claim, end to end: `fairdrop run`
against the fake Twitch, through the real twitchio and a real SQLite database."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from pathlib import Path

from bot.bootstrap import open_runtime
from bot.communities import CommunitySettings
from bot.config import HotStateSettings
from bot.drop_presets import drop_spec
from bot.twitch.entry_words import REREAD_EVERY
from fakeplatforms.twitch import FakeTwitch
from tests.twitch.test_e2e_drop import Live, running

ZERO = timedelta(0)


async def test_a_fan_who_types_the_drops_keyword_is_entered(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    look = {"stream": CommunitySettings(emoji="🧥")}
    async with running(fake_twitch, tmp_path, communities=look) as live:
        twitch, streamer = live.twitch, live.streamer
        await twitch.chat(streamer, streamer, "!drop open hoodie keyword=!hoodie early=0s")
        (opened,) = await live.wait_said("Type !hoodie to enter")
        assert "!claim" not in opened  # the open line names the drop's own word
        assert opened.startswith("🧥 Drop")  # and the community's emoji leads it
        await twitch.chat(streamer, "fan1", "!hoodie")
        await twitch.chat(streamer, "fan2", "!HOODIE please")
        await twitch.chat(streamer, "fan3", "!claim")  # still works beside it
        acks = await live.wait_said("You're in the hoodie drop")
        assert sum(a.count("@fan") for a in acks) == 3
        await twitch.chat(streamer, "fan1", "!hoodie")  # one entry each, whatever the word
        await live.wait_said("Already in the hoodie drop")


async def test_a_keyword_that_collides_is_refused_in_one_line(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    gimme = {"stream": CommunitySettings(claim_aliases=["!gimme"])}
    async with running(fake_twitch, tmp_path, communities=gimme) as live:
        twitch, streamer = live.twitch, live.streamer
        await twitch.chat(streamer, streamer, "!drop open cap keyword=!claim")
        (refused,) = await live.wait_said("is one of the bot's commands")
        assert refused.endswith("(@streamer)")
        await twitch.chat(streamer, streamer, "!drop open cap keyword=!gimme")
        await live.wait_said("taken by an alias of !claim")
        await twitch.chat(streamer, streamer, "!drop open cap keyword=/ban")
        await live.wait_said("must be ! and 1-24 letters")
        assert not any("to enter" in t for t in live.said())  # nothing was opened
        # The alias enters the running drop like !claim.
        await twitch.chat(streamer, streamer, "!drop open cap early=0s")
        await live.wait_said("Type !claim to enter")
        await twitch.chat(streamer, "fan1", "!gimme")
        await live.wait_said("You're in the cap drop")


async def test_the_keyword_still_enters_after_a_restart(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    async with running(fake_twitch, tmp_path) as live:
        twitch, streamer = live.twitch, live.streamer
        await twitch.chat(streamer, streamer, "!drop open hoodie keyword=!hoodie for=1h early=0s")
        await live.wait_said("Type !hoodie to enter")
        keyring = live.keyring
    async with running(fake_twitch, tmp_path, keyring=keyring) as again:
        # A new process: it learns the keyword from the database, not from the open command.
        await twitch.chat(streamer, "fan1", "!hoodie")
        await again.wait_said("You're in the hoodie drop")


async def test_a_keyword_of_a_drop_opened_by_another_process_works_in_chat(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    async with running(fake_twitch, tmp_path) as live:
        # Another process (a Discord-only one, say) on the same database opens the drop; this
        # one has no Redis to hear it from and learns the keyword from the database.
        async with open_runtime(live.settings, live.keyring) as elsewhere:
            spec = drop_spec(live.settings, "stream", "hoodie", keyword="!hoodie", early=ZERO)
            await elsewhere.service.create(spec)
        await live.wait_said("Type !hoodie to enter")
        assert "twitch-entry-words-poll" in {task.get_name() for task in asyncio.all_tasks()}
        await _typed_until_entered(live, 6 * int(REREAD_EVERY))  # its periodic read has it


async def test_with_redis_a_keyword_of_another_process_arrives_by_drop_event_and_nothing_polls(
    fake_twitch: FakeTwitch, tmp_path: Path, redis_url: str
) -> None:
    hot = HotStateSettings(backend="redis", url=redis_url, prefix="keyword-events")
    async with running(fake_twitch, tmp_path, hot_state=hot) as live:
        running_tasks = {task.get_name() for task in asyncio.all_tasks()}
        assert "twitch-entry-words" in running_tasks  # rereads on drop events
        assert "twitch-entry-words-poll" not in running_tasks  # Redis tells it everything
        # Another process on the same database and Redis opens the drop: its commit's drop
        # event is the only way this process can learn the keyword.
        async with open_runtime(live.settings, live.keyring) as elsewhere:
            spec = drop_spec(live.settings, "stream", "hoodie", keyword="!hoodie", early=ZERO)
            await elsewhere.service.create(spec)
        await live.wait_said("Type !hoodie to enter")
        await _typed_until_entered(live, 30)  # the reread may land just after the announcement


async def _typed_until_entered(live: Live, tries: int) -> None:
    """fan1 types !hoodie (about once a second, `tries` times) until the drop takes it."""
    for _ in range(tries):
        await live.twitch.chat(live.streamer, "fan1", "!hoodie")
        with contextlib.suppress(TimeoutError):
            await live.twitch.wait_until(
                lambda: any("You're in the hoodie drop" in t for t in live.said()), within=1
            )
            return
    raise AssertionError(f"!hoodie never entered the drop: {live.said()}")
