""":class:`FakeTwitch`: the fake Twitch's state and its test-facing API.

Its wire lives beside it: id (OAuth) in ``oauth.py``, Helix in ``helix.py``, the EventSub
WebSocket in ``eventsub.py``, records and Twitch's JSON shapes in ``model.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any, Self, TypeVar

from aiohttp import web

from fakeplatforms.faults import Faults
from fakeplatforms.serving import Served
from fakeplatforms.twitch.audience_events import AudienceEvents
from fakeplatforms.twitch.device import FakeDeviceFlow
from fakeplatforms.twitch.eventsub import EventSub
from fakeplatforms.twitch.helix import Helix
from fakeplatforms.twitch.model import (
    BOT_SCOPES,
    CLIENT_ID,
    CLIENT_SECRET,
    DUPLICATE,
    ChatAttempt,
    FakeSession,
    FakeSubscription,
    FakeToken,
    FakeUser,
    RecordedRequest,
    Scripted,
    SentChatMessage,
    Whisper,
    ratelimit_headers,
)
from fakeplatforms.twitch.oauth import install_oauth

if TYPE_CHECKING:
    import pytest

T = TypeVar("T")


class FakeTwitch(Served):
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
        self.refresh_tokens: dict[str, str] = {}  # refresh token -> access token
        self.codes: dict[str, tuple[str, tuple[str, ...]]] = {}

        self.subscriptions: dict[str, FakeSubscription] = {}
        self.sessions: dict[str, FakeSession] = {}
        self.connections: list[FakeSession] = []

        self.requests: list[RecordedRequest] = []
        self.chat_attempts: list[ChatAttempt] = []
        self.sent_messages: list[SentChatMessage] = []
        self.whispers: list[Whisper] = []
        self.validate_calls: list[str] = []
        self.token_grants: list[str] = []
        self.lost_notifications: list[dict[str, Any]] = []
        # Scripted answers, holds and who waits at them, by "METHOD route" (read by Helix).
        self.scripts: dict[str, deque[Scripted]] = defaultdict(deque)
        self.gates: dict[str, asyncio.Event] = {}
        self.waiting: dict[str, int] = defaultdict(int)

        self._ids = itertools.count(100_000_001)
        self._changed = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._runner: web.AppRunner | None = None
        self.port = 0

        self.app_token: FakeToken = self.new_token(None, ())
        # The Device Code Grant Flow: what the person at the browser does with each code.
        self.device = FakeDeviceFlow(self)
        # Seconds this Twitch's clock is ahead of ours (its `Date` header), for skew checks.
        self.clock_offset = 0.0
        self.faults = Faults()  # hangs, resets and dropped sockets: see fakeplatforms/faults.py
        self.helix = Helix(self)
        self.eventsub = EventSub(self)
        # Injection and session control (chat, redeliver, notify, reconnect, close_session,
        # revoke) are the EventSub part's own methods, documented there; tests call them here.
        self.chat = self.eventsub.chat
        # Subscriptions and follows: `await twitch.audience.follow(channel, user)`.
        self.audience = AudienceEvents(self)
        self.redeliver = self.eventsub.redeliver
        self.notify = self.eventsub.notify
        self.reconnect = self.eventsub.reconnect
        self.close_session = self.eventsub.close_session
        self.revoke = self.eventsub.revoke

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> Self:
        app = web.Application(middlewares=[self.faults.middleware])
        self.oauth = install_oauth(self, app)  # /oauth2/: token, validate, revoke, authorize
        app.router.add_post("/oauth2/device", self.device.start_flow)  # polls: /oauth2/token
        app.router.add_get("/ws", self.eventsub.websocket)
        app.router.add_route("*", "/helix/{tail:.*}", self.helix.handle)
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
                await self.eventsub.server_close(session, 1001, "fake twitch shutting down")
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

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

    def spawn(self, coro: Any) -> asyncio.Task[Any]:
        """Run ``coro`` in a task the fake cancels on close."""
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def bump(self) -> None:
        """Wake every :meth:`wait_until`: the fake's state changed."""
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

    def user_or_new(self, who: FakeUser | str) -> FakeUser:
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

    def http_date(self) -> str:
        """The `Date` header this Twitch sends: now on its clock (see ``clock_offset``)."""
        at = datetime.now(UTC) + timedelta(seconds=self.clock_offset)
        return format_datetime(at, usegmt=True)

    # -- tokens -----------------------------------------------------------------------------

    def new_token(self, user_id: str | None, scopes: Iterable[str]) -> FakeToken:
        token = FakeToken(
            access_token=secrets.token_hex(15),
            refresh_token=None if user_id is None else secrets.token_hex(25),
            user_id=user_id,
            scopes=tuple(scopes),
            expires_in=self.token_expires_in if user_id else 5_011_271,
        )
        self.tokens[token.access_token] = token
        if token.refresh_token:
            self.refresh_tokens[token.refresh_token] = token.access_token
        return token

    def issue_user_token(
        self,
        user: FakeUser | str,
        scopes: Iterable[str] = BOT_SCOPES,
        *,
        expires_in: int | None = None,
    ) -> FakeToken:
        """A user access token (with refresh token), as if ``user`` had authorised the app."""
        token = self.new_token(self.user(user).id, scopes)
        if expires_in is not None:
            token.expires_in = expires_in
        return token

    def issue_app_token(self) -> FakeToken:
        return self.new_token(None, ())

    def expire_token(self, token: FakeToken | str) -> None:
        """The access token stops working (401); its refresh token still works."""
        self._token(token).valid = False

    def authorization_code(self, user: FakeUser | str, scopes: Iterable[str] = BOT_SCOPES) -> str:
        """A code for the ``authorization_code`` grant, as Twitch would redirect with."""
        code = secrets.token_hex(15)
        self.codes[code] = (self.user(user).id, tuple(scopes))
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
            self.scripts[key].append(
                Scripted(
                    status=status, body=body, headers=dict(headers or {}), drop_reason=drop_reason
                )
            )

    def drop_next_chat(
        self,
        code: str = "msg_duplicate",
        message: str = DUPLICATE,
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
            headers=ratelimit_headers(remaining=0, reset_after=reset_after),
            times=times,
        )

    @contextlib.asynccontextmanager
    async def hold(self, route: str, *, method: str = "GET") -> AsyncIterator[None]:
        """Requests to this Helix route wait until the block exits (a slow Twitch), e.g.
        ``async with twitch.hold("eventsub/subscriptions", method="POST"): ...``."""
        key = f"{method.upper()} {route.strip('/')}"
        gate = self.gates[key] = asyncio.Event()
        try:
            yield
        finally:
            del self.gates[key]
            gate.set()

    def held(self, route: str, *, method: str = "GET") -> int:
        """How many requests are waiting at a :meth:`hold`."""
        key = f"{method.upper()} {route.strip('/')}"
        return self.waiting[key]

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
        return self.eventsub.active_subscriptions(type, broadcaster)

    @property
    def open_sessions(self) -> list[FakeSession]:
        """Every open socket, a socket being replaced included (one per connection, even when a
        reconnect kept the session id)."""
        return self.eventsub.open_sessions

    @property
    def subscription_requests(self) -> list[RecordedRequest]:
        """Every ``POST eventsub/subscriptions`` so far, whatever Twitch answered (409s too)."""
        return [
            r for r in self.requests if (r.method, r.path) == ("POST", "eventsub/subscriptions")
        ]

    def current_session(self) -> FakeSession:
        """The one open session that is not being replaced (ValueError if none or several)."""
        return self.eventsub.current_session()

    async def wait_for_subscription(
        self,
        broadcaster: FakeUser | str,
        type: str = "channel.chat.message",
        within: float = 5.0,
    ) -> FakeSubscription:
        return await self.eventsub.wait_for_subscription(broadcaster, type, within)

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
