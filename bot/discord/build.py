"""`build_discord`: the Discord adapter's parts (client, post board, outbox sender, refresh on
drop events, health checks) built from the runtime, without starting anything."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from bot.adapter import Adapter, close_on_stop

if TYPE_CHECKING:
    from bot.bootstrap import Runtime

log = logging.getLogger("fairdrop")


def build_discord(runtime: Runtime, token: str, stop: asyncio.Event) -> Adapter:
    """The Discord bot, and once it is ready its outbox sender and post board."""
    from bot.discord.client import FairdropDiscordBot, point_discord_at
    from bot.discord.community import Communities
    from bot.discord.posts import PostBoard
    from bot.discord.refresh import DiscordRefresh
    from bot.discord.sender import DiscordSender
    from bot.discord.shared import DiscordContext
    from bot.store.discord_store import DiscordStore

    settings = runtime.settings.discord
    point_discord_at(settings)
    store = DiscordStore(runtime.engine)
    context = DiscordContext(
        runtime.service,
        runtime.lists,
        runtime.links,
        runtime.settings,
        Communities(settings.guilds, store),
        store,
        recurring=runtime.recurring,
    )
    bot = FairdropDiscordBot(context, int(settings.application_id))
    board = PostBoard(bot, context, settings.post_edit_interval.total_seconds())
    outbox = runtime.settings.outbox
    sender = DiscordSender(
        bot,
        context,
        board,
        retry=outbox.retry_policy(),
        timeout=outbox.delivery_timeout.total_seconds(),
    )

    async def outbox_sending() -> bool:
        return not sender.sink.failing  # a lane is failing until a delivery in it goes through

    async def discord_connected() -> bool:
        return bot.is_ready() and not bot.is_closed() and bot.gateway_up

    async def run_bot() -> None:
        try:
            await bot.start(token)
        finally:
            stop.set()

    async def when_ready() -> None:
        # Posting needs a logged-in client; the outbox waits (durably) until then.
        ready = asyncio.ensure_future(bot.wait_until_ready())
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({ready, stopping}, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        stopping.cancel()
        if stop.is_set():
            return
        log.info("Discord ready as %s", bot.user)
        async with asyncio.TaskGroup() as inner:
            inner.create_task(sender.run(stop), name="discord-outbox")
            inner.create_task(board.run(stop), name="discord-posts")

    return Adapter(
        "discord",
        tasks={
            "discord": run_bot,
            "discord-ready": when_ready,
            "discord-close": lambda: close_on_stop(stop, bot.close),
        },
        listeners=[DiscordRefresh(sender, board, context.recent)],
        sink_checks={"discord-outbox": outbox_sending},
        client_checks={"discord": discord_connected},
        reload=lambda reread: bot.adopt_guilds(reread.discord.guilds),
    )
