"""Changing a drop that is open: a moderator moves its close later (extend) or earlier
(shorten), or pauses it and resumes it with the time it had left.

Only the entry window moves. What the commitment binds (supply, mode, tiers, the entry rules)
never changes once the drop is open: the draw is computed from the seed committed at open and the
entry list frozen at close, so a later close changes who could enter, not how the winners follow
from the entries. Each change is announced, and recorded on the drop with when and by whom.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.drops.errors import IllegalTransition
from bot.drops.lifecycle import phase_at
from bot.drops.model import Drop, DropChange, DropState
from bot.drops.notices import Extended, Paused
from bot.drops.opening import CLOSING_NOTICE, announce
from bot.drops.ports import UnitOfWork
from bot.kernel.durations import describe_duration

MAX_ENTRY_WINDOW = timedelta(days=7)  # an extension past this is a typo, not a plan


def move_close(uow: UnitOfWork, drop: Drop, by: timedelta, moderator: str, now: datetime) -> Drop:
    """Move `drop`'s close by `by` (later if positive), announce it and record it.

    IllegalTransition (nothing changed) unless the drop is open, the new close is still ahead
    (at least a minute from now, so a shortened drop's "closing soon" can still be said) and at
    or after the time everyone may enter, and the window stays within `MAX_ENTRY_WINDOW`.
    """
    _require_open(drop, now, "refusal-not-open-to-extend")
    if drop.paused_at is not None:
        raise IllegalTransition("refusal-paused-resume-first", name=drop.name)
    if not by:
        raise IllegalTransition("refusal-move-by-nothing")
    assert drop.closes_at is not None and drop.opened_at is not None
    closes_at = drop.closes_at + by
    if closes_at < now + CLOSING_NOTICE:
        raise IllegalTransition("refusal-close-too-soon", name=drop.name)
    public_at = drop.public_opens_at()
    if public_at is not None and closes_at < public_at:
        raise IllegalTransition(
            "refusal-close-before-public", name=drop.name, clock=f"{public_at:%H:%M}"
        )
    if closes_at - drop.opened_at > MAX_ENTRY_WINDOW:
        raise IllegalTransition(
            "refusal-open-too-long", name=drop.name, duration=describe_duration(MAX_ENTRY_WINDOW)
        )
    drop.closes_at = closes_at
    moved = "extended" if by > timedelta(0) else "shortened"
    what = f"entries close {closes_at:%H:%M} UTC ({moved} by {describe_duration(abs(by))})"
    drop.changes = (*drop.changes, DropChange(now, moderator, what))
    uow.drops.save(drop)
    announce(
        uow,
        drop,
        Extended,
        now,
        dedupe_key=f"extended:{drop.id}:{len(drop.changes)}",
        seconds=int(by.total_seconds()),
    )
    return drop


def pause(uow: UnitOfWork, drop: Drop, moderator: str, now: datetime) -> Drop:
    """Stop `drop` taking entries until `resume`; its close waits. IllegalTransition (nothing
    changed) unless it is open and not paused already."""
    _require_open(drop, now, "refusal-not-open-to-pause")
    if drop.paused_at is not None:
        raise IllegalTransition("refusal-paused-already", name=drop.name)
    assert drop.closes_at is not None
    drop.paused_at = now
    left = describe_duration(drop.closes_at - now)
    _record(uow, drop, moderator, now, f"paused with {left} of entries left", paused=True)
    return drop


def resume(uow: UnitOfWork, drop: Drop, moderator: str, now: datetime) -> Drop:
    """Take entries again: the close moves by as long as the pause lasted, so the time left is
    kept. IllegalTransition (nothing changed) unless `drop` is paused."""
    if drop.paused_at is None or drop.state not in (DropState.EARLY, DropState.PUBLIC):
        raise IllegalTransition("refusal-not-paused", name=drop.name)
    assert drop.closes_at is not None
    drop.closes_at += now - drop.paused_at
    drop.paused_at = None
    what = f"resumed; entries close {drop.closes_at:%H:%M} UTC"
    _record(uow, drop, moderator, now, what, paused=False)
    return drop


def _require_open(drop: Drop, now: datetime, refusal: str) -> None:
    phase = phase_at(drop, now)
    if phase not in (DropState.EARLY, DropState.PUBLIC):
        raise IllegalTransition(refusal, name=drop.name, phase=phase.value)


def _record(
    uow: UnitOfWork, drop: Drop, moderator: str, now: datetime, what: str, *, paused: bool
) -> None:
    drop.changes = (*drop.changes, DropChange(now, moderator, what))
    uow.drops.save(drop)
    key = f"paused:{drop.id}:{len(drop.changes)}"
    announce(uow, drop, Paused, now, dedupe_key=key, paused=paused)
