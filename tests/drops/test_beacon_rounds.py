"""Which drand round a lottery commits to: a pure function of the chain's genesis and period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.drops.beacon import QUICKNET, BeaconRound, commit_round, first_round_after, round_time

GENESIS = datetime.fromtimestamp(QUICKNET.genesis, UTC)
S = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (GENESIS - 10 * S, 1),  # before genesis: the first round of all
        (GENESIS - timedelta(microseconds=1), 1),
        (GENESIS, 2),  # round 1 is published at genesis itself: strictly after means 2
        (GENESIS + timedelta(microseconds=1), 2),
        (GENESIS + 2 * S, 2),
        (GENESIS + 3 * S, 3),  # exactly on round 2's time
        (GENESIS + 999 * 3 * S, 1001),  # on round 1000's time
        (GENESIS + 999 * 3 * S - timedelta(microseconds=1), 1000),
    ],
)
def test_first_round_published_strictly_after(at: datetime, expected: int) -> None:
    number = first_round_after(QUICKNET, at)
    assert number == expected
    assert round_time(QUICKNET, number) > at
    if number > 1:
        assert round_time(QUICKNET, number - 1) <= at


def test_round_1000_is_published_at_genesis_plus_999_periods() -> None:
    assert round_time(QUICKNET, 1000) == GENESIS + 2997 * S


def test_the_committed_round_comes_after_the_close_plus_the_margin() -> None:
    closes_at = datetime(2026, 12, 7, 15, 0, 0, 500_000, tzinfo=UTC)
    committed = commit_round(QUICKNET, closes_at, 30 * S)
    assert committed.at > closes_at + 30 * S
    assert committed.at <= closes_at + 30 * S + 3 * S
    assert commit_round(QUICKNET, closes_at, 0 * S).round < committed.round


def test_a_naive_time_or_a_negative_margin_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        first_round_after(QUICKNET, datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="margin"):
        commit_round(QUICKNET, GENESIS, -S)


def test_a_round_whose_randomness_is_not_its_signature_hash_is_refused() -> None:
    with pytest.raises(ValueError, match="sha256"):
        BeaconRound(5, "ab" * 48, "00" * 32)
