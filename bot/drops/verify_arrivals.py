"""Checking a first-come drop from its transcript alone (``fairdrop verify-draw FILE``).

The arrivals must chain to ``arrivals_head`` (announced at close) with nothing inserted, removed
or reordered; each must come through an open window of its tier, once per person; the
guaranteed units must be the ones committed at open; and units must have gone in arrival order:
no arrival left without a unit before a later one that got one, and nobody without a unit while
units were left. Rerolls pass a unit to the earliest arrival who has held none.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta

from bot.drops.arrivals import ArrivalTranscript, chain_start, next_link
from bot.drops.guarantees import guaranteed_digest
from bot.drops.verify_units import later_by, list_difference, pass_on_problems

__all__ = ["verify_arrivals"]


def verify_arrivals(t: ArrivalTranscript) -> list[str]:
    """Check ``t`` and return its inconsistencies, one line each (empty: consistent)."""
    problems = _chain_problems(t)
    problems += _window_problems(t)
    problems += _guaranteed_problems(t)
    problems += _order_problems(t)
    first_holders = [
        (u["serial"], u["entrant"], datetime.fromisoformat(u["at"]))
        for u in sorted(t.units, key=lambda u: u["serial"])
    ]
    problems += pass_on_problems(
        t.rerolls,
        first_holders,
        [a["entrant"] for a in t.arrivals],
        t.claim_window_seconds,
        datetime.fromisoformat(t.opened_at),
        t.holders,
    )
    return problems


def _chain_problems(t: ArrivalTranscript) -> list[str]:
    problems = []
    link = chain_start()
    broken = False
    for i, arrival in enumerate(t.arrivals):
        if arrival["seq"] != i + 1:
            problems.append(f"arrivals[{i}]: seq is {arrival['seq']}, expected {i + 1}")
        link = next_link(link, arrival["seq"], arrival["entrant"], arrival["at"], arrival["tier"])
        if arrival["link"] != link and not broken:
            broken = True  # every later link differs too; the first says where
            problems.append(
                f"arrivals[{i}]: link does not follow from the arrivals before it "
                "(an arrival was inserted, removed, changed or reordered)"
            )
    if link != t.arrivals_head:
        problems.append(
            f"arrivals_head is {t.arrivals_head}, but the arrivals chain to {link} "
            "(compare with the head announced at close)"
        )
    return problems


def _window_problems(t: ArrivalTranscript) -> list[str]:
    problems = []
    opened, closes = datetime.fromisoformat(t.opened_at), datetime.fromisoformat(t.closes_at)
    tiers = {w["name"]: timedelta(seconds=w["opens_after_seconds"]) for w in t.tiers}
    first: dict[str, int] = {}
    for i, arrival in enumerate(t.arrivals):
        entrant, tier = arrival["entrant"], arrival["tier"]
        if entrant in first:
            problems.append(
                f"arrivals[{i}]: {json.dumps(entrant)} already arrived at "
                f"arrivals[{first[entrant]}]; one arrival per person"
            )
        first.setdefault(entrant, i)
        if tiers and tier not in tiers:
            problems.append(f"arrivals[{i}]: tier {json.dumps(tier)} is not one of the drop's")
            continue
        opens = later_by(opened, tiers.get(tier, timedelta(0)))
        at = datetime.fromisoformat(arrival["at"])
        if not opens <= at < closes:
            problems.append(
                f"arrivals[{i}]: at {arrival['at']} is outside the {tier} window "
                f"({opens.isoformat()} to {closes.isoformat()})"
            )
    return problems


def _guaranteed_problems(t: ArrivalTranscript) -> list[str]:
    problems = []
    actual = guaranteed_digest(t.guaranteed_committed)
    if actual != t.guaranteed_digest:
        problems.append(
            f"guaranteed_committed does not match the guaranteed_digest committed at open: "
            f"it hashes to {actual}, the digest is {t.guaranteed_digest}"
        )
    by_serial = sorted(t.units, key=lambda u: u["serial"])
    got = [u["entrant"] for u in by_serial if u["via"] == "guaranteed"]
    expected = t.guaranteed_committed[: t.supply]
    difference = list_difference("guaranteed", expected, got, "guaranteed units")
    if difference:
        problems.append(f"{difference}, from the units committed at open")
    return problems


def _order_problems(t: ArrivalTranscript) -> list[str]:
    problems = []
    serials = Counter(u["serial"] for u in t.units)
    for serial, times in sorted(serials.items()):
        if times > 1 or not 1 <= serial <= t.supply:
            problems.append(f"units: serial {serial} is given {times} times of 1..{t.supply}")
    for u in t.units:
        if u["via"] not in ("guaranteed", "fcfs"):
            problems.append(f"units: serial {u['serial']} came via {json.dumps(u['via'])}")
    held = Counter(u["entrant"] for u in t.units)
    for entrant, count in sorted(held.items()):
        if count > t.cap_per_person:
            problems.append(
                f"units: {json.dumps(entrant)} holds {count}, over the cap of {t.cap_per_person}"
            )
    taken = Counter(u["entrant"] for u in t.units if u["via"] == "fcfs")
    arrived = {a["entrant"] for a in t.arrivals}
    for entrant in sorted(set(taken) - arrived):
        problems.append(f"units: {json.dumps(entrant)} got a unit but never arrived")
    guaranteed = Counter(u["entrant"] for u in t.units if u["via"] == "guaranteed")
    passed_over = None  # the first arrival that could have taken a unit and got none
    for i, arrival in enumerate(t.arrivals):
        entrant = arrival["entrant"]
        if taken[entrant]:
            if passed_over is not None:
                problems.append(
                    f"arrivals[{i}]: {json.dumps(entrant)} got a unit, but "
                    f"{json.dumps(t.arrivals[passed_over]['entrant'])} arrived earlier "
                    f"(arrivals[{passed_over}]) and got none"
                )
                break
        elif guaranteed[entrant] < t.cap_per_person and passed_over is None:
            passed_over = i
    if passed_over is not None and len(t.units) < t.supply:
        problems.append(
            f"arrivals[{passed_over}]: {json.dumps(t.arrivals[passed_over]['entrant'])} got no "
            f"unit while {t.supply - len(t.units)} were left"
        )
    return problems
