"""The code desk: what becomes of a winner's code once the unit is allocated.

Winners collect their codes (the claim page, `/mycodes`, the Discord button); partners check
and redeem them. None of it touches a drop's claims or its clock, and redemptions commit in
batches of their own, beside the claims' (a busy till costs a commit per batch, not per scan),
so the desk stands apart from the drop's lifecycle. `DropService` is a `CodeDesk`: adapters
call `service.redeem(...)` as before, with no hop per call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.drops import delivery, redemption
from bot.drops.delivery import Collected
from bot.drops.errors import UnknownDrop
from bot.drops.intake import BatchIntake
from bot.drops.keyring import Keyring
from bot.drops.model import KeyReservation
from bot.drops.partners import PartnerScope
from bot.drops.ports import UnitOfWork
from bot.kernel.clock import Clock
from bot.kernel.transactions import TransactionRunner, atomic, read_only


class CodeDesk:
    """Collecting, checking and redeeming codes, each in one transaction (redemptions batched)."""

    def __init__(
        self,
        tx: TransactionRunner[UnitOfWork],
        keyring: Keyring,
        clock: Clock,
        *,
        max_batch: int = 1000,
    ) -> None:
        self.tx, self.keyring, self.clock = tx, keyring, clock

        # Code checks and redemptions are group-committed too: one transaction judges every
        # request waiting, so a busy till costs a commit per batch, not per scan.
        async def settle(
            requests: Sequence[redemption.CodeRequest],
        ) -> list[redemption.CodeVerdict | Exception]:
            return await redemption.settle_all(self.tx, requests, self.keyring)

        self.redemptions = BatchIntake(settle, max_batch)

    async def collect(self, drop_id: int, identity: str) -> delivery.Collected:
        now = self.clock.now()

        def run(uow: UnitOfWork) -> delivery.Collected:
            drop = uow.drops.get(drop_id)
            if drop is None:
                raise UnknownDrop.numbered(drop_id)
            return delivery.collect_codes(uow, drop, identity, now, self.keyring)

        return await self.tx.run(atomic(run))

    async def collect_for_account(
        self, drop_id: int, account: str, *, deliver: bool = True
    ) -> delivery.Collected:
        """`collect` for whoever holds the platform `account` (`twitch:<user id>`): the person
        it is linked into, or the account itself, as claims resolve it. `deliver=False` only
        prepares the codes (see `delivery.collect_codes`)."""
        now = self.clock.now()

        def run(uow: UnitOfWork) -> delivery.Collected:
            drop = uow.drops.get(drop_id)
            if drop is None:
                raise UnknownDrop.numbered(drop_id)
            identity = uow.links.identities([account]).get(account, account)
            return delivery.collect_codes(uow, drop, identity, now, self.keyring, deliver=deliver)

        return await self.tx.run(atomic(run) if deliver else read_only(run))

    async def collect_everywhere(self, account: str, most: int = 10) -> list[Collected]:
        """`collect` in each of the `most` newest drops where the account's person won something
        (for `/mycodes`): delivering marks the codes delivered, as the claim page does."""
        now = self.clock.now()

        def run(uow: UnitOfWork) -> list[Collected]:
            identity = uow.links.identities([account]).get(account, account)
            found = []
            for drop_id in uow.allocations.drops_of(identity, most):
                drop = uow.drops.get(drop_id)
                if drop is not None:
                    found.append(delivery.collect_codes(uow, drop, identity, now, self.keyring))
            return found

        return await self.tx.run(atomic(run))

    async def check_code(
        self, text: str, *, scope: PartnerScope | None = None
    ) -> redemption.CodeVerdict:
        """Check a code online (every status, revocation included) without redeeming it."""
        now = self.clock.now()
        read = redemption.read_code(text, self.keyring, now)  # see `redeem`
        verdict = await self.redemptions.submit(
            redemption.CodeRequest(text, now, scope=scope, read=read)
        )
        if isinstance(verdict, Exception):  # this request failed, not its batch
            raise verdict
        return verdict

    async def redeem(
        self,
        text: str,
        *,
        partner: str = "",
        order_value_cents: int | None = None,
        scope: PartnerScope | None = None,
        request_key: str | None = None,
        reservation: KeyReservation | None = None,
        answer: Callable[[redemption.CodeVerdict], tuple[int, dict[str, Any]]] | None = None,
    ) -> redemption.CodeVerdict:
        """Redeem a code once; returns once the redemption is durable (committed).

        A `request_key` names this request across retries: a redeem of a code that this same key
        redeemed already is answered VALID "redeemed", with the first time. A `reservation`
        holds the partner's Idempotency-Key for this request in the redemption's transaction:
        if the key stands reserved for another request, the answer is KEY_REUSED and nothing
        was redeemed; otherwise `answer(verdict)` is stored with the key in that transaction."""
        now = self.clock.now()
        # The signature check runs here, not on the database thread, which claims share.
        read = redemption.read_code(text, self.keyring, now)
        request = redemption.CodeRequest(
            text,
            now,
            True,
            partner,
            order_value_cents,
            scope,
            read,
            request_key=request_key,
            reservation=reservation,
            answer=answer,
        )
        verdict = await self.redemptions.submit(request)
        if isinstance(verdict, Exception):  # this request failed, not its batch
            raise verdict
        return verdict
