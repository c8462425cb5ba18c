"""Security headers on every answer, and signed cookies for the claim page's logins.

Headers are set as each response is prepared (aiohttp's `on_response_prepare`), so 404s, 405s
and the 500 of a failing handler carry them too. A route that needs another policy (an overlay
page meant to be framed, say) sets its own header: what a handler set is kept. aiohttp's
`Server` header (its version) is removed; with an https `public_url` HSTS is added.

Cookies are signed with itsdangerous under a keyring of session secrets: the first signs, every
one verifies, so a secret is rotated by putting a new one first and removing the old one once
`session_ttl` has passed. Without configured secrets the key is derived from the signing
keyring's first key (never removed by rotation), so logins survive a restart and a second
process verifies them too. Cookies carry who is logged in and until when, never a platform
token. With https their names take the `__Host-` prefix (Secure, Path=/, no Domain: a sibling
subdomain cannot set or shadow them).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from aiohttp import hdrs, web
from itsdangerous import BadData, URLSafeSerializer

from bot.drops.keyring import Keyring

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Scripts and styles only from our own static files (the live pages' small script, which
# follows the feed on our own origin; the transparency page's in-browser check of the draw,
# static/verify_draw.js, which fetches the transcript from this origin), QR codes are inline SVG.
CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
    "img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # The OAuth callback URL carries a one-time code: it must never leave in a Referer.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
HSTS = "max-age=63072000"  # two years; subdomains are the operator's to decide


def https(public_url: str) -> bool:
    return public_url.startswith("https://")


def security_headers(
    public_url: str,
) -> Callable[[web.Request, web.StreamResponse], Awaitable[None]]:
    """An `on_response_prepare` handler: the headers above on every response of the app."""
    headers: Mapping[str, str] = (
        {**HEADERS, "Strict-Transport-Security": HSTS} if https(public_url) else HEADERS
    )

    async def apply(request: web.Request, response: web.StreamResponse) -> None:
        response.headers.popall(hdrs.SERVER, None)
        for name, value in headers.items():
            response.headers.setdefault(name, value)

    return apply


def session_key(keyring: Keyring) -> bytes:
    return hmac.digest(keyring.keys[0].seed, b"fairdrop/v1/web-session", hashlib.sha256)


class CookieSigner:
    """Signs small JSON payloads with an expiry; `load` returns None for anything not ours.

    `secrets` are newest first: the first signs, all verify.
    """

    def __init__(self, secrets: bytes | Sequence[bytes]) -> None:
        keys = [secrets] if isinstance(secrets, bytes) else list(secrets)
        if not keys:
            raise ValueError("at least one session secret is needed")
        self._keys = list(reversed(keys))  # itsdangerous signs with the last, verifies with all

    def _serializer(self, purpose: str) -> URLSafeSerializer:
        return URLSafeSerializer(self._keys, salt=f"fairdrop/v1/{purpose}")

    def dump(self, purpose: str, payload: dict[str, Any], expires_at: float) -> str:
        signed = self._serializer(purpose).dumps({**payload, "exp": int(expires_at)})
        return str(signed)

    def load(self, purpose: str, value: str | None, now: float) -> dict[str, Any] | None:
        # A cookie is whatever bytes a client sends: ours are ASCII.
        if not value or not value.isascii():
            return None
        try:
            payload = self._serializer(purpose).loads(value)
        except (BadData, UnicodeError, ValueError):
            return None
        if not isinstance(payload, dict):
            return None
        expires = payload.get("exp")
        if not isinstance(expires, int) or now >= expires:
            return None
        return payload


def cookie_name(name: str, *, secure: bool) -> str:
    """`name`, or `__Host-name` when the app is served over https."""
    return f"__Host-{name}" if secure else name


def set_cookie(
    response: web.StreamResponse, name: str, value: str, *, max_age: int, secure: bool
) -> None:
    response.set_cookie(
        cookie_name(name, secure=secure), value, max_age=max_age, path="/", httponly=True,
        samesite="Lax", secure=secure,
    )  # fmt: skip


def clear_cookie(response: web.StreamResponse, name: str, *, secure: bool) -> None:
    response.del_cookie(
        cookie_name(name, secure=secure), path="/", secure=secure, httponly=True, samesite="Lax"
    )


def read_cookie(request: web.Request, name: str, *, secure: bool) -> str | None:
    return request.cookies.get(cookie_name(name, secure=secure))
