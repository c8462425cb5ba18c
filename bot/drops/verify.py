"""Checking a draw from its transcript alone (``fairdrop verify-draw FILE``).

Anyone can re-derive the winners and the waitlist from what the transcript publishes (the seed,
the entry list and the beacon) and compare; every difference is one line saying where.
"""

from __future__ import annotations

import json

from bot.drops.lottery import commitment, draw_order, entry_list_hash
from bot.drops.transcript import Transcript
from bot.drops.verify_units import (
    adjustment_problems,
    guaranteed_problems,
    list_difference,
    reroll_problems,
    unchecked,
)

__all__ = ["unchecked", "verify_transcript"]


def verify_transcript(t: Transcript) -> list[str]:
    """Re-derive the draw from ``t`` alone and return its inconsistencies, one line each.

    Checks that the revealed seed matches the commitment, that the entry-list hash matches the
    entries, that the winners and the waitlist are exactly what the seed, entry list and beacon
    produce for ``t.supply``, that no entrant appears twice, that the guaranteed units are the
    ones committed at open less those withdrawn, that every adjustment matches the lists it
    changed, and that each reroll came after its holder's claim window and promoted the next
    waitlisted entrant in order, leading to the holders listed. An empty list means the
    transcript is consistent; ``unchecked`` says what an older transcript leaves out.
    Positions are given as 0-based JSON paths such as ``winners[2]``.
    """
    problems: list[str] = []
    seed = bytes.fromhex(t.seed_hex)
    actual_commitment = commitment(seed)
    if actual_commitment != t.commitment:
        problems.append(
            f"seed does not match commitment: sha256(seed) is {actual_commitment}, "
            f"commitment is {t.commitment}"
        )
    entry_hash = entry_list_hash(t.entries)
    if entry_hash != t.entry_list_hash:
        problems.append(
            f"entry-list hash differs: expected {entry_hash}, transcript says {t.entry_list_hash}"
        )

    order = draw_order(seed, entry_hash, t.beacon, t.entries)
    names = [e.entrant for e in t.entries]
    # Guaranteed units come off the supply first; the draw gives out the rest.
    drawn = max(0, t.supply - len(t.guaranteed))
    if len(t.guaranteed) > t.supply:
        problems.append(
            f"guaranteed: {len(t.guaranteed)} guaranteed units exceed the supply of {t.supply}"
        )
    both = sorted(set(t.guaranteed) & set(names))
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

    duplicates = _duplicates(names)
    if duplicates:
        problems.append(duplicates)
    problems.extend(adjustment_problems(t))
    problems.extend(reroll_problems(t, [*t.guaranteed, *winners], waitlist))
    return problems


_COUNTED = {"winners": "winners", "waitlist": "on the waitlist"}


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
