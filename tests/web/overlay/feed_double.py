"""A test double of the overlay feed (the server half of issue 24, built apart): the feed
contract's server-sent events (`state` and `count`, version 1), emitted as a test says, so the
page is tested alone. `/overlay/{community}/events` and `/drops/{id}/events` both stream the
same events.

As the contract says: `retry: 2000` once, then the current `state` at once on every connection,
then each `state` or `count` event as the test sends it, each with an increasing `id:`.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from tests.fixtures.harness import CHANNEL


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def tier(kind: str, value: str) -> dict[str, Any]:
    """An early tier as the feed sends it: whom one condition admits."""
    return {"any_of": [{"kind": kind, "value": value}], "require": []}


def sample_drop(now: datetime, **changes: Any) -> dict[str, Any]:
    """A drop as the contract's `state` carries it: early access now, everyone in 2 minutes."""
    drop: dict[str, Any] = {
        "id": 42,
        "title": "Signed hoodie",
        "supply": 100,
        "mode": "lottery",
        "opens_at": iso(now - timedelta(seconds=30)),
        "public_at": iso(now + timedelta(minutes=2)),
        "closes_at": iso(now + timedelta(minutes=10)),
        "early_for": [tier("badge", "subscriber"), tier("badge", "vip")],
        "entrants": 0,
        "commitment": "ab" * 32,
        "beacon_round": 123456,
        "beacon_at": iso(now + timedelta(minutes=11)),
        "winners": [],
        "transparency_url": "http://127.0.0.1/drops/42",
    }
    drop.update(changes)
    return drop


class FeedDouble:
    """The feed's events for every connected page; `state` and `count` send one to all."""

    def __init__(self, community: str = CHANNEL) -> None:
        self.community = community
        self.current: str | None = None  # the last state event, as sent
        self.connections = 0
        self.refusals = 0  # the next connections answered 503, as a full feed answers
        self.asked_since: list[str] = []  # each connection's Last-Event-ID (header or query)
        self._next_id = 0
        self._pages: set[asyncio.Queue[str | None]] = set()

    def state(self, phase: str, drop: dict[str, Any] | None, now: datetime) -> None:
        data = {
            "v": 1, "server_time": iso(now), "community": self.community, "phase": phase,
            "drop": drop,
        }  # fmt: skip
        self.current = self._send("state", data)

    def count(self, drop_id: int, entrants: int, now: datetime) -> None:
        self._send("count", {"drop_id": drop_id, "entrants": entrants, "server_time": iso(now)})

    def _send(self, event: str, data: dict[str, Any]) -> str:
        self._next_id += 1
        text = f"id: {self._next_id}\nevent: {event}\ndata: {json.dumps(data)}\n\n"
        for page in self._pages:
            page.put_nowait(text)
        return text

    async def stream(self, request: web.Request) -> web.StreamResponse:
        since = request.headers.get("Last-Event-ID") or request.query.get("lastEventId", "")
        self.asked_since.append(since)
        if self.refusals:
            self.refusals -= 1
            raise web.HTTPServiceUnavailable(headers={"Retry-After": "1"})
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        await response.write(b"retry: 2000\n\n")
        if self.current is not None:
            await response.write(self.current.encode())
        page: asyncio.Queue[str | None] = asyncio.Queue()
        self._pages.add(page)
        self.connections += 1
        try:
            while (text := await page.get()) is not None:
                await response.write(text.encode())
        finally:
            self._pages.discard(page)
        return response

    async def close(self, app: web.Application) -> None:
        for page in self._pages:
            page.put_nowait(None)

    def add_to(self, app: web.Application) -> None:
        app.router.add_get("/overlay/{community}/events", self.stream)
        app.router.add_get("/drops/{drop_id}/events", self.stream)
        app.on_shutdown.append(self.close)
