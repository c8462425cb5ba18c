#!/usr/bin/env python3
"""Check a fairdrop draw from its transcript alone: python3 verify_draw.py transcript.json

A single file that needs nothing but Python 3.11+ and its standard library; it does not use
fairdrop. It follows docs/draw-spec.md: it re-derives the winners and the waitlist from the
revealed seed, the entry list and the drand round, and checks the commitment, the guaranteed
units, the adjustments, the rerolls and the holders (or, for a first-come drop, the arrival
chain and the order units went in). It prints OK or every difference, one line each.

The drand round's BLS signature is checked only when the `drand-verify` package is importable
(pip install drand-verify); without it the verifier says so and exits 1 ("NOT VERIFIED"),
however well everything else matches. Options: --commitment HEX and --entry-hash HEX compare
with the values announced in chat; --genesis/--period place the pinned chain elsewhere (only
for draws against a fake drand relay, as in fairdrop's demo and tests).

Exit status: 0 OK, 1 a difference (or the signature could not be checked), 2 an unreadable file.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import re
import sys
from array import array
from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any

QUICKNET: dict[str, Any] = {
    "chain_hash": "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971",
    "public_key": "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c"
    "3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4b"
    "c09e76eae8991ef5ece45a",
    "genesis": 1692803367,
    "period": 3,
}
TWO64 = 2**64
HEX64 = re.compile(r"[0-9a-f]{64}")
EXCLUDED, MERGED, WITHDRAWN = (
    "excluded",
    "merged with an earlier entry",
    "guaranteed unit withdrawn",
)
WEIGHT_CHANGE = re.compile(r"weight ([1-9][0-9]*) -> ([1-9][0-9]*)")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
V1_FIELDS = {
    "version", "drop_id", "title", "mode", "supply", "commitment", "seed_hex", "beacon",
    "entry_list_hash", "entries", "winners", "waitlist", "drawn_at", "rerolls", "guaranteed",
    "adjustments", "guaranteed_digest", "guaranteed_committed", "claim_window_seconds", "holders",
}  # fmt: skip
V2_ONLY = {"drand", "closed_at", "announcements"}
OPTIONAL = {"rerolls", "guaranteed", "adjustments"} | {
    "guaranteed_digest", "guaranteed_committed", "claim_window_seconds", "holders",
}  # fmt: skip


class Unreadable(Exception):
    """The file is not a transcript this verifier knows; the message says why, in one line."""


# --- the draw (docs/draw-spec.md sections 2, 3, 5, 6) ---


def lp(value: bytes) -> bytes:
    return len(value).to_bytes(4, "big") + value


def num(value: int | None) -> bytes:
    return b"" if value is None else str(value).encode()


def entry_list_hash(names: list[str], weights: list[int]) -> str:
    digest = hashlib.sha256()
    for start in range(0, len(names), 65536):
        batch = zip(names[start : start + 65536], weights[start : start + 65536], strict=True)
        digest.update("".join([f"{name}\t{weight}\n" for name, weight in batch]).encode())
    return digest.hexdigest()


def commitment_v2(seed: bytes, drand: dict[str, Any] | None, digest: str, window: int) -> str:
    parts = [b"fairdrop/commit/v2\n", lp(seed)]
    if drand is None:
        parts += [lp(b"")] * 4
    else:
        parts += [lp(drand["chain_hash"].encode()), lp(num(drand["genesis"]))]
        parts += [lp(num(drand["period"])), lp(num(drand["round"]))]
    parts += [lp(digest.encode()), lp(num(window))]
    return hashlib.sha256(b"".join(parts)).hexdigest()


def stream_input(t: dict[str, Any], seed: bytes) -> bytes:
    if t["version"] == 1:
        return (
            f"fairdrop/draw/v1\n{seed.hex()}\n{t['entry_list_hash']}\n{t['beacon'] or ''}".encode()
        )
    drand = t["drand"] or {}
    randomness = drand.get("randomness")
    return b"".join(
        [
            b"fairdrop/draw/v2\n",
            lp(seed),
            lp(bytes.fromhex(t["entry_list_hash"])),
            lp(t["drop_id"].encode()),
            lp(t["title"].encode()),
            lp(t["mode"].encode()),
            lp(num(t["supply"])),
            lp(drand.get("chain_hash", "").encode()),
            lp(num(drand.get("round"))),
            lp(bytes.fromhex(randomness) if randomness else b""),
        ]
    )


def words(data: bytes, first: int) -> Any:
    """The stream's 64-bit little-endian words, generated in doubling chunks."""
    xof = hashlib.shake_256(data)

    def chunks() -> Any:
        done, want = 0, max(first, 1)
        while True:
            chunk = array("Q", xof.digest(8 * want)[8 * done :])
            if sys.byteorder == "big":
                chunk.byteswap()
            yield chunk
            done, want = want, want * 2

    return chain.from_iterable(chunks())


