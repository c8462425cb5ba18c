"""The fake Twitch's EventSub WebSocket at ``/ws``: sessions and their welcome, keepalive,
reconnect and close frames (4000-4007), subscriptions' notifications and revocations, and the
``channel.chat.message`` events a test injects or the bot's own accepted messages echo as.

:class:`FakeTwitch` keeps the state (``subscriptions``, ``sessions``, ``connections``) and offers
these as its test API (``chat``, ``redeliver``, ``reconnect``, ``close_session``, ``revoke``);
:class:`EventSub` is what speaks the wire.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from fakeplatforms.twitch.chat_events import ChatEvents
from fakeplatforms.twitch.model import (
    CLOSE_REASONS,
    FakeSession,
    FakeSubscription,
    FakeUser,
    Notification,
    SentChatMessage,
    frame_metadata,
    new_session_id,
    rfc3339_nanos,
)

if TYPE_CHECKING:
    from fakeplatforms.twitch.server import FakeTwitch


class EventSub:
    """The EventSub half of a :class:`FakeTwitch`: its WebSocket route and what goes out on it."""

    def __init__(self, fake: FakeTwitch) -> None:
        self.fake = fake
        # reconnect URL token -> (the session it replaces, whether the new one keeps its id)
        self._reconnect_tokens: dict[str, tuple[FakeSession, bool]] = {}
        self._reconnected: dict[str, FakeSession] = {}  # token -> the session that came of it
        self._notifications: dict[str, Notification] = {}  # by event message id
        self.chat_events = ChatEvents(fake)  # every chat event sent, to reply to

    # -- reading ----------------------------------------------------------------------------

    def active_subscriptions(
        self, type: str | None = None, broadcaster: FakeUser | str | None = None
    ) -> list[FakeSubscription]:
        """Enabled subscriptions on an open, current session."""
        bid = None if broadcaster is None else self.fake.user(broadcaster).id
        out = []
        for sub in self.fake.subscriptions.values():
            session = self.fake.sessions.get(sub.session_id)
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
        return [s for s in self.fake.connections if s.open]

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
        return self.fake.sessions[session]

    async def wait_for_subscription(
        self,
        broadcaster: FakeUser | str,
        type: str = "channel.chat.message",
        within: float = 5.0,
    ) -> FakeSubscription:
        subs = await self.fake.wait_until(
            lambda: self.active_subscriptions(type, broadcaster), within
        )
        return subs[0]

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
        chan = self.fake.user(channel)
        user = self.fake.user_or_new(chatter)
        event = self.chat_events.build(
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
        n = Notification(
            metadata_id=str(uuid.uuid4()),
            timestamp=rfc3339_nanos(),
            sub_type=sub_type,
            version=version,
            event=event,
            match=match,
        )
        self._notifications[key or n.metadata_id] = n
        return await self._deliver(n)

    async def _deliver(self, n: Notification) -> int:
        delivered = 0
        for sub in list(self.fake.subscriptions.values()):
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
            session = self.fake.sessions.get(sub.session_id)
            if session is not None and session.open and await self.send(session, frame):
                delivered += 1
            else:
                self.fake.lost_notifications.append(frame)
        self.fake.bump()
        return delivered

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
            "metadata": frame_metadata("session_reconnect"),
            "payload": {
                "session": {
                    "id": old.id,
                    "status": "reconnecting",
                    "keepalive_timeout_seconds": None,
                    "reconnect_url": f"{self.fake.eventsub_url}?reconnect={token}",
                    "connected_at": old.connected_at,
                }
            },
        }
        await self.send(old, frame)
        self.fake.spawn(self._reconnect_grace(old))
        if not wait:
            return None
        return await self.fake.wait_until(lambda: self._reconnected.get(token), within)

    async def _reconnect_grace(self, old: FakeSession) -> None:
        await asyncio.sleep(self.fake.reconnect_grace)
        if old.open:
            await self.server_close(old, 4004)

    async def close_session(
        self,
        session: FakeSession | str | None = None,
        *,
        code: int = 4000,
        reason: str | None = None,
    ) -> FakeSession:
        """Close a session from the server side with an EventSub close code (4000-4007)."""
        s = self._session(session)
        await self.server_close(s, code, reason)
        await self.fake.wait_until(lambda: s.closed, 5.0)
        return s

    async def server_close(
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
            else self.fake.subscriptions[subscription]
        )
        sub.status = status
        frame = {
            "metadata": {
                **frame_metadata("revocation"),
                "subscription_type": sub.type,
                "subscription_version": sub.version,
            },
            "payload": {"subscription": sub.in_notification()},
        }
        session = self.fake.sessions.get(sub.session_id)
        if session is not None and session.open:
            await self.send(session, frame)
        self.fake.bump()

    # -- wire: websocket --------------------------------------------------------------------

    async def send(self, session: FakeSession, frame: dict[str, Any]) -> bool:
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
        if self.fake.keepalive_timeout is not None:
            return self.fake.keepalive_timeout
        raw = request.query.get("keepalive_timeout_seconds", "10")
        try:
            return max(10, min(600, int(raw)))
        except ValueError:
            return 10

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, timeout=2.0)
        await ws.prepare(request)

        old: FakeSession | None = None
        keep_id = False
        token = request.query.get("reconnect")
        if token is not None:
            old, keep_id = self._reconnect_tokens.pop(token, (None, False))
            if old is None:
                await ws.close(code=4007, message=CLOSE_REASONS[4007].encode())
                self.fake.bump()
                return ws
        old_id = None if old is None else old.id

        session = FakeSession(
            id=old.id if old is not None and keep_id else new_session_id(),
            ws=ws,
            keepalive_timeout=self._keepalive_seconds(request),
            connected_at=rfc3339_nanos(),
            opened=time.monotonic(),
            reconnect_of=old_id,
        )
        self.fake.sessions[session.id] = session  # with a kept id, the new socket now serves it
        self.fake.connections.append(session)
        if old is not None:
            assert token is not None
            self._reconnected[token] = session
            old.superseded_by = session.id
            for sub in self.fake.subscriptions.values():
                if sub.session_id == old_id:
                    sub.session_id = session.id
                    sub.connected_at = session.connected_at

        await self.send(
            session,
            {
                "metadata": frame_metadata("session_welcome"),
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
        self.fake.bump()
        ticker = self.fake.spawn(self._tick(session))
        try:
            async for msg in ws:
                if msg.type in (WSMsgType.TEXT, WSMsgType.BINARY):
                    # Twitch accepts no inbound traffic but pongs.
                    session.inbound_messages += 1
                    await self.server_close(session, 4001)
                    break
        finally:
            ticker.cancel()
            session.closed = True
            if session.close_code is None:  # closed by the client: its code
                session.close_code = ws.close_code
            if session.superseded_by is None:
                for sub in self.fake.subscriptions.values():
                    if sub.session_id == session.id and sub.status == "enabled":
                        sub.status = "websocket_disconnected"
            self.fake.bump()
        return ws

    async def _tick(self, session: FakeSession) -> None:
        """Keepalives when idle; 4003 for a fresh session left without subscriptions."""
        unused = (
            self.fake.unused_timeout
            if self.fake.unused_timeout is not None
            else session.keepalive_timeout
        )
        step = min(self.fake.keepalive_interval, 0.25)
        while session.open:
            await asyncio.sleep(step)
            now = time.monotonic()
            if (
                unused
                and session.reconnect_of is None
                and now - session.opened >= unused
                and not any(s.session_id == session.id for s in self.fake.subscriptions.values())
            ):
                await self.server_close(session, 4003)
                return
            if now - session.last_sent >= self.fake.keepalive_interval:
                await self.send(
                    session, {"metadata": frame_metadata("session_keepalive"), "payload": {}}
                )

    async def echo(self, sent: SentChatMessage) -> None:
        chan, sender = self.fake.users[sent.broadcaster_id], self.fake.users[sent.sender_id]
        badges: list[str] = []
        if sender.id in self.fake.moderators[chan.id]:
            badges.append("moderator")
        reply_to = (
            sent.reply_parent_message_id
            if sent.reply_parent_message_id in self.chat_events
            else None
        )
        event = self.chat_events.build(
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
