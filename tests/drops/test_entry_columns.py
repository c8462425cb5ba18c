"""A transcript holds its entry list as two columns, not one object per entry: what keeps
`fairdrop verify-draw` on a million entries under its memory target (issue 20)."""

from __future__ import annotations

import gc

import pytest

from bot.drops.lottery import DrawEntries, DrawEntry, draw_order, entry_list_hash
from bot.drops.transcript import Transcript
from bot.drops.verify import verify_transcript
from tests.drops.test_transcript import transcript_for

SEED = bytes(range(32))


def mixed(n: int) -> list[DrawEntry]:
    return [DrawEntry(f"fan-{i:05d}", (3, 2, 1)[i % 3]) for i in range(n)]


def test_reading_a_transcript_keeps_no_object_per_entry() -> None:
    text = transcript_for(mixed(20_000), 50).to_json()
    gc.collect()
    before = len(gc.get_objects())
    read = Transcript.from_json(text)
    gc.collect()
    grown = len(gc.get_objects()) - before
    # One DrawEntry (or one JSON pair) per entry would be 20,000 more tracked objects.
    assert grown < 1_000, grown
    assert isinstance(read.entries, DrawEntries)
    assert verify_transcript(read) == []


def test_columns_hash_and_draw_as_the_entry_objects_do() -> None:
    entries = mixed(3_001)
    held = DrawEntries.of(entries)
    assert entry_list_hash(held) == entry_list_hash(entries)
    entry_hash = entry_list_hash(entries)
    assert draw_order(SEED, entry_hash, None, held) == draw_order(SEED, entry_hash, None, entries)
    one_weight = [DrawEntry(f"fan-{i}") for i in range(100_000)]  # more than one hash batch
    assert entry_list_hash(DrawEntries.of(one_weight)) == entry_list_hash(one_weight)


def test_columns_read_as_a_sequence_of_entries() -> None:
    entries = mixed(5)
    held = DrawEntries([e.entrant for e in entries], [e.weight for e in entries])
    assert list(held) == entries and len(held) == 5
    assert held[1] == entries[1] and held[-1] == entries[-1]
    assert held[1:3] == DrawEntries.of(entries[1:3])
    assert held != DrawEntries.of(entries[:4])


def test_a_transcript_given_entry_objects_holds_them_as_columns() -> None:
    transcript = transcript_for(mixed(9), 2)
    assert isinstance(transcript.entries, DrawEntries)
    assert Transcript.from_json(transcript.to_json()) == transcript


@pytest.mark.parametrize(
    ("entrants", "weights", "refusal"),
    [
        (["ann", ""], [1, 1], "entrant must be a non-empty string"),
        (["ann", "b\tc"], [1, 1], "must not contain tabs or line breaks"),
        (["ann", "bob"], [1, 0], "weight must be an integer in 1..4294967295"),
        (["ann", "bob"], [1, True], "weight must be an integer"),
        (["ann"], [1, 2], "1 entrants but 2 weights"),
    ],
)
def test_columns_refuse_what_an_entry_refuses(
    entrants: list[str], weights: list[int], refusal: str
) -> None:
    with pytest.raises(ValueError, match=refusal):
        DrawEntries(entrants, weights)
