"""Discord's permission bitfields: names to the integer the API carries, and the defaults of a
new guild's @everyone and of the bot's managed role. Apart from the records because it is the
one part of them that reads discord.py (its ``Permissions`` flag names)."""

from __future__ import annotations

from collections.abc import Iterable

import discord


def permission_value(perms: int | str | Iterable[str] | discord.Permissions | None) -> int:
    """``0x8``, ``"administrator"``, ``("manage_guild", "send_messages")`` or a
    :class:`discord.Permissions` as Discord's integer bitfield."""
    if perms is None:
        return 0
    if isinstance(perms, discord.Permissions):
        return perms.value
    if isinstance(perms, int):
        return perms
    names = [perms] if isinstance(perms, str) else list(perms)
    return discord.Permissions(**dict.fromkeys(names, True)).value


ADMINISTRATOR = discord.Permissions(administrator=True).value
ALL_PERMISSIONS = discord.Permissions.all().value
#: @everyone's permissions in a new guild (Discord's default set).
EVERYONE_DEFAULT = discord.Permissions.general().value | discord.Permissions.text().value
EVERYONE_DEFAULT &= ~permission_value(
    ("manage_channels", "manage_roles", "manage_webhooks", "manage_expressions", "view_audit_log")
)
EVERYONE_DEFAULT &= ~permission_value(
    ("manage_messages", "manage_threads", "mention_everyone", "send_tts_messages")
)
EVERYONE_DEFAULT &= ~permission_value(("manage_guild", "kick_members", "ban_members"))
EVERYONE_DEFAULT &= ~permission_value(("moderate_members", "manage_events"))
#: What the bot's own managed role gets unless FakeDiscord(bot_permissions=...) says otherwise.
BOT_DEFAULT = permission_value(
    (
        "view_channel",
        "send_messages",
        "send_messages_in_threads",
        "embed_links",
        "attach_files",
        "read_message_history",
        "mention_everyone",
        "add_reactions",
        "use_external_emojis",
        "use_application_commands",
        "manage_messages",
        "manage_roles",
    )
)
