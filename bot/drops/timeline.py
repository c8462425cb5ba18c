"""What is due when: the times at which a drop moves on by itself.

The scheduler turns these into persistent jobs. The record (the drop's state and times in SQL)
stays the source of truth: the plan is worked out again from it at every start and whenever a
drop changes, and every job's work checks the state it finds, so a job that runs late, early or
for a drop that moved on meanwhile does the right thing or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.drops.model import Drop, DropState
from bot.drops.opening import CLOSING_NOTICE


class DueKind(StrEnum):
    OPEN = "open"  # a scheduled drop opens
    PUBLIC = "public"  # early access ends; everyone may enter
    CLOSING = "closing"  # "closing soon" goes out
    CLOSE = "close"  # entries close; a lottery is drawn
    DRAW = "draw"  # a closed lottery's drand round is out: fetch it and draw
    EXPIRE = "expire"  # unclaimed units pass to the waitlist
    SUMMARY = "summary"  # the conversion summary is posted
    SERIES = "series"  # a recurring series opens its occurrence (its `drop_id` is the series')
    SEASON = "season"  # a season's summary is posted (its `drop_id` is the episode it follows)


# How long after the close each summary is posted, by its label.
SUMMARIES: dict[str, timedelta] = {"24h": timedelta(hours=24), "72h": timedelta(hours=72)}


OVERDUE = timedelta(microseconds=1)


def summary_key(label: str, drop_id: int) -> str:
    """The outbox dedupe key of a posted summary: the record that it went out."""
    return f"summary:{label}:{drop_id}"


def closing_key(drop_id: int) -> str:
    """The outbox dedupe key of the "closing soon" notice (see `opening.advance`)."""
    return f"closing:{drop_id}"


def announced_keys(drop_ids: Iterable[int]) -> list[str]:
    """The outbox keys that say which of these drops' timed notices have gone out."""
    return [
        key
        for drop_id in drop_ids
        for key in (closing_key(drop_id), *(summary_key(label, drop_id) for label in SUMMARIES))
    ]


@dataclass(frozen=True, slots=True)
class Due:
    kind: DueKind
    drop_id: int
    at: datetime
    label: str = ""  # which summary

    @property
    def key(self) -> str:
        """One job per key: planning the same thing again replaces it, never doubles it."""
        tail = f":{self.label}" if self.label else ""
        return f"{self.kind.value}:{self.drop_id}{tail}"


def due_for(drop: Drop, next_deadline: datetime | None, posted: Iterable[str] = ()) -> list[Due]:
    """What is still to happen to `drop` by the clock, given its earliest pending claim deadline
    and which of its `announced_keys` are in the outbox already."""
    due: list[Due] = []
    state = drop.state
    if state is DropState.SCHEDULED and drop.scheduled_for is not None:
        due.append(Due(DueKind.OPEN, drop.id, drop.scheduled_for))
    if state is DropState.EARLY and (public_at := drop.public_opens_at()) is not None:
        due.append(Due(DueKind.PUBLIC, drop.id, public_at))
    done = set(posted)
    if (
        state in (DropState.EARLY, DropState.PUBLIC)
        and drop.closes_at is not None
        and drop.paused_at is None  # a paused drop's close is planned again when it resumes
    ):
        if drop.spec.entry_window > 2 * CLOSING_NOTICE and closing_key(drop.id) not in done:
            due.append(Due(DueKind.CLOSING, drop.id, drop.closes_at - CLOSING_NOTICE))
        due.append(Due(DueKind.CLOSE, drop.id, drop.closes_at))
    if drop.awaiting_beacon and (committed := drop.committed_round) is not None:
        due.append(Due(DueKind.DRAW, drop.id, committed.at))
    if next_deadline is not None and state is not DropState.CANCELLED:
        # A claim is overdue once its deadline has passed, not at the deadline itself.
        due.append(Due(DueKind.EXPIRE, drop.id, next_deadline + OVERDUE))
    if drop.closed_at is not None and state is not DropState.CANCELLED:
        for label, after in SUMMARIES.items():
            if summary_key(label, drop.id) not in done:
                due.append(Due(DueKind.SUMMARY, drop.id, drop.closed_at + after, label))
    return due
