"""`/alloc create|add|remove|list|import|export|delete`: moderators keep allocation lists.

Members are named as Discord mentions, `twitch:<id>`/`discord:<id>` accounts, or Twitch logins
(looked up when the bot runs on Twitch too). An import takes a CSV attachment and is all or
nothing: a bad row is named, and nothing changes.
"""

from __future__ import annotations

import io
import re
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import text
from bot.discord.cogs.guard import by, choices, moderator_action, moderator_community, options
from bot.discord.replies import Reply, answer
from bot.discord.shared import DiscordContext
from bot.gating.lists import ListError
from bot.messages.catalog import Verbatim

LIST_NAME = app_commands.Range[str, 1, 40]
KindChoice = Literal["early", "guaranteed", "deny"]
MAX_IMPORT_BYTES = 2_000_000
SHOWN_MEMBERS = 50
_MENTION = re.compile(r"<@!?(\d+)>")


def accounts_in(typed: str) -> list[str]:
    """The accounts named in a command option: mentions become `discord:<id>`."""
    words = _MENTION.sub(r" discord:\1 ", typed).replace(",", " ").split()
    if not words:
        raise ListError(text.say("discord-lists-no-member"))
    return words


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class ListCommands(commands.GroupCog, group_name="alloc", group_description="Allocation lists"):
    def __init__(self, context: DiscordContext) -> None:
        self.context = context
        super().__init__()

    @app_commands.command(description="Make a list")
    @app_commands.describe(
        name="The list's name",
        kind="early: early access; guaranteed: units before the draw; deny: kept out",
    )
    async def create(
        self, interaction: discord.Interaction, name: LIST_NAME, kind: KindChoice = "early"
    ) -> None:
        async def work() -> Reply:
            async with moderator_action(
                self.context, interaction, "list-create", options(name=name, kind=kind)
            ) as (channel, act):
                made = await self.context.lists.create(channel, name, kind, by=by(interaction))
                act.done(f"{made.name} ({made.kind.value})")
            made_kind = Verbatim(made.kind.value)
            return Reply(text.say("discord-list-made", channel, list=made.name, kind=made_kind))

        await answer(interaction, work)

    @app_commands.command(description="Add members to a list")
    @app_commands.describe(name="The list", members="Mentions, twitch:<id> or Twitch logins")
    async def add(self, interaction: discord.Interaction, name: LIST_NAME, members: str) -> None:
        async def work() -> Reply:
            async with moderator_action(
                self.context, interaction, "list-add", options(name=name, members=members)
            ) as (channel, act):
                accounts = accounts_in(members)
                added = await self.context.lists.add(channel, name, accounts, by=by(interaction))
                act.done(f"{added} added")
            already = len(accounts) - added
            if already > 0:
                said = text.say(
                    "discord-list-added-some-there",
                    channel,
                    list=name,
                    added=added,
                    already=already,
                )
            else:
                said = text.say("discord-list-added", channel, list=name, added=added)
            return Reply(said)

        await answer(interaction, work)

    @app_commands.command(description="Take members off a list")
    @app_commands.describe(name="The list", members="Mentions, twitch:<id> or Twitch logins")
    async def remove(self, interaction: discord.Interaction, name: LIST_NAME, members: str) -> None:
        async def work() -> Reply:
            async with moderator_action(
                self.context, interaction, "list-remove", options(name=name, members=members)
            ) as (channel, act):
                removed = await self.context.lists.remove(channel, name, accounts_in(members))
                act.done(f"{removed} taken off")
            return Reply(text.say("discord-list-removed", channel, list=name, removed=removed))

        await answer(interaction, work)

    @app_commands.command(name="list", description="Show the lists, or one list's members")
    @app_commands.describe(name="A list (default: all lists)")
    async def show(self, interaction: discord.Interaction, name: LIST_NAME | None = None) -> None:
        async def work() -> Reply:
            channel = await moderator_community(self.context, interaction)
            lists = self.context.lists
            if name is None:
                found = await lists.all(channel)
                if not found:
                    return Reply(text.say("discord-list-none", channel))
                return Reply(
                    "\n".join(
                        text.say(
                            "discord-list-summary",
                            channel,
                            list=s.allocation_list.name,
                            kind=Verbatim(s.allocation_list.kind.value),
                            members=s.members,
                        )
                        for s in found
                    )
                )
            shown, members = await lists.show(channel, name)
            kind = Verbatim(shown.kind.value)
            lines = [
                text.say(
                    "discord-list-heading",
                    channel,
                    list=shown.name,
                    kind=kind,
                    members=len(members),
                )
            ]
            lines += [_member(m.account, m.display_name) for m in members[:SHOWN_MEMBERS]]
            if len(members) > SHOWN_MEMBERS:
                more = len(members) - SHOWN_MEMBERS
                lines.append(text.say("discord-list-more", channel, more=more))
            return Reply("\n".join(lines))

        await answer(interaction, work)

    @app_commands.command(name="import", description="Add members from a CSV file")
    @app_commands.describe(
        name="The list", file="CSV with an `account` column", replace="Replace every member"
    )
    async def import_(
        self,
        interaction: discord.Interaction,
        name: LIST_NAME,
        file: discord.Attachment,
        replace: bool = False,
    ) -> None:
        async def work() -> Reply:
            asked = options(name=name, file=file.filename, replace=replace or None)
            async with moderator_action(self.context, interaction, "list-import", asked) as (
                channel,
                act,
            ):
                if file.size > MAX_IMPORT_BYTES:
                    too_large = text.say(
                        "discord-lists-file-too-large", file=file.filename, count=MAX_IMPORT_BYTES
                    )
                    raise ListError(too_large)
                try:
                    csv_text = (await file.read()).decode("utf-8")
                except UnicodeDecodeError:
                    not_text = text.say("discord-lists-file-not-utf8", file=file.filename)
                    raise ListError(not_text) from None
                report = await self.context.lists.import_csv(
                    channel, name, csv_text, by=by(interaction), replace=replace
                )
                act.done(f"{report.added} added, {report.removed} taken off")
            figures = {"added": report.added, "already": report.already_on}
            if replace:
                said = text.say(
                    "discord-list-imported-replacing",
                    channel,
                    list=name,
                    removed=report.removed,
                    **figures,
                )
            else:
                said = text.say("discord-list-imported", channel, list=name, **figures)
            return Reply(said)

        await answer(interaction, work)

    @app_commands.command(description="Download a list as CSV")
    @app_commands.describe(name="The list")
    async def export(self, interaction: discord.Interaction, name: LIST_NAME) -> None:
        async def work() -> Reply:
            channel = await moderator_community(self.context, interaction)
            csv_text = await self.context.lists.export_csv(channel, name)
            data = io.BytesIO(csv_text.encode("utf-8"))
            safe = re.sub(r"[^A-Za-z0-9_-]", "_", name)
            said = text.say("discord-list-export", channel, list=name)
            return Reply(said, [discord.File(data, f"{safe}.csv")])

        await answer(interaction, work)

    @app_commands.command(description="Delete a list")
    @app_commands.describe(name="The list")
    async def delete(self, interaction: discord.Interaction, name: LIST_NAME) -> None:
        async def work() -> Reply:
            async with moderator_action(
                self.context, interaction, "list-delete", options(name=name)
            ) as (channel, act):
                had = await self.context.lists.delete(channel, name)
                act.done(f"deleted with {had} members")
            return Reply(text.say("discord-list-deleted", channel, list=name, members=had))

        await answer(interaction, work)

    @add.autocomplete("name")
    @remove.autocomplete("name")
    @show.autocomplete("name")
    @import_.autocomplete("name")
    @export.autocomplete("name")
    @delete.autocomplete("name")
    async def _names(
        self, interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        channel = self.context.communities.community_of(interaction.guild_id)
        if channel is None:
            return []
        found = await self.context.lists.all(channel)
        return choices((s.allocation_list.name for s in found), typed)


def _member(account: str, label: str) -> str:
    platform, _, user_id = account.partition(":")
    shown = text.mention(user_id) if platform == "discord" else f"`{account}`"
    return f"• {shown}" + (f" ({text.plain(label, 40)})" if label else "")
