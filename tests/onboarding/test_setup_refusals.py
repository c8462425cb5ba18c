"""A `fairdrop setup` that cannot finish says why in one line, exits non-zero, and leaves the
config file as it was and writes no secrets file. In process (click's runner, on a thread while
the fakes serve on the test's loop): the real console script is run by test_onboarding_e2e."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.config import ENV_DISCORD_TOKEN, ENV_TWITCH_SECRET
from fakeplatforms.discord import FakeDiscord
from fakeplatforms.twitch import FakeTwitch

BEFORE = '[twitch]\nenabled = false\nclient_id = "kept"\n'


def twitch_args(twitch: FakeTwitch) -> list[str]:
    return [
        "setup",
        "--twitch",
        "--no-discord",
        "--client-id",
        twitch.client_id,
        "--channel",
        "streamer",
        "--twitch-auth-base",
        twitch.id_base,
        "--twitch-api-base",
        twitch.api_base,
        "--poll",
        "0.05",
    ]


@pytest.fixture(autouse=True)
def _in_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fairdrop.toml").write_text(BEFORE)


def assert_unchanged(home: Path) -> None:
    assert (home / "fairdrop.toml").read_text() == BEFORE
    assert not (home / "fairdrop.env").exists()
    assert not list(home.glob(".fairdrop.toml.*"))


async def refused(args: list[str], home: Path, env: dict[str, str]) -> str:
    result = await asyncio.to_thread(CliRunner().invoke, cli, args, env=env)
    assert result.exit_code == 1, result.output
    assert_unchanged(home)
    (error,) = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    return error


async def test_a_wrong_client_secret(fake_twitch: FakeTwitch, tmp_path: Path) -> None:
    error = await refused(twitch_args(fake_twitch), tmp_path, {ENV_TWITCH_SECRET: "not-the-secret"})
    assert "Twitch refused the client id and secret" in error
    assert "not-the-secret" not in error


@pytest.mark.parametrize(
    ("person", "said"),
    [("will_deny", "the login was refused on Twitch"), ("will_expire", "code expired")],
)
async def test_a_login_refused_or_left_to_expire(
    fake_twitch: FakeTwitch, tmp_path: Path, person: str, said: str
) -> None:
    fake_twitch.add_user("streamer")
    getattr(fake_twitch.device, person)()
    env = {ENV_TWITCH_SECRET: fake_twitch.client_secret}
    assert said in await refused(twitch_args(fake_twitch), tmp_path, env)


async def test_a_wrong_discord_token(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    args = ["setup", "--no-twitch", "--discord", "--discord-api-base", fake_discord.api_base]
    error = await refused(args, tmp_path, {ENV_DISCORD_TOKEN: "MTAx.not.atoken"})
    assert "Discord does not accept this bot token" in error
