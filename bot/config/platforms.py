"""`[twitch]` and `[discord]`: the platforms, their communities (a channel's or a guild's name),
the environment variables their secrets come from, and the checks that need a whole section."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from bot.config.fields import ConfigError, Duration, Section

# Twitch secrets: never in the config file.
ENV_TWITCH_SECRET = "FAIRDROP_TWITCH_CLIENT_SECRET"  # noqa: S105 (a variable name)
ENV_TWITCH_TOKEN = "FAIRDROP_TWITCH_BOT_TOKEN"  # noqa: S105 (a variable name)
ENV_TWITCH_REFRESH = "FAIRDROP_TWITCH_BOT_REFRESH_TOKEN"
ENV_DISCORD_TOKEN = "FAIRDROP_DISCORD_TOKEN"  # noqa: S105 (a variable name)


class TwitchChannelSettings(Section):
    name: str  # fairdrop's name for the community: drops, lists and links live under it
    broadcaster_id: str = ""


def _default_channels() -> list[TwitchChannelSettings]:
    return [TwitchChannelSettings(name="default")]


class TwitchSettings(Section):
    enabled: bool = False
    client_id: str = ""
    bot_id: str = ""
    moderator: bool = False  # the bot is a moderator in its channels: 100 messages per 30 s
    whisper_winners: bool = False
    whisper_budget: int = Field(40, ge=0, le=40)  # new recipients a day; Twitch's cap is 40
    claim_url: str = "http://localhost:8080/claim/{drop}"
    api_base: str = "https://api.twitch.tv/helix/"
    auth_base: str = "https://id.twitch.tv/"
    eventsub_url: str = "wss://eventsub.wss.twitch.tv/ws"
    channels: list[TwitchChannelSettings] = Field(default_factory=_default_channels)


class DiscordGuildSettings(Section):
    id: str  # the guild's numeric id
    name: str = "default"  # fairdrop's name for the community (the same as a Twitch channel's)
    # Defaults until a moderator runs /fairdrop setup in the guild.
    announce_channel_id: str = ""
    summary_channel_id: str = ""
    moderator_role_id: str = ""


class DiscordSettings(Section):
    enabled: bool = False
    application_id: str = ""
    api_base: str = "https://discord.com/api/v10"
    gateway_url: str = "wss://gateway.discord.gg"
    post_edit_interval: Duration = timedelta(seconds=5)
    dm_winners: bool = True
    guilds: list[DiscordGuildSettings] = Field(
        default_factory=lambda: [DiscordGuildSettings(id="", name="default")]
    )


def check_twitch(twitch: TwitchSettings, source: str) -> None:
    """What an enabled `[twitch]` needs beyond its keys' types: ids and at least one channel."""
    for key in ("client_id", "bot_id"):
        if not getattr(twitch, key):
            raise ConfigError(f"{source}: [twitch] {key}: required when twitch is enabled")
    if not twitch.channels:
        raise ConfigError(f"{source}: [twitch] channels: add at least one [[twitch.channels]]")
    for channel in twitch.channels:
        if not channel.broadcaster_id.isdigit():
            raise ConfigError(
                f"{source}: [twitch.channels] broadcaster_id (channel {channel.name!r}): "
                "required, the channel's numeric Twitch user id"
            )


def check_discord(discord: DiscordSettings, source: str) -> None:
    """What an enabled `[discord]` needs beyond its keys' types: numeric ids, a guild."""
    if not discord.application_id.isdigit():
        raise ConfigError(
            f"{source}: [discord] application_id: required when discord is enabled, "
            "your Discord application's numeric id"
        )
    if not discord.guilds:
        raise ConfigError(f"{source}: [discord] guilds: add at least one [[discord.guilds]]")
    for guild in discord.guilds:
        for key in ("id", "announce_channel_id", "summary_channel_id", "moderator_role_id"):
            value = getattr(guild, key)
            if (key == "id" or value) and not value.isdigit():  # only the guild id is required
                raise ConfigError(
                    f"{source}: [discord.guilds] {key} (guild {guild.name!r}): "
                    f"must be a numeric Discord id (got {value!r})"
                )
