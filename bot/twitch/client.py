"""The twitchio 3 bot: chat in through EventSub, chat out through Helix. Translation only.

Every chat message becomes an `IncomingChat` for `ChatGateway`; every text the outbound sender
says goes through `TwitchChatPort`, which maps twitchio's exceptions onto the sender's
(`MessageRejectedError` → `ChatRejected`, an HTTP 429 → `ChatRateLimited`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import twitchio
from twitchio import eventsub
from twitchio.ext import commands

from bot.store.tokens import StoredToken, TokenStore
from bot.twitch.chat import ChatGateway, IncomingChat
from bot.twitch.lift_events import (
    EVENT_KINDS,
    SUBSCRIPTIONS_SCOPE,
    AudienceTally,
    lift_subscriptions,
)
from bot.twitch.outbound import ChatRateLimited, ChatRejected

log = logging.getLogger(__name__)

RESUBSCRIBE_DELAY = 2.0  # seconds after a socket closes before checking that chat is still heard
RECHECK_CAP = 60.0  # longest wait between tries when Twitch cannot be asked
LISTENING_MAX_AGE = 30.0  # seconds /healthz trusts Twitch's last answer before asking again
KNOWN_SESSIONS = 16  # EventSub session ids remembered as ours (one per welcome, newest kept)
CHAT_MESSAGE = "channel.chat.message"
CHAT_SEND_TIMEOUT = 10.0  # seconds a chat send may take before it counts as failed


@dataclass(frozen=True)
class TwitchChannel:
    name: str  # fairdrop's name for the community (drops, lists and links live under it)
    broadcaster_id: str


@dataclass(frozen=True)
class TwitchCredentials:
    client_id: str
    client_secret: str
    bot_id: str
    bot_token: str
    bot_refresh_token: str
    app_token: str | None = None


def badges_of(chatter: Any) -> frozenset[str]:
    """The gating facts in a chatter's badges (a founder wears no subscriber badge)."""
    badges = {
        name
        for name in ("subscriber", "founder", "vip", "moderator", "broadcaster")
        if getattr(chatter, name, False)
    }
    if getattr(chatter, "broadcaster", False):
        badges.add("moderator")
    return frozenset(badges)


