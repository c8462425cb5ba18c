"""A season as a PNG: the funnel of each episode (entrants, winners, redeemed) beside the
retention curve (the share of entrants back within 7, 30 and 90 days).

Drawn as the per-drop funnel is (`bot.reports.chart`: matplotlib's object API on the Agg
canvas, imported on first use, the streamer's words as plain text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.drops.notice_kinds import SeasonSummary
from bot.drops.season import RETENTION_DAYS, SeasonReport
from bot.reports.chart import COLORS, bare, new_figure, plain, png

FILENAME = "season.png"
FUNNEL_COLORS = (COLORS[0], COLORS[2], COLORS[5])  # entrants, winners, redeemed
MAX_LABELLED = 12  # episodes named under their bars; beyond, every few


@dataclass(frozen=True, slots=True)
class ChartEpisode:
    """What the chart draws of one episode."""

    drop: str
    funnel: tuple[tuple[str, int], ...]  # (step, count): entrants, winners, redeemed
    retention: tuple[float | None, ...]  # at RETENTION_DAYS; None while not known


def season_png(report: SeasonReport) -> bytes:
    """The report's funnel per episode and retention curve as a PNG image (1200 by 500)."""
    episodes = [
        ChartEpisode(
            e.drop, e.funnel(), tuple(r.rate if r is not None else None for r in e.retention)
        )
        for e in report.episodes
    ]
    return chart_png(report.series, episodes, [r.rate for r in report.retention])


def summary_png(summary: SeasonSummary) -> bytes:
    """The same chart from a season summary's figures (as the Discord summary shows it)."""
    episodes = [
        ChartEpisode(
            e.drop,
            (("entrants", e.entrants), ("winners", e.winners), ("redeemed", e.redeemed)),
            e.retention,
        )
        for e in summary.episodes
    ]
    return chart_png(summary.series, episodes, summary.retention)


def chart_png(
    series: str, episodes: Sequence[ChartEpisode], pooled: Sequence[float | None]
) -> bytes:
    """The funnel of each episode beside the retention curves (each episode's, faint, and the
    season's, `pooled`), as a PNG image (1200 by 500)."""
    figure = new_figure(12, 5)
    funnel, curve = figure.subplots(1, 2, width_ratios=(2, 1))
    steps = [name for name, _ in episodes[0].funnel] if episodes else []
    width = 0.8 / max(len(steps), 1)
    for i, step in enumerate(steps):
        counts = [dict(e.funnel)[step] for e in episodes]
        positions = [n + (i - (len(steps) - 1) / 2) * width for n in range(len(episodes))]
        funnel.bar(positions, counts, width, label=step, color=FUNNEL_COLORS[i])
    every = max(1, -(-len(episodes) // MAX_LABELLED))
    shown = list(range(0, len(episodes), every))
    funnel.set_xticks(shown, labels=[plain(episodes[n].drop) for n in shown], rotation=30)
    funnel.set_title("Funnel per episode", loc="left", fontsize=12)
    if steps:  # a notice from a season with no episode left to draw has no bars to name
        funnel.legend(frameon=False)
    bare(funnel, ("top", "right"))

    days = [0, *RETENTION_DAYS]
    for e in episodes:
        rates = [(d, r) for d, r in zip(RETENTION_DAYS, e.retention, strict=False) if r is not None]
        if rates:
            curve.plot([0, *(d for d, _ in rates)], [1, *(r for _, r in rates)],
                       color=COLORS[0], alpha=0.3, linewidth=1)  # fmt: skip
    season = [(d, r) for d, r in zip(RETENTION_DAYS, pooled, strict=False) if r is not None]
    curve.plot([0, *(d for d, _ in season)], [1, *(r for _, r in season)],
               color=COLORS[4], linewidth=2.5, marker="o", label="season")  # fmt: skip
    curve.set_xticks(days, labels=[f"{d}d" for d in days])
    curve.set_ylim(0, 1.05)
    curve.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    curve.set_title("Back within … days", loc="left", fontsize=12)
    bare(curve, ("top", "right"))
    figure.suptitle(f"Season {plain(series)}", x=0.01, ha="left", fontsize=13)
    return png(figure)
