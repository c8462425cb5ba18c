"""The fake Discord gateway: HELLO, IDENTIFY/READY, heartbeats, dispatches with sequence numbers,
RESUME with replay, RECONNECT, INVALID_SESSION, close codes, zlib-stream transport compression."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from fakeplatforms.discord.server import FakeDiscord

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, VOICE_STATE_UPDATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_GUILD_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = (
    6,
    7,
    8,
    9,
    10,
    11,
)

#: Close codes after which Discord does not let the session resume.
NOT_RESUMABLE = {4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014}
CLOSE_REASONS = {
    4000: "Unknown error",
    4001: "Unknown opcode",
    4002: "Decode error",
    4003: "Not authenticated",
    4004: "Authentication failed",
    4005: "Already authenticated",
    4007: "Invalid seq",
    4008: "Rate limited",
    4009: "Session timed out",
    4010: "Invalid shard",
    4011: "Sharding required",
    4012: "Invalid API version",
    4013: "Invalid intent(s)",
    4014: "Disallowed intent(s)",
}

GUILD_MESSAGES, DIRECT_MESSAGES = 1 << 9, 1 << 12


@dataclass(eq=False)
class GatewaySession:
    """A Discord gateway session: outlives its connections until invalidated."""

    id: str
    intents: int
    shard: list[int] | None
    seq: int = 0
    buffer: deque[dict[str, Any]] = field(default_factory=deque, repr=False)
    connection: GatewayConnection | None = field(default=None, repr=False)
    resumable: bool = True
    resumes: int = 0


@dataclass(eq=False)
class GatewayConnection:
    """One websocket to the gateway."""

    ws: web.WebSocketResponse = field(repr=False)
    path: str  # /gateway, or /gateway/resume (READY's resume_gateway_url)
    query: dict[str, str]
    compress: str | None
    opened: float
    session: GatewaySession | None = None
    kind: str = ""  # "identify" or "resume" once the client said which
    heartbeats: int = 0
    sent: int = 0
    received: list[dict[str, Any]] = field(default_factory=list, repr=False)
    close_code: int | None = None
    closed_by_server: bool = False
    closed: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)
    _zlib: Any = field(default=None, repr=False)

    @property
    def open(self) -> bool:
        return not self.closed and not self.ws.closed

    async def send(self, frame: dict[str, Any]) -> bool:
        async with self.lock:
            return await self._send_locked(frame)

    async def _send_locked(self, frame: dict[str, Any]) -> bool:
        if not self.open:
            return False
        text = json.dumps(frame, separators=(",", ":"))
        try:
            if self.compress == "zlib-stream":
                if self._zlib is None:
                    self._zlib = zlib.compressobj()
                data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)
            else:
                await self.ws.send_str(text)
        except (ConnectionError, RuntimeError):
            return False
        self.sent += 1
        return True


class Gateway:
    def __init__(self, fake: FakeDiscord, *, heartbeat_interval: float, replay_buffer: int):
        self.fake = fake
        self.heartbeat_interval = heartbeat_interval
        self.replay_buffer = replay_buffer
        self.sessions: dict[str, GatewaySession] = {}
        self.connections: list[GatewayConnection] = []
        self.current: GatewaySession | None = None
        self.identifies = 0
        self.resumes = 0

    # -- test controls ---------------------------------------------------------------------

    @property
    def live(self) -> GatewayConnection | None:
        session = self.current
        if session is None or session.connection is None or not session.connection.open:
            return None
        return session.connection

    async def close(self, code: int = 4000, reason: str | None = None) -> None:
        conn = self.live
        if conn is None:
            raise RuntimeError("no live gateway connection to close")
        await self._server_close(conn, code, reason)

    async def reconnect(self) -> None:
        conn = self.live
        if conn is None:
            raise RuntimeError("no live gateway connection")
        await conn.send({"op": RECONNECT, "d": None, "s": None, "t": None})

    async def invalidate(self, resumable: bool = False) -> None:
        conn = self.live
        if conn is None or conn.session is None:
            raise RuntimeError("no live gateway connection")
        if not resumable:
            conn.session.resumable = False
        await conn.send({"op": INVALID_SESSION, "d": resumable, "s": None, "t": None})

    async def shutdown(self) -> None:
        for conn in list(self.connections):
            if conn.open:
                await self._server_close(conn, 1001, "fake discord shutting down")

    async def _server_close(self, conn: GatewayConnection, code: int, reason: str | None) -> None:
        conn.closed_by_server = True
        conn.close_code = code
        if conn.session is not None and code in NOT_RESUMABLE:
            conn.session.resumable = False
        message = (reason or CLOSE_REASONS.get(code, "")).encode()
        with contextlib.suppress(ConnectionError, RuntimeError, asyncio.TimeoutError):
            async with asyncio.timeout(2.0):
                await conn.ws.close(code=code, message=message)
        conn.closed = True

    # -- dispatch --------------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any], *, intent: int = 0) -> bool:
        """Send a DISPATCH to the current session (buffered for RESUME if it is disconnected).
        Returns whether it went out on a live connection. ``intent``: skipped unless the session
        identified with it."""
        session = self.current
        if session is None:
            return False
        if intent and not session.intents & intent:
            return False
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.buffer.append(frame)
        if len(session.buffer) > self.replay_buffer:
            session.buffer.popleft()
        conn = session.connection
        if conn is None or not conn.open:
            return False
        return await conn.send(frame)

    # -- the websocket ---------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        loop = asyncio.get_running_loop()
        compress = request.query.get("compress")
        if compress not in ("zlib-stream",):
            compress = None  # zstd-stream is not available here; text frames work for any client
        conn = GatewayConnection(
            ws=ws,
            path=request.path,
            query=dict(request.query),
            compress=compress,
            opened=loop.time(),
        )
        self.connections.append(conn)
        self.fake.changes.bump()
        if request.query.get("encoding", "json") != "json" or request.query.get("v") != "10":
            await self._server_close(conn, 4012, "Invalid API version")
            return ws
        await conn.send(
            {
                "op": HELLO,
                "d": {
                    "heartbeat_interval": int(self.heartbeat_interval * 1000),
                    "_trace": ['["gateway-prd-fake",{"micros":0.0}]'],
                },
                "s": None,
                "t": None,
            }
        )
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    try:
                        frame = json.loads(msg.data)
                    except ValueError:
                        await self._server_close(conn, 4002, None)
                        break
                    conn.received.append(frame)
                    await self._on_frame(conn, frame)
                elif msg.type is WSMsgType.BINARY:
                    await self._server_close(conn, 4002, "binary frames are not accepted")
                    break
        finally:
            conn.closed = True
            if conn.close_code is None:
                conn.close_code = ws.close_code
            session = conn.session
            if session is not None and session.connection is conn:
                session.connection = None
            self.fake.changes.bump()
        return ws

    async def _on_frame(self, conn: GatewayConnection, frame: dict[str, Any]) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            conn.heartbeats += 1
            await conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            await self._identify(conn, data or {})
        elif op == RESUME:
            await self._resume(conn, data or {})
        elif op == REQUEST_GUILD_MEMBERS:
            await self._request_members(conn, data or {})
        elif op in (PRESENCE_UPDATE, VOICE_STATE_UPDATE):
            pass
        else:
            await self._server_close(conn, 4001, None)

    async def _identify(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        if conn.session is not None:
            await self._server_close(conn, 4005, None)
            return
        if data.get("token") != self.fake.bot_token:
            await self._server_close(conn, 4004, None)
            return
        intents = data.get("intents")
        if not isinstance(intents, int):
            await self._server_close(conn, 4013, None)
            return
        self.identifies += 1
        conn.kind = "identify"
        session = GatewaySession(id=secrets.token_hex(16), intents=intents, shard=data.get("shard"))
        self.sessions[session.id] = session
        conn.session = session
        fake = self.fake
        ready: dict[str, Any] = {
            "v": 10,
            "user": fake.bot_user.payload() | {"verified": True, "mfa_enabled": False, "flags": 0},
            "user_settings": {},
            "guilds": [{"id": str(g), "unavailable": True} for g in fake.guilds],
            "guild_join_requests": [],
            "relationships": [],
            "private_channels": [],
            "presences": [],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": fake.resume_gateway_url,
            "auth_session_id_hash": secrets.token_urlsafe(32),
            "geo_ordered_rtc_regions": ["local"],
            "application": {"id": str(fake.application_id), "flags": fake.application_flags},
            "_trace": ['["gateway-prd-fake",{"micros":0.0}]'],
        }
        if session.shard is not None:
            ready["shard"] = session.shard
        frames = [("READY", ready)]
        frames += [("GUILD_CREATE", fake.guild_create(g, intents)) for g in fake.guilds.values()]
        async with conn.lock:
            session.connection = conn
            for event, d in frames:
                session.seq += 1
                frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": d}
                session.buffer.append(frame)
                await conn._send_locked(frame)
            self.current = session
        fake.changes.bump()

    async def _resume(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        session = self.sessions.get(str(data.get("session_id")))
        if data.get("token") != self.fake.bot_token:
            await self._server_close(conn, 4004, None)
            return
        seq = data.get("seq")
        if session is None or not session.resumable or session is not self.current:
            await conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        if not isinstance(seq, int) or seq > session.seq:
            await self._server_close(conn, 4007, None)
            return
        if session.buffer and seq < session.buffer[0]["s"] - 1:
            # The events the client missed are no longer buffered.
            await conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        old = session.connection
        if old is not None and old is not conn and old.open:
            await self._server_close(old, 4009, "Session resumed elsewhere")
        self.resumes += 1
        session.resumes += 1
        conn.kind = "resume"
        conn.session = session
        async with conn.lock:
            session.connection = conn
            missed = [f for f in session.buffer if f["s"] > seq]
            for frame in missed:
                await conn._send_locked(frame)
            session.seq += 1
            resumed = {"_trace": ['["gateway-prd-fake",{"micros":0.0}]']}
            await conn._send_locked(
                {"op": DISPATCH, "t": "RESUMED", "s": session.seq, "d": resumed}
            )
        self.fake.changes.bump()

    async def _request_members(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        if conn.session is None:
            await self._server_close(conn, 4003, None)
            return
        guild = self.fake.guilds.get(int(data.get("guild_id") or 0))
        if guild is None:
            return
        members = list(guild.members.values())
        wanted = data.get("user_ids")
        if wanted:
            ids = {int(x) for x in ([wanted] if isinstance(wanted, str | int) else wanted)}
            members = [m for m in members if m.id in ids]
        else:
            query = str(data.get("query") or "").lower()
            members = [m for m in members if m.username.lower().startswith(query)]
            if data.get("limit"):
                members = members[: int(data["limit"])]
        chunks = [members[i : i + 1000] for i in range(0, len(members), 1000)] or [[]]
        for index, chunk in enumerate(chunks):
            payload: dict[str, Any] = {
                "guild_id": str(guild.id),
                "members": [m.payload() for m in chunk],
                "chunk_index": index,
                "chunk_count": len(chunks),
            }
            if data.get("nonce") is not None:
                payload["nonce"] = data["nonce"]
            await self.dispatch("GUILD_MEMBERS_CHUNK", payload)
