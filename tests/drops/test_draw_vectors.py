"""The test vectors of docs/draw-spec.md (docs/vectors/*.json) agree with the implementation,
and are exactly what scripts/draw_vectors.py makes from it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from bot.beacon.signatures import check_signature
from bot.drops.arrivals import ArrivalTranscript, chain_start, next_link
from bot.drops.beacon import QUICKNET, CommittedRound
from bot.drops.drawinput import commitment_v2, stream_input_v2
from bot.drops.guarantees import guaranteed_digest
from bot.drops.lottery import (
    commitment,
    draw_order,
    entry_list_hash,
    random_words,
    stream_input,
)
from bot.drops.transcript import Transcript
from bot.drops.verify import draw_binding, verify_transcript
from bot.drops.verify_arrivals import verify_arrivals

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "docs" / "vectors"
FILES = sorted(VECTORS.glob("*.json"))
LOTTERIES = [p for p in FILES if json.loads(p.read_text("utf-8"))["transcript"]["mode"] != "fcfs"]


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def the_script() -> Any:
    spec = importlib.util.spec_from_file_location("draw_vectors", ROOT / "scripts/draw_vectors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_kind_of_draw_the_spec_names_has_a_vector() -> None:
    names = {load(p)["name"] for p in FILES}
    assert names == {
        "small-lottery-v1",
        "tiers-v2",
        "guaranteed-v2",
        "rerolls-v2",
        "beacon-v2",
        "first-come",
    }


def test_the_vector_files_are_what_the_script_makes() -> None:
    made = the_script().vectors()
    assert sorted(made) == [p.name for p in FILES]
    for path in FILES:
        assert path.read_text("utf-8") == made[path.name], f"{path.name} is stale"


@pytest.mark.parametrize("path", LOTTERIES, ids=lambda p: p.stem)
def test_the_implementation_computes_every_value_of_the_lottery_vector(path: Path) -> None:
    vector = load(path)
    expected, doc = vector["expected"], vector["transcript"]
    t = Transcript.from_dict(doc)
    seed = bytes.fromhex(t.seed_hex)

    assert bytes.fromhex(expected["entry_list_encoding_hex"]) == "".join(
        f"{e.entrant}\t{e.weight}\n" for e in t.entries
    ).encode("utf-8")
    assert entry_list_hash(t.entries) == expected["entry_list_hash"] == t.entry_list_hash
    binding = None
    if t.version == 1:
        assert commitment(seed) == expected["commitment"] == t.commitment
        data = stream_input(seed, t.entry_list_hash, t.beacon)
    else:
        drand = t.drand
        committed = (
            CommittedRound(QUICKNET.placed(drand["genesis"], drand["period"]), drand["round"])
            if drand
            else None
        )
        assert t.guaranteed_digest is not None and t.claim_window_seconds is not None
        assert guaranteed_digest(t.guaranteed_committed or []) == t.guaranteed_digest
        assert (
            commitment_v2(
                seed,
                committed,
                guaranteed_digest=t.guaranteed_digest,
                claim_window_seconds=t.claim_window_seconds,
            )
            == expected["commitment"]
            == t.commitment
        )
        binding = draw_binding(t)
        assert binding is not None
        data = stream_input_v2(seed, t.entry_list_hash, binding)
    assert data.hex() == expected["stream_input_hex"]
    words = random_words(seed, t.entry_list_hash, t.beacon, binding=binding)
    assert [str(next(words)) for _ in expected["first_words"]] == expected["first_words"]
    order = draw_order(seed, t.entry_list_hash, t.beacon, t.entries, binding)
    assert order == expected["order"]
    names = [e.entrant for e in t.entries]
    drawn = expected["drawn_units"]
    assert [names[i] for i in order[:drawn]] == expected["winners"] == t.winners
    assert [names[i] for i in order[drawn:]] == expected["waitlist"] == t.waitlist

    assert verify_transcript(t, check_signature=check_signature) == []


def test_the_beacon_vector_is_a_genuine_quicknet_round_on_the_pinned_chain() -> None:
    drand = load(VECTORS / "beacon-v2.json")["transcript"]["drand"]
    assert (drand["chain_hash"], drand["genesis"], drand["period"]) == (
        QUICKNET.chain_hash,
        QUICKNET.genesis,
        QUICKNET.period,
    )
    assert check_signature(QUICKNET, drand["round"], drand["signature"]) == drand["randomness"]


def test_the_first_come_vector_chains_and_verifies() -> None:
    vector = load(VECTORS / "first-come.json")
    expected = vector["expected"]
    t = ArrivalTranscript.from_dict(vector["transcript"])
    link = chain_start()
    assert link == expected["chain_start"]
    links = []
    for a in t.arrivals:
        link = next_link(link, a["seq"], a["entrant"], a["at"], a["tier"])
        links.append(link)
    assert links == expected["links"] == [a["link"] for a in t.arrivals]
    assert link == expected["arrivals_head"] == t.arrivals_head
    assert verify_arrivals(t) == []


def test_a_vector_with_another_winner_fails_the_check() -> None:
    # The comparison above can fail: a vector whose winners were swapped does not verify.
    doc = load(VECTORS / "tiers-v2.json")["transcript"]
    doc["winners"][0], doc["waitlist"][0] = doc["waitlist"][0], doc["winners"][0]
    assert verify_transcript(Transcript.from_dict(doc)) != []
