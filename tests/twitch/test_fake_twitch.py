"""Smoke tests: the real twitchio 3.3 against the fake Twitch of fakeplatforms/twitch/.

They also pin down platform behaviour our Twitch adapter has to live with: redelivered
notifications are dispatched again, the bot sees its own messages, a 429 surfaces as a bare
HTTPException without the Ratelimit headers, a founder is not a subscriber by badge, and so on.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
import twitchio
from twitchio import eventsub
from twitchio.ext import commands

from fakeplatforms.twitch import FakeToken, FakeTwitch, FakeUser, run_client


# twitchio 3 types its `listener()` and `command()` decorators as returning Any, which strict
# mypy reports as an untyped decorator; the ignores below are for that alone.
class PingComponent(commands.Component):
    def __init__(self, bot: SmokeBot) -> None:
        self.bot = bot

    @commands.Component.listener()  # type: ignore[untyped-decorator]
    async def event_message(self, payload: twitchio.ChatMessage) -> None:
        self.bot.seen.append(payload)

    @commands.command()  # type: ignore[untyped-decorator]
    async def ping(self, ctx: commands.Context[SmokeBot]) -> None:
        await ctx.reply("pong")

    @commands.command()  # type: ignore[untyped-decorator]
    async def say(self, ctx: commands.Context[SmokeBot], *, text: str) -> None:
        try:
            await ctx.send(text)
        except (twitchio.HTTPException, twitchio.MessageRejectedError) as e:
            self.bot.send_errors.append(e)


class SmokeBot(commands.Bot):
    def __init__(
        self, twitch: FakeTwitch, bot_user: FakeUser, token: FakeToken, channel: FakeUser
    ) -> None:
        super().__init__(
            client_id=twitch.client_id,
            client_secret=twitch.client_secret,
            bot_id=bot_user.id,
            prefix="!",
            fetch_client_user=False,
        )
        self.twitch = twitch
        self.user_token = token
        self.channel_id = channel.id
        self.seen: list[twitchio.ChatMessage] = []
        self.send_errors: list[Exception] = []
        self.refreshed: list[Any] = []
        self.completed: list[str] = []
        self.closed_sockets: list[Any] = []
        self.command_errors: list[Exception] = []

    async def setup_hook(self) -> None:
        assert self.user_token.refresh_token is not None
        await self.add_token(self.user_token.access_token, self.user_token.refresh_token)
        await self.add_component(PingComponent(self))
        sub = eventsub.ChatMessageSubscription(
            broadcaster_user_id=self.channel_id, user_id=self.bot_id
        )
        await self.subscribe_websocket(sub)

    async def event_token_refreshed(self, payload: Any) -> None:
        self.refreshed.append(payload)

    async def event_websocket_closed(self, payload: Any) -> None:
        self.closed_sockets.append(payload)

    async def event_command_completed(self, ctx: commands.Context[SmokeBot]) -> None:
        assert ctx.command is not None
        self.completed.append(ctx.command.name)

    async def event_command_error(self, payload: commands.CommandErrorPayload) -> None:
        self.command_errors.append(payload.exception)

    async def commands_done(self, count: int) -> None:
        """Wait until ``count`` commands ran to the end (their replies answered)."""
        await self.twitch.wait_until(
            lambda: len(self.completed) + len(self.command_errors) >= count
        )

    def messages(self, text: str) -> list[twitchio.ChatMessage]:
        return [m for m in self.seen if m.text == text]


@pytest.fixture
def world(fake_twitch: FakeTwitch) -> tuple[FakeTwitch, FakeUser, FakeUser, FakeToken]:
    channel = fake_twitch.add_user("streamer", display_name="Streamer")
    bot_user = fake_twitch.add_user("fairdropbot", display_name="FairdropBot")
    fake_twitch.add_moderator(bot_user, channel)
    token = fake_twitch.issue_user_token(bot_user)
    return fake_twitch, channel, bot_user, token


def make_bot(world: tuple[FakeTwitch, FakeUser, FakeUser, FakeToken]) -> SmokeBot:
    twitch, channel, bot_user, token = world
    return SmokeBot(twitch, bot_user, token, channel)


async def wait_seen(bot: SmokeBot, text: str, count: int = 1) -> list[Any]:
    """Wait until the bot's listener got ``count`` messages with this text."""
    await bot.twitch.wait_until(lambda: len(bot.messages(text)) >= count)
    return bot.messages(text)


