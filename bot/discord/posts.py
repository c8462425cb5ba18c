"""The drop post: an embed with the Enter button, kept up to date without flooding Discord.

`PostBoard` posts a drop once per guild (in the announcement channel) and edits the post when
what it shows changes: state, entrant count, winners. Edits are coalesced: each post is
rendered at most once per interval and edited only if the render differs, so a rush of claims
costs one edit per interval, whatever the rate. "Time left" is a Discord timestamp, which each
reader's client counts down by itself, so it needs no edits at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import discord

from bot.communities import NO_LOOK, CommunitySettings
from bot.discord import text
from bot.discord.enter import EnterButton
from bot.discord.nonces import nonce
from bot.discord.shared import DiscordContext
from bot.drops.model import OPEN_STATES, AnnouncementReceipt, Drop, DropState
from bot.drops.status import DropStatus
from bot.gating.rules import NO_NAMES
from bot.kernel.errors import DropError
from bot.messages.catalog import Value, Verbatim
from bot.messages.tiers import say_rule
from bot.store.discord_store import DropPost

log = logging.getLogger(__name__)

TITLE_LIMIT = 256  # Discord's limit for an embed title
BUTTON_LABEL_LIMIT = 80  # and for a button's label

COLOURS = {
    DropState.SCHEDULED: 0x95A5A6,
    DropState.EARLY: 0x9B59B6,
    DropState.PUBLIC: 0x2ECC71,
    DropState.CLOSED: 0xE67E22,
    DropState.DRAWN: 0x3498DB,
    DropState.SETTLED: 0x7F8C8D,
    DropState.CANCELLED: 0xE74C3C,
}


def drop_embed(
    status: DropStatus,
    role_names: Mapping[str, str] = NO_NAMES,
    look: CommunitySettings = NO_LOOK,
) -> discord.Embed:
    """The post of a drop; Discord roles in its tiers are named by `role_names` (id to name),
    its colour and emoji are the community's `look` (fairdrop's own when it has none)."""
    drop = status.drop
    phase = status.phase
    community = drop.spec.channel

    def say(message_id: str, **values: Value) -> str:
        return text.say(message_id, community, **values)

    # A custom Discord emoji is for the button: embed titles show it as :name:, not the image.
    emoji = Verbatim(f"{look.chat_emoji()} " if look.chat_emoji() else "")
    colour = look.colour_value()
    if colour is None or phase is DropState.CANCELLED:  # a cancelled drop stays red: codes void
        colour = COLOURS.get(phase, 0x95A5A6)
    embed = discord.Embed(
        title=say("discord-post-title", emoji=emoji, title=drop.spec.title)[:TITLE_LIMIT],
        description=say("discord-post-description", units=drop.spec.supply, mode=_mode(drop)),
        colour=colour,
    )
    embed.add_field(name=say("discord-post-state"), value=say("discord-phase", phase=phase.value))
    embed.add_field(name=say("discord-post-entrants"), value=f"{status.entrants:,}")
    if phase in OPEN_STATES and drop.closes_at:
        embed.add_field(name=say("discord-post-closes"), value=text.timestamp(drop.closes_at))
    if phase in (*OPEN_STATES, DropState.SCHEDULED):
        embed.add_field(
            name=say("discord-post-who-when"), value=_tiers(say, drop, role_names), inline=False
        )
    if drop.drawn_at or drop.spec.mode.value == "fcfs":
        allocated = say(
            "discord-post-allocated-value", allocated=status.allocated, supply=drop.spec.supply
        )
        embed.add_field(name=say("discord-post-allocated"), value=allocated)
    embed.add_field(name=say("discord-post-fair-draw"), value=_fairness(say, drop), inline=False)
    embed.set_footer(text=say("discord-post-footer", name=drop.name, id=Verbatim(str(drop.id))))
    return embed


def drop_view(status: DropStatus, look: CommunitySettings = NO_LOOK) -> discord.ui.View:
    """The post's one button (Enter, then Get my code), with the community's emoji on it."""
    phase = status.phase
    community = status.drop.spec.channel
    values: dict[str, Value] = {}
    if phase in (*OPEN_STATES, DropState.SCHEDULED):
        message_id, disabled = "discord-button-enter", False
    elif phase in (DropState.CLOSED, DropState.DRAWN, DropState.SETTLED):
        message_id, disabled = "discord-button-get-code", False
    else:
        message_id, disabled, values = "discord-phase", True, {"phase": phase.value}
    # `messages check` keeps an override of a label within Discord's limit; this is the
    # second guard (Discord refuses the whole post for a longer one).
    label = text.say(message_id, community, **values)[:BUTTON_LABEL_LIMIT]
    button = EnterButton(status.drop.id, label=label, disabled=disabled, emoji=_emoji(look))
    view = discord.ui.View(timeout=None)
    view.add_item(button)
    return view


def _emoji(look: CommunitySettings) -> discord.PartialEmoji | str | None:
    custom = look.custom_emoji()
    if custom is not None:
        name, emoji_id, animated = custom
        return discord.PartialEmoji(name=name, id=emoji_id, animated=animated)
    return look.emoji or None


def _mode(drop: Drop) -> str:
    return "fcfs" if drop.spec.mode.value == "fcfs" else "draw"


def _tiers(say: Callable[..., str], drop: Drop, role_names: Mapping[str, str]) -> str:
    lines = []
    for tier in drop.spec.tiers:
        opens = drop.tier_opens_at(tier)
        who = say_rule(tier.rule, text.DISCORD_VOICE, drop.spec.channel, role_names)
        if opens:
            when = Verbatim(text.timestamp(opens, "t"))
            lines.append(say("discord-post-tier-from", who=who, opens=when))
        else:
            lines.append(say("discord-post-tier", who=who))
    return "\n".join(lines)[:1024] or say("discord-post-everyone")


def _fairness(say: Callable[..., str], drop: Drop) -> str:
    # Hashes in full (64 hex digits), so anyone can compare them with the transcript.
    lines = [say("discord-post-commitment", commitment=Verbatim(drop.commitment))]
    if drop.beacon_round is not None:
        lines.append(say("discord-post-round", round=Verbatim(str(drop.beacon_round))))
    if drop.drawn_at:
        lines.append(say("discord-post-seed", seed=Verbatim(drop.seed_hex)))
        lines.append(say("discord-post-entry-list", entries=Verbatim(drop.entry_hash)))
        lines.append(say("discord-post-check"))
    else:
        lines.append(say("discord-post-seed-later"))
    return "\n".join(lines)


def _fingerprint(embed: discord.Embed, view: discord.ui.View) -> Any:
    return (embed.to_dict(), [item.to_component_dict() for item in view.children])


class PostBoard:
    def __init__(self, client: discord.Client, context: DiscordContext, interval: float) -> None:
        self.client, self.context, self.interval = client, context, interval
        self._touches = context.touches  # marked by Enter presses too, which have no board
        self._shown: dict[tuple[int, str], Any] = {}  # (drop, guild) -> what the post shows

    def touch(self, drop_id: int) -> None:
        """Something about the drop changed: refresh its posts at the next turn."""
        self._touches.touch(drop_id)

    def touch_all(self) -> None:
        """Anything may have changed (news of drops was missed): at the next turn refresh the
        posts of every drop shown so far and of every unfinished one, not just the live ones."""
        self._touches.dirty.update(drop_id for drop_id, _ in self._shown)
        self._touches.everything = True
        self._touches.wake.set()

    @property
    def touched(self) -> frozenset[int]:
        """The drops touched since the last refresh (the live ones are refreshed anyway)."""
        return frozenset(self._touches.dirty)

    @property
    def touched_all(self) -> bool:
        """Whether the next refresh looks at every unfinished drop (`touch_all`)."""
        return self._touches.everything

    async def post(self, drop_id: int) -> list[DropPost]:
        """Post the drop in every guild of its community that has no post of it yet."""
        status = await self.context.drops.status_of(drop_id)
        drop = status.drop
        posted = {p.guild_id: p for p in await asyncio.to_thread(self.context.store.posts, drop_id)}
        for guild_id in self.context.communities.guilds_of(drop.spec.channel):
            if guild_id in posted:
                continue
            setup = await self.context.communities.setup(guild_id)
            if not setup.announce_channel_id:
                log.warning(
                    "guild %s has no announcement channel (run /fairdrop setup); drop %s is "
                    "not posted there",
                    guild_id,
                    drop.name,
                )
                continue
            channel = self.client.get_partial_messageable(int(setup.announce_channel_id))
            look = self.context.settings.community(drop.spec.channel)
            embed = drop_embed(status, self._role_names(guild_id), look)
            view = drop_view(status, look)
            message = await channel.send(
                embed=embed,
                view=view,
                allowed_mentions=discord.AllowedMentions.none(),
                # A retry after a lost answer gets this post back rather than a second one.
                nonce=nonce(drop.commitment, "post", guild_id),
            )
            post = DropPost(drop_id, guild_id, setup.announce_channel_id, str(message.id))
            await asyncio.to_thread(self.context.store.save_post, post, _now(self.context))
            if drop.opened_at is not None:
                # Posted with the commitment: its id (which carries its time) goes in the
                # transcript. A post made before the opening shows it only in a later edit.
                receipt = AnnouncementReceipt(
                    drop_id, "discord", str(message.id), message.created_at
                )
                await self.context.drops.record_announcement(receipt)
            posted[guild_id] = post
            self._shown[(drop_id, guild_id)] = _fingerprint(embed, view)
        return list(posted.values())

    def _role_names(self, guild_id: str) -> dict[str, str]:
        """The guild's roles by id, as the client has them (from the gateway's guild data)."""
        guild = self.client.get_guild(int(guild_id))
        return {str(role.id): role.name for role in guild.roles} if guild is not None else {}

    async def run(self, stop: asyncio.Event) -> None:
        """Refresh dirty posts, and live drops' posts, at most once per interval each."""
        while not stop.is_set():
            await _first(stop, self._touches.wake, self.interval)
            self._touches.wake.clear()
            if stop.is_set():
                return
            try:
                await self.refresh()
            except Exception:
                log.exception("refreshing drop posts failed; trying again shortly")
            # The coalescing: no post is edited more often than once per interval.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)

    async def refresh(self) -> int:
        """Edit every post whose drop changed; returns how many were edited."""
        if self.client.is_closed():
            return 0  # shutting down: the next start shows the current state
        touches = self._touches
        everything, touches.everything = touches.everything, False
        unfinished = await self.context.drops.unfinished()
        live = {d.id for d in unfinished if everything or d.state in _LIVE}
        wanted = touches.dirty | live
        touches.dirty.clear()
        edited = 0
        for drop_id in sorted(wanted):
            try:
                edited += await self._refresh_drop(drop_id)
            except DropError:
                continue  # the drop is gone: nothing to show
        return edited

    async def _refresh_drop(self, drop_id: int) -> int:
        posts = await asyncio.to_thread(self.context.store.posts, drop_id)
        if not posts:
            return 0
        status = await self.context.drops.status_of(drop_id)
        look = self.context.settings.community(status.drop.spec.channel)
        view = drop_view(status, look)
        edited = 0
        for post in posts:
            embed = drop_embed(status, self._role_names(post.guild_id), look)
            shown = _fingerprint(embed, view)
            if self._shown.get((drop_id, post.guild_id)) == shown:
                continue
            channel = self.client.get_partial_messageable(int(post.channel_id))
            try:
                await channel.get_partial_message(int(post.message_id)).edit(embed=embed, view=view)
            except discord.NotFound:
                log.warning("the post of drop %s in guild %s was deleted", drop_id, post.guild_id)
            except discord.HTTPException as error:
                log.warning("could not edit the post of drop %s: %s", drop_id, error)
                self._touches.dirty.add(drop_id)
                continue
            self._shown[(drop_id, post.guild_id)] = shown
            edited += 1
        return edited


_LIVE = (DropState.SCHEDULED, DropState.EARLY, DropState.PUBLIC, DropState.CLOSED)


def _now(context: DiscordContext) -> datetime:
    return context.drops.clock.now()


async def _first(stop: asyncio.Event, wake: asyncio.Event, seconds: float) -> None:
    """Wait until `stop` or `wake` is set, or `seconds` pass."""
    waiters = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())}
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
