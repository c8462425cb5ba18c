"""The Twitch part of `fairdrop setup`: two device-code logins, ids looked up, tokens sealed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.drops.keyring import Keyring
from bot.onboarding.scopes import BROADCASTER, CHAT, LIFT, MODERATION, scopes_of
from bot.onboarding.twitch_login import TwitchAccounts, TwitchLoginError
from bot.onboarding.twitch_setup import log_in
from bot.store import migrate
from bot.store.database import make_engine
from bot.store.tokens import TokenStore
from fakeplatforms.twitch import FakeTwitch

FEATURES = [CHAT, MODERATION]


@pytest.fixture
def tokens(tmp_path: Path) -> Iterator[TokenStore]:
    engine = make_engine(f"sqlite:///{tmp_path}/fd.db")
    migrate.upgrade(engine)
    yield TokenStore(engine, Keyring.new(datetime.now(UTC)))
    engine.dispose()


async def no_wait(seconds: float) -> None:
    return None


def accounts(twitch: FakeTwitch) -> TwitchAccounts:
    return TwitchAccounts(
        twitch.client_id, twitch.client_secret, auth_base=twitch.id_base, api_base=twitch.api_base
    )


async def test_bot_and_broadcaster_log_in_and_both_tokens_are_sealed(
    fake_twitch: FakeTwitch, tokens: TokenStore
) -> None:
    streamer, bot = fake_twitch.add_user("streamer"), fake_twitch.add_user("fairdropbot")
    fake_twitch.add_moderator(bot, streamer)
    fake_twitch.device.will_approve("fairdropbot")
    fake_twitch.device.will_approve("streamer")
    said: list[str] = []
    async with accounts(fake_twitch) as twitch:
        found = await log_in(twitch, FEATURES, ["Streamer"], tokens, said.append, sleep=no_wait)
    assert (found.bot_id, found.bot_login, found.missing) == (bot.id, "fairdropbot", [])
    assert [(c.login, c.broadcaster_id) for c in found.channels] == [("streamer", streamer.id)]
    assert found.moderator
    assert [line.split(":")[0] for line in said] == [
        "Log in to Twitch as the BOT account",
        "Log in to Twitch as the broadcaster of #streamer",
    ]
    for user in (bot, streamer):
        stored = tokens.load("twitch", user.id)
        assert stored is not None
        assert fake_twitch.tokens[stored.access_token].user_id == user.id
    assert fake_twitch.tokens[tokens.load("twitch", streamer.id).access_token].scopes == (  # type: ignore[union-attr]
        "channel:bot",
    )


async def test_with_lift_on_the_broadcaster_is_asked_for_subscriptions_and_follows(
    fake_twitch: FakeTwitch, tokens: TokenStore
) -> None:
    streamer, bot = fake_twitch.add_user("streamer"), fake_twitch.add_user("fairdropbot")
    fake_twitch.device.will_approve("fairdropbot")
    fake_twitch.device.will_approve("streamer")
    async with accounts(fake_twitch) as twitch:
        found = await log_in(
            twitch,
            FEATURES,
            ["streamer"],
            tokens,
            lambda _: None,
            asked_of_broadcasters=[BROADCASTER, LIFT],
            sleep=no_wait,
        )
    assert found.bot_id == bot.id
    stored = tokens.load("twitch", streamer.id)
    assert stored is not None
    assert fake_twitch.tokens[stored.access_token].scopes == (
        "channel:bot",
        "channel:read:subscriptions",
        "moderator:read:followers",
    )


async def test_scopes_left_unticked_are_named(fake_twitch: FakeTwitch, tokens: TokenStore) -> None:
    fake_twitch.add_user("fairdropbot")
    granted = tuple(s for s in scopes_of(FEATURES) if s != "user:bot")
    fake_twitch.device.will_approve("fairdropbot", scopes=granted)
    async with accounts(fake_twitch) as twitch:
        found = await log_in(
            twitch, FEATURES, ["fairdropbot"], tokens, lambda _: None, sleep=no_wait
        )
    assert found.missing == ["user:bot (chat)"]
    assert found.channels[0].broadcaster_id == found.bot_id  # its own channel: one login


async def test_the_broadcaster_login_must_be_the_broadcaster(
    fake_twitch: FakeTwitch, tokens: TokenStore
) -> None:
    fake_twitch.add_user("streamer")
    fake_twitch.add_user("fairdropbot")
    fake_twitch.device.will_approve("fairdropbot")
    fake_twitch.device.will_approve("fairdropbot")  # the same account approves the second code
    async with accounts(fake_twitch) as twitch:
        with pytest.raises(TwitchLoginError, match="that login was fairdropbot, not streamer"):
            await log_in(twitch, FEATURES, ["streamer"], tokens, lambda _: None, sleep=no_wait)


async def test_an_unknown_channel_is_refused_by_name(
    fake_twitch: FakeTwitch, tokens: TokenStore
) -> None:
    fake_twitch.add_user("fairdropbot")
    fake_twitch.device.will_approve("fairdropbot")
    async with accounts(fake_twitch) as twitch:
        with pytest.raises(TwitchLoginError, match="no Twitch channel named 'streamr'"):
            await log_in(twitch, FEATURES, ["streamr"], tokens, lambda _: None, sleep=no_wait)