def accept(x: int, m: int, stream: Any) -> int:
    limit = TWO64 - TWO64 % m  # rejection sampling: a word at or above the limit is skipped
    while x >= limit:
        x = next(stream)
    return x


def draw_order(data: bytes, weights: list[int]) -> list[int]:
    n = len(weights)
    if n == 0:
        return []
    counts = Counter(weights)
    class_weights = sorted(counts, reverse=True)  # heaviest class first
    total = sum(w * counts[w] for w in class_weights)
    if total > TWO64:
        raise Unreadable("entries: the sum of all weights exceeds 2**64")
    if len(class_weights) == 1:
        classes = [array("L", range(n))]
    else:
        ordered = sorted(range(n), key=weights.__getitem__, reverse=True)  # stable
        classes, start = [], 0
        for w in class_weights:
            classes.append(array("L", ordered[start : start + counts[w]]))
            start += counts[w]
    stream = words(data, n + n + 64)
    safe = TWO64 - total  # below this, a word is accepted for every range up to total
    for seq in classes:  # descending Fisher-Yates, class by class
        for m, x in zip(range(len(seq), 1, -1), stream, strict=False):
            j = (accept(x, m, stream) if x >= safe else x) % m
            seq[m - 1], seq[j] = seq[j], seq[m - 1]
    if len(classes) == 1:
        return classes[0].tolist()
    widths = [w * len(seq) for w, seq in zip(class_weights, classes, strict=True)]
    steps, rests = list(class_weights), [iter(seq) for seq in classes]
    out: list[int] = []
    for x in stream:  # between classes: pick a class by its weight times what it has left
        r = (accept(x, total, stream) if x >= safe else x) % total
        k = 0
        while r >= widths[k]:
            r -= widths[k]
            k += 1
        out.append(next(rests[k]))
        total -= steps[k]
        widths[k] -= steps[k]
        if not widths[k]:
            del widths[k], steps[k], rests[k]
            if len(widths) == 1:
                break
    out.extend(rests[0])
    return out


# --- reading a transcript ---


