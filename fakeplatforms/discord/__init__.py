"""A local fake of Discord that the real discord.py 2.7 runs against: HTTP API v10 and the gateway.

One aiohttp application on a free 127.0.0.1 port serves, with Discord's wire formats
(every JSON answer has ``Content-Type: application/json`` exactly, as discord.py requires):

* HTTP API under ``/api/v10`` (``Authorization: Bot <token>``; 401 for anything else, except
  the interaction callback and webhook routes, which are authenticated by their token):

  - ``GET /gateway``, ``GET /gateway/bot``, ``GET /users/@me``, ``GET /users/{id}``,
    ``GET /oauth2/applications/@me`` (also ``/applications/@me``), ``GET /users/@me/guilds``
    (the guilds the bot is a member of, with its permissions there).
  - Application commands, global and per guild: ``GET|PUT|POST /applications/{app}/commands``,
    ``GET|PATCH|DELETE .../commands/{id}``, and the same under ``/guilds/{guild}/``. ``PUT`` is
    Discord's bulk overwrite: ids are kept and ``version`` bumps only for changed commands; each
    PUT is recorded as a :class:`CommandPut` (``changed``, ``created``, ``updated``,
    ``deleted``). Names, descriptions and option order are validated (400, code 50035).
  - ``POST /interactions/{id}/{token}/callback`` (types 4, 5, 6, 7, 8, 9; JSON or multipart
    ``payload_json`` + ``files[n]``; ``with_response`` answered with the callback object). The
    first callback later than ``interaction_deadline`` (3 s) after dispatch: 404 code 10062
    "Unknown interaction"; a second callback: 400 code 40060 "already acknowledged".
  - Follow-ups: ``POST /webhooks/{app}/{token}`` (``?wait``; before any callback: 404 code 10015;
    after ``token_lifetime``: 401 code 50027; the first follow-up after a "thinking" defer
    replaces the loading message, as on Discord) and ``GET|PATCH|DELETE
    /webhooks/{app}/{token}/messages/{@original|id}``.
  - Message create honours ``nonce`` (at most 25 characters) with ``enforce_nonce: true``: a
    second create by the same author with the same nonce within ``nonce_window`` (300 s)
    returns the first message and creates none (counted in ``nonce_hits``).
  - ``GET /channels/{id}``, ``GET|POST /channels/{id}/messages``, ``GET|PATCH|DELETE
    /channels/{id}/messages/{id}``, ``POST /channels/{id}/typing``; ``POST /users/@me/channels``
    (DM channel); sending to a user whose DMs are closed: 403 code 50007.
  - ``GET /guilds/{id}``, ``/guilds/{id}/roles``, ``/guilds/{id}/channels`` (with each
    channel's ``permission_overwrites``, from :attr:`FakeChannel.overwrites`),
    ``/guilds/{id}/members/{user}``, ``/guilds/{id}/members?limit&after``;
    ``PUT|DELETE /guilds/{id}/members/{user}/roles/{role}``.
  - Every answer carries ``X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket`` (per route and
    major parameter, ``rate_limit=(limit, per)``); exceeding it answers 429 with ``Via``.
* Attachment bytes at ``/attachments/{channel}/{id}/{name}`` and
  ``/ephemeral-attachments/{command}/{id}/{name}`` (what ``Attachment.read()`` fetches).
* Gateway at ``/gateway`` (READY's ``resume_gateway_url`` is ``/gateway/resume``): HELLO,
  IDENTIFY → READY (user, session_id, resume_gateway_url, application, unavailable guild stubs)
  and one GUILD_CREATE per guild, HEARTBEAT → ACK, RESUME → replay of missed events + RESUMED,
  REQUEST_GUILD_MEMBERS → GUILD_MEMBERS_CHUNK, sequence numbers, ``compress=zlib-stream``
  (what discord.py asks for when zstandard is not installed: one zlib stream per connection,
  each frame ending in a Z_SYNC_FLUSH). The bot's own messages come back as
  MESSAGE_CREATE/UPDATE/DELETE with the messages intents.

Tests drive it through :class:`FakeDiscord` (``fake_discord`` fixture), e.g.::

    guild = fake.add_guild("Stream")                 # @everyone, the bot's role, #general
    mods = fake.add_role(guild, "Mods", "manage_guild")
    fan = fake.add_member(guild, "fan", roles=[mods], dms_open=False)
    async with run_client(MyBot(guild_ready_timeout=0.05), token=fake.bot_token):
        ix = await fake.slash(fan, "drop open", name="hoodie", supply=10)
        await ix.wait_followups(1)
        assert ix.deferred and ix.ephemeral and ix.content == "..."

Building: ``add_guild(name, *, channels=("general",))``, ``add_role(guild, name, permissions=0,
*, mentionable, color, hoist)``, ``add_channel(guild, name, *, type=0, topic=None)``,
``add_member(guild, username, roles=(), permissions=None, dms_open=True, bot=False, *, user,
nick, joined_at)`` (permissions: an int, a name, names or ``discord.Permissions``; None: from
@everyone and the roles), ``add_admin(guild, username)``, ``add_user(username, ...)``;
``application_id``, ``bot_token``, ``bot_user``, ``owner``; ``interaction_deadline``,
``token_lifetime``, ``rate_limit`` and ``members_intent_enabled`` may be changed in a test.

Interactions, sent as INTERACTION_CREATE with Discord's full payload, each returning a
:class:`FakeInteraction` once the first callback arrived (``wait=False``: at once):
``slash(member, path, options=None, /, *, in_channel=None, wait=True, timeout=5.0, locale=...,
**options)`` (``path`` = ``"command [group] subcommand"``; options typed and checked against the
schema the bot PUT: str, int, float, bool, FakeMember/FakeUser, FakeRole, FakeChannel,
:class:`Upload` / ``(filename, bytes)``; LookupError if the bot has not synced the command),
``autocomplete(member, path, focused, value="", options=None, /, ...)``,
``press(member, message, custom_id, *, wait=True)``, ``select(member, message, custom_id,
values)``, ``submit_modal(member, opened_by, {custom_id: value})``, and ``press_many(members,
message, custom_id, *, wait=False)`` for a thousand at once. A :class:`FakeInteraction` has
``wait_response(timeout=5)`` (the first :class:`FakeCallback`: ``status``, ``code``, ``type``,
``flags``, ``content``, ``after``), ``wait_followups(n, timeout)``, ``wait_content(timeout)``,
``callbacks``, ``response``, ``responded``, ``response_type``, ``deferred``, ``ephemeral``,
``content`` (what the user finally sees), ``embeds``, ``components``, ``files``, ``pinged``,
``original``, ``followups``, ``messages``, ``texts``, ``choices`` (autocomplete), ``modal``.

Reading: ``messages_in(channel)``, ``dms_to(member)``, ``message(id)``, ``wait_for_message``,
``commands(guild=None)``, ``command(name, guild)``, ``command_puts``, ``interactions``,
``requests`` / ``requests_to(method, path_regex)`` (:class:`RecordedRequest`: method, path,
route, major, status, at), ``max_edits_per_window(message, window)``, ``wait_until(predicate)``.
A :class:`FakeMessage` keeps ``content``, ``embeds``, ``components`` (``custom_ids``),
``attachments`` (:class:`FakeAttachment`: filename, data), ``files``, ``allowed_mentions``,
``pinged`` (:class:`Pinged`: everyone, here, users, roles, after applying
``allowed_mentions``), ``author``, ``flags``/``ephemeral``, ``edits`` (:class:`MessageEdit`
with times), ``deleted``.

Failures and the gateway: ``rate_limit_next(method, path_regex, retry_after=0.5, times=1,
global_=False, *, via=True)``, ``fail_next(method, path_regex, status=500, *, code, message,
times)``, ``reset_next(method, path_regex, *, accepted=False, times=1)`` (the connection
closed without an answer: ``aiohttp.ServerDisconnectedError``; ``accepted``: after doing the
work), ``stall_next(method, path_regex, seconds, *, times=1)`` (done, the answer held back:
a client timeout), ``faults_injected``, ``close_gateway(code=4000)``,
``request_reconnect()`` (op 7),
``invalidate_session(resumable=False)`` (op 9; note discord.py sleeps 5 s before identifying
again unless ``before_identify_hook`` is overridden), ``wait_for_resume(count)``,
``connected``, ``gateway.connections`` / ``identifies`` / ``resumes``.

Point discord.py at it with :meth:`FakeDiscord.patch_discord` (``discord.http.Route.BASE`` and
``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``) and run a client with :func:`run_client`.
The tests' ``fake_discord`` fixture (tests/fixtures/platforms.py) starts a fake and patches
discord.py for one test.

Importing this package imports discord.py with its import-time ``audioop`` DeprecationWarning
silenced (``filterwarnings = error`` would fail collection otherwise); import it before discord.
"""

