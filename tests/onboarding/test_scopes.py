"""The one table of what fairdrop needs: Twitch scopes per feature, Discord permissions."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import discord

from bot.config import Settings
from bot.onboarding.scopes import (
    DISCORD_PERMISSIONS,
    bot_features,
    discord_invite_url,
    discord_permission_value,
    missing_permissions,
    missing_scopes,
    scopes_of,
)


def test_the_permission_integer_is_the_named_permissions_as_discord_counts_them() -> None:
    expected = discord.Permissions(**dict.fromkeys(DISCORD_PERMISSIONS, True)).value
    assert discord_permission_value() == expected
    assert set(DISCORD_PERMISSIONS) == {
        "view_channel",
        "send_messages",
        "embed_links",
        "attach_files",
        "read_message_history",
    }


def test_the_invite_link_asks_exactly_for_the_bot_and_its_commands() -> None:
    url = urlsplit(discord_invite_url("1234"))
    query = parse_qs(url.query)
    assert (url.netloc, url.path) == ("discord.com", "/oauth2/authorize")
    assert query == {
        "client_id": ["1234"],
        "scope": ["bot applications.commands"],
        "permissions": [str(discord_permission_value())],
    }


def test_each_enabled_feature_adds_its_scopes() -> None:
    plain = scopes_of(bot_features(Settings()))
    assert "moderator:read:followers" not in plain
    assert {"user:read:chat", "user:write:chat", "user:bot"} <= set(plain)
    settings = Settings.model_validate(
        {"drops": {"min_follow_age": "1d"}, "twitch": {"whisper_winners": True}}
    )
    more = scopes_of(bot_features(settings))
    assert {"moderator:read:followers", "user:manage:whispers"} <= set(more)


def test_missing_scopes_are_named_with_the_feature_that_needs_them() -> None:
    settings = Settings.model_validate({"drops": {"min_follow_age": "1d"}})
    granted = ["user:read:chat", "user:write:chat", "user:bot", "user:read:moderated_channels"]
    assert missing_scopes(granted, bot_features(settings)) == [
        "moderator:read:followers (follow-age rules)"
    ]


def test_administrator_has_every_permission_and_others_are_named() -> None:
    assert missing_permissions(discord.Permissions(administrator=True).value) == []
    assert missing_permissions(discord.Permissions(view_channel=True).value) == [
        "send_messages",
        "embed_links",
        "attach_files",
        "read_message_history",
    ]
