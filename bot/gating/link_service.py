"""What adapters call to link accounts: each method is one use case in one transaction.

`/link` in Discord calls `start`, `!link CODE` in Twitch chat calls `complete`; adapters word
the outcomes. Time comes from the injected clock, randomness from the injected source.
"""

from __future__ import annotations

from bot.gating import linking
from bot.gating.ports import GatingUnitOfWork
from bot.kernel.clock import Clock
from bot.kernel.entropy import RandomBytes
from bot.kernel.transactions import TransactionRunner, atomic, read_only


class LinkService:
    def __init__(
        self, tx: TransactionRunner[GatingUnitOfWork], clock: Clock, random_bytes: RandomBytes
    ) -> None:
        self.tx, self.clock, self.random_bytes = tx, clock, random_bytes

    async def start(self, account: str) -> linking.LinkCode:
        """A fresh one-time code that joins another account to `account`'s person."""
        now = self.clock.now()
        return await self.tx.run(
            atomic(lambda uow: linking.start_link(uow, account, now, self.random_bytes))
        )

    async def complete(self, code_text: str, account: str) -> linking.LinkOutcome:
        """Join `account` to the person who asked for the typed code; the code is used up."""
        now = self.clock.now()
        return await self.tx.run(
            atomic(lambda uow: linking.complete_link(uow, code_text, account, now))
        )

    async def unlink(self, account: str) -> bool:
        now = self.clock.now()
        return await self.tx.run(atomic(lambda uow: linking.unlink(uow, account, now)))

    async def identity_of(self, account: str) -> str:
        return await self.tx.run(read_only(lambda uow: linking.identity_of(uow, account)))

    async def accounts_of_person(self, account: str) -> list[str]:
        return await self.tx.run(read_only(lambda uow: linking.accounts_of_person(uow, account)))
