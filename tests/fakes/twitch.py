"""A local fake of Twitch that the real twitchio 3 runs against: id (OAuth), Helix and EventSub.

One aiohttp application on a free 127.0.0.1 port serves, with Twitch's wire formats:

* id: ``POST /oauth2/token`` (client_credentials, refresh_token, authorization_code grants; the
  parameters may come in the query string, as twitchio sends them, or a form body),
  ``GET /oauth2/validate`` (``Authorization: OAuth <token>`` or ``Bearer <token>``; 401
  ``invalid access token`` for unknown tokens), ``POST /oauth2/revoke``.
* Helix under ``/helix/``: ``eventsub/subscriptions`` (POST, GET, DELETE; websocket transport),
  ``chat/messages`` (POST), ``users`` (GET), ``channels/followers`` (GET), ``whispers`` (POST).
  Every Helix request needs ``Authorization: Bearer <known token>`` and the fake's ``Client-Id``,
  else 401 ``Invalid OAuth token``, which makes twitchio refresh the token as it would on Twitch.
* EventSub WebSocket at ``/ws``: ``session_welcome``, ``session_keepalive``, ``notification``,
  ``session_reconnect``, ``revocation`` frames and the 4000-4007 close codes.

Tests drive it through :class:`FakeTwitch`: register users, follows and moderators, issue tokens,
inject chat (:meth:`FakeTwitch.chat`), redeliver a notification, ask a session to reconnect (the new
welcome keeping the session id, as Twitch's documentation shows, or with a new one), close a
session with a code, script failures of any Helix route, and read what the bot did
(:attr:`FakeTwitch.sent_messages`, :meth:`FakeTwitch.max_sent_in_window`,
:attr:`FakeTwitch.subscription_requests`, :attr:`FakeTwitch.open_sessions`, ...).

``chat/messages`` applies Twitch's authorisation rule: with a user token the sender must be the
token's user (``user:write:chat``); with the app token (what twitchio's ``ctx.send``/``reply``
use) the sender must have granted ``user:bot`` and be the broadcaster, a moderator
(:meth:`FakeTwitch.add_moderator`) or have the broadcaster's ``channel:bot``; else 403.
:meth:`FakeTwitch.hold` parks requests to a route (a slow Twitch) to make races deterministic.

Importing this module imports twitchio with aiohttp's import-time DeprecationWarning silenced
(``filterwarnings = error`` would fail collection otherwise); import it before twitchio.

Point twitchio at it with :meth:`FakeTwitch.patch_twitchio` (``twitchio.http.Route.BASE``,
``twitchio.http.Route.ID_BASE`` and ``twitchio.eventsub.websockets.WSS``) and run a client with
:func:`run_client` (the offline start recipe). The ``fake_twitch`` fixture does both for a test.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import secrets
import time
import uuid
import warnings
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self, TypeVar

import pytest
from aiohttp import WSMsgType, web

from tests.fakes.faults import Faults
from tests.fakes.twitch_oauth import install_oauth

T = TypeVar("T")


def _import_twitchio() -> None:
    """Import twitchio once, hiding the DeprecationWarning aiohttp >= 3.14 raises at import
    ("Inheritance class AiohttpAdapter from web.Application is discouraged"), which the suite's
    ``filterwarnings = error`` would turn into a collection error. Later imports hit the cache."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Inheritance class AiohttpAdapter", category=DeprecationWarning
        )
        import twitchio  # noqa: F401


_import_twitchio()

CLIENT_ID = "fakeclientid0000000000000000000"
CLIENT_SECRET = "fakeclientsecret00000000000000"

#: Scopes a chat bot's user token carries in these tests.
BOT_SCOPES: tuple[str, ...] = (
    "user:read:chat",
    "user:write:chat",
    "user:bot",
    "user:manage:whispers",
    "moderator:read:followers",
)

#: The reasons Twitch gives with each EventSub WebSocket close code.
CLOSE_REASONS: dict[int, str] = {
    4000: "internal server error",
    4001: "client sent inbound traffic",
    4002: "client failed ping-pong",
    4003: "connection unused",
    4004: "reconnect grace time expired",
    4005: "network timeout",
    4006: "network error",
    4007: "invalid reconnect",
}

_DUPLICATE = "Your message is identical to the one you sent within the last 30 seconds."
_MENTION = re.compile(r"@([A-Za-z0-9_]{1,25})")

# Effects a Helix handler makes visible only once its answer is written (see FakeTwitch._helix).
_AFTER: web.RequestKey[list[Callable[[], None]]] = web.RequestKey("fake_twitch_after", list)


# --------------------------------------------------------------------------------------------
# Time formats


def rfc3339_nanos(ns: int | None = None) -> str:
    """EventSub's timestamps: RFC 3339 in UTC with nanoseconds (``...:51.634234626Z``)."""
    ns = time.time_ns() if ns is None else ns
    seconds, frac = divmod(ns, 1_000_000_000)
    return f"{datetime.fromtimestamp(seconds, UTC):%Y-%m-%dT%H:%M:%S}.{frac:09d}Z"


def helix_time(at: datetime) -> str:
    """Helix's timestamps for users and follows: whole seconds, ``Z`` (``2016-12-14T20:32:28Z``)."""
    return f"{at.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z"


# --------------------------------------------------------------------------------------------
# Records


@dataclass
class FakeUser:
    id: str
    login: str
    display_name: str
    created_at: datetime
    type: str = ""
    broadcaster_type: str = ""
    description: str = ""

    def helix(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "login": self.login,
            "display_name": self.display_name,
            "type": self.type,
            "broadcaster_type": self.broadcaster_type,
            "description": self.description,
            "profile_image_url": f"https://static-cdn.invalid/{self.login}-profile_image-300x300.png",
            "offline_image_url": "",
            "view_count": 0,
            "created_at": helix_time(self.created_at),
        }


@dataclass
class FakeToken:
    access_token: str
    refresh_token: str | None
    user_id: str | None  # None for an app access token
    scopes: tuple[str, ...]
    expires_in: int
    valid: bool = True

    @property
    def is_app(self) -> bool:
        return self.user_id is None


@dataclass(frozen=True)
class ChatAttempt:
    """One ``POST /helix/chat/messages``, whatever the answer."""

    broadcaster_id: str
    sender_id: str
    message: str
    reply_parent_message_id: str | None
    status: int
    is_sent: bool
    drop_code: str | None
    as_app: bool
    at: float  # time.monotonic()


@dataclass(frozen=True)
class SentChatMessage:
    """A chat message Twitch accepted (``is_sent`` true)."""

    message_id: str
    broadcaster_id: str
    sender_id: str
    message: str
    reply_parent_message_id: str | None
    as_app: bool  # sent with the app access token (twitchio's default for ctx.send/reply)
    at: float  # time.monotonic()
    sent_at: datetime


@dataclass(frozen=True)
class Whisper:
    from_user_id: str
    to_user_id: str
    message: str
    at: float


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    status: int
    user_id: str | None
    as_app: bool


