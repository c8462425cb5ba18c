"""Transcripts of the fair draw: written, read back, and verified from what they publish."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.drops.lottery import DrawEntry, commitment, draw, entry_list_hash
from bot.drops.transcript import Transcript, TranscriptError
from bot.drops.verify import verify_transcript

SEED = bytes(range(32))
OTHER_SEED = bytes(range(1, 33))
DRAWN_AT = "2025-06-01T18:30:00+00:00"


def entries_of(*pairs: tuple[str, int]) -> list[DrawEntry]:
    return [DrawEntry(name, weight) for name, weight in pairs]


def plain_entries(n: int) -> list[DrawEntry]:
    return [DrawEntry(f"user-{i}") for i in range(n)]


def transcript_for(
    entries: list[DrawEntry], supply: int, seed: bytes = SEED, beacon: str | None = "round-7"
) -> Transcript:
    entry_hash, result = draw(seed, entries, supply, beacon)
    return Transcript.from_draw(
        drop_id="drop-1",
        title="Three keys",
        mode="raffle",
        supply=supply,
        seed=seed,
        beacon=beacon,
        entries=entries,
        entry_hash=entry_hash,
        result=result,
        drawn_at=DRAWN_AT,
    )


# --- Transcripts ---


def test_transcript_round_trip_verifies_ok() -> None:
    entries = entries_of(*((f"u{i}", 1 + i % 3) for i in range(12)))
    transcript = transcript_for(entries, 3)
    again = Transcript.from_json(transcript.to_json())
    assert again == transcript
    assert verify_transcript(again) == []


def test_transcript_writes_entries_as_compact_pairs() -> None:
    text = transcript_for(entries_of(("ann", 1), ("bob", 3)), 1).to_json()
    assert '    ["ann", 1],\n    ["bob", 3]\n' in text
    assert json.loads(text)["entries"] == [["ann", 1], ["bob", 3]]


def test_transcript_with_rerolls_round_trips_and_verifies() -> None:
    transcript = transcript_for(plain_entries(6), 2)
    transcript.rerolls.append(
        {
            "serial": 1,
            "from_entrant": transcript.winners[0],
            "to_entrant": transcript.waitlist[0],
            "at": "2025-06-01T19:00:00Z",
            "reason": "did not claim",
        }
    )
    again = Transcript.from_json(transcript.to_json())
    assert again.rerolls == transcript.rerolls
    assert verify_transcript(again) == []


def test_tampered_winner_is_reported_with_its_position() -> None:
    transcript = transcript_for(plain_entries(10), 3)
    winners = list(transcript.winners)
    expected = winners[1]
    winners[1] = transcript.waitlist[0]
    tampered = replace(transcript, winners=winners)
    assert verify_transcript(tampered) == [
        f'winners differ at winners[1]: expected "{expected}", transcript says '
        f'"{winners[1]}" (expected 3 winners, transcript has 3)'
    ]


def test_missing_winner_is_reported_with_counts() -> None:
    transcript = transcript_for(plain_entries(10), 3)
    short = replace(transcript, winners=transcript.winners[:2])
    assert verify_transcript(short) == [
        f'winners differ at winners[2]: expected "{transcript.winners[2]}", transcript says '
        "nothing (expected 3 winners, transcript has 2)"
    ]


def test_reordered_waitlist_is_reported() -> None:
    transcript = transcript_for(plain_entries(10), 3)
    waitlist = list(transcript.waitlist)
    waitlist[2], waitlist[3] = waitlist[3], waitlist[2]
    problems = verify_transcript(replace(transcript, waitlist=waitlist))
    assert problems == [
        f'waitlist differ at waitlist[2]: expected "{waitlist[3]}", transcript says '
        f'"{waitlist[2]}" (expected 7 on the waitlist, transcript has 7)'
    ]


def test_seed_not_matching_commitment_is_reported() -> None:
    transcript = transcript_for(plain_entries(5), 1)
    forged = replace(transcript, commitment=commitment(OTHER_SEED))
    assert verify_transcript(forged) == [
        f"seed does not match commitment: sha256(seed) is {commitment(SEED)}, "
        f"commitment is {commitment(OTHER_SEED)}"
    ]


def test_changed_entry_list_is_reported_as_hash_difference() -> None:
    transcript = transcript_for(plain_entries(5), 1)
    entries = [*transcript.entries, DrawEntry("late-joiner")]
    problems = verify_transcript(replace(transcript, entries=entries))
    assert problems[0] == (
        f"entry-list hash differs: expected {entry_list_hash(entries)}, "
        f"transcript says {transcript.entry_list_hash}"
    )


def test_different_seed_revealed_is_caught_by_commitment_and_winners() -> None:
    transcript = transcript_for(plain_entries(30), 3)
    swapped = replace(transcript, seed_hex=OTHER_SEED.hex())
    problems = verify_transcript(swapped)
    assert problems[0].startswith("seed does not match commitment")
    assert any(p.startswith("winners differ") for p in problems)


def test_duplicate_entrants_are_reported() -> None:
    entries = entries_of(("ann", 1), ("bob", 1), ("ann", 2), ("cy", 1), ("cy", 1), ("cy", 1))
    problems = verify_transcript(transcript_for(entries, 2))
    assert problems == [
        'duplicate entrants: "ann" at entries[0] and entries[2] '
        "(and 1 more entrants appear more than once)"
    ]


def test_reroll_skipping_the_waitlist_order_is_reported() -> None:
    transcript = transcript_for(plain_entries(6), 2)
    transcript.rerolls.append(
        {
            "serial": 1,
            "from_entrant": transcript.winners[0],
            "to_entrant": transcript.waitlist[1],
            "at": "2025-06-01T19:00:00Z",
            "reason": "did not claim",
        }
    )
    assert verify_transcript(transcript) == [
        f'rerolls[0]: to_entrant is "{transcript.waitlist[1]}", expected the next on the '
        f'waitlist, "{transcript.waitlist[0]}"'
    ]


def test_reroll_from_someone_not_holding_that_serial_is_reported() -> None:
    transcript = transcript_for(plain_entries(3), 2)
    transcript.rerolls.append(
        {
            "serial": 1,
            "from_entrant": transcript.waitlist[0],
            "to_entrant": transcript.waitlist[0],
            "at": "2025-06-01T19:00:00Z",
            "reason": "oops",
        }
    )
    transcript.rerolls.append(
        {
            "serial": 3,
            "from_entrant": transcript.winners[0],
            "to_entrant": None,
            "at": "2025-06-01T19:05:00Z",
            "reason": "did not claim",
        }
    )
    assert verify_transcript(transcript) == [
        f'rerolls[0]: from_entrant "{transcript.waitlist[0]}" does not hold serial 1 '
        f'(its holder is "{transcript.winners[0]}")',
        "rerolls[1]: serial 3 is not one of the drawn serials",
    ]


def test_two_rerolls_of_one_serial_follow_its_holders() -> None:
    transcript = transcript_for(plain_entries(6), 2)
    first, second = transcript.waitlist[0], transcript.waitlist[1]
    for source, target in ((transcript.winners[1], first), (first, second)):
        transcript.rerolls.append(
            {
                "serial": 2,
                "from_entrant": source,
                "to_entrant": target,
                "at": "2025-06-01T19:00:00Z",
                "reason": "claim window expired",
            }
        )
    assert verify_transcript(transcript) == []


def valid_json() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(transcript_for(plain_entries(4), 2).to_json())
    return loaded


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 3}, "version: unsupported transcript version 3"),
        ({"supply": -1}, "supply: must be a non-negative integer, got -1"),
        ({"supply": "3"}, "supply: must be a non-negative integer, got '3'"),
        ({"seed_hex": "zz"}, "seed_hex: must be 64 lowercase hex characters"),
        ({"commitment": "AB" * 32}, "commitment: must be 64 lowercase hex characters"),
        ({"beacon": 5}, "beacon: must be a string, got 5"),
        ({"title": None}, "title: must be a string, got null"),
        ({"entries": {}}, "entries: must be a list, got dict"),
        ({"entries": [["ann", 1], ["bob"]]}, "entries[1]: must be an [entrant, weight] pair"),
        ({"entries": [["ann", 0]]}, "entries[0]: weight must be an integer in 1..4294967295"),
        ({"entries": [["a\tb", 1]]}, "entries[0]: entrant must not contain tabs or line"),
        ({"winners": ["ann", 3]}, "winners[1]: must be a string, got 3"),
        ({"drawn_at": "yesterday"}, 'drawn_at: not an ISO 8601 timestamp: "yesterday"'),
        ({"drawn_at": "2025-06-01T18:30:00"}, "drawn_at: timestamp needs a UTC offset"),
        ({"rerolls": [{"serial": 1}]}, "rerolls[0].at: missing"),
        ({"surprise": 1}, "surprise: unknown field"),
    ],
)
def test_malformed_transcript_names_the_bad_field(change: dict[str, object], message: str) -> None:
    data = {**valid_json(), **change}
    with pytest.raises(TranscriptError) as caught:
        Transcript.from_json(json.dumps(data))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_missing_field_is_named() -> None:
    data = valid_json()
    del data["seed_hex"]
    with pytest.raises(TranscriptError, match=r"^seed_hex: missing$"):
        Transcript.from_json(json.dumps(data))


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", "null"])
def test_non_object_transcript_is_rejected(text: str) -> None:
    with pytest.raises(TranscriptError, match="transcript"):
        Transcript.from_json(text)


def test_transcript_error_is_a_value_error() -> None:
    assert issubclass(TranscriptError, ValueError)
