""":class:`FakeDiscord`: the server, its state and the test-facing API."""

# The test API takes timeouts as arguments (``wait_response(timeout=5)``), on purpose.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import base64
import re
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Self, TypeVar

import discord
import yarl
from aiohttp import web

from fakeplatforms.discord.api import API_PREFIX, ApiError, form_error
from fakeplatforms.discord.commands import OPTION_TYPES, CommandPut, CommandRegistry
from fakeplatforms.discord.gateway import DIRECT_MESSAGES, GUILD_MESSAGES, Gateway
from fakeplatforms.discord.interactions import FakeInteraction
from fakeplatforms.discord.messages import (
    FakeAttachment,
    FakeMessage,
    MessageEdit,
    Upload,
    check_allowed_mentions,
    compute_pinged,
    walk_components,
)
from fakeplatforms.discord.model import (
    APP_FLAGS,
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    DM,
    GUILD_TEXT,
    LOADING,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    Changes,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
)
from fakeplatforms.discord.permissions import BOT_DEFAULT, EVERYONE_DEFAULT, permission_value
from fakeplatforms.discord.rest import RecordedRequest, Rest
from fakeplatforms.discord.snowflakes import Snowflakes
from fakeplatforms.faults import Faults
from fakeplatforms.serving import Served

if TYPE_CHECKING:
    import pytest

T = TypeVar("T")

GUILD_MEMBERS = 1 << 1
NONCE_WINDOW = 300.0  # "the past few minutes" in which Discord enforces a nonce
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


@dataclass
class ScriptedFault:
    """A connection-level fault: ``reset`` (the server closes the connection without answering)
    or ``stall`` (the answer is held ``seconds``); with ``accepted`` the request is carried out
    first, as when Discord did the work but the answer was lost on the way."""

    method: str
    pattern: re.Pattern[str]
    kind: str  # "reset" | "stall"
    accepted: bool
    seconds: float
    times: int


@dataclass
class ScriptedFailure:
    method: str
    pattern: re.Pattern[str]
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int


