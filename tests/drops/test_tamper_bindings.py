"""Format v2 binds the drand round, its randomness and signature, the guaranteed units fixed
at open, the claim window, and the drop's supply, mode, id and title: changing any of them in a
transcript is caught by `verify_transcript`.

The round is genuine (quicknet round 1000, verified against the pinned key with drand-verify);
the chain is quicknet placed at a genesis that puts that round just after this draw's close.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from bot.beacon.signatures import check_signature
from bot.drops.beacon import Chain, CommittedRound
from bot.drops.guarantees import guaranteed_digest
from bot.drops.lottery import DrawEntry, draw
from bot.drops.transcript import Transcript
from bot.drops.verify import verify_transcript
from fakeplatforms.drand import GENUINE_ROUNDS
from tests.fixtures.drand_draws import (
    CHAIN,
    CHAINS,
    CLOSED_AT,
    SEED,
    beacon_backed,
    genuine,
    v2_transcript,
)


def verify(t: Transcript) -> list[str]:
    return verify_transcript(t, check_signature=check_signature, chains=CHAINS)


def test_a_beacon_backed_transcript_with_a_genuine_round_verifies() -> None:
    t = beacon_backed()
    again = Transcript.from_json(t.to_json())
    assert again == t
    assert again.version == 2
    assert verify(again) == []


def test_an_opted_out_v2_transcript_verifies_and_says_it_has_no_round() -> None:
    t = v2_transcript(committed=None, fetched=None)
    assert t.drand is None
    assert verify(Transcript.from_json(t.to_json())) == []


def with_drand(**changes: object) -> Callable[[Transcript], Transcript]:
    def tamper(t: Transcript) -> Transcript:
        drand = copy.deepcopy(t.drand)
        assert drand is not None
        drand.update(changes)  # type: ignore[typeddict-item]
        return replace(t, drand=drand)

    return tamper


def other_round(t: Transcript) -> Transcript:
    # A genuine round (valid signature) other than the committed one, its time moved with it.
    other = genuine(42)
    committed = CommittedRound(CHAIN, 42)
    return with_drand(
        round=42,
        round_at=committed.at.isoformat(),
        signature=other.signature,
        randomness=other.randomness,
    )(t)


def lower_supply(t: Transcript) -> Transcript:
    # The last winner moved to the head of the waitlist, as if the supply had been one less.
    return replace(
        t, supply=t.supply - 1, winners=t.winners[:-1], waitlist=[t.winners[-1], *t.waitlist]
    )


def invent_a_guaranteed_unit(t: Transcript) -> Transcript:
    # Serial 1 goes to someone who never entered, as if a guaranteed list had named them at
    # open: the drawn order is the same, the last drawn winner moves to the waitlist, and the
    # committed list, its digest and the holders all agree. Only the commitment can tell.
    sponsor = "operatorsfriend0"
    first = [sponsor, *t.winners[:-1]]
    return replace(
        t,
        guaranteed=[sponsor],
        guaranteed_committed=[sponsor],
        guaranteed_digest=guaranteed_digest([sponsor]),
        winners=t.winners[:-1],
        waitlist=[t.winners[-1], *t.waitlist],
        holders=[{"serial": n, "entrant": e, "claimed": False} for n, e in enumerate(first, 1)],
    )


def shorten_the_claim_window(t: Transcript) -> Transcript:
    # An invented reroll two minutes after the draw, made to look in time by shortening the
    # claim window to one minute: the reroll, the waitlist order and the holders all agree.
    at = datetime.fromisoformat(t.drawn_at) + timedelta(minutes=2)
    holders = [t.waitlist[0], *t.winners[1:]]
    return replace(
        t,
        claim_window_seconds=60,
        rerolls=[
            {
                "serial": 1,
                "from_entrant": t.winners[0],
                "to_entrant": t.waitlist[0],
                "at": at.isoformat(),
                "reason": "claim window expired",
            }
        ],
        holders=[{"serial": n, "entrant": e, "claimed": False} for n, e in enumerate(holders, 1)],
    )


TAMPERS: dict[str, tuple[Callable[[Transcript], Transcript], str]] = {
    "supply": (lower_supply, "winners differ"),
    "mode": (lambda t: replace(t, mode="fcfs"), "differ"),
    "drop id": (lambda t: replace(t, drop_id="8"), "differ"),
    "title": (lambda t: replace(t, title="Signed prints!"), "differ"),
    "round": (other_round, "do not match the commitment"),
    "randomness": (with_drand(randomness="00" * 32), "randomness: is not sha256"),
    "signature": (
        with_drand(signature=GENUINE_ROUNDS[42], randomness=genuine(42).randomness),
        "drand.signature: not a valid signature of round 1000",
    ),
    "no randomness": (
        with_drand(signature=None, randomness=None, outcome="drawn without the round"),
        "differ",
    ),
    "genesis": (with_drand(genesis=CHAIN.genesis - 3), "do not match the commitment"),
    "close after the round": (
        lambda t: replace(t, closed_at=(CLOSED_AT + timedelta(minutes=5)).isoformat()),
        "not after the close",
    ),
    "guaranteed digest": (invent_a_guaranteed_unit, "do not match the commitment"),
    "claim window": (shorten_the_claim_window, "do not match the commitment"),
}


# What a draw that opted out of the beacon binds all the same.
WITHOUT_A_ROUND = ("claim window", "drop id", "guaranteed digest", "mode", "supply", "title")


def caught(name: str, genuine: Transcript) -> None:
    tamper, expected = TAMPERS[name]
    assert verify(genuine) == []
    tampered = Transcript.from_json(tamper(genuine).to_json())
    problems = verify(tampered)
    assert problems, f"{name}: tampering went unnoticed"
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_each_bound_value_changed_is_caught(name: str) -> None:
    caught(name, beacon_backed())


@pytest.mark.parametrize("name", WITHOUT_A_ROUND)
def test_each_bound_value_of_an_opted_out_draw_changed_is_caught(name: str) -> None:
    caught(name, v2_transcript(committed=None, fetched=None))


def test_a_chain_that_is_not_pinned_is_reported() -> None:
    # The real quicknet genesis puts round 1000 in 2023: not the chain this draw committed to.
    problems = verify_transcript(beacon_backed(), check_signature=check_signature)
    assert any("differ from the pinned chain" in p for p in problems), problems
    unknown = Chain("ab" * 32, CHAIN.public_key, CHAIN.genesis, CHAIN.period)
    assert verify_transcript(beacon_backed(), chains={unknown.chain_hash: unknown})


def test_v1_did_not_bind_title_or_drop_id_and_still_verifies_as_before() -> None:
    entries = [DrawEntry(f"p{i}") for i in range(5)]
    entry_hash, result = draw(SEED, entries, 2, "r")
    v1 = Transcript.from_draw(
        drop_id="1",
        title="t",
        mode="lottery",
        supply=2,
        seed=SEED,
        beacon="r",
        entries=entries,
        entry_hash=entry_hash,
        result=result,
        drawn_at=CLOSED_AT.isoformat(),
    )
    assert v1.version == 1
    assert verify_transcript(Transcript.from_json(v1.to_json())) == []
    # What v2 exists for: v1 cannot tell a renamed drop from the one drawn.
    assert verify_transcript(replace(v1, title="another", drop_id="2")) == []
