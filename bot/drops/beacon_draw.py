"""Drawing a lottery that committed to a drand round: wait for the round, then draw with it.

A beacon-backed lottery closes at its time (the entry list frozen and hashed) and is drawn once
its round is published and verified. If the round cannot be had, chat and Discord are told once
(``BeaconWaiting``) and the scheduler tries again later; after ``max_wait`` past the round's
time the plan's policy applies: keep waiting, or draw without the round, which the transcript
records (``beacon_outcome``) so that anyone can see the operator could have steered that draw.
"""

from __future__ import annotations

from datetime import timedelta

from bot.drops import fencing, winners
from bot.drops.beacon import BeaconPlan, BeaconPolicy, BeaconRound, BeaconUnavailable
from bot.drops.keyring import Keyring
from bot.drops.model import Drop
from bot.drops.notices import BeaconWaiting, outbox_message
from bot.drops.ports import Fence, UnitOfWork
from bot.kernel.clock import Clock
from bot.kernel.entropy import RandomBytes
from bot.kernel.transactions import TransactionRunner, atomic, read_only


class BeaconPending(BeaconUnavailable):
    """The draw is waiting for its round (said in chat and Discord); try again later."""


class BeaconDraws:
    """The draw of closed lotteries that wait for their drand round."""

    def __init__(
        self,
        tx: TransactionRunner[UnitOfWork],
        clock: Clock,
        keyring: Keyring,
        random_bytes: RandomBytes,
        plan: BeaconPlan,
    ) -> None:
        self.tx, self.clock, self.plan = tx, clock, plan
        self.keyring, self.random_bytes = keyring, random_bytes

    async def draw(self, drop_id: int, *, fence: Fence | None = None) -> list[str]:
        """Fetch the drop's committed round and draw with it; [] if there is nothing to do
        (not waiting, or the round's time has not come). BeaconPending while it waits."""
        drop = await self.tx.run(read_only(lambda uow: uow.drops.get(drop_id)))
        if drop is None or not drop.awaiting_beacon:
            return []
        committed = drop.committed_round
        assert committed is not None
        if self.clock.now() < committed.at:
            return []
        fetched: BeaconRound | None = None
        outcome = "verified"
        try:
            fetched = await self.plan.source.fetch(committed)
        except BeaconUnavailable as error:
            waited = self.clock.now() - committed.at
            if waited < self.plan.max_wait or self.plan.policy is BeaconPolicy.WAIT:
                await self._say_waiting(drop, fence)
                raise BeaconPending(f"drop {drop.name!r}: {error}") from None
            outcome = (
                f"drawn without drand round {committed.round}: still unavailable "
                f"{_seconds(waited)} after its time (policy {self.plan.policy.value} after "
                f"{_seconds(self.plan.max_wait)}); the operator could have influenced this draw"
            )
        now = self.clock.now()

        def run(uow: UnitOfWork) -> list[str]:
            fencing.check(uow, fence)
            current = uow.drops.get(drop_id)
            if current is None or not current.awaiting_beacon:
                return []  # drawn or cancelled meanwhile
            winners.draw_winners(
                uow,
                current,
                now,
                self.keyring,
                self.random_bytes,
                fetched=fetched,
                outcome=outcome,
            )
            said = f"with drand round {committed.round}" if fetched else "without the beacon"
            return [f"drawn {said}"]

        return await self.tx.run(atomic(run))

    async def _say_waiting(self, drop: Drop, fence: Fence | None) -> None:
        """Tell chat and Discord once that the draw waits (the dedupe key makes it once)."""
        now = self.clock.now()
        notice = BeaconWaiting(
            drop=drop.name,
            title=drop.spec.title,
            round=drop.beacon_round,
            policy=self.plan.policy.value,
            max_wait=int(self.plan.max_wait.total_seconds()),
        )

        def run(uow: UnitOfWork) -> None:
            fencing.check(uow, fence)
            uow.outbox.add(
                outbox_message(
                    notice, dedupe_key=f"beacon-wait:{drop.id}", drop_id=drop.id, created_at=now
                )
            )

        await self.tx.run(atomic(run))


def _seconds(d: timedelta) -> str:
    return f"{int(d.total_seconds())}s"