async def test_ping_gets_pong(world: Any) -> None:
    twitch, channel, bot_user, token = world
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        sub = await twitch.wait_for_subscription(channel)
        assert sub.condition == {"broadcaster_user_id": channel.id, "user_id": bot_user.id}
        assert sub.user_id == bot_user.id  # created with the bot's user token

        ping_id = await twitch.chat(channel, "alice", "!ping")
        [pong] = await twitch.wait_for_chat("pong", channel=channel)
        await bot.commands_done(1)

    assert bot.command_errors == []

    assert pong.broadcaster_id == channel.id
    assert pong.sender_id == bot_user.id
    assert pong.reply_parent_message_id == ping_id  # ctx.reply
    assert pong.as_app  # twitchio sends chat with the app token, not the bot's user token
    # add_token validated the user token once; start(token=...) skipped client_credentials.
    assert twitch.validate_calls == [token.access_token]
    assert twitch.token_grants == []
    assert [s.close_code for s in twitch.connections] == [1000]  # bot.close() closed it cleanly


async def test_message_payload_and_badges(world: Any) -> None:
    twitch, channel, *_ = world
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        await twitch.wait_for_subscription(channel)
        await twitch.chat(channel, "subby", "hi 1", badges=["subscriber/3012/14"])
        await twitch.chat(channel, "foundy", "hi 2", badges=["founder/0/30"])
        await twitch.chat(channel, "vippy", "hi 3", badges=["vip", "partner"])
        await twitch.chat(channel, "moddy", "hi 4", badges=["moderator"])
        await twitch.chat(channel, channel, "hi 5")
        await twitch.chat(channel, "plain", "hi @subby")
        for text in ("hi 1", "hi 2", "hi 3", "hi 4", "hi 5", "hi @subby"):
            await wait_seen(bot, text)

    def chatter(text: str) -> Any:
        return bot.messages(text)[0].chatter

    sub = chatter("hi 1")
    assert (sub.name, sub.subscriber, sub.founder, sub.moderator) == ("subby", True, False, False)
    assert [(b.set_id, b.id, b.info) for b in sub.badges] == [("subscriber", "3012", "14")]
    # A founder wears the founder badge instead of the subscriber one.
    assert (chatter("hi 2").subscriber, chatter("hi 2").founder) == (False, True)
    # twitchio never sets .partner, even with the partner badge.
    assert (chatter("hi 3").vip, chatter("hi 3").partner) == (True, False)
    assert (chatter("hi 4").moderator, chatter("hi 4").broadcaster) == (True, False)
    assert (chatter("hi 5").moderator, chatter("hi 5").broadcaster) == (True, True)
    mention = bot.messages("hi @subby")[0]
    assert [f.type for f in mention.fragments] == ["text", "mention"]
    assert mention.mentions[0].name == "subby"
    first = bot.messages("hi 1")[0]
    assert first.broadcaster.id == channel.id and first.source_broadcaster is None
    assert (
        first.timestamp is not None and first.timestamp.tzinfo is not None
    )  # nanosecond stamps parse


async def test_redelivered_notification_is_dispatched_again(world: Any) -> None:
    """twitchio does not de-duplicate: our adapter must, by ChatMessage.id."""
    twitch, channel, *_ = world
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        await twitch.wait_for_subscription(channel)
        msg_id = await twitch.chat(channel, "alice", "!ping")
        await twitch.redeliver(msg_id)
        await twitch.chat(
            channel, "alice", "!ping", message_id=msg_id
        )  # new envelope, same chat id
        pings = await wait_seen(bot, "!ping", count=3)
        pongs = await twitch.wait_for_chat("pong", count=3)
        await bot.commands_done(3)

    assert bot.completed == ["ping", "ping", "ping"]

    assert {m.id for m in pings} == {msg_id}
    envelopes = [m.metadata.message_id for m in pings if m.metadata]
    assert len(envelopes) == 3 and len(set(envelopes)) == 2  # a redelivery keeps the envelope id
    assert all(p.reply_parent_message_id == msg_id for p in pongs)


