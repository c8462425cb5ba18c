"""The fake Twitch's Helix API under ``/helix/``: the bearer token and ``Client-Id`` check,
scripted answers and held routes, ``eventsub/subscriptions`` (POST, GET, DELETE),
``chat/messages`` with Twitch's authorisation, duplicate and rate rules, ``users``,
``channels/followers``, ``moderation/channels`` and ``whispers``. Every answer carries
``Ratelimit-*`` headers.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from fakeplatforms.twitch.audience_events import refusal
from fakeplatforms.twitch.model import (
    AFTER_ANSWER,
    DUPLICATE,
    STATUS_MESSAGES,
    ChatAttempt,
    FakeSubscription,
    FakeToken,
    RecordedRequest,
    Scripted,
    SentChatMessage,
    Whisper,
    helix_error,
    helix_time,
    json_answer,
    ratelimit_headers,
    read_body,
    rfc3339_nanos,
)

if TYPE_CHECKING:
    from fakeplatforms.twitch.server import FakeTwitch


class Helix:
    """The Helix half of a :class:`FakeTwitch`: one route that checks the token and dispatches."""

    def __init__(self, fake: FakeTwitch) -> None:
        self.fake = fake

    async def handle(self, request: web.Request) -> web.StreamResponse:
        route = request.match_info["tail"].strip("/")
        raw = request.headers.get("Authorization", "")
        token = (
            self.fake.tokens.get(raw.removeprefix("Bearer ").strip())
            if raw.startswith("Bearer ")
            else None
        )
        if not raw:
            response = helix_error(401, "OAuth token is missing")
        elif token is None or not token.valid:
            response = helix_error(401, "Invalid OAuth token")
        elif request.headers.get("Client-Id") != self.fake.client_id:
            response = helix_error(401, "Client ID and OAuth token do not match")
        else:
            key = f"{request.method} {route}"
            gate = self.fake.gates.get(key)
            if gate is not None:
                self.fake.waiting[key] += 1
                self.fake.bump()
                try:
                    await gate.wait()
                finally:
                    self.fake.waiting[key] -= 1
            scripted = self.fake.scripts.get(key)
            if scripted:
                response = await self._scripted(request, route, token, scripted.popleft())
            else:
                handler = self._routes().get((request.method, route))
                response = (
                    helix_error(404, "") if handler is None else await handler(request, token)
                )
        for k, v in ratelimit_headers().items():
            response.headers.setdefault(k, v)
        # Answer first, then make the effects visible, so a test that waits for a record does
        # not tear the client down while the answer is still on its way.
        with contextlib.suppress(ConnectionError):
            await response.prepare(request)
            await response.write_eof()
        for effect in request.get(AFTER_ANSWER, ()):
            effect()
        self.fake.requests.append(
            RecordedRequest(
                method=request.method,
                path=route,
                query=tuple(request.query.items()),
                status=response.status,
                user_id=None if token is None else token.user_id,
                as_app=token is not None and token.is_app,
            )
        )
        self.fake.bump()
        return response

    def _routes(self) -> dict[tuple[str, str], Callable[[web.Request, FakeToken], Any]]:
        return {
            ("POST", "eventsub/subscriptions"): self._create_subscription,
            ("GET", "eventsub/subscriptions"): self._list_subscriptions,
            ("DELETE", "eventsub/subscriptions"): self._delete_subscription,
            ("POST", "chat/messages"): self._send_chat,
            ("GET", "users"): self._get_users,
            ("GET", "channels/followers"): self._get_followers,
            ("POST", "whispers"): self._whisper,
            ("GET", "moderation/channels"): self._moderated_channels,
        }

    async def _scripted(
        self, request: web.Request, route: str, token: FakeToken, s: Scripted
    ) -> web.Response:
        if route == "chat/messages" and request.method == "POST":
            body = await read_body(request)
            self.fake.chat_attempts.append(
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
                return json_answer(
                    {
                        "data": [
                            {"message_id": "", "is_sent": False, "drop_reason": dict(s.drop_reason)}
                        ]
                    },
                    headers=s.headers,
                )
        if s.body is None and s.status >= 400:
            return helix_error(s.status, STATUS_MESSAGES.get(s.status, ""), headers=s.headers)
        if s.status == 204:
            return web.Response(status=204, headers=dict(s.headers))
        return json_answer(
            s.body if s.body is not None else {"data": []}, status=s.status, headers=s.headers
        )

    async def _create_subscription(self, request: web.Request, token: FakeToken) -> web.Response:
        body = await read_body(request)
        transport = body.get("transport") or {}
        sub_type, version = body.get("type"), body.get("version")
        condition = {str(k): str(v) for k, v in (body.get("condition") or {}).items()}
        if not sub_type or not version or transport.get("method") != "websocket":
            return helix_error(400, "only websocket transport is faked")
        if token.is_app:
            return helix_error(400, "websocket transport requires a user access token")
        session = self.fake.sessions.get(str(transport.get("session_id")))
        if session is None or not session.open:
            return helix_error(
                400, "websocket transport session does not exist or has already disconnected"
            )
        if sub_type == "channel.chat.message":
            if condition.get("user_id") != token.user_id or "user:read:chat" not in token.scopes:
                return helix_error(403, "subscription missing proper authorization")
            if condition.get("broadcaster_user_id") not in self.fake.users:
                return helix_error(400, "invalid broadcaster_user_id")
        refused = refusal(self.fake, str(sub_type), str(version), condition, token)
        if refused is not None:
            return helix_error(403, refused)
        for sub in self.fake.subscriptions.values():
            if (
                sub.status == "enabled"
                and sub.type == sub_type
                and sub.version == version
                and sub.condition == condition
                and sub.user_id == token.user_id
            ):
                return helix_error(409, "subscription already exists")
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
        self.fake.subscriptions[sub.id] = sub
        mine = [
            s
            for s in self.fake.subscriptions.values()
            if s.user_id == token.user_id and s.status == "enabled"
        ]
        return json_answer(
            {"data": [sub.helix()], "total": len(mine), "total_cost": 0, "max_total_cost": 10_000},
            status=202,
        )

    async def _list_subscriptions(self, request: web.Request, token: FakeToken) -> web.Response:
        q = request.query
        subs = [s for s in self.fake.subscriptions.values() if s.user_id == token.user_id]
        if "status" in q:
            subs = [s for s in subs if s.status == q["status"]]
        if "type" in q:
            subs = [s for s in subs if s.type == q["type"]]
        if "subscription_id" in q:
            subs = [s for s in subs if s.id == q["subscription_id"]]
        if "user_id" in q:
            subs = [s for s in subs if q["user_id"] in s.condition.values()]
        return json_answer(
            {
                "data": [s.helix() for s in subs],
                "total": len(subs),
                "total_cost": 0,
                "max_total_cost": 10_000,
                "pagination": {},
            }
        )

    async def _delete_subscription(self, request: web.Request, token: FakeToken) -> web.Response:
        sub = self.fake.subscriptions.get(request.query.get("id", ""))
        if sub is None or sub.user_id != token.user_id:
            return helix_error(404, "subscription not found")
        del self.fake.subscriptions[sub.id]
        return web.Response(status=204)

    async def _send_chat(self, request: web.Request, token: FakeToken) -> web.Response:
        body = await read_body(request)
        broadcaster_id = str(body.get("broadcaster_id") or "")
        sender_id = str(body.get("sender_id") or "")
        message = body.get("message")
        reply_to = body.get("reply_parent_message_id")
        now = time.monotonic()

        def attempt(status: int, is_sent: bool, drop: str | None = None) -> None:
            self.fake.chat_attempts.append(
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
            return helix_error(400, "Missing required parameter")
        if len(message) > 500:
            attempt(400, False)
            return helix_error(400, "The message field may not exceed 500 characters")
        if broadcaster_id not in self.fake.users or sender_id not in self.fake.users:
            attempt(400, False)
            return helix_error(400, "Invalid broadcaster_id or sender_id")
        if not token.is_app and (
            token.user_id != sender_id or "user:write:chat" not in token.scopes
        ):
            attempt(401, False)
            return helix_error(
                401, "The sender_id in the body must match the user ID in the access token"
            )
        if token.is_app and not self._may_send_as_app(broadcaster_id, sender_id):
            attempt(403, False)
            return helix_error(
                403,
                "The sender must have authorized the app with the user:bot scope, and the "
                "broadcaster with channel:bot unless the sender is a moderator",
            )

        if self.fake.chat_rate_limit is not None:
            limit, window = self.fake.chat_rate_limit
            recent = [
                m
                for m in self.fake.sent_messages
                if m.broadcaster_id == broadcaster_id and now - m.at < window
            ]
            if len(recent) >= limit:
                attempt(429, False)
                reset = window - (now - recent[0].at)
                return helix_error(
                    429,
                    "Too Many Requests",
                    headers=ratelimit_headers(remaining=0, reset_after=reset),
                )

        if self.fake.duplicate_window is not None:
            for m in reversed(self.fake.sent_messages):
                if now - m.at >= self.fake.duplicate_window:
                    break
                if (
                    m.broadcaster_id == broadcaster_id
                    and m.sender_id == sender_id
                    and m.message == message
                ):
                    attempt(200, False, "msg_duplicate")
                    drop = {"code": "msg_duplicate", "message": DUPLICATE}
                    return json_answer(
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
            self.fake.sent_messages.append(sent)
            if self.fake.echo_sent_messages:
                self.fake.spawn(self.fake.eventsub.echo(sent))

        request[AFTER_ANSWER] = [accepted]
        return json_answer(
            {"data": [{"message_id": sent.message_id, "is_sent": True, "drop_reason": None}]}
        )

    def _may_send_as_app(self, broadcaster_id: str, sender_id: str) -> bool:
        """Twitch's rule for sending chat with an app access token (the "Chat Bot Badge" path)."""

        def granted(user_id: str, scope: str) -> bool:
            return any(
                t.user_id == user_id and scope in t.scopes for t in self.fake.tokens.values()
            )

        if not granted(sender_id, "user:bot"):
            return False
        return (
            sender_id == broadcaster_id
            or sender_id in self.fake.moderators[broadcaster_id]
            or granted(broadcaster_id, "channel:bot")
        )

    async def _get_users(self, request: web.Request, token: FakeToken) -> web.Response:
        ids = request.query.getall("id", [])
        logins = [x.lower() for x in request.query.getall("login", [])]
        if len(ids) + len(logins) > 100:
            return helix_error(400, "too many ids and logins")
        if not ids and not logins:
            if token.is_app:
                return helix_error(400, "Must provide an ID, Login or OAuth Token")
            found = [self.fake.users[str(token.user_id)]]
        else:
            found = [u for u in self.fake.users.values() if u.id in ids or u.login in logins]
        return json_answer({"data": [u.helix() for u in found]})

    async def _get_followers(self, request: web.Request, token: FakeToken) -> web.Response:
        q = request.query
        broadcaster_id = q.get("broadcaster_id", "")
        if broadcaster_id not in self.fake.users:
            return helix_error(400, "Missing or invalid broadcaster_id")
        if token.is_app:
            return helix_error(401, "This endpoint requires a user access token")
        followers = sorted(
            self.fake.follows[broadcaster_id].items(), key=lambda kv: kv[1], reverse=True
        )
        total = len(followers)
        allowed = "moderator:read:followers" in token.scopes and (
            token.user_id == broadcaster_id or token.user_id in self.fake.moderators[broadcaster_id]
        )
        if not allowed:  # Twitch answers with the total only
            return json_answer({"total": total, "data": [], "pagination": {}})
        if "user_id" in q:
            followers = [kv for kv in followers if kv[0] == q["user_id"]]
        first = max(1, min(100, int(q.get("first", "20"))))
        start = int(q.get("after") or 0)
        page = followers[start : start + first]
        pagination = {"cursor": str(start + first)} if start + first < len(followers) else {}
        data = [
            {
                "user_id": uid,
                "user_login": self.fake.users[uid].login,
                "user_name": self.fake.users[uid].display_name,
                "followed_at": helix_time(at),
            }
            for uid, at in page
        ]
        return json_answer({"total": total, "data": data, "pagination": pagination})

    async def _moderated_channels(self, request: web.Request, token: FakeToken) -> web.Response:
        """Get Moderated Channels: the channels where ``user_id`` (the token's user, with
        ``user:read:moderated_channels``) is a moderator."""
        user_id = request.query.get("user_id", "")
        if token.user_id != user_id or "user:read:moderated_channels" not in token.scopes:
            return helix_error(401, "user_id must match the user access token")
        channels = [b for b, mods in self.fake.moderators.items() if user_id in mods]
        data = [
            {
                "broadcaster_id": b,
                "broadcaster_login": self.fake.users[b].login,
                "broadcaster_name": self.fake.users[b].display_name,
            }
            for b in sorted(channels)
        ]
        return json_answer({"data": data, "pagination": {}})

    async def _whisper(self, request: web.Request, token: FakeToken) -> web.Response:
        body = await read_body(request)
        from_id, to_id = request.query.get("from_user_id", ""), request.query.get("to_user_id", "")
        message = body.get("message")
        if token.user_id != from_id or "user:manage:whispers" not in token.scopes:
            return helix_error(401, "from_user_id must match the user access token")
        if to_id not in self.fake.users or not isinstance(message, str) or not message:
            return helix_error(400, "Invalid to_user_id or message")
        whisper = Whisper(from_id, to_id, message, time.monotonic())
        request[AFTER_ANSWER] = [lambda: self.fake.whispers.append(whisper)]
        return web.Response(status=204)
