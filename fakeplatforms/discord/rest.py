"""The fake Discord's HTTP API v10: routing, auth, rate-limit headers, scripted 429s and errors,
and the route handlers."""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, hdrs, web

from fakeplatforms.discord.interactions import FakeCallback, FakeInteraction
from fakeplatforms.discord.messages import FakeAttachment, FakeMessage, Upload
from fakeplatforms.discord.model import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE,
    DM,
    EPHEMERAL,
    LOADING,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    UPDATE_MESSAGE,
)

if TYPE_CHECKING:
    from fakeplatforms.discord.server import FakeDiscord

API_PREFIX = "/api/v10"


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # below /api/v10, e.g. /channels/1/messages
    route: str  # the template, e.g. /channels/{channel_id}/messages
    major: str  # the rate-limit major parameter
    status: int
    at: float  # loop.time() when it was answered
    body: Any = None
    arrived: float = 0.0  # loop.time() when it came in: the clock of the rate-limit windows


@dataclass
class Body:
    json: Any = None
    files: dict[int, Upload] = field(default_factory=dict)

    @property
    def obj(self) -> dict[str, Any]:
        return self.json if isinstance(self.json, dict) else {}


class ApiError(Exception):
    """Raised by handlers: becomes Discord's JSON error (``{"message", "code"[, "errors"]}``)."""

    def __init__(
        self, status: int, code: int, message: str, errors: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors


def unknown_message() -> ApiError:
    return ApiError(404, 10008, "Unknown Message")


def form_error(field_name: str, message: str, code: str = "BASE_TYPE_INVALID") -> ApiError:
    return ApiError(
        400,
        50035,
        "Invalid Form Body",
        {field_name: {"_errors": [{"code": code, "message": message}]}},
    )


Handler = Callable[[web.Request, dict[str, str], Body], Awaitable[web.Response]]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    regex: re.Pattern[str]
    handler: str
    auth: bool
    bucket: str


_PARAM = {"message_id": r"@original|\d+", "token": r"[^/]+"}


def _route(method: str, template: str, handler: str, *, auth: bool = True) -> Route:
    digits = r"\d+"
    pattern = re.sub(
        r"\{(\w+)\}",
        lambda m: f"(?P<{m.group(1)}>{_PARAM.get(m.group(1), digits)})",
        re.escape(template).replace(r"\{", "{").replace(r"\}", "}"),
    )
    bucket = hashlib.sha1(f"{method} {template}".encode()).hexdigest()[:32]  # noqa: S324 (an id)
    return Route(method, template, re.compile(f"^{pattern}$"), handler, auth, bucket)


_APP = "/applications/{application_id}"
_HOOK = "/webhooks/{application_id}/{token}"
ROUTES: list[Route] = [
    _route("GET", "/gateway", "gateway", auth=False),
    _route("GET", "/gateway/bot", "gateway_bot"),
    _route("GET", "/users/@me", "get_me"),
    _route("GET", "/users/@me/guilds", "my_guilds"),
    _route("POST", "/users/@me/channels", "create_dm"),
    _route("GET", "/users/{user_id}", "get_user"),
    _route("GET", "/oauth2/applications/@me", "application"),
    _route("GET", "/applications/@me", "application"),
    _route("GET", _APP + "/commands", "list_commands"),
    _route("PUT", _APP + "/commands", "put_commands"),
    _route("POST", _APP + "/commands", "upsert_command"),
    _route("GET", _APP + "/commands/{command_id}", "get_command"),
    _route("PATCH", _APP + "/commands/{command_id}", "upsert_command"),
    _route("DELETE", _APP + "/commands/{command_id}", "delete_command"),
    _route("GET", _APP + "/guilds/{guild_id}/commands", "list_commands"),
    _route("PUT", _APP + "/guilds/{guild_id}/commands", "put_commands"),
    _route("POST", _APP + "/guilds/{guild_id}/commands", "upsert_command"),
    _route("GET", _APP + "/guilds/{guild_id}/commands/{command_id}", "get_command"),
    _route("PATCH", _APP + "/guilds/{guild_id}/commands/{command_id}", "upsert_command"),
    _route("DELETE", _APP + "/guilds/{guild_id}/commands/{command_id}", "delete_command"),
    _route("POST", "/interactions/{interaction_id}/{token}/callback", "callback", auth=False),
    _route("POST", _HOOK, "followup", auth=False),
    _route("GET", _HOOK + "/messages/{message_id}", "get_webhook_message", auth=False),
    _route("PATCH", _HOOK + "/messages/{message_id}", "edit_webhook_message", auth=False),
    _route("DELETE", _HOOK + "/messages/{message_id}", "delete_webhook_message", auth=False),
    _route("GET", "/channels/{channel_id}", "get_channel"),
    _route("GET", "/channels/{channel_id}/messages", "list_messages"),
    _route("POST", "/channels/{channel_id}/messages", "create_message"),
    _route("GET", "/channels/{channel_id}/messages/{message_id}", "get_message"),
    _route("PATCH", "/channels/{channel_id}/messages/{message_id}", "edit_message"),
    _route("DELETE", "/channels/{channel_id}/messages/{message_id}", "delete_message"),
    _route("POST", "/channels/{channel_id}/typing", "typing"),
    _route("GET", "/guilds/{guild_id}", "get_guild"),
    _route("GET", "/guilds/{guild_id}/members", "list_members"),
    _route("GET", "/guilds/{guild_id}/members/{user_id}", "get_member"),
    _route("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", "add_member_role"),
    _route("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", "remove_member_role"),
    _route("GET", "/guilds/{guild_id}/roles", "list_roles"),
    _route("GET", "/guilds/{guild_id}/channels", "list_channels"),
]


def json_response(
    body: Any, *, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    """Discord's answers: ``Content-Type: application/json`` exactly (discord.py compares)."""
    out = {hdrs.CONTENT_TYPE: "application/json", **(headers or {})}
    return web.Response(body=json.dumps(body).encode(), status=status, headers=out)


def no_content() -> web.Response:
    return web.Response(status=204)


def _major(params: Mapping[str, str]) -> str:
    for key in ("channel_id", "guild_id"):
        if key in params:
            return params[key]
    if "token" in params:
        owner = params.get("interaction_id") or params.get("application_id", "")
        return f"{owner}+{params['token']}"
    return ""


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true")


class Rest:
    def __init__(
        self, fake: FakeDiscord, *, rate_limit: tuple[int, float], enforce_rate_limits: bool
    ) -> None:
        self.fake = fake
        self.rate_limit = rate_limit
        self.enforce_rate_limits = enforce_rate_limits
        self._windows: dict[tuple[str, str], list[float]] = {}  # key -> [reset_at, count]

    # -- plumbing --------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        fake = self.fake
        path = "/" + request.match_info["tail"]
        # Windows run on the loop's clock, the one discord.py sleeps on: with uvloop it counts
        # whole milliseconds, and a window judged on a finer clock could end a fraction of a
        # millisecond after the client, on a loopback with no latency, rightly saw it end.
        now = fake.loop_time()
        route, params = self._match(request.method, path)
        body = Body()
        try:
            body = await self._body(request)
            if route is None:
                raise ApiError(404, 0, "404: Not Found")
            if route.auth and request.headers.get(hdrs.AUTHORIZATION) != f"Bot {fake.bot_token}":
                raise ApiError(401, 0, "401: Unauthorized")
        except ApiError as e:
            resp = self._error(e)
            self._record(request.method, path, route, "", resp.status, body, now)
            return resp
        major = _major(params)
        scripted = fake._take_scripted(request.method, path)
        if scripted is not None:
            headers, _ = self._ratelimit_headers(route, major, now, count=False, exhausted=True)
            resp = json_response(
                scripted.body, status=scripted.status, headers={**headers, **scripted.headers}
            )
            self._record(request.method, path, route, major, resp.status, body, now)
            return resp
        fault = fake._take_fault(request.method, path)
        if fault is not None and not fault.accepted:
            return self._hang_up(request, route, major, body)
        headers, over = self._ratelimit_headers(route, major, now, count=True)
        if self.enforce_rate_limits and over:
            reset_after = float(headers["X-RateLimit-Reset-After"])
            resp = json_response(
                {
                    "message": "You are being rate limited.",
                    "retry_after": reset_after,
                    "global": False,
                },
                status=429,
                headers={
                    **headers,
                    "Retry-After": str(math.ceil(reset_after)),
                    "X-RateLimit-Scope": "user",
                    "Via": "1.1 google",
                },
            )
            self._record(request.method, path, route, major, 429, body, now)
            return resp
        handler: Handler = getattr(self, "_" + route.handler)
        try:
            resp = await handler(request, params, body)
        except ApiError as e:
            resp = self._error(e)
        resp.headers.update(headers)
        if fault is not None and fault.kind == "reset":
            return self._hang_up(request, route, major, body)
        if fault is not None:
            await asyncio.sleep(fault.seconds)
        self._record(request.method, path, route, major, resp.status, body, now)
        return resp

    def _hang_up(
        self, request: web.Request, route: Route | None, major: str, body: Body
    ) -> web.Response:
        """Close the connection without an answer (recorded with status 0)."""
        self._record(
            request.method,
            "/" + request.match_info["tail"],
            route,
            major,
            0,
            body,
            self.fake.loop_time(),
        )
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=204)  # never written: the connection is gone

    def _match(self, method: str, path: str) -> tuple[Route | None, dict[str, str]]:
        for route in ROUTES:
            if route.method == method:
                m = route.regex.match(path)
                if m:
                    return route, m.groupdict()
        return None, {}

    async def _body(self, request: web.Request) -> Body:
        if not request.can_read_body:
            return Body()
        ctype = request.content_type
        if ctype == "multipart/form-data":
            body = Body()
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                if part.name == "payload_json":
                    body.json = json.loads(await part.text())
                elif part.name.startswith("files["):
                    data = await part.read(decode=False)
                    body.files[int(part.name[6:-1])] = Upload(
                        part.filename or "unknown",
                        bytes(data),
                        part.headers.get(hdrs.CONTENT_TYPE),
                    )
            return body
        raw = await request.read()
        if not raw:
            return Body()
        try:
            return Body(json=json.loads(raw))
        except ValueError:
            raise ApiError(400, 50109, "The request body contains invalid JSON.") from None

    def _ratelimit_headers(
        self, route: Route | None, major: str, now: float, *, count: bool, exhausted: bool = False
    ) -> tuple[dict[str, str], bool]:
        """Discord's rate-limit headers for this bucket, and whether it is over its limit."""
        if route is None:
            return {}, False
        limit, per = self.rate_limit
        key = (route.bucket, major)
        window = self._windows.get(key)
        if window is None or window[0] <= now:
            window = self._windows[key] = [now + per, 0]
        if count:
            window[1] += 1
        remaining = 0 if exhausted else max(0, limit - int(window[1]))
        # Rounded up to the millisecond the header carries: a client that waits what it is told
        # never arrives before the reset.
        reset_after = math.ceil(round(max(0.0, window[0] - now) * 1000, 6)) / 1000
        headers = {
            "X-RateLimit-Bucket": route.bucket,
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        }
        return headers, window[1] > limit

    def _error(self, e: ApiError) -> web.Response:
        body: dict[str, Any] = {"message": e.message, "code": e.code}
        if e.errors is not None:
            body["errors"] = e.errors
        return json_response(body, status=e.status)

    def _record(
        self,
        method: str,
        path: str,
        route: Route | None,
        major: str,
        status: int,
        body: Body,
        arrived: float,
    ) -> None:
        fake = self.fake
        fake.requests.append(
            RecordedRequest(
                method=method,
                path=path,
                route=route.template if route else "",
                major=major,
                status=status,
                at=fake.loop_time(),
                body=body.json,
                arrived=arrived,
            )
        )
        fake.changes.bump()

    # -- users, application, gateway -------------------------------------------------------

    async def _gateway(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response({"url": self.fake.gateway_url})

    async def _gateway_bot(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response(
            {
                "url": self.fake.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000 - self.fake.gateway.identifies,
                    "reset_after": 86_400_000,
                    "max_concurrency": 1,
                },
            }
        )

    async def _get_me(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        me = self.fake.bot_user.payload()
        me.update(
            verified=True,
            mfa_enabled=False,
            flags=0,
            locale="en-US",
            email=None,
            bio="",
            banner=None,
            accent_color=None,
        )
        return json_response(me)

    async def _my_guilds(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        """Get Current User Guilds: partial guilds the bot is a member of, with its permissions."""
        fake = self.fake
        out: list[dict[str, Any]] = []
        for guild in fake.guilds.values():
            member = guild.members.get(fake.bot_user.id)
            if member is None:
                continue
            out.append(
                {
                    "id": str(guild.id),
                    "name": guild.name,
                    "icon": None,
                    "banner": None,
                    "owner": guild.owner_id == fake.bot_user.id,
                    "permissions": str(member.permissions),
                    "features": [],
                }
            )
        return json_response(out)

    async def _get_user(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        user = self.fake.users.get(int(p["user_id"]))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return json_response(user.payload())

    async def _application(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        fake = self.fake
        owner = fake.owner.payload()
        return json_response(
            {
                "id": str(fake.application_id),
                "name": fake.bot_user.username,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "is_monetized": False,
                "is_verified": False,
                "is_discoverable": False,
                "hook": True,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": hashlib.sha256(str(fake.application_id).encode()).hexdigest(),
                "flags": fake.application_flags,
                "owner": owner,
                "team": None,
                "bot": fake.bot_user.payload(),
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "role_connections_verification_url": None,
                "tags": [],
                "approximate_guild_count": len(fake.guilds),
                "approximate_user_install_count": 0,
                "integration_types_config": {"0": {}},
            }
        )

    async def _create_dm(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        try:
            user = self.fake.users[int(b.obj.get("recipient_id") or 0)]
        except (KeyError, ValueError, TypeError):
            raise ApiError(400, 50033, "Invalid Recipient(s)") from None
        return json_response(self.fake.dm_channel(user).payload())

    # -- commands ----------------------------------------------------------------------------

    def _scope(self, p: Mapping[str, str]) -> int | None:
        if int(p["application_id"]) != self.fake.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild_id" not in p:
            return None
        guild_id = int(p["guild_id"])
        if guild_id not in self.fake.guilds:
            raise ApiError(403, 50001, "Missing Access")
        return guild_id

    async def _list_commands(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        return json_response(self.fake.registry.commands_in(self._scope(p)))

    async def _put_commands(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        if not isinstance(b.json, list):
            raise form_error("_root", "Must be an array of application commands.")
        return json_response(self.fake.registry.overwrite_commands(self._scope(p), b.json))

    async def _upsert_command(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        scope = self._scope(p)
        created, cmd = self.fake.registry.upsert_command(scope, b.obj, p.get("command_id"))
        return json_response(cmd, status=201 if created else 200)

    async def _get_command(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        for cmd in self.fake.registry.commands_in(self._scope(p)):
            if cmd["id"] == p["command_id"]:
                return json_response(cmd)
        raise ApiError(404, 10063, "Unknown application command")

    async def _delete_command(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        self.fake.registry.delete_command(self._scope(p), p["command_id"])
        return no_content()

    # -- interactions --------------------------------------------------------------------------

    async def _callback(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        fake = self.fake
        ix = fake.interaction_by_id(int(p["interaction_id"]))
        if ix is None or ix.token != p["token"]:
            raise ApiError(404, 10062, "Unknown interaction")
        payload = b.obj
        cb_type = payload.get("type")
        data = payload.get("data") or {}
        after = fake.loop_time() - ix.created

        def attempt(status: int, code: int, files: tuple[FakeAttachment, ...] = ()) -> None:
            ix.callbacks.append(
                FakeCallback(
                    type=int(cb_type or 0),
                    status=status,
                    code=code,
                    data=data,
                    after=after,
                    files=files,
                )
            )
            ix.changes.bump()
            fake.changes.bump()

        try:
            if ix.responded:
                raise ApiError(400, 40060, "Interaction has already been acknowledged.")
            if after > ix.deadline:
                raise ApiError(404, 10062, "Unknown interaction")
            allowed = {
                APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
                MESSAGE_COMPONENT: {
                    CHANNEL_MESSAGE,
                    DEFERRED_CHANNEL_MESSAGE,
                    DEFERRED_UPDATE,
                    UPDATE_MESSAGE,
                    MODAL,
                },
                AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
                MODAL_SUBMIT: {
                    CHANNEL_MESSAGE,
                    DEFERRED_CHANNEL_MESSAGE,
                    DEFERRED_UPDATE,
                    UPDATE_MESSAGE,
                },
            }[ix.type]
            if cb_type not in allowed:
                raise form_error("type", f"Interaction callback type {cb_type} is not valid here")
            message = self._apply_callback(ix, int(cb_type), data, b)
        except ApiError as e:
            attempt(e.status, e.code)
            raise
        attempt(200, 0, tuple(message.attachments) if message is not None else ())
        if not _truthy(request.query.get("with_response")):
            return no_content()
        meta: dict[str, Any] = {"id": str(ix.id), "type": ix.type}
        out: dict[str, Any] = {"interaction": meta}
        if message is not None:
            meta.update(
                response_message_id=str(message.id),
                response_message_loading=message.loading,
                response_message_ephemeral=message.ephemeral,
            )
            out["resource"] = {"type": cb_type, "message": message.payload()}
        return json_response(out)

    def _apply_callback(
        self, ix: FakeInteraction, cb_type: int, data: dict[str, Any], b: Body
    ) -> FakeMessage | None:
        fake = self.fake
        if cb_type == CHANNEL_MESSAGE:
            ix.original = fake.new_message(
                ix.channel,
                data,
                b.files,
                interaction=ix,
                flag_mask=EPHEMERAL | 4 | 4096 | 32768,
                type=20 if ix.type == APPLICATION_COMMAND else 0,
            )
            return ix.original
        if cb_type == DEFERRED_CHANNEL_MESSAGE:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            ix.original = fake.new_message(
                ix.channel,
                {"flags": flags},
                {},
                interaction=ix,
                flag_mask=LOADING | EPHEMERAL,
                type=20 if ix.type == APPLICATION_COMMAND else 0,
                allow_empty=True,
            )
            return ix.original
        if cb_type == DEFERRED_UPDATE:
            ix.original = ix.source_message
            return None
        if cb_type == UPDATE_MESSAGE:
            if ix.source_message is None:
                raise form_error("type", "There is no message to update")
            ix.original = ix.source_message
            fake.edit_message(ix.source_message, data, b.files)
            return ix.source_message
        if cb_type == AUTOCOMPLETE_RESULT:
            choices = data.get("choices") or []
            if len(choices) > 25:
                raise form_error(
                    "data.choices", "Must be 25 or fewer in length.", "BASE_TYPE_MAX_LENGTH"
                )
            ix.choices = list(choices)
            return None
        if cb_type == MODAL:
            for key in ("custom_id", "title", "components"):
                if not data.get(key):
                    raise form_error(f"data.{key}", "This field is required", "BASE_TYPE_REQUIRED")
            ix.modal = data
            return None
        raise form_error("type", f"Unknown callback type {cb_type}")

    def _hook_interaction(self, p: Mapping[str, str]) -> FakeInteraction:
        fake = self.fake
        ix = fake.interaction_by_token(p["token"])
        if ix is None or int(p["application_id"]) != fake.application_id:
            raise ApiError(404, 10015, "Unknown Webhook")
        if fake.loop_time() > ix.expires:
            raise ApiError(401, 50027, "Invalid Webhook Token")
        if not ix.responded:
            raise ApiError(404, 10015, "Unknown Webhook")
        return ix

    def _hook_message(self, ix: FakeInteraction, message_id: str) -> FakeMessage:
        if message_id == "@original":
            msg = ix.original
        else:
            mid = int(message_id)
            msg = next((m for m in [*ix.messages, ix.source_message] if m and m.id == mid), None)
        if msg is None or msg.deleted:
            raise unknown_message()
        return msg

    async def _followup(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        fake = self.fake
        ix = self._hook_interaction(p)
        data = b.obj
        original = ix.original
        if (
            original is not None
            and original.loading
            and ix.response_type == DEFERRED_CHANNEL_MESSAGE
            and original not in ix.followups
        ):
            # The first follow-up after a "thinking" defer replaces the loading message.
            fake.edit_message(original, data, b.files, finish_loading=True)
            message = original
        else:
            message = fake.new_message(
                ix.channel,
                data,
                b.files,
                interaction=ix,
                flag_mask=EPHEMERAL | 4 | 4096 | 32768,
            )
        ix.followups.append(message)
        ix.changes.bump()
        if not _truthy(request.query.get("wait")):
            return no_content()
        return json_response(message.payload())

    async def _get_webhook_message(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        ix = self._hook_interaction(p)
        return json_response(self._hook_message(ix, p["message_id"]).payload())

    async def _edit_webhook_message(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        ix = self._hook_interaction(p)
        msg = self._hook_message(ix, p["message_id"])
        self.fake.edit_message(msg, b.obj, b.files, finish_loading=True)
        ix.changes.bump()
        return json_response(msg.payload())

    async def _delete_webhook_message(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        ix = self._hook_interaction(p)
        await self.fake.delete_message(self._hook_message(ix, p["message_id"]))
        ix.changes.bump()
        return no_content()

    # -- channels and messages -----------------------------------------------------------------

    def _channel(self, p: Mapping[str, str]) -> Any:
        channel = self.fake.channels.get(int(p["channel_id"]))
        if channel is None:
            raise ApiError(404, 10003, "Unknown Channel")
        return channel

    def _message(self, p: Mapping[str, str]) -> FakeMessage:
        channel = self._channel(p)
        msg = self.fake.messages.get(int(p["message_id"])) if p["message_id"].isdigit() else None
        if msg is None or msg.deleted or msg.channel_id != channel.id or msg.ephemeral:
            raise unknown_message()
        return msg

    async def _get_channel(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response(self._channel(p).payload())

    async def _list_messages(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        channel = self._channel(p)
        q = request.query
        limit = max(1, min(100, int(q.get("limit", "50"))))
        msgs = [m for m in channel.messages if not m.deleted]
        if "before" in q:
            msgs = [m for m in msgs if m.id < int(q["before"])]
        if "after" in q:
            msgs = [m for m in msgs if m.id > int(q["after"])][:limit]
        msgs = msgs[-limit:]
        return json_response([m.payload() for m in reversed(msgs)])

    async def _create_message(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        channel = self._channel(p)
        recipient = channel.recipient
        if (
            channel.type == DM
            and recipient is not None
            and (recipient.bot or not recipient.dms_open)
        ):
            raise ApiError(403, 50007, "Cannot send messages to this user")
        fake = self.fake
        nonce = b.obj.get("nonce")
        if nonce is not None and len(str(nonce)) > 25:
            raise form_error("nonce", "Must be 25 or fewer in length.", "BASE_TYPE_MAX_LENGTH")
        if nonce is not None and b.obj.get("enforce_nonce") is True:
            # Discord: the message the same author created with this nonce in the past few
            # minutes is returned, and no new message is created.
            earlier = fake.nonced(fake.bot_user, str(nonce))
            if earlier is not None:
                fake.nonce_hits += 1
                return json_response(earlier.payload())
        msg = fake.new_message(channel, b.obj, b.files, flag_mask=4 | 4096 | 32768)
        if b.obj.get("enforce_nonce") is True:
            fake.remember_nonce(msg)
        return json_response(msg.payload())

    async def _get_message(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response(self._message(p).payload())

    async def _edit_message(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        msg = self._message(p)
        if msg.author is not self.fake.bot_user:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        self.fake.edit_message(msg, b.obj, b.files)
        return json_response(msg.payload())

    async def _delete_message(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        await self.fake.delete_message(self._message(p))
        return no_content()

    async def _typing(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        self._channel(p)
        return no_content()

    # -- guilds ----------------------------------------------------------------------------------

    def _guild(self, p: Mapping[str, str]) -> Any:
        guild = self.fake.guilds.get(int(p["guild_id"]))
        if guild is None:
            raise ApiError(404, 10004, "Unknown Guild")
        return guild

    def _member(self, p: Mapping[str, str]) -> Any:
        member = self._guild(p).members.get(int(p["user_id"]))
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        return member

    async def _get_guild(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        guild = self._guild(p)
        out = guild.payload()
        if _truthy(request.query.get("with_counts")):
            out.update(
                approximate_member_count=len(guild.members),
                approximate_presence_count=0,
            )
        return json_response(out)

    async def _list_members(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        guild = self._guild(p)
        if not self.fake.members_intent_enabled:
            raise ApiError(403, 50001, "Missing Access")
        limit = max(1, min(1000, int(request.query.get("limit", "1"))))
        after = int(request.query.get("after", "0"))
        ids = sorted(uid for uid in guild.members if uid > after)[:limit]
        return json_response([guild.members[uid].payload() for uid in ids])

    async def _get_member(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response(self._member(p).payload())

    async def _add_member_role(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        member = self._member(p)
        role_id = int(p["role_id"])
        if role_id not in member.guild.roles:
            raise ApiError(404, 10011, "Unknown Role")
        if role_id not in member.roles:
            member.roles.append(role_id)
            self.fake.member_updated(member)
        return no_content()

    async def _remove_member_role(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        member = self._member(p)
        role_id = int(p["role_id"])
        if role_id not in member.guild.roles:
            raise ApiError(404, 10011, "Unknown Role")
        if role_id in member.roles:
            member.roles.remove(role_id)
            self.fake.member_updated(member)
        return no_content()

    async def _list_roles(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response([r.payload() for r in self._guild(p).roles.values()])

    async def _list_channels(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        return json_response([c.payload() for c in self._guild(p).channels.values()])