class FairdropTwitchBot(commands.Bot):
    def __init__(
        self,
        credentials: TwitchCredentials,
        channels: list[TwitchChannel],
        gateway: ChatGateway,
        token_store: TokenStore | None = None,
        audience: AudienceTally | None = None,
    ) -> None:
        super().__init__(
            client_id=credentials.client_id,
            client_secret=credentials.client_secret,
            bot_id=credentials.bot_id,
            prefix="!",
            fetch_client_user=False,
        )
        self.credentials = credentials
        self.channels = {c.broadcaster_id: c for c in channels}
        self.gateway = gateway
        self.token_store = token_store
        self.audience = audience
        # The scopes each broadcaster's stored token carries: lift needs their consent.
        self._broadcaster_scopes: dict[str, frozenset[str]] = {}
        self.resubscribe_delay = RESUBSCRIBE_DELAY
        self.resubscriptions = 0  # how often chat had to be subscribed again (a metric)
        self._stopping = False
        self._authorization_revoked = False
        self._resubscribing: asyncio.Task[None] | None = None
        # Whether chat is heard is learnt from Twitch, never from twitchio's socket bookkeeping
        # (twitchio 3.3 loses a live socket from it when a reconnect keeps the session id):
        # the session ids twitchio's documented `event_websocket_welcome` reported, and
        # Twitch's own list of enabled subscriptions (`fetch_eventsub_subscriptions`).
        self._sessions: deque[str] = deque(maxlen=KNOWN_SESSIONS)
        self._heard: bool | None = None  # Twitch's last answer: every channel's chat is ours
        self._heard_at = 0.0  # time.monotonic() of that answer; 0 means "ask again"
        self._asking: asyncio.Lock = asyncio.Lock()

    async def setup_hook(self) -> None:
        # A token refreshed by an earlier run is newer than the one in the environment.
        stored = (
            await asyncio.to_thread(self.token_store.load, "twitch", self.credentials.bot_id)
            if self.token_store
            else None
        )
        if stored is not None:
            await self.add_token(stored.access_token, stored.refresh_token)
        else:
            await self.add_token(self.credentials.bot_token, self.credentials.bot_refresh_token)
        await self._add_broadcaster_tokens()
        await self._subscribe_chat()
        log.info("twitch: listening to %d channel(s)", len(self.channels))
        await self._subscribe_lift()

    async def _add_broadcaster_tokens(self) -> None:
        """Broadcasters' tokens stored with `fairdrop tokens add` (refreshed ones kept too)."""
        if self.token_store is None:
            return
        for broadcaster_id in self.channels:
            stored = await asyncio.to_thread(self.token_store.load, "twitch", broadcaster_id)
            if stored is not None:
                granted = await self.add_token(stored.access_token, stored.refresh_token)
                self._broadcaster_scopes[broadcaster_id] = frozenset(granted.scopes)
                log.info("twitch: using the stored token of broadcaster %s", broadcaster_id)

    async def _subscribe_chat(self, channels: list[TwitchChannel] | None = None) -> None:
        # twitchio answers a 409 ("already subscribed") by logging it and returning None.
        for channel in self.channels.values() if channels is None else channels:
            await self.subscribe_websocket(
                eventsub.ChatMessageSubscription(
                    broadcaster_user_id=channel.broadcaster_id, user_id=self.bot_id
                )
            )

    async def _subscribe_lift(self) -> None:
        """Subscriptions and follows, where the broadcaster consented (see `lift_events`)."""
        if self.audience is None:
            return
        for channel in self.channels.values():
            scopes = self._broadcaster_scopes.get(channel.broadcaster_id, frozenset())
            wanted = lift_subscriptions(channel.broadcaster_id, scopes)
            if not wanted:
                log.info(
                    "twitch: lift is off in %s: the broadcaster has not granted %s",
                    channel.name,
                    SUBSCRIPTIONS_SCOPE,
                )
                continue
            try:
                for payload in wanted:
                    # On the broadcaster's own socket: twitchio would take the bot's token for
                    # a follow subscription unless told (`as_bot` defaults per payload).
                    await self.subscribe_websocket(
                        payload, as_bot=False, token_for=channel.broadcaster_id
                    )
                await self.audience.listening(channel.name)
            except Exception:  # lift is a report's extra: never a reason to stop
                log.exception("twitch: subscribing to %s's subscriptions failed", channel.name)

    async def event_subscription(self, payload: twitchio.ChannelSubscribe) -> None:
        await self._count(payload.broadcaster.id, payload.subscription_type)

    async def event_subscription_message(
        self, payload: twitchio.ChannelSubscriptionMessage
    ) -> None:
        await self._count(payload.broadcaster.id, payload.subscription_type)

    async def event_follow(self, payload: twitchio.ChannelFollow) -> None:
        await self._count(payload.broadcaster.id, payload.subscription_type)

    async def _count(self, broadcaster_id: str, subscription_type: str) -> None:
        channel = self.channels.get(str(broadcaster_id))
        if self.audience is None or channel is None:
            return
        try:
            await self.audience.count(channel.name, EVENT_KINDS[subscription_type])
        except Exception:  # a lost count must never take the bot down
            log.exception("twitch: counting a %s in %s failed", subscription_type, channel.name)

    async def close(self, **options: Any) -> None:
        self._stopping = True
        if self._resubscribing is not None:
            self._resubscribing.cancel()
        await super().close(**options)

    # -- staying subscribed ------------------------------------------------------------------
    # twitchio reconnects by itself after most closes, but not after close codes 4001 and 4003
    # nor after Twitch revokes the subscriptions: chat would go quiet with nothing in the log.
    # After every close or revocation, ask Twitch which channels' chat it still delivers to a
    # session of ours, and subscribe those it does not (and only those: a routine reconnect
    # moves the subscriptions with the session, and subscribing again would get a 409 and an
    # unused socket that Twitch closes with 4003).

    async def event_websocket_welcome(self, payload: Any) -> None:
        self._sessions.append(str(payload.id))

    async def event_websocket_closed(self, payload: Any) -> None:
        self._heard_at = 0.0  # the next health check asks Twitch
        self._recover("the EventSub socket closed")

    async def event_subscription_revoked(self, payload: Any) -> None:
        self._heard_at = 0.0
        status = getattr(payload, "status", None)
        reason = str(getattr(status, "value", status) or "unknown")
        log.warning("twitch: Twitch revoked a chat subscription (%s)", reason)
        if reason == "authorization_revoked":
            log.error(
                "twitch: the bot's authorization was revoked; issue a new token and restart "
                "(chat is not being read)"
            )
            self._authorization_revoked = True  # subscribing again would only be refused
            return
        self._recover("a subscription was revoked")

    def _recover(self, what: str) -> None:
        if self._stopping or self._authorization_revoked:
            return
        if self._resubscribing and not self._resubscribing.done():
            return
        self._resubscribing = asyncio.create_task(self._resubscribe_if_deaf(what))

    async def _resubscribe_if_deaf(self, what: str) -> None:
        # A reconnect closes the old socket after the new one is up, and twitchio resubscribes
        # by itself after most abnormal closes: give both a moment, then ask Twitch.
        delay = self.resubscribe_delay
        while True:
            await asyncio.sleep(delay)
            if self._stopping:
                return
            try:
                missing = await self.unheard_channels()
                break
            except Exception as error:  # Twitch unreachable: chat cannot be checked, try again
                delay = min(RECHECK_CAP, max(delay, 1.0) * 2)
                log.warning("twitch: cannot ask Twitch whether chat is heard (%r)", error)
        if not missing:
            return
        names = ", ".join(c.name for c in missing)
        log.warning("twitch: %s and chat of %s is not heard; subscribing again", what, names)
        self.resubscriptions += 1
        try:
            await self._subscribe_chat(missing)
        except Exception:
            log.exception("twitch: subscribing to chat again failed; chat is not being read")
            return
        self._heard_at = 0.0
        log.info("twitch: listening to %s again", names)

    async def unheard_channels(self) -> list[TwitchChannel]:
        """The channels whose chat Twitch does not deliver to a session of this bot, by Twitch's
        own list of enabled subscriptions. Raises when Twitch cannot be asked."""
        found = await self.fetch_eventsub_subscriptions(token_for=self.bot_id, status="enabled")
        heard: set[str] = set()
        async for sub in found.subscriptions:
            if sub.type == CHAT_MESSAGE and sub.transport.session_id in self._sessions:
                heard.add(str(sub.condition.get("broadcaster_user_id", "")))
        missing = [c for c in self.channels.values() if c.broadcaster_id not in heard]
        self._heard, self._heard_at = not missing, time.monotonic()
        return missing

    async def listening(self) -> bool:
        """Whether every channel's chat reaches this bot (for `/healthz`): Twitch's answer, asked
        again when older than `LISTENING_MAX_AGE` or after a socket closed."""
        async with self._asking:  # concurrent health checks share one question to Twitch
            fresh = time.monotonic() - self._heard_at < LISTENING_MAX_AGE
            if self._heard is None or not self._heard_at or not fresh:
                await self.unheard_channels()
            return bool(self._heard)

    async def event_token_refreshed(self, payload: twitchio.TokenRefreshedPayload) -> None:
        """Keep refreshed tokens in the database, sealed; never in `.tio.tokens.json`."""
        if self.token_store is None:
            return
        token = StoredToken(payload.token, payload.refresh_token)
        await asyncio.to_thread(
            self.token_store.save, "twitch", str(payload.user_id), token, datetime.now(UTC)
        )
        log.info("twitch: stored the refreshed token of user %s", payload.user_id)

    async def event_message(self, payload: twitchio.ChatMessage) -> None:
        # Our own messages come back to us; messages shared from other channels are not ours.
        chatter = payload.chatter
        if str(chatter.id) == str(self.bot_id) or payload.source_broadcaster is not None:
            return
        channel = self.channels.get(str(payload.broadcaster.id))
        if channel is None:
            return
        chat = IncomingChat(
            message_id=payload.id,
            channel=channel.name,
            user_id=str(chatter.id),
            login=chatter.name or "",
            display_name=chatter.display_name or chatter.name or "",
            badges=badges_of(chatter),
            text=payload.text,
        )
        try:
            await self.gateway.handle(chat)
        except Exception:  # one bad message must never take the bot down
            log.exception("twitch: failed handling message %s", payload.id)