def stamp(value: Any, where: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise Unreadable(f"{where}: not an ISO 8601 timestamp with a UTC offset: {value!r:.60}")
    return parsed


def need(ok: bool, message: str) -> None:
    if not ok:
        raise Unreadable(message)


FORBIDDEN = re.compile("[\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def read_entries(raw: Any) -> tuple[list[str], list[int]]:
    """The entry list's entrants and weights; Unreadable names the first bad entry."""
    need(isinstance(raw, list), "entries: must be a list")
    # Checked in bulk first (a million entries), entry by entry only to name a bad one.
    good = all(type(p) is list and len(p) == 2 for p in raw)
    names = [p[0] for p in raw] if good else []
    weights = [p[1] for p in raw] if good else []
    good = good and all(type(n) is str and n for n in names)
    good = good and all(type(w) is int and 0 < w < 2**32 for w in weights)
    if good and not FORBIDDEN.search("\x00".join(names)):
        return names, weights
    for i, p in enumerate(raw):
        ok = isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and bool(p[0])
        ok = ok and type(p[1]) is int and 0 < p[1] < 2**32 and not FORBIDDEN.search(p[0])
        need(ok, f"entries[{i}]: must be an [entrant, weight] pair, weight 1..2**32-1")
    raise AssertionError("unreachable: a bad entry was found above")


def read_lottery(t: dict[str, Any]) -> tuple[list[str], list[int]]:
    """Check the transcript's shape (docs/draw-spec.md section 10); return its entries."""
    version = t.get("version")
    fields = V1_FIELDS | (V2_ONLY if version == 2 else set())
    for name in sorted(fields - OPTIONAL - t.keys()):
        raise Unreadable(f"{name}: missing")
    for name in sorted(t.keys() - fields):
        raise Unreadable(f"{name}: unknown field")
    for name in ("commitment", "seed_hex", "entry_list_hash"):
        need(isinstance(t[name], str) and bool(HEX64.fullmatch(t[name])), f"{name}: not hex64")
    need(type(t["supply"]) is int and t["supply"] >= 0, "supply: must be an integer >= 0")
    for name in ("drop_id", "title", "mode"):
        need(isinstance(t[name], str), f"{name}: must be a string")
    entries = read_entries(t["entries"])
    del t["entries"]  # read into pairs: the parsed lists are no longer needed (memory)
    for name in ("winners", "waitlist", "guaranteed"):
        value = t.get(name, [])
        need(isinstance(value, list) and all(isinstance(v, str) for v in value), f"{name}: bad")
    t.setdefault("rerolls", [])
    t.setdefault("guaranteed", [])
    t.setdefault("adjustments", [])
    stamp(t["drawn_at"], "drawn_at")
    for i, r in enumerate(t["rerolls"]):
        where = f"rerolls[{i}]"
        need(
            isinstance(r, dict)
            and {"serial", "from_entrant", "to_entrant", "at", "reason"} <= r.keys(),
            f"{where}: bad",
        )
        need(type(r["serial"]) is int and r["serial"] >= 1, f"{where}.serial: bad")
        stamp(r["at"], f"{where}.at")
    for i, a in enumerate(t["adjustments"]):
        need(
            isinstance(a, dict) and set(a) == {"entrant", "change", "reason"},
            f"adjustments[{i}]: bad",
        )
    window = t.get("claim_window_seconds")
    need(
        window is None or (type(window) is int and 0 <= window <= 10**9),
        f"claim_window_seconds: must be an integer in 0..1000000000, got {window!r:.60}",
    )
    if version == 2:
        need(t["beacon"] is None, "beacon: must be null in version 2 (see drand)")
        for name in sorted(OPTIONAL - {"rerolls", "guaranteed", "adjustments"}):
            need(t.get(name) is not None, f"{name}: required in version 2")
        stamp(t["closed_at"], "closed_at")
        drand = t["drand"]
        if drand is not None:
            need(isinstance(drand, dict), "drand: must be an object")
            for name in ("genesis", "period", "round"):
                need(
                    type(drand.get(name)) is int and drand[name] >= (0 if name == "genesis" else 1),
                    f"drand.{name}: bad",
                )
            stamp(drand["round_at"], "drand.round_at")
            need(
                (drand["randomness"] is None) == (drand["signature"] is None),
                "drand: randomness and signature are both given or both null",
            )
    else:
        need(version == 1, f"version: unsupported transcript version {version!r}")
        need(t["beacon"] is None or isinstance(t["beacon"], str), "beacon: must be a string")
    return entries


# --- verifying a lottery (sections 7 to 11) ---


def verify_lottery(
    t: dict[str, Any], entries: tuple[list[str], list[int]], chains: dict[str, Any]
) -> tuple[list[str], bool]:
    """Every difference, one line each, and whether a drand signature was left unchecked."""
    problems: list[str] = []
    seed = bytes.fromhex(t["seed_hex"])
    unsigned = False
    if t["version"] == 1:
        actual = hashlib.sha256(seed).hexdigest()
        if actual != t["commitment"]:
            problems.append(
                f"seed does not match commitment: sha256(seed) is {actual}, "
                f"commitment is {t['commitment']}"
            )
    else:
        actual = commitment_v2(seed, t["drand"], t["guaranteed_digest"], t["claim_window_seconds"])
        if actual != t["commitment"]:
            problems.append(
                "seed, drand round, guaranteed_digest and claim_window_seconds do not match the "
                f"commitment: they commit to {actual}, the commitment is {t['commitment']}"
            )
        if t["drand"] is not None:
            drand_lines, unsigned = drand_problems(t["drand"], t["closed_at"], chains)
            problems += drand_lines
    names, weights = entries
    entry_hash = entry_list_hash(names, weights)
    if entry_hash != t["entry_list_hash"]:
        problems.append(
            f"entry-list hash differs: expected {entry_hash}, transcript "
            f"says {t['entry_list_hash']}"
        )
    data = stream_input({**t, "entry_list_hash": entry_hash}, seed)
    order = draw_order(data, weights)
    guaranteed = t["guaranteed"]
    drawn = max(0, t["supply"] - len(guaranteed))
    if len(guaranteed) > t["supply"]:
        problems.append(
            f"guaranteed: {len(guaranteed)} guaranteed units exceed the supply of {t['supply']}"
        )
    both = sorted(set(guaranteed) & set(names))
    if both:
        problems.append(
            f"guaranteed: {json.dumps(both[0])} is guaranteed a unit and also in the entry list"
        )
    problems += guaranteed_problems(t)
    winners = [names[i] for i in order[:drawn]]
    waitlist = [names[i] for i in order[drawn:]]
    for label, expected, counted in (
        ("winners", winners, "winners"),
        ("waitlist", waitlist, "on the waitlist"),
    ):
        difference = list_difference(label, expected, t[label], counted)
        if difference:
            problems.append(difference)
    repeat = first_repeat(names)
    if repeat:
        repeated = sum(1 for count in Counter(names).values() if count > 1)
        extra = f" (and {repeated - 1} more entrants appear more than once)" if repeated > 1 else ""
        problems.append(
            f"duplicate entrants: {json.dumps(repeat[0])} at entries[{repeat[1]}] "
            f"and entries[{repeat[2]}]{extra}"
        )
    problems += adjustment_problems(t, dict(zip(names, weights, strict=True)))
    start = stamp(t["drawn_at"], "drawn_at")
    firsts = [(s, h, start) for s, h in enumerate([*guaranteed, *winners], start=1)]
    problems += pass_on_problems(
        t["rerolls"], firsts, waitlist, t.get("claim_window_seconds"), start, t.get("holders")
    )
    return problems, unsigned


def drand_problems(
    drand: dict[str, Any], closed_at: str, chains: dict[str, Any]
) -> tuple[list[str], bool]:
    problems = []
    pinned = chains.get(drand["chain_hash"])
    if pinned is None:
        problems.append(f"drand: chain {drand['chain_hash']} is not a pinned chain")
    elif (pinned["genesis"], pinned["period"]) != (drand["genesis"], drand["period"]):
        problems.append(
            f"drand: genesis {drand['genesis']} / period {drand['period']} differ from the "
            f"pinned chain's {pinned['genesis']} / {pinned['period']}"
        )
    published = EPOCH + timedelta(seconds=drand["genesis"] + (drand["round"] - 1) * drand["period"])
    if stamp(drand["round_at"], "drand.round_at") != published:
        problems.append(
            f"drand.round_at: round {drand['round']} is published at "
            f"{published.isoformat()}, transcript says {drand['round_at']}"
        )
    if published <= stamp(closed_at, "closed_at"):
        problems.append(
            f"drand: round {drand['round']} was published at {published.isoformat()}, "
            f"not after the close at {closed_at}"
        )
    signature, randomness = drand["signature"], drand["randomness"]
    if signature is None:
        return problems, False
    if hashlib.sha256(bytes.fromhex(signature)).hexdigest() != randomness:
        problems.append("drand.randomness: is not sha256 of the signature")
    try:  # optional: BLS needs a compiled library
        library: Any = importlib.import_module("drand_verify")
    except ImportError:
        return problems, True
    if pinned is not None:
        try:
            library.verify_bls_unchained_g1_rfc9380(drand["round"], signature, pinned["public_key"])
        except (ValueError, TypeError):
            problems.append(
                f"drand.signature: not a valid signature of round {drand['round']} under the "
                f"pinned key of chain {drand['chain_hash'][:16]}…"
            )
    return problems, False


def list_difference(label: str, expected: list[Any], got: list[Any], counted: str) -> str | None:
    if expected == got:
        return None
    i = next(
        (i for i, (e, g) in enumerate(zip(expected, got, strict=False)) if e != g),
        min(len(expected), len(got)),
    )
    want = json.dumps(expected[i]) if i < len(expected) else "nothing"
    have = json.dumps(got[i]) if i < len(got) else "nothing"
    return (
        f"{label} differ at {label}[{i}]: expected {want}, transcript "
        f"says {have} (expected {len(expected)} {counted}, transcript "
        f"has {len(got)})"
    )


def first_repeat(names: list[str]) -> tuple[str, int, int] | None:
    first: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in first:
            return name, first[name], i
        first[name] = i
    return None


def guaranteed_digest(names: list[str]) -> str:
    return hashlib.sha256(
        b"fairdrop/guaranteed/v1\n" + "".join(f"{n}\n" for n in names).encode()
    ).hexdigest()


def guaranteed_problems(t: dict[str, Any]) -> list[str]:
    problems = []
    twice = first_repeat(t["guaranteed"])
    if twice:
        problems.append(
            f"guaranteed: {json.dumps(twice[0])} holds two guaranteed "
            f"units, guaranteed[{twice[1]}] and guaranteed[{twice[2]}]"
        )
    digest, committed = t.get("guaranteed_digest"), t.get("guaranteed_committed")
    if digest is None or committed is None:
        if (digest is None) != (committed is None):
            present = "guaranteed_digest" if committed is None else "guaranteed_committed"
            problems.append(f"guaranteed: {present} is given without the other")
        return problems
    actual = guaranteed_digest(committed)
    if actual != digest:
        problems.append(
            "guaranteed_committed does not match the guaranteed_digest "
            f"committed at open: it hashes to {actual}, the digest is "
            f"{digest}"
        )
    twice = first_repeat(committed)
    if twice:
        problems.append(
            f"guaranteed_committed: {json.dumps(twice[0])} is committed "
            f"twice, guaranteed_committed[{twice[1]}] and guaranteed_committed[{twice[2]}]"
        )
    withdrawn = {a["entrant"] for a in t["adjustments"] if a["change"] == WITHDRAWN}
    expected = [g for g in committed if g not in withdrawn][: t["supply"]]
    difference = list_difference("guaranteed", expected, t["guaranteed"], "guaranteed units")
    if difference:
        problems.append(f"{difference}, from the units committed at open less those withdrawn")
    return problems


def adjustment_problems(t: dict[str, Any], weights: dict[str, int]) -> list[str]:
    problems = []
    committed = set(t.get("guaranteed_committed") or ())
    reweighted: set[str] = set()
    for i, a in enumerate(t["adjustments"]):
        where, entrant, change = f"adjustments[{i}]", a["entrant"], a["change"]
        who = json.dumps(entrant)
        problem = None
        if not a["reason"].strip():
            problem = f"{where}: no reason given for {who} ({change})"
        elif change == EXCLUDED:
            if entrant in weights and t.get("holders") is not None:
                problem = f"{where}: {who} is excluded but still in the entry list"
        elif change == MERGED:
            if entrant not in weights:
                problem = f"{where}: {who} is merged with an earlier entry that is not in the list"
        elif change == WITHDRAWN:
            if t.get("guaranteed_committed") is not None and entrant not in committed:
                problem = f"{where}: {who} had no guaranteed unit committed at open to withdraw"
            elif entrant in t["guaranteed"]:
                problem = f"{where}: {who}'s guaranteed unit is withdrawn but still in guaranteed"
        elif match := WEIGHT_CHANGE.fullmatch(change):
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
                f"{where}: unknown change {json.dumps(change)} (expected "
                f"{EXCLUDED!r}, {MERGED!r}, {WITHDRAWN!r} or 'weight A -> "
                "B')"
            )
        if problem:
            problems.append(problem)
    return problems


def later_by(moment: datetime, span: timedelta) -> datetime:
    try:
        return moment + span
    except OverflowError:
        return datetime.max.replace(tzinfo=UTC)


def pass_on_problems(
    rerolls: list[dict[str, Any]],
    firsts: list[tuple[int, str, datetime]],
    line_up: list[str],
    window_seconds: int | None,
    start: datetime,
    listed: list[dict[str, Any]] | None,
) -> list[str]:
    """Rerolls and disqualifications (section 8), and the holders they lead to."""
    problems = []
    holders: dict[int, str | None] = {s: h for s, h, _ in firsts}
    since = {s: at for s, _, at in firsts}
    held = {h for _, h, _ in firsts}
    window = timedelta(seconds=window_seconds) if window_seconds is not None else None
    line = iter(line_up)
    expected = next((n for n in line if n not in held), None)
    previous = start
    for i, r in enumerate(rerolls):
        where, serial, source, target = (
            f"rerolls[{i}]",
            r["serial"],
            r["from_entrant"],
            r["to_entrant"],
        )
        at = stamp(r["at"], f"{where}.at")
        reason = r["reason"]
        disqualified = reason == "disqualified" or reason.startswith("disqualified:")
        if disqualified and not (r.get("by") or "").strip():
            problems.append(f"{where}: a disqualification names no moderator (by)")
        elif not disqualified and "by" in r:
            problems.append(
                f"{where}: names a moderator (by) but its reason does not "
                "start with 'disqualified'; only a disqualification is a "
                "moderator's doing"
            )
        if target is not None:
            if at < previous:
                problems.append(
                    f"{where}: at {r['at']} is earlier than the reroll or draw "
                    "before it; rerolls are listed in the order they happened"
                )
            previous = max(previous, at)
        if serial not in holders:
            problems.append(f"{where}: serial {serial} is not one of the drawn serials")
        elif holders[serial] != source:
            problems.append(
                f"{where}: from_entrant {json.dumps(source)} does not hold "
                f"serial {serial} (its holder is {json.dumps(holders[serial])})"
            )
        elif (
            not disqualified
            and window is not None
            and at < (ended := later_by(since[serial], window))
        ):
            problems.append(
                f"{where}: serial {serial} passed on at {r['at']}, before "
                f"{json.dumps(source)}'s claim window ended at {ended.isoformat()}"
            )
        if target != expected:
            want = json.dumps(expected) if expected is not None else "nobody (waitlist exhausted)"
            problems.append(
                f"{where}: to_entrant is {json.dumps(target)}, expected the "
                f"next on the waitlist, {want}"
            )
        holders[serial], since[serial] = target, at
        if target is not None:
            held.add(target)
        if expected is not None:
            held.add(expected)
            expected = next((n for n in line if n not in held), None)
    if listed is not None:
        problems += holder_problems(listed, holders)
    return problems


def holder_problems(listed: list[dict[str, Any]], derived: dict[int, str | None]) -> list[str]:
    got = [(h["serial"], h["entrant"]) for h in listed]
    expected = sorted(derived.items())
    if got == expected:
        return [
            f"holders[{i}]: serial {h['serial']} is claimed by nobody"
            for i, h in enumerate(listed)
            if h["claimed"] and h["entrant"] is None
        ]
    i = next(
        (i for i, (e, g) in enumerate(zip(expected, got, strict=False)) if e != g),
        min(len(expected), len(got)),
    )
    if i >= len(expected):
        return [f"holders[{i}]: serial {got[i][0]} was never drawn or guaranteed"]
    have = f"serial {got[i][0]} held by {json.dumps(got[i][1])}" if i < len(got) else "nothing"
    return [
        (
            f"holders[{i}]: the draw and the rerolls leave serial {expected[i][0]} "
            f"with {json.dumps(expected[i][1])}, transcript says {have}"
        )
    ]


# --- first-come drops (section 12) ---


def verify_arrivals(t: dict[str, Any]) -> list[str]:
    problems = []
    link = hashlib.sha256(b"fairdrop/arrivals/v1\n").hexdigest()
    broken = False
    for i, a in enumerate(t["arrivals"]):
        if a["seq"] != i + 1:
            problems.append(f"arrivals[{i}]: seq is {a['seq']}, expected {i + 1}")
        link = hashlib.sha256(
            f"{link}\n{a['seq']}\t{a['entrant']}\t{a['at']}\t{a['tier']}\n".encode()
        ).hexdigest()
        if a["link"] != link and not broken:
            broken = True
            problems.append(
                f"arrivals[{i}]: link does not follow from the arrivals before "
                "it (an arrival was inserted, removed, changed or reordered)"
            )
    if link != t["arrivals_head"]:
        problems.append(
            f"arrivals_head is {t['arrivals_head']}, but the arrivals "
            f"chain to {link} (compare with the head announced at close)"
        )
    opened, closes = stamp(t["opened_at"], "opened_at"), stamp(t["closes_at"], "closes_at")
    tiers = {w["name"]: timedelta(seconds=w["opens_after_seconds"]) for w in t["tiers"]}
    first: dict[str, int] = {}
    for i, a in enumerate(t["arrivals"]):
        entrant, tier = a["entrant"], a["tier"]
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
        if not opens <= stamp(a["at"], f"arrivals[{i}].at") < closes:
            problems.append(
                f"arrivals[{i}]: at {a['at']} is outside the {tier} window "
                f"({opens.isoformat()} to {closes.isoformat()})"
            )
    actual = guaranteed_digest(t["guaranteed_committed"])
    if actual != t["guaranteed_digest"]:
        problems.append(
            "guaranteed_committed does not match the guaranteed_digest "
            f"committed at open: it hashes to {actual}, the digest is "
            f"{t['guaranteed_digest']}"
        )
    units = sorted(t["units"], key=lambda u: u["serial"])
    got = [u["entrant"] for u in units if u["via"] == "guaranteed"]
    difference = list_difference(
        "guaranteed", t["guaranteed_committed"][: t["supply"]], got, "guaranteed units"
    )
    if difference:
        problems.append(f"{difference}, from the units committed at open")
    problems += unit_order_problems(t)
    firsts = [(u["serial"], u["entrant"], stamp(u["at"], "units.at")) for u in units]
    problems += pass_on_problems(
        t.get("rerolls", []),
        firsts,
        [a["entrant"] for a in t["arrivals"]],
        t["claim_window_seconds"],
        opened,
        t.get("holders", []),
    )
    return problems


def unit_order_problems(t: dict[str, Any]) -> list[str]:
    problems = []
    supply, cap = t["supply"], t["cap_per_person"]
    for serial, times in sorted(Counter(u["serial"] for u in t["units"]).items()):
        if times > 1 or not 1 <= serial <= supply:
            problems.append(f"units: serial {serial} is given {times} times of 1..{supply}")
    problems += [
        f"units: serial {u['serial']} came via {json.dumps(u['via'])}"
        for u in t["units"]
        if u["via"] not in ("guaranteed", "fcfs")
    ]
    for entrant, count in sorted(Counter(u["entrant"] for u in t["units"]).items()):
        if count > cap:
            problems.append(f"units: {json.dumps(entrant)} holds {count}, over the cap of {cap}")
    taken = Counter(u["entrant"] for u in t["units"] if u["via"] == "fcfs")
    problems += [
        f"units: {json.dumps(e)} got a unit but never arrived"
        for e in sorted(set(taken) - {a["entrant"] for a in t["arrivals"]})
    ]
    guaranteed = Counter(u["entrant"] for u in t["units"] if u["via"] == "guaranteed")
    passed_over = None
    for i, a in enumerate(t["arrivals"]):
        if taken[a["entrant"]]:
            if passed_over is not None:
                problems.append(
                    f"arrivals[{i}]: {json.dumps(a['entrant'])} got a unit, but "
                    f"{json.dumps(t['arrivals'][passed_over]['entrant'])} arrived "
                    f"earlier (arrivals[{passed_over}]) and got none"
                )
                break
        elif guaranteed[a["entrant"]] < cap and passed_over is None:
            passed_over = i
    if passed_over is not None and len(t["units"]) < supply:
        problems.append(
            f"arrivals[{passed_over}]: {json.dumps(t['arrivals'][passed_over]['entrant'])} "
            f"got no unit while {supply - len(t['units'])} were left"
        )
    return problems


# --- the command ---


def hex_option(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    need(bool(HEX64.fullmatch(value)), f"{name} must be 64 hex characters, as announced")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a fairdrop draw from its transcript.")
    parser.add_argument("transcript")
    parser.add_argument("--commitment", help="the commitment announced at open (64 hex)")
    parser.add_argument("--entry-hash", help="the entry-list hash announced at close (64 hex)")
    parser.add_argument("--genesis", type=int, help="test chains only: quicknet at this genesis")
    parser.add_argument("--period", type=int, help="test chains only: with --genesis")
    args = parser.parse_args(argv)
    path = args.transcript
    chains = {
        QUICKNET["chain_hash"]: {
            **QUICKNET,
            "genesis": args.genesis or QUICKNET["genesis"],
            "period": args.period or QUICKNET["period"],
        }
    }
    try:
        announced = {
            "commitment": hex_option("--commitment", args.commitment),
            "entry_list_hash": hex_option("--entry-hash", args.entry_hash),
        }
        with open(path, encoding="utf-8") as file:
            t = json.load(file)
        need(isinstance(t, dict), "transcript: must be a JSON object")
        if "arrivals" in t:  # a first-come transcript (a lottery has entries instead)
            need(
                announced["commitment"] is None,
                "--commitment: a first-come drop draws nothing and commits to no seed",
            )
            problems, unsigned, entries = verify_arrivals(t), False, None
            head = announced["entry_list_hash"]
            if head is not None and head != t["arrivals_head"]:
                problems.append(
                    f"arrivals_head: announced {head}, transcript says {t['arrivals_head']}"
                )
        else:
            entries = read_lottery(t)
            problems, unsigned = verify_lottery(t, entries, chains)
            for name, value in announced.items():
                if value is not None and value != t[name]:
                    problems.append(f"{name}: announced {value}, transcript says {t[name]}")
    except (
        OSError,
        ValueError,
        Unreadable,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
    ) as error:
        print(
            f"verify_draw.py: {path}: not a transcript this verifier can read: {error}",
            file=sys.stderr,
        )
        return 2
    if problems:
        print(f"MISMATCH: {path}")
        print("\n".join(f"  - {p}" for p in problems))
        return 1
    if unsigned:
        print(
            f"NOT VERIFIED: {path}: the drand round's signature cannot "
            "be checked: drand-verify is not installed (pip install "
            "drand-verify); everything else matches"
        )
        return 1
    if entries is None:
        print(
            f"OK: first-come drop {t['drop_id']} ({t['title']}): {len(t['arrivals']):,} "
            f"arrivals chain to {t['arrivals_head']}, {len(t['units'])} "
            "units went in arrival order within the rules"
        )
        return 0
    print(
        f"OK: drop {t['drop_id']} ({t['title']}): seed matches commitment, "
        f"{len(entries[0]):,} entries hash to {t['entry_list_hash'][:16]}…, "
        f"{len(t['winners'])} winners and {len(t['waitlist']):,} "
        "on the waitlist re-derived"
    )
    drand = t.get("drand")
    if t["version"] >= 2:
        print(
            (
                "  no public randomness (the drop opted out): the operator "
                "could have influenced the result"
            )
            if drand is None
            else f"  drand round {drand['round']}: drawn without it: {drand['outcome']}"
            if drand["signature"] is None
            else (
                f"  drand round {drand['round']} (published {drand['round_at']}, "
                "after the close): signature verified against the pinned "
                "quicknet key"
            )
        )
    for name, missing in (
        ("guaranteed_digest", "guaranteed units"),
        ("claim_window_seconds", "reroll times"),
        ("holders", "final holders"),
    ):
        if t.get(name) is None:
            print(f"  not checked: {missing}: the transcript predates {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
