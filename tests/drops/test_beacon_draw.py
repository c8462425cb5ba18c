"""A beacon-backed lottery end to end through the service: it commits at open to a drand round
after its close, closes without drawing, waits for the round (telling chat and Discord once),
draws with the verified round, and its v2 transcript verifies; the policy after max_wait; and
opting out. The round is genuine (quicknet 1000, served by the fake drand relay)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.beacon.mirrors import DrandMirrors, MirrorSettings
from bot.beacon.signatures import check_signature
from bot.drops.beacon import QUICKNET, BeaconPlan, BeaconPolicy, BeaconTerms
from bot.drops.beacon_draw import BeaconPending
from bot.drops.drawinput import commitment_v2
from bot.drops.model import AnnouncementReceipt, Drop, DropState
from bot.drops.service import DropService
from bot.drops.timeline import DueKind
from bot.drops.transcript import Transcript
from bot.drops.verify import verify_transcript
from fakeplatforms.drand import GENUINE_ROUNDS, FakeDrand
from tests.fixtures.harness import START, Harness, seeded_bytes, spec

CLOSES_AT = START + timedelta(minutes=10)  # the harness spec's entry window
# Quicknet placed so that round 1000 is published 31 s after the close (margin 30 s).
CHAIN = QUICKNET.with_genesis(int(CLOSES_AT.timestamp()) + 31 - 999 * QUICKNET.period)
ROUND_AT = CLOSES_AT + timedelta(seconds=31)


@pytest.fixture
async def relay(harness: Harness) -> AsyncIterator[FakeDrand]:
    async with FakeDrand(chain=CHAIN, now=harness.clock.now) as fake:
        yield fake


def with_beacon(
    harness: Harness, relay: FakeDrand, policy: BeaconPolicy = BeaconPolicy.WAIT
) -> DropService:
    source = DrandMirrors([relay.base_url], check_signature, MirrorSettings(timeout=2, passes=1))
    plan = BeaconPlan(
        BeaconTerms(CHAIN, timedelta(seconds=30)), source, timedelta(minutes=5), policy
    )
    old = harness.service
    harness.service = DropService(
        old.tx, harness.hot, harness.keyring, harness.clock, seeded_bytes(2), beacon=plan
    )
    return harness.service


async def entered_and_closed(harness: Harness) -> Drop:
    drop = await harness.open(beacon=True)
    for user in ("1", "2", "3", "4"):
        await harness.claim(user, "subscriber")
    harness.clock.at = CLOSES_AT
    changes = await harness.service.advance(drop.id)
    assert changes == ["closed", "waiting for the beacon"]
    return await harness.service.get(drop.id)


def verify(t: Transcript) -> list[str]:
    return verify_transcript(t, check_signature=check_signature, chains={CHAIN.chain_hash: CHAIN})


async def test_a_lottery_commits_at_open_to_the_first_round_after_its_close_and_margin(
    harness: Harness, relay: FakeDrand
) -> None:
    with_beacon(harness, relay)
    drop = await harness.open(beacon=True)
    committed = drop.committed_round
    assert committed is not None and committed.round == 1000 and committed.at == ROUND_AT
    assert drop.commitment == commitment_v2(
        bytes.fromhex(drop.seed_hex),
        committed,
        guaranteed_digest=drop.guaranteed_digest,
        claim_window_seconds=int(drop.spec.claim_window.total_seconds()),
    )
    opened = harness.read(lambda uow: uow.outbox.for_drop(drop.id))
    assert opened[0].payload["commitment"] == drop.commitment
    assert opened[0].payload["beacon_round"] == 1000


async def test_the_draw_waits_for_the_round_says_so_once_and_draws_with_it(
    harness: Harness, relay: FakeDrand
) -> None:
    service = with_beacon(harness, relay)
    drop = await entered_and_closed(harness)
    assert drop.state is DropState.CLOSED and drop.drawn_at is None
    due = [d for d in await service.timeline(START) if d.drop_id == drop.id]
    assert [(d.kind, d.at) for d in due if d.kind is DueKind.DRAW] == [(DueKind.DRAW, ROUND_AT)]
    draws = service.beacon_draws
    assert draws is not None
    assert await draws.draw(drop.id) == []  # the round's time has not come

    harness.clock.at = ROUND_AT + timedelta(seconds=1)
    relay.fail_next(500, times=10)
    for _ in range(2):
        with pytest.raises(BeaconPending, match="HTTP 500"):
            await draws.draw(drop.id)
    kinds = [m.kind for m in harness.read(lambda uow: uow.outbox.for_drop(drop.id))]
    assert kinds.count("beacon_wait") == 1
    assert (await service.get(drop.id)).drawn_at is None

    receipt = AnnouncementReceipt(drop.id, "twitch", "twitch-msg-1", START)
    await service.record_announcement(receipt)
    await service.record_announcement(receipt)  # kept once
    relay.recover()
    assert await draws.draw(drop.id) == ["drawn with drand round 1000"]
    drawn = await service.get(drop.id)
    assert drawn.state is DropState.DRAWN
    assert drawn.beacon_signature == GENUINE_ROUNDS[1000]
    transcript = Transcript.from_json((await service.transcript(drop.id)).to_json())
    assert transcript.version == 2
    assert transcript.drand is not None and transcript.drand["outcome"] == "verified"
    assert transcript.closed_at == CLOSES_AT.isoformat()
    assert transcript.announcements == [
        {"platform": "twitch", "message_id": "twitch-msg-1", "at": START.isoformat()}
    ]
    assert verify(transcript) == []
    assert await draws.draw(drop.id) == []  # drawn once


async def test_after_max_wait_the_draw_without_policy_draws_and_the_transcript_says_so(
    harness: Harness, relay: FakeDrand
) -> None:
    service = with_beacon(harness, relay, BeaconPolicy.DRAW_WITHOUT)
    drop = await entered_and_closed(harness)
    draws = service.beacon_draws
    assert draws is not None
    relay.fail_next(503, times=10)
    harness.clock.at = ROUND_AT + timedelta(minutes=1)
    with pytest.raises(BeaconPending):
        await draws.draw(drop.id)
    harness.clock.at = ROUND_AT + timedelta(minutes=5)
    assert await draws.draw(drop.id) == ["drawn without the beacon"]
    transcript = await service.transcript(drop.id)
    assert transcript.drand is not None and transcript.drand["randomness"] is None
    assert "operator could have influenced" in transcript.drand["outcome"]
    assert verify(transcript) == []


async def test_an_opted_out_lottery_draws_at_close_and_its_transcript_has_no_round(
    harness: Harness, relay: FakeDrand
) -> None:
    service = with_beacon(harness, relay)
    drop = await service.create(spec(beacon=False))
    await harness.claim("1", "subscriber")
    harness.clock.at = CLOSES_AT
    assert await service.advance(drop.id) == ["closed", "drawn"]
    transcript = await service.transcript(drop.id)
    assert transcript.version == 2 and transcript.drand is None
    assert verify(transcript) == []
    assert relay.requests == []