async def test_bot_sees_its_own_messages(world: Any) -> None:
    twitch, channel, bot_user, _ = world
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        await twitch.wait_for_subscription(channel)
        await twitch.chat(channel, "alice", "!ping")
        [echo] = await wait_seen(bot, "pong")
        await bot.commands_done(1)

    assert echo.chatter.id == bot_user.id
    assert echo.chatter.moderator  # the fake gives registered moderators their badge
    assert echo.reply is not None and echo.reply.parent_user.name == "alice"
    # commands.Bot ignores its own messages for commands: exactly one pong was sent.
    assert twitch.chat_texts(channel) == ["pong"]


async def test_session_reconnect_moves_the_bot_to_a_new_session(world: Any) -> None:
    twitch, channel, *_ = world
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        first = await twitch.wait_for_subscription(channel)
        old = twitch.current_session()
        new = await twitch.reconnect()
        assert new is not None and new.id != old.id and new.reconnect_of == old.id
        # twitchio closes the old socket itself after the welcome on the new one...
        await twitch.wait_until(lambda: old.closed)
        assert old.close_code == 1000 and not old.closed_by_server
        # websocket_closed fires for the replaced socket too, not only when chat is lost for good.
        await twitch.wait_until(lambda: bot.closed_sockets)
        # ...and does not resubscribe: the subscription moved with the session.
        assert twitch.active_subscriptions(broadcaster=channel) == [first]
        assert first.session_id == new.id

        await twitch.chat(channel, "alice", "!ping")
        await twitch.wait_for_chat("pong")
        await bot.commands_done(1)

    assert bot.command_errors == []
    posts = [r for r in twitch.requests if (r.method, r.path) == ("POST", "eventsub/subscriptions")]
    assert len(posts) == 1
    assert twitch.lost_notifications == []


async def test_a_reconnect_that_keeps_the_session_id_moves_chat_to_the_new_socket(
    world: Any,
) -> None:
    twitch, channel, *_ = world
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        first = await twitch.wait_for_subscription(channel)
        old = twitch.current_session()
        new = await twitch.reconnect(keep_session_id=True)
        assert new is not None and new is not old and new.id == old.id
        await twitch.wait_until(lambda: old.closed)
        assert twitch.open_sessions == [new] and twitch.current_session() is new
        assert twitch.active_subscriptions(broadcaster=channel) == [first]

        await twitch.chat(channel, "alice", "!ping")
        await twitch.wait_for_chat("pong")
        await bot.commands_done(1)
        # twitchio 3.3 drops the live socket from its own bookkeeping here (PLATFORM_FACTS):
        # why fairdrop asks Twitch, not twitchio, whether chat is heard.
        assert bot.websocket_subscriptions() == {}

    assert len(twitch.subscription_requests) == 1
    assert not new.inbound_messages and twitch.lost_notifications == []


@pytest.mark.parametrize("code", [4000, 4002, 4005, 4006, 4007])
async def test_abnormal_close_reconnects_and_resubscribes(world: Any, code: int) -> None:
    twitch, channel, *_ = world
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        await twitch.wait_for_subscription(channel)
        async with twitch.hold("eventsub/subscriptions", method="POST"):
            old = await twitch.close_session(code=code)
            assert old.close_code == code
            # twitchio reconnects at once (no backoff on the first try)...
            await twitch.wait_until(lambda: twitch.held("eventsub/subscriptions", method="POST"))
            new = twitch.current_session()
            assert new.id != old.id and new.reconnect_of is None
            # ...but until it has resubscribed a message reaches nobody (Twitch does not replay).
            with pytest.raises(LookupError):
                await twitch.chat(channel, "alice", "lost in the gap")
        await twitch.wait_for_subscription(channel)
        assert twitch.current_session() is new
        assert bot.closed_sockets  # fired although twitchio recovered by itself
        # twitchio files the new socket under the old session id (websockets.py _process_welcome).
        assert list(bot._websockets[bot.bot_id]) == [old.id]

        await twitch.chat(channel, "alice", "!ping")
        await twitch.wait_for_chat("pong")
        await bot.commands_done(1)

    assert bot.command_errors == []
    posts = [r for r in twitch.requests if (r.method, r.path) == ("POST", "eventsub/subscriptions")]
    assert [r.status for r in posts] == [202, 202]
    assert not bot.messages("lost in the gap")


