"""Checking a draw from its transcript alone (``fairdrop verify-draw FILE``).

Anyone can re-derive the winners and the waitlist from what the transcript publishes (the seed,
the entry list and the beacon) and compare; every difference is one line saying where.
"""

from __future__ import annotations

import json

from bot.drops.lottery import commitment, draw_order, entry_list_hash
from bot.drops.transcript import Reroll, Transcript

__all__ = ["verify_transcript"]


def verify_transcript(t: Transcript) -> list[str]:
    """Re-derive the draw from ``t`` alone and return its inconsistencies, one line each.

    Checks that the revealed seed matches the commitment, that the entry-list hash matches the
    entries, that the winners and the waitlist are exactly what the seed, entry list and beacon
    produce for ``t.supply``, that no entrant appears twice, and that each reroll promoted the
    next waitlisted entrant in order. An empty list means the transcript is consistent.
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
    winners = [names[i] for i in order[:drawn]]
    waitlist = [names[i] for i in order[drawn:]]
    for label, expected, got in (
        ("winners", winners, t.winners),
        ("waitlist", waitlist, t.waitlist),
    ):
        difference = _list_difference(label, expected, got)
        if difference:
            problems.append(difference)

    duplicates = _duplicates(names)
    if duplicates:
        problems.append(duplicates)
    problems.extend(_reroll_problems(t.rerolls, [*t.guaranteed, *winners], waitlist))
    return problems


_COUNTED = {"winners": "winners", "waitlist": "on the waitlist"}


def _list_difference(label: str, expected: list[str], got: list[str]) -> str | None:
    if expected == got:
        return None
    position = next(
        (i for i, (e, g) in enumerate(zip(expected, got, strict=False)) if e != g),
        min(len(expected), len(got)),
    )
    want = json.dumps(expected[position]) if position < len(expected) else "nothing"
    have = json.dumps(got[position]) if position < len(got) else "nothing"
    return (
        f"{label} differ at {label}[{position}]: expected {want}, transcript says {have} "
        f"(expected {len(expected)} {_COUNTED[label]}, transcript has {len(got)})"
    )


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


def _reroll_problems(rerolls: list[Reroll], winners: list[str], waitlist: list[str]) -> list[str]:
    problems = []
    # Serial n is first held by winners[n-1]; each reroll passes one serial on, in time order.
    holders: dict[int, str | None] = {n: w for n, w in enumerate(winners, start=1)}
    next_up = 0
    for i, reroll in enumerate(rerolls):
        where = f"rerolls[{i}]"
        serial = reroll["serial"]
        source = reroll["from_entrant"]
        if serial not in holders:
            problems.append(f"{where}: serial {serial} is not one of the drawn serials")
        elif holders[serial] != source:
            problems.append(
                f"{where}: from_entrant {json.dumps(source)} does not hold serial {serial} "
                f"(its holder is {json.dumps(holders[serial])})"
            )
        expected = waitlist[next_up] if next_up < len(waitlist) else None
        target = reroll["to_entrant"]
        if target != expected:
            want = json.dumps(expected) if expected is not None else "nobody (waitlist exhausted)"
            problems.append(
                f"{where}: to_entrant is {json.dumps(target)}, expected the next on the waitlist, "
                f"{want}"
            )
        holders[serial] = target
        if expected is not None:
            next_up += 1
    return problems
