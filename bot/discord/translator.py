"""Slash commands in each member's language: discord.py's `app_commands.Translator` over the
catalog.

Discord shows a command's description, its options' descriptions and its choices' names in the
member's client language when the command carries a localization for it. The English is what
the cogs declare; every other shipped language comes from `commands.ftl`
(`discord-command-<full name>`, `discord-option-<command>-<option>`, `discord-choice-<value>`).
Names stay as declared: a moderator types the same `/drop open` in every language.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.discord.text import DISCORD_VOICE
from bot.messages.catalog import LANGUAGE, MessageError, current

log = logging.getLogger(__name__)


def _key(name: str) -> str:
    return name.replace(" ", "-").replace("_", "-")


def message_id(context: app_commands.TranslationContextTypes) -> str | None:
    """The catalog id of what discord.py asks to translate; None for what is not translated
    (names)."""
    data = context.data
    if isinstance(data, app_commands.Command | app_commands.Group):
        if context.location in (Where.command_description, Where.group_description):
            return f"discord-command-{_key(data.qualified_name)}"
    elif isinstance(data, app_commands.Parameter):
        if context.location is Where.parameter_description:
            return f"discord-option-{_key(data.command.qualified_name)}-{_key(data.name)}"
    elif isinstance(data, app_commands.Choice) and context.location is Where.choice_name:
        return f"discord-choice-{data.value}"
    return None


class CatalogTranslator(app_commands.Translator):
    """Gives Discord the catalog's words for a command in each shipped language but English."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        catalog = current()
        language = catalog.shipped_language(locale.value)
        found = message_id(context)
        if language in (None, LANGUAGE) or found is None:
            return None  # Discord shows what the code declares
        try:
            return catalog.say_in(language, DISCORD_VOICE, found)
        except MessageError:
            log.warning("no message %s for the slash command text %r", found, string.message)
            return None
