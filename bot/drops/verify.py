"""Checking a draw from its transcript alone (``fairdrop verify-draw FILE``).

Anyone can re-derive the winners and the waitlist from what the transcript publishes (the seed,
the entry list and the beacon) and compare; every difference is one line saying where. A
version 2 transcript also has its drand round checked: the one bound into the commitment, on a
pinned chain, published after the close, with a signature valid under the pinned key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime

from bot.drops.beacon import QUICKNET, Chain, CommittedRound, SignatureCheck, round_time
from bot.drops.drawinput import DrawBinding, commitment_v2
from bot.drops.lottery import columns, commitment, draw_order, entry_list_hash
from bot.drops.transcript import Transcript
from bot.drops.transcript_v2 import DrandRecord
from bot.drops.verify_units import (
    adjustment_problems,
    guaranteed_problems,
    list_difference,
    reroll_problems,
    unchecked,
)

__all__ = ["PINNED_CHAINS", "draw_binding", "unchecked", "verify_transcript"]

# The chains whose rounds a transcript may use, by chain hash, with their pinned keys.
PINNED_CHAINS: Mapping[str, Chain] = {QUICKNET.chain_hash: QUICKNET}


def verify_transcript(
    t: Transcript,
    *,
    check_signature: SignatureCheck | None = None,
    chains: Mapping[str, Chain] = PINNED_CHAINS,
) -> list[str]:
    """Re-derive the draw from ``t`` alone and return its inconsistencies, one line each.

    Checks that the revealed seed matches the commitment, that the entry-list hash matches the
    entries, that the winners and the waitlist are exactly what the seed, entry list and beacon
    produce for ``t.supply``, that no entrant appears twice, that the guaranteed units are the
    ones committed at open less those withdrawn, that every adjustment matches the lists it
    changed, and that each reroll came after its holder's claim window and promoted the next
    waitlisted entrant in order, leading to the holders listed. An empty list means the
    transcript is consistent; ``unchecked`` says what an older transcript leaves out.
    Positions are given as 0-based JSON paths such as ``winners[2]``.

    Version 2: the commitment must be the v2 commitment to the seed, the drand round, the
    guaranteed digest and the claim window (see ``bot.drops.drawinput``); the round's chain must
    be one of ``chains`` with the same genesis and period, the round must be published after
    ``closed_at``, its randomness must be the sha256 of its signature, and ``check_signature``
    (drand-verify, outside the core) must accept the signature under the pinned key. Without
    ``check_signature`` the signature is not checked; the caller says so.
    """
    problems: list[str] = []
    seed = bytes.fromhex(t.seed_hex)
    binding = None
    if t.version == 1:
        actual_commitment = commitment(seed)
        if actual_commitment != t.commitment:
            problems.append(
                f"seed does not match commitment: sha256(seed) is {actual_commitment}, "
                f"commitment is {t.commitment}"
            )
    else:
        problems.extend(_commitment_v2_problems(t, seed))
        drand = t.drand
        if drand is not None:
            problems.extend(_drand_problems(drand, t.closed_at, check_signature, chains))
        binding = draw_binding(t)
    entry_hash = entry_list_hash(t.entries)
    if entry_hash != t.entry_list_hash:
        problems.append(
            f"entry-list hash differs: expected {entry_hash}, transcript says {t.entry_list_hash}"
        )

    names = columns(t.entries)[0]
    # Before the draw: the check's set of a million names then does not add to the draw's
    # own memory (the peak of verify-draw on a big draw). Reported in its place below.
    duplicates = _duplicates(names)
    order = draw_order(seed, entry_hash, t.beacon, t.entries, binding)
    # Guaranteed units come off the supply first; the draw gives out the rest.
    drawn = max(0, t.supply - len(t.guaranteed))
    if len(t.guaranteed) > t.supply:
        problems.append(
            f"guaranteed: {len(t.guaranteed)} guaranteed units exceed the supply of {t.supply}"
        )
    both = sorted(set(t.guaranteed).intersection(names))  # no set of a million names
    if both:
        problems.append(
            f"guaranteed: {json.dumps(both[0])} is guaranteed a unit and also in the entry list"
        )
    problems.extend(guaranteed_problems(t))
    winners = [names[i] for i in order[:drawn]]
    waitlist = [names[i] for i in order[drawn:]]
    for label, expected, got in (
        ("winners", winners, t.winners),
        ("waitlist", waitlist, t.waitlist),
    ):
        difference = list_difference(label, expected, got, _COUNTED[label])
        if difference:
            problems.append(difference)

    if duplicates:
        problems.append(duplicates)
    problems.extend(adjustment_problems(t))
    problems.extend(reroll_problems(t, [*t.guaranteed, *winners], waitlist))
    return problems


_COUNTED = {"winners": "winners", "waitlist": "on the waitlist"}


def draw_binding(t: Transcript) -> DrawBinding | None:
    """What a version 2 transcript's draw binds besides the seed and the entry list (None for
    version 1): the drop's id, title, mode and supply, and its drand round and randomness."""
    if t.version == 1:
        return None
    drand = t.drand
    return DrawBinding(
        drop_id=t.drop_id,
        title=t.title,
        mode=t.mode,
        supply=t.supply,
        chain_hash=drand["chain_hash"] if drand else None,
        round=drand["round"] if drand else None,
        randomness=drand["randomness"] if drand else None,
    )


