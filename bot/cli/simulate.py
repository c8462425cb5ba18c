"""`fairdrop simulate`: a whole drop through the real engine and storage with a simulated crowd."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import click

from bot.bootstrap import Runtime, open_runtime
from bot.cli.shared import Context, pass_context
from bot.drops.keyring import Keyring
from bot.drops.model import Mode
from bot.loop import run_on_loop
from bot.reports import text_table
from bot.reports.season_text import season_text
from bot.reports.terminal import fairness_table, figures_table
from bot.season_simulation import SeasonPlan, simulate_season
from bot.simulation import (
    ManualClock,
    SimulatedPlatformFacts,
    SimulationPlan,
    SimulationResult,
    parse_mix,
    simulate,
    start_time,
)


@click.command("simulate")
@click.option("--entrants", type=int, default=2000, show_default=True, help="Simulated fans.")
@click.option("--supply", type=int, default=48, show_default=True, help="Units to give away.")
@click.option(
    "--mode", type=click.Choice([m.value for m in Mode]), default="lottery", show_default=True
)
@click.option(
    "--tier-mix",
    default="subscriber=20,vip=5",
    show_default=True,
    help="Percent of the crowd per Twitch badge, e.g. subscriber=20,vip=5.",
)
@click.option("--claim-rate", type=float, default=0.8, show_default=True,
              help="Share of winners who fetch their code in time.")  # fmt: skip
@click.option("--redeem-rate", type=float, default=0.6, show_default=True,
              help="Share of delivered codes a partner redeems.")  # fmt: skip
@click.option("--crowd-seed", type=int, default=1, show_default=True,
              help="Seed for the simulated crowd (the draw's seed is always fresh).")  # fmt: skip
@click.option(
    "--scenario",
    type=click.Choice(["tiered", "basic", "season"]),
    default="tiered",
    show_default=True,
    help="tiered: an earlier drop's holders, moderator lists, sponsors and filtered bots; "
    "basic: badge tiers only; season: --episodes weekly drops of one series with a returning "
    "crowd (--entrants each; --supply and twice that, alternately), then the season report.",
)
@click.option("--episodes", type=int, default=4, show_default=True,
              help="Episodes of --scenario season.")  # fmt: skip
@click.option("--db", "db_url", help="Database URL (default: a new SQLite file in a temp dir).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write transcript.json and codes.csv here.")  # fmt: skip
@pass_context
def simulate_cmd(obj: Context, /, db_url: str | None, out: Path | None, **options: Any) -> None:
    """Run a whole drop (or a season of them) through the real engine and storage with a
    simulated crowd."""
    season = options["scenario"] == "season"
    plan = SimulationPlan(
        entrants=options["entrants"],
        supply=options["supply"],
        mode=Mode(options["mode"]),
        mix=parse_mix(options["tier_mix"]),
        claim_rate=options["claim_rate"],
        redeem_rate=options["redeem_rate"],
        crowd_seed=options["crowd_seed"],
        scenario="basic" if season else options["scenario"],
    )
    if season:
        season_plan = SeasonPlan(plan, options["episodes"])
        season_plan.check()  # SimulationError: one line
        run_on_loop(_simulate_season(obj, season_plan, db_url))
        return
    plan.check()  # SimulationError: one line
    run_on_loop(_simulate(obj, plan, db_url, out))


@contextlib.asynccontextmanager
async def _simulation_runtime(
    obj: Context, db_url: str | None, account_ages: bool = False
) -> AsyncIterator[tuple[Runtime, ManualClock]]:
    """The real runtime over `db_url` (or a throwaway SQLite file) with a simulated clock (and
    simulated account ages for the anti-bot rules, if `account_ages`)."""
    settings = obj.settings
    with tempfile.TemporaryDirectory(prefix="fairdrop-sim-") as tmp:
        url = db_url or f"sqlite:///{tmp}/simulate.db"
        settings = settings.model_copy(
            update={"database": settings.database.model_copy(update={"url": url})}
        )
        clock = ManualClock(start_time())
        # Never the configured keyring: codes it signed would verify as genuine everywhere the
        # real public keys are published, though no fan ever won them.
        keyring = Keyring.new(clock.now())
        click.echo("· codes are signed with a throwaway key (never your keyring)")
        facts = SimulatedPlatformFacts(clock) if account_ages else None
        async with open_runtime(
            settings, keyring, clock=clock, migrate=True, facts=facts
        ) as runtime:
            yield runtime, clock


async def _simulate_season(obj: Context, plan: SeasonPlan, db_url: str | None) -> None:
    async with _simulation_runtime(obj, db_url) as (runtime, clock):
        report = await simulate_season(
            runtime, clock, plan, progress=lambda m: click.echo(f"· {m}")
        )
    click.echo("")
    click.echo(season_text(report))


async def _simulate(
    obj: Context, plan: SimulationPlan, db_url: str | None, out: Path | None
) -> None:
    tiered = plan.scenario == "tiered"
    async with _simulation_runtime(obj, db_url, tiered) as (runtime, clock):
        result = await simulate(
            runtime, clock, plan, out=out, progress=lambda m: click.echo(f"· {m}")
        )
    _print_simulation(result)


def _most_first(pair: tuple[str, int]) -> tuple[int, str]:
    return -pair[1], pair[0]


def _print_simulation(result: SimulationResult) -> None:
    drop = result.drop
    click.echo("")
    mode, supply = drop.spec.mode.value, drop.spec.supply
    click.echo(f"Drop {drop.name!r} ({mode}, supply {supply}): {drop.state.value}")
    click.echo(f"  commitment   {drop.commitment}")
    if drop.drawn_at:
        click.echo(f"  entry hash   {drop.entry_hash}")
        click.echo(f"  seed         {drop.seed_hex}  (revealed after the draw)")
    shown = ", ".join(result.winners[:10]) + (" …" if len(result.winners) > 10 else "")
    click.echo(f"  winners      {shown}")
    click.echo("")
    click.echo(
        text_table.render(
            ["outcome", "claims"],
            sorted(result.outcomes.items(), key=lambda kv: (-kv[1], kv[0])),  # type: ignore[operator]
            title="Claims as the fans saw them",
        )
    )
    click.echo("")
    click.echo(fairness_table(result.summary))
    if result.filtered:
        kept_out = sorted(result.filtered.items(), key=_most_first)
        click.echo("")
        click.echo(
            text_table.render(
                ["reason", "people"],
                kept_out,
                title="Kept out (anti-bot rules and deny lists)",
            )
        )
    click.echo("")
    click.echo(figures_table(result.summary, title="KPIs"))
    for path in result.files:
        click.echo(f"wrote {path}")
    if result.files and drop.drawn_at:
        click.echo(f"check the draw yourself: fairdrop verify-draw {result.files[0]}")
