"""The live feed's routes: `/overlay/{community}/events` and `/drops/{id}/events`.

Server-sent events (aiohttp-sse): the first message is always the full `state` (with `retry`),
then `state` and `count` messages as the drop moves, and a comment line every `HEARTBEAT_S` so
proxies keep the stream open. `Last-Event-ID` (the header EventSource sends on reconnecting, or
`?lastEventId=` for clients that cannot set headers) makes the first id larger than the last one
the client saw. An address may hold `[web] feed_per_address` streams (then 429) and a process
`feed_max_clients` (then 503), each with `Retry-After` and one line saying why.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import TypeAlias

from aiohttp import web
from aiohttp_sse import sse_response

from bot.config import WebSettings
from bot.drops.errors import UnknownDrop
from bot.kernel.clock import Clock
from bot.web.feed.hub import Client, Feed, FeedHub
from bot.web.feed.reads import FeedReads
from bot.web.health import HealthProbe
from bot.web.ids import parse_id
from bot.web.text import say

_Join: TypeAlias = Callable[[Client], Awaitable[Feed]]
FEED = web.AppKey("feed", FeedHub)
HEARTBEAT_S = 15.0
RETRY_MS = 2000
RETRY_AFTER_S = "10"
LAST_EVENT_ID = "Last-Event-ID"
COMMUNITY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")
REFUSED = {
    # 429: this address has enough streams open; 503: this process serves all it can.
    "address": (429, "web-feed-too-many-from-address"),
    "full": (503, "web-feed-full"),
}


def feed_hub(reads: FeedReads, web_settings: WebSettings, clock: Clock) -> FeedHub:
    """The hub of one event loop's feeds, as `[web]` configures it, on drop time `clock`."""
    return FeedHub(
        reads,
        web_settings.public_url,
        web_settings.mask_winners,
        clock,
        per_address=web_settings.feed_per_address,
        max_clients=web_settings.feed_max_clients,
    )


def add_feed_routes(app: web.Application, hub: FeedHub, probe: HealthProbe | None = None) -> None:
    """Serve the feed from `app`; the hub's streams end when the app shuts down. With `probe`,
    /healthz's detail shows how many clients, feeds and drops it serves ("feed")."""
    app[FEED] = hub
    if probe is not None:

        async def figures() -> object:
            return hub.figures()

        probe.detail("feed", figures)

    async def shut(app: web.Application) -> None:
        await hub.aclose()

    app.on_shutdown.append(shut)
    app.router.add_get("/overlay/{community}/events", community_events)
    app.router.add_get("/drops/{drop_id}/events", drop_events)


async def drop_events(request: web.Request) -> web.StreamResponse:
    drop_id = parse_id(request.match_info["drop_id"])
    if drop_id is None:
        raise web.HTTPNotFound(text=say("web-feed-no-drop"))
    hub = request.app[FEED]
    return await _streamed(request, hub, lambda client: hub.join_drop(drop_id, client))


async def community_events(request: web.Request) -> web.StreamResponse:
    community = request.match_info["community"]
    if not COMMUNITY.fullmatch(community):
        raise web.HTTPNotFound(text=say("web-feed-no-community"))
    hub = request.app[FEED]
    return await _streamed(request, hub, lambda client: hub.join_community(community, client))


def last_event_id(request: web.Request) -> int:
    """The last id the client saw (header, else `?lastEventId=`); 0 if none or not ours."""
    given = request.headers.get(LAST_EVENT_ID) or request.query.get("lastEventId", "")
    return int(given) if given.isdigit() and len(given) < 20 else 0


async def _streamed(request: web.Request, hub: FeedHub, join: _Join) -> web.StreamResponse:
    address = request.remote or ""
    refused = hub.admit(address)
    if refused is not None:
        status, why = REFUSED[refused]
        text = say(why)
        return web.Response(status=status, text=text, headers={"Retry-After": RETRY_AFTER_S})
    client = Client(request.transport)
    feed: Feed | None = None
    try:
        try:
            feed = await join(client)
        except UnknownDrop:
            raise web.HTTPNotFound(text=say("web-feed-no-drop")) from None
        hub.joined(client)
        return await _stream(request, hub, feed, client)
    finally:
        if feed is not None:
            hub.leave(feed, client)
        hub.release(address)


async def _stream(
    request: web.Request, hub: FeedHub, feed: Feed, client: Client
) -> web.StreamResponse:
    async with sse_response(request) as sse:
        sse.ping_interval = HEARTBEAT_S
        first = feed.current(hub.clock.now(), after=last_event_id(request))
        client.take()  # anything queued meanwhile is in `first` already
        await sse.send(first.data, id=str(first.id), event=first.event, retry=RETRY_MS)
        sent = first.id
        gone = asyncio.ensure_future(sse.wait())  # ends when a write fails: the client left
        gone.add_done_callback(lambda _: client.wake.set())
        try:
            while not (gone.done() or client.gone or hub.closing.is_set()):
                await client.wake.wait()
                for message in client.take():
                    if message.id > sent:
                        await sse.write(message.frame)  # framed once for every client
                        sent = message.id
        except ConnectionResetError:
            pass  # the client left mid-write
        finally:
            gone.cancel()
    return sse
