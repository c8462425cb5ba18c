"""How the demo's people act on the platforms, and how the demo waits for fairdrop's answers.

Chat goes in through the fake Twitch's EventSub socket, slash commands and button presses as
Discord interactions; every action is written into the transcript as the fan would see it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.demo.timing import within
from bot.demo.transcript import Transcript
from bot.demo.world import Stage

if TYPE_CHECKING:
    from fakeplatforms.discord import FakeChannel, FakeInteraction, FakeMember, FakeMessage
    from fakeplatforms.twitch import FakeUser

# How long an answer may take. Generous: the bot, both fakes and thousands of simulated fans
# share one process, and the machine may be busy with other things.
ANSWER_SECONDS = 30.0
RUSH_SECONDS = 90.0  # for every answer to a rush of button presses


@dataclass
class Cast:
    stage: Stage
    transcript: Transcript

    async def chat(
        self,
        who: FakeUser,
        text: str,
        *,
        badges: Sequence[str] = (),
        topic: str = "",
        budget: int = 0,
    ) -> None:
        """`who` types `text` in the streamer's Twitch chat."""
        self.transcript.said("twitch", who.login, text, topic=topic, budget=budget)
        await self.stage.twitch.chat(self.stage.streamer, who, text, badges=badges)

    async def slash(self, member: FakeMember, path: str, shown: str, /, **options: Any) -> str:
        """`member` runs a slash command; returns the private answer, once it is complete."""
        self.transcript.said("discord", member.username, f"/{path} {shown}".strip())
        discord = self.stage.discord

        async def answered() -> FakeInteraction:
            # The fake's own time limits are longer: `within` says what was awaited.
            ix = await discord.slash(member, path, timeout=2 * ANSWER_SECONDS, **options)
            await ix.wait_content(timeout=2 * ANSWER_SECONDS)
            return ix

        ix = await within(ANSWER_SECONDS, f"the answer to /{path}", answered)
        self.transcript.answered(ix, member.username)
        return ix.content or ""

    async def press(
        self, members: Sequence[FakeMember], post: FakeMessage, label: str, kinds: Sequence[str]
    ) -> list[FakeInteraction]:
        """Each member presses the post's button (all at once, as a crowd does); returns the
        interactions once every private answer is complete."""
        for member, kind in zip(members, kinds, strict=True):
            topic = f"{label} pressed by {kind}"
            self.transcript.said(
                "discord", member.username, f"[presses {label}]", topic=topic, budget=2
            )
        presses = await self.stage.discord.press_many(members, post, post.custom_ids[0])
        waits = [ix.wait_content(timeout=2 * RUSH_SECONDS) for ix in presses]
        what = f"answers to {len(presses):,} presses of {label}"
        await within(RUSH_SECONDS, what, lambda: asyncio.gather(*waits))
        for ix, member, kind in zip(presses, members, kinds, strict=True):
            topic = f"private answers to {label} ({kind})"
            self.transcript.answered(ix, member.username, topic=topic)
        return presses

    async def heard_in_chat(self, fragment: str, what: str, count: int = 1) -> list[str]:
        """Wait until the bot has said `count` chat messages containing `fragment`."""

        def said() -> list[str]:
            found = [t for t in self.stage.twitch.chat_texts() if fragment in t]
            return found if len(found) >= count else []

        twitch = self.stage.twitch
        return await within(ANSWER_SECONDS, what, lambda: twitch.wait_until(said, ANSWER_SECONDS))

    async def seen_in_discord(
        self, channel: FakeChannel, check: Callable[[FakeMessage], bool], what: str
    ) -> FakeMessage:
        """Wait until the bot has posted a message in `channel` that passes `check`."""
        discord = self.stage.discord
        found = await within(
            ANSWER_SECONDS,
            what,
            lambda: discord.wait_for_message(channel, check, within=ANSWER_SECONDS),
        )
        return found[0]

    async def until(self, what: str, check: Callable[[], object]) -> None:
        """Wait until `check()` holds, re-checked as the fakes change."""
        await within(ANSWER_SECONDS, what, lambda: self.stage.twitch.wait_until(check, 3600))
