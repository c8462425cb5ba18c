"""Editing a drop before it opens: its title, supply, entry window, tiers and start time may
change while it is a draft or scheduled, and nothing of it once it is open.

Once open, entries come in under the commitment announced then (and a first-come drop's
guaranteed units are committed then): supply, mode, tiers and the entry rules decide who can win
and how many, so changing them would change a result anyone checks against what was announced.
Only the close may move then (`bot.drops.changes`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.drops.errors import IllegalTransition
from bot.drops.model import Drop, DropChange, DropState
from bot.drops.notices import Scheduled
from bot.drops.opening import announce
from bot.drops.ports import UnitOfWork
from bot.drops.spec import validate_spec
from bot.gating.rules import Tier
from bot.kernel.durations import describe_duration


@dataclass(frozen=True, slots=True)
class DropEdit:
    """What a moderator changes; None leaves it as it is."""

    title: str | None = None
    supply: int | None = None
    entry_window: timedelta | None = None
    tiers: tuple[Tier, ...] | None = None  # e.g. with the early-access offset moved
    start_at: datetime | None = None  # a scheduled drop's new start

    def is_empty(self) -> bool:
        return all(getattr(self, f) is None for f in self.__slots__)


def edit_drop(uow: UnitOfWork, drop: Drop, edit: DropEdit, moderator: str, now: datetime) -> Drop:
    """Apply `edit` to a draft or scheduled `drop`, record it and, if scheduled, announce the
    drop again as it now is. IllegalTransition or InvalidSpec (nothing changed) otherwise."""
    if drop.state not in (DropState.DRAFT, DropState.SCHEDULED):
        raise IllegalTransition("refusal-edit-open", name=drop.name, phase=drop.state.value)
    if edit.is_empty():
        raise IllegalTransition("refusal-edit-nothing")
    if edit.start_at is not None:
        if drop.state is not DropState.SCHEDULED:
            raise IllegalTransition("refusal-edit-draft-start", name=drop.name)
        if edit.start_at <= now:
            raise IllegalTransition("refusal-edit-start-past")
    spec = drop.spec
    done: list[str] = []
    if edit.title is not None and edit.title != spec.title:
        spec = replace(spec, title=edit.title)
        done.append(f"title {edit.title!r}")
    if edit.supply is not None and edit.supply != spec.supply:
        spec = replace(spec, supply=edit.supply)
        done.append(f"supply {edit.supply}")
    if edit.entry_window is not None and edit.entry_window != spec.entry_window:
        spec = replace(spec, entry_window=edit.entry_window)
        done.append(f"entries for {describe_duration(edit.entry_window)}")
    if edit.tiers is not None and edit.tiers != spec.tiers:
        spec = replace(spec, tiers=edit.tiers)
        done.append("tiers' openings")
    moved = edit.start_at is not None and edit.start_at != drop.scheduled_for
    if moved:
        done.append(f"starts {edit.start_at:%Y-%m-%d %H:%M} UTC")
    spec = validate_spec(spec)  # before anything changes: a bad edit changes nothing
    if not done:
        raise IllegalTransition("refusal-edit-same")
    drop.spec = spec
    if moved:
        drop.scheduled_for = edit.start_at
    drop.changes = (*drop.changes, DropChange(now, moderator, "edited: " + ", ".join(done)))
    uow.drops.save(drop)
    if drop.state is DropState.SCHEDULED:
        key = f"scheduled:{drop.id}:edit{len(drop.changes)}"
        announce(uow, drop, Scheduled, now, dedupe_key=key)
    return drop
