"""The fake Twitch's records, constants and wire helpers, shared by its OAuth, Helix and EventSub
modules: what a user, a token, a subscription or a session is, and Twitch's JSON shapes."""

from __future__ import annotations

import asyncio
import re
import secrets
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

CLIENT_ID = "fakeclientid0000000000000000000"
CLIENT_SECRET = "fakeclientsecret00000000000000"  # noqa: S105 (the fake's own, public)

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

DUPLICATE = "Your message is identical to the one you sent within the last 30 seconds."
MENTION = re.compile(r"@([A-Za-z0-9_]{1,25})")

# Effects a Helix handler makes visible only once its answer is written (see Helix.handle).
AFTER_ANSWER: web.RequestKey[list[Callable[[], None]]] = web.RequestKey("fake_twitch_after", list)


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
class Notification:
    """What :meth:`FakeTwitch.redeliver` needs to send a notification again, byte for byte."""

    metadata_id: str
    timestamp: str
    sub_type: str
    version: str
    event: dict[str, Any]
    match: Callable[[Mapping[str, str]], bool]


# --------------------------------------------------------------------------------------------
# Helpers


STATUS_MESSAGES = {
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


def json_answer(
    body: Any, *, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    # Twitch answers "application/json; charset=utf-8"; twitchio only checks the prefix.
    return web.json_response(body, status=status, headers=dict(headers or {}))


def user_token_answer(token: FakeToken) -> web.Response:
    """``POST /oauth2/token``'s answer with a user access token (any grant that makes one)."""
    return json_answer(
        {
            "access_token": token.access_token,
            "refresh_token": token.refresh_token,
            "expires_in": token.expires_in,
            "scope": list(token.scopes),
            "token_type": "bearer",
        }
    )


async def id_params(request: web.Request) -> dict[str, str]:
    """An id endpoint's parameters: the query string, then a form body (Twitch takes both)."""
    params = dict(request.query)
    if request.can_read_body and request.content_type == "application/x-www-form-urlencoded":
        params.update({k: str(v) for k, v in (await request.post()).items()})
    return params


def helix_error(
    status: int, message: str, *, headers: Mapping[str, str] | None = None
) -> web.Response:
    return json_answer(
        {"error": STATUS_MESSAGES.get(status, "Error"), "status": status, "message": message},
        status=status,
        headers=headers,
    )


async def read_body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        data = await request.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def frame_metadata(message_type: str) -> dict[str, str]:
    return {
        "message_id": str(uuid.uuid4()),
        "message_type": message_type,
        "message_timestamp": rfc3339_nanos(),
    }


def new_session_id() -> str:
    return "AgoQ" + secrets.token_urlsafe(18).replace("-", "_")


def text_fragment(text: str) -> dict[str, Any]:
    return {"type": "text", "text": text, "cheermote": None, "emote": None, "mention": None}


def ratelimit_headers(*, remaining: int = 799, reset_after: float = 60.0) -> dict[str, str]:
    return {
        "Ratelimit-Limit": "800",
        "Ratelimit-Remaining": str(remaining),
        "Ratelimit-Reset": str(int(time.time() + reset_after)),
    }