from __future__ import annotations

import asyncio
import contextlib
import warnings
from collections.abc import AsyncIterator
from typing import Any


def _import_discord() -> None:
    """Import discord.py once, hiding the DeprecationWarning Python 3.11+ raises when its voice
    code imports ``audioop``, which the suite's ``filterwarnings = error`` would turn into a
    collection error. Later imports hit the cache."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="'audioop' is deprecated", category=DeprecationWarning
        )
        import discord  # noqa: F401


_import_discord()

import discord  # noqa: E402

from fakeplatforms.discord.commands import CommandPut  # noqa: E402
from fakeplatforms.discord.interactions import FakeCallback, FakeInteraction  # noqa: E402
from fakeplatforms.discord.messages import (  # noqa: E402
    FakeAttachment,
    FakeMessage,
    MessageEdit,
    Pinged,
    Upload,
)
from fakeplatforms.discord.model import (  # noqa: E402
    EPHEMERAL,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
)
from fakeplatforms.discord.permissions import ADMINISTRATOR, permission_value  # noqa: E402
from fakeplatforms.discord.rest import RecordedRequest  # noqa: E402
from fakeplatforms.discord.server import FakeDiscord  # noqa: E402

__all__ = [
    "ADMINISTRATOR",
    "EPHEMERAL",
    "CommandPut",
    "FakeAttachment",
    "FakeCallback",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeInteraction",
    "FakeMember",
    "FakeMessage",
    "FakeRole",
    "FakeUser",
    "MessageEdit",
    "Pinged",
    "RecordedRequest",
    "Upload",
    "permission_value",
    "run_client",
]


@contextlib.asynccontextmanager
async def run_client(
    client: discord.Client, *, token: str, within: float = 5.0
) -> AsyncIterator[discord.Client]:
    """Start ``client`` (``client.start(token)`` in a task), yield it once ready (READY and the
    GUILD_CREATEs handled, ``setup_hook`` done), then close it and await the task, so no task or
    session outlives the test. Create clients with a small ``guild_ready_timeout`` (e.g. 0.05)."""
    task = asyncio.create_task(client.start(token))
    ready = asyncio.create_task(client.wait_until_ready())
    started = False
    try:
        await asyncio.wait({task, ready}, timeout=within, return_when=asyncio.FIRST_COMPLETED)
        started = ready.done() and not task.done()
        if not started and not task.done():
            raise TimeoutError("discord client did not become ready")
    finally:
        if not started:
            ready.cancel()
            await client.close()
            await _finish(task, within)  # raises what start() raised (login, setup_hook)
    if not started:
        raise RuntimeError("discord client stopped before it was ready")
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
