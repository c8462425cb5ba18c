"""Checks and redemptions judged together: one transaction for every request waiting.

Each test sends its requests at once (`asyncio.gather`), so they meet in one batch, and says
so by the batch count. Every backend (memory, SQLite, PostgreSQL) runs each test.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TypeVar

import pytest

from bot.drops import redemption, shortcode
from bot.drops.entitlements import DeliveredCode
from bot.drops.model import Redemption
from bot.drops.partners import PartnerScope
from bot.drops.ports import UnitOfWork
from bot.drops.redemption import CodeRequest, CodeStatus, CodeVerdict
from bot.kernel.transactions import TransactionRunner
from bot.store.database import SqlUnitOfWork, make_engine
from tests.fixtures.harness import CHANNEL, Harness

T = TypeVar("T")


async def _codes(
    harness: Harness, name: str, winners: int, collected: int | None = None, **spec: object
) -> list[DeliveredCode]:
    """A lottery drop `name` that `winners` fans entered and all won; the codes of the first
    `collected` (all by default: the drop is then settled)."""
    drop = await harness.open(name=name, supply=winners, **spec)
    harness.clock.advance(minutes=2)
    await asyncio.gather(*(harness.claim(f"{name}{i}") for i in range(winners)))
    harness.clock.advance(minutes=8)
    await harness.service.close(CHANNEL, name)
    return [
        (await harness.service.collect(drop.id, f"twitch:{name}{i}")).codes[0]
        for i in range(winners if collected is None else collected)
    ]


async def _one_batch(harness: Harness, *calls: Awaitable[CodeVerdict]) -> list[CodeVerdict]:
    before = harness.service.redemptions.batches
    verdicts = await asyncio.gather(*calls)
    assert harness.service.redemptions.batches == before + 1  # they were judged together
    return list(verdicts)


def _forge(short_code: str) -> str:
    """A well-formed code (its check symbol right) that was never issued: a guess."""
    code16 = shortcode.parse(short_code)
    return shortcode.format_code(code16[:-1] + ("0" if code16[-1] != "0" else "1"))


def _mistype(short_code: str) -> str:
    """The code with one symbol changed and its check symbol left alone."""
    return ("0" if short_code[0] != "0" else "1") + short_code[1:]


async def test_one_batch_gives_each_code_the_verdict_it_would_get_alone(
    harness: Harness,
) -> None:
    valid, used, elsewhere = await _codes(harness, "hoodie", 3)
    (lapsed,) = await _codes(harness, "poster", 1, code_ttl=timedelta(days=1))
    (pulled,) = await _codes(harness, "mug", 2, collected=1)  # not settled: it can be cancelled
    await harness.service.cancel(CHANNEL, "mug", reason="out of stock")
    cancelled_at = harness.clock.now()
    await harness.service.redeem(used.token, partner="first-shop")
    used_at = harness.clock.now()
    harness.clock.advance(days=2)  # the poster's codes lapse; the hoodie's still run
    now = harness.clock.now()
    hoodie = PartnerScope(drop_ids=frozenset({valid.drop_id}))
    redeem, check = harness.service.redeem, harness.service.check_code
    verdicts = await _one_batch(
        harness,
        redeem(valid.short_code, partner="shop", order_value_cents=2500),
        check(valid.token),  # after the redemption in the same batch: it sees it
        redeem(used.short_code),
        redeem(lapsed.token),
        redeem(pulled.short_code),
        redeem(_forge(valid.short_code)),
        check(_mistype(valid.short_code)),
        redeem("v4.public.AAAA"),
        redeem(elsewhere.token, scope=PartnerScope(drop_ids=frozenset({lapsed.drop_id}))),
        check(elsewhere.short_code, scope=hoodie),
    )
    assert [(v.status, v.reason) for v in verdicts] == [
        (CodeStatus.VALID, "redeemed now"),
        (CodeStatus.REDEEMED, f"already redeemed at {now.isoformat(timespec='seconds')}"),
        (CodeStatus.REDEEMED, f"already redeemed at {used_at.isoformat(timespec='seconds')}"),
        (CodeStatus.EXPIRED, f"expired at {lapsed.expires_at.isoformat(timespec='seconds')}"),
        (CodeStatus.REVOKED, f"revoked at {cancelled_at.isoformat(timespec='seconds')}"),
        (CodeStatus.FORGED, "no such code"),
        (CodeStatus.FORGED, "the code does not add up; a character was probably mistyped"),
        (CodeStatus.FORGED, "that is not a fairdrop code (no key id)"),
        (CodeStatus.OUT_OF_SCOPE, "this code is for a drop your key does not cover"),
        (CodeStatus.VALID, verdicts[9].reason),
    ]
    assert verdicts[0].redeemed_at == verdicts[1].redeemed_at == now
    assert verdicts[2].redeemed_at == used_at
    assert verdicts[8].serial is None  # nothing about a code outside the key's drops
    assert verdicts[9].reason.startswith("valid until ")
    stored = harness.read(lambda uow: uow.redemptions.for_drop(valid.drop_id))
    assert sorted((r.serial, r.partner, r.order_value_cents) for r in stored) == sorted(
        [(valid.serial, "shop", 2500), (used.serial, "first-shop", None)]
    )


async def test_copies_of_one_code_in_one_batch_redeem_it_once(harness: Harness) -> None:
    (code,) = await _codes(harness, "hoodie", 1)
    texts = [code.token, code.short_code] * 5
    verdicts = await _one_batch(
        harness, *(harness.service.redeem(t, partner=f"till-{i}") for i, t in enumerate(texts))
    )
    statuses = [v.status for v in verdicts]
    assert statuses == [CodeStatus.VALID] + [CodeStatus.REDEEMED] * 9
    assert {v.redeemed_at for v in verdicts} == {harness.clock.now()}
    (stored,) = harness.read(lambda uow: uow.redemptions.for_drop(code.drop_id))
    assert (stored.serial, stored.partner) == (code.serial, "till-0")


class _RedeemedMeanwhile:
    """Redemptions as another process sees them: it redeems `entitlement` between our look-up
    and our insert, as a second bot process sharing the database could."""

    def __init__(self, inner: UnitOfWork, competitor: Redemption) -> None:
        self.inner, self.competitor = inner.redemptions, competitor

    def for_entitlements(
        self, entitlements: Sequence[tuple[int, int]]
    ) -> dict[tuple[int, int], Redemption]:
        return self.inner.for_entitlements(entitlements)

    def add_many(self, redemptions: Sequence[Redemption]) -> set[tuple[int, int]]:
        assert self.inner.add(self.competitor)
        return self.inner.add_many(redemptions)


async def test_a_code_another_process_redeemed_first_is_already_redeemed(
    harness: Harness,
) -> None:
    first, second = await _codes(harness, "hoodie", 2)
    now = harness.clock.now()
    earlier = now - timedelta(seconds=5)
    code_id = redemption.read_code(first.token, harness.keyring, now).code_id
    assert code_id is not None
    competitor = Redemption(first.drop_id, first.serial, code_id, earlier, "other-process")
    requests = [
        CodeRequest(first.short_code, now, redeeming=True, partner="us"),
        CodeRequest(first.token, now, redeeming=True, partner="us"),
        CodeRequest(second.token, now, redeeming=True, partner="us"),
    ]

    def run(uow: UnitOfWork) -> list[CodeVerdict]:
        uow.redemptions = _RedeemedMeanwhile(uow, competitor)  # type: ignore[assignment]
        return redemption.settle(uow, requests, reads, harness.keyring)

    reads = [redemption.read_code(r.text, harness.keyring, now) for r in requests]
    verdicts = harness.write(run)
    assert [(v.status, v.redeemed_at) for v in verdicts] == [
        (CodeStatus.REDEEMED, earlier),
        (CodeStatus.REDEEMED, earlier),
        (CodeStatus.VALID, now),
    ]
    stored = harness.read(lambda uow: uow.redemptions.for_drop(first.drop_id))
    assert sorted((r.serial, r.partner) for r in stored) == sorted(
        [(first.serial, "other-process"), (second.serial, "us")]
    )


async def test_a_redemption_is_on_disk_once_it_is_answered(harness: Harness) -> None:
    codes = await _codes(harness, "hoodie", 3)
    verdicts = await _one_batch(harness, *(harness.service.redeem(c.token) for c in codes))
    assert {v.status for v in verdicts} == {CodeStatus.VALID}
    if harness.engine is None:  # the memory backend has no disk: its record is the fake's
        found = harness.read(lambda uow: uow.redemptions.for_drop(codes[0].drop_id))
    else:
        # A new engine (new connections) sees only what was committed.
        url = harness.engine.url.render_as_string(hide_password=False)
        fresh = make_engine(url)
        try:
            with SqlUnitOfWork(fresh) as uow:
                found = uow.redemptions.for_drop(codes[0].drop_id)
        finally:
            fresh.dispose()
    assert sorted(r.serial for r in found) == sorted(c.serial for c in codes)


@pytest.mark.parametrize("harness", ["sqlite", "postgres"], indirect=True)
async def test_two_transactions_redeeming_one_entitlement_record_it_once(
    harness: Harness,
) -> None:
    # As two bot processes sharing the database would: the second transaction starts while the
    # first holds its uncommitted redemption. SQLite makes it wait to begin; PostgreSQL makes
    # its insert wait on the row, then the unique (drop, serial) turns it away. Either way it
    # reports the first one's redemption.
    (code,) = await _codes(harness, "hoodie", 1)
    first_at, second_at = harness.clock.now(), harness.clock.now() + timedelta(seconds=1)
    read = redemption.read_code(code.token, harness.keyring, first_at)
    inserted, release = threading.Event(), threading.Event()

    def first() -> CodeVerdict:
        with harness.new_uow() as uow:
            request = CodeRequest(code.token, first_at, redeeming=True, partner="first")
            (verdict,) = redemption.settle(uow, [request], [read], harness.keyring)
            inserted.set()
            release.wait(10)
            uow.commit()
        return verdict

    def second() -> CodeVerdict:
        request = CodeRequest(code.short_code, second_at, redeeming=True, partner="second")
        short = redemption.read_code(code.short_code, harness.keyring, second_at)
        return harness.write(
            lambda uow: redemption.settle(uow, [request], [short], harness.keyring)[0]
        )

    first_done = asyncio.create_task(asyncio.to_thread(first))
    await asyncio.to_thread(inserted.wait, 10)
    second_done = asyncio.create_task(asyncio.to_thread(second))
    await asyncio.sleep(0.3)  # let the second transaction reach the database and wait there
    release.set()
    won, lost = await first_done, await second_done
    assert (won.status, won.reason, won.redeemed_at) == (CodeStatus.VALID, "redeemed now", first_at)
    assert (lost.status, lost.redeemed_at) == (CodeStatus.REDEEMED, first_at)
    (stored,) = harness.read(lambda uow: uow.redemptions.for_drop(code.drop_id))
    assert stored.partner == "first"


class _RefusingStore:
    """A store that refuses redemptions for one partner, as PostgreSQL refuses a value its
    column cannot hold: a runner whose units of work raise on those rows."""

    def __init__(self, inner: TransactionRunner[UnitOfWork], partner: str) -> None:
        self.inner, self.partner = inner, partner

    async def run(self, fn: Callable[[UnitOfWork], T]) -> T:
        return await self.inner.run(lambda uow: fn(_Refusing(uow, self.partner)))  # type: ignore[arg-type]


class _Refusing:
    def __init__(self, inner: UnitOfWork, partner: str) -> None:
        self.inner, self.partner = inner, partner

    def __enter__(self) -> _Refusing:
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.__exit__(*exc)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def add_many(self, redemptions: Sequence[Redemption]) -> set[tuple[int, int]]:
        if any(r.partner == self.partner for r in redemptions):
            raise ValueError("the database refused a row")
        return self.inner.redemptions.add_many(redemptions)

    @property
    def redemptions(self) -> _Refusing:
        return self

    def for_entitlements(
        self, entitlements: Sequence[tuple[int, int]]
    ) -> dict[tuple[int, int], Redemption]:
        return self.inner.redemptions.for_entitlements(entitlements)


async def test_a_request_the_database_refuses_fails_alone_not_its_batch(
    harness: Harness,
) -> None:
    codes = await _codes(harness, "hoodie", 3)
    harness.service.tx = _RefusingStore(harness.service.tx, "refused")
    partners = ["shop", "refused", "shop"]
    verdicts = await _one_batch_allowing_errors(
        harness,
        *(harness.service.redeem(c.token, partner=p) for c, p in zip(codes, partners, strict=True)),
    )
    assert isinstance(verdicts[1], ValueError)
    assert [getattr(v, "status", None) for v in verdicts] == [
        CodeStatus.VALID,
        None,
        CodeStatus.VALID,
    ]
    stored = harness.read(lambda uow: uow.redemptions.for_drop(codes[0].drop_id))
    assert sorted(r.serial for r in stored) == sorted([codes[0].serial, codes[2].serial])


async def _one_batch_allowing_errors(
    harness: Harness, *calls: Awaitable[CodeVerdict]
) -> list[CodeVerdict | BaseException]:
    before = harness.service.redemptions.batches
    verdicts = await asyncio.gather(*calls, return_exceptions=True)
    assert harness.service.redemptions.batches == before + 1
    return list(verdicts)


async def test_a_redeem_retried_under_its_request_key_is_told_redeemed_again(
    harness: Harness,
) -> None:
    # The web gives a redeem with an Idempotency-Key a request key; should its stored answer be
    # lost (a crash after the commit), the retry must still hear "redeemed", with the first time.
    first, second = await _codes(harness, "hoodie", 2)
    redeem = harness.service.redeem
    made = await redeem(first.token, partner="shop", request_key="till-1/order-17")
    assert (made.status, made.reason) == (CodeStatus.VALID, "redeemed now")
    redeemed_at = made.redeemed_at
    harness.clock.advance(minutes=5)
    again = await redeem(first.token, partner="shop", request_key="till-1/order-17")
    assert (again.status, again.reason, again.redeemed_at) == (
        CodeStatus.VALID,
        "redeemed",
        redeemed_at,
    )
    # Any other request for that code finds it redeemed: another key, no key, a mere check.
    others = await _one_batch(
        harness,
        redeem(first.token, partner="shop", request_key="till-2/order-3"),
        redeem(first.token, partner="shop"),
        harness.service.check_code(first.token),
    )
    assert [v.status for v in others] == [CodeStatus.REDEEMED] * 3
    assert {v.redeemed_at for v in others} == {redeemed_at}
    # Two copies of one request in one batch: the first redeems, the second is its replay.
    copies = await _one_batch(
        harness,
        redeem(second.short_code, request_key="till-1/order-18"),
        redeem(second.short_code, request_key="till-1/order-18"),
    )
    assert [(v.status, v.reason) for v in copies] == [
        (CodeStatus.VALID, "redeemed now"),
        (CodeStatus.VALID, "redeemed"),
    ]
    stored = harness.read(lambda uow: uow.redemptions.for_drop(first.drop_id))
    assert sorted((r.serial, r.request_key) for r in stored) == sorted(
        [(first.serial, "till-1/order-17"), (second.serial, "till-1/order-18")]
    )
