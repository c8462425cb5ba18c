"""The drop lifecycle: which state may follow which, and where the clock puts an open drop.

draft → scheduled → early → public → closed → drawn → settled, and cancelled from any state
before settled. An fcfs drop skips `drawn`: units are allocated as they are claimed.
"""

from __future__ import annotations

from datetime import datetime

from bot.drops.errors import IllegalTransition
from bot.drops.model import Drop, DropState, Mode

S = DropState

_NEXT: dict[DropState, frozenset[DropState]] = {
    S.DRAFT: frozenset({S.SCHEDULED, S.EARLY, S.PUBLIC, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.EARLY, S.PUBLIC, S.CANCELLED}),
    S.EARLY: frozenset({S.PUBLIC, S.CLOSED, S.CANCELLED}),
    S.PUBLIC: frozenset({S.CLOSED, S.CANCELLED}),
    S.CLOSED: frozenset({S.DRAWN, S.SETTLED, S.CANCELLED}),
    S.DRAWN: frozenset({S.SETTLED, S.CANCELLED}),
    S.SETTLED: frozenset(),
    S.CANCELLED: frozenset(),
}

_VERB = {
    S.SCHEDULED: "schedule",
    S.EARLY: "open",
    S.PUBLIC: "open",
    S.CLOSED: "close",
    S.DRAWN: "draw",
    S.SETTLED: "settle",
    S.CANCELLED: "cancel",
}


def can_move(current: DropState, target: DropState) -> bool:
    return target in _NEXT[current]


def move(drop: Drop, target: DropState) -> None:
    """Move `drop` to `target` or raise IllegalTransition naming the state it is in."""
    if target is S.DRAWN and drop.spec.mode is Mode.FCFS:
        raise IllegalTransition("refusal-no-draw", name=drop.name)
    if not can_move(drop.state, target):
        allowed = ", ".join(sorted(s.value for s in _NEXT[drop.state]))
        raise IllegalTransition(
            "refusal-cannot-move" if allowed else "refusal-cannot-move-final",
            doing=_VERB.get(target, target.value),
            name=drop.name,
            phase=drop.state.value,
            # For the English one-liner; the catalog says where a drop may go next from
            # `phase`, in each language (tests/messages/test_refusals.py holds the two equal).
            **({"allowed": allowed} if allowed else {}),
        )
    drop.state = target


def phase_at(drop: Drop, now: datetime) -> DropState:
    """The state the clock says an opened drop is in, whatever has been persisted so far.

    Entry decisions use this rather than the stored state, so a late scheduler tick can never
    let a claim in after the window closed or keep the public out after it opened.
    """
    if drop.state not in (S.EARLY, S.PUBLIC) or drop.opened_at is None:
        return drop.state
    if drop.paused_at is not None:
        return drop.state  # paused: its close waits until it resumes (and is moved then)
    if drop.closes_at is not None and now >= drop.closes_at:
        return S.CLOSED
    public_at = drop.public_opens_at()
    if public_at is not None and now >= public_at:
        return S.PUBLIC
    return S.EARLY
