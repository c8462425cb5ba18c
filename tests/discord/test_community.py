"""Which community a guild is, its setup (config, then /fairdrop setup), and who runs drops."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.config import DiscordGuildSettings
from bot.discord.community import Communities, may_run_drops, refusal
from bot.store.database import make_engine
from bot.store.discord_store import DiscordStore, DropPost, GuildSetup
from bot.store.migrate import upgrade

AT = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/discord.db"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    upgrade(engine)
    yield engine
    engine.dispose()


def guilds() -> list[DiscordGuildSettings]:
    return [
        DiscordGuildSettings(id="100", name="main", announce_channel_id="7"),
        DiscordGuildSettings(id="200", name="main"),
        DiscordGuildSettings(id="300", name="other", moderator_role_id="9"),
    ]


def test_a_guild_belongs_to_its_configured_community(engine: Engine) -> None:
    communities = Communities(guilds(), DiscordStore(engine))
    assert communities.community_of(100) == "main"
    assert communities.community_of("300") == "other"
    assert communities.community_of(999) is None and communities.community_of(None) is None
    assert communities.guilds_of("main") == ["100", "200"]


async def test_setup_starts_from_the_config_and_keeps_what_a_moderator_chose(
    engine: Engine,
) -> None:
    store = DiscordStore(engine)
    communities = Communities(guilds(), store)
    assert (await communities.setup("100")).announce_channel_id == "7"

    saved = await communities.save(GuildSetup("100", moderator_role_id="55"), "discord:1", AT)

    assert saved == GuildSetup("100", "7", "", "55")  # the channel was kept
    restarted = Communities(guilds(), DiscordStore(engine))
    assert await restarted.setup("100") == saved


def test_posts_and_sync_digests_are_kept_per_drop_and_scope(engine: Engine) -> None:
    store = DiscordStore(engine)
    store.save_post(DropPost(1, "100", "7", "555"), AT)
    store.save_post(DropPost(1, "200", "8", "556"), AT)
    store.save_post(DropPost(1, "100", "7", "557"), AT)  # a re-post replaces the old one
    assert [p.message_id for p in store.posts(1)] == ["557", "556"]
    assert store.posts(2) == []
    assert store.digest("100") is None
    store.save_digest("100", "abc", AT)
    store.save_digest("100", "def", AT)
    assert store.digest("100") == "def"


@pytest.mark.parametrize(
    ("roles", "manage", "role", "allowed"),
    [
        ([], True, "", True),
        (["9"], False, "9", True),
        (["8"], False, "9", False),
        ([], False, "", False),
        ([""], False, "", False),  # an unset role never matches
    ],
)
def test_who_may_run_drops(roles: list[str], manage: bool, role: str, allowed: bool) -> None:
    assert may_run_drops(roles, manage, role) is allowed


def test_a_refusal_says_which_role_is_needed() -> None:
    assert "<@&9>" in refusal("9") and "Manage Server" in refusal("9")
    assert "/fairdrop setup" in refusal("")
