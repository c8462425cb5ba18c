"""The fake Discord's HTTP API v10: routing, auth, rate-limit headers, scripted 429s, errors and
faults, and the record of every request. The handlers live by resource in
:mod:`fakeplatforms.discord.routes`; this module holds the one route table and what happens
around every handler."""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, hdrs, web

from fakeplatforms.discord.api import ApiError, Body, Handler, json_response
from fakeplatforms.discord.messages import Upload
from fakeplatforms.discord.routes.channels import ChannelRoutes
from fakeplatforms.discord.routes.commands import CommandRoutes
from fakeplatforms.discord.routes.guilds import GuildRoutes
from fakeplatforms.discord.routes.interactions import InteractionRoutes
from fakeplatforms.discord.routes.users import UserRoutes

if TYPE_CHECKING:
    from fakeplatforms.discord.server import FakeDiscord


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


def _major(params: Mapping[str, str]) -> str:
    for key in ("channel_id", "guild_id"):
        if key in params:
            return params[key]
    if "token" in params:
        owner = params.get("interaction_id") or params.get("application_id", "")
        return f"{owner}+{params['token']}"
    return ""


class Rest(UserRoutes, CommandRoutes, InteractionRoutes, ChannelRoutes, GuildRoutes):
    """The HTTP API of a :class:`FakeDiscord`: one aiohttp handler that matches the route, checks
    the bot token, answers scripted failures and rate limits, calls the resource's handler and
    records the request."""

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
