"""`fairdrop simulate`: a whole drop through the real engine and storage, with a simulated crowd.

Time is simulated (a manual clock jumps from phase to phase), so a drop with a 24-hour claim
window runs in seconds. The crowd is reproducible from `--crowd-seed`; the draw is not, exactly
as in production: its seed comes from the operating system and is committed before entries.
"""

from __future__ import annotations

import asyncio
import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.bootstrap import Runtime
from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimRequest
from bot.drops.entitlements import reveal
from bot.drops.figures import ConversionSummary
from bot.drops.model import Drop, Mode
from bot.gating.antibot import AccountFacts, AntiBot
from bot.gating.context import Claimant
from bot.gating.lists import AllocationList, ListKind, ListMember
from bot.gating.rules import EVERYONE, TWITCH_BADGES, Tier, parse_rule
from bot.kernel.errors import FairdropError

CHANNEL = "sim"


class ManualClock:
    def __init__(self, start: datetime) -> None:
        self.at = start

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta


class SimulationError(FairdropError, ValueError):
    """Bad simulation arguments; one line."""


def parse_mix(text: str) -> dict[str, float]:
    """`subscriber=20,vip=5`: the percentage of the crowd wearing each Twitch badge."""
    mix: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        badge, sep, value = part.partition("=")
        if not sep or badge not in TWITCH_BADGES:
            raise SimulationError(
                f"tier mix {part!r} must be BADGE=PERCENT with BADGE one of "
                f"{', '.join(sorted(TWITCH_BADGES))}"
            )
        try:
            percent = float(value)
        except ValueError:
            raise SimulationError(f"tier mix {part!r}: {value!r} is not a number") from None
        if not 0 <= percent <= 100:
            raise SimulationError(f"tier mix {part!r}: percent must be 0-100")
        mix[badge] = percent / 100
    if sum(mix.values()) > 1:
        raise SimulationError("tier mix percentages add up to more than 100")
    return mix


@dataclass(frozen=True)
class SimulationPlan:
    entrants: int = 2000
    supply: int = 48
    mode: Mode = Mode.LOTTERY
    mix: dict[str, float] = field(default_factory=lambda: {"subscriber": 0.2, "vip": 0.05})
    claim_rate: float = 0.8  # winners who fetch their code in time
    redeem_rate: float = 0.6  # delivered codes a partner redeems
    crowd_seed: int = 1
    concurrency: int = 500
    scenario: str = "tiered"  # "tiered": holders, lists, sponsors, bots; "basic": badges only

    def check(self) -> None:
        if not 1 <= self.entrants <= 1_000_000:
            raise SimulationError("--entrants must be between 1 and 1,000,000")
        if not 1 <= self.supply <= 1_000_000:
            raise SimulationError("--supply must be between 1 and 1,000,000")
        for name, rate in (("--claim-rate", self.claim_rate), ("--redeem-rate", self.redeem_rate)):
            if not 0 <= rate <= 1:
                raise SimulationError(f"{name} must be between 0 and 1")
        if self.scenario not in SCENARIOS:
            raise SimulationError(f"--scenario must be one of {', '.join(SCENARIOS)}")


@dataclass
class SimulationResult:
    drop: Drop
    summary: ConversionSummary  # as of the end of the simulation
    outcomes: dict[str, int]
    winners: list[str]
    rerolls: int
    files: list[Path] = field(default_factory=list)
    filtered: dict[str, int] = field(default_factory=dict)
    setting: list[str] = field(default_factory=list)  # what the scenario set up, in words


def crowd(plan: SimulationPlan) -> list[Claimant]:
    rng = random.Random(plan.crowd_seed)
    people = []
    for i in range(plan.entrants):
        roll, badges, edge = rng.random(), frozenset[str](), 0.0
        for badge, share in plan.mix.items():
            edge += share
            if roll < edge:
                badges = frozenset({badge})
                break
        people.append(Claimant("twitch", str(100_000 + i), f"viewer{i:06d}", badges))
    return people


