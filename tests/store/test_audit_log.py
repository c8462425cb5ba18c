"""The audit log on memory, SQLite and PostgreSQL: rows as stored, newest first, by community
and by drop; and `AuditLog.action` storing what a command did, its refusal or its failure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.drops.audit import Actor, AuditEntry
from bot.drops.ports import UnitOfWork
from bot.kernel.errors import DropError
from tests.fixtures.harness import CHANNEL, START, Harness

MOD = Actor("twitch:7", "kit")


def _entry(number: int, channel: str = CHANNEL, drop_id: int | None = None) -> AuditEntry:
    return AuditEntry(
        channel, "discord:9", "mod", "discord", "close", f"asked {number}", "ok",
        START + timedelta(minutes=number), drop_id=drop_id, drop_name=f"d{drop_id or 0}",
    )  # fmt: skip


def test_entries_come_back_newest_first_by_community_and_drop(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    with new_uow() as uow:
        for number, (channel, drop_id) in enumerate(
            [(CHANNEL, 1), (CHANNEL, None), ("other", 1), (CHANNEL, 2), (CHANNEL, 1)]
        ):
            uow.audit.add(_entry(number, channel, drop_id))
        uow.commit()
    with new_uow() as uow:
        mine = uow.audit.recent(CHANNEL, drop_id=None, drop_name=None, limit=10)
        of_drop = uow.audit.recent(None, drop_id=1, drop_name=None, limit=10)
        named = uow.audit.recent(CHANNEL, drop_id=None, drop_name="d2", limit=10)
        newest = uow.audit.recent(None, drop_id=None, drop_name=None, limit=2)
    assert [e.detail for e in mine] == ["asked 4", "asked 3", "asked 1", "asked 0"]
    assert [e.detail for e in of_drop] == ["asked 4", "asked 2", "asked 0"]
    assert [e.detail for e in named] == ["asked 3"]
    assert [e.detail for e in newest] == ["asked 4", "asked 3"]
    stored = mine[0]
    assert stored.id is not None and stored.at == START + timedelta(minutes=4)
    assert (stored.actor, stored.actor_name, stored.platform, stored.action, stored.result) == (
        "discord:9", "mod", "discord", "close", "ok",
    )  # fmt: skip


async def test_an_action_is_stored_with_its_result_its_refusal_or_its_failure(
    harness: Harness,
) -> None:
    audit = harness.service.book.audit
    async with audit.action(MOD, "close", CHANNEL, "!drop close", drop_name="hoodie") as act:
        act.done("closed and drawn", drop_id=4, drop_name="hoodie")
    with pytest.raises(DropError):
        async with audit.action(MOD, "open", CHANNEL, "!drop open x"):
            raise DropError("drop 'y' is still public in this channel; close or cancel it first")
    with pytest.raises(RuntimeError):
        async with audit.action(MOD, "reroll", CHANNEL):
            raise RuntimeError("the database went away")
    failed, refused, done = await audit.recent(CHANNEL)
    assert (done.action, done.result, done.drop_id, done.drop_name) == (
        "close", "ok: closed and drawn", 4, "hoodie",
    )  # fmt: skip
    assert (done.actor, done.actor_name, done.platform, done.at) == (
        "twitch:7", "kit", "twitch", START,
    )  # fmt: skip
    assert refused.result == (
        "refused: drop 'y' is still public in this channel; close or cancel it first"
    )
    assert failed.result == "failed: RuntimeError"  # the kind only: an error may quote secrets


async def test_moderator_drop_actions_through_the_service_name_their_drop(
    harness: Harness,
) -> None:
    drop = await harness.open()
    audit = harness.service.book.audit
    async with audit.action(MOD, "cancel", CHANNEL, "reason=typo") as act:
        cancelled = await harness.service.cancel(CHANNEL, None, "typo")
        act.done("cancelled", drop_id=cancelled.id, drop_name=cancelled.name)
    (entry,) = await audit.recent(CHANNEL, drop_id=drop.id)
    assert (entry.drop_name, entry.detail) == ("hoodie", "reason=typo")
