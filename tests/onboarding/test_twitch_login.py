"""Twitch's Device Code Grant Flow and look-ups, against the fake Twitch's documented answers."""

from __future__ import annotations

import pytest

from bot.onboarding.twitch_login import (
    SLOW_DOWN_STEP,
    TokenRejected,
    TwitchAccounts,
    TwitchLoginError,
)
from fakeplatforms.twitch import FakeTwitch

SCOPES = ("user:read:chat", "user:write:chat", "user:bot")


class Sleeps:
    """Records the waits between polls instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def accounts(twitch: FakeTwitch, secret: str | None = None) -> TwitchAccounts:
    return TwitchAccounts(
        twitch.client_id,
        twitch.client_secret if secret is None else secret,
        auth_base=twitch.id_base,
        api_base=twitch.api_base,
    )


async def test_the_bot_logs_in_once_the_person_approves(fake_twitch: FakeTwitch) -> None:
    bot = fake_twitch.add_user("fairdropbot")
    fake_twitch.device.will_approve("fairdropbot", pending_polls=2)
    sleeps = Sleeps()
    async with accounts(fake_twitch) as twitch:
        code = await twitch.start_login(SCOPES)
        grant = await twitch.finish_login(code, SCOPES, sleep=sleeps)
        info = await twitch.validate(grant.access_token)
    assert (
        fake_twitch.device.polls[:2] == ['{"status": 400, "message": "authorization_pending"}'] * 2
    )
    assert sleeps.waits == [code.interval] * 3  # Twitch's interval before every poll
    assert (info.user_id, info.login, set(info.scopes)) == (bot.id, "fairdropbot", set(SCOPES))
    assert grant.refresh_token


async def test_slow_down_lengthens_the_interval(fake_twitch: FakeTwitch) -> None:
    fake_twitch.add_user("fairdropbot")
    fake_twitch.device.will_approve("fairdropbot")
    fake_twitch.device.slow_down(2)
    sleeps = Sleeps()
    async with accounts(fake_twitch) as twitch:
        code = await twitch.start_login(SCOPES)
        await twitch.finish_login(code, SCOPES, sleep=sleeps)
    first = code.interval
    assert sleeps.waits == [first, first + SLOW_DOWN_STEP, first + 2 * SLOW_DOWN_STEP]


@pytest.mark.parametrize(
    ("outcome", "said"),
    [("will_deny", "refused on Twitch"), ("will_expire", "expired before it was approved")],
)
async def test_a_refused_or_expired_code_ends_the_login_with_one_line(
    fake_twitch: FakeTwitch, outcome: str, said: str
) -> None:
    getattr(fake_twitch.device, outcome)()
    async with accounts(fake_twitch) as twitch:
        code = await twitch.start_login(SCOPES)
        with pytest.raises(TwitchLoginError, match=said) as caught:
            await twitch.finish_login(code, SCOPES, sleep=Sleeps())
    assert "\n" not in str(caught.value)


async def test_a_wrong_client_secret_is_refused(fake_twitch: FakeTwitch) -> None:
    async with accounts(fake_twitch, secret="not-the-secret") as twitch:
        with pytest.raises(TwitchLoginError, match="refused the client id and secret"):
            await twitch.app_token()


async def test_a_bad_token_is_rejected_not_retried(fake_twitch: FakeTwitch) -> None:
    async with accounts(fake_twitch) as twitch:
        with pytest.raises(TokenRejected):
            await twitch.validate("no-such-token")
    assert fake_twitch.validate_calls == ["no-such-token"]


async def test_logins_resolve_to_ids_and_the_date_header_is_read(
    fake_twitch: FakeTwitch,
) -> None:
    streamer = fake_twitch.add_user("Streamer")
    token = fake_twitch.issue_user_token(fake_twitch.add_user("fairdropbot"))
    async with accounts(fake_twitch) as twitch:
        ids = await twitch.user_ids(token.access_token, ["STREAMER", "nobody"])
        info = await twitch.validate(token.access_token)
    assert ids == {"streamer": streamer.id}
    assert info.twitch_time is not None
