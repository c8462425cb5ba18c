"""The Discord sink parks an outbox row it cannot read as a notice, and goes on with the rest."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta

import discord
import pytest

from bot.config import Settings
from bot.discord.community import Communities
from bot.discord.posts import PostBoard
from bot.discord.sender import SINK, DiscordSender
from bot.discord.shared import DiscordContext
from bot.drops.model import OutboxMessage
from bot.gating.link_service import LinkService
from bot.gating.service import ListService
from bot.outbox.policy import RetryPolicy
from bot.store.discord_store import DiscordStore
from tests.fixtures.harness import Harness

# Backoff short enough to reach the last attempt in a few drains of real time.
QUICK = RetryPolicy(max_attempts=3, base=0.001, cap=0.001)


@pytest.mark.parametrize("harness", ["sqlite"], indirect=True)
async def test_an_unreadable_row_is_parked_by_discord_and_the_drops_rows_go_on(
    harness: Harness,
) -> None:
    assert harness.engine is not None
    service, settings, store = harness.service, Settings(), DiscordStore(harness.engine)
    context = DiscordContext(
        service,
        ListService(service.tx, service.clock),
        LinkService(service.tx, service.clock, os.urandom),
        settings,
        # No guild for the drop's channel: readable rows say nothing in Discord and are done.
        Communities(settings.discord.guilds, store),
        store,
    )
    client = discord.Client(intents=discord.Intents.none())  # never connected: nothing to say
    sender = DiscordSender(client, context, PostBoard(client, context, interval=60.0), retry=QUICK)
    drop = await harness.open()
    at = harness.clock.now() + timedelta(seconds=1)
    harness.write(
        lambda uow: uow.outbox.add(
            OutboxMessage("mystery:1", drop.id, "mystery", "channel", {"v": 1}, created_at=at)
        )
    )

    for _ in range(50):
        await sender.drain_once()
        if harness.read(lambda uow: uow.outbox.parked_counts()):
            break
        await asyncio.sleep(0.01)

    (parked,) = harness.read(lambda uow: uow.outbox.parked())
    assert (parked.sink, parked.kind, parked.reason) == (SINK, "mystery", "NoticeError")
    assert harness.read(lambda uow: uow.outbox.pending(SINK, 100)) == []  # the drop's own went
