"""What the live feed says of a drop: its public state, as the overlay contract spells it.

One function of the drop's public record (`bot.drops.public_record`, what the transparency page
shows) and the time: the feed reads the record once per change per process and hands the same
state to every client. Only what the transparency page already shows goes in: the title, the
supply, the windows, who has early access (as data each page says in its language: `who.py`),
the entrant count, the commitment and drand round, and the winners by the name the page shows
them by (`transparency_routes.winner_name`, masked per `[web] mask_winners`). Never a code, a
token, an identity, an account id or a moderator's name: the state is built field by field from
the record, never by copying the drop.

Text values are plain text: the pages insert them with `textContent`, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from bot.drops.model import OPEN_STATES, Drop, DropState, Mode
from bot.drops.public_record import PublicRecord, Winner
from bot.web.feed.who import early_for
from bot.web.transparency_routes import winner_name

VERSION = 1
Phase = Literal["none", "scheduled", "early", "public", "paused", "drawing", "drawn", "cancelled"]
# The phases in which people enter (or, paused, may again): the only ones whose entrant count
# moves by itself. In every other the feed waits for the drop's next change.
COUNTED_PHASES: frozenset[Phase] = frozenset({"early", "public", "paused"})
Json = dict[str, object]


@dataclass(frozen=True, slots=True)
class DropView:
    """What the feed shows of a drop, read in one transaction: the drop, how many entered
    and were kept, and its winners (from the public record, once there can be any)."""

    drop: Drop
    entrants: int
    winners: tuple[Winner, ...] = ()

    @classmethod
    def of_record(cls, record: PublicRecord) -> DropView:
        """The view of a whole public record (the tier counts the transparency page shows)."""
        kept = sum(count for _, count in record.entrants_by_tier)
        return cls(record.drop, kept, record.winners)


def iso(moment: datetime | None) -> str | None:
    """`2026-12-07T18:00:00.123Z`: ISO 8601 in UTC with milliseconds, or None."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def phase_of(drop: Drop | None, now: datetime) -> Phase:
    """The contract's phase of `drop` at `now` (a draft is nobody's business: "none")."""
    if drop is None or drop.state is DropState.DRAFT:
        return "none"
    state = drop.state
    if state is DropState.SCHEDULED:
        return "scheduled"
    if state in OPEN_STATES:
        if drop.paused_at is not None:
            return "paused"
        public_at = _public_at(drop)
        return "early" if public_at is not None and now < public_at else "public"
    if state is DropState.CLOSED:
        return "drawn" if drop.spec.mode is Mode.FCFS else "drawing"
    if state is DropState.CANCELLED:
        return "cancelled"
    return "drawn"  # drawn or settled


def drop_state(view: DropView, now: datetime, public_url: str, masked: bool) -> Json:
    """The `drop` object of a `state` event: what anyone may see of the drop now."""
    drop = view.drop
    phase = phase_of(drop, now)
    lottery = drop.spec.mode is Mode.LOTTERY
    committed = drop.committed_round
    opens_at = drop.opened_at or drop.scheduled_for
    closes_at = drop.closes_at
    if closes_at is None and opens_at is not None:
        closes_at = opens_at + drop.spec.entry_window
    return {
        "id": drop.id,
        "title": drop.spec.title or drop.spec.name,
        "supply": drop.spec.supply,
        "mode": "lottery" if lottery else "first_come",
        "opens_at": iso(opens_at),
        "public_at": iso(_public_at(drop)),
        "closes_at": iso(closes_at),
        "early_for": early_for(drop),
        "entrants": view.entrants,
        # Published at open (the announcement carries it); none for a first-come drop.
        "commitment": drop.commitment if lottery and drop.opened_at is not None else None,
        "beacon_round": committed.round if committed is not None else None,
        "beacon_at": iso(committed.at) if committed is not None else None,
        "winners": [winner_name(w, masked) for w in view.winners] if phase == "drawn" else [],
        "transparency_url": f"{public_url.rstrip('/')}/drops/{drop.id}",
    }


def _public_at(drop: Drop) -> datetime | None:
    """When everyone may enter; None when there is no early window."""
    tiers = drop.spec.tiers
    start = drop.opened_at or drop.scheduled_for
    if start is None or not tiers:
        return None
    last = max(t.opens_after for t in tiers)
    return start + last if last > timedelta(0) else None


def state_message(community: str, phase: Phase, drop: Json | None, now: datetime) -> Json:
    """The data of a `state` event."""
    return {
        "v": VERSION,
        "server_time": iso(now),
        "community": community,
        "phase": phase,
        "drop": drop,
    }


def count_message(drop_id: int, count: int, now: datetime) -> Json:
    """The data of a `count` event: only the entrant count moved."""
    return {"drop_id": drop_id, "entrants": count, "server_time": iso(now)}
