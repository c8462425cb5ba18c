"""A moderator edits a drop before it opens, through the service, on memory, SQLite and
PostgreSQL; once it is open, every edit is refused and nothing changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.drops.editing import DropEdit
from bot.drops.errors import IllegalTransition
from bot.drops.notices import Scheduled, notice_of
from bot.kernel.errors import InvalidSpec
from tests.fixtures.harness import CHANNEL, START, Harness, spec


async def test_a_scheduled_drop_takes_the_edit_and_is_announced_again(harness: Harness) -> None:
    drop = await harness.service.create(spec(), start_at=START + timedelta(hours=1))
    later = START + timedelta(hours=2)
    edit = DropEdit(
        title="Hoodie, signed", supply=5, entry_window=timedelta(minutes=20), start_at=later
    )

    edited = await harness.service.steering.edit(CHANNEL, "hoodie", edit, "ModAnna")

    stored = harness.read(lambda uow: uow.drops.get(drop.id))
    assert stored is not None and stored.scheduled_for == later
    assert (stored.spec.title, stored.spec.supply) == ("Hoodie, signed", 5)
    assert stored.spec.entry_window == timedelta(minutes=20)
    assert [c.what for c in edited.changes] == [
        "edited: title 'Hoodie, signed', supply 5, entries for 20m, starts 2026-11-21 22:00 UTC"
    ]
    notices = harness.read(lambda uow: [notice_of(m) for m in uow.outbox.for_drop(drop.id)])
    scheduled = [n for n in notices if isinstance(n, Scheduled)]
    assert [(n.supply, n.starts_at) for n in scheduled] == [
        (3, START + timedelta(hours=1)),
        (5, later),
    ]


async def test_a_draft_takes_an_edit_quietly(harness: Harness) -> None:
    drop = await harness.service.create(spec(), draft=True)
    await harness.service.steering.edit(CHANNEL, "hoodie", DropEdit(supply=9), "m")
    assert (await harness.service.get(drop.id)).spec.supply == 9
    assert harness.read(lambda uow: uow.outbox.for_drop(drop.id)) == []


async def test_an_open_drop_refuses_every_edit(harness: Harness) -> None:
    drop = await harness.open()
    with pytest.raises(IllegalTransition, match="once open, its supply, tiers and rules are bound"):
        await harness.service.steering.edit(CHANNEL, "hoodie", DropEdit(supply=9), "m")
    assert (await harness.service.get(drop.id)).spec.supply == 3


async def test_a_bad_edit_changes_nothing(harness: Harness) -> None:
    drop = await harness.service.create(spec(), start_at=START + timedelta(hours=1))
    with pytest.raises(InvalidSpec):
        await harness.service.steering.edit(CHANNEL, "hoodie", DropEdit(supply=0), "m")
    with pytest.raises(IllegalTransition, match="the new start must be in the future"):
        await harness.service.steering.edit(CHANNEL, "hoodie", DropEdit(start_at=START), "m")
    stored = await harness.service.get(drop.id)
    assert stored.spec.supply == 3 and stored.changes == ()
