"""`fairdrop simulate --scenario season`: several weekly episodes of one series with a returning
crowd, through the real engine and storage, then the season's report.

Each episode is a lottery drop of series `SERIES` in the simulation's channel. Its entrants are
drawn from a pool half again as large as one episode's crowd, so most come back and some do
not; winners fetch and redeem their codes as in a single-drop simulation. Odd and even episodes
are the two arms of a supply experiment (`--supply` against twice that), so the report shows
how a comparison reads. The report is computed as of 90 days after the last close, so every
retention window has ended.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.bootstrap import Runtime
from bot.drops.claiming import ClaimRequest
from bot.drops.season import SeasonReport, read_season
from bot.kernel.transactions import read_only
from bot.simulation import (
    CHANNEL,
    ManualClock,
    SimulationError,
    SimulationPlan,
    collect_codes,
    crowd,
    redeem_codes,
    winners_of,
)

SERIES = "sim-season"
CADENCE = timedelta(days=7)  # one episode a week
LOOK_BACK = timedelta(days=90)  # the report is read this long after the last close
MAX_EPISODES = 52


@dataclass(frozen=True)
class SeasonPlan:
    episode: SimulationPlan  # entrants (per episode), supply, rates, seed
    episodes: int = 4

    def check(self) -> None:
        self.episode.check()
        if not 2 <= self.episodes <= MAX_EPISODES:
            raise SimulationError(f"--episodes must be between 2 and {MAX_EPISODES}")

    def variant(self, number: int) -> tuple[str, int]:
        """The arm and supply of episode `number` (from 1)."""
        supply = self.episode.supply * (1 if number % 2 else 2)
        return f"supply {supply}", supply


async def simulate_season(
    runtime: Runtime,
    clock: ManualClock,
    plan: SeasonPlan,
    *,
    progress: Callable[[str], None] = lambda _: None,
) -> SeasonReport:
    """Run the season's episodes one week apart and report the season."""
    plan.check()
    service, episode = runtime.service, plan.episode
    rng = random.Random(episode.crowd_seed + 2)
    pool = crowd(SimulationPlan(entrants=episode.entrants * 3 // 2, mix=episode.mix,
                                crowd_seed=episode.crowd_seed))  # fmt: skip
    variants = {}
    for number in range(1, plan.episodes + 1):
        started = clock.now()
        variant, supply = plan.variant(number)
        # Simulated time, offline: no drand round is published for it, so episodes opt out.
        spec = runtime.settings.drop_spec(
            f"ep{number}", f"Episode {number}", CHANNEL, supply=supply, series=SERIES, beacon=False
        )
        drop = await service.create(spec)
        variants[drop.name] = variant
        opens = drop.public_opens_at()
        assert opens is not None and drop.closes_at is not None  # created open, with a window
        clock.at = opens + timedelta(seconds=1)
        fans = rng.sample(pool, k=min(len(pool), episode.entrants))
        for start in range(0, len(fans), episode.concurrency):
            chunk = fans[start : start + episode.concurrency]
            await asyncio.gather(
                *(service.claim(ClaimRequest(f"sim:{drop.name}:{c.user_id}", CHANNEL, c))
                  for c in chunk)
            )  # fmt: skip
        clock.at = drop.closes_at + timedelta(seconds=1)
        await service.close(CHANNEL, drop.name)
        first = await winners_of(runtime, drop.id)
        await collect_codes(runtime, drop.id, [i for i, _ in first], episode.claim_rate, rng)
        clock.advance(spec.claim_window + timedelta(minutes=1))
        rerolls = await service.reroll()
        taken = {i for i, _ in first}
        second = [i for i, _ in await winners_of(runtime, drop.id) if i not in taken]
        await collect_codes(runtime, drop.id, second, 1.0, rng)
        await redeem_codes(runtime, drop.id, episode.redeem_rate, rng)
        progress(
            f"episode {number} ({variant}): {len(fans)} fans, {len(first)} winners, "
            f"{len(rerolls)} rerolled"
        )
        clock.at = started + CADENCE
    clock.advance(LOOK_BACK)
    now, zone = clock.now(), runtime.settings.scheduler.timezone
    return await service.tx.run(
        read_only(
            lambda uow: read_season(
                uow.seasons, SERIES, CHANNEL, time_zone=zone, now=now, variants=variants
            )
        )
    )
