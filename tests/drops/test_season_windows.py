"""Season windows and supply-experiment statistics: pure functions, tested with tables."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from bot.drops.experiments import Arm, Ratio, compare, two_proportion_z
from bot.drops.model import Drop, DropSpec, DropState
from bot.drops.season import plan


def _episode(closed: datetime) -> Drop:
    return Drop(
        id=1,
        spec=DropSpec(name="ep", title="ep", supply=1, series="s", channel="c"),
        state=DropState.SETTLED,
        created_at=closed,
        seed_hex="",
        commitment="",
        pseudonym_salt="",
        closed_at=closed,
    )


@pytest.mark.parametrize(
    ("zone", "closed", "days", "ends"),
    [
        # No clock change: exactly 7 * 24 hours.
        (
            "Europe/Berlin",
            datetime(2026, 3, 4, 19, tzinfo=UTC),
            7,
            datetime(2026, 3, 11, 19, tzinfo=UTC),
        ),
        # Spring forward (29 March in Berlin): 20:00 CET to 20:00 CEST is 167 hours.
        (
            "Europe/Berlin",
            datetime(2026, 3, 25, 19, tzinfo=UTC),
            7,
            datetime(2026, 4, 1, 18, tzinfo=UTC),
        ),
        # Fall back (25 October): 169 hours.
        (
            "Europe/Berlin",
            datetime(2026, 10, 21, 18, tzinfo=UTC),
            7,
            datetime(2026, 10, 28, 19, tzinfo=UTC),
        ),
        # New York changes on other dates (8 March 2026).
        (
            "America/New_York",
            datetime(2026, 3, 4, 1, tzinfo=UTC),
            7,
            datetime(2026, 3, 11, 0, tzinfo=UTC),
        ),
        (
            "Europe/Berlin",
            datetime(2026, 3, 4, 19, tzinfo=UTC),
            30,
            datetime(2026, 4, 3, 18, tzinfo=UTC),
        ),
        ("UTC", datetime(2026, 3, 25, 19, tzinfo=UTC), 90, datetime(2026, 6, 23, 19, tzinfo=UTC)),
    ],
)
def test_retention_window_ends_at_the_same_wall_clock_time(
    zone: str, closed: datetime, days: int, ends: datetime
) -> None:
    (window,) = plan([_episode(closed)], zone)
    assert window.retention_until[(7, 30, 90).index(days)] == ends


def test_conversion_windows_are_hours_after_the_close() -> None:
    closed = datetime(2026, 3, 28, 23, tzinfo=UTC)  # the night the clocks change
    (window,) = plan([_episode(closed)], "Europe/Berlin")
    assert window.conversion_until == (closed + timedelta(hours=24), closed + timedelta(hours=72))


def test_two_proportion_z_against_a_worked_example() -> None:
    # 60 of 100 against 40 of 100: pooled rate 0.5, standard error sqrt(0.25 * 0.02) = 0.0707,
    # z = 0.2 / 0.0707 = 2.83; a normal table gives P(|Z| > 2.83) = 2 * 0.00233 = 0.0047.
    z, p = two_proportion_z(Ratio(60, 100), Ratio(40, 100)) or (0.0, 1.0)
    assert z == pytest.approx(2 * math.sqrt(2))
    assert p == pytest.approx(0.0047, abs=0.0001)


def test_two_proportion_z_against_a_textbook_two_sided_test() -> None:
    # z = 1.96 is the textbook 5% two-sided cut-off: 0.5 against 0.4 with n chosen to land on it.
    n = 1.96**2 * 0.45 * 0.55 * 2 / 0.1**2  # = 190.2 per arm
    z, p = two_proportion_z(Ratio(95, 190), Ratio(76, 190)) or (0.0, 1.0)
    assert z == pytest.approx(0.1 / math.sqrt(0.45 * 0.55 * 2 / 190))
    assert n == pytest.approx(190.2, abs=0.1)
    assert p == pytest.approx(0.0501, abs=0.001)


@pytest.mark.parametrize(
    ("a", "b"),
    [(Ratio(0, 0), Ratio(1, 2)), (Ratio(3, 3), Ratio(5, 5)), (Ratio(0, 4), Ratio(0, 9))],
)
def test_nothing_to_test_has_no_p_value(a: Ratio, b: Ratio) -> None:
    assert two_proportion_z(a, b) is None
    assert not compare("x", Arm("a", 1, a), Arm("b", 1, b)).readable


def test_a_large_difference_is_readable_and_a_small_one_is_not() -> None:
    big = compare("x", Arm("100", 3, Ratio(90, 300)), Arm("500", 3, Ratio(300, 1500)))
    small = compare("x", Arm("100", 3, Ratio(30, 100)), Arm("500", 3, Ratio(140, 500)))
    assert big.readable and big.p_value is not None and big.p_value < 0.001
    assert not small.readable
