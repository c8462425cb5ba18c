"""Twitch facts for the anti-bot rules, through the real twitchio against the fake Twitch."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import twitchio

from bot.twitch.accounts import TwitchPlatformFacts
from fakeplatforms.twitch import FakeToken, FakeTwitch, run_client


class FactsClient(twitchio.Client):
    def __init__(self, twitch: FakeTwitch, bot_id: str, token: FakeToken) -> None:
        super().__init__(
            client_id=twitch.client_id,
            client_secret=twitch.client_secret,
            bot_id=bot_id,
            fetch_client_user=False,
        )
        self.user_token = token

    async def setup_hook(self) -> None:
        assert self.user_token.refresh_token is not None
        await self.add_token(self.user_token.access_token, self.user_token.refresh_token)


async def test_account_and_follow_age_come_from_helix(fake_twitch: FakeTwitch) -> None:
    twitch = fake_twitch
    streamer = twitch.add_user("streamer")
    bot_user = twitch.add_user("fairdropbot")
    twitch.add_moderator(bot_user, streamer)
    young = twitch.add_user("freshbot", age=timedelta(days=1))
    old = twitch.add_user("oldfan", age=timedelta(days=400))
    twitch.add_follow(old, streamer, age=timedelta(days=30))
    client = FactsClient(twitch, bot_user.id, twitch.issue_user_token(bot_user))
    async with run_client(client, token=twitch.app_token.access_token):
        facts = TwitchPlatformFacts(
            client, {"stream": streamer.id}, follows=True, token_for=bot_user.id
        )
        now = datetime.now(UTC)
        fresh, fan, nobody = await asyncio.gather(
            facts.account_facts("twitch", young.id, "stream"),
            facts.account_facts("twitch", old.id, "stream"),
            facts.account_facts("twitch", "999999", "stream"),
        )
    assert fresh.created_at is not None and now - fresh.created_at < timedelta(days=2)
    assert fresh.following is False
    assert fan.following is True and fan.followed_at is not None
    assert timedelta(days=29) < now - fan.followed_at < timedelta(days=31)
    assert nobody.created_at is None  # unknown to Twitch: unknown facts, nobody is filtered
    # the three look-ups went to Get Users together, in one request
    user_calls = [r for r in twitch.requests if r.path.endswith("users")]
    assert len(user_calls) == 1


async def test_discord_accounts_have_no_twitch_facts(fake_twitch: FakeTwitch) -> None:
    facts = TwitchPlatformFacts(object(), {})
    assert (await facts.account_facts("discord", "1", "stream")).created_at is None