@dataclass
class Scripted:
    """A scripted answer for the next request to one route.

    ``drop_reason`` applies to ``chat/messages`` only: a 200 with ``is_sent`` false.
    """

    status: int = 200
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    drop_reason: Mapping[str, str] | None = None


@dataclass
class FakeSubscription:
    id: str
    type: str
    version: str
    condition: dict[str, str]
    session_id: str
    user_id: str | None
    created_at: str
    connected_at: str
    status: str = "enabled"
    cost: int = 0

    def helix(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "type": self.type,
            "version": self.version,
            "condition": dict(self.condition),
            "created_at": self.created_at,
            "transport": {
                "method": "websocket",
                "session_id": self.session_id,
                "connected_at": self.connected_at,
            },
            "cost": self.cost,
        }

    def in_notification(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "type": self.type,
            "version": self.version,
            "cost": self.cost,
            "condition": dict(self.condition),
            "transport": {"method": "websocket", "session_id": self.session_id},
            "created_at": self.created_at,
        }


@dataclass
class FakeSession:
    """One EventSub WebSocket connection."""

    id: str
    ws: web.WebSocketResponse
    keepalive_timeout: int
    connected_at: str
    opened: float
    reconnect_of: str | None = None
    superseded_by: str | None = None
    closed: bool = False
    close_code: int | None = None
    closed_by_server: bool = False
    last_sent: float = 0.0
    inbound_messages: int = 0
    frames: list[dict[str, Any]] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def open(self) -> bool:
        return not self.closed and not self.ws.closed

    @property
    def notifications(self) -> list[dict[str, Any]]:
        return [f for f in self.frames if f["metadata"]["message_type"] == "notification"]


@dataclass
class _Notification:
    """What :meth:`FakeTwitch.redeliver` needs to send a notification again, byte for byte."""

    metadata_id: str
    timestamp: str
    sub_type: str
    version: str
    event: dict[str, Any]
    match: Callable[[Mapping[str, str]], bool]


# --------------------------------------------------------------------------------------------
# The fake


