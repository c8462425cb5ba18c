"""Parking in the outbox record, on every backend: a parked message is no longer pending for its
sink (only), keeps its attempts, and is counted and listed newest first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.drops.model import OutboxMessage
from bot.drops.ports import UnitOfWork

AT = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_a_parked_message_leaves_its_sinks_queue_only(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    with new_uow() as uow:
        uow.outbox.add_many(
            [OutboxMessage(f"m{i}", 7, "won", f"discord:{i}", created_at=AT) for i in range(3)]
        )
        uow.commit()
    with new_uow() as uow:
        first, second, _ = (m.id or 0 for m in uow.outbox.pending("discord", 10))
        uow.outbox.mark_failed("discord", first)
        uow.outbox.park("discord", first, AT, "ServerDisconnectedError")
        uow.outbox.park("discord", second, AT + timedelta(seconds=1), "x" * 500)
        uow.commit()
    with new_uow() as uow:
        assert len(uow.outbox.pending("discord", 10)) == 1
        assert len(uow.outbox.pending("twitch", 10)) == 3  # another sink's record is its own
        assert uow.outbox.parked_counts() == {"discord": 2}
        latest, earlier = uow.outbox.parked()
    assert (latest.message_id, latest.attempts, len(latest.reason)) == (second, 1, 200)
    assert (earlier.message_id, earlier.attempts, earlier.kind) == (first, 2, "won")
    assert earlier.parked_at == AT and earlier.drop_id == 7
    assert earlier.reason == "ServerDisconnectedError"
