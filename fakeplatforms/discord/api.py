"""What every route of the fake Discord's HTTP API shares, as the docs' API Reference sets it
out: the version prefix, request bodies (JSON, or multipart ``payload_json`` + ``files[n]``),
error messages (``{"message", "code"[, "errors"]}``), boolean query strings and JSON answers; and
:class:`RouteGroup`, the base of each resource's handlers. Apart from the router (rest.py) so the
resources' handlers and the command registry can raise and answer without importing the router,
which imports them."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import hdrs, web

from fakeplatforms.discord.messages import Upload

if TYPE_CHECKING:
    from fakeplatforms.discord.server import FakeDiscord

API_PREFIX = "/api/v10"


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


def json_response(
    body: Any, *, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    """Discord's answers: ``Content-Type: application/json`` exactly (discord.py compares)."""
    out = {hdrs.CONTENT_TYPE: "application/json", **(headers or {})}
    return web.Response(body=json.dumps(body).encode(), status=status, headers=out)


def no_content() -> web.Response:
    return web.Response(status=204)


def truthy(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true")


class RouteGroup:
    """The handlers of one resource, mixed into :class:`~fakeplatforms.discord.rest.Rest`: a
    route named ``name`` in its table is answered by the method ``_name``."""

    fake: FakeDiscord
