"""The outbox, said in Discord: drop posts, winners, DMs with codes, summaries.

The Discord sink reads the same outbox as Twitch chat and records its own delivery of each
message, so a restart resumes where it stopped and nothing is said twice. discord.py waits out
429s itself; any other failure leaves the message pending and is retried with backoff.

Who is mentioned: only the winners a message is about, by user id, with `AllowedMentions`
naming exactly those users. No role or everyone ping is ever allowed.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import discord

from bot.discord import text
from bot.discord.context import DiscordContext
from bot.discord.posts import PostBoard
from bot.discord.replies import codes_reply
from bot.discord.summaries import summary_embed
from bot.drops.model import Drop, OutboxMessage
from bot.drops.ports import UnitOfWork
from bot.drops.summary import ConversionSummary
from bot.drops.transactions import atomic
from bot.reports.chart import FILENAME, funnel_png

log = logging.getLogger(__name__)

SINK = "discord"
BATCH = 100
MAX_AGE = timedelta(days=3)  # older messages are stale news: a new sink does not replay them
DM_CLOSED = 50007
POSTING = frozenset({"scheduled", "opened", "early", "public"})
REFRESHING = frozenset({"closing", "closed", "settled", "reroll"})


class DiscordSender:
    def __init__(
        self,
        client: discord.Client,
        context: DiscordContext,
        board: PostBoard,
        *,
        backoff_cap: float = 60.0,
    ) -> None:
        self.client, self.context, self.board = client, context, board
        self.backoff_cap = backoff_cap
        self._wake = asyncio.Event()
        self.failures = 0

    def notify(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event, idle: float = 1.0) -> None:
        while not stop.is_set():
            sent = await self.drain_once()
            if sent < 0:
                delay = min(self.backoff_cap, 2.0 ** min(self.failures, 6))
                await _wait(stop, delay)
            elif sent == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=idle)
                self._wake.clear()

    async def drain_once(self) -> int:
        """Deliver what is pending; -1 when a delivery failed and the rest should wait."""
        since = self.context.drops.clock.now() - MAX_AGE
        rows = await self.context.drops.tx.run(
            atomic(lambda uow: uow.outbox.pending(SINK, BATCH, since))
        )
        done = 0
        for row in rows:
            assert row.id is not None
            try:
                await self.deliver(row)
            except discord.HTTPException as error:
                self.failures += 1
                log.warning(
                    "outbox message %s (%s) not delivered to Discord: %s", row.id, row.kind, error
                )
                await self._mark(row.id, sent=False)
                return -1
            await self._mark(row.id, sent=True)
            self.failures = 0
            done += 1
        return done

    async def deliver(self, row: OutboxMessage) -> None:
        # Only the drop's spec (channel, title) is used here, which never changes: a read from
        # the last second serves, rather than one read per message of a draw.
        drop = await self.context.recent.get(row.drop_id)
        if not self.context.communities.guilds_of(drop.spec.channel):
            return  # this community has no guild: nothing to say in Discord
        if row.kind in POSTING:
            await self.board.post(drop.id)
        elif row.kind in REFRESHING:
            self.board.touch(drop.id)
        elif row.kind == "cancelled":
            self.board.touch(drop.id)
            reason = text.plain(str(row.payload.get("reason") or ""), 200)
            await self._announce(
                drop,
                f"Drop **{text.plain(drop.spec.title, 80)}** was cancelled"
                + (f" ({reason})" if reason else "")
                + ". Any codes issued for it are void.",
            )
        elif row.kind == "drawn":
            self.board.touch(drop.id)
            await self._winners(drop)
        elif row.kind == "won":
            await self._won(drop, row)
        elif row.kind == "summary":
            await self._summary(drop, row)

    # -- kinds ---------------------------------------------------------------------------------

    async def _winners(self, drop: Drop) -> None:
        winners = await self._discord_winners(drop)
        title = text.plain(drop.spec.title, 80)
        if not winners:
            await self._announce(drop, f"**{title}** is drawn. Winners on Twitch: check chat.")
            return
        head = f"**{title}** is drawn! Winners, press **Get my code** on the post or use /mycodes:"
        for chunk in _chunks(head, [text.mention(u) for u in winners]):
            await self._announce(drop, chunk, users=winners)

    async def _won(self, drop: Drop, row: OutboxMessage) -> None:
        recipients = await self._discord_accounts(row.audience)
        if not recipients:
            return
        if row.payload.get("via") == "reroll":
            title = text.plain(drop.spec.title, 80)
            await self._announce(
                drop,
                f"{' '.join(text.mention(u) for u in recipients)}: a unit of **{title}** came "
                "back and it's yours! Press **Get my code** on the post or use /mycodes.",
                users=recipients,
            )
        if self.context.settings.discord.dm_winners:
            await self._dm_code(drop, recipients[0])

    async def _dm_code(self, drop: Drop, user_id: str) -> None:
        account = f"discord:{user_id}"
        # Prepared, not delivered: the code counts as delivered only once the DM went out.
        collected = await self.context.drops.collect_for_account(drop.id, account, deliver=False)
        if not collected.codes:
            return
        reply = codes_reply(drop.spec.title, collected.codes, drop.spec.redemption_url)
        try:
            user = self.client.get_user(int(user_id)) or await self.client.fetch_user(int(user_id))
            await user.send(
                reply.text, files=reply.files, allowed_mentions=discord.AllowedMentions.none()
            )
            await self.context.drops.collect_for_account(drop.id, account)
        except discord.Forbidden as error:
            if error.code != DM_CLOSED:
                raise
            # Closed DMs: the Get my code button and /mycodes still deliver it privately.
            log.info("DMs closed for a winner of drop %s; they can use the button", drop.name)
        except discord.NotFound:
            log.info("a winner of drop %s is no longer a Discord user", drop.name)

    async def _summary(self, drop: Drop, row: OutboxMessage) -> None:
        """The summary as an embed with the funnel chart, in each guild's summary channel."""
        try:
            figures = ConversionSummary.from_payload(row.payload)
        except ValueError:
            line = text.plain(str(row.payload.get("text") or row.payload.get("line") or ""), 1800)
            if line:
                await self._announce(drop, line, summary=True)
            return
        png = await asyncio.to_thread(funnel_png, figures)  # a fraction of a second of drawing
        embed = summary_embed(figures, self._transparency_url(drop.id))
        await self._announce(drop, "", summary=True, embed=embed, png=png)

    def _transparency_url(self, drop_id: int) -> str:
        web = self.context.settings.web
        return f"{web.public_url.rstrip('/')}/drops/{drop_id}" if web.enabled else ""

    # -- helpers -------------------------------------------------------------------------------

    async def _announce(
        self,
        drop: Drop,
        content: str,
        *,
        users: Sequence[str] = (),
        summary: bool = False,
        embed: discord.Embed | None = None,
        png: bytes | None = None,
    ) -> None:
        """Say `content` (and show `embed`, with `png` as its chart) in each guild's
        announcement channel, or its summary channel for a summary."""
        mentions = discord.AllowedMentions(
            everyone=False, roles=False, users=[discord.Object(int(u)) for u in users]
        )
        for guild_id in self.context.communities.guilds_of(drop.spec.channel):
            setup = await self.context.communities.setup(guild_id)
            channel_id = (summary and setup.summary_channel_id) or setup.announce_channel_id
            if not channel_id:
                continue
            channel = self.client.get_partial_messageable(int(channel_id))
            extra: dict[str, Any] = {}
            if embed is not None:
                extra["embed"] = embed
            if png is not None:  # a File is read as it is sent, so each guild gets its own
                extra["file"] = discord.File(io.BytesIO(png), FILENAME)
            await channel.send(
                text.clip_message(content) or None, allowed_mentions=mentions, **extra
            )

    async def _discord_winners(self, drop: Drop) -> list[str]:
        identities = await self.context.drops.holders(drop.id)
        winners: list[str] = []
        for identity in dict.fromkeys(identities):
            winners += await self._discord_accounts(identity)
        return list(dict.fromkeys(winners))

    async def _discord_accounts(self, identity: str) -> list[str]:
        """The Discord user ids of the person behind `identity` (linked accounts included)."""
        if identity.startswith("discord:"):
            accounts = [identity]
        else:
            accounts = await self.context.links.accounts_of_person(identity)
        return [a.removeprefix("discord:") for a in accounts if a.startswith("discord:")]

    async def _mark(self, message_id: int, *, sent: bool) -> None:
        now = self.context.drops.clock.now()

        def mark(uow: UnitOfWork) -> None:
            if sent:
                uow.outbox.mark_sent(SINK, message_id, now)
            else:
                uow.outbox.mark_failed(SINK, message_id)

        await self.context.drops.tx.run(atomic(mark))


def _chunks(head: str, mentions: list[str], limit: int = 1900) -> list[str]:
    chunks, current = [], head
    for m in mentions:
        if len(current) + 1 + len(m) > limit:
            chunks.append(current)
            current = "…"
        current += " " + m
    chunks.append(current)
    return chunks


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