class FakeDiscord(Served):
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

        self.users: dict[int, FakeUser] = {
            self.bot_user.id: self.bot_user,
            self.owner.id: self.owner,
        }
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.messages: dict[int, FakeMessage] = {}
        self.attachments: dict[int, FakeAttachment] = {}
        self.interactions: list[FakeInteraction] = []
        self.requests: list[RecordedRequest] = []
        self._by_id: dict[int, FakeInteraction] = {}
        self._by_token: dict[str, FakeInteraction] = {}
        self._dms: dict[int, FakeChannel] = {}
        self._scripted: list[ScriptedFailure] = []
        self._faults: list[ScriptedFault] = []
        self.faults_injected: list[tuple[str, str, str]] = []  # (kind, method, path)
        self.nonce_window = NONCE_WINDOW
        self._nonces: dict[tuple[int, str], FakeMessage] = {}
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
        self._tasks: set[asyncio.Task[Any]] = set()
        self._runner: web.AppRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
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
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

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

    def loop_time(self) -> float:
        loop = self._loop or asyncio.get_running_loop()
        return loop.time()

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _emit(self, event: str, data: dict[str, Any], *, intent: int = 0) -> None:
        """Dispatch from synchronous code, in order (seq is taken when the task starts)."""
        session = self.gateway.current
        if session is not None and (not intent or session.intents & intent):
            self._spawn(self.gateway.dispatch(event, data, intent=intent))

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

    # -- registry -----------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        *,
        global_name: str | None = None,
        bot: bool = False,
        dms_open: bool = True,
        age: timedelta | None = None,
    ) -> FakeUser:
        """A user; ``age`` backdates the account (its id carries when it was made; default
        now)."""
        user_id = self.snowflake.made_at(datetime.now(UTC) - age) if age else self.snowflake()
        user = FakeUser(user_id, username, global_name, bot=bot, dms_open=dms_open)
        self.users[user.id] = user
        return user

    def add_guild(
        self, name: str, *, channels: Sequence[str] = ("general",), bot_in: bool = True
    ) -> FakeGuild:
        """A guild the bot is in (owned by :attr:`owner`), with @everyone, the bot's managed role
        and text ``channels``. Announced with GUILD_CREATE if the bot is connected.

        ``bot_in=False``: a guild the bot has not been invited to yet. Discord answers its REST
        routes with 403 Missing Access (50001) and sends no GUILD_CREATE until
        :meth:`invite_bot`."""
        gid = self.snowflake()
        guild = FakeGuild(gid, name, self.owner.id, datetime.now(UTC))
        guild.roles[gid] = FakeRole(gid, gid, "@everyone", EVERYONE_DEFAULT)
        bot_role = FakeRole(
            self.snowflake(),
            gid,
            self.bot_user.global_name or "bot",
            self.bot_permissions,
            position=1,
            bot_id=self.bot_user.id,
        )
        guild.roles[bot_role.id] = bot_role
        guild.members[self.owner.id] = FakeMember(self.owner, guild)
        guild.members[self.bot_user.id] = FakeMember(self.bot_user, guild, [bot_role.id])
        self.guilds[gid] = guild
        for channel in channels:
            self._new_channel(guild, channel, GUILD_TEXT)
        if bot_in:
            self.invite_bot(guild)
        else:
            del self.guilds[gid]
        return guild

    def invite_bot(self, guild: FakeGuild) -> None:
        """Someone with Manage Server accepted the bot's invite: the guild is the bot's from now
        on, and a connected bot hears GUILD_CREATE (discord.py: ``on_guild_join``)."""
        self.guilds[guild.id] = guild
        session = self.gateway.current
        joined = self.guild_create(guild, session.intents if session else 0)
        # A guild joined (not one becoming available after READY) carries no `unavailable`
        # field (discord-api-docs #4518, #5124): discord.py then dispatches on_guild_join.
        joined.pop("unavailable", None)
        self._emit("GUILD_CREATE", joined)

    def add_role(
        self,
        guild: FakeGuild,
        name: str,
        permissions: int | str | Iterable[str] | discord.Permissions = 0,
        *,
        mentionable: bool = False,
        color: int = 0,
        hoist: bool = False,
    ) -> FakeRole:
        """``permissions``: an int, a permission name or names (``"administrator"``,
        ``("manage_guild", "manage_roles")``) or a ``discord.Permissions``."""
        role = FakeRole(
            self.snowflake(),
            guild.id,
            name,
            permission_value(permissions),
            position=len(guild.roles),
            color=color,
            hoist=hoist,
            mentionable=mentionable,
        )
        guild.roles[role.id] = role
        self._emit("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.payload()})
        return role

    def add_channel(
        self,
        guild: FakeGuild,
        name: str,
        *,
        type: int = GUILD_TEXT,
        topic: str | None = None,
        announced: bool = True,
    ) -> FakeChannel:
        """A new channel, announced to the bots by CHANNEL_CREATE unless `announced` is False
        (an event a bot missed: its cache does not hold the channel)."""
        channel = self._new_channel(guild, name, type, topic=topic)
        if announced:
            self._emit("CHANNEL_CREATE", channel.payload())
        return channel

    def _new_channel(
        self, guild: FakeGuild, name: str, type: int, *, topic: str | None = None
    ) -> FakeChannel:
        channel = FakeChannel(
            self.snowflake(), name, type, guild.id, position=len(guild.channels), topic=topic
        )
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def add_member(
        self,
        guild: FakeGuild,
        username: str,
        roles: Iterable[FakeRole] = (),
        permissions: int | str | Iterable[str] | discord.Permissions | None = None,
        dms_open: bool = True,
        bot: bool = False,
        *,
        user: FakeUser | None = None,
        nick: str | None = None,
        joined_at: datetime | None = None,
        age: timedelta | None = None,
    ) -> FakeMember:
        """A member (a new user unless ``user`` is given, made ``age`` ago). ``permissions``
        None: computed from @everyone and ``roles``; else fixed (e.g. ``"administrator"``)."""
        if user is None:
            user = self.add_user(username, bot=bot, dms_open=dms_open, age=age)
        member = FakeMember(
            user,
            guild,
            [r.id for r in roles],
            joined_at or datetime.now(UTC),
            nick,
            None if permissions is None else permission_value(permissions),
        )
        guild.members[user.id] = member
        self._emit(
            "GUILD_MEMBER_ADD",
            member.payload() | {"guild_id": str(guild.id)},
            intent=GUILD_MEMBERS,
        )
        return member

    def add_admin(self, guild: FakeGuild, username: str, **kwargs: Any) -> FakeMember:
        """A member with the administrator permission."""
        return self.add_member(guild, username, permissions="administrator", **kwargs)

    def member_updated(self, member: FakeMember) -> None:
        self._emit(
            "GUILD_MEMBER_UPDATE",
            member.payload() | {"guild_id": str(member.guild_id)},
            intent=GUILD_MEMBERS,
        )

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        channel = self._dms.get(user.id)
        if channel is None:
            channel = FakeChannel(self.snowflake(), "", DM, recipient=user)
            self._dms[user.id] = channel
            self.channels[channel.id] = channel
        return channel

    def guild_create(self, guild: FakeGuild, intents: int = 0) -> dict[str, Any]:
        """The GUILD_CREATE payload (all members with the members intent, else only the bot)."""
        if intents & GUILD_MEMBERS:
            members: Iterable[FakeMember] = guild.members.values()
        else:
            members = [guild.members[self.bot_user.id]]
        return guild.gateway_payload(members)

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

    def interaction_by_id(self, interaction_id: int) -> FakeInteraction | None:
        return self._by_id.get(interaction_id)

    def interaction_by_token(self, token: str) -> FakeInteraction | None:
        return self._by_token.get(token)

    # -- scripted failures --------------------------------------------------------------------

    def rate_limit_next(
        self,
        method: str,
        path_regex: str,
        retry_after: float = 0.5,
        times: int = 1,
        global_: bool = False,
        *,
        via: bool = True,
    ) -> None:
        """The next ``times`` requests matching (``path_regex`` searched in the path below
        ``/api/v10``) answer 429 as Discord does. ``via=False`` leaves out the ``Via`` header
        (a Cloudflare ban: discord.py raises at once)."""
        headers = {
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Scope": "global" if global_ else "user",
        }
        if global_:
            headers["X-RateLimit-Global"] = "true"
        if via:
            headers["Via"] = "1.1 google"
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": global_,
        }
        if global_:
            body["code"] = 0
        self._scripted.append(
            ScriptedFailure(method.upper(), re.compile(path_regex), 429, body, headers, times)
        )

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int = 500,
        *,
        code: int = 0,
        message: str = "500: Internal Server Error",
        times: int = 1,
    ) -> None:
        """The next ``times`` matching requests answer ``status`` with Discord's error body."""
        self._scripted.append(
            ScriptedFailure(
                method.upper(),
                re.compile(path_regex),
                status,
                {"message": message, "code": code},
                {},
                times,
            )
        )

    def reset_next(
        self, method: str, path_regex: str, *, accepted: bool = False, times: int = 1
    ) -> None:
        """The next ``times`` matching requests get no answer: the server closes the connection
        (discord.py raises ``aiohttp.ServerDisconnectedError``). With ``accepted`` the request
        is carried out first: Discord did it, the answer was lost."""
        self._faults.append(
            ScriptedFault(method.upper(), re.compile(path_regex), "reset", accepted, 0.0, times)
        )

    def stall_next(self, method: str, path_regex: str, seconds: float, *, times: int = 1) -> None:
        """The next ``times`` matching requests are carried out, and their answers held back for
        ``seconds``: a client that gives up sooner sees a timeout, though the work was done."""
        self._faults.append(
            ScriptedFault(method.upper(), re.compile(path_regex), "stall", True, seconds, times)
        )

    def _take_fault(self, method: str, path: str) -> ScriptedFault | None:
        for fault in self._faults:
            if fault.method == method and fault.pattern.search(path):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                self.faults_injected.append((fault.kind, method, path))
                return fault
        return None

    def nonced(self, author: FakeUser, nonce: str) -> FakeMessage | None:
        """The message ``author`` created with ``nonce`` within ``nonce_window``, if any."""
        found = self._nonces.get((author.id, nonce))
        if found is None or self.loop_time() - found.created > self.nonce_window:
            return None
        return found

    def remember_nonce(self, message: FakeMessage) -> None:
        if message.nonce is not None:
            self._nonces[(message.author.id, str(message.nonce))] = message

    def _take_scripted(self, method: str, path: str) -> ScriptedFailure | None:
        for s in self._scripted:
            if s.method == method and s.pattern.search(path):
                s.times -= 1
                if s.times <= 0:
                    self._scripted.remove(s)
                return s
        return None

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

    # -- messages -----------------------------------------------------------------------------

    def _attachments(
        self,
        payload: Mapping[str, Any],
        files: Mapping[int, Upload],
        channel_id: int,
        existing: Sequence[FakeAttachment] = (),
    ) -> list[FakeAttachment] | None:
        """The attachments after a create/edit; None: unchanged (edit without ``attachments``)."""
        entries = payload.get("attachments")
        if entries is None and not files:
            return None if existing else []
        by_id = {str(a.id): a for a in existing}
        out: list[FakeAttachment] = [] if entries is not None else list(existing)
        used: set[int] = set()
        for entry in entries or []:
            key = str(entry.get("id"))
            if key in by_id:
                out.append(by_id[key])
            elif key.isdigit() and int(key) in files:
                used.add(int(key))
                out.append(self._store_file(files[int(key)], channel_id, entry))
            else:
                raise form_error("attachments", f"Unknown attachment {key}")
        for index in sorted(set(files) - used):
            out.append(self._store_file(files[index], channel_id, {}))
        if sum(a.size for a in out) > ATTACHMENT_SIZE_LIMIT:
            raise ApiError(413, 40005, "Request entity too large")
        return out

    def _store_file(
        self, upload: Upload, channel_id: int, entry: Mapping[str, Any]
    ) -> FakeAttachment:
        aid = self.snowflake()
        filename = str(entry.get("filename") or upload.filename)
        att = FakeAttachment(
            aid,
            filename,
            upload.data,
            f"{self.base_url}/attachments/{channel_id}/{aid}/{filename}",
            upload.guessed_type,
            entry.get("description"),
        )
        self.attachments[aid] = att
        return att

    def _check_content(self, payload: Mapping[str, Any]) -> None:
        content = payload.get("content")
        if content is not None and not isinstance(content, str):
            raise form_error("content", "Must be a string")
        if content is not None and len(content) > 2000:
            raise form_error("content", "Must be 2000 or fewer in length.", "BASE_TYPE_MAX_LENGTH")
        if len(payload.get("embeds") or []) > 10:
            raise form_error("embeds", "Must be 10 or fewer in length.", "BASE_TYPE_MAX_LENGTH")
        error = check_allowed_mentions(payload.get("allowed_mentions"))
        if error is not None:
            raise form_error("allowed_mentions", error, "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE")

    def new_message(
        self,
        channel: FakeChannel,
        payload: Mapping[str, Any],
        files: Mapping[int, Upload],
        *,
        author: FakeUser | None = None,
        interaction: FakeInteraction | None = None,
        flag_mask: int = 0,
        type: int = 0,
        allow_empty: bool = False,
    ) -> FakeMessage:
        """Create a message as the bot (REST create, interaction reply or follow-up)."""
        self._check_content(payload)
        attachments = self._attachments(payload, files, channel.id) or []
        content = payload.get("content") or ""
        embeds = list(payload.get("embeds") or [])
        components = list(payload.get("components") or [])
        if not (allow_empty or content or embeds or attachments or components):
            raise ApiError(400, 50006, "Cannot send an empty message")
        flags = int(payload.get("flags") or 0) & flag_mask
        reference = payload.get("message_reference")
        replied: int | None = None
        if isinstance(reference, dict) and reference.get("message_id"):
            ref = self.messages.get(int(reference["message_id"]))
            if ref is None and reference.get("fail_if_not_exists", True):
                raise form_error(
                    "message_reference", "Unknown message", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE"
                )
            replied = ref.author.id if ref is not None else None
        allowed = payload.get("allowed_mentions")
        pinged, user_ids, role_ids = compute_pinged(
            content, allowed, in_guild=channel.guild_id is not None, replied_user=replied
        )
        now = self.loop_time()
        msg = FakeMessage(
            id=self.snowflake(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author=author or self.bot_user,
            content=content,
            embeds=embeds,
            components=components,
            attachments=attachments,
            flags=flags,
            tts=bool(payload.get("tts")),
            allowed_mentions=allowed,
            pinged=pinged,
            mentions=user_ids,
            mention_roles=role_ids,
            type=type if reference is None or type else 19,
            created=now,
            webhook_id=self.application_id if interaction is not None else None,
            application_id=self.application_id if interaction is not None else None,
            interaction=interaction,
            message_reference=reference if isinstance(reference, dict) else None,
            nonce=payload.get("nonce"),
            mentioned_users=[self.users[u] for u in user_ids if u in self.users],
        )
        self.messages[msg.id] = msg
        if not msg.ephemeral:
            channel.messages.append(msg)
            self._echo("MESSAGE_CREATE", msg)
        self.changes.bump()
        return msg

    def edit_message(
        self,
        msg: FakeMessage,
        payload: Mapping[str, Any],
        files: Mapping[int, Upload],
        *,
        finish_loading: bool = False,
    ) -> None:
        """Apply an edit (PATCH, UPDATE_MESSAGE callback, first follow-up after a defer)."""
        self._check_content(payload)
        attachments = self._attachments(payload, files, msg.channel_id, msg.attachments)
        changes: dict[str, Any] = {}
        if "content" in payload:
            msg.content = payload["content"] or ""
            changes["content"] = msg.content
            _, user_ids, role_ids = compute_pinged(
                msg.content,
                payload.get("allowed_mentions", msg.allowed_mentions),
                in_guild=msg.guild_id is not None,
            )
            msg.mentions, msg.mention_roles = user_ids, role_ids
            msg.mentioned_users = [self.users[u] for u in user_ids if u in self.users]
        for key in ("embeds", "components"):
            if key in payload:
                setattr(msg, key, list(payload[key] or []))
                changes[key] = getattr(msg, key)
        if attachments is not None:
            msg.attachments = attachments
            changes["attachments"] = [a.filename for a in attachments]
        if "allowed_mentions" in payload:
            msg.allowed_mentions = payload["allowed_mentions"]
        if "flags" in payload and payload["flags"] is not None:
            # Only SUPPRESS_EMBEDS may change on an existing message.
            msg.flags = (msg.flags & ~4) | (int(payload["flags"]) & 4)
        was_loading = msg.loading
        if finish_loading and was_loading:
            msg.flags &= ~LOADING
            pinged, _, _ = compute_pinged(
                msg.content, msg.allowed_mentions, in_guild=msg.guild_id is not None
            )
            msg.pinged = pinged  # the first visible version notifies
        else:
            now = datetime.now(UTC)
            msg.edited_timestamp = now
            msg.edits.append(MessageEdit(self.loop_time(), now, changes, msg.content))
        if not msg.ephemeral:
            self._echo("MESSAGE_UPDATE", msg)
        if msg.interaction is not None:
            msg.interaction.changes.bump()
        self.changes.bump()

    async def delete_message(self, msg: FakeMessage) -> None:
        msg.deleted = True
        if not msg.ephemeral:
            data = {"id": str(msg.id), "channel_id": str(msg.channel_id)}
            if msg.guild_id is not None:
                data["guild_id"] = str(msg.guild_id)
            intent = GUILD_MESSAGES if msg.guild_id is not None else DIRECT_MESSAGES
            self._emit("MESSAGE_DELETE", data, intent=intent)
        self.changes.bump()

    def _echo(self, event: str, msg: FakeMessage) -> None:
        if not self.echo_messages or self.gateway.current is None:
            return
        data = msg.payload()
        if msg.guild_id is not None:
            data["guild_id"] = str(msg.guild_id)
            member = self.guilds[msg.guild_id].members.get(msg.author.id)
            if member is not None:
                data["member"] = member.payload(user=False)
        intent = GUILD_MESSAGES if msg.guild_id is not None else DIRECT_MESSAGES
        self._emit(event, data, intent=intent)

    # -- application commands -----------------------------------------------------------------

    @property
    def command_puts(self) -> list[CommandPut]:
        """Every bulk overwrite (``PUT .../commands``), in order."""
        return self.registry.puts

    def commands(self, guild: FakeGuild | None = None) -> list[dict[str, Any]]:
        """The registered commands (global, or ``guild``'s), as Discord returns them."""
        return self.registry.commands_in(None if guild is None else guild.id)

    def command(self, name: str, guild: FakeGuild | None = None) -> dict[str, Any]:
        """A registered chat-input command by top-level name (guild first, then global);
        LookupError naming what is registered if the bot has not synced it."""
        return self.registry.command(name, guild)

    # -- injecting interactions ---------------------------------------------------------------

    def _new_interaction(
        self,
        itype: int,
        member: FakeMember,
        channel: FakeChannel | None,
        data: dict[str, Any],
        *,
        message: FakeMessage | None = None,
        locale: str = "en-US",
    ) -> FakeInteraction:
        guild = member.guild
        if channel is None:
            if message is not None:
                channel = self.channels[message.channel_id]
            else:
                texts = guild.text_channels
                if not texts:
                    raise LookupError(f"guild {guild.name!r} has no text channel")
                channel = texts[0]
        bot = guild.members[self.bot_user.id]
        iid = self.snowflake()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(96)
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
            "guild_id": str(guild.id),
            "channel": channel.payload(),
            "channel_id": str(channel.id),
            "member": member.payload(permissions=True),
            "token": token,
            "version": 1,
            "app_permissions": str(bot.permissions),
            "locale": locale,
            "guild_locale": guild.locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if message is not None:
            payload["message"] = message.payload()
        now = self.loop_time()
        ix = FakeInteraction(
            id=iid,
            token=token,
            type=itype,
            user=member.user,
            member=member,
            guild=guild,
            channel=channel,
            payload=payload,
            created=now,
            deadline=self.interaction_deadline,
            expires=now + self.token_lifetime,
            source_message=message,
        )
        self.interactions.append(ix)
        self._by_id[iid] = ix
        self._by_token[token] = ix
        return ix

    async def _send(self, ix: FakeInteraction, wait: bool, timeout: float) -> FakeInteraction:
        if self.gateway.current is None:
            raise RuntimeError("the bot is not connected to the fake gateway (no session)")
        # The deadline starts when Discord sends the event.
        ix.created = self.loop_time()
        ix.expires = ix.created + self.token_lifetime
        await self.gateway.dispatch("INTERACTION_CREATE", ix.payload)
        self.changes.bump()
        if wait:
            await ix.wait_response(timeout)
        return ix

    def _command_data(
        self,
        member: FakeMember,
        path: str,
        options: Mapping[str, Any],
        *,
        focused: str | None = None,
        focused_value: Any = None,
    ) -> dict[str, Any]:
        parts = path.split()
        if not parts:
            raise ValueError("empty command path")
        cmd = self.command(parts[0], member.guild)
        chain: list[Mapping[str, Any]] = []
        node: list[dict[str, Any]] = cmd.get("options") or []
        for part in parts[1:]:
            sub = next((o for o in node if o["name"] == part and o["type"] in (1, 2)), None)
            if sub is None:
                subs = [o["name"] for o in node if o["type"] in (1, 2)]
                raise LookupError(f"/{path}: no subcommand {part!r} (has {subs})")
            chain.append(sub)
            node = sub.get("options") or []
        if any(o["type"] in (1, 2) for o in node):
            subs = [o["name"] for o in node]
            raise LookupError(f"/{path} is a group: name one of its subcommands {subs}")
        resolved: dict[str, dict[str, Any]] = {}
        inner = self._options(node, options, member, resolved, cmd, path, focused, focused_value)
        for sub in reversed(chain):
            inner = [{"type": sub["type"], "name": sub["name"], "options": inner}]
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": 1, "options": inner}
        if "guild_id" in cmd:
            data["guild_id"] = cmd["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data

    def _options(
        self,
        schema: list[dict[str, Any]],
        given: Mapping[str, Any],
        member: FakeMember,
        resolved: dict[str, dict[str, Any]],
        cmd: Mapping[str, Any],
        path: str,
        focused: str | None,
        focused_value: Any,
    ) -> list[dict[str, Any]]:
        names = {o["name"] for o in schema}
        unknown = set(given) - names - ({focused} if focused else set())
        if focused and focused not in names:
            unknown.add(focused)
        if unknown:
            raise TypeError(f"/{path} has no option(s) {sorted(unknown)}; has {sorted(names)}")
        out: list[dict[str, Any]] = []
        for opt in schema:
            name = opt["name"]
            if name == focused:
                out.append(
                    {"type": opt["type"], "name": name, "value": focused_value, "focused": True}
                )
                continue
            if name not in given:
                if opt.get("required") and focused is None:
                    raise TypeError(f"/{path}: missing required option {name!r}")
                continue
            value = self._option_value(opt, given[name], member, resolved, cmd, path)
            out.append({"type": opt["type"], "name": name, "value": value})
        return out

    def _option_value(
        self,
        opt: Mapping[str, Any],
        value: Any,
        member: FakeMember,
        resolved: dict[str, dict[str, Any]],
        cmd: Mapping[str, Any],
        path: str,
    ) -> Any:
        otype, name = opt["type"], opt["name"]
        what = f"/{path} option {name!r} ({OPTION_TYPES[otype]})"
        guild = member.guild
        if otype in (3, 4, 10):
            ok = (
                isinstance(value, str)
                if otype == 3
                else isinstance(value, int | float) and not isinstance(value, bool)
            )
            if not ok or (otype == 4 and not isinstance(value, int)):
                raise TypeError(f"{what} got {value!r}")
            choices = [c["value"] for c in opt.get("choices") or []]
            if choices and value not in choices:
                raise ValueError(f"{what}: {value!r} is not one of the choices {choices}")
            lo, hi = opt.get("min_value"), opt.get("max_value")
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                raise ValueError(f"{what}: {value!r} is outside [{lo}, {hi}]")
            if otype == 3:
                lo, hi = opt.get("min_length"), opt.get("max_length")
                if (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi):
                    raise ValueError(f"{what}: length of {value!r} is outside [{lo}, {hi}]")
            return value
        if otype == 5:
            if not isinstance(value, bool):
                raise TypeError(f"{what} got {value!r}")
            return value
        if otype in (6, 9) and isinstance(value, FakeMember | FakeUser):
            user = value.user if isinstance(value, FakeMember) else value
            resolved.setdefault("users", {})[str(user.id)] = user.payload()
            m = guild.members.get(user.id)
            if m is not None:
                resolved.setdefault("members", {})[str(user.id)] = m.payload(
                    user=False, permissions=True
                )
            return str(user.id)
        if otype in (8, 9) and isinstance(value, FakeRole):
            resolved.setdefault("roles", {})[str(value.id)] = value.payload()
            return str(value.id)
        if otype == 7 and isinstance(value, FakeChannel):
            types = opt.get("channel_types")
            if types and value.type not in types:
                raise ValueError(f"{what}: channel type {value.type} not in {types}")
            resolved.setdefault("channels", {})[str(value.id)] = value.payload() | {
                "permissions": str(member.permissions)
            }
            return str(value.id)
        if otype == 11:
            if isinstance(value, tuple):
                value = Upload(*value)
            if not isinstance(value, Upload):
                raise TypeError(f"{what} wants an Upload(filename, data) or (filename, data)")
            aid = self.snowflake()
            att = FakeAttachment(
                aid,
                value.filename,
                value.data,
                f"{self.base_url}/ephemeral-attachments/{cmd['id']}/{aid}/{value.filename}",
                value.guessed_type,
                ephemeral=True,
            )
            self.attachments[aid] = att
            resolved.setdefault("attachments", {})[str(aid)] = att.payload()
            return str(aid)
        raise TypeError(f"{what} got {value!r}")

    async def slash(
        self,
        member: FakeMember,
        path: str,
        options: Mapping[str, Any] | None = None,
        /,
        *,
        in_channel: FakeChannel | None = None,
        wait: bool = True,
        timeout: float = 5.0,
        locale: str = "en-US",
        **kw_options: Any,
    ) -> FakeInteraction:
        """``member`` runs ``/path`` (``"drop open"``: command, [group,] subcommand) in
        ``in_channel`` (default: the guild's first text channel) with typed options, as keywords
        or, for names like ``wait``, in the ``options`` dict, checked against the schema the bot
        registered: str, int, float, bool, FakeMember/FakeUser, FakeRole, FakeChannel,
        ``Upload``/``(filename, bytes)``. Waits for the first callback attempt unless
        ``wait=False``."""
        data = self._command_data(member, path, {**(options or {}), **kw_options})
        ix = self._new_interaction(APPLICATION_COMMAND, member, in_channel, data, locale=locale)
        return await self._send(ix, wait, timeout)

    async def autocomplete(
        self,
        member: FakeMember,
        path: str,
        focused: str,
        value: Any = "",
        options: Mapping[str, Any] | None = None,
        /,
        *,
        in_channel: FakeChannel | None = None,
        wait: bool = True,
        timeout: float = 5.0,
        **kw_options: Any,
    ) -> FakeInteraction:
        """``member`` types ``value`` into option ``focused`` of ``/path`` (other options as
        already filled). The bot's answer is in ``.choices``."""
        given = {**(options or {}), **kw_options}
        data = self._command_data(member, path, given, focused=focused, focused_value=value)
        ix = self._new_interaction(AUTOCOMPLETE, member, in_channel, data)
        return await self._send(ix, wait, timeout)

    def _component_interaction(
        self,
        member: FakeMember,
        message: FakeMessage,
        custom_id: str,
        values: Sequence[str] | None,
        locale: str = "en-US",
    ) -> FakeInteraction:
        if message.deleted:
            raise LookupError(f"message {message.id} was deleted")
        component = message.component(custom_id)
        if component.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if values is not None:
            data["values"] = list(values)
        elif component["type"] != 2:
            data["values"] = []
        return self._new_interaction(
            MESSAGE_COMPONENT, member, None, data, message=message, locale=locale
        )

    async def press(
        self,
        member: FakeMember,
        message: FakeMessage,
        custom_id: str,
        *,
        wait: bool = True,
        timeout: float = 5.0,
        locale: str = "en-US",
    ) -> FakeInteraction:
        """``member`` presses the button ``custom_id`` on ``message`` (a message the bot sent),
        their Discord client set to ``locale``."""
        ix = self._component_interaction(member, message, custom_id, None, locale)
        return await self._send(ix, wait, timeout)

    async def select(
        self,
        member: FakeMember,
        message: FakeMessage,
        custom_id: str,
        values: Sequence[str],
        *,
        wait: bool = True,
        timeout: float = 5.0,
    ) -> FakeInteraction:
        """``member`` picks ``values`` in the select menu ``custom_id`` on ``message``."""
        ix = self._component_interaction(member, message, custom_id, values)
        return await self._send(ix, wait, timeout)

    async def press_many(
        self,
        members: Iterable[FakeMember],
        message: FakeMessage,
        custom_id: str,
        *,
        wait: bool = False,
        timeout: float = 10.0,
    ) -> list[FakeInteraction]:
        """Every member presses the button, back to back (one INTERACTION_CREATE each); with
        ``wait``, then waits for all first callbacks."""
        out = [self._component_interaction(m, message, custom_id, None) for m in members]
        for ix in out:
            await self._send(ix, False, timeout)
        if wait:
            await asyncio.gather(*(ix.wait_response(timeout) for ix in out))
        return out

    async def submit_modal(
        self,
        member: FakeMember,
        opened_by: FakeInteraction,
        values: Mapping[str, str | Sequence[str]],
        *,
        wait: bool = True,
        timeout: float = 5.0,
    ) -> FakeInteraction:
        """``member`` submits the modal the bot opened in answer to ``opened_by`` (callback 9),
        with text inputs (str) / selects (list) filled from ``values`` by custom_id."""
        modal = opened_by.modal
        if modal is None:
            raise LookupError(f"{opened_by} did not open a modal")

        def fill(component: Mapping[str, Any]) -> dict[str, Any]:
            ctype = component["type"]
            if ctype == 1:
                return {"type": 1, "components": [fill(c) for c in component["components"]]}
            if ctype == 18:
                return {
                    "type": 18,
                    "id": component.get("id"),
                    "component": fill(component["component"]),
                }
            cid = component.get("custom_id")
            out: dict[str, Any] = {"type": ctype, "custom_id": cid, "id": component.get("id")}
            value = values.get(cid, "") if cid else ""
            if ctype == 4:
                out["value"] = value if isinstance(value, str) else ""
            else:
                out["values"] = [value] if isinstance(value, str) else list(value)
            return out

        unknown = set(values) - {c.get("custom_id") for c in walk_components(modal["components"])}
        if unknown:
            raise LookupError(f"the modal has no input(s) {sorted(unknown)}")
        data = {
            "custom_id": modal["custom_id"],
            "components": [fill(c) for c in modal["components"]],
        }
        ix = self._new_interaction(
            MODAL_SUBMIT, member, opened_by.channel, data, message=opened_by.source_message
        )
        return await self._send(ix, wait, timeout)
