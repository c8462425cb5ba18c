"""Recurring drops from Discord (issue 23 item 7), end to end: `fairdrop run` against the fake
Discord through the real discord.py: `/drop schedule name every:"fri 20:00"` starts a series,
`/drop series` lists it with its next time, `/drop series stop:` stops it."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.drops.recurrence import next_occurrence, parse_every
from tests.discord.test_e2e_discord import Server, server

__all__ = ["server"]


async def test_a_moderator_starts_lists_and_stops_a_weekly_drop(server: Server) -> None:
    fake = server.discord
    fan = fake.add_member(server.guild, "fan")
    async with server.running():
        refused = await fake.slash(fan, "drop schedule", name="hoodie", every="fri 20:00")
        assert "Manage Server" in await refused.wait_content()
        both = await fake.slash(
            server.moderator, "drop schedule", name="hoodie", at="+1h", every="fri 20:00"
        )
        assert "not both" in await both.wait_content()
        keyword = await fake.slash(
            server.moderator, "drop schedule", name="hoodie", every="fri 20:00", keyword="!tee"
        )
        assert "leave out `keyword`" in await keyword.wait_content()

        started = await fake.slash(
            server.moderator, "drop schedule", name="hoodie", every="fri 20:00", supply=50
        )
        said = await started.wait_content()
        first = next_occurrence(parse_every("fri 20:00"), datetime.now(UTC), UTC)
        assert started.ephemeral and said == (
            "Series **hoodie**: a drop opens by itself every fri 20:00, "
            f"the first <t:{int(first.timestamp())}:F>."
        )
        listed = await fake.slash(server.moderator, "drop series")
        assert await listed.wait_content() == (
            f"**hoodie**: every fri 20:00, next <t:{int(first.timestamp())}:F>"
        )
        stopped = await fake.slash(server.moderator, "drop series", stop="hoodie")
        assert "is stopped" in await stopped.wait_content()
        empty = await fake.slash(server.moderator, "drop series")
        assert (await empty.wait_content()).startswith("No series running")
        assert server.discord.messages_in(server.announce) == []  # nothing opened yet
