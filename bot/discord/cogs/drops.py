"""`/drop create|open|schedule|close|status|cancel|reroll|list|history|audit|disqualify|extend|
pause|resume|edit`: moderators run drops from Discord.

Each command parses its options into a core call and says the result privately; the public
sees the drop post and announcements, which come from the outbox like Twitch's.
The works of the commands that steer a drop under way are in `steering.py`, those of weekly
series in `series.py`: this module declares every `/drop` command (one group cog) and runs the
making, opening and closing of drops itself.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import text
from bot.discord.cogs import series as weekly
from bot.discord.cogs import steering as steer
from bot.discord.cogs.guard import (
    Refused,
    choices,
    moderator_action,
    moderator_community,
    options,
)
from bot.discord.replies import Reply, answer
from bot.discord.shared import DiscordContext
from bot.drop_presets import drop_spec, start_time
from bot.drops.audit import closed_result, rerolled_result
from bot.drops.errors import UnknownDrop
from bot.drops.model import DropSpec, DropState, Mode
from bot.drops.service import DropService
from bot.drops.status import DropStatus
from bot.kernel.durations import parse_duration
from bot.kernel.errors import DropError
from bot.messages.catalog import Verbatim

NAME = app_commands.Range[str, 1, 40]
SUPPLY = app_commands.Range[int, 1, 100_000]
ModeChoice = Literal["lottery", "fcfs"]
# The options of a new drop, as /drop create and /drop schedule describe them.
NEW_DROP = {
    "name": "Short name, used in commands",
    "title": "What fans see (default: the name)",
    "supply": "How many units",
    "duration": "How long entries stay open, e.g. 10m",
    "early": "How long early access runs before everyone may enter, e.g. 2m",
    "mode": "lottery: drawn at close; fcfs: first come, first served",
}


@dataclass(frozen=True, slots=True)
class NewDrop:
    """The options of a new drop as a moderator typed them (None: left out)."""

    title: str | None = None
    supply: int | None = None
    duration: str | None = None
    early: str | None = None
    mode: str | None = None
    keyword: str | None = None

    def given(self) -> bool:
        """Whether any option was typed."""
        return any(getattr(self, f.name) is not None for f in fields(self))

    def asked(self, **more: object) -> str:
        """The options as the audit log keeps them, `more` first."""
        return options(**more, **{f.name: getattr(self, f.name) for f in fields(self)})


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class DropCommands(commands.GroupCog, group_name="drop", group_description="Run drops"):
    def __init__(self, context: DiscordContext) -> None:
        self.context = context
        super().__init__()

    @app_commands.command(description="Prepare a drop without opening it")
    @app_commands.describe(
        keyword="A word that enters it in Twitch chat besides !claim, e.g. !hoodie", **NEW_DROP
    )
    async def create(
        self,
        interaction: discord.Interaction,
        name: NAME,
        title: str | None = None,
        supply: SUPPLY | None = None,
        duration: str | None = None,
        early: str | None = None,
        mode: ModeChoice | None = None,
        keyword: app_commands.Range[str, 1, 30] | None = None,
    ) -> None:
        async def work() -> Reply:
            typed = NewDrop(title, supply, duration, early, mode, keyword)
            asked = typed.asked()
            async with moderator_action(
                self.context, interaction, "create", asked, drop_name=name
            ) as (channel, act):
                spec = self._spec(channel, name, typed)
                drop = await self.context.drops.create(spec, draft=True)
                act.done("draft", drop_id=drop.id, drop_name=drop.name)
            return Reply(
                text.say(
                    "discord-mod-draft",
                    channel,
                    name=drop.name,
                    units=drop.spec.supply,
                    mode=Verbatim(drop.spec.mode.value),
                    command_name=Verbatim(drop.name),
                )
            )

        await answer(interaction, work)

    @app_commands.command(description="Open a drop: a prepared one, or a new one now")
    @app_commands.describe(
        name="A drop made with /drop create, or a new name",
        title="What fans see (new drops; default: the name)",
        supply="How many units (new drops)",
        duration="How long entries stay open, e.g. 10m (new drops)",
        early="How long early access runs first, e.g. 2m (new drops)",
        mode="lottery or fcfs (new drops)",
        keyword="A word that enters it in Twitch chat besides !claim, e.g. !hoodie (new drops)",
    )
    async def open(
        self,
        interaction: discord.Interaction,
        name: NAME,
        title: str | None = None,
        supply: SUPPLY | None = None,
        duration: str | None = None,
        early: str | None = None,
        mode: ModeChoice | None = None,
        keyword: app_commands.Range[str, 1, 30] | None = None,
    ) -> None:
        async def work() -> Reply:
            typed = NewDrop(title, supply, duration, early, mode, keyword)
            asked = typed.asked()
            async with moderator_action(
                self.context, interaction, "open", asked, drop_name=name
            ) as (channel, act):
                drops = self.context.drops
                prepared = await _prepared(drops, channel, name)
                if prepared and typed.given():
                    # Raised, not returned: the audit log keeps the refusal.
                    raise DropError(text.say("discord-mod-already-prepared", channel, name=name))
                if prepared:
                    drop = await drops.open(channel, name)
                else:
                    spec = self._spec(channel, name, typed)
                    drop = await drops.create(spec)
                act.done(drop.state.value, drop_id=drop.id, drop_name=drop.name)
            if drop.closes_at:
                when = Verbatim(text.timestamp(drop.closes_at))
                return Reply(
                    text.say("discord-mod-opened-until", channel, name=drop.name, when=when)
                )
            return Reply(text.say("discord-mod-opened", channel, name=drop.name))

        await answer(interaction, work)

    @app_commands.command(description="Schedule a drop to open by itself later, or every week")
    @app_commands.describe(
        at="When it opens: 20:00 (the streamer's time zone), +30m, or 2026-11-21T20:00",
        every="Or a drop every week, opened by itself: fri 20:00 (the streamer's time zone)",
        keyword="A word that enters it in Twitch chat besides !claim, e.g. !hoodie",
        **NEW_DROP,
    )
    async def schedule(
        self,
        interaction: discord.Interaction,
        name: NAME,
        at: app_commands.Range[str, 1, 40] | None = None,
        every: app_commands.Range[str, 1, 20] | None = None,
        title: str | None = None,
        supply: SUPPLY | None = None,
        duration: str | None = None,
        early: str | None = None,
        mode: ModeChoice | None = None,
        keyword: app_commands.Range[str, 1, 30] | None = None,
    ) -> None:
        async def work() -> Reply:
            typed = NewDrop(title, supply, duration, early, mode, keyword)
            asked = typed.asked(at=at, every=every)
            if (at is None) == (every is None):
                channel = await moderator_community(self.context, interaction)
                raise Refused(text.say("discord-mod-schedule-at-or-every", channel))
            if every is not None:
                if keyword is not None:  # one keyword cannot belong to every week's drop
                    channel = await moderator_community(self.context, interaction)
                    raise Refused(text.say("discord-mod-series-no-keyword", channel))
                each = weekly.series_options(title, supply, duration, early, mode)
                return await weekly.start(self.context, interaction, name, every, each, asked)
            async with moderator_action(
                self.context, interaction, "schedule", asked, drop_name=name
            ) as (channel, act):
                drops = self.context.drops
                start = start_time(self.context.settings, at or "", drops.clock.now())
                spec = self._spec(channel, name, typed)
                drop = await drops.create(spec, start_at=start)
                act.done(f"opens {start.isoformat()}", drop_id=drop.id, drop_name=drop.name)
            return Reply(
                text.say(
                    "discord-mod-scheduled",
                    channel,
                    name=drop.name,
                    when=Verbatim(text.timestamp(start)),
                    units=drop.spec.supply,
                    mode=Verbatim(drop.spec.mode.value),
                )
            )

        await answer(interaction, work)

    @app_commands.command(description="The weekly series with their next drops; or stop one")
    @app_commands.describe(stop="A series to stop")
    async def series(self, interaction: discord.Interaction, stop: NAME | None = None) -> None:
        await answer(interaction, lambda: weekly.listing_or_stop(self.context, interaction, stop))

    @app_commands.command(description="Close entries now (a lottery is drawn at once)")
    @app_commands.describe(name="The drop (default: the running one)")
    async def close(self, interaction: discord.Interaction, name: NAME | None = None) -> None:
        async def work() -> Reply:
            async with moderator_action(
                self.context, interaction, "close", drop_name=name or ""
            ) as (channel, act):
                closing = await self.context.drops.close(channel, name)
                drop = closing.drop
                said = closed_result(closing.draw is not None)
                act.done(said, drop_id=drop.id, drop_name=drop.name)
            if closing.draw is None and drop.awaiting_beacon:
                number = Verbatim(str(drop.beacon_round))
                return Reply(
                    text.say("discord-mod-closed-waiting", channel, name=drop.name, round=number)
                )
            if closing.draw is None:
                return Reply(text.say("discord-mod-closed", channel, name=drop.name))
            draw = closing.draw
            figures = {
                "winners": draw.winners,
                "entrants": draw.entrants,
                "waitlist": draw.waitlist,
            }
            return Reply(text.say("discord-mod-closed-drawn", channel, name=drop.name, **figures))

        await answer(interaction, work)

    @app_commands.command(description="Where a drop stands")
    @app_commands.describe(name="The drop (default: the running one)")
    async def status(self, interaction: discord.Interaction, name: NAME | None = None) -> None:
        async def work() -> Reply:
            channel = await moderator_community(self.context, interaction)
            return Reply(status_line(await self.context.drops.status(channel, name)))

        await answer(interaction, work)

    @app_commands.command(description="Cancel a drop; any codes issued for it become void")
    @app_commands.describe(name="The drop (default: the running one)", reason="Shown to fans")
    async def cancel(
        self,
        interaction: discord.Interaction,
        name: NAME | None = None,
        reason: app_commands.Range[str, 0, 200] = "",
    ) -> None:
        async def work() -> Reply:
            async with moderator_action(
                self.context, interaction, "cancel", options(reason=reason), drop_name=name or ""
            ) as (channel, act):
                drop = await self.context.drops.cancel(channel, name, reason)
                act.done("cancelled", drop_id=drop.id, drop_name=drop.name)
            return Reply(text.say("discord-mod-cancelled", channel, name=drop.name))

        await answer(interaction, work)

    @app_commands.command(description="Pass every unclaimed unit past its deadline to the waitlist")
    async def reroll(self, interaction: discord.Interaction) -> None:
        async def work() -> Reply:
            async with moderator_action(self.context, interaction, "reroll") as (channel, act):
                rerolls = await self.context.drops.reroll()
                act.done(rerolled_result(len(rerolls)))
            return Reply(text.say("discord-mod-rerolled", channel, units=len(rerolls)))

        await answer(interaction, work)

    @app_commands.command(name="list", description="Running, upcoming and recent drops")
    async def list_drops(self, interaction: discord.Interaction) -> None:
        async def work() -> Reply:
            channel = await moderator_community(self.context, interaction)
            return Reply(
                text.drop_list_text(await self.context.drops.book.listing(channel), channel)
            )

        await answer(interaction, work)

    @app_commands.command(description="A member's entries, wins and redemptions across drops")
    @app_commands.describe(member="The member")
    async def history(self, interaction: discord.Interaction, member: discord.Member) -> None:
        async def work() -> Reply:
            channel = await moderator_community(self.context, interaction)
            lines = await self.context.drops.book.history(channel, f"discord:{member.id}")
            return Reply(text.history_text(str(member.id), lines, channel))

        await answer(interaction, work)

    @app_commands.command(description="What moderators did: the audit log, newest first")
    @app_commands.describe(drop="Only this drop's actions (default: every action here)")
    async def audit(self, interaction: discord.Interaction, drop: NAME | None = None) -> None:
        async def work() -> Reply:
            channel = await moderator_community(self.context, interaction)
            entries = await self.context.drops.book.audit.recent(channel, drop_name=drop)
            return Reply(text.audit_text(entries, drop, channel))

        await answer(interaction, work)

    @app_commands.command(
        description="Take one winner's unit away now; it passes down the waitlist"
    )
    @app_commands.describe(
        member="The winner to disqualify",
        reason="Why (published in the drop's transcript)",
        name="The drop (default: the running or newest one)",
    )
    async def disqualify(
        self,
        interaction: discord.Interaction,
        member: discord.Member,
        reason: app_commands.Range[str, 0, 200] = "",
        name: NAME | None = None,
    ) -> None:
        await answer(
            interaction,
            lambda: steer.disqualify(self.context, interaction, member, reason, name),
        )

    @app_commands.command(description="Move an open drop's close: later, or earlier with -5m")
    @app_commands.describe(
        by="How much later entries close, e.g. 5m; -5m closes them earlier",
        name="The drop (default: the running one)",
    )
    async def extend(
        self,
        interaction: discord.Interaction,
        by: app_commands.Range[str, 1, 20],
        name: NAME | None = None,
    ) -> None:
        await answer(interaction, lambda: steer.extend(self.context, interaction, by, name))

    @app_commands.command(description="Change a draft or scheduled drop before it opens")
    @app_commands.describe(
        name="A draft or scheduled drop",
        title="What fans see",
        supply="How many units",
        duration="How long entries stay open, e.g. 10m",
        early="How long early access runs before everyone may enter, e.g. 2m",
        at="When a scheduled drop opens, e.g. 20:00 or +30m",
    )
    async def edit(
        self,
        interaction: discord.Interaction,
        name: NAME,
        title: app_commands.Range[str, 1, 80] | None = None,
        supply: SUPPLY | None = None,
        duration: str | None = None,
        early: str | None = None,
        at: app_commands.Range[str, 1, 40] | None = None,
    ) -> None:
        await answer(
            interaction,
            lambda: steer.edit(
                self.context,
                interaction,
                name,
                title=title,
                supply=supply,
                duration=duration,
                early=early,
                at=at,
            ),
        )

    @app_commands.command(description="Pause a drop's entries; the time left is kept")
    @app_commands.describe(name="The drop (default: the running one)")
    async def pause(self, interaction: discord.Interaction, name: NAME | None = None) -> None:
        await self._pause_or_resume(interaction, name, resume=False)

    @app_commands.command(description="Take entries again, with the time left when paused")
    @app_commands.describe(name="The drop (default: the running one)")
    async def resume(self, interaction: discord.Interaction, name: NAME | None = None) -> None:
        await self._pause_or_resume(interaction, name, resume=True)

    async def _pause_or_resume(
        self, interaction: discord.Interaction, name: str | None, *, resume: bool
    ) -> None:
        await answer(
            interaction,
            lambda: steer.pause_or_resume(self.context, interaction, name, resume=resume),
        )

    @create.autocomplete("name")
    @open.autocomplete("name")
    @close.autocomplete("name")
    @status.autocomplete("name")
    @cancel.autocomplete("name")
    @audit.autocomplete("drop")
    @disqualify.autocomplete("name")
    @extend.autocomplete("name")
    @edit.autocomplete("name")
    @pause.autocomplete("name")
    @resume.autocomplete("name")
    async def _names(
        self, interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        channel = self.context.communities.community_of(interaction.guild_id)
        if channel is None:
            return []
        drops = await self.context.drops.unfinished(channel)
        return choices((d.name for d in reversed(drops)), typed)  # newest first

    def _spec(self, channel: str, name: str, typed: NewDrop) -> DropSpec:
        return drop_spec(
            self.context.settings,
            channel,
            name,
            title=typed.title,
            supply=typed.supply,
            entry_window=parse_duration(typed.duration) if typed.duration else None,
            early=parse_duration(typed.early) if typed.early else None,
            mode=Mode(typed.mode) if typed.mode else None,
            keyword=typed.keyword,
        )


async def _prepared(drops: DropService, channel: str, name: str) -> bool:
    """Whether `name` is a draft or scheduled drop waiting to be opened."""
    try:
        drop = await drops.find(channel, name)
    except UnknownDrop:
        return False
    return drop.state in (DropState.DRAFT, DropState.SCHEDULED)


def status_line(status: DropStatus) -> str:
    drop = status.drop
    community = drop.spec.channel
    figures = {
        "entrants": status.entrants,
        "allocated": status.allocated,
        "supply": drop.spec.supply,
        "claimed": status.claimed,
    }
    phase = status.phase.value  # a choice the catalog says in the community's words
    parts = [text.say("discord-mod-status", community, name=drop.name, phase=phase, **figures)]
    if status.expired:
        parts.append(text.say("discord-mod-status-passed-on", community, expired=status.expired))
    if drop.closes_at and status.phase in (DropState.EARLY, DropState.PUBLIC):
        when = Verbatim(text.timestamp(drop.closes_at))
        parts.append(text.say("discord-mod-status-closes", community, when=when))
    parts.append(text.say("discord-mod-status-end", community))
    return "".join(parts)
