"""The moderators' preview: a whole sample drop as the feed would send it, played in a loop.

`/overlay/{community}/preview` is the overlay page with these events in its data instead of a
feed: the same script shows them through the same code, so what moderators place and size in
OBS is what the stream will show. The events follow the feed's contract (`state` and `count`,
`v` 1) on a timeline that starts when the page is served; nothing here reads or touches a drop.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.drops.beacon import QUICKNET, first_round_after, round_time
from bot.messages.catalog import current
from bot.web.overlay.words import OVERLAY_VOICE

# The sample's timeline, seconds from the start of each loop.
OPENS, PUBLIC, CLOSES, DRAWN, GONE, LOOP = 5.0, 12.0, 22.0, 26.0, 40.0, 43.0
COUNT_EVERY = 0.5  # while entries are open, as the feed coalesces them
SUPPLY = 3
# Sample winners as the feed gives names: display names, or masked (`[web] mask_winners`).
WINNERS = ("PixelPioneer", "NightOwl_42", "l***s")
# Early access for subscribers, then for VIPs: as the feed sends it, said by the page.
SAMPLE_EARLY = [
    {"any_of": [{"kind": "badge", "value": "subscriber"}], "require": []},
    {"any_of": [{"kind": "badge", "value": "vip"}], "require": []},
]
SAMPLE_ID = 0  # no drop has it: the preview's QR code is served from the page's data


def _iso(at: datetime) -> str:
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def preview_events(community: str, site_url: str, now: datetime) -> list[dict[str, Any]]:
    """The sample drop's events for one loop: `{"at_ms", "event", "data"}`, in order, with the
    server's clock in them starting at `now`."""
    say = current().say
    start = now.astimezone(UTC).replace(microsecond=0)

    def at(seconds: float) -> datetime:
        return start + timedelta(seconds=seconds)

    closes = at(CLOSES)
    beacon = first_round_after(QUICKNET, closes + timedelta(seconds=3))
    drop: dict[str, Any] = {
        "id": SAMPLE_ID,
        "title": say(OVERLAY_VOICE, "overlay-preview-title", community),
        "supply": SUPPLY,
        "mode": "lottery",
        "opens_at": _iso(at(OPENS)),
        "public_at": _iso(at(PUBLIC)),
        "closes_at": _iso(closes),
        "early_for": SAMPLE_EARLY,
        "entrants": 0,
        "commitment": hashlib.sha256(b"fairdrop overlay preview").hexdigest(),
        "beacon_round": beacon,
        "beacon_at": _iso(round_time(QUICKNET, beacon)),
        "winners": [],
        "transparency_url": site_url,
    }
    events: list[dict[str, Any]] = []

    def state(seconds: float, phase: str, **changes: Any) -> None:
        drop.update(changes)
        data = {
            "v": 1, "server_time": _iso(at(seconds)), "community": community, "phase": phase,
            "drop": dict(drop) if phase != "none" else None,
        }  # fmt: skip
        events.append({"at_ms": int(seconds * 1000), "event": "state", "data": data})

    state(0, "scheduled")
    state(OPENS, "early")
    seconds, entrants = OPENS + COUNT_EVERY, 0
    while seconds < CLOSES:
        if seconds == PUBLIC:
            state(PUBLIC, "public", entrants=entrants)
        else:
            # A rush at the start of each window, then a trickle: what a real drop looks like.
            since = seconds - (PUBLIC if seconds > PUBLIC else OPENS)
            entrants += max(3, int(60 / (1 + since)))
            data = {"drop_id": SAMPLE_ID, "entrants": entrants, "server_time": _iso(at(seconds))}
            events.append({"at_ms": int(seconds * 1000), "event": "count", "data": data})
        seconds += COUNT_EVERY
    state(CLOSES, "drawing", entrants=entrants)
    state(DRAWN, "drawn", winners=list(WINNERS))
    state(GONE, "none")
    return events
