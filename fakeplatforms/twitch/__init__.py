"""A local fake of Twitch that the real twitchio 3 runs against: id (OAuth), Helix and EventSub.

One aiohttp application on a free 127.0.0.1 port serves, with Twitch's wire formats:

* id: ``POST /oauth2/token`` (client_credentials, refresh_token, authorization_code grants; the
  parameters may come in the query string, as twitchio sends them, or a form body),
  ``GET /oauth2/validate`` (``Authorization: OAuth <token>`` or ``Bearer <token>``; 401
  ``invalid access token`` for unknown tokens), ``POST /oauth2/revoke``.
* Device Code Grant Flow: ``POST /oauth2/device`` and its polls at ``POST /oauth2/token``
  (``fakeplatforms/twitch/device.py``).
* Helix under ``/helix/``: ``eventsub/subscriptions`` (POST, GET, DELETE; websocket transport),
  ``chat/messages`` (POST), ``users`` (GET), ``channels/followers`` (GET), ``whispers`` (POST).
  Every Helix request needs ``Authorization: Bearer <known token>`` and the fake's ``Client-Id``,
  else 401 ``Invalid OAuth token``, which makes twitchio refresh the token as it would on Twitch.
* EventSub WebSocket at ``/ws``: ``session_welcome``, ``session_keepalive``, ``notification``,
  ``session_reconnect``, ``revocation`` frames and the 4000-4007 close codes.

Tests drive it through :class:`FakeTwitch`: register users, follows and moderators, issue tokens,
inject chat (:meth:`FakeTwitch.chat`), redeliver a notification, ask a session to reconnect (the new
welcome keeping the session id, as Twitch's documentation shows, or with a new one), close a
session with a code, script failures of any Helix route, and read what the bot did
(:attr:`FakeTwitch.sent_messages`, :meth:`FakeTwitch.max_sent_in_window`,
:attr:`FakeTwitch.subscription_requests`, :attr:`FakeTwitch.open_sessions`, ...).

``chat/messages`` applies Twitch's authorisation rule: with a user token the sender must be the
token's user (``user:write:chat``); with the app token (what twitchio's ``ctx.send``/``reply``
use) the sender must have granted ``user:bot`` and be the broadcaster, a moderator
(:meth:`FakeTwitch.add_moderator`) or have the broadcaster's ``channel:bot``; else 403.
:meth:`FakeTwitch.hold` parks requests to a route (a slow Twitch) to make races deterministic.

Importing this module imports twitchio with aiohttp's import-time DeprecationWarning silenced
(``filterwarnings = error`` would fail collection otherwise); import it before twitchio.

Point twitchio at it with :meth:`FakeTwitch.patch_twitchio` (``twitchio.http.Route.BASE``,
``twitchio.http.Route.ID_BASE`` and ``twitchio.eventsub.websockets.WSS``) and run a client with
:func:`run_client` (the offline start recipe). The tests' ``fake_twitch`` fixture
(tests/fixtures/platforms.py) does both for a test. The modules: ``server`` (:class:`FakeTwitch`,
its state and test API), ``oauth`` (id), ``helix``, ``eventsub`` and ``model`` (records, shapes).
"""

from __future__ import annotations

import asyncio
import contextlib
import warnings
from collections.abc import AsyncIterator
from typing import Any


def _import_twitchio() -> None:
    """Import twitchio once, hiding the DeprecationWarning aiohttp >= 3.14 raises at import
    ("Inheritance class AiohttpAdapter from web.Application is discouraged"), which the suite's
    ``filterwarnings = error`` would turn into a collection error. Later imports hit the cache."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Inheritance class AiohttpAdapter", category=DeprecationWarning
        )
        import twitchio  # noqa: F401


_import_twitchio()

from fakeplatforms.twitch.model import (  # noqa: E402
    BOT_SCOPES,
    CLIENT_ID,
    CLIENT_SECRET,
    CLOSE_REASONS,
    ChatAttempt,
    FakeSession,
    FakeSubscription,
    FakeToken,
    FakeUser,
    RecordedRequest,
    Scripted,
    SentChatMessage,
    Whisper,
    helix_time,
    rfc3339_nanos,
)
from fakeplatforms.twitch.server import FakeTwitch  # noqa: E402

__all__ = [
    "BOT_SCOPES",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "CLOSE_REASONS",
    "ChatAttempt",
    "FakeSession",
    "FakeSubscription",
    "FakeToken",
    "FakeTwitch",
    "FakeUser",
    "RecordedRequest",
    "Scripted",
    "SentChatMessage",
    "Whisper",
    "helix_time",
    "rfc3339_nanos",
    "run_client",
]

# --------------------------------------------------------------------------------------------
# Running twitchio against the fake


@contextlib.asynccontextmanager
async def run_client(client: Any, *, token: str, within: float = 5.0) -> AsyncIterator[Any]:
    """Start a twitchio ``Client``/``Bot`` with the offline recipe and yield it once ready.

    ``token`` is the app access token (``fake.app_token.access_token``): passing it skips the
    client-credentials request. User tokens belong in the client's ``setup_hook``. On exit the
    client is closed and its ``start()`` task awaited, so no task or socket outlives the test.
    """
    task = asyncio.create_task(
        client.start(token=token, with_adapter=False, load_tokens=False, save_tokens=False)
    )
    ready = asyncio.create_task(client.wait_until_ready())
    started = False
    try:
        await asyncio.wait({task, ready}, timeout=within, return_when=asyncio.FIRST_COMPLETED)
        started = ready.done() and not task.done()
        if not started and not task.done():
            raise TimeoutError("twitchio client did not become ready")
    finally:
        if not started:
            ready.cancel()
            await client.close()
            await _finish(task, within)  # raises what start() raised (setup_hook, login)
    ready.cancel()
    try:
        yield client
    finally:
        await client.close()
        await _finish(task, within)


async def _finish(task: asyncio.Task[Any], within: float) -> None:
    try:
        async with asyncio.timeout(within):
            await asyncio.shield(task)
    except TimeoutError:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        raise
