"""Fetching the committed round from drand mirrors: failover, not-yet-published, forged answers,
hung mirrors; against the fake drand relay serving genuine quicknet rounds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.beacon.mirrors import DrandMirrors, MirrorSettings
from bot.beacon.signatures import check_signature
from bot.drops.beacon import QUICKNET, BeaconUnavailable, CommittedRound
from fakeplatforms.drand import GENUINE_ROUNDS, FakeDrand

NOW = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
# Round 1000 published 5 s ago on this chain; round 1002 not yet.
CHAIN = QUICKNET.with_genesis(int(NOW.timestamp()) - 5 - 999 * 3)
FAST = MirrorSettings(timeout=0.5, passes=2, backoff=0.01, backoff_cap=0.02)


@pytest.fixture
async def relays() -> AsyncIterator[tuple[FakeDrand, FakeDrand]]:
    async with (
        FakeDrand(chain=CHAIN, now=lambda: NOW) as a,
        FakeDrand(chain=CHAIN, now=lambda: NOW) as b,
    ):
        yield a, b


def mirrors(*relays: FakeDrand, settings: MirrorSettings = FAST) -> DrandMirrors:
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    source = DrandMirrors([r.base_url for r in relays], check_signature, settings, sleep=sleep)
    source.pauses = pauses  # type: ignore[attr-defined]
    return source


async def test_a_published_round_is_fetched_and_verified(relays: tuple[FakeDrand, ...]) -> None:
    fetched = await mirrors(*relays).fetch(CommittedRound(CHAIN, 1000))
    assert fetched.round == 1000
    assert fetched.signature == GENUINE_ROUNDS[1000]
    assert fetched.randomness == (
        "fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd"
    )
    assert relays[0].requests == [f"/{CHAIN.chain_hash}/public/1000"]


async def test_a_failing_mirror_passes_the_request_to_the_next(
    relays: tuple[FakeDrand, FakeDrand],
) -> None:
    first, second = relays
    first.fail_next(500)
    fetched = await mirrors(first, second).fetch(CommittedRound(CHAIN, 1000))
    assert fetched.round == 1000
    assert len(first.requests) == 1 and len(second.requests) == 1


async def test_a_forged_signature_is_not_believed(relays: tuple[FakeDrand, FakeDrand]) -> None:
    first, second = relays
    first.forge_next()
    fetched = await mirrors(first, second).fetch(CommittedRound(CHAIN, 1000))
    assert fetched.signature == GENUINE_ROUNDS[1000]
    first.forge_next(2)
    with pytest.raises(BeaconUnavailable, match="signature does not verify"):
        await mirrors(first).fetch(CommittedRound(CHAIN, 1000))


async def test_a_round_not_yet_published_is_unavailable_after_jittered_pauses(
    relays: tuple[FakeDrand, FakeDrand],
) -> None:
    first, second = relays
    source = mirrors(
        first, second, settings=MirrorSettings(0.5, passes=3, backoff=1, backoff_cap=1.5)
    )
    with pytest.raises(BeaconUnavailable, match=r"round 1002 .*not published yet \(404\)"):
        await source.fetch(CommittedRound(CHAIN, 1002))
    assert len(first.requests) == 3 and len(second.requests) == 3
    pauses = source.pauses  # type: ignore[attr-defined]
    assert len(pauses) == 2
    assert 0.5 <= pauses[0] <= 1.0 and 0.75 <= pauses[1] <= 1.5  # doubling, capped, jittered


async def test_a_hung_mirror_times_out_and_the_next_answers(
    relays: tuple[FakeDrand, FakeDrand],
) -> None:
    first, second = relays
    first.faults.hang("GET", r"/public/", times=1)
    fetched = await mirrors(first, second).fetch(CommittedRound(CHAIN, 1000))
    assert fetched.round == 1000
    assert first.faults.injected and len(second.requests) == 1
