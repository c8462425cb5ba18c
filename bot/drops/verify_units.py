"""Checking who got each unit of a drawn drop: guaranteed units, the re-check at close's
adjustments, rerolls and the holders they lead to (part of ``fairdrop verify-draw``).

Every check works from the transcript alone and returns one line per inconsistency, with 0-based
JSON paths such as ``rerolls[2]``. Fields a transcript written before they existed lacks are
listed by ``unchecked`` instead, so a reader knows what an OK did not cover.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from bot.drops.guarantees import guaranteed_digest
from bot.drops.lottery import columns
from bot.drops.transcript import (
    DISQUALIFIED,
    EXCLUDED,
    MERGED,
    WITHDRAWN,
    Holder,
    RerollRecord,
    Transcript,
    is_disqualification,
)

__all__ = [
    "adjustment_problems",
    "guaranteed_problems",
    "later_by",
    "list_difference",
    "pass_on_problems",
    "reroll_problems",
    "unchecked",
]

_WEIGHT_CHANGE = re.compile(r"weight ([1-9][0-9]*) -> ([1-9][0-9]*)")


def unchecked(t: Transcript) -> list[str]:
    """What verify-draw could not check because ``t`` predates the field that makes it checkable."""
    notes = []
    if t.guaranteed_digest is None or t.guaranteed_committed is None:
        notes.append(
            "guaranteed units: no guaranteed_digest committed at open, so the guaranteed list "
            "cannot be checked against what was announced"
        )
    if t.claim_window_seconds is None:
        notes.append(
            "reroll times: no claim_window_seconds, so a reroll before its holder's claim "
            "window ended cannot be seen"
        )
    if t.holders is None:
        notes.append(
            "final holders: no holders list, so a dropped or invented reroll cannot be seen"
        )
    return notes


def list_difference(label: str, expected: list[str], got: list[str], counted: str) -> str | None:
    """One line naming the first position where ``got`` differs from ``expected``, or None."""
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
        f"(expected {len(expected)} {counted}, transcript has {len(got)})"
    )


def guaranteed_problems(t: Transcript) -> list[str]:
    """The guaranteed units: each person once, and exactly the units committed at open less
    the ones an adjustment withdrew."""
    problems = []
    twice = _first_repeat(t.guaranteed)
    if twice is not None:
        name, a, b = twice
        problems.append(
            f"guaranteed: {json.dumps(name)} holds two guaranteed units, "
            f"guaranteed[{a}] and guaranteed[{b}]"
        )
    committed = t.guaranteed_committed
    if t.guaranteed_digest is None or committed is None:
        if (t.guaranteed_digest is None) != (committed is None):
            present = "guaranteed_digest" if committed is None else "guaranteed_committed"
            problems.append(f"guaranteed: {present} is given without the other")
        return problems
    actual = guaranteed_digest(committed)
    if actual != t.guaranteed_digest:
        problems.append(
            f"guaranteed_committed does not match the guaranteed_digest committed at open: "
            f"it hashes to {actual}, the digest is {t.guaranteed_digest}"
        )
    twice = _first_repeat(committed)
    if twice is not None:
        name, a, b = twice
        problems.append(
            f"guaranteed_committed: {json.dumps(name)} is committed twice, "
            f"guaranteed_committed[{a}] and guaranteed_committed[{b}]"
        )
    withdrawn = {a["entrant"] for a in t.adjustments if a["change"] == WITHDRAWN}
    expected = [g for g in committed if g not in withdrawn][: t.supply]
    difference = list_difference("guaranteed", expected, t.guaranteed, "guaranteed units")
    if difference:
        problems.append(f"{difference}, from the units committed at open less those withdrawn")
    return problems


def adjustment_problems(t: Transcript) -> list[str]:
    """Each adjustment names a change the re-check at close can make, says why, and matches
    the lists it changed."""
    problems: list[str] = []
    if not t.adjustments:
        return problems  # no need for the entrants' weights (a million-entry dict)
    weights = dict(zip(*columns(t.entries), strict=True))
    committed = set(t.guaranteed_committed or ())
    reweighted: set[str] = set()
    for i, adjustment in enumerate(t.adjustments):
        where = f"adjustments[{i}]"
        entrant, change = adjustment["entrant"], adjustment["change"]
        who = json.dumps(entrant)
        problem = None
        if not adjustment["reason"].strip():
            problem = f"{where}: no reason given for {who} ({change})"
        elif change == EXCLUDED:
            # Transcripts without holders predate MERGED and call a merged duplicate excluded.
            if entrant in weights and t.holders is not None:
                problem = f"{where}: {who} is excluded but still in the entry list"
        elif change == MERGED:
            if entrant not in weights:
                problem = f"{where}: {who} is merged with an earlier entry that is not in the list"
        elif change == WITHDRAWN:
            if t.guaranteed_committed is not None and entrant not in committed:
                problem = f"{where}: {who} had no guaranteed unit committed at open to withdraw"
            elif entrant in t.guaranteed:
                problem = f"{where}: {who}'s guaranteed unit is withdrawn but still in guaranteed"
        elif match := _WEIGHT_CHANGE.fullmatch(change):
            before, after = int(match[1]), int(match[2])
            if before == after:
                problem = f"{where}: {who}'s weight change {before} -> {after} changes nothing"
            elif entrant in reweighted:
                problem = f"{where}: {who} is re-weighted twice"
            elif weights.get(entrant) != after:
                found = weights.get(entrant)
                drawn = f"weight {found}" if found is not None else "no entry"
                problem = f"{where}: {who} is re-weighted to {after} but the entry list has {drawn}"
            reweighted.add(entrant)
        else:
            problem = (
                f"{where}: unknown change {json.dumps(change)} (expected {EXCLUDED!r}, "
                f"{MERGED!r}, {WITHDRAWN!r} or 'weight A -> B')"
            )
        if problem:
            problems.append(problem)
    return problems


def reroll_problems(t: Transcript, initial: list[str], waitlist: list[str]) -> list[str]:
    """Each reroll passes a serial from its holder, after their claim window ended, to the next
    on the waitlist, in time order; the holders they lead to are the transcript's ``holders``.

    ``initial`` are the first holders of serials 1..n (guaranteed, then drawn winners), all
    holding since the draw.
    """
    drawn_at = datetime.fromisoformat(t.drawn_at)
    return pass_on_problems(
        t.rerolls,
        [(serial, holder, drawn_at) for serial, holder in enumerate(initial, start=1)],
        waitlist,
        t.claim_window_seconds,
        drawn_at,
        t.holders,
    )


def pass_on_problems(
    rerolls: list[RerollRecord],
    first_holders: list[tuple[int, str, datetime]],
    next_in_line: list[str],
    claim_window_seconds: int | None,
    start: datetime,
    listed: list[Holder] | None,
) -> list[str]:
    """Check ``rerolls`` against the units' first holders (serial, holder, holding since).

    Each passes a serial from its holder, after their claim window ended (when it is known) or
    at once when a named moderator disqualified them, to the first of ``next_in_line`` who has
    held no unit of the drop, in time order from ``start``; the holders they lead to must be
    ``listed`` (when given).
    """
    problems = []
    holders: dict[int, str | None] = {serial: holder for serial, holder, _ in first_holders}
    since = {serial: at for serial, _, at in first_holders}
    held = {holder for _, holder, _ in first_holders}
    window = timedelta(seconds=claim_window_seconds) if claim_window_seconds is not None else None
    line = iter(next_in_line)
    expected = next((name for name in line if name not in held), None)
    previous = start
    for i, reroll in enumerate(rerolls):
        where = f"rerolls[{i}]"
        serial, source, target = reroll["serial"], reroll["from_entrant"], reroll["to_entrant"]
        at = datetime.fromisoformat(reroll["at"])
        disqualified = is_disqualification(reroll)
        problems.extend(_disqualification_problems(where, reroll, disqualified))
        # A reroll that found nobody left is dated when its window ended (nothing records
        # when it ran), so only rerolls that passed a unit on are held to the order in time.
        if target is not None:
            if at < previous:
                problems.append(
                    f"{where}: at {reroll['at']} is earlier than the reroll or draw before it; "
                    "rerolls are listed in the order they happened"
                )
            previous = max(previous, at)
        if serial not in holders:
            problems.append(f"{where}: serial {serial} is not one of the drawn serials")
        elif holders[serial] != source:
            problems.append(
                f"{where}: from_entrant {json.dumps(source)} does not hold serial {serial} "
                f"(its holder is {json.dumps(holders[serial])})"
            )
        elif (
            not disqualified
            and window is not None
            and at < (ended := later_by(since[serial], window))
        ):
            problems.append(
                f"{where}: serial {serial} passed on at {reroll['at']}, before "
                f"{json.dumps(source)}'s claim window ended at {ended.isoformat()}"
            )
        if target != expected:
            want = json.dumps(expected) if expected is not None else "nobody (waitlist exhausted)"
            problems.append(
                f"{where}: to_entrant is {json.dumps(target)}, expected the next on the waitlist, "
                f"{want}"
            )
        holders[serial] = target
        since[serial] = at
        if target is not None:
            held.add(target)
        if expected is not None:
            held.add(expected)
            expected = next((name for name in line if name not in held), None)
    if listed is not None:
        problems.extend(_holder_problems(listed, holders))
    return problems


def _disqualification_problems(where: str, reroll: RerollRecord, disqualified: bool) -> list[str]:
    # A disqualification may pass a unit on before its claim window ended, so it must say who
    # answers for it; a lapse names nobody.
    by = reroll.get("by")
    if disqualified and not (by or "").strip():
        return [f"{where}: a disqualification names no moderator (by)"]
    if not disqualified and by is not None:
        return [
            f"{where}: names a moderator (by) but its reason does not start with "
            f"{DISQUALIFIED!r}; only a disqualification is a moderator's doing"
        ]
    return []


def later_by(moment: datetime, span: timedelta) -> datetime:
    """``moment + span``, or the last representable moment for a crafted one beyond it."""
    try:
        return moment + span
    except OverflowError:
        return datetime.max.replace(tzinfo=UTC)


def _holder_problems(listed: list[Holder], derived: dict[int, str | None]) -> list[str]:
    got = [(h["serial"], h["entrant"]) for h in listed]
    expected = sorted(derived.items())
    if got == expected:
        return [
            f"holders[{i}]: serial {h['serial']} is claimed by nobody"
            for i, h in enumerate(listed)
            if h["claimed"] and h["entrant"] is None
        ]
    position = next(
        (i for i, (e, g) in enumerate(zip(expected, got, strict=False)) if e != g),
        min(len(expected), len(got)),
    )
    if position >= len(expected):
        return [f"holders[{position}]: serial {got[position][0]} was never drawn or guaranteed"]
    serial, holder = expected[position]
    have = (
        f"serial {got[position][0]} held by {json.dumps(got[position][1])}"
        if position < len(got)
        else "nothing"
    )
    return [
        f"holders[{position}]: the draw and the rerolls leave serial {serial} with "
        f"{json.dumps(holder)}, transcript says {have}"
    ]


def _first_repeat(names: list[str]) -> tuple[str, int, int] | None:
    first: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in first:
            return name, first[name], i
        first[name] = i
    return None
