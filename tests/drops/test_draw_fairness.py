"""Statistical checks that the draw is fair: uniform without weights, proportional with them.

Each test runs many draws whose seeds are derived from a counter with SHA-256, so the outcome is
fixed (no flakiness) while the seeds are still unrelated to each other. A chi-square goodness of
fit test compares the observed counts with the exact expected probabilities; p > 0.01 fails only
if the draw is biased (or for an unlucky 1% of seed families, which the fixed seeds rule out once
the test has passed).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction
from itertools import combinations, permutations
from typing import Any

import pytest
from scipy.stats import chisquare

from bot.drops.lottery import DrawEntry, draw_order, entry_list_hash

pytestmark = pytest.mark.slow

DRAWS = 20_000
MIN_P = 0.01


def seed_for(label: str, counter: int) -> bytes:
    return hashlib.sha256(f"fairdrop-fairness/{label}/{counter}".encode()).digest()


def orders(label: str, entries: list[DrawEntry], draws: int = DRAWS) -> list[list[int]]:
    # draw_order with a precomputed hash: the entry list is the same for every draw, only the
    # seed changes, so re-hashing it each time would only slow the test down.
    entry_hash = entry_list_hash(entries)
    return [draw_order(seed_for(label, i), entry_hash, None, entries) for i in range(draws)]


def chi_square_p(observed: Mapping[Any, int], expected: Mapping[Any, Fraction]) -> float:
    assert set(observed) <= set(expected), "an outcome with probability 0 happened"
    assert sum(expected.values()) == 1
    total = sum(observed.values())
    keys = list(expected)
    result = chisquare(
        [observed.get(k, 0) for k in keys], [float(expected[k] * total) for k in keys]
    )
    return float(result.pvalue)


def sequential_probability(weights: Sequence[int], picks: Sequence[int]) -> Fraction:
    """Exact probability that weighted sampling without replacement starts with ``picks``."""
    probability = Fraction(1)
    remaining = sum(weights)
    for i in picks:
        probability *= Fraction(weights[i], remaining)
        remaining -= weights[i]
    return probability


def test_every_entrant_is_equally_likely_to_win_a_single_prize() -> None:
    entries = [DrawEntry(f"u{i}") for i in range(10)]
    observed = Counter(order[0] for order in orders("single-prize", entries))
    expected = {i: Fraction(1, 10) for i in range(10)}
    assert chi_square_p(observed, expected) > MIN_P


def test_every_set_of_three_winners_is_equally_likely() -> None:
    entries = [DrawEntry(f"u{i}") for i in range(10)]
    observed = Counter(frozenset(order[:3]) for order in orders("three-prizes", entries))
    sets = [frozenset(c) for c in combinations(range(10), 3)]
    expected = {s: Fraction(1, len(sets)) for s in sets}
    assert chi_square_p(observed, expected) > MIN_P


def test_each_entrant_wins_one_of_three_prizes_equally_often() -> None:
    entries = [DrawEntry(f"u{i}") for i in range(10)]
    observed = Counter(i for order in orders("three-prizes", entries) for i in order[:3])
    # Winners within one draw are distinct, which makes per-entrant counts slightly less spread
    # than the chi-square test assumes; that only makes the test more lenient, never flaky.
    expected = {i: Fraction(1, 10) for i in range(10)}
    assert chi_square_p(observed, expected) > MIN_P


def test_shuffle_makes_every_order_equally_likely() -> None:
    # Fisher-Yates position uniformity: with one weight class the whole order is the shuffle,
    # and all 5! = 120 orders must be equally likely.
    entries = [DrawEntry(f"u{i}") for i in range(5)]
    observed = Counter(tuple(order) for order in orders("shuffle", entries))
    expected = {p: Fraction(1, 120) for p in permutations(range(5))}
    assert chi_square_p(observed, expected) > MIN_P


def test_shuffle_puts_each_entrant_in_each_position_equally_often() -> None:
    entries = [DrawEntry(f"u{i}") for i in range(8)]
    observed = Counter(
        (position, i) for order in orders("positions", entries) for position, i in enumerate(order)
    )
    expected = {(p, i): Fraction(1, 64) for p in range(8) for i in range(8)}
    assert chi_square_p(observed, expected) > MIN_P


def test_heavier_class_gets_its_weighted_share_of_first_picks() -> None:
    # Two entrants of weight 3 and three of weight 1: the heavy class holds 6 of 9 tickets.
    weights = [3, 1, 3, 1, 1]
    entries = [DrawEntry(f"u{i}", w) for i, w in enumerate(weights)]
    firsts = [order[0] for order in orders("first-pick", entries)]
    by_class = Counter(weights[i] for i in firsts)
    assert chi_square_p(by_class, {3: Fraction(6, 9), 1: Fraction(3, 9)}) > MIN_P
    by_entrant = Counter(firsts)
    expected = {i: Fraction(w, 9) for i, w in enumerate(weights)}
    assert chi_square_p(by_entrant, expected) > MIN_P


def test_first_two_picks_follow_weighted_sampling_without_replacement() -> None:
    weights = [3, 1, 3, 1, 1]
    entries = [DrawEntry(f"u{i}", w) for i, w in enumerate(weights)]
    observed = Counter(tuple(order[:2]) for order in orders("two-picks", entries))
    expected = {p: sequential_probability(weights, p) for p in permutations(range(5), 2)}
    assert chi_square_p(observed, expected) > MIN_P


def test_whole_order_with_three_weight_classes_has_exact_probabilities() -> None:
    # Covers class selection, per-class shuffles and appending the last class in one go.
    weights = [1, 3, 2, 1, 3]
    entries = [DrawEntry(f"u{i}", w) for i, w in enumerate(weights)]
    observed = Counter(tuple(order) for order in orders("three-classes", entries))
    expected = {p: sequential_probability(weights, p) for p in permutations(range(5))}
    assert chi_square_p(observed, expected) > MIN_P
