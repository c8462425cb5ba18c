"""What each fairdrop feature needs from Twitch and Discord: one table of Twitch scopes per
feature, the Discord permissions fairdrop uses, and the invite link built from them. `fairdrop
setup` asks for exactly these and `fairdrop doctor` compares what was granted with them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from bot.config import Settings
from bot.twitch.build import ages_asked


@dataclass(frozen=True)
class Feature:
    """A feature and the scopes its account must have granted."""

    name: str
    scopes: tuple[str, ...]


# The bot account's scopes, feature by feature.
CHAT = Feature("chat", ("user:read:chat", "user:write:chat", "user:bot"))
# Lets doctor (and you) see the channels where the bot is a moderator: 100 messages per 30 s.
MODERATION = Feature("moderator check", ("user:read:moderated_channels",))
FOLLOW_AGE = Feature("follow-age rules", ("moderator:read:followers",))
WHISPERS = Feature("whisper_winners", ("user:manage:whispers",))
# The broadcaster's grant that lets the bot speak in the channel without being a moderator.
BROADCASTER = Feature("bot in the channel", ("channel:bot",))
# The broadcaster's optional consent to subscriber lift ([seasons] lift): counts of new
# subscriptions and follows; without it lift is off in that channel.
LIFT = Feature("subscriber lift", ("channel:read:subscriptions", "moderator:read:followers"))


def broadcaster_features(settings: Settings) -> list[Feature]:
    """What `fairdrop setup` asks each broadcaster for."""
    return [BROADCASTER, LIFT] if settings.seasons.lift else [BROADCASTER]


def bot_features(settings: Settings) -> list[Feature]:
    """The features the configuration turns on that need the bot account's scopes."""
    features = [CHAT, MODERATION]
    if ages_asked(settings)[1]:
        features.append(FOLLOW_AGE)
    if settings.twitch.whisper_winners:
        features.append(WHISPERS)
    return features


def scopes_of(features: Iterable[Feature]) -> tuple[str, ...]:
    """Every scope the features need, once each, in the order the table gives them."""
    return tuple(dict.fromkeys(s for f in features for s in f.scopes))


def missing_scopes(granted: Iterable[str], features: Iterable[Feature]) -> list[str]:
    """ "scope (feature)" for each needed scope not granted, in table order; empty when none."""
    have = set(granted)
    return [f"{s} ({f.name})" for f in features for s in f.scopes if s not in have]


# Discord: the permissions fairdrop uses in the announcement and summary channels, by the names
# discord.py and Discord's documentation give them, with why.
DISCORD_PERMISSIONS: dict[str, int] = {
    "view_channel": 1 << 10,  # see the channels it posts in
    "send_messages": 1 << 11,  # drop posts, results and summaries
    "embed_links": 1 << 14,  # the drop post and the summary are embeds
    "attach_files": 1 << 15,  # the summary's funnel chart and QR images
    "read_message_history": 1 << 16,  # find and edit its own drop posts after a restart
}
DISCORD_SCOPES = ("bot", "applications.commands")  # the bot user and its slash commands
DISCORD_AUTHORIZE = "https://discord.com/oauth2/authorize"


def discord_permission_value(names: Iterable[str] = DISCORD_PERMISSIONS) -> int:
    """Discord's permission integer for the named permissions (KeyError for an unknown name)."""
    value = 0
    for name in names:
        value |= DISCORD_PERMISSIONS[name]
    return value


def discord_invite_url(application_id: str) -> str:
    """The link that adds the bot to a server with exactly fairdrop's scopes and permissions."""
    query = urlencode(
        {
            "client_id": application_id,
            "scope": " ".join(DISCORD_SCOPES),
            "permissions": str(discord_permission_value()),
        }
    )
    return f"{DISCORD_AUTHORIZE}?{query}"


def missing_permissions(granted: int) -> list[str]:
    """The names of fairdrop's Discord permissions not in `granted` (administrator has all)."""
    if granted & ADMINISTRATOR:
        return []
    return [name for name, bit in DISCORD_PERMISSIONS.items() if not granted & bit]


ADMINISTRATOR = 1 << 3
