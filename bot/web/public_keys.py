"""The public keys at a well-known URL, so partners verify tokens offline with any PASETO library.

Each key is a PASERK `k4.public` with its key id (`k4.pid`, which tokens carry in their footer),
current key last. Previous keys stay published: codes they signed remain valid until expiry.
"""

from __future__ import annotations

from aiohttp import web

from bot.web.keys import SERVICE

PATH = "/.well-known/fairdrop-keys.json"


async def public_keys(request: web.Request) -> web.Response:
    keyring = request.app[SERVICE].keyring
    current = keyring.current.kid
    keys = [
        {
            "kid": key.kid,
            "paserk": paserk,
            "status": "current" if key.kid == current else "previous",
            "created_at": key.created_at.isoformat(timespec="seconds"),
        }
        for key, (_, paserk) in zip(keyring.keys, keyring.public_paserks(), strict=True)
    ]
    response = web.json_response({"current": current, "keys": keys, "version": "v4.public"})
    # Short: a rotation must reach partners soon, and the document is tiny.
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
