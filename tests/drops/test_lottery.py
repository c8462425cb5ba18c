"""Behaviour of the fair draw's maths: hashing, the random stream and the draw order."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.drops import lottery as lottery_module
from bot.drops.lottery import (
    MAX_WEIGHT,
    DrawEntry,
    DrawResult,
    commitment,
    draw,
    draw_order,
    entry_list_hash,
    new_seed,
    random_words,
    stream_input,
    uniform,
)

SEED = bytes(range(32))
OTHER_SEED = bytes(range(1, 33))
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, database=None)


def entries_of(*pairs: tuple[str, int]) -> list[DrawEntry]:
    return [DrawEntry(name, weight) for name, weight in pairs]


def plain_entries(n: int) -> list[DrawEntry]:
    return [DrawEntry(f"user-{i}") for i in range(n)]


# --- A reference implementation written straight from the specification, deliberately naive. ---


def reference_words(seed: bytes, entry_hash: str, beacon: str | None) -> Iterator[int]:
    data = (
        b"fairdrop/draw/v1\n"
        + seed.hex().encode("ascii")
        + b"\n"
        + entry_hash.encode("ascii")
        + b"\n"
        + (beacon or "").encode("utf-8")
    )
    count = 256
    position = 0
    while True:
        stream = hashlib.shake_256(data).digest(8 * count)
        while position < count:
            yield int.from_bytes(stream[8 * position : 8 * position + 8], "little")
            position += 1
        count *= 2


def reference_order(words: Iterator[int], weights: list[int]) -> list[int]:
    def uniform_below(m: int) -> int:
        limit = 2**64 - 2**64 % m
        while True:
            x = next(words)
            if x < limit:
                return x % m

    class_weights = sorted(set(weights), reverse=True)
    classes = [[i for i, w in enumerate(weights) if w == cw] for cw in class_weights]
    for members in classes:
        for i in range(len(members) - 1, 0, -1):
            j = uniform_below(i + 1)
            members[i], members[j] = members[j], members[i]
    taken = [0] * len(classes)
    order: list[int] = []
    while sum(1 for k, members in enumerate(classes) if taken[k] < len(members)) > 1:
        widths = [cw * (len(m) - t) for cw, m, t in zip(class_weights, classes, taken, strict=True)]
        x = uniform_below(sum(widths))
        k = 0
        while x >= widths[k]:
            x -= widths[k]
            k += 1
        order.append(classes[k][taken[k]])
        taken[k] += 1
    for k, members in enumerate(classes):
        order.extend(members[taken[k] :])
    return order


def reference_hash(entries: list[DrawEntry]) -> str:
    text = "".join(f"{e.entrant}\t{e.weight}\n" for e in entries)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


weights_strategy = st.lists(st.sampled_from([1, 1, 1, 2, 3, 5, 10]), max_size=60)


# --- Seeds, commitments and the entry-list hash ---


def test_new_seed_is_32_bytes_from_the_given_source() -> None:
    assert new_seed(lambda n: b"\x07" * n) == b"\x07" * 32
    assert len(new_seed()) == 32
    assert new_seed() != new_seed()


def test_seed_source_returning_the_wrong_length_is_rejected() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        new_seed(lambda n: b"\x00" * (n - 1))


def test_commitment_is_the_sha256_hex_of_the_seed() -> None:
    assert commitment(SEED) == hashlib.sha256(SEED).hexdigest()


def test_entry_hash_is_sha256_of_tab_separated_lines() -> None:
    entries = entries_of(("ann", 1), ("bob", 3))
    assert entry_list_hash(entries) == hashlib.sha256(b"ann\t1\nbob\t3\n").hexdigest()


def test_empty_entry_list_hashes_to_sha256_of_nothing() -> None:
    assert entry_list_hash([]) == hashlib.sha256(b"").hexdigest()


def test_entry_hash_encodes_non_ascii_ids_as_utf8() -> None:
    entries = entries_of(("zoë", 2), ("ann", 2))
    assert entry_list_hash(entries) == hashlib.sha256("zoë\t2\nann\t2\n".encode()).hexdigest()


def test_entry_hash_of_a_long_mixed_list_matches_the_reference() -> None:
    # Longer than one internal batch, with uniform and mixed-weight batches.
    entries = [DrawEntry(f"u{i}", 1) for i in range(70_000)]
    entries += [DrawEntry(f"v{i}", 1 + i % 3) for i in range(70_000)]
    assert entry_list_hash(entries) == reference_hash(entries)


def test_changing_one_entry_changes_the_entry_hash() -> None:
    entries = plain_entries(10)
    renamed = [*entries[:4], DrawEntry("user-x"), *entries[5:]]
    reweighted = [*entries[:4], DrawEntry("user-4", 2), *entries[5:]]
    reordered = [entries[1], entries[0], *entries[2:]]
    hashes = {entry_list_hash(e) for e in (entries, renamed, reweighted, reordered)}
    assert len(hashes) == 4


@pytest.mark.parametrize("bad", ["", "a\tb", "a\nb", "a\r\nb", "line\u2028break", "\ud800"])
def test_entrant_with_separators_or_unencodable_text_is_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="entrant"):
        DrawEntry(bad)


@pytest.mark.parametrize("bad", [0, -1, MAX_WEIGHT + 1, True, 1.0])
def test_weight_outside_positive_int_range_is_rejected(bad: object) -> None:
    with pytest.raises(ValueError, match="weight"):
        DrawEntry("ann", bad)  # type: ignore[arg-type]


def test_entry_weight_defaults_to_one() -> None:
    assert DrawEntry("ann").weight == 1


# --- The random stream ---


def test_stream_input_is_domain_separated_and_documented() -> None:
    entry_hash = entry_list_hash([])
    assert stream_input(SEED, entry_hash, "r1") == (
        b"fairdrop/draw/v1\n" + SEED.hex().encode() + b"\n" + entry_hash.encode() + b"\nr1"
    )


def test_stream_is_shake256_read_as_little_endian_words() -> None:
    entry_hash = entry_list_hash([])
    expected = hashlib.shake_256(stream_input(SEED, entry_hash, None)).digest(8 * 3)
    words = random_words(SEED, entry_hash, None, first_chunk=1)
    got = [next(words) for _ in range(3)]
    assert got == [int.from_bytes(expected[i : i + 8], "little") for i in (0, 8, 16)]


def test_stream_does_not_depend_on_chunk_size() -> None:
    entry_hash = entry_list_hash([])
    small = random_words(SEED, entry_hash, "b", first_chunk=1)
    large = random_words(SEED, entry_hash, "b", first_chunk=5000)
    assert [next(small) for _ in range(3000)] == [next(large) for _ in range(3000)]


def test_uniform_rejects_words_at_or_above_the_limit() -> None:
    # 2**64 % 3 == 1, so the limit is 2**64 - 1 and that single top word is rejected.
    assert uniform(iter([2**64 - 1, 7]), 3) == 1
    assert uniform(iter([2**64 - 2]), 3) == (2**64 - 2) % 3


def test_uniform_accepts_every_word_for_powers_of_two() -> None:
    assert uniform(iter([2**64 - 1]), 8) == 7
    assert uniform(iter([2**64 - 1]), 2**64) == 2**64 - 1
    assert uniform(iter([12345]), 1) == 0


@pytest.mark.parametrize("bad", [0, -5, 2**64 + 1])
def test_uniform_rejects_an_empty_or_too_large_range(bad: int) -> None:
    with pytest.raises(ValueError, match="m must be"):
        uniform(iter([1]), bad)


# --- The draw order ---


def test_same_seed_and_entries_give_the_same_winners() -> None:
    entries = entries_of(*((f"u{i}", 1 + i % 3) for i in range(50)))
    assert draw(SEED, entries, 5, "r") == draw(SEED, entries, 5, "r")


def test_different_seed_gives_different_order() -> None:
    entries = plain_entries(50)
    assert draw(SEED, entries, 5)[1].order != draw(OTHER_SEED, entries, 5)[1].order


def test_beacon_changes_the_order() -> None:
    entries = plain_entries(50)
    orders = {tuple(draw(SEED, entries, 5, beacon)[1].order) for beacon in (None, "r1", "r2")}
    assert len(orders) == 3


def test_missing_beacon_equals_empty_beacon() -> None:
    entries = plain_entries(20)
    assert draw(SEED, entries, 3, None) == draw(SEED, entries, 3, "")


def test_draw_matches_a_pinned_vector() -> None:
    # Pins the algorithm itself: any change here breaks every published transcript.
    entries = entries_of(
        ("ann", 1), ("bob", 3), ("cy", 1), ("dee", 2), ("eve", 3),
        ("fay", 1), ("gus", 2), ("hal", 1), ("ivy", 3), ("jo", 1),
    )  # fmt: skip
    entry_hash, result = draw(SEED, entries, 3, "round-42")
    assert entry_hash == "b89c4e98c23d9ce53f3c1f8cca7d783ff21ad8879fd87e5252f8ad11307bf724"
    assert result.order == [8, 1, 0, 4, 3, 6, 7, 2, 5, 9]


def test_order_is_a_permutation_of_all_entries() -> None:
    entries = entries_of(*((f"u{i}", 1 + i % 4) for i in range(1000)))
    _, result = draw(SEED, entries, 10)
    assert sorted(result.order) == list(range(1000))


def test_winners_are_the_first_supply_of_the_order_and_the_rest_wait() -> None:
    _, result = draw(SEED, plain_entries(10), 3)
    assert result.winners == result.order[:3]
    assert result.waitlist == result.order[3:]


def test_zero_supply_puts_everyone_on_the_waitlist() -> None:
    _, result = draw(SEED, plain_entries(5), 0)
    assert result.winners == []
    assert sorted(result.waitlist) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("supply", [5, 6, 1000])
def test_supply_at_least_the_entry_count_makes_everyone_win(supply: int) -> None:
    _, result = draw(SEED, plain_entries(5), supply)
    assert sorted(result.winners) == [0, 1, 2, 3, 4]
    assert result.waitlist == []


def test_no_entries_gives_no_winners() -> None:
    assert draw(SEED, [], 3) == (hashlib.sha256(b"").hexdigest(), DrawResult([], [], []))


def test_single_entry_wins() -> None:
    assert draw(SEED, plain_entries(1), 1)[1].winners == [0]


@pytest.mark.parametrize("supply", [-1, True, 1.5])
def test_invalid_supply_is_rejected(supply: object) -> None:
    with pytest.raises(ValueError, match="supply"):
        draw(SEED, plain_entries(3), supply)  # type: ignore[arg-type]


def test_seed_must_be_32_bytes() -> None:
    with pytest.raises(ValueError, match="seed"):
        draw(b"short", plain_entries(3), 1)


def test_entry_hash_must_be_lowercase_hex() -> None:
    with pytest.raises(ValueError, match="entry_hash"):
        draw_order(SEED, "AB" * 32, None, plain_entries(3))


def test_many_distinct_weights_match_the_reference() -> None:
    entries = [DrawEntry(f"u{i}", 1 + i % 40) for i in range(400)]
    entry_hash = entry_list_hash(entries)
    expected = reference_order(reference_words(SEED, entry_hash, None), [e.weight for e in entries])
    assert draw_order(SEED, entry_hash, None, entries) == expected


def test_heavier_entrants_tend_to_come_first() -> None:
    entries = [DrawEntry(f"light{i}", 1) for i in range(500)]
    entries += [DrawEntry(f"heavy{i}", 10) for i in range(500)]
    _, result = draw(SEED, entries, 100)
    heavy_winners = sum(1 for i in result.winners if i >= 500)
    assert heavy_winners > 80


def test_rejected_words_are_skipped_in_shuffle_and_sampling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Real streams almost never hit the rejection limit, so feed one that does all the time:
    # every third word is at the very top of the 64-bit range.
    def crafted() -> Iterator[int]:
        counter = 0
        while True:
            counter += 1
            if counter % 3 == 0:
                yield 2**64 - 1 - counter % 4
            else:
                digest = hashlib.sha256(counter.to_bytes(8, "little")).digest()
                yield int.from_bytes(digest[:8], "little")

    monkeypatch.setattr(lottery_module, "random_words", lambda *args, **kwargs: crafted())
    for weights in ([1] * 9, [3, 1, 2, 1, 3, 3, 2, 1, 1, 5], [2, 1] * 12):
        entries = [DrawEntry(f"u{i}", w) for i, w in enumerate(weights)]
        expected = reference_order(crafted(), weights)
        assert draw_order(SEED, entry_list_hash(entries), None, entries) == expected


@PROPERTY_SETTINGS
@given(weights=weights_strategy, seed=st.binary(min_size=32, max_size=32))
def test_order_is_always_a_permutation(weights: list[int], seed: bytes) -> None:
    entries = [DrawEntry(f"e{i}", w) for i, w in enumerate(weights)]
    _, result = draw(seed, entries, 3)
    assert sorted(result.order) == list(range(len(entries)))


@PROPERTY_SETTINGS
@given(
    weights=weights_strategy,
    seed=st.binary(min_size=32, max_size=32),
    beacon=st.none() | st.text(max_size=20),
    supply=st.integers(min_value=0, max_value=70),
)
def test_draw_is_deterministic(
    weights: list[int], seed: bytes, beacon: str | None, supply: int
) -> None:
    entries = [DrawEntry(f"e{i}", w) for i, w in enumerate(weights)]
    assert draw(seed, entries, supply, beacon) == draw(seed, list(entries), supply, beacon)


@PROPERTY_SETTINGS
@given(
    weights=weights_strategy,
    seed=st.binary(min_size=32, max_size=32),
    beacon=st.none() | st.text(max_size=20),
)
def test_optimised_order_matches_the_reference_implementation(
    weights: list[int], seed: bytes, beacon: str | None
) -> None:
    entries = [DrawEntry(f"e{i}", w) for i, w in enumerate(weights)]
    entry_hash = entry_list_hash(entries)
    assert entry_hash == reference_hash(entries)
    expected = reference_order(reference_words(seed, entry_hash, beacon), weights)
    assert draw_order(seed, entry_hash, beacon, entries) == expected
