"""Write the draw's test vectors (docs/vectors/*.json) from fairdrop's own implementation.

    python scripts/draw_vectors.py            # (re)write docs/vectors/
    python scripts/draw_vectors.py --check    # exit 1 if a file differs from what this makes

Each vector is a transcript together with the intermediate values an independent implementation
of docs/draw-spec.md computes on the way (the commitment's and the stream's input bytes, the
first stream words, each weight class before and after its shuffle, the class picked at each
step between classes, the draw order) and the result. The shuffles and picks are recomputed
here step by step, as the spec words them, and must agree with ``bot.drops.lottery.draw_order``
or nothing is written. Every lottery vector must pass ``verify_transcript`` (with the drand
signature checked when drand-verify is installed) and the first-come one ``verify_arrivals``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file from anywhere
    sys.path.insert(0, str(ROOT))

from bot.drops.arrivals import ArrivalTranscript, chain_start, next_link  # noqa: E402
from bot.drops.beacon import QUICKNET, CommittedRound, round_time  # noqa: E402
from bot.drops.drawinput import (  # noqa: E402
    COMMIT_DOMAIN_V2,
    DrawBinding,
    commitment_v2,
    lp,
    stream_input_v2,
)
from bot.drops.guarantees import GUARANTEED_DOMAIN, guaranteed_digest  # noqa: E402
from bot.drops.lottery import (  # noqa: E402
    DrawEntry,
    commitment,
    draw_order,
    entry_list_hash,
    random_words,
    stream_input,
    uniform,
)
from bot.drops.transcript import Transcript  # noqa: E402
from bot.drops.verify import draw_binding, verify_transcript  # noqa: E402
from bot.drops.verify_arrivals import verify_arrivals  # noqa: E402

Doc = dict[str, Any]
VECTORS = ROOT / "docs" / "vectors"
FIRST_WORDS = 8
# A genuine quicknet round (fakeplatforms.drand.GENUINE_ROUNDS): round 1000 was published on
# 2023-08-23 at 15:59:24 UTC, so the beacon vector's drop closed a minute before.
ROUND = 1000
ROUND_SIGNATURE = (
    "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125"
    "e342b73a8dd2bacbe47e4b6b63ed5e39"
)
START = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def seed_of(label: str) -> bytes:
    """A fixed seed per vector, so that the files never change from one run to the next."""
    return hashlib.sha256(f"fairdrop test vector {label}".encode()).digest()


def at(moment: datetime) -> str:
    return moment.isoformat()


def words_of(data: bytes, n: int) -> list[str]:
    xof = hashlib.shake_256(data).digest(8 * n)
    return [str(int.from_bytes(xof[8 * i : 8 * i + 8], "little")) for i in range(n)]


def spelled_out_draw(
    seed: bytes, entry_hash: str, beacon: str | None, entries: Sequence[DrawEntry], b: Any
) -> tuple[list[Doc], list[int], list[int]]:
    """The draw as docs/draw-spec.md words it: the classes before and after their shuffles, the
    class picked at each step between classes, and the order."""
    words: Iterator[int] = random_words(seed, entry_hash, beacon, binding=b)
    weights = sorted({e.weight for e in entries}, reverse=True)
    classes = [[i for i, e in enumerate(entries) if e.weight == w] for w in weights]
    shuffled = []
    for members in classes:
        seq = list(members)
        for i in range(len(seq) - 1, 0, -1):
            j = uniform(words, i + 1)
            seq[i], seq[j] = seq[j], seq[i]
        shuffled.append(seq)
    picks: list[int] = []
    order: list[int] = []
    rest = [list(s) for s in shuffled]
    while sum(1 for r in rest if r) >= 2:
        total = sum(w * len(r) for w, r in zip(weights, rest, strict=True))
        x = uniform(words, total)
        k, bound = 0, weights[0] * len(rest[0])
        while x >= bound:
            k += 1
            bound += weights[k] * len(rest[k])
        picks.append(k)
        order.append(rest[k].pop(0))
    for r in rest:
        order.extend(r)
    described = [
        {"weight": w, "entries": c, "shuffled": s}
        for w, c, s in zip(weights, classes, shuffled, strict=True)
    ]
    return described, picks, order


def lottery_vector(name: str, description: str, t: Transcript) -> Doc:
    """The vector of lottery transcript ``t``, its intermediate values computed twice."""
    seed = bytes.fromhex(t.seed_hex)
    encoding = "".join(f"{e.entrant}\t{e.weight}\n" for e in t.entries).encode()
    assert hashlib.sha256(encoding).hexdigest() == entry_list_hash(t.entries) == t.entry_list_hash
    binding = None
    expected: Doc = {
        "entry_list_encoding_hex": encoding.hex(),
        "entry_list_hash": t.entry_list_hash,
    }
    if t.version == 1:
        expected["commitment_input_hex"] = seed.hex()
        data = stream_input(seed, t.entry_list_hash, t.beacon)
    else:
        assert t.guaranteed_digest is not None and t.claim_window_seconds is not None
        drand = t.drand
        committed = None
        if drand is not None:
            chain = QUICKNET.placed(drand["genesis"], drand["period"])
            committed = CommittedRound(chain, drand["round"])
        preimage = b"".join(
            [
                COMMIT_DOMAIN_V2,
                lp(seed),
                lp(QUICKNET.chain_hash.encode() if drand else b""),
                lp(str(drand["genesis"]).encode() if drand else b""),
                lp(str(drand["period"]).encode() if drand else b""),
                lp(str(drand["round"]).encode() if drand else b""),
                lp(t.guaranteed_digest.encode()),
                lp(str(t.claim_window_seconds).encode()),
            ]
        )
        assert hashlib.sha256(preimage).hexdigest() == t.commitment
        assert commitment_v2(
            seed,
            committed,
            guaranteed_digest=t.guaranteed_digest,
            claim_window_seconds=t.claim_window_seconds,
        ) == (t.commitment)
        expected["commitment_input_hex"] = preimage.hex()
        binding = draw_binding(t)
        assert binding is not None
        data = stream_input_v2(seed, t.entry_list_hash, binding)
    expected["commitment"] = t.commitment
    expected["stream_input_hex"] = data.hex()
    expected["first_words"] = words_of(data, FIRST_WORDS)
    classes, picks, order = spelled_out_draw(
        seed, t.entry_list_hash, t.beacon if binding is None else None, t.entries, binding
    )
    implemented = draw_order(seed, t.entry_list_hash, t.beacon, t.entries, binding)
    assert order == implemented, f"{name}: the spelled-out draw differs from draw_order"
    drawn = max(0, t.supply - len(t.guaranteed))
    names = [e.entrant for e in t.entries]
    assert [names[i] for i in order[:drawn]] == t.winners
    assert [names[i] for i in order[drawn:]] == t.waitlist
    expected |= {
        "classes": classes,
        "class_picks": picks,
        "order": order,
        "drawn_units": drawn,
        "winners": t.winners,
        "waitlist": t.waitlist,
    }
    if t.guaranteed_committed is not None:
        expected["guaranteed_digest_input_hex"] = (
            GUARANTEED_DOMAIN + "".join(f"{g}\n" for g in t.guaranteed_committed).encode()
        ).hex()
    if t.holders is not None:
        expected["holders"] = [[h["serial"], h["entrant"]] for h in t.holders]
    problems = verify_transcript(t, check_signature=_signature_check())
    assert not problems, f"{name}: {problems}"
    expected["verdict"] = "OK"
    return {
        "name": name,
        "description": description,
        "transcript": json.loads(t.to_json()),
        "expected": expected,
    }


def _signature_check() -> Any:
    try:
        from bot.beacon.signatures import check_signature, verifier_available
    except ImportError:  # pragma: no cover - fairdrop always ships it
        return None
    return check_signature if verifier_available() else None


def entrants(n: int, label: str) -> list[str]:
    # Pseudonyms look like fairdrop's (16 lowercase hex characters) but are fixed per vector.
    return [hashlib.sha256(f"{label}/{i}".encode()).hexdigest()[:16] for i in range(n)]


def drawn(
    *,
    label: str,
    entries: list[DrawEntry],
    supply: int,
    version: int,
    title: str,
    guaranteed_committed: list[str] | None = None,
    withdrawn: tuple[str, ...] = (),
    drand: Any = None,
    closed_at: datetime = START + timedelta(minutes=10),
    claim_window: int = 86_400,
    beacon: str | None = None,
    adjustments: list[Any] | None = None,
) -> Transcript:
    """The transcript of a draw of ``entries``, before any reroll."""
    seed = seed_of(label)
    entry_hash = entry_list_hash(entries)
    committed_units = guaranteed_committed or []
    guaranteed = [g for g in committed_units if g not in withdrawn][:supply]
    binding = None
    digest = guaranteed_digest(committed_units)
    if version == 2:
        binding = DrawBinding(
            drop_id=label,
            title=title,
            mode="lottery",
            supply=supply,
            chain_hash=drand["chain_hash"] if drand else None,
            round=drand["round"] if drand else None,
            randomness=drand["randomness"] if drand else None,
        )
        committed = None
        if drand is not None:
            committed = CommittedRound(QUICKNET, drand["round"])
        commit = commitment_v2(
            seed, committed, guaranteed_digest=digest, claim_window_seconds=claim_window
        )
    else:
        commit = commitment(seed)
    order = draw_order(seed, entry_hash, beacon, entries, binding)
    units = max(0, supply - len(guaranteed))
    winners = [entries[i].entrant for i in order[:units]]
    v2 = version == 2
    drawn_at = closed_at + timedelta(seconds=40)
    return Transcript(
        version=version,
        drop_id=label,
        title=title,
        mode="lottery",
        supply=supply,
        commitment=commit,
        seed_hex=seed.hex(),
        beacon=beacon,
        entry_list_hash=entry_hash,
        entries=entries,
        winners=winners,
        waitlist=[entries[i].entrant for i in order[units:]],
        drawn_at=at(drawn_at),
        guaranteed=guaranteed,
        adjustments=adjustments or [],
        guaranteed_digest=digest if v2 else None,
        guaranteed_committed=committed_units if v2 else None,
        claim_window_seconds=claim_window if v2 else None,
        holders=(
            [
                {"serial": n, "entrant": w, "claimed": False}
                for n, w in enumerate([*guaranteed, *winners], 1)
            ]
            if v2
            else None
        ),
        drand=drand,
        closed_at=at(closed_at) if v2 else None,
    )


class LotteryCase(NamedTuple):
    """One lottery vector: ``entrants`` fixed pseudonyms of ``label`` (also its seed's label and
    drop id), the i-th of weight ``weight(i)``, drawn by ``drawn`` with the keywords
    ``options(pseudonyms)``; ``after`` then adds what happened after the draw (rerolls)."""

    name: str
    description: str
    label: str
    title: str
    version: int
    supply: int
    entrants: int
    weight: Callable[[int], int] = lambda i: 1
    options: Callable[[list[str]], dict[str, Any]] = lambda names: {}
    after: Callable[[Transcript], Transcript] = lambda t: t


def lottery_case(case: LotteryCase) -> Doc:
    """The vector of ``case``."""
    names = entrants(case.entrants, case.label)
    t = drawn(
        label=case.label,
        entries=[DrawEntry(n, case.weight(i)) for i, n in enumerate(names)],
        supply=case.supply,
        version=case.version,
        title=case.title,
        **case.options(names),
    )
    return lottery_vector(case.name, case.description, case.after(t))


def guaranteed_options(names: list[str]) -> dict[str, Any]:
    """Three guaranteed units committed at open, one withdrawn; adjustments of every kind."""
    sponsors = entrants(3, "sponsors")
    return {
        "guaranteed_committed": sponsors,
        "withdrawn": (sponsors[1],),
        "adjustments": [
            {
                "entrant": sponsors[1],
                "change": "guaranteed unit withdrawn",
                "reason": "on the deny list since the drop opened",
            },
            {"entrant": "0badc0ffee000001", "change": "excluded", "reason": "on the deny list"},
            {
                "entrant": names[0],
                "change": "weight 3 -> 2",
                "reason": "no longer a subscriber",
            },
            {
                "entrant": names[4],
                "change": "merged with an earlier entry",
                "reason": "linked to an earlier entrant",
            },
        ],
    }


def with_rerolls(t: Transcript) -> Transcript:
    """``t`` after a disqualification and two lapses, and the holders they lead to."""
    drawn_at = datetime.fromisoformat(t.drawn_at)
    w, line = t.winners, list(t.waitlist)
    records: list[Any] = [
        {
            "serial": 3,
            "from_entrant": w[2],
            "to_entrant": line[0],
            "at": at(drawn_at + timedelta(hours=1)),
            "reason": "disqualified: alt account",
            "by": "ModAnna",
        },
        {
            "serial": 1,
            "from_entrant": w[0],
            "to_entrant": line[1],
            "at": at(drawn_at + DAY + timedelta(minutes=1)),
            "reason": "claim window expired",
        },
        {
            "serial": 3,
            "from_entrant": line[0],
            "to_entrant": line[2],
            "at": at(drawn_at + DAY + timedelta(hours=1, minutes=1)),
            "reason": "claim window expired",
        },
    ]
    holders: list[Any] = [
        {"serial": 1, "entrant": line[1], "claimed": True},
        {"serial": 2, "entrant": w[1], "claimed": True},
        {"serial": 3, "entrant": line[2], "claimed": False},
    ]
    return replace(t, rerolls=records, holders=holders)


# The genuine round's record, as a beacon-backed drop's transcript carries it.
PUBLISHED = round_time(QUICKNET, ROUND)
DRAND = {
    "chain_hash": QUICKNET.chain_hash,
    "genesis": QUICKNET.genesis,
    "period": QUICKNET.period,
    "round": ROUND,
    "round_at": at(PUBLISHED),
    "randomness": hashlib.sha256(bytes.fromhex(ROUND_SIGNATURE)).hexdigest(),
    "signature": ROUND_SIGNATURE,
    "outcome": "verified",
}
TIER_WEIGHTS = (3, 1, 2, 1, 3, 1, 1, 2, 1, 1, 3, 1)

LOTTERIES = (
    LotteryCase(
        name="small-lottery-v1",
        description="Version 1: ten entries of weight 1, three units, a free-text beacon "
        "string; the commitment is sha256(seed).",
        label="small",
        title="Ten fans, three prints",
        version=1,
        supply=3,
        entrants=10,
        options=lambda names: {"beacon": "block 19000000"},
    ),
    LotteryCase(
        name="tiers-v2",
        description="Version 2 without the beacon (opted out): three weight classes 3/2/1, four "
        "units; shows the class order, each class's shuffle and the picks between classes.",
        label="tiers",
        title="Tiers: subs \u00d73, VIPs \u00d72, everyone \u00d71",  # UTF-8 in lp()
        version=2,
        supply=4,
        entrants=12,
        weight=TIER_WEIGHTS.__getitem__,
    ),
    LotteryCase(
        name="guaranteed-v2",
        description="Version 2: three guaranteed units committed at open, one withdrawn at "
        "close, so two come off the supply of 5 and three are drawn; adjustments of every kind.",
        label="guaranteed",
        title="Guaranteed sponsors",
        version=2,
        supply=5,
        entrants=9,
        weight=lambda i: 2 if i < 3 else 1,
        options=guaranteed_options,
    ),
    LotteryCase(
        name="rerolls-v2",
        description="Version 2: a moderator disqualifies serial 3's winner an hour after the "
        "draw (allowed before the claim window ends, names the moderator), then serials 1 and 3 "
        "lapse; each unit passes to the next on the waitlist who has held none.",
        label="rerolls",
        title="Rerolls",
        version=2,
        supply=3,
        entrants=8,
        after=with_rerolls,
    ),
    LotteryCase(
        name="beacon-v2",
        description="Version 2 backed by the genuine drand quicknet round 1000 (published "
        f"{at(PUBLISHED)}, a minute after the close): its randomness is sha256 of its "
        "signature and goes into the stream input as 32 raw bytes.",
        label="beacon",
        title="Beacon-backed",
        version=2,
        supply=2,
        entrants=6,
        weight=lambda i: 1 + i % 2,
        options=lambda names: {"drand": DRAND, "closed_at": PUBLISHED - timedelta(minutes=1)},
    ),
)


def first_come() -> Doc:
    opened = START
    closes = START + timedelta(minutes=10)
    people = entrants(7, "fcfs")
    sponsor = entrants(1, "fcfs-sponsor")
    tiers = [("subs", 0), ("everyone", 120)]
    plan = [  # who, seconds after the open, tier
        (people[0], 5, "subs"),
        (people[1], 9, "subs"),
        (people[2], 130, "everyone"),
        (people[3], 131, "everyone"),
        (people[4], 140, "everyone"),
        (people[5], 150, "everyone"),
    ]
    link = chain_start()
    arrivals: list[Any] = []
    links = [link]
    for seq, (who, seconds, tier) in enumerate(plan, start=1):
        when = at(opened + timedelta(seconds=seconds))
        link = next_link(link, seq, who, when, tier)
        links.append(link)
        arrivals.append({"seq": seq, "entrant": who, "at": when, "tier": tier, "link": link})
    units: list[Any] = [{"serial": 1, "entrant": sponsor[0], "via": "guaranteed", "at": at(opened)}]
    units += [
        {"serial": n, "entrant": a["entrant"], "via": "fcfs", "at": a["at"]}
        for n, a in enumerate(arrivals[:3], start=2)
    ]
    lapse_at = datetime.fromisoformat(units[1]["at"]) + DAY
    t = ArrivalTranscript(
        drop_id="fcfs",
        title="First come, first served",
        supply=4,
        cap_per_person=1,
        opened_at=at(opened),
        closes_at=at(closes),
        tiers=[{"name": n, "opens_after_seconds": s} for n, s in tiers],
        arrivals_head=link,
        arrivals=arrivals,
        guaranteed_digest=guaranteed_digest(sponsor),
        guaranteed_committed=sponsor,
        units=units,
        claim_window_seconds=86_400,
        rerolls=[
            {
                "serial": 2,
                "from_entrant": people[0],
                "to_entrant": people[3],
                "at": at(lapse_at),
                "reason": "claim window expired",
            }
        ],
        holders=[
            {"serial": 1, "entrant": sponsor[0], "claimed": True},
            {"serial": 2, "entrant": people[3], "claimed": False},
            {"serial": 3, "entrant": people[1], "claimed": True},
            {"serial": 4, "entrant": people[2], "claimed": True},
        ],
    )
    problems = verify_arrivals(t)
    assert not problems, problems
    link_inputs = [
        f"{links[i]}\n{a['seq']}\t{a['entrant']}\t{a['at']}\t{a['tier']}\n".encode().hex()
        for i, a in enumerate(arrivals)
    ]
    return {
        "name": "first-come",
        "description": "A first-come drop: one guaranteed unit, then units in arrival order to "
        "the first three arrivals (subscribers from the open, everyone two minutes later), the "
        "fourth arrival getting serial 2 when its holder's claim window lapses.",
        "transcript": json.loads(t.to_json()),
        "expected": {
            "chain_start": chain_start(),
            "link_inputs_hex": link_inputs,
            "links": links[1:],
            "arrivals_head": link,
            "guaranteed_digest": t.guaranteed_digest,
            "holders": [[h["serial"], h["entrant"]] for h in t.holders],
            "verdict": "OK",
        },
    }


BUILDERS: tuple[Callable[[], Doc], ...] = (
    *(partial(lottery_case, case) for case in LOTTERIES),
    first_come,
)


def vectors() -> dict[str, str]:
    """Every vector file's name and text, as this script writes them."""
    out = {}
    for build in BUILDERS:
        vector = build()
        out[f"{vector['name']}.json"] = json.dumps(vector, indent=1, ensure_ascii=False) + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    made = vectors()
    if args.check:
        stale = [
            name
            for name, text in made.items()
            if not (VECTORS / name).is_file() or (VECTORS / name).read_text("utf-8") != text
        ]
        extra = sorted({p.name for p in VECTORS.glob("*.json")} - made.keys())
        for name in stale:
            print(f"{VECTORS / name}: differs from what scripts/draw_vectors.py makes")
        for name in extra:
            print(f"{VECTORS / name}: not made by scripts/draw_vectors.py")
        return 1 if stale or extra else 0
    VECTORS.mkdir(parents=True, exist_ok=True)
    for name, text in made.items():
        (VECTORS / name).write_text(text, encoding="utf-8")
        print(f"wrote {VECTORS / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
