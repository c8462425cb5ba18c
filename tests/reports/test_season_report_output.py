"""The season report's words and chart: how a comparison reads, and the PNG."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.drops.experiments import Arm, Ratio, compare
from bot.drops.season import EpisodeCounts, SeasonCounts, plan, season_report
from bot.reports.chart import PNG_MAGIC
from bot.reports.season_chart import season_png
from bot.reports.season_text import rate, reading, season_text
from tests.drops.test_season_windows import _episode


@pytest.mark.parametrize(
    ("baseline", "other", "words"),
    [
        (Ratio(30, 100), Ratio(33, 100), "too small to read (p = 0.65)"),
        (Ratio(90, 300), Ratio(300, 1500), "a real difference (p < 0.001)"),
        (Ratio(60, 100), Ratio(40, 100), "a real difference (p = 0.005)"),
        (Ratio(0, 0), Ratio(3, 9), "nothing to compare yet"),
    ],
)
def test_a_comparison_says_plainly_whether_it_can_be_read(
    baseline: Ratio, other: Ratio, words: str
) -> None:
    assert reading(compare("x", Arm("a", 1, baseline), Arm("b", 1, other))) == words


def test_rates_say_how_many_people_they_are_of() -> None:
    assert [rate(Ratio(1, 3)), rate(Ratio(0, 0)), rate(None)] == ["33% of 3", "—", "open"]


def test_a_season_prints_and_draws() -> None:
    closes = [datetime(2026, 3, d, 19, tzinfo=UTC) for d in (4, 11, 18)]
    episodes = []
    for n, closed in enumerate(closes):
        drop = _episode(closed)
        drop.id = n + 1
        episodes.append(drop)
    windows = plan(episodes, "UTC")
    counts = SeasonCounts(
        tuple(
            EpisodeCounts(e.id, 100, 40 * n, 5 * n, 40 * n, (50, 60, 70), 10, (8, 10), (4, 6), 7)
            for n, e in enumerate(episodes)
        ),
        25,
        3,
        (),
    )
    report = season_report(
        "spring $\\alpha$ tour", episodes, windows, counts,
        time_zone="UTC", now=datetime(2026, 5, 1, tzinfo=UTC),
        variants={"ep": "supply 1"},
    )  # fmt: skip

    text = season_text(report)
    assert "Season 'spring $\\\\alpha$ tour' in c: 3 episodes" in text
    assert "50% of 100" in text and "60% of 10" in text
    assert season_png(report).startswith(PNG_MAGIC)
