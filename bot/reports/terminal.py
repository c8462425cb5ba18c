"""A conversion summary as plain-text tables, for `fairdrop report` and `fairdrop simulate`."""

from __future__ import annotations

from collections.abc import Sequence

from bot.drops.figures import ConversionSummary
from bot.drops.kpis import TierFigures
from bot.reports import text_table
from bot.reports.numbers import after_close, duration, money, percent, when


def heading(s: ConversionSummary) -> str:
    state = "" if s.final else "  (provisional: the as-of time has not come yet)"
    return "\n".join(
        [
            f"Drop {s.drop!r} (#{s.drop_id}, {s.mode}, supply {s.supply}) in {s.channel}: "
            f"{s.title}",
            f"  summary      {after_close(s.label)}, as of {when(s.as_of)}{state}",
            f"  closed       {when(s.closed_at)}",
        ]
    )


def figures_table(s: ConversionSummary, title: str = "Conversion") -> str:
    """The funnel and its rates, one figure a row."""
    rows: list[tuple[str, object]] = [
        ("entrants", s.entrants),
        ("new / returning", f"{s.new:,} / {s.returning:,}"),
        ("eligible (in the draw)", s.eligible),
        ("winners (codes issued)", s.winners),
        ("rerolled to the waitlist", s.rerolls),
        ("codes delivered (winner told)", s.delivered),
        ("codes viewed", s.viewed),
        ("codes redeemed", s.redeemed),
        ("redemption rate of winners", percent(s.redeemed_per_winner)),
        ("redemption rate of viewed", percent(s.redeemed_per_viewed)),
        ("median time to claim", duration(s.median_claim_seconds)),
        ("median time to redeem", duration(s.median_redeem_seconds)),
        ("revenue reported", f"${money(s.revenue_cents)} ({s.orders_with_value:,} orders)"),
    ]
    return text_table.render(["figure", "value"], rows, title=title)


def fairness_table(s: ConversionSummary) -> str:
    return tiers_table(s.fairness, "Fairness by tier (first winners against entries in the draw)")


def tiers_table(fairness: Sequence[TierFigures], title: str) -> str:
    """Each tier's share of the first winners against its share of the entries in the draw."""
    return text_table.render(
        ["tier", "entrants", "share of entries", "first winners", "share of winners", "weight"],
        [
            (
                t.tier,
                t.entrants,
                f"{t.entry_share:.1%}",
                t.winners,
                f"{t.winner_share:.1%}",
                f"{t.weight_share:.1%}",
            )
            for t in fairness
        ],
        title=title,
    )


def summary_text(s: ConversionSummary) -> str:
    """Everything `fairdrop report` prints."""
    parts = [heading(s), figures_table(s, f"Conversion {after_close(s.label)}")]
    entrants = [("tier", name, n) for name, n in s.by_tier]
    entrants += [("platform", name, n) for name, n in s.by_platform]
    parts.append(text_table.render(["by", "", "people"], entrants, title="Entrants"))
    if s.kept_out or s.left_out:
        kept = [("kept out when claiming", r, n) for r, n in s.kept_out]
        kept += [("left out at close", r, n) for r, n in s.left_out]
        parts.append(text_table.render(["when", "reason", "people"], kept, title="Filtered"))
    parts.append(fairness_table(s))
    return "\n\n".join(parts)