class FakeTwitch:
    """A fake Twitch on 127.0.0.1.

    ``keepalive_interval``: seconds of silence after which a ``session_keepalive`` is sent (short
    in tests; Twitch uses the session's keepalive timeout). ``keepalive_timeout``: the
    ``keepalive_timeout_seconds`` reported in ``session_welcome`` (default: what the client asked
    for, clamped to 10-600 as Twitch does). ``unused_timeout``: close with 4003 a fresh session
    with no subscription after this many seconds (default: its keepalive timeout, as Twitch; 0
    disables). ``reconnect_grace``: close an old session with 4004 this long after
    ``session_reconnect`` (Twitch: 30 s). ``echo_sent_messages``: deliver the messages the bot
    sends as ``channel.chat.message`` notifications too, as Twitch does. ``duplicate_window``:
    drop a message identical to one the same sender sent in the channel within this many seconds
    (``msg_duplicate``; Twitch: 30 s; off by default). ``chat_rate_limit``: ``(count, seconds)``
    per channel beyond which ``chat/messages`` answers 429 (an approximation; off by default).
    """

    def __init__(
        self,
        *,
        client_id: str = CLIENT_ID,
        client_secret: str = CLIENT_SECRET,
        keepalive_interval: float = 1.0,
        keepalive_timeout: int | None = None,
        unused_timeout: float | None = None,
        reconnect_grace: float = 30.0,
        echo_sent_messages: bool = True,
        duplicate_window: float | None = None,
        chat_rate_limit: tuple[int, float] | None = None,
        token_expires_in: int = 14_400,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.keepalive_interval = keepalive_interval
        self.keepalive_timeout = keepalive_timeout
        self.unused_timeout = unused_timeout
        self.reconnect_grace = reconnect_grace
        self.echo_sent_messages = echo_sent_messages
        self.duplicate_window = duplicate_window
        self.chat_rate_limit = chat_rate_limit
        self.token_expires_in = token_expires_in

        self.users: dict[str, FakeUser] = {}
        self.follows: dict[str, dict[str, datetime]] = defaultdict(
            dict
        )  # broadcaster -> user -> at
        self.moderators: dict[str, set[str]] = defaultdict(set)
        self.tokens: dict[str, FakeToken] = {}
        self._refresh: dict[str, str] = {}  # refresh token -> access token
        self._codes: dict[str, tuple[str, tuple[str, ...]]] = {}

        self.subscriptions: dict[str, FakeSubscription] = {}
        self.sessions: dict[str, FakeSession] = {}
        self.connections: list[FakeSession] = []
        # reconnect URL token -> (the session it replaces, whether the new one keeps its id)
        self._reconnect_tokens: dict[str, tuple[FakeSession, bool]] = {}
        self._reconnected: dict[str, FakeSession] = {}  # token -> the session that came of it

        self.requests: list[RecordedRequest] = []
        self.chat_attempts: list[ChatAttempt] = []
        self.sent_messages: list[SentChatMessage] = []
        self.whispers: list[Whisper] = []
        self.validate_calls: list[str] = []
        self.token_grants: list[str] = []
        self.lost_notifications: list[dict[str, Any]] = []
        self._scripts: dict[str, deque[Scripted]] = defaultdict(deque)
        self._gates: dict[str, asyncio.Event] = {}
        self._waiting: dict[str, int] = defaultdict(int)
        self._notifications: dict[str, _Notification] = {}  # by event message id
        self._chat_events: dict[str, dict[str, Any]] = {}  # chat message id -> event

        self._ids = itertools.count(100_000_001)
        self._changed = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._runner: web.AppRunner | None = None
        self.port = 0

        self.app_token: FakeToken = self._new_token(None, ())
        self.faults = Faults()  # hangs, resets and dropped sockets: see tests/fakes/faults.py

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> Self:
        app = web.Application(middlewares=[self.faults.middleware])
        self.oauth = install_oauth(self, app)  # GET /oauth2/authorize, PKCE at the token
        app.router.add_post("/oauth2/token", self._oauth_token)
        app.router.add_get("/oauth2/validate", self._oauth_validate)
        app.router.add_post("/oauth2/revoke", self._oauth_revoke)
        app.router.add_get("/ws", self._websocket)
        app.router.add_route("*", "/helix/{tail:.*}", self._helix)
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        for session in list(self.connections):
            if session.open:
                await self._server_close(session, 1001, "fake twitch shutting down")
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/helix/"

    @property
    def id_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def eventsub_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def patch_twitchio(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Point twitchio 3.3 at this fake (undone by monkeypatch at teardown)."""
        import twitchio.eventsub.websockets
        import twitchio.http

        monkeypatch.setattr(twitchio.http.Route, "BASE", self.api_base)
        monkeypatch.setattr(twitchio.http.Route, "ID_BASE", self.id_base)
        monkeypatch.setattr(twitchio.eventsub.websockets, "WSS", self.eventsub_url)

    def _spawn(self, coro: Any) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _bump(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], T], within: float = 5.0) -> T:
        """Wait until ``predicate()`` is truthy: re-checked whenever the fake's state changes, and
        every 50 ms for conditions outside it (say, on the bot). TimeoutError after ``within``."""
        async with asyncio.timeout(within):
            while True:
                result = predicate()
                if result:
                    return result
                changed = self._changed
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(0.05):
                        await changed.wait()

    # -- registry ---------------------------------------------------------------------------

    def add_user(
        self,
        login: str,
        *,
        id: str | None = None,
        display_name: str | None = None,
        created_at: datetime | None = None,
        age: timedelta | None = None,
        broadcaster_type: str = "",
        type: str = "",
    ) -> FakeUser:
        """Register an account. ``age`` sets ``created_at`` relative to now (default ~3 years)."""
        login = login.lower()
        if login in {u.login for u in self.users.values()}:
            raise ValueError(f"user {login!r} already exists")
        if created_at is None:
            created_at = datetime.now(UTC).replace(microsecond=0) - (age or timedelta(days=1100))
        user = FakeUser(
            id=id or str(next(self._ids)),
            login=login,
            display_name=display_name or login,
            created_at=created_at,
            broadcaster_type=broadcaster_type,
            type=type,
        )
        self.users[user.id] = user
        return user

    def user(self, who: FakeUser | str) -> FakeUser:
        """Find a user by object, id or login (KeyError if unknown)."""
        if isinstance(who, FakeUser):
            return who
        if who in self.users:
            return self.users[who]
        for user in self.users.values():
            if user.login == who.lower():
                return user
        raise KeyError(f"no fake Twitch user {who!r}")

    def _user_or_new(self, who: FakeUser | str) -> FakeUser:
        try:
            return self.user(who)
        except KeyError:
            if isinstance(who, str) and who.isdigit():
                raise
            return self.add_user(str(who))

    def add_follow(
        self,
        user: FakeUser | str,
        broadcaster: FakeUser | str,
        *,
        followed_at: datetime | None = None,
        age: timedelta | None = None,
    ) -> None:
        """``user`` follows ``broadcaster`` since ``followed_at`` (or ``age`` ago; default now)."""
        u, b = self.user(user), self.user(broadcaster)
        at = followed_at or datetime.now(UTC).replace(microsecond=0) - (age or timedelta())
        self.follows[b.id][u.id] = at

    def add_moderator(self, user: FakeUser | str, broadcaster: FakeUser | str) -> None:
        self.moderators[self.user(broadcaster).id].add(self.user(user).id)

    # -- tokens -----------------------------------------------------------------------------

    def _new_token(self, user_id: str | None, scopes: Iterable[str]) -> FakeToken:
        token = FakeToken(
            access_token=secrets.token_hex(15),
            refresh_token=None if user_id is None else secrets.token_hex(25),
            user_id=user_id,
            scopes=tuple(scopes),
            expires_in=self.token_expires_in if user_id else 5_011_271,
        )
        self.tokens[token.access_token] = token
        if token.refresh_token:
            self._refresh[token.refresh_token] = token.access_token
        return token

    def issue_user_token(
        self,
        user: FakeUser | str,
        scopes: Iterable[str] = BOT_SCOPES,
        *,
        expires_in: int | None = None,
    ) -> FakeToken:
        """A user access token (with refresh token), as if ``user`` had authorised the app."""
        token = self._new_token(self.user(user).id, scopes)
        if expires_in is not None:
            token.expires_in = expires_in
        return token

    def issue_app_token(self) -> FakeToken:
        return self._new_token(None, ())

    def expire_token(self, token: FakeToken | str) -> None:
        """The access token stops working (401); its refresh token still works."""
        self._token(token).valid = False

    def authorization_code(self, user: FakeUser | str, scopes: Iterable[str] = BOT_SCOPES) -> str:
        """A code for the ``authorization_code`` grant, as Twitch would redirect with."""
        code = secrets.token_hex(15)
        self._codes[code] = (self.user(user).id, tuple(scopes))
        return code

    def _token(self, token: FakeToken | str) -> FakeToken:
        return token if isinstance(token, FakeToken) else self.tokens[token]

    def tokens_of(self, user: FakeUser | str) -> list[FakeToken]:
        uid = self.user(user).id
        return [t for t in self.tokens.values() if t.user_id == uid]

    # -- scripting failures -----------------------------------------------------------------

    def script(
        self,
        route: str,
        *,
        method: str = "GET",
        status: int = 200,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        drop_reason: Mapping[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` requests to a Helix route (``"chat/messages"``, ``"users"``...)
        with this instead of the normal behaviour. ``body`` None gives Helix's error shape."""
        key = f"{method.upper()} {route.strip('/')}"
        for _ in range(times):
            self._scripts[key].append(
                Scripted(
                    status=status, body=body, headers=dict(headers or {}), drop_reason=drop_reason
                )
            )

    def drop_next_chat(
        self,
        code: str = "msg_duplicate",
        message: str = _DUPLICATE,
        *,
        times: int = 1,
    ) -> None:
        """The next chat message gets ``is_sent`` false with this ``drop_reason``."""
        self.script(
            "chat/messages",
            method="POST",
            drop_reason={"code": code, "message": message},
            times=times,
        )

    def rate_limit_next_chat(self, *, reset_after: float = 1.0, times: int = 1) -> None:
        """The next chat message gets a Helix 429 with ``Ratelimit-*`` headers."""
        self.script(
            "chat/messages",
            method="POST",
            status=429,
            headers=self._ratelimit_headers(remaining=0, reset_after=reset_after),
            times=times,
        )

    @contextlib.asynccontextmanager
    async def hold(self, route: str, *, method: str = "GET") -> AsyncIterator[None]:
        """Requests to this Helix route wait until the block exits (a slow Twitch), e.g.
        ``async with twitch.hold("eventsub/subscriptions", method="POST"): ...``."""
        key = f"{method.upper()} {route.strip('/')}"
        gate = self._gates[key] = asyncio.Event()
        try:
            yield
        finally:
            del self._gates[key]
            gate.set()

    def held(self, route: str, *, method: str = "GET") -> int:
        """How many requests are waiting at a :meth:`hold`."""
        key = f"{method.upper()} {route.strip('/')}"
        return self._waiting[key]

    @staticmethod
    def _ratelimit_headers(*, remaining: int = 799, reset_after: float = 60.0) -> dict[str, str]:
        return {
            "Ratelimit-Limit": "800",
            "Ratelimit-Remaining": str(remaining),
            "Ratelimit-Reset": str(int(time.time() + reset_after)),
        }

    # -- metrics ----------------------------------------------------------------------------

    def messages_in(self, channel: FakeUser | str) -> list[SentChatMessage]:
        cid = self.user(channel).id
        return [m for m in self.sent_messages if m.broadcaster_id == cid]

    def chat_texts(self, channel: FakeUser | str | None = None) -> list[str]:
        msgs = self.sent_messages if channel is None else self.messages_in(channel)
        return [m.message for m in msgs]

    def max_sent_in_window(self, channel: FakeUser | str, window: float = 30.0) -> int:
        """The most messages accepted in ``channel`` within any ``window`` seconds."""
        times = [m.at for m in self.messages_in(channel)]
        best, lo = 0, 0
        for hi, t in enumerate(times):
            while t - times[lo] >= window:
                lo += 1
            best = max(best, hi - lo + 1)
        return best

    def active_subscriptions(
        self, type: str | None = None, broadcaster: FakeUser | str | None = None
    ) -> list[FakeSubscription]:
        """Enabled subscriptions on an open, current session."""
        bid = None if broadcaster is None else self.user(broadcaster).id
        out = []
        for sub in self.subscriptions.values():
            session = self.sessions.get(sub.session_id)
            if sub.status != "enabled" or session is None or not session.open:
                continue
            if session.superseded_by is not None:
                continue
            if type is not None and sub.type != type:
                continue
            if bid is not None and sub.condition.get("broadcaster_user_id") != bid:
                continue
            out.append(sub)
        return out

    @property
    def open_sessions(self) -> list[FakeSession]:
        """Every open socket, a socket being replaced included (one per connection, even when a
        reconnect kept the session id)."""
        return [s for s in self.connections if s.open]

    @property
    def subscription_requests(self) -> list[RecordedRequest]:
        """Every ``POST eventsub/subscriptions`` so far, whatever Twitch answered (409s too)."""
        return [
            r for r in self.requests if (r.method, r.path) == ("POST", "eventsub/subscriptions")
        ]

    def current_session(self) -> FakeSession:
        """The one open session that is not being replaced (ValueError if none or several)."""
        live = [s for s in self.open_sessions if s.superseded_by is None]
        if len(live) != 1:
            raise ValueError(f"expected one live EventSub session, found {len(live)}")
        return live[0]

    def _session(self, session: FakeSession | str | None) -> FakeSession:
        if session is None:
            return self.current_session()
        if isinstance(session, FakeSession):
            return session
        return self.sessions[session]

    async def wait_for_subscription(
        self,
        broadcaster: FakeUser | str,
        type: str = "channel.chat.message",
        within: float = 5.0,
    ) -> FakeSubscription:
        subs = await self.wait_until(lambda: self.active_subscriptions(type, broadcaster), within)
        return subs[0]

    async def wait_for_chat(
        self,
        text: str | Callable[[SentChatMessage], bool] | None = None,
        *,
        channel: FakeUser | str | None = None,
        count: int = 1,
        within: float = 5.0,
    ) -> list[SentChatMessage]:
        """Wait until ``count`` accepted messages match (by exact text or predicate)."""
        cid = None if channel is None else self.user(channel).id

        def matching() -> list[SentChatMessage]:
            out = []
            for m in self.sent_messages:
                if cid is not None and m.broadcaster_id != cid:
                    continue
                if text is None or (m.message == text if isinstance(text, str) else text(m)):
                    out.append(m)
            return out if len(out) >= count else []

        return await self.wait_until(matching, within)

    # -- EventSub injection -----------------------------------------------------------------

    async def chat(
        self,
        channel: FakeUser | str,
        chatter: FakeUser | str,
        text: str,
        *,
        badges: Iterable[str | Mapping[str, str]] = (),
        message_id: str | None = None,
        color: str = "#1E90FF",
        message_type: str = "text",
        reply_to: str | None = None,
        fragments: Sequence[Mapping[str, Any]] | None = None,
        require_delivery: bool = True,
    ) -> str:
        """``chatter`` says ``text`` in ``channel``; returns the chat message id.

        ``badges``: ``"subscriber"``, ``"subscriber/3012/14"`` (set_id/id/info), or dicts with
        ``set_id``, ``id``, ``info``. The broadcaster gets the ``broadcaster`` badge automatically.
        Passing an existing ``message_id`` sends a new notification for the same chat message.
        Raises LookupError if no session received it and ``require_delivery``.
        """
        chan = self.user(channel)
        user = self._user_or_new(chatter)
        event = self._chat_event(
            chan,
            user,
            text,
            badges=badges,
            message_id=message_id or str(uuid.uuid4()),
            color=color,
            message_type=message_type,
            reply_to=reply_to,
            fragments=fragments,
        )
        delivered = await self.notify(
            "channel.chat.message",
            event,
            match=lambda c: c.get("broadcaster_user_id") == chan.id,
            key=event["message_id"],
        )
        if require_delivery and not delivered:
            raise LookupError(f"no EventSub session is subscribed to chat in {chan.login!r}")
        return str(event["message_id"])

    async def redeliver(self, message_id: str, *, require_delivery: bool = True) -> int:
        """Send a notification again exactly as before (same metadata ``message_id``, same event),
        as Twitch does when unsure it was received. ``message_id`` is the chat message id."""
        n = self._notifications[message_id]
        delivered = await self._deliver(n)
        if require_delivery and not delivered:
            raise LookupError("nobody is subscribed any more")
        return delivered

    async def notify(
        self,
        sub_type: str,
        event: dict[str, Any],
        *,
        match: Callable[[Mapping[str, str]], bool],
        version: str = "1",
        key: str | None = None,
    ) -> int:
        """Deliver ``event`` to every live subscription of ``sub_type`` whose condition matches;
        returns how many sessions got it. ``key`` lets :meth:`redeliver` find it again."""
        n = _Notification(
            metadata_id=str(uuid.uuid4()),
            timestamp=rfc3339_nanos(),
            sub_type=sub_type,
            version=version,
            event=event,
            match=match,
        )
        self._notifications[key or n.metadata_id] = n
        return await self._deliver(n)

    async def _deliver(self, n: _Notification) -> int:
        delivered = 0
        for sub in list(self.subscriptions.values()):
            if sub.type != n.sub_type or sub.status != "enabled" or not n.match(sub.condition):
                continue
            frame = {
                "metadata": {
                    "message_id": n.metadata_id,
                    "message_type": "notification",
                    "message_timestamp": n.timestamp,
                    "subscription_type": n.sub_type,
                    "subscription_version": n.version,
                },
                "payload": {"subscription": sub.in_notification(), "event": n.event},
            }
            session = self.sessions.get(sub.session_id)
            if session is not None and session.open and await self._send(session, frame):
                delivered += 1
            else:
                self.lost_notifications.append(frame)
        self._bump()
        return delivered

    def _badges(
        self, chan: FakeUser, user: FakeUser, badges: Iterable[str | Mapping[str, str]]
    ) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        for badge in badges:
            if isinstance(badge, Mapping):
                out.append(
                    {
                        "set_id": str(badge["set_id"]),
                        "id": str(badge.get("id", "1")),
                        "info": str(badge.get("info", "")),
                    }
                )
                continue
            set_id, _, rest = badge.partition("/")
            badge_id, _, info = rest.partition("/")
            if set_id in ("subscriber", "founder"):
                badge_id, info = badge_id or "0", info or "1"
            out.append({"set_id": set_id, "id": badge_id or "1", "info": info})
        if user.id == chan.id and not any(b["set_id"] == "broadcaster" for b in out):
            out.insert(0, {"set_id": "broadcaster", "id": "1", "info": ""})
        return out

    def _fragments(self, text: str) -> list[dict[str, Any]]:
        frags: list[dict[str, Any]] = []
        pos = 0
        for m in _MENTION.finditer(text):
            try:
                mentioned = self.user(m.group(1))
            except KeyError:
                continue
            if m.start() > pos:
                frags.append(_text_fragment(text[pos : m.start()]))
            frags.append(
                {
                    "type": "mention",
                    "text": m.group(0),
                    "cheermote": None,
                    "emote": None,
                    "mention": {
                        "user_id": mentioned.id,
                        "user_login": mentioned.login,
                        "user_name": mentioned.display_name,
                    },
                }
            )
            pos = m.end()
        if pos < len(text) or not frags:
            frags.append(_text_fragment(text[pos:]))
        return frags

    def _chat_event(
        self,
        chan: FakeUser,
        user: FakeUser,
        text: str,
        *,
        badges: Iterable[str | Mapping[str, str]],
        message_id: str,
        color: str,
        message_type: str,
        reply_to: str | None,
        fragments: Sequence[Mapping[str, Any]] | None,
    ) -> dict[str, Any]:
        reply = None
        if reply_to is not None:
            parent = self._chat_events[reply_to]
            thread = parent["reply"] or {
                "thread_message_id": parent["message_id"],
                "thread_user_id": parent["chatter_user_id"],
                "thread_user_login": parent["chatter_user_login"],
                "thread_user_name": parent["chatter_user_name"],
            }
            reply = {
                "parent_message_id": parent["message_id"],
                "parent_message_body": parent["message"]["text"],
                "parent_user_id": parent["chatter_user_id"],
                "parent_user_login": parent["chatter_user_login"],
                "parent_user_name": parent["chatter_user_name"],
                "thread_message_id": thread["thread_message_id"],
                "thread_user_id": thread["thread_user_id"],
                "thread_user_login": thread["thread_user_login"],
                "thread_user_name": thread["thread_user_name"],
            }
        event = {
            "broadcaster_user_id": chan.id,
            "broadcaster_user_login": chan.login,
            "broadcaster_user_name": chan.display_name,
            "source_broadcaster_user_id": None,
            "source_broadcaster_user_login": None,
            "source_broadcaster_user_name": None,
            "chatter_user_id": user.id,
            "chatter_user_login": user.login,
            "chatter_user_name": user.display_name,
            "message_id": message_id,
            "source_message_id": None,
            "is_source_only": None,
            "message": {
                "text": text,
                "fragments": [dict(f) for f in fragments] if fragments else self._fragments(text),
            },
            "color": color,
            "badges": self._badges(chan, user, badges),
            "source_badges": None,
            "message_type": message_type,
            "cheer": None,
            "reply": reply,
            "channel_points_custom_reward_id": None,
            "channel_points_animation_id": None,
        }
        self._chat_events[message_id] = event
        return event

    # -- session control --------------------------------------------------------------------

    async def reconnect(
        self,
        session: FakeSession | str | None = None,
        *,
        keep_session_id: bool = False,
        wait: bool = True,
        within: float = 5.0,
    ) -> FakeSession | None:
        """Send ``session_reconnect`` with a URL to a new session on this fake. When the client
        connects there the subscriptions move to the new session (as on Twitch) and the old one
        gets no more notifications. ``keep_session_id``: the new connection's welcome carries the
        old session's id, as in Twitch's documentation (else a new id). With ``wait``, returns the
        new session once welcomed."""
        old = self._session(session)
        token = secrets.token_urlsafe(12)
        self._reconnect_tokens[token] = (old, keep_session_id)
        frame = {
            "metadata": _metadata("session_reconnect"),
            "payload": {
                "session": {
                    "id": old.id,
                    "status": "reconnecting",
                    "keepalive_timeout_seconds": None,
                    "reconnect_url": f"{self.eventsub_url}?reconnect={token}",
                    "connected_at": old.connected_at,
                }
            },
        }
        await self._send(old, frame)
        self._spawn(self._reconnect_grace(old))
        if not wait:
            return None
        return await self.wait_until(lambda: self._reconnected.get(token), within)

    async def _reconnect_grace(self, old: FakeSession) -> None:
        await asyncio.sleep(self.reconnect_grace)
        if old.open:
            await self._server_close(old, 4004)

    async def close_session(
        self,
        session: FakeSession | str | None = None,
        *,
        code: int = 4000,
        reason: str | None = None,
    ) -> FakeSession:
        """Close a session from the server side with an EventSub close code (4000-4007)."""
        s = self._session(session)
        await self._server_close(s, code, reason)
        await self.wait_until(lambda: s.closed, 5.0)
        return s

    async def _server_close(
        self, session: FakeSession, code: int, reason: str | None = None
    ) -> None:
        if session.closed_by_server or session.closed:
            return
        session.closed_by_server = True
        session.close_code = code
        text = reason if reason is not None else CLOSE_REASONS.get(code, "")
        with contextlib.suppress(ConnectionError, RuntimeError):
            await session.ws.close(code=code, message=text.encode())

    async def revoke(
        self, subscription: FakeSubscription | str, *, status: str = "authorization_revoked"
    ) -> None:
        """Revoke a subscription and tell its session with a ``revocation`` frame."""
        sub = (
            subscription
            if isinstance(subscription, FakeSubscription)
            else self.subscriptions[subscription]
        )
        sub.status = status
        frame = {
            "metadata": {
                **_metadata("revocation"),
                "subscription_type": sub.type,
                "subscription_version": sub.version,
            },
            "payload": {"subscription": sub.in_notification()},
        }
        session = self.sessions.get(sub.session_id)
        if session is not None and session.open:
            await self._send(session, frame)
        self._bump()

    # -- wire: websocket --------------------------------------------------------------------

    async def _send(self, session: FakeSession, frame: dict[str, Any]) -> bool:
        if not session.open:
            return False
        async with session.lock:
            try:
                await session.ws.send_str(json.dumps(frame))
            except (ConnectionError, RuntimeError):
                return False
        session.last_sent = time.monotonic()
        session.frames.append(frame)
        return True

    def _keepalive_seconds(self, request: web.Request) -> int:
        if self.keepalive_timeout is not None:
            return self.keepalive_timeout
        raw = request.query.get("keepalive_timeout_seconds", "10")
        try:
            return max(10, min(600, int(raw)))
        except ValueError:
            return 10

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, timeout=2.0)
        await ws.prepare(request)

        old: FakeSession | None = None
        keep_id = False
        token = request.query.get("reconnect")
        if token is not None:
            old, keep_id = self._reconnect_tokens.pop(token, (None, False))
            if old is None:
                await ws.close(code=4007, message=CLOSE_REASONS[4007].encode())
                self._bump()
                return ws
        old_id = None if old is None else old.id

        session = FakeSession(
            id=old.id if old is not None and keep_id else _session_id(),
            ws=ws,
            keepalive_timeout=self._keepalive_seconds(request),
            connected_at=rfc3339_nanos(),
            opened=time.monotonic(),
            reconnect_of=old_id,
        )
        self.sessions[session.id] = session  # with a kept id, the new socket now serves it
        self.connections.append(session)
        if old is not None:
            assert token is not None
            self._reconnected[token] = session
            old.superseded_by = session.id
            for sub in self.subscriptions.values():
                if sub.session_id == old_id:
                    sub.session_id = session.id
                    sub.connected_at = session.connected_at

        await self._send(
            session,
            {
                "metadata": _metadata("session_welcome"),
                "payload": {
                    "session": {
                        "id": session.id,
                        "status": "connected",
                        "connected_at": session.connected_at,
                        "keepalive_timeout_seconds": session.keepalive_timeout,
                        "reconnect_url": None,
                        "recovery_url": None,
                    }
                },
            },
        )
        self._bump()
        ticker = self._spawn(self._tick(session))
        try:
            async for msg in ws:
                if msg.type in (WSMsgType.TEXT, WSMsgType.BINARY):
                    # Twitch accepts no inbound traffic but pongs.
                    session.inbound_messages += 1
                    await self._server_close(session, 4001)
                    break
        finally:
            ticker.cancel()
            session.closed = True
            if session.close_code is None:  # closed by the client: its code
                session.close_code = ws.close_code
            if session.superseded_by is None:
                for sub in self.subscriptions.values():
                    if sub.session_id == session.id and sub.status == "enabled":
                        sub.status = "websocket_disconnected"
            self._bump()
        return ws

    async def _tick(self, session: FakeSession) -> None:
        """Keepalives when idle; 4003 for a fresh session left without subscriptions."""
        unused = (
            self.unused_timeout if self.unused_timeout is not None else session.keepalive_timeout
        )
        step = min(self.keepalive_interval, 0.25)
        while session.open:
            await asyncio.sleep(step)
            now = time.monotonic()
            if (
                unused
                and session.reconnect_of is None
                and now - session.opened >= unused
                and not any(s.session_id == session.id for s in self.subscriptions.values())
            ):
                await self._server_close(session, 4003)
                return
            if now - session.last_sent >= self.keepalive_interval:
                await self._send(
                    session, {"metadata": _metadata("session_keepalive"), "payload": {}}
                )

    # -- wire: id -----------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, str]:
        params = dict(request.query)
        if request.can_read_body and request.content_type == "application/x-www-form-urlencoded":
            params.update({k: str(v) for k, v in (await request.post()).items()})
        return params

    async def _oauth_token(self, request: web.Request) -> web.Response:
        p = await self._params(request)
        grant = p.get("grant_type", "")
        self.token_grants.append(grant)
        self._bump()
        if p.get("client_id") != self.client_id:
            return _json({"status": 400, "message": "invalid client"}, status=400)
        if grant == "client_credentials":
            if p.get("client_secret") != self.client_secret:
                return _json({"status": 403, "message": "invalid client secret"}, status=403)
            token = self.issue_app_token()
            return _json(
                {
                    "access_token": token.access_token,
                    "expires_in": token.expires_in,
                    "token_type": "bearer",
                }
            )
        if grant == "refresh_token":
            old_access = self._refresh.pop(p.get("refresh_token", ""), None)
            if old_access is None:
                return _json({"status": 400, "message": "Invalid refresh token"}, status=400)
            old = self.tokens[old_access]
            old.valid = False
            token = self._new_token(old.user_id, old.scopes)
            return _json(
                {
                    "access_token": token.access_token,
                    "refresh_token": token.refresh_token,
                    "expires_in": token.expires_in,
                    "scope": list(token.scopes),
                    "token_type": "bearer",
                }
            )
        if grant == "authorization_code":
            found = self._codes.pop(p.get("code", ""), None)
            if found is None:
                return _json({"status": 400, "message": "Invalid authorization code"}, status=400)
            token = self._new_token(*found)
            return _json(
                {
                    "access_token": token.access_token,
                    "refresh_token": token.refresh_token,
                    "expires_in": token.expires_in,
                    "scope": list(token.scopes),
                    "token_type": "bearer",
                }
            )
        return _json({"status": 400, "message": "unsupported grant type"}, status=400)

    async def _oauth_validate(self, request: web.Request) -> web.Response:
        raw = request.headers.get("Authorization", "")
        value = raw.removeprefix("OAuth ").removeprefix("Bearer ").removeprefix("oauth ").strip()
        self.validate_calls.append(value)
        self._bump()
        token = self.tokens.get(value)
        if token is None or not token.valid:
            return _json({"status": 401, "message": "invalid access token"}, status=401)
        body: dict[str, Any] = {
            "client_id": self.client_id,
            "scopes": list(token.scopes),
            "expires_in": token.expires_in,
        }
        if token.user_id is not None:
            body["login"] = self.users[token.user_id].login
            body["user_id"] = token.user_id
        return _json(body)

    async def _oauth_revoke(self, request: web.Request) -> web.Response:
        p = await self._params(request)
        token = self.tokens.get(p.get("token", ""))
        if token is None or p.get("client_id") != self.client_id:
            return _json({"status": 400, "message": "Invalid token"}, status=400)
        token.valid = False
        if token.refresh_token:
            self._refresh.pop(token.refresh_token, None)
        return web.Response(status=200)

    # -- wire: helix ------------------------------------------------------------------------

    async def _helix(self, request: web.Request) -> web.StreamResponse:
        route = request.match_info["tail"].strip("/")
        raw = request.headers.get("Authorization", "")
        token = (
            self.tokens.get(raw.removeprefix("Bearer ").strip())
            if raw.startswith("Bearer ")
            else None
        )
        if not raw:
            response = _error(401, "OAuth token is missing")
        elif token is None or not token.valid:
            response = _error(401, "Invalid OAuth token")
        elif request.headers.get("Client-Id") != self.client_id:
            response = _error(401, "Client ID and OAuth token do not match")
        else:
            key = f"{request.method} {route}"
            gate = self._gates.get(key)
            if gate is not None:
                self._waiting[key] += 1
                self._bump()
                try:
                    await gate.wait()
                finally:
                    self._waiting[key] -= 1
            scripted = self._scripts.get(key)
            if scripted:
                response = await self._scripted(request, route, token, scripted.popleft())
            else:
                handler = self._helix_routes().get((request.method, route))
                response = _error(404, "") if handler is None else await handler(request, token)
        for k, v in self._ratelimit_headers().items():
            response.headers.setdefault(k, v)
        # Answer first, then make the effects visible, so a test that waits for a record does
        # not tear the client down while the answer is still on its way.
        with contextlib.suppress(ConnectionError):
            await response.prepare(request)
            await response.write_eof()
        for effect in request.get(_AFTER, ()):
            effect()
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=route,
                query=tuple(request.query.items()),
                status=response.status,
                user_id=None if token is None else token.user_id,
                as_app=token is not None and token.is_app,
            )
        )
        self._bump()
        return response

    def _helix_routes(self) -> dict[tuple[str, str], Callable[[web.Request, FakeToken], Any]]:
        return {
            ("POST", "eventsub/subscriptions"): self._create_subscription,
            ("GET", "eventsub/subscriptions"): self._list_subscriptions,
            ("DELETE", "eventsub/subscriptions"): self._delete_subscription,
            ("POST", "chat/messages"): self._send_chat,
            ("GET", "users"): self._get_users,
            ("GET", "channels/followers"): self._get_followers,
            ("POST", "whispers"): self._whisper,
        }

    async def _scripted(
        self, request: web.Request, route: str, token: FakeToken, s: Scripted
    ) -> web.Response:
        if route == "chat/messages" and request.method == "POST":
            body = await _body(request)
            self.chat_attempts.append(
                ChatAttempt(
                    broadcaster_id=str(body.get("broadcaster_id", "")),
                    sender_id=str(body.get("sender_id", "")),
                    message=str(body.get("message", "")),
                    reply_parent_message_id=body.get("reply_parent_message_id"),
                    status=s.status,
                    is_sent=False,
                    drop_code=None if s.drop_reason is None else s.drop_reason.get("code"),
                    as_app=token.is_app,
                    at=time.monotonic(),
                )
            )
            if s.drop_reason is not None:
                return _json(
                    {
                        "data": [
                            {"message_id": "", "is_sent": False, "drop_reason": dict(s.drop_reason)}
                        ]
                    },
                    headers=s.headers,
                )
        if s.body is None and s.status >= 400:
            return _error(s.status, _STATUS_MESSAGES.get(s.status, ""), headers=s.headers)
        if s.status == 204:
            return web.Response(status=204, headers=dict(s.headers))
        return _json(
            s.body if s.body is not None else {"data": []}, status=s.status, headers=s.headers
        )

    async def _create_subscription(self, request: web.Request, token: FakeToken) -> web.Response:
        body = await _body(request)
        transport = body.get("transport") or {}
        sub_type, version = body.get("type"), body.get("version")
        condition = {str(k): str(v) for k, v in (body.get("condition") or {}).items()}
        if not sub_type or not version or transport.get("method") != "websocket":
            return _error(400, "only websocket transport is faked")
        if token.is_app:
            return _error(400, "websocket transport requires a user access token")
        session = self.sessions.get(str(transport.get("session_id")))
        if session is None or not session.open:
            return _error(
                400, "websocket transport session does not exist or has already disconnected"
            )
        if sub_type == "channel.chat.message":
            if condition.get("user_id") != token.user_id or "user:read:chat" not in token.scopes:
                return _error(403, "subscription missing proper authorization")
            if condition.get("broadcaster_user_id") not in self.users:
                return _error(400, "invalid broadcaster_user_id")
        for sub in self.subscriptions.values():
            if (
                sub.status == "enabled"
                and sub.type == sub_type
                and sub.version == version
                and sub.condition == condition
                and sub.user_id == token.user_id
            ):
                return _error(409, "subscription already exists")
        sub = FakeSubscription(
            id=str(uuid.uuid4()),
            type=str(sub_type),
            version=str(version),
            condition=condition,
            session_id=session.id,
            user_id=token.user_id,
            created_at=rfc3339_nanos(),
            connected_at=session.connected_at,
        )
        self.subscriptions[sub.id] = sub
        mine = [
            s
            for s in self.subscriptions.values()
            if s.user_id == token.user_id and s.status == "enabled"
        ]
        return _json(
            {"data": [sub.helix()], "total": len(mine), "total_cost": 0, "max_total_cost": 10_000},
            status=202,
        )

    async def _list_subscriptions(self, request: web.Request, token: FakeToken) -> web.Response:
        q = request.query
        subs = [s for s in self.subscriptions.values() if s.user_id == token.user_id]
        if "status" in q:
            subs = [s for s in subs if s.status == q["status"]]
        if "type" in q:
            subs = [s for s in subs if s.type == q["type"]]
        if "subscription_id" in q:
            subs = [s for s in subs if s.id == q["subscription_id"]]
        if "user_id" in q:
            subs = [s for s in subs if q["user_id"] in s.condition.values()]
        return _json(
            {
                "data": [s.helix() for s in subs],
                "total": len(subs),
                "total_cost": 0,
                "max_total_cost": 10_000,
                "pagination": {},
            }
        )

    async def _delete_subscription(self, request: web.Request, token: FakeToken) -> web.Response:
        sub = self.subscriptions.get(request.query.get("id", ""))
        if sub is None or sub.user_id != token.user_id:
            return _error(404, "subscription not found")
        del self.subscriptions[sub.id]
        return web.Response(status=204)

    async def _send_chat(self, request: web.Request, token: FakeToken) -> web.Response:
        body = await _body(request)
        broadcaster_id = str(body.get("broadcaster_id") or "")
        sender_id = str(body.get("sender_id") or "")
        message = body.get("message")
        reply_to = body.get("reply_parent_message_id")
        now = time.monotonic()

        def attempt(status: int, is_sent: bool, drop: str | None = None) -> None:
            self.chat_attempts.append(
                ChatAttempt(
                    broadcaster_id=broadcaster_id,
                    sender_id=sender_id,
                    message=str(message),
                    reply_parent_message_id=reply_to,
                    status=status,
                    is_sent=is_sent,
                    drop_code=drop,
                    as_app=token.is_app,
                    at=now,
                )
            )

        if not broadcaster_id or not sender_id or not isinstance(message, str):
            attempt(400, False)
            return _error(400, "Missing required parameter")
        if len(message) > 500:
            attempt(400, False)
            return _error(400, "The message field may not exceed 500 characters")
        if broadcaster_id not in self.users or sender_id not in self.users:
            attempt(400, False)
            return _error(400, "Invalid broadcaster_id or sender_id")
        if not token.is_app and (
            token.user_id != sender_id or "user:write:chat" not in token.scopes
        ):
            attempt(401, False)
            return _error(
                401, "The sender_id in the body must match the user ID in the access token"
            )
        if token.is_app and not self._may_send_as_app(broadcaster_id, sender_id):
            attempt(403, False)
            return _error(
                403,
                "The sender must have authorized the app with the user:bot scope, and the "
                "broadcaster with channel:bot unless the sender is a moderator",
            )

        if self.chat_rate_limit is not None:
            limit, window = self.chat_rate_limit
            recent = [
                m
                for m in self.sent_messages
                if m.broadcaster_id == broadcaster_id and now - m.at < window
            ]
            if len(recent) >= limit:
                attempt(429, False)
                reset = window - (now - recent[0].at)
                return _error(
                    429,
                    "Too Many Requests",
                    headers=self._ratelimit_headers(remaining=0, reset_after=reset),
                )

        if self.duplicate_window is not None:
            for m in reversed(self.sent_messages):
                if now - m.at >= self.duplicate_window:
                    break
                if (
                    m.broadcaster_id == broadcaster_id
                    and m.sender_id == sender_id
                    and m.message == message
                ):
                    attempt(200, False, "msg_duplicate")
                    drop = {"code": "msg_duplicate", "message": _DUPLICATE}
                    return _json(
                        {"data": [{"message_id": "", "is_sent": False, "drop_reason": drop}]}
                    )

        attempt(200, True)
        sent = SentChatMessage(
            message_id=str(uuid.uuid4()),
            broadcaster_id=broadcaster_id,
            sender_id=sender_id,
            message=message,
            reply_parent_message_id=reply_to,
            as_app=token.is_app,
            at=now,
            sent_at=datetime.now(UTC),
        )

        def accepted() -> None:
            self.sent_messages.append(sent)
            if self.echo_sent_messages:
                self._spawn(self._echo(sent))

        request[_AFTER] = [accepted]
        return _json(
            {"data": [{"message_id": sent.message_id, "is_sent": True, "drop_reason": None}]}
        )

    def _may_send_as_app(self, broadcaster_id: str, sender_id: str) -> bool:
        """Twitch's rule for sending chat with an app access token (the "Chat Bot Badge" path)."""

        def granted(user_id: str, scope: str) -> bool:
            return any(t.user_id == user_id and scope in t.scopes for t in self.tokens.values())

        if not granted(sender_id, "user:bot"):
            return False
        return (
            sender_id == broadcaster_id
            or sender_id in self.moderators[broadcaster_id]
            or granted(broadcaster_id, "channel:bot")
        )

    async def _echo(self, sent: SentChatMessage) -> None:
        chan, sender = self.users[sent.broadcaster_id], self.users[sent.sender_id]
        badges: list[str] = []
        if sender.id in self.moderators[chan.id]:
            badges.append("moderator")
        reply_to = (
            sent.reply_parent_message_id
            if sent.reply_parent_message_id in self._chat_events
            else None
        )
        event = self._chat_event(
            chan,
            sender,
            sent.message,
            badges=badges,
            message_id=sent.message_id,
            color="#9146FF",
            message_type="text",
            reply_to=reply_to,
            fragments=None,
        )
        await self.notify(
            "channel.chat.message",
            event,
            match=lambda c: c.get("broadcaster_user_id") == chan.id,
            key=sent.message_id,
        )

    async def _get_users(self, request: web.Request, token: FakeToken) -> web.Response:
        ids = request.query.getall("id", [])
        logins = [x.lower() for x in request.query.getall("login", [])]
        if len(ids) + len(logins) > 100:
            return _error(400, "too many ids and logins")
        if not ids and not logins:
            if token.is_app:
                return _error(400, "Must provide an ID, Login or OAuth Token")
            found = [self.users[str(token.user_id)]]
        else:
            found = [u for u in self.users.values() if u.id in ids or u.login in logins]
        return _json({"data": [u.helix() for u in found]})

    async def _get_followers(self, request: web.Request, token: FakeToken) -> web.Response:
        q = request.query
        broadcaster_id = q.get("broadcaster_id", "")
        if broadcaster_id not in self.users:
            return _error(400, "Missing or invalid broadcaster_id")
        if token.is_app:
            return _error(401, "This endpoint requires a user access token")
        followers = sorted(self.follows[broadcaster_id].items(), key=lambda kv: kv[1], reverse=True)
        total = len(followers)
        allowed = "moderator:read:followers" in token.scopes and (
            token.user_id == broadcaster_id or token.user_id in self.moderators[broadcaster_id]
        )
        if not allowed:  # Twitch answers with the total only
            return _json({"total": total, "data": [], "pagination": {}})
        if "user_id" in q:
            followers = [kv for kv in followers if kv[0] == q["user_id"]]
        first = max(1, min(100, int(q.get("first", "20"))))
        start = int(q.get("after") or 0)
        page = followers[start : start + first]
        pagination = {"cursor": str(start + first)} if start + first < len(followers) else {}
        data = [
            {
                "user_id": uid,
                "user_login": self.users[uid].login,
                "user_name": self.users[uid].display_name,
                "followed_at": helix_time(at),
            }
            for uid, at in page
        ]
        return _json({"total": total, "data": data, "pagination": pagination})

    async def _whisper(self, request: web.Request, token: FakeToken) -> web.Response:
        body = await _body(request)
        from_id, to_id = request.query.get("from_user_id", ""), request.query.get("to_user_id", "")
        message = body.get("message")
        if token.user_id != from_id or "user:manage:whispers" not in token.scopes:
            return _error(401, "from_user_id must match the user access token")
        if to_id not in self.users or not isinstance(message, str) or not message:
            return _error(400, "Invalid to_user_id or message")
        whisper = Whisper(from_id, to_id, message, time.monotonic())
        request[_AFTER] = [lambda: self.whispers.append(whisper)]
        return web.Response(status=204)


