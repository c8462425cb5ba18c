"""Enter-button presses per second from Discord to durable entries:
``python -m benchmarks.bench_discord``.

The Discord path: the local fake Discord (``fakeplatforms/discord``, an aiohttp server on
127.0.0.1 speaking Discord's HTTP API v10 and gateway, zlib-stream compressed) and ``fairdrop
run`` (``bot.run.run``: the real discord.py 2.7 client with the persistent Enter button, the
cogs, the post board, ``DropService``) on a fresh, migrated SQLite file. A moderator runs
``/drop open bench supply=10 duration=1h early=0s``; once the drop post (with its Enter button)
is in the announcement channel, ``--presses`` distinct guild members press Enter: one
INTERACTION_CREATE each, dispatched at ``--rate`` a second (default 1,100: a tenth above the
target, because presses offered at exactly 1,000/s cannot be measured above 1,000/s, so a bot
that keeps up could never pass; one that falls behind queues presses past Discord's 3 s and the
run collapses) or, with ``--rate 0``,
back to back with ``FakeDiscord.press_many`` (~10,000/s here: a burst no sustained rate can
meet, whose p99 is the depth of the queue it builds: a stress run, not the target's measure).

The bot answers each the way ``bot/discord/enter.py`` does: an ephemeral
"thinking" deferral, the claim (``DropService.claim``, the entry and its inbound row committed
together), then an ephemeral follow-up that replaces the loading message.

Run twice: with the fake in the bot's process and event loop, as the end-to-end tests run it
(the fake's own work then takes CPU from the bot), and with the fake in a child process (as
Discord would be: the bot has its process to itself; the child is driven over a pipe).

What is measured, per press, from its dispatch (``FakeInteraction.created``: the fake's
``loop.time()`` just before the INTERACTION_CREATE frame is written to the gateway socket):

* deferral: to the bot's first interaction callback, as the fake recorded it
  (``FakeCallback.after``, taken when the callback request is handled);
* answer: to the follow-up that makes the ephemeral answer visible (the fake's record of the
  ``POST /webhooks/{app}/{token}`` request, ``RecordedRequest.at``, taken when it is answered);
* durable: to the first poll that sees the press's ``inbound_messages`` row (keyed
  ``discord:<interaction id>``, committed together with its entry) in the database file.

A child process (``benchmarks/entry_watcher.py``: a thread in the bot's process competed with
it for the GIL) polls the file every ``--poll-ms`` with its own sqlite3 connection (WAL:
committed transactions only) for the drop's new inbound rows, by rowid: each press makes one, in
the transaction of its entry, so the rows seen are the durable entries. Throughput: presses over
the time from the first dispatch to the poll that has seen every press's row. Times are
``time.monotonic()``, system-wide (asyncio's ``loop.time()`` on
Linux), one clock for every process. Afterwards: every press must have been answered
"You're in", every outcome ``entered``, and no callback refused as too late (404, code 10062,
past the fake's 3 s ``interaction_deadline``) for the run to count.

The fake runs with ``enforce_rate_limits=False``: Discord's global rate limit does not apply to
interaction callbacks, and the follow-ups are per-interaction-token buckets; the fake still
sends its ``X-RateLimit-*`` headers, which discord.py obeys.

Reference, in the same run: core-only, as many distinct claimants straight into
``DropService.claim`` (the ``bench_entries``/``bench_twitch`` path: ``common.run_claims``), all in
flight at once, on a fresh SQLite file at the default ``synchronous`` with the same drop spec.

Each is the best of ``--repeat`` runs, fresh fake, bot and database each time. The target is
checked on the child-process row, the layout of production (Discord's servers do not share the
bot's CPU); the in-loop row is reported beside it, as what the end-to-end tests' layout costs.
Exits 1 if the target is missed. Everything runs on fairdrop's event loop (``bot/loop.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from benchmarks.common import (
    CHANNEL,
    T0,
    FixedClock,
    count_rows,
    discord_requests,
    environment,
    file_settings,
    inbound_outcomes,
    percentile,
    quiet_loggers,
    run_claims,
    verdict,
)
from benchmarks.entry_watcher import EntryWatcher
from benchmarks.fake_process import ChildFake, LocalFake, serve_scene
from bot.bootstrap import open_runtime
from bot.config import DiscordGuildSettings, Settings
from bot.drop_presets import drop_spec
from bot.drops.keyring import Keyring
from bot.loop import run_on_loop
from bot.reports.text_table import render
from bot.run import run
from bot.store.tables import EntryRow
from fakeplatforms.discord import FakeDiscord, FakeInteraction  # imports discord.py, quietly
from tests.fixtures.settings import offline_settings

TARGET_RATE = 1_000  # presses per second, button press to durable entry
TARGET_P99_MS = 200.0  # dispatch to the deferral
DEFAULT_RATE = 1_100  # offered above the target: see the docstring

DROP = "bench"
SUPPLY, WINDOW, EARLY = 10, timedelta(hours=1), timedelta(0)
ENTRY_TABLE = str(EntryRow.__tablename__)
ENTERED = "You're in the"
LATE = 10062  # Discord's "Unknown interaction": the first callback came after 3 s
STOP_WITHIN = 15.0
STALL = 5.0  # seconds without a new entry after which the presses still missing are lost
# The post board edits each post at most this often (default 5 s); its loop sleeps that long
# without watching the stop event, so shutdown waits up to twice this.
POST_EDIT_INTERVAL = timedelta(seconds=1)


@dataclass
class Press:
    """What the fake saw of one press (times in seconds after its dispatch; None: never)."""

    id: int
    created: float  # loop.time() at dispatch
    deferral: float | None  # the first callback
    status: int  # of the first callback (0: none)
    late: int  # callbacks refused with 10062
    answer: float | None  # the follow-up
    entered: bool  # the visible answer says "You're in"


@dataclass
class PathResult:
    presses: int
    entered: int  # durable entries made (fewer than `presses` if some were refused as late)
    seconds: float  # first dispatch (or submit) to the last press seen durable
    latencies: list[float]  # the headline latency per press: to the deferral (core: the claim)
    answers: list[float] = field(default_factory=list)  # to the visible follow-up
    durable: list[float] = field(default_factory=list)  # to its inbound row seen committed
    dispatch_seconds: float = 0.0  # how long the fake took to dispatch every press
    late: int = 0
    unanswered: int = 0  # presses that got no callback at all
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.entered / self.seconds

    def ms(self, q: float, values: Sequence[float] | None = None) -> float:
        return percentile(self.latencies if values is None else values, q) * 1000


# --------------------------------------------------------------------------------------------
# The fake Discord, outside pytest


@contextlib.contextmanager
def pointed_discord() -> Iterator[None]:
    """Put back what `bot.discord.client.point_discord_at` moves (discord.py's endpoints, as
    `FakeDiscord.patch_discord` does under monkeypatch in the tests), and shorten the wait for
    guilds after READY as the end-to-end tests do."""
    import discord.gateway
    import discord.http

    import bot.discord.client

    saved = (
        discord.http.Route.BASE,
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
        bot.discord.client.GUILD_READY_TIMEOUT,
    )
    bot.discord.client.GUILD_READY_TIMEOUT = 0.05
    try:
        yield
    finally:
        (
            discord.http.Route.BASE,
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
            bot.discord.client.GUILD_READY_TIMEOUT,
        ) = saved


class Scene:
    """A fake Discord set up as the end-to-end test sets it up, plus `presses` members, driven
    by operation name (so the same code serves in this process and in a child)."""

    def __init__(self, fake: FakeDiscord, presses: int) -> None:
        self.fake = fake
        self.guild = fake.add_guild("Bench", channels=("general", "drops"))
        self.announce = self.guild.channel("drops")
        self.moderator = fake.add_member(self.guild, "mod", permissions="manage_guild")
        self.fans = [fake.add_member(self.guild, f"fan{i:07d}") for i in range(presses)]
        self.pressed: list[FakeInteraction] = []
        self.requests_before = 0

    def info(self) -> dict[str, str]:
        f = self.fake
        return {
            "application_id": str(f.application_id),
            "api_base": f.api_base,
            "gateway_url": f.gateway_url,
            "bot_token": f.bot_token,
            "guild_id": str(self.guild.id),
            "announce_id": str(self.announce.id),
        }

    async def call(self, op: str, arg: Any = None) -> Any:
        f = self.fake
        if op == "connected":
            await f.wait_until(lambda: f.connected, within=15)
        elif op == "open":
            opened = await f.slash(
                self.moderator, "drop open", name=DROP, supply=SUPPLY, duration="1h", early="0s"
            )
            said = await opened.wait_content(timeout=15)
            if "is open" not in said:
                raise RuntimeError(f"/drop open said {said!r}")
            (self.post,) = await f.wait_for_message(
                self.announce, lambda m: bool(m.custom_ids), within=15
            )
            self.custom_id = self.post.custom_ids[0]
            return int(self.custom_id.rsplit(":", 1)[1])  # the drop id
        elif op == "press":
            return await self._press(float(arg or 0))
        elif op == "results":
            return await self._results(float(arg))
        else:
            raise ValueError(op)
        return None

    async def _press(self, rate: float) -> tuple[float, float]:
        """Every member presses Enter, back to back (`press_many`) or `rate` a second."""
        f = self.fake
        self.requests_before = len(f.requests)
        start = time.monotonic()
        if not rate:
            self.pressed = await f.press_many(self.fans, self.post, self.custom_id)
        else:
            self.pressed = []
            for i, fan in enumerate(self.fans):
                ahead = start + i / rate - time.monotonic()
                if ahead > 0:
                    await asyncio.sleep(ahead)
                self.pressed.append(await f.press(fan, self.post, self.custom_id, wait=False))
        return self.pressed[0].created, time.monotonic() - start

    async def _results(self, within: float) -> dict[str, Any]:
        """Once every press is answered (or `within` is up): what the fake saw of each."""
        f = self.fake
        pressed = self.pressed
        done = 0

        def finished(ix: FakeInteraction) -> bool:  # answered, or its deferral was refused
            return ix.content is not None or bool(ix.callbacks and not ix.responded)

        def answered() -> bool:  # incremental: the predicate runs on every change in the fake
            nonlocal done
            while done < len(pressed) and finished(pressed[done]):
                done += 1
            return done == len(pressed)

        with contextlib.suppress(TimeoutError):
            await f.wait_until(answered, within=within)
        hook = f"/webhooks/{f.application_id}/"
        followed: dict[str, float] = {}
        requests = f.requests[self.requests_before :]
        for r in requests:
            if r.method == "POST" and r.path.startswith(hook) and r.status < 300:
                followed.setdefault(r.path[len(hook) :], r.at)
        out = []
        for ix in pressed:
            first = ix.callbacks[0] if ix.callbacks else None
            answered_at = followed.get(ix.token)
            out.append(
                Press(
                    ix.id,
                    ix.created,
                    None if first is None else first.after,
                    0 if first is None else first.status,
                    sum(cb.code == LATE for cb in ix.callbacks),
                    None if answered_at is None else answered_at - ix.created,
                    ENTERED in (ix.content or ""),
                )
            )
        routes: dict[str, int] = {}
        for r in requests:
            key = f"{r.method} {r.route}"
            routes[key] = routes.get(key, 0) + 1
        too_many = sum(r.status == 429 for r in requests)
        return {"presses": out, "routes": routes, "statuses_429": too_many}


def _new_fake() -> FakeDiscord:
    return FakeDiscord(enforce_rate_limits=False)


def _scene(presses: int) -> Callable[[Any], Scene]:
    return lambda fake: Scene(fake, presses)


def _local(presses: int) -> LocalFake:
    return LocalFake(_new_fake(), _scene(presses))


def _child_main(conn: Connection, presses: int) -> None:
    run_on_loop(serve_scene(conn, _new_fake(), _scene(presses)))


def _child(presses: int) -> ChildFake:
    return ChildFake(_child_main, presses, "fake Discord")


def _settings(path: Path, info: dict[str, str]) -> Settings:
    """As the end-to-end test: Discord enabled against the fake, one guild with its
    announcement channel (the post board's edit interval left at its default)."""
    base = offline_settings()
    guild = DiscordGuildSettings(
        id=info["guild_id"], name="main", announce_channel_id=info["announce_id"]
    )
    return base.model_copy(
        update={
            "database": base.database.model_copy(update={"url": f"sqlite:///{path}"}),
            "discord": base.discord.model_copy(
                update={
                    "enabled": True,
                    "application_id": info["application_id"],
                    "api_base": info["api_base"],
                    "gateway_url": info["gateway_url"],
                    "post_edit_interval": POST_EDIT_INTERVAL,
                    "guilds": [guild],
                }
            ),
        }
    )


async def _discord_run(
    path: Path, presses: int, poll: float, rate: float, fake: LocalFake | ChildFake
) -> PathResult:
    async with fake:
        info = fake.info
        stop, ready = asyncio.Event(), asyncio.Event()
        task = asyncio.create_task(
            run(
                _settings(path, info),
                Keyring.new(datetime.now(UTC)),
                stop=stop,
                env={"FAIRDROP_DISCORD_TOKEN": info["bot_token"]},
                ready=ready,
            )
        )
        watcher: EntryWatcher | None = None
        forced = False
        try:
            await asyncio.wait_for(ready.wait(), 15)
            await fake.call("connected")
            drop_id = await fake.call("open")
            watcher = EntryWatcher(path, drop_id, presses, poll)
            await asyncio.to_thread(watcher.start)
            cpu = _cpu()
            start, dispatch_seconds = await fake.call("press", rate)
            await _wait_durable(watcher)
            cpu = _cpu() - cpu
            await asyncio.to_thread(watcher.stop)
            seen = dict(watcher.seen)
            results = await fake.call("results", 30.0)
        finally:
            if watcher is not None:
                await asyncio.to_thread(watcher.stop)
            stop.set()
            try:
                await asyncio.wait_for(task, STOP_WITHIN)
            except TimeoutError:  # wait_for has cancelled it
                forced = True
    pressed: list[Press] = results["presses"]
    outcomes = inbound_outcomes(path)
    entries = count_rows(path, ENTRY_TABLE, f"drop_id = {int(drop_id)}")
    told = sum(p.entered for p in pressed)  # answered "You're in"
    if set(outcomes) - {"entered"} or not entries == outcomes.get("entered", 0) == told:
        raise RuntimeError(
            f"{entries:,} entries, outcomes {outcomes}, {told:,} of {presses:,} told they are in"
        )
    if watcher.done.is_set():
        seconds = watcher.finished_at - start
    else:  # some presses were lost (refused as late): up to the last entry that was made
        seconds = max(seen.values(), default=start + 1) - start
    if any(p.deferral is None and p.entered for p in pressed):
        raise RuntimeError("a press was answered without a callback the fake saw")
    # The bot's first callback, accepted or refused as late: when its deferral reached Discord.
    deferrals = [p.deferral for p in pressed if p.deferral is not None]
    answers = [p.answer for p in pressed if p.answer is not None]
    durable = [seen[f"discord:{p.id}"] - p.created for p in pressed if f"discord:{p.id}" in seen]
    return PathResult(
        presses,
        entries,
        seconds,
        deferrals,
        answers,
        durable,
        dispatch_seconds,
        late=sum(p.late for p in pressed),
        unanswered=sum(p.deferral is None for p in pressed),
        extra={
            "forced": forced,
            "routes": results["routes"],
            "429": results["statuses_429"],
            "polls": watcher.polls,
            "cpu": cpu,
        },
    )


async def _wait_durable(watcher: EntryWatcher) -> None:
    """Until every press is a durable entry, or the count has not moved for `STALL` seconds
    (presses refused as late never become entries)."""
    count, moved = -1, time.monotonic()
    while not watcher.done.is_set():
        await asyncio.to_thread(watcher.done.wait, 0.5)
        if watcher.entries.value != count:
            count, moved = watcher.entries.value, time.monotonic()
        elif time.monotonic() - moved > STALL:
            return


def _cpu() -> float:
    """CPU seconds this process has used (every thread: the loop, the database threads)."""
    t = os.times()
    return t.user + t.system


# --------------------------------------------------------------------------------------------
# Reference


async def _core_run(path: Path, presses: int, concurrency: int) -> PathResult:
    """Distinct Discord members straight into `DropService.claim`, as the Enter button builds
    their requests (no roles), on the same drop spec."""
    settings = file_settings(path, Settings().database.sqlite_synchronous)
    clock = FixedClock(T0)
    async with open_runtime(settings, Keyring.new(T0), clock=clock, migrate=True) as runtime:
        service = runtime.service
        spec = drop_spec(settings, CHANNEL, DROP, supply=SUPPLY, entry_window=WINDOW, early=EARLY)
        await service.create(spec)
        clock.at = T0 + timedelta(seconds=1)
        cpu = _cpu()
        requests = discord_requests(presses, DROP)
        result = await run_claims(service, requests, concurrency)
        cpu = _cpu() - cpu
        batches = service.intake.batches
    if result.outcomes != {"entered": presses} or count_rows(path, ENTRY_TABLE) != presses:
        raise RuntimeError(f"core-only: expected {presses:,} entries, got {result.outcomes}")
    return PathResult(
        presses, presses, result.seconds, result.latencies, extra={"batches": batches, "cpu": cpu}
    )


# --------------------------------------------------------------------------------------------


class _LateRefusals(logging.Filter):
    """discord.py logs every press whose deferral came too late (10062 from the fake) as an
    exception in the view, with its traceback; the fake counts them, so they are dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped = 0

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if getattr(error, "code", None) == LATE:
            self.dropped += 1
            return False
        return True


@dataclass
class Results:
    local: PathResult  # the fake in the bot's event loop
    child: PathResult  # the fake in a child process
    core: PathResult
    discord_runs: int = 0
    forced_stops: int = 0  # Discord runs where `fairdrop run` had to be cancelled after stop
    invalid: list[str] = field(default_factory=list)  # runs with late or unanswered presses


def measure(
    presses: int,
    repeat: int,
    concurrency: int,
    poll: float,
    rate: float,
    where: str | None,
    layouts: Sequence[str] = ("local", "child"),
) -> Results:
    """Each path the best (shortest) of `repeat` runs, each run on fresh everything. A run
    with a press refused as late or left unanswered is reported and never the best."""
    runs: dict[str, list[PathResult]] = {"local": [], "child": [], "core": []}
    fakes: dict[str, Callable[[int], LocalFake | ChildFake]] = {"local": _local, "child": _child}
    with tempfile.TemporaryDirectory(prefix="fairdrop-bench-", dir=where) as tmp:
        for r in range(max(1, repeat)):
            for name in layouts:
                db = Path(tmp) / f"{name}-{r}.db"
                with pointed_discord():
                    fake = fakes[name](presses)
                    result = run_on_loop(_discord_run(db, presses, poll, rate, fake))
                runs[name].append(result)
            core_db = Path(tmp) / f"core-{r}.db"
            runs["core"].append(run_on_loop(_core_run(core_db, presses, concurrency)))

    def best(results: list[PathResult]) -> PathResult:
        return min(results, key=lambda x: (bool(x.late or x.unanswered), -x.rate))

    discord_runs = runs["local"] + runs["child"]
    invalid = [
        f"{name} run {i + 1}: {x.late:,} late (10062), {x.unanswered:,} unanswered"
        for name in layouts
        for i, x in enumerate(runs[name])
        if x.late or x.unanswered
    ]
    forced = sum(bool(x.extra.get("forced")) for x in discord_runs)
    return Results(
        best(runs["local"]) if runs["local"] else best(runs["child"]),
        best(runs["child"]) if runs["child"] else best(runs["local"]),
        best(runs["core"]),
        len(discord_runs),
        forced,
        invalid,
    )


def _meets_target(r: PathResult) -> bool:
    return r.rate >= TARGET_RATE and r.ms(99) < TARGET_P99_MS and not r.late and not r.unanswered


def _ms(r: PathResult, q: float, values: Sequence[float]) -> object:
    return round(r.ms(q, values), 1) if values else "-"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_discord",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--presses", type=int, default=5000, help="distinct members, one Enter press each"
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs per path (best wins)")
    parser.add_argument(
        "--rate",
        type=float,
        default=DEFAULT_RATE,
        help="presses a second the fake dispatches (default 1,100; 0: back to back, a burst)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="core-only claims in flight (default: all of them, as the presses arrive)",
    )
    parser.add_argument(
        "--poll-ms",
        type=float,
        default=5.0,
        help="how often the entry watcher polls the file (default 5; it shares the 2 CPUs)",
    )
    parser.add_argument("--dir", default=None, help="where the temporary databases go")
    args = parser.parse_args(argv)
    concurrency = args.concurrency or args.presses

    # The bot logs its starts and stops; only trouble belongs beside the table (and discord's
    # "voice will NOT be supported").
    quiet = {"fairdrop": logging.WARNING, "bot": logging.WARNING, "discord": logging.ERROR}
    late_logs = _LateRefusals()
    view_log = logging.getLogger("discord.ui.view")
    view_log.addFilter(late_logs)
    try:
        with quiet_loggers(quiet):
            res = measure(
                args.presses, args.repeat, concurrency, args.poll_ms / 1000, args.rate, args.dir
            )
    finally:
        view_log.removeFilter(late_logs)

    core = res.core
    target = f">= {TARGET_RATE:,}/s, deferral p99 < {TARGET_P99_MS:.0f} ms, 0 late"
    rows: list[tuple[object, ...]] = []
    failed = False
    layouts = (
        ("discord, fake in the bot's loop", res.local),
        ("discord, fake in a child process", res.child),
    )
    for label, r in layouts:
        ok = _meets_target(r)
        checked = r is res.child  # the production layout; the in-loop row is for comparison
        failed |= checked and not ok
        rows.append(
            (
                label,
                r.presses,
                r.entered,
                round(r.seconds, 3) if r.entered else "-",
                round(r.rate),
                _ms(r, 50, r.latencies),
                _ms(r, 99, r.latencies),
                _ms(r, 50, r.answers),
                _ms(r, 99, r.answers),
                _ms(r, 99, r.durable),
                r.late,
                f"{r.rate / core.rate:.1%}",
                target if checked else "(not checked)",
                verdict(ok) if checked else "info",
            )
        )
    rows.append(
        (
            "core-only: DropService.claim",
            core.presses,
            core.entered,
            round(core.seconds, 3),
            round(core.rate),
            round(core.ms(50), 1),
            round(core.ms(99), 1),
            "-",
            "-",
            "-",
            "-",
            "100.0%",
            "-",
            "ref",
        )
    )
    pace = f"{args.rate:,.0f}/s" if args.rate else "back to back"
    print(
        render(
            [
                "path",
                "presses",
                "entered",
                "seconds",
                "entries/s",
                "defer p50 ms",
                "defer p99 ms",
                "answer p50 ms",
                "answer p99 ms",
                "durable p99 ms",
                "late (10062)",
                "vs core-only",
                "target",
                "verdict",
            ],
            rows,
            title=f"Enter button from Discord to a durable lottery entry, SQLite file ({pace})",
        )
    )
    print()
    detail: list[tuple[object, ...]] = []
    for label, r in (("fake in loop", res.local), ("fake in child", res.child)):
        routes: dict[str, int] = r.extra["routes"]
        detail.append(
            (
                label,
                round(r.dispatch_seconds, 3),
                round(r.presses / r.dispatch_seconds),
                round(max(r.latencies, default=0) * 1000, 1),
                round(max(r.answers, default=0) * 1000, 1),
                round(r.extra["cpu"] / r.presses * 1000, 3),
                routes.get("POST /interactions/{interaction_id}/{token}/callback", 0),
                routes.get("POST /webhooks/{application_id}/{token}", 0),
                routes.get("PATCH /channels/{channel_id}/messages/{message_id}", 0),
                sum(routes.values()),
                r.extra["429"],
                r.unanswered,
            )
        )
    detail.append(
        ("core-only", "-", "-", "-", "-", round(core.extra["cpu"] / core.presses * 1000, 3))
        + ("-",) * 6
    )
    print(
        render(
            [
                "run",
                "dispatch s",
                "dispatched/s",
                "max defer ms",
                "max answer ms",
                "CPU ms/press",
                "callbacks",
                "follow-ups",
                "post edits",
                "HTTP calls",
                "429s",
                "unanswered",
            ],
            detail,
            title="Best runs: the fake's dispatch loop, the bot's CPU, what it asked of Discord",
        )
    )
    print()
    for label, r in (("fake in loop", res.local), ("fake in child", res.child)):
        if not _meets_target(r):
            print(
                f"{'missed' if r is res.child else 'below target'} ({label}): "
                f"{r.rate:,.0f}/s is {r.rate / TARGET_RATE:.0%} of the "
                f"{TARGET_RATE:,}/s target; deferral p99 {r.ms(99):,.1f} ms against "
                f"{TARGET_P99_MS:.0f} ms; {r.late:,} late, {r.unanswered:,} unanswered"
            )
    for line in res.invalid:
        print(f"invalid run (presses refused as late or unanswered): {line}")
    if res.invalid and not args.rate:
        print(
            "late: the whole burst is dispatched in well under a second and every press's "
            "deferral is in flight at once, so they all reach Discord late together; "
            "--rate N paces the presses to find the rate the bot sustains"
        )
    print(
        "discord: first INTERACTION_CREATE dispatched to the poll that has seen every press "
        f"durable (a watcher process polling the file every {args.poll_ms:g} ms); per press, "
        "from its dispatch: defer = the bot's first callback as the fake received it, answer = the "
        "follow-up that replaces the ephemeral 'thinking' message, durable = its inbound row "
        "seen committed"
    )
    print(
        "the fake: enforce_rate_limits=False (Discord applies no global limit to interaction "
        "responses; follow-ups have per-token buckets), interaction_deadline 3 s; 'late' counts "
        "callbacks refused with 10062, and a run with any is invalid"
    )
    print(
        f"core-only: {concurrency:,} claims in flight, submit to acknowledged (committed) "
        f"outcome, {core.extra['batches']:,} transactions"
    )
    print(
        "CPU ms/press: the bot process's CPU (all threads; the entry watcher is a process of its "
        "own) from the first dispatch to every entry durable, per press; with the fake in the loop "
        "it includes the fake's; core-only: per claim"
    )
    if res.forced_stops:
        print(
            f"shutdown: in {res.forced_stops} of {res.discord_runs} Discord runs `fairdrop run` "
            f"had not stopped {STOP_WITHIN:g} s after its stop event and was cancelled"
        )
    print(f"best of {args.repeat} runs each")
    print(environment())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
