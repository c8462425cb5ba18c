"""The outbox, said in Discord: drop posts, winners, DMs with codes, summaries.

The Discord sink reads the same outbox as Twitch chat and records its own delivery of each
message, so a restart resumes where it stopped. It is an outlet of the outbox's one
`bot.outbox.sink.OutboxSink`, which runs the loop and applies the failure policy: discord.py
waits out 429s itself; anything else a delivery raises (an HTTP error, a dropped connection, a
timeout) is logged, retried with backoff and, at the last attempt, parked. Lanes: a drop's
messages go out in order; each winner's DM travels alone.

Never twice: every message this sink creates carries a nonce derived from its outbox row (or,
for a drop's post, from the drop and the guild), which discord.py sends with
`enforce_nonce: true`. When Discord accepted a message but the answer was lost (a reset, a
timeout), the retry gets the first message back instead of posting a second one.

Who is mentioned: only the winners a message is about, by user id, with `AllowedMentions`
naming exactly those users. No role or everyone ping is ever allowed.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any, assert_never
from urllib.parse import quote

import discord

from bot.discord import text
from bot.discord.nonces import nonce
from bot.discord.posts import PostBoard
from bot.discord.replies import codes_reply
from bot.discord.shared import DiscordContext
from bot.discord.summaries import season_embed, summary_embed
from bot.drops.figures import ConversionSummary
from bot.drops.model import Drop, OutboxMessage
from bot.drops.notices import (
    KINDS,
    BeaconWaiting,
    Cancelled,
    Closed,
    ClosingSoon,
    Drawn,
    Extended,
    Opened,
    OpenedEarly,
    OpenToEveryone,
    Paused,
    Rerolled,
    Scheduled,
    SeasonSummary,
    Settled,
    Summary,
    SummaryLine,
    Won,
    notice_of,
)
from bot.kernel.transactions import read_only
from bot.messages.catalog import Verbatim
from bot.outbox.policy import RetryPolicy
from bot.outbox.sink import Delivery, Letter, OutboxSink
from bot.reports.chart import FILENAME, funnel_png
from bot.reports.season_chart import FILENAME as SEASON_FILENAME
from bot.reports.season_chart import summary_png

log = logging.getLogger(__name__)

SINK = "discord"
BATCH = 100
MAX_AGE = timedelta(days=3)  # older messages are stale news: a new sink does not replay them
DM_CLOSED = 50007
DELIVERY_TIMEOUT = 60.0  # seconds one message may take, 429 waits included, before it is retried


def lane_of(row: OutboxMessage) -> str:
    """A drop's messages keep their order; a winner's DM waits for nothing else."""
    return f"won:{row.id}" if row.kind == KINDS[Won] else f"drop:{row.drop_id}"


class DiscordSender:
    def __init__(
        self,
        client: discord.Client,
        context: DiscordContext,
        board: PostBoard,
        *,
        retry: RetryPolicy | None = None,
        timeout: float | None = DELIVERY_TIMEOUT,
        idle_seconds: float = 1.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """`idle_seconds`: how long the sender waits for a `notify` once nothing is pending;
        `sleep` is how it waits out that and its backoffs (a test's clock can stand in)."""
        self.client, self.context, self.board = client, context, board
        drops = context.drops
        self.sink = OutboxSink(
            SINK,
            self,
            drops.tx,
            drops.clock.now,
            policy=retry,
            timeout=timeout,
            idle_seconds=idle_seconds,
            sleep=sleep,
        )

    def notify(self) -> None:
        self.sink.notify()

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop`; no failure of a delivery ends it (see `OutboxSink.run`)."""
        await self.sink.run(stop)

    async def drain_once(self) -> int:
        """Deliver what is pending; returns how many messages were marked sent."""
        return await self.sink.drain_once()

    async def read_pending(self, holding: frozenset[str]) -> list[Letter]:
        since = self.context.drops.clock.now() - MAX_AGE
        rows = await self.context.drops.tx.run(
            read_only(lambda uow: uow.outbox.pending(SINK, BATCH, since))
        )
        return [Letter(row, lane_of(row)) for row in rows]

    async def deliver(self, letter: Letter) -> Delivery:
        await self.say(letter.row)
        return Delivery.SENT

    async def say(self, row: OutboxMessage) -> None:
        """Say `row` in Discord (or nothing, where its community has no guild).
        `NoticeError` if the row holds no notice this release can read."""
        notice = notice_of(row)  # raised here: a failed delivery, so the row is parked in time
        # Only the drop's spec (channel, title) is used here, which never changes: a read from
        # the last second serves, rather than one read per message of a draw.
        drop = await self.context.recent.get(row.drop_id)
        if not self.context.communities.guilds_of(drop.spec.channel):
            return  # this community has no guild: nothing to say in Discord
        match notice:
            case Scheduled() | Opened() | OpenedEarly() | OpenToEveryone():
                await self.board.post(drop.id)
                self.board.touch(drop.id)  # a scheduled drop edited: its post shows it anew
            case ClosingSoon() | Closed() | Settled() | Rerolled():
                self.board.touch(drop.id)
            case Extended():
                self.board.touch(drop.id)
                await self._announce(
                    drop, row, text.extended(drop.spec.title, notice, drop.spec.channel)
                )
            case Paused():
                self.board.touch(drop.id)
                await self._announce(
                    drop, row, text.paused(drop.spec.title, notice, drop.spec.channel)
                )
            case Cancelled():
                self.board.touch(drop.id)
                title, community = drop.spec.title, drop.spec.channel
                if notice.reason.strip():
                    said = text.say(
                        "discord-drop-cancelled-because",
                        community,
                        title=title,
                        reason=notice.reason,
                    )
                else:
                    said = text.say("discord-drop-cancelled", community, title=title)
                await self._announce(drop, row, said)
            case Drawn():
                self.board.touch(drop.id)
                await self._winners(drop, row)
            case Won():
                await self._won(drop, row, notice)
            case Summary():
                await self._summary(drop, row, notice.figures)
            case SummaryLine():
                line = text.plain(notice.text, 1800)
                if line:
                    await self._announce(drop, row, line, summary=True)
            case BeaconWaiting():
                await self._announce(drop, row, text.beacon_waiting(notice, drop.spec.channel))
            case SeasonSummary():
                await self._season(drop, row, notice)
            case _:
                assert_never(notice)

    # -- kinds ---------------------------------------------------------------------------------

    async def _winners(self, drop: Drop, row: OutboxMessage) -> None:
        winners = await self._discord_winners(drop)
        title, community = drop.spec.title, drop.spec.channel
        if not winners:
            said = text.say("discord-drawn-no-discord-winners", community, title=title)
            await self._announce(drop, row, said)
            return
        head = text.say("discord-drawn", community, title=title)
        for part, chunk in enumerate(_chunks(head, [text.mention(u) for u in winners])):
            await self._announce(drop, row, chunk, users=winners, part=part)

    async def _won(self, drop: Drop, row: OutboxMessage, won: Won) -> None:
        recipients = await self._discord_accounts(row.audience)
        if not recipients:
            return
        if won.via == "reroll":
            mentions = Verbatim(" ".join(text.mention(u) for u in recipients))
            said = text.say(
                "discord-rerolled-to-you",
                drop.spec.channel,
                title=drop.spec.title,
                mentions=mentions,
            )
            await self._announce(drop, row, said, users=recipients)
        if self.context.settings.discord.dm_winners:
            await self._dm_code(drop, row, recipients[0])

    async def _dm_code(self, drop: Drop, row: OutboxMessage, user_id: str) -> None:
        account = f"discord:{user_id}"
        # Prepared, not delivered: the code counts as delivered only once the DM went out.
        collected = await self.context.drops.collect_for_account(drop.id, account, deliver=False)
        if not collected.codes:
            return
        reply = codes_reply(
            drop.spec.title, collected.codes, drop.spec.redemption_url, drop.spec.channel
        )
        try:
            user = self.client.get_user(int(user_id)) or await self.client.fetch_user(int(user_id))
            await user.send(
                reply.text,
                files=reply.files,
                allowed_mentions=discord.AllowedMentions.none(),
                nonce=nonce(drop.commitment, row.id, row.dedupe_key, "dm", user_id),
            )
            await self.context.drops.collect_for_account(drop.id, account)
        except discord.Forbidden as error:
            if error.code != DM_CLOSED:
                raise
            # Closed DMs: the Get my code button and /mycodes still deliver it privately.
            log.info("DMs closed for a winner of drop %s; they can use the button", drop.name)
        except discord.NotFound:
            log.info("a winner of drop %s is no longer a Discord user", drop.name)

    async def _summary(self, drop: Drop, row: OutboxMessage, figures: ConversionSummary) -> None:
        """The summary as an embed with the funnel chart, in each guild's summary channel."""
        png = await asyncio.to_thread(funnel_png, figures)  # a fraction of a second of drawing
        embed = summary_embed(figures, self._transparency_url(drop.id))
        await self._announce(drop, row, "", summary=True, embed=embed, png=png)

    async def _season(self, drop: Drop, row: OutboxMessage, season: SeasonSummary) -> None:
        """A season's summary as an embed with its chart, in each guild's summary channel."""
        png = await asyncio.to_thread(summary_png, season)
        web = self.context.settings.web
        link = ""
        if web.enabled:
            page = f"{web.public_url.rstrip('/')}/series/{quote(season.series, safe='')}"
            link = f"{page}?channel={quote(season.channel, safe='')}"
        embed = season_embed(season, link)
        await self._announce(
            drop, row, "", summary=True, embed=embed, png=png, filename=SEASON_FILENAME
        )

    def _transparency_url(self, drop_id: int) -> str:
        web = self.context.settings.web
        return f"{web.public_url.rstrip('/')}/drops/{drop_id}" if web.enabled else ""

    # -- helpers -------------------------------------------------------------------------------

    async def _announce(
        self,
        drop: Drop,
        row: OutboxMessage,
        content: str,
        *,
        users: Sequence[str] = (),
        summary: bool = False,
        embed: discord.Embed | None = None,
        png: bytes | None = None,
        filename: str = FILENAME,
        part: int = 0,
    ) -> None:
        """Say `content` (and show `embed`, with `png` as its chart) in each guild's
        announcement channel, or its summary channel for a summary: `part` of what `row`
        says, under a nonce of its own in each channel."""
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
                extra["file"] = discord.File(io.BytesIO(png), filename)
            await channel.send(
                text.clip_message(content) or None,
                allowed_mentions=mentions,
                nonce=nonce(drop.commitment, row.id, row.dedupe_key, channel_id, part),
                **extra,
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


def _chunks(head: str, mentions: list[str], limit: int = 1900) -> list[str]:
    chunks, current = [], head
    for m in mentions:
        if len(current) + 1 + len(m) > limit:
            chunks.append(current)
            current = "…"
        current += " " + m
    chunks.append(current)
    return chunks