@pytest.mark.parametrize("code", [4001, 4003])
async def test_no_reconnect_after_4001_or_4003(world: Any, code: int) -> None:
    twitch, channel, *_ = world
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        await twitch.wait_for_subscription(channel)
        await twitch.close_session(code=code)
        await twitch.wait_until(lambda: bot.closed_sockets)  # the only sign; chat just stops
        await asyncio.sleep(0.3)
        assert twitch.open_sessions == []
        assert len(twitch.connections) == 1
        assert bot._websockets.get(bot.bot_id, {}) == {}  # twitchio dropped the socket for good


async def test_chat_429_raises_http_exception_in_the_sender(world: Any) -> None:
    twitch, channel, *_ = world
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        await twitch.wait_for_subscription(channel)
        twitch.rate_limit_next_chat(reset_after=2.0)
        await twitch.chat(channel, "alice", "!say hello")
        await bot.commands_done(1)

        # Straight through the API as well: no retry, no rate limiting inside twitchio.
        twitch.rate_limit_next_chat()
        partial = bot.create_partialuser(channel.id)
        with pytest.raises(twitchio.HTTPException) as caught:
            await partial.send_message(sender=bot.bot_id, message="direct")

    [err] = bot.send_errors
    assert isinstance(err, twitchio.HTTPException)
    assert err.status == 429
    assert err.extra["message"] == "Too Many Requests"  # the body; the Ratelimit-* headers are lost
    assert caught.value.status == 429
    attempts = [(a.message, a.status) for a in twitch.chat_attempts]
    assert attempts == [("hello", 429), ("direct", 429)]
    assert twitch.sent_messages == []


async def test_drop_reason_raises_message_rejected(world: Any) -> None:
    twitch, channel, *_ = world
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        await twitch.wait_for_subscription(channel)
        twitch.drop_next_chat("msg_duplicate")
        await twitch.chat(channel, "alice", "!say hello")
        await twitch.wait_until(lambda: bot.send_errors)
        await twitch.chat(channel, "alice", "!say hello")
        await twitch.wait_for_chat("hello")
        await bot.commands_done(2)

    [err] = bot.send_errors
    assert isinstance(err, twitchio.MessageRejectedError)
    assert err.code == "msg_duplicate" and err.content == "hello"
    assert [(a.is_sent, a.drop_code) for a in twitch.chat_attempts] == [
        (False, "msg_duplicate"),
        (True, None),
    ]


async def test_duplicate_window_rate_limit_and_metrics() -> None:
    """The optional chat rules, driven over plain HTTP with a user token (no bot)."""
    rules = FakeTwitch(duplicate_window=30.0, chat_rate_limit=(3, 30.0), echo_sent_messages=False)
    async with rules as twitch:
        channel = twitch.add_user("streamer")
        sender = twitch.add_user("fairdropbot")
        token = twitch.issue_user_token(sender)
        headers = {"Authorization": f"Bearer {token.access_token}", "Client-Id": twitch.client_id}
        async with aiohttp.ClientSession(headers=headers) as http:
            results = []
            for text in ("a", "a", "b", "c", "d"):
                body = {"broadcaster_id": channel.id, "sender_id": sender.id, "message": text}
                async with http.post(twitch.api_base + "chat/messages", json=body) as resp:
                    results.append((resp.status, await resp.json(), resp.headers))

    assert [status for status, _, _ in results] == [200, 200, 200, 200, 429]
    assert [b["data"][0]["is_sent"] for _, b, _ in results[:4]] == [True, False, True, True]
    assert results[1][1]["data"][0]["drop_reason"]["code"] == "msg_duplicate"
    assert results[4][2]["Ratelimit-Remaining"] == "0"
    assert twitch.chat_texts(channel) == ["a", "b", "c"]
    assert twitch.max_sent_in_window(channel, window=30.0) == 3
    assert [(a.message, a.status, a.is_sent) for a in twitch.chat_attempts][-1] == ("d", 429, False)


