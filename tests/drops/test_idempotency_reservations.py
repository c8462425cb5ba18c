"""A partner's Idempotency-Key is reserved for its request inside the redemption's transaction.

A redeem under a key that stands reserved for another request is refused (KEY_REUSED) and
redeems nothing, whether the other request came earlier, in the same batch, or (see
tests/web/test_idempotency_across_processes.py) through another process. Every backend runs
each test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from bot.drops.model import KeyReservation
from bot.drops.partners import PartnerScope
from bot.drops.redemption import CodeStatus, CodeVerdict
from bot.store.partners import SqlPartners
from tests.drops.test_redemption_batches import _codes, _one_batch
from tests.fixtures.harness import START, Harness


def _partner_key(harness: Harness, drop_id: int) -> int:
    if harness.engine is None:
        return 1  # the memory store keeps no partner keys
    key, _ = SqlPartners(harness.engine).create("till", PartnerScope(frozenset({drop_id})), START)
    return key.id


async def test_a_redeem_under_a_key_reserved_for_another_request_redeems_nothing(
    harness: Harness,
) -> None:
    codes = await _codes(harness, "hoodie", 4)
    till = _partner_key(harness, codes[0].drop_id)
    service = harness.service

    def redeem(code: str, key: str, fingerprint: str) -> Awaitable[CodeVerdict]:
        reservation = KeyReservation(till, key, fingerprint)
        return service.redeem(code, reservation=reservation, request_key=f"{key}/{fingerprint}")

    made = await redeem(codes[0].token, "order-1", "a")
    assert (made.status, made.reason) == (CodeStatus.VALID, "redeemed now")
    reused = await redeem(codes[1].token, "order-1", "b")
    assert reused.status is CodeStatus.KEY_REUSED
    assert (await service.check_code(codes[1].token)).status is CodeStatus.VALID
    # The same request again (its answer lost): still the first redemption, told "redeemed".
    again = await redeem(codes[0].token, "order-1", "a")
    assert (again.status, again.redeemed_at) == (CodeStatus.VALID, made.redeemed_at)
    # Two requests under one new key in one batch: the first holds the key.
    together = await _one_batch(
        harness,
        redeem(codes[2].short_code, "order-2", "c"),
        redeem(codes[3].short_code, "order-2", "d"),
    )
    assert [v.status for v in together] == [CodeStatus.VALID, CodeStatus.KEY_REUSED]
    checks = await asyncio.gather(*(service.check_code(c.token) for c in codes))
    assert [c.status for c in checks] == [
        CodeStatus.REDEEMED,
        CodeStatus.VALID,
        CodeStatus.REDEEMED,
        CodeStatus.VALID,
    ]