async def simulate(
    runtime: Runtime,
    clock: ManualClock,
    plan: SimulationPlan,
    *,
    out: Path | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> SimulationResult:
    plan.check()
    service = runtime.service
    rng = random.Random(plan.crowd_seed + 1)
    people = crowd(plan)
    # Simulated time, offline: no drand round is published for it, so the drops opt out.
    overrides: dict[str, object] = {"supply": plan.supply, "mode": plan.mode, "beacon": False}
    setting: list[str] = []
    if plan.scenario == "tiered":
        overrides.update(await _tiered_setting(runtime, clock, plan, people, rng, setting))
        for line in setting:
            progress(line)
    spec = runtime.settings.drop_spec(
        f"sim-{plan.mode.value}", "Simulated drop", CHANNEL, **overrides
    )
    drop = await service.create(spec)
    progress(f"opened drop {drop.name!r}: supply {plan.supply}, commitment {drop.commitment}")
    counts: dict[str, int] = {}
    waiting: list[Claimant] = []

    async def wave(claimants: list[Claimant], tag: str) -> None:
        for start in range(0, len(claimants), plan.concurrency):
            chunk = claimants[start : start + plan.concurrency]
            results = await asyncio.gather(
                *(service.claim(ClaimRequest(f"sim:{tag}:{c.user_id}", CHANNEL, c)) for c in chunk)
            )
            for claimant, outcome in zip(chunk, results, strict=True):
                name = oc.outcome_name(outcome)
                counts[name] = counts.get(name, 0) + 1
                if isinstance(outcome, oc.NotEligibleYet):
                    waiting.append(claimant)

    # Early window: everyone rushes in; only early tiers get in, the rest are told when.
    await wave(people, "early")
    progress(f"early window: {counts.get('entered', 0) + counts.get('won', 0)} in")
    assert drop.public_opens_at() is not None and drop.closes_at is not None
    clock.at = max(clock.at, drop.public_opens_at() or clock.at) + timedelta(seconds=1)
    retry, waiting[:] = list(waiting), []
    await wave(retry, "public")
    # Some impatient fans press again: they are told they are already in.
    await wave(rng.sample(people, k=min(len(people), max(1, len(people) // 20))), "again")
    clock.at = drop.closes_at + timedelta(seconds=1)
    closing = await service.close(CHANNEL, drop.name)
    progress(f"closed: {closing.draw.entrants if closing.draw else counts.get('won', 0)} entries")

    first = await winners_of(runtime, drop.id)
    winners = [name for _, name in first]
    await collect_codes(runtime, drop.id, [i for i, _ in first], plan.claim_rate, rng)
    clock.advance(spec.claim_window + timedelta(minutes=1))
    rerolls = await service.reroll()
    progress(f"claim window over: {len(rerolls)} rerolled to the waitlist")
    second = [i for i, _ in await winners_of(runtime, drop.id) if i not in {x for x, _ in first}]
    await collect_codes(runtime, drop.id, second, 1.0, rng)
    await redeem_codes(runtime, drop.id, plan.redeem_rate, rng)
    summary = await service.summary(drop.id)
    drop = await service.get(drop.id)
    result = SimulationResult(drop, summary, counts, winners, len(rerolls), setting=setting)
    result.filtered = await asyncio.to_thread(_filtered, runtime, drop.id)
    if out is not None:
        result.files = await _write_out(runtime, drop, out)
    return result


SCENARIOS = ("tiered", "basic")
PREQUEL = "ep3"


class SimulatedPlatformFacts:
    """Account ages as Helix would report them: one account in fifty is a day-old bot."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock

    async def account_facts(self, platform: str, user_id: str, channel: str) -> AccountFacts:
        days = 1 if is_bot(user_id) else 400
        return AccountFacts(created_at=self.clock.now() - timedelta(days=days))


def is_bot(user_id: str) -> bool:
    return int(user_id) % 50 == 7


async def _tiered_setting(
    runtime: Runtime,
    clock: ManualClock,
    plan: SimulationPlan,
    people: list[Claimant],
    rng: random.Random,
    setting: list[str],
) -> dict[str, object]:
    """An earlier episode whose winners hold it, three moderator lists, and the tiers using them."""
    service = runtime.service
    prequel = runtime.settings.drop_spec(
        PREQUEL,
        "Episode 3 pin",
        CHANNEL,
        supply=max(1, len(people) // 40),
        tiers=(Tier("public", EVERYONE),),
        series="season-1",
        beacon=False,
    )
    await service.create(prequel)
    fans = rng.sample(people, k=max(1, len(people) // 5))
    await asyncio.gather(
        *(service.claim(ClaimRequest(f"sim:ep3:{c.user_id}", CHANNEL, c)) for c in fans)
    )
    clock.advance(prequel.entry_window + timedelta(seconds=1))
    await service.close(CHANNEL, PREQUEL)
    prequel_id = (await service.status(CHANNEL, PREQUEL)).drop.id
    holders = await winners_of(runtime, prequel_id)
    for identity, _ in holders:
        await service.collect(prequel_id, identity)
    clock.advance(timedelta(hours=1))
    picks = [c.account for c in rng.sample(people, k=max(1, len(people) // 50))]
    banned = [c.account for c in rng.sample(people, k=max(1, len(people) // 200))]
    sponsors = ["twitch:999001", "discord:999002"]
    await asyncio.to_thread(_make_lists, runtime, clock.now(), picks, banned, sponsors)
    setting.append(
        f"earlier drop {PREQUEL!r}: {len(holders)} holders (early access, weight 3); "
        f"lists: {len(picks)} mods-picks (weight 2), {len(banned)} banned, "
        f"{len(sponsors)} guaranteed sponsors; accounts younger than 7 days are filtered"
    )
    return {
        "tiers": (
            Tier("holders", parse_rule([f"holder:{PREQUEL}"]), timedelta(0), 3),
            Tier("picks", parse_rule(["list:mods-picks"]), timedelta(0), 2),
            Tier(
                "subs",
                parse_rule(["badge:subscriber", "badge:founder", "badge:vip"]),
                timedelta(0),
                1,
            ),
            Tier("public", EVERYONE, timedelta(minutes=2), 1),
        ),
        "guaranteed": ("sponsors",),
        "anti_bot": AntiBot(min_account_age=timedelta(days=7)),
    }


def _make_lists(
    runtime: Runtime, now: datetime, picks: list[str], banned: list[str], sponsors: list[str]
) -> None:
    with runtime.uow() as uow:
        for name, kind, accounts in (
            ("mods-picks", ListKind.EARLY, picks),
            ("banned", ListKind.DENY, banned),
            ("sponsors", ListKind.GUARANTEED, sponsors),
        ):
            created = uow.lists.create(AllocationList(CHANNEL, name, kind, now, "sim-mod"))
            assert created.id is not None
            uow.lists.add_members(
                created.id, [ListMember(a, a.replace(":", "_"), now, "sim-mod") for a in accounts]
            )
        uow.commit()


def _filtered(runtime: Runtime, drop_id: int) -> dict[str, int]:
    with runtime.uow() as uow:
        return uow.filtered.counts(drop_id)


async def winners_of(runtime: Runtime, drop_id: int) -> list[tuple[str, str]]:
    def run() -> list[tuple[str, str]]:
        with runtime.uow() as uow:
            return [(a.identity, a.display_name) for a in uow.allocations.for_drop(drop_id)]

    return await asyncio.to_thread(run)


async def collect_codes(
    runtime: Runtime, drop_id: int, identities: list[str], rate: float, rng: random.Random
) -> None:
    for identity in identities:
        if rng.random() < rate:
            await runtime.service.collect(drop_id, identity)


async def redeem_codes(runtime: Runtime, drop_id: int, rate: float, rng: random.Random) -> None:
    def delivered() -> list[str]:
        with runtime.uow() as uow:
            records = [
                c for c in uow.codes.for_drop(drop_id) if c.delivered_at and not c.revoked_at
            ]
            return [reveal(runtime.keyring, c).short_code for c in records]

    for code in await asyncio.to_thread(delivered):
        if rng.random() < rate:
            await runtime.service.redeem(
                code, partner="sim-shop", order_value_cents=rng.choice([2500, 4000, 6500])
            )


async def _write_out(runtime: Runtime, drop: Drop, out: Path) -> list[Path]:
    await asyncio.to_thread(out.mkdir, parents=True, exist_ok=True)
    files: list[Path] = []
    if drop.drawn_at is not None:
        transcript = await runtime.service.transcript(drop.id)
        path = out / "transcript.json"
        path.write_text(transcript.to_json(), encoding="utf-8")
        files.append(path)

    def codes() -> list[list[str]]:
        with runtime.uow() as uow:
            rows = []
            for record in uow.codes.for_drop(drop.id):
                delivered = reveal(runtime.keyring, record)
                status = "revoked" if record.revoked_at else "live"
                rows.append(
                    [
                        str(record.serial),
                        record.holder,
                        delivered.short_code,
                        delivered.token,
                        status,
                    ]
                )
            return rows

    path = out / "codes.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["serial", "holder", "short_code", "token", "status"])
        writer.writerows(await asyncio.to_thread(codes))
    files.append(path)
    # The simulation's own throwaway public key, as `fairdrop keys show` prints keys: its
    # tokens check offline against this file and against no real keyring.
    path = out / "public-keys.txt"
    path.write_text(
        "".join(
            f"{public}  # {kid} (simulation)\n" for kid, public in runtime.keyring.public_paserks()
        ),
        encoding="utf-8",
    )
    files.append(path)
    return files


def start_time() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