class TwitchChatPort:
    """Implements `bot.twitch.outbound.ChatPort` over twitchio."""

    def __init__(self, bot: FairdropTwitchBot, channels: list[TwitchChannel]) -> None:
        self.bot = bot
        self.by_name = {c.name: c for c in channels}

    async def send(self, channel: str, text: str) -> str | None:
        target = self.by_name.get(channel)
        if target is None:
            return None  # not a Twitch channel of ours: nothing to say here
        broadcaster = self.bot.create_partialuser(user_id=target.broadcaster_id)
        try:
            # twitchio sets no request timeout (aiohttp's default is 5 minutes): a send Twitch
            # never answers would hold the channel's chat that long. A TimeoutError is transient.
            async with asyncio.timeout(CHAT_SEND_TIMEOUT):
                sent = await broadcaster.send_message(text, sender=self.bot.bot_id)
        except twitchio.MessageRejectedError as rejected:
            raise ChatRejected(rejected.code or "rejected", str(rejected)) from None
        except twitchio.HTTPException as error:
            if error.status == 429:
                raise ChatRateLimited(None) from None
            raise
        return sent.id


class TwitchWhisperPort:
    """Implements `bot.twitch.whispers.WhisperPort`: whispers sent as the bot account."""

    def __init__(self, bot: FairdropTwitchBot) -> None:
        self.bot = bot

    async def whisper(self, user_id: str, text: str) -> None:
        sender = self.bot.create_partialuser(user_id=self.bot.bot_id)
        await sender.send_whisper(to_user=user_id, message=text)
