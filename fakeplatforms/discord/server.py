""":class:`FakeDiscord`: the server (its state, lifecycle and addresses), what tests read of
what the bot did, and the gateway's controls. The rest of its test-facing API comes from the
parts it is put together from, a module each (see :mod:`fakeplatforms.discord.state`)."""

from __future__ import annotations

import asyncio
import base64
import re
import secrets
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Self, TypeVar

import discord
import yarl
from aiohttp import web

from fakeplatforms.discord.api import API_PREFIX
from fakeplatforms.discord.commands import CommandRegistry
from fakeplatforms.discord.failures import ScriptedFailures
from fakeplatforms.discord.gateway import Gateway
from fakeplatforms.discord.guilds import GuildBuilding
from fakeplatforms.discord.interacting import Interacting
from fakeplatforms.discord.messages import FakeMessage
from fakeplatforms.discord.model import APP_FLAGS, Changes, FakeChannel, FakeMember, FakeUser
from fakeplatforms.discord.permissions import BOT_DEFAULT, permission_value
from fakeplatforms.discord.posting import NONCE_WINDOW, MessagePosting
from fakeplatforms.discord.rest import RecordedRequest, Rest
from fakeplatforms.discord.snowflakes import Snowflakes
from fakeplatforms.faults import Faults
from fakeplatforms.serving import Served

if TYPE_CHECKING:
    import pytest

T = TypeVar("T")


