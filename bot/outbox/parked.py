"""What the sinks gave up on: the one query `/healthz` (and later `fairdrop doctor`) shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.drops.model import ParkedDelivery
from bot.drops.ports import UnitOfWork
from bot.kernel.transactions import TransactionRunner, read_only


@dataclass(frozen=True, slots=True)
class ParkedReport:
    """How many messages each sink parked (all time), and the latest few."""

    counts: dict[str, int]
    latest: list[ParkedDelivery]

    def as_json(self) -> dict[str, Any]:
        """For a status page: ids, kinds and error kinds only, never who a message was for."""
        return {
            "parked": dict(sorted(self.counts.items())),
            "latest_parked": [
                {
                    "sink": p.sink,
                    "message_id": p.message_id,
                    "drop_id": p.drop_id,
                    "kind": p.kind,
                    "attempts": p.attempts,
                    "parked_at": p.parked_at.isoformat(),
                    "reason": p.reason,
                }
                for p in self.latest
            ],
        }


async def parked_report(tx: TransactionRunner[UnitOfWork], latest: int = 5) -> ParkedReport:
    """Read the parked deliveries' counts and the `latest` most recent, in one transaction."""

    def read(uow: UnitOfWork) -> ParkedReport:
        return ParkedReport(uow.outbox.parked_counts(), uow.outbox.parked(latest))

    return await tx.run(read_only(read))