# --------------------------------------------------------------------------------------------
# Helpers


_STATUS_MESSAGES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def _json(
    body: Any, *, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    # Twitch answers "application/json; charset=utf-8"; twitchio only checks the prefix.
    return web.json_response(body, status=status, headers=dict(headers or {}))


def _error(status: int, message: str, *, headers: Mapping[str, str] | None = None) -> web.Response:
    return _json(
        {"error": _STATUS_MESSAGES.get(status, "Error"), "status": status, "message": message},
        status=status,
        headers=headers,
    )


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        data = await request.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _metadata(message_type: str) -> dict[str, str]:
    return {
        "message_id": str(uuid.uuid4()),
        "message_type": message_type,
        "message_timestamp": rfc3339_nanos(),
    }


def _session_id() -> str:
    return "AgoQ" + secrets.token_urlsafe(18).replace("-", "_")


def _text_fragment(text: str) -> dict[str, Any]:
    return {"type": "text", "text": text, "cheermote": None, "emote": None, "mention": None}


# --------------------------------------------------------------------------------------------
# Running twitchio against the fake


@contextlib.asynccontextmanager
async def run_client(client: Any, *, token: str, within: float = 5.0) -> AsyncIterator[Any]:
    """Start a twitchio ``Client``/``Bot`` with the offline recipe and yield it once ready.

    ``token`` is the app access token (``fake.app_token.access_token``): passing it skips the
    client-credentials request. User tokens belong in the client's ``setup_hook``. On exit the
    client is closed and its ``start()`` task awaited, so no task or socket outlives the test.
    """
    task = asyncio.create_task(
        client.start(token=token, with_adapter=False, load_tokens=False, save_tokens=False)
    )
    ready = asyncio.create_task(client.wait_until_ready())
    started = False
    try:
        await asyncio.wait({task, ready}, timeout=within, return_when=asyncio.FIRST_COMPLETED)
        started = ready.done() and not task.done()
        if not started and not task.done():
            raise TimeoutError("twitchio client did not become ready")
    finally:
        if not started:
            ready.cancel()
            await client.close()
            await _finish(task, within)  # raises what start() raised (setup_hook, login)
    ready.cancel()
    try:
        yield client
    finally:
        await client.close()
        await _finish(task, within)


async def _finish(task: asyncio.Task[Any], within: float) -> None:
    try:
        async with asyncio.timeout(within):
            await asyncio.shield(task)
    except TimeoutError:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        raise


@pytest.fixture
async def fake_twitch(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeTwitch]:
    """A started :class:`FakeTwitch` with twitchio pointed at it."""
    async with FakeTwitch(keepalive_interval=0.5) as twitch:
        twitch.patch_twitchio(monkeypatch)
        yield twitch