async def test_users_followers_whispers_and_token_refresh(world: Any) -> None:
    twitch, channel, _, token = world
    young = twitch.add_user("fresh_account", age=timedelta(days=2))
    twitch.add_follow(young, channel, age=timedelta(hours=5))
    twitch.add_follow("fairdropbot", channel, age=timedelta(days=400))
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        [user] = await bot.fetch_users(logins=["fresh_account"])
        assert user.id == young.id
        age = datetime.now(UTC) - user.created_at
        assert timedelta(days=1) < age < timedelta(days=3)

        follows = await channel_partial(bot, channel).fetch_followers(
            user=young.id, token_for=bot.bot_id
        )
        assert follows.total == 2
        [follow] = [f async for f in follows.followers]
        assert follow.user.id == young.id
        assert timedelta(hours=4) < datetime.now(UTC) - follow.followed_at < timedelta(hours=6)

        await bot.create_partialuser(bot.bot_id).send_whisper(to_user=young.id, message="your code")
        assert [(w.to_user_id, w.message) for w in twitch.whispers] == [(young.id, "your code")]

        # The user token dies: the next Helix call gets 401 and twitchio refreshes it.
        twitch.expire_token(token)
        await bot.fetch_users(ids=[channel.id], token_for=bot.bot_id)
        assert twitch.token_grants == ["refresh_token"]
        await twitch.wait_until(lambda: bot.refreshed)
        assert bot.tokens[bot.bot_id]["token"] != token.access_token


def channel_partial(bot: SmokeBot, channel: FakeUser) -> twitchio.PartialUser:
    return bot.create_partialuser(channel.id, channel.login)


async def test_unused_session_is_closed_with_4003() -> None:
    async with (
        FakeTwitch(keepalive_interval=0.1, unused_timeout=0.3) as twitch,
        aiohttp.ClientSession() as http,
        http.ws_connect(twitch.eventsub_url) as ws,
    ):
        welcome = await ws.receive_json()
        assert welcome["metadata"]["message_type"] == "session_welcome"
        assert welcome["payload"]["session"]["keepalive_timeout_seconds"] == 10
        keepalive = await ws.receive_json()
        assert keepalive["metadata"]["message_type"] == "session_keepalive"
        while (await ws.receive()).type == aiohttp.WSMsgType.TEXT:
            pass
        assert ws.close_code == 4003


async def test_app_token_chat_needs_user_bot_and_channel_bot_or_moderator(
    fake_twitch: FakeTwitch,
) -> None:
    twitch = fake_twitch
    channel = twitch.add_user("streamer")
    bot_user = twitch.add_user("fairdropbot")  # not a moderator this time
    bot = SmokeBot(twitch, bot_user, twitch.issue_user_token(bot_user), channel)
    async with run_client(bot, token=twitch.app_token.access_token):
        await twitch.wait_for_subscription(channel)
        await twitch.chat(channel, "alice", "!say first")
        await bot.commands_done(1)
        twitch.issue_user_token(channel, scopes=["channel:bot"])  # the streamer authorises the bot
        await twitch.chat(channel, "alice", "!say second")
        await twitch.wait_for_chat("second")
        await bot.commands_done(2)

    [err] = bot.send_errors
    assert isinstance(err, twitchio.HTTPException) and err.status == 403
    assert twitch.chat_texts(channel) == ["second"]


async def test_revoking_the_last_subscription_closes_twitchios_socket(world: Any) -> None:
    twitch, channel, *_ = world
    bot = make_bot(world)
    async with run_client(bot, token=twitch.app_token.access_token):
        sub = await twitch.wait_for_subscription(channel)
        session = twitch.current_session()
        await twitch.revoke(sub, status="authorization_revoked")
        # twitchio drops its last subscription and closes the socket itself; nothing comes back.
        await twitch.wait_until(lambda: session.closed)
        assert session.close_code == 1000 and not session.closed_by_server
        await twitch.wait_until(lambda: bot.closed_sockets)
        assert twitch.open_sessions == [] and len(twitch.connections) == 1
