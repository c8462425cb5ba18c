"""Security headers on every answer, and signed cookies for the claim page's logins.

Cookies are signed with HMAC-SHA256 under a key derived from the signing keyring's first key
(never removed by rotation), so logins survive a restart and a second process verifies them too,
and nobody without the keyring can forge one. They carry who is logged in and until when, never
a platform token.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.drops.keyring import Keyring

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# No script at all, styles only from our own stylesheet, QR codes are inline SVG.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # The OAuth callback URL carries a one-time code: it must never leave in a Referer.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
        _apply(response)
        raise
    _apply(response)
    return response


def _apply(response: web.StreamResponse) -> None:
    if response.prepared:
        return
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)


def session_key(keyring: Keyring) -> bytes:
    return hmac.digest(keyring.keys[0].seed, b"fairdrop/v1/web-session", hashlib.sha256)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CookieSigner:
    """Signs small JSON payloads with an expiry; `load` returns None for anything not ours."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def dump(self, purpose: str, payload: dict[str, Any], expires_at: float) -> str:
        body = _b64(json.dumps({**payload, "p": purpose, "exp": int(expires_at)}).encode())
        return f"{body}.{self._mac(body)}"

    def load(self, purpose: str, value: str | None, now: float) -> dict[str, Any] | None:
        # A cookie is whatever bytes a client sends: ours are ASCII, and HMAC compares only that.
        if not value or not value.isascii() or value.count(".") != 1:
            return None
        body, mac = value.split(".")
        if not hmac.compare_digest(mac, self._mac(body)):
            return None
        try:
            payload = json.loads(_unb64(body))
        except (binascii.Error, ValueError):
            return None
        if not isinstance(payload, dict) or payload.get("p") != purpose:
            return None
        expires = payload.get("exp")
        if not isinstance(expires, int) or now >= expires:
            return None
        return payload

    def _mac(self, body: str) -> str:
        return _b64(hmac.digest(self._key, body.encode(), hashlib.sha256))


def set_cookie(
    response: web.StreamResponse, name: str, value: str, *, max_age: int, secure: bool
) -> None:
    response.set_cookie(
        name, value, max_age=max_age, path="/", httponly=True, samesite="Lax", secure=secure
    )


def clear_cookie(response: web.StreamResponse, name: str, *, secure: bool) -> None:
    response.del_cookie(name, path="/", secure=secure, httponly=True, samesite="Lax")