def _commitment_v2_problems(t: Transcript, seed: bytes) -> list[str]:
    # A v2 transcript always carries both (Transcript refuses one without them).
    assert t.guaranteed_digest is not None and t.claim_window_seconds is not None
    actual = commitment_v2(
        seed,
        _committed(t.drand),
        guaranteed_digest=t.guaranteed_digest,
        claim_window_seconds=t.claim_window_seconds,
    )
    if actual == t.commitment:
        return []
    return [
        "seed, drand round, guaranteed_digest and claim_window_seconds do not match the "
        f"commitment: they commit to {actual}, the commitment is {t.commitment}"
    ]


def _committed(drand: DrandRecord | None) -> CommittedRound | None:
    if drand is None:
        return None
    chain = Chain(drand["chain_hash"], "00", drand["genesis"], drand["period"])
    return CommittedRound(chain, drand["round"])


def _drand_problems(
    drand: DrandRecord,
    closed_at: str | None,
    check_signature: SignatureCheck | None,
    chains: Mapping[str, Chain],
) -> list[str]:
    problems: list[str] = []
    pinned = chains.get(drand["chain_hash"])
    if pinned is None:
        problems.append(f"drand: chain {drand['chain_hash']} is not a pinned chain")
    elif (pinned.genesis, pinned.period) != (drand["genesis"], drand["period"]):
        problems.append(
            f"drand: genesis {drand['genesis']} / period {drand['period']} differ from the "
            f"pinned chain's {pinned.genesis} / {pinned.period}"
        )
    chain = Chain(drand["chain_hash"], "00", drand["genesis"], drand["period"])
    published = round_time(chain, drand["round"])
    if datetime.fromisoformat(drand["round_at"]) != published:
        problems.append(
            f"drand.round_at: round {drand['round']} is published at {published.isoformat()}, "
            f"transcript says {drand['round_at']}"
        )
    if closed_at is not None and published <= datetime.fromisoformat(closed_at):
        problems.append(
            f"drand: round {drand['round']} was published at {published.isoformat()}, "
            f"not after the close at {closed_at}"
        )
    signature, randomness = drand["signature"], drand["randomness"]
    if signature is None or randomness is None:
        return problems
    if hashlib.sha256(bytes.fromhex(signature)).hexdigest() != randomness:
        problems.append("drand.randomness: is not sha256 of the signature")
    if pinned is not None and check_signature is not None:
        try:
            check_signature(pinned, drand["round"], signature)
        except ValueError:
            problems.append(
                f"drand.signature: not a valid signature of round {drand['round']} under the "
                f"pinned key of chain {drand['chain_hash'][:16]}…"
            )
    return problems


def _duplicates(names: list[str]) -> str | None:
    if len(set(names)) == len(names):
        return None
    first_seen: dict[str, int] = {}
    repeated: dict[str, tuple[int, int]] = {}
    for i, name in enumerate(names):
        if name not in first_seen:
            first_seen[name] = i
        elif name not in repeated:
            repeated[name] = (first_seen[name], i)
    name, (a, b) = next(iter(repeated.items()))
    more = (
        f" (and {len(repeated) - 1} more entrants appear more than once)"
        if len(repeated) > 1
        else ""
    )
    return f"duplicate entrants: {json.dumps(name)} at entries[{a}] and entries[{b}]{more}"
