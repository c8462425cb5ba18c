"""`fairdrop doctor`: a healthy setup passes every check; each thing that can be wrong is
provoked in turn (against the fake Twitch and Discord, a real SQLite database and keyring) and
shows as a ✗ on its own line, saying what to do."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.bootstrap import build_engine
from bot.cli import cli
from bot.config import ENV_DISCORD_TOKEN, ENV_TWITCH_SECRET, load_settings
from bot.drops.keyring import Keyring
from bot.drops.model import OutboxMessage
from bot.keystore import save_keyring
from bot.onboarding.config_file import read_config, set_entries, set_values, write_config
from bot.onboarding.doctor import Finding, examine
from bot.onboarding.doctor_platforms import AFTER_STORE, platform_checks
from bot.onboarding.scopes import BROADCASTER, LIFT, bot_features, scopes_of
from bot.store import migrate
from bot.store.outbox import SqlOutbox
from bot.store.tokens import StoredToken, TokenStore
from fakeplatforms.discord import FakeDiscord
from fakeplatforms.discord.model import FakeGuild
from fakeplatforms.twitch import FakeToken, FakeTwitch, FakeUser


@dataclass
class Clinic:
    """A setup as `fairdrop setup` leaves it, on the fakes; tests break one part of it."""

    twitch: FakeTwitch
    discord: FakeDiscord
    home: Path
    bot: FakeUser
    streamer: FakeUser
    guild: FakeGuild
    bot_token: FakeToken
    env: dict[str, str]

    @property
    def config(self) -> Path:
        return self.home / "fairdrop.toml"

    def edit(self, section: str, values: dict[str, Any]) -> None:
        doc = read_config(self.config)
        set_values(doc, section, values)
        write_config(self.config, doc)

    def store_token(self, user: FakeUser, token: FakeToken) -> None:
        settings = load_settings(self.config)
        engine = build_engine(settings)
        keyring = Keyring.from_json((self.home / "keys.json").read_text())
        try:
            TokenStore(engine, keyring).save(
                "twitch",
                user.id,
                StoredToken(token.access_token, token.refresh_token or ""),
                datetime.now(UTC),
            )
        finally:
            engine.dispose()

    async def findings(self) -> dict[str, Finding]:
        found = await examine(self.config, self.env, platform_checks)
        return {f.check: f for f in found}


@pytest.fixture
def clinic(fake_twitch: FakeTwitch, fake_discord: FakeDiscord, tmp_path: Path) -> Clinic:
    streamer = fake_twitch.add_user("streamer")
    bot = fake_twitch.add_user("fairdropbot")
    guild = fake_discord.add_guild("Stream Home", channels=["drops", "news"])
    doc = read_config(tmp_path / "fairdrop.toml")  # the example config
    set_values(doc, "database", {"url": f"sqlite:///{tmp_path}/fairdrop.db"})
    set_values(doc, "keys", {"path": str(tmp_path / "keys.json")})
    set_values(
        doc,
        "twitch",
        {
            "enabled": True,
            "client_id": fake_twitch.client_id,
            "bot_id": bot.id,
            "auth_base": fake_twitch.id_base,
            "api_base": fake_twitch.api_base,
        },
    )
    set_entries(
        doc, "twitch", "channels", [{"name": "stream", "broadcaster_id": streamer.id}], by="name"
    )
    set_values(
        doc,
        "discord",
        {
            "enabled": True,
            "application_id": str(fake_discord.application_id),
            "api_base": fake_discord.api_base,
        },
    )
    guild_entry = {
        "id": str(guild.id),
        "name": "stream",
        "announce_channel_id": str(guild.channel("drops").id),
        "summary_channel_id": str(guild.channel("news").id),
    }
    set_entries(doc, "discord", "guilds", [guild_entry], by="id")
    write_config(tmp_path / "fairdrop.toml", doc)
    save_keyring(tmp_path / "keys.json", Keyring.new(datetime.now(UTC)), overwrite=False)
    settings = load_settings(tmp_path / "fairdrop.toml")
    engine = build_engine(settings)
    migrate.upgrade(engine)
    engine.dispose()
    bot_token = fake_twitch.issue_user_token(bot, scopes_of(bot_features(settings)))
    env = {ENV_TWITCH_SECRET: fake_twitch.client_secret, ENV_DISCORD_TOKEN: fake_discord.bot_token}
    clinic = Clinic(fake_twitch, fake_discord, tmp_path, bot, streamer, guild, bot_token, env)
    clinic.store_token(bot, bot_token)
    clinic.store_token(streamer, fake_twitch.issue_user_token(streamer, BROADCASTER.scopes))
    return clinic


def healthy_checks(channel: str, guild_id: object) -> set[str]:
    """The checks a setup with one Twitch channel and one Discord server passes."""
    return {
        "config",
        "keyring",
        "database",
        "twitch app",
        "twitch bot token",
        "clock",
        "twitch scopes",
        f"twitch chat in {channel}",
        "twitch eventsub",
        "discord token",
        f"discord server {guild_id}",
        "discord announcements channel",
        "discord summaries channel",
        "outbox",
    }


async def test_a_healthy_setup_passes_every_check(clinic: Clinic) -> None:
    findings = await clinic.findings()
    assert [f.line() for f in findings.values() if not f.ok] == []
    assert set(findings) == healthy_checks("stream", clinic.guild.id)


async def test_lift_says_in_one_line_whether_the_broadcaster_consented(clinic: Clinic) -> None:
    assert not [c for c in await clinic.findings() if "lift" in c]  # [seasons] lift is off
    clinic.edit("seasons", {"lift": True})

    off = (await clinic.findings())["twitch lift in stream"]
    clinic.store_token(
        clinic.streamer,
        clinic.twitch.issue_user_token(clinic.streamer, (*BROADCASTER.scopes, *LIFT.scopes)),
    )
    on = (await clinic.findings())["twitch lift in stream"]

    # Optional: off is not a failure, and says what the broadcaster has not granted.
    assert off.ok and off.detail.startswith("off: the broadcaster has not granted")
    assert "channel:read:subscriptions" in off.detail and "fairdrop setup" in off.detail
    assert on.ok and on.detail.startswith("on:")


def _bad_config(c: Clinic) -> None:
    c.config.write_text(c.config.read_text() + "\n[twitch]\nsurprise = 1\n")


def _config_unknown_key(c: Clinic) -> None:
    c.edit("claims", {"surprise": 1})


def _keyring_readable(c: Clinic) -> None:
    os.chmod(c.home / "keys.json", 0o644)


def _database_gone(c: Clinic) -> None:
    (c.home / "fairdrop.db").unlink()


def _wrong_secret(c: Clinic) -> None:
    c.env[ENV_TWITCH_SECRET] = "not-the-secret"


def _bot_token_revoked(c: Clinic) -> None:
    c.twitch.expire_token(c.bot_token)


def _scope_missing(c: Clinic) -> None:
    c.store_token(c.bot, c.twitch.issue_user_token(c.bot, ("user:read:chat", "user:write:chat")))


def _no_broadcaster_grant(c: Clinic) -> None:
    for token in c.twitch.tokens_of(c.streamer):
        c.twitch.expire_token(token)


def _eventsub_full(c: Clinic) -> None:
    full = {"data": [], "total": 3, "total_cost": 10, "max_total_cost": 10, "pagination": {}}
    c.twitch.script("eventsub/subscriptions", body=full)


def _clock_off(c: Clinic) -> None:
    c.twitch.clock_offset = -300.0


def _discord_token_bad(c: Clinic) -> None:
    c.env[ENV_DISCORD_TOKEN] = "MTAx.bad.token"


def _bot_left_server(c: Clinic) -> None:
    del c.guild.members[c.discord.bot_user.id]


def _no_send_in_announcements(c: Clinic) -> None:
    deny = {"id": str(c.guild.id), "type": 0, "allow": "0", "deny": str(1 << 11)}
    c.guild.channel("drops").overwrites.append(deny)  # @everyone may not send there


def _redis_unreachable(c: Clinic) -> None:
    c.edit("hot_state", {"backend": "redis", "url": "redis://127.0.0.1:1/0"})


def _public_url_plain_http(c: Clinic) -> None:
    c.edit("web", {"enabled": True, "public_url": "http://drops.example"})


def _a_parked_message(c: Clinic) -> None:
    engine = build_engine(load_settings(c.config))
    now = datetime.now(UTC)
    with engine.begin() as conn:
        outbox = SqlOutbox(conn)
        outbox.add(OutboxMessage("opened:1", 1, "opened", "channel", {}, now))
        (message,) = outbox.for_drop(1)
        assert message.id is not None
        outbox.park("discord", message.id, now, "Forbidden")
    engine.dispose()


@pytest.mark.parametrize(
    ("break_it", "check", "to_do"),
    [
        (_bad_config, "config", "not valid TOML"),
        (_config_unknown_key, "config", "[claims] surprise: unknown key"),
        (_keyring_readable, "keyring", "chmod 600"),
        (_database_gone, "database", "fairdrop db upgrade"),
        (_wrong_secret, "twitch app", "copy both again"),
        (_bot_token_revoked, "twitch bot token", "fairdrop setup"),
        (_scope_missing, "twitch scopes", "not granted: user:bot (chat)"),
        (_no_broadcaster_grant, "twitch chat in stream", "/mod fairdropbot"),
        (_eventsub_full, "twitch eventsub", "at their limit (10 of 10)"),
        (_clock_off, "clock", "s ahead of Twitch: turn on time sync"),  # 300 s, 301 s
        (_discord_token_bad, "discord token", "does not accept this bot token"),
        (_bot_left_server, "discord server", "the bot is not in it"),
        (_no_send_in_announcements, "discord announcements channel", "lacks send_messages"),
        (_redis_unreachable, "redis", "cannot reach redis://127.0.0.1:1/0"),
        (_public_url_plain_http, "public_url", "use https://"),
        (_a_parked_message, "outbox", "1 message(s) parked as failed (discord 1)"),
    ],
    ids=lambda v: v.__name__.strip("_") if callable(v) else "",
)
async def test_each_problem_is_a_cross_that_says_what_to_do(
    clinic: Clinic, break_it: Callable[[Clinic], None], check: str, to_do: str
) -> None:
    break_it(clinic)
    findings = await clinic.findings()
    # Only the broken part, and what cannot be checked without it (the sealed tokens without
    # the keyring or the database), which says so.
    crosses = [f for f in findings.values() if not f.ok and AFTER_STORE not in f.detail]
    assert len(crosses) == 1, crosses
    (cross,) = crosses
    assert cross.check.startswith(check)
    assert to_do in cross.detail
    assert cross.line().startswith(f"✗ {cross.check}: ")
    assert "\n" not in cross.line()


def test_the_command_prints_a_line_per_check_and_exits_non_zero_on_a_cross(
    tmp_path: Path,
) -> None:
    config = tmp_path / "fairdrop.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///nowhere/fairdrop.db"\n[keys]\npath = "{tmp_path}/k.json"\n'
    )
    result = CliRunner().invoke(
        cli, ["--config", str(config), "doctor"], env={"FAIRDROP_KEYRING": ""}
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"✓ config: {config} is valid"
    assert lines[1].startswith("✗ keyring: ")
    assert lines[2] == "✗ database: no database at nowhere/fairdrop.db: run `fairdrop db upgrade`"
    assert lines[-1] == "2 check(s) failed"