class FakeDiscord(Served, GuildBuilding, MessagePosting, Interacting, ScriptedFailures):
    """A fake Discord on 127.0.0.1 (see the package docstring for routes and usage).

    ``interaction_deadline``: seconds an interaction may wait for its first callback (Discord: 3).
    ``token_lifetime``: seconds an interaction token works for follow-ups (Discord: 15 min).
    ``rate_limit``: ``(limit, per_seconds)`` of every bucket (route + major parameter), reported
    in the ``X-RateLimit-*`` headers and, with ``enforce_rate_limits``, answered with 429 when
    exceeded. ``echo_messages``: the bot's own messages come back as MESSAGE_CREATE/UPDATE/DELETE
    (with the guild/DM messages intents), as on Discord. ``bot_permissions``: the permissions of
    the bot's managed role in every guild.
    """

    def __init__(
        self,
        *,
        interaction_deadline: float = 3.0,
        token_lifetime: float = 15 * 60,
        heartbeat_interval: float = 41.25,
        rate_limit: tuple[int, float] = (50, 1.0),
        enforce_rate_limits: bool = True,
        echo_messages: bool = True,
        bot_name: str = "Fairdrop",
        bot_permissions: int | str | Iterable[str] | None = None,
        replay_buffer: int = 10_000,
    ) -> None:
        self.interaction_deadline = interaction_deadline
        self.token_lifetime = token_lifetime
        self.echo_messages = echo_messages
        self.members_intent_enabled = True
        self.application_flags = APP_FLAGS
        self.bot_permissions = (
            BOT_DEFAULT if bot_permissions is None else permission_value(bot_permissions)
        )
        self.snowflake = Snowflakes()
        self.application_id = self.snowflake()
        self.bot_user = FakeUser(self.application_id, bot_name.lower(), bot_name, bot=True)
        self.owner = FakeUser(self.snowflake(), "owner", "Owner")
        token_id = base64.b64encode(str(self.application_id).encode()).decode().rstrip("=")
        self.bot_token = f"{token_id}.{secrets.token_urlsafe(5)}.{secrets.token_urlsafe(28)}"

        self.users = {
            self.bot_user.id: self.bot_user,
            self.owner.id: self.owner,
        }
        self.guilds = {}
        self.channels = {}
        self.messages = {}
        self.attachments = {}
        self.interactions = []
        self.requests: list[RecordedRequest] = []
        self._by_id = {}
        self._by_token = {}
        self._dms = {}
        self._scripted = []
        self._faults = []
        self.faults_injected = []
        self.nonce_window = NONCE_WINDOW
        self._nonces = {}
        self.nonce_hits = 0  # creates answered with the message already made under their nonce

        self.changes = Changes()
        self.registry = CommandRegistry(
            self.application_id, self.snowflake, self.loop_time, self.changes.bump
        )
        self.gateway = Gateway(
            self, heartbeat_interval=heartbeat_interval, replay_buffer=replay_buffer
        )
        self.rest = Rest(self, rate_limit=rate_limit, enforce_rate_limits=enforce_rate_limits)
        self.faults = Faults()  # hangs, resets and dropped sockets: see fakeplatforms/faults.py
        self._tasks = set()
        self._runner: web.AppRunner | None = None
        self._loop = None
        self.port = 0

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> Self:
        self._loop = asyncio.get_running_loop()
        app = web.Application(
            client_max_size=64 * 1024 * 1024, middlewares=[self.faults.middleware]
        )
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/gateway/resume", self.gateway.handle)
        app.router.add_get("/attachments/{channel}/{id}/{filename}", self._cdn)
        app.router.add_get("/ephemeral-attachments/{command}/{id}/{filename}", self._cdn)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self.rest.handle)
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        await self.gateway.shutdown()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_base(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway/resume"

    def patch_discord(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Point discord.py at this fake (undone by monkeypatch at teardown)."""
        monkeypatch.setattr(discord.http.Route, "BASE", self.api_base)
        monkeypatch.setattr(
            discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(self.gateway_url)
        )

    @property
    def rate_limit(self) -> tuple[int, float]:
        """``(limit, per_seconds)`` of every bucket (settable)."""
        return self.rest.rate_limit

    @rate_limit.setter
    def rate_limit(self, value: tuple[int, float]) -> None:
        self.rest.rate_limit = value

    async def wait_until(self, predicate: Callable[[], T], within: float = 5.0) -> T:
        """Wait until ``predicate()`` is truthy: re-checked on every change in the fake and every
        50 ms. TimeoutError after ``within``."""
        return await self.changes.wait_until(predicate, within)

    async def _cdn(self, request: web.Request) -> web.StreamResponse:
        att = self.attachments.get(int(request.match_info["id"]))
        if att is None or att.filename != request.match_info["filename"]:
            return web.Response(status=404, text="Not Found")
        return web.Response(
            body=att.data, content_type=att.content_type or "application/octet-stream"
        )

    # -- reading what the bot did -------------------------------------------------------------

    def messages_in(self, channel: FakeChannel) -> list[FakeMessage]:
        """Visible (non-ephemeral, not deleted) messages in a channel, oldest first."""
        return [m for m in channel.messages if not m.deleted]

    def dms_to(self, who: FakeMember | FakeUser) -> list[FakeMessage]:
        user = who.user if isinstance(who, FakeMember) else who
        channel = self._dms.get(user.id)
        return [] if channel is None else self.messages_in(channel)

    def message(self, message_id: int) -> FakeMessage:
        return self.messages[message_id]

    async def wait_for_message(
        self,
        channel: FakeChannel | None = None,
        predicate: Callable[[FakeMessage], bool] | None = None,
        *,
        count: int = 1,
        within: float = 5.0,
    ) -> list[FakeMessage]:
        """Wait for ``count`` visible messages (in ``channel``, matching ``predicate``)."""

        def found() -> list[FakeMessage]:
            pool = (
                self.messages_in(channel)
                if channel is not None
                else [m for m in self.messages.values() if not m.deleted and not m.ephemeral]
            )
            out = [m for m in pool if predicate is None or predicate(m)]
            return out if len(out) >= count else []

        return await self.wait_until(found, within)

    def requests_to(self, method: str, path_regex: str) -> list[RecordedRequest]:
        pattern = re.compile(path_regex)
        return [r for r in self.requests if r.method == method and pattern.search(r.path)]

    @staticmethod
    def max_edits_per_window(message: FakeMessage, window: float = 1.0) -> int:
        """The most edits ``message`` received within any ``window`` seconds."""
        times = [e.at for e in message.edits]
        best, lo = 0, 0
        for hi, t in enumerate(times):
            while t - times[lo] >= window:
                lo += 1
            best = max(best, hi - lo + 1)
        return best

    # -- gateway controls ---------------------------------------------------------------------

    async def close_gateway(self, code: int = 4000, reason: str | None = None) -> None:
        """Close the bot's gateway socket with ``code`` (4000: resumable; 4004, 4010-4014: not)."""
        await self.gateway.close(code, reason)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT: the client closes and RESUMEs."""
        await self.gateway.reconnect()

    async def invalidate_session(self, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION."""
        await self.gateway.invalidate(resumable)

    async def wait_for_resume(self, count: int = 1, within: float = 5.0) -> None:
        """Wait until the gateway has accepted ``count`` RESUMEs in total and one is live."""
        await self.wait_until(
            lambda: self.gateway.resumes >= count and self.gateway.live is not None, within
        )

    @property
    def connected(self) -> bool:
        return self.gateway.live is not None
