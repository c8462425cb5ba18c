"""A season report as plain-text tables, for `fairdrop report --series` and `fairdrop simulate
--scenario season`."""

from __future__ import annotations

from bot.drops.experiments import Comparison, Ratio
from bot.drops.lift import BASELINE_WEEKS, CAVEAT, LIFT_HOURS, EpisodeLift, Lift
from bot.drops.lift import KINDS as LIFT_KINDS
from bot.drops.season import CONVERSION_HOURS, RETENTION_DAYS, SeasonReport
from bot.reports import text_table
from bot.reports.numbers import NONE, money, when
from bot.reports.terminal import tiers_table

NOT_YET = "open"  # a retention window that has not ended yet


def rate(ratio: Ratio | None) -> str:
    """`33% of 3`: the rate and how many people it is of."""
    if ratio is None:
        return NOT_YET
    if ratio.rate is None:
        return NONE
    return f"{ratio.rate:.0%} of {ratio.whole:,}"


def heading(r: SeasonReport) -> str:
    return (
        f"Season {r.series!r} in {r.channel}: {len(r.episodes)} episodes "
        f"(days counted in {r.time_zone}), as of {when(r.computed_at)}"
    )


def episodes_table(r: SeasonReport) -> str:
    headers = ["episode", "closed", "variant", "entrants", "new", "returning", "pass holders"]
    headers += ["repeat", "winners", *(f"conv {h}h" for h in CONVERSION_HOURS), "redeemed"]
    headers += ["order value", *(f"back in {d}d" for d in RETENTION_DAYS)]
    rows = [
        (
            e.drop, when(e.closed_at)[:10], e.variant or "-", e.entrants, e.new, e.returning,
            e.pass_holders, rate(e.repeat) if e.repeat else "-", e.winners,
            *(rate(c) for c in e.conversion), e.redeemed, f"${money(e.order_value_cents)}",
            *(rate(k) for k in e.retention),
        )
        for e in r.episodes
    ]  # fmt: skip
    return text_table.render(headers, rows, title="Episodes")


def season_table(r: SeasonReport) -> str:
    rows: list[tuple[str, object]] = [
        ("repeat rate (entered the previous episode too)", rate(r.repeat_rate)),
        *(
            (f"retention: entered again within {d} days", rate(k))
            for d, k in zip(RETENTION_DAYS, r.retention, strict=True)
        ),
        ("distinct winners", r.distinct_winners),
        ("repeat winners (won in two episodes or more)", r.repeat_winners),
    ]
    return text_table.render(["figure", "value"], rows, title="Across the season")


def reading(c: Comparison) -> str:
    """What a comparison says, plainly."""
    if c.p_value is None:
        return "nothing to compare yet"
    if c.readable:
        shown = "p < 0.001" if c.p_value < 0.001 else f"p = {c.p_value:.3f}"
        return f"a real difference ({shown})"
    return f"too small to read (p = {c.p_value:.2f})"


def experiments_table(r: SeasonReport) -> str:
    rows = []
    for c in r.experiments:
        rows.append((c.figure, c.baseline.variant, c.baseline.episodes, rate(c.baseline.ratio), ""))
        rows.append((c.figure, c.other.variant, c.other.episodes, rate(c.other.ratio), reading(c)))
    return text_table.render(
        ["figure", "variant", "episodes", "rate", "against the first variant"],
        rows,
        title="Supply experiments (two-proportion z-test)",
    )


def expected(lift: Lift) -> str:
    """`4 (2.25)`: the count after the close, and the baseline in brackets (a mean of four
    weeks is a multiple of 0.25)."""
    baseline = NONE if lift.baseline is None else f"{lift.baseline:.2f}"
    running = "" if lift.complete else " so far"
    return f"{lift.after:,}{running} ({baseline})"


def lift_table(episodes: tuple[EpisodeLift, ...]) -> str:
    rows = [
        (e.drop, when(e.closed_at)[:10], *(expected(lift) for lift in e.lifts)) for e in episodes
    ]
    table = text_table.render(
        ["episode", "closed", *(f"{kind} (baseline)" for kind in LIFT_KINDS)],
        rows,
        title=f"Lift: the {LIFT_HOURS} h after each close, against the same hours of the "
        f"{BASELINE_WEEKS} weeks before",
    )
    return f"{table}\nNote: {CAVEAT}."


def season_text(r: SeasonReport) -> str:
    """Everything `fairdrop report --series` prints."""
    parts = [heading(r), episodes_table(r), season_table(r)]
    parts.append(tiers_table(r.fairness, "Fairness by tier over the season"))
    if r.experiments:
        parts.append(experiments_table(r))
    if r.lift:
        parts.append(lift_table(r.lift))
    return "\n\n".join(parts)
