"""Slash commands through the catalog: every command, option and choice has its message in
commands.ftl, in English word for word what the cogs declare (what Discord shows by default)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContext, TranslationContextTypes
from discord.app_commands import TranslationContextLocation as Where
from discord.ext import commands

from bot.discord.cogs.drops import DropCommands
from bot.discord.cogs.lists import ListCommands
from bot.discord.cogs.members import MemberCommands
from bot.discord.cogs.setup import SetupCommands
from bot.discord.text import DISCORD_VOICE
from bot.discord.translator import CatalogTranslator, message_id
from bot.messages.catalog import shipped_catalog


async def _tree() -> app_commands.CommandTree[discord.Client]:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.none())
    for cog in (DropCommands, ListCommands, MemberCommands, SetupCommands):
        await bot.add_cog(cog(None))  # type: ignore[arg-type]
    return bot.tree


def _texts(tree: app_commands.CommandTree[discord.Client]) -> Iterator[tuple[str | None, str]]:
    def walk(
        found: Sequence[app_commands.Command[Any, ..., Any] | app_commands.Group],
    ) -> Iterator[tuple[str | None, str]]:
        for command in found:
            if isinstance(command, app_commands.Group):
                context: TranslationContextTypes = TranslationContext(
                    Where.group_description, command
                )
                yield message_id(context), command.description
                yield from walk(command.commands)
                continue
            context = TranslationContext(Where.command_description, command)
            yield message_id(context), command.description
            for parameter in command.parameters:
                context = TranslationContext(Where.parameter_description, parameter)
                yield message_id(context), parameter.description
                for choice in parameter.choices:
                    yield message_id(TranslationContext(Where.choice_name, choice)), choice.name

    yield from walk(tree.get_commands())  # type: ignore[arg-type]


async def test_every_command_text_is_in_the_catalog_as_the_cogs_declare_it() -> None:
    catalog = shipped_catalog()
    texts = list(_texts(await _tree()))

    differ = [
        (found, text)
        for found, text in texts
        if found is None or catalog.say(DISCORD_VOICE, found) != text
    ]

    assert len(texts) > 80 and differ == []
    assert sorted({i for i, _ in texts if i}) == sorted(
        i
        for i in catalog.ids()
        if i.startswith(("discord-command-", "discord-option-", "discord-choice-"))
    )


async def test_the_translator_gives_spanish_to_spanish_locales_and_leaves_english_alone() -> None:
    tree = await _tree()
    drop = tree.get_command("drop")
    assert isinstance(drop, app_commands.Group)
    context: TranslationContextTypes = TranslationContext(Where.group_description, drop)
    translator = CatalogTranslator()
    asked = app_commands.locale_str(drop.description)

    assert await translator.translate(asked, discord.Locale.spain_spanish, context) == (
        "Gestionar drops"
    )
    assert await translator.translate(asked, discord.Locale.latin_american_spanish, context) == (
        "Gestionar drops"
    )
    assert await translator.translate(asked, discord.Locale.american_english, context) is None
    assert await translator.translate(asked, discord.Locale.japanese, context) is None
    name: TranslationContextTypes = TranslationContext(Where.group_name, drop)
    assert await translator.translate(asked, discord.Locale.spain_spanish, name) is None
