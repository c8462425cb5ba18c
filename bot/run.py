"""`fairdrop run`: the service with its platform clients, in one TaskGroup with one way out.

What runs: the scheduler (APScheduler jobs that move drops along by the clock, see
`bot.scheduler`), the Twitch bot (chat in), the outbound sender (outbox to chat), the flush of
batched acknowledgements, the Discord bot and its senders, the web app, and with Redis the
subscription to drop events (`bot.store.drop_signals`), which wakes the senders and refreshes
the Discord posts when any process changes a drop. A stop event (SIGINT/SIGTERM in the CLI)
ends every task and closes the clients.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.bootstrap import Runtime, open_runtime
from bot.config import (
    ENV_DISCORD_TOKEN,
    ENV_TWITCH_REFRESH,
    ENV_TWITCH_SECRET,
    ENV_TWITCH_TOKEN,
    ConfigError,
    Settings,
    TwitchSettings,
    session_secrets,
)
from bot.drops.keyring import Keyring
from bot.drops.service import DropService
from bot.gating.antibot import CachedFacts
from bot.gating.link_service import LinkService
from bot.gating.rules import ConditionKind
from bot.gating.service import ListService
from bot.gc_tuning import tuned_gc
from bot.kernel.clock import Clock
from bot.loop import running_loop_name
from bot.scheduler import DropScheduler, WallClock, job_store
from bot.store.drop_clock import clear_anchor
from bot.store.drop_signals import DropListener, DropSignals, Wakes
from bot.store.tokens import TokenStore
from bot.twitch.facts import TwitchLogins

if TYPE_CHECKING:
    from aiohttp import web as aiohttp_web

    from bot.discord.client import FairdropDiscordBot
    from bot.twitch.client import FairdropTwitchBot
    from bot.web.health import Check

log = logging.getLogger("fairdrop")

FLUSH_SECONDS = 2.0
SCHEDULER_LEASE = "scheduler"


def twitch_secrets(env: Mapping[str, str]) -> tuple[str, str, str]:
    """The Twitch secrets from the environment, or ConfigError naming the missing one."""
    values = []
    for name in (ENV_TWITCH_SECRET, ENV_TWITCH_TOKEN, ENV_TWITCH_REFRESH):
        value = env.get(name, "")
        if not value:
            raise ConfigError(f"${name} is not set: Twitch is enabled and needs it")
        values.append(value)
    return values[0], values[1], values[2]


def point_twitchio_at(twitch: TwitchSettings) -> None:
    """twitchio reads its endpoints from module attributes: point them at the configured ones."""
    import twitchio.eventsub.websockets
    import twitchio.http

    twitchio.http.Route.BASE = twitch.api_base
    twitchio.http.Route.ID_BASE = twitch.auth_base
    twitchio.eventsub.websockets.WSS = twitch.eventsub_url


def ages_asked(settings: Settings) -> tuple[bool, bool]:
    """Whether the configured drops ask about account age, and about follows."""
    drops, tiers = settings.drops, settings.tiers()

    def uses(kind: ConditionKind) -> bool:
        return any(t.rule.names(kind) for t in tiers)

    follows = bool(drops.min_follow_age) or uses(ConditionKind.FOLLOW_AGE)
    return bool(drops.min_account_age) or uses(ConditionKind.ACCOUNT_AGE), follows


async def run(
    settings: Settings,
    keyring: Keyring,
    *,
    stop: asyncio.Event,
    clock: Clock | None = None,
    env: Mapping[str, str] | None = None,
    ready: asyncio.Event | None = None,
) -> None:
    """Run until `stop` is set."""
    env = os.environ if env is None else env
    if settings.discord.enabled and not env.get(ENV_DISCORD_TOKEN):
        raise ConfigError(f"${ENV_DISCORD_TOKEN} is not set: Discord is enabled and needs it")
    if settings.web.enabled:
        session_secrets(env)  # a bad secret stops the start here, in one line
    async with open_runtime(settings, keyring, clock=clock, migrate=True) as runtime:
        service = runtime.service
        if clock is None and settings.scheduler.time_scale == 1:
            await asyncio.to_thread(clear_anchor, runtime.engine)  # real time is the wall's
        wall_clock = _clock(service.clock)
        links = LinkService(service.tx, service.clock, os.urandom)
        lists = ListService(service.tx, service.clock)
        listeners: list[DropListener] = []  # who hears of drop changes, from any process
        sink_checks: dict[str, Check] = {}  # /healthz: is each sink getting its messages out
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(_schedule(runtime, wall_clock, stop), name="scheduler")
            twitch_bot = None
            if settings.twitch.enabled:
                tokens = TokenStore(runtime.engine, keyring)
                twitch_bot = await _start_twitch(
                    settings, runtime.service, links, env, stop, tasks, tokens, listeners,
                    sink_checks,
                )  # fmt: skip
                # Twitch logins typed in list commands and imports are looked up on Helix.
                lists.logins = TwitchLogins(twitch_bot)
            discord_bot = None
            if settings.discord.enabled:
                discord_bot = _start_discord(
                    runtime, links, lists, env[ENV_DISCORD_TOKEN], stop, tasks, listeners,
                    sink_checks,
                )  # fmt: skip
            if settings.web.enabled:
                listening = _start_web(
                    runtime, env, stop, tasks, twitch_bot, discord_bot, sink_checks
                )
                # Not "running" before the web app listens: a port in use ends the run here.
                await listening.wait()
            if runtime.signals is not None and listeners:
                tasks.create_task(
                    listen_for_drop_events(runtime.signals, listeners, stop), name="drop-events"
                )
            log.info("fairdrop running on %s", running_loop_name())
            if ready is not None:
                ready.set()
            with tuned_gc():  # startup is done: see bot.gc_tuning
                await stop.wait()
    log.info("fairdrop stopped")


class _Unscaled:
    """A clock given without a wall-time mapping (tests): drop time is wall time."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def now(self) -> datetime:
        return self.clock.now()

    def to_wall(self, at: datetime) -> datetime:
        return at


def _clock(clock: Clock) -> WallClock:
    """The service's clock, with the mapping to wall time the scheduler needs."""
    return clock if isinstance(clock, WallClock) else _Unscaled(clock)


async def _schedule(runtime: Runtime, clock: WallClock, stop: asyncio.Event) -> None:
    """Run the scheduler; with Redis, only while this process holds the scheduler lease, so
    one of several processes moves drops along, and another takes over if it dies.

    Each time this process takes the lease it gets a new fencing token from the database, and
    every job checks it in its own transaction: a holder superseded without noticing yet (Redis
    lost the lease; it stalled past the expiry) does nothing, so exactly one process acts."""
    settings = runtime.settings
    scheduler = DropScheduler(
        runtime.service,
        job_store(runtime.engine),
        clock,
        replan_every=settings.scheduler.replan_every.total_seconds(),
    )
    hot = settings.hot_state
    if hot.backend != "redis":
        await scheduler.run(stop)
        return
    from bot.store.lease import Held, Leases, lead

    async def run_while_held(held: Held) -> None:
        try:
            scheduler.fence = await runtime.service.issue_fence(SCHEDULER_LEASE)
        except Exception as error:  # the database is away: give the lease up, try again
            log.error("scheduler lease: no fencing token from the database: %r", error)
            return
        log.info("this process runs the scheduler (fencing token %d)", scheduler.fence.token)
        await _until_either(stop, held.lost, scheduler.run)
        if held.lost.is_set():
            log.warning("scheduler lease lost; another process takes over")

    ttl = settings.scheduler.lease.total_seconds()
    leases = Leases.from_url(hot.url, prefix=hot.prefix, ttl=ttl)
    try:
        await lead(leases, SCHEDULER_LEASE, run_while_held, stop)
    finally:
        await leases.aclose()


async def _until_either(
    stop: asyncio.Event,
    lost: asyncio.Event,
    work: Callable[[asyncio.Event], Awaitable[None]],
) -> None:
    """Run `work` with an event set by whichever of `stop` and `lost` comes first."""
    either = asyncio.Event()

    async def relay(event: asyncio.Event) -> None:
        await event.wait()
        either.set()

    relays = [asyncio.create_task(relay(stop)), asyncio.create_task(relay(lost))]
    try:
        await work(either)
    finally:
        for relay_task in relays:
            relay_task.cancel()


async def listen_for_drop_events(
    signals: DropSignals, listeners: list[DropListener], stop: asyncio.Event
) -> None:
    """Hand drop events to this process's listeners until `stop`, then cancel the subscription
    (it would wait on Redis for ever). Should it fail, it is logged and the process goes on:
    the senders still poll the outbox, only later."""
    listening = asyncio.ensure_future(signals.listen(listeners))
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({listening, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        listening.cancel()
        stopping.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await stopping
        try:
            await listening
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("listening for drop events failed; the senders fall back to polling")


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def _start_twitch(
    settings: Settings,
    service: DropService,
    links: LinkService,
    env: Mapping[str, str],
    stop: asyncio.Event,
    tasks: asyncio.TaskGroup,
    tokens: TokenStore,
    listeners: list[DropListener],
    sink_checks: dict[str, Check],
) -> FairdropTwitchBot:
    from bot.twitch.acks import AckBook
    from bot.twitch.chat import ChatGateway
    from bot.twitch.client import (
        FairdropTwitchBot,
        TwitchChannel,
        TwitchChatPort,
        TwitchCredentials,
    )
    from bot.twitch.facts import TwitchFacts
    from bot.twitch.outbound import MODERATOR_LIMIT, OutboundSender

    twitch = settings.twitch
    secret, token, refresh = twitch_secrets(env)
    point_twitchio_at(twitch)
    channels = [TwitchChannel(c.name, c.broadcaster_id) for c in twitch.channels]
    credentials = TwitchCredentials(twitch.client_id, secret, twitch.bot_id, token, refresh)
    sender: OutboundSender | None = None

    async def say(channel: str, text: str) -> None:
        assert sender is not None
        await sender.say(channel, text)

    acks = AckBook()  # filled by the gateway, said by the sender, in order with the outbox
    gateway = ChatGateway(service, links, settings, say, acks)
    bot = FairdropTwitchBot(credentials, channels, gateway, tokens)
    # Anti-bot facts from Helix, looked up in batches and cached for an hour per person, and
    # only when a rule asks about ages: otherwise every claim would wait on Helix for nothing.
    # Drops opened from chat take their tiers and anti-bot settings from this config.
    accounts, follows = ages_asked(settings)
    if accounts or follows:
        service.facts = CachedFacts(
            TwitchFacts(
                bot,
                {c.name: c.broadcaster_id for c in channels},
                follows=follows,
                token_for=twitch.bot_id,
            ),
            service.clock,
        )
    # With the web app up, chat points at each drop's transparency page for the fairness check.
    web = settings.web
    verify_url = f"{web.public_url.rstrip('/')}/drops/{{drop_id}}" if web.enabled else ""
    # This process delivers the outbox rows of the channels it joins, and only those: another
    # process, joining other channels, delivers theirs (see "Several processes" in the README).
    # Every sink stamps its deliveries with the drops' clock, and fails by the one policy.
    retry = settings.outbox.retry_policy()
    sender = OutboundSender(
        TwitchChatPort(bot, channels),
        service.tx,
        claim_url=twitch.claim_url,
        verify_url=verify_url,
        channels=[c.name for c in channels],
        acks=acks,
        now=service.clock.now,
        retry=retry,
    )
    if twitch.moderator:
        for channel in channels:
            sender.set_limit(channel.name, MODERATOR_LIMIT)
    listeners.append(Wakes(sender.notify))
    twitch_sender = sender

    async def chat_sending() -> bool:
        return not twitch_sender.failing

    sink_checks["twitch-chat"] = chat_sending

    async def run_bot() -> None:
        try:
            await bot.start(with_adapter=False, load_tokens=False, save_tokens=False)
        finally:
            stop.set()

    async def close_bot() -> None:
        # Also when the task group is cancelled (another task failed): a client left open keeps
        # its sockets and discord.py's heartbeat thread running past the end of run().
        try:
            await stop.wait()
        finally:
            with contextlib.suppress(Exception):
                await bot.close()

    tasks.create_task(run_bot(), name="twitch")
    tasks.create_task(close_bot(), name="twitch-close")
    tasks.create_task(sender.run(stop), name="twitch-outbound")
    tasks.create_task(_every(FLUSH_SECONDS, sender.say_acks, stop), name="twitch-acks")
    if twitch.whisper_winners:
        from bot.twitch.announcements import Links
        from bot.twitch.client import TwitchWhisperPort
        from bot.twitch.whispers import MAX_ATTEMPTS, WhisperNotifier

        whispers = WhisperNotifier(
            TwitchWhisperPort(bot),
            service.tx,
            Links(twitch.claim_url),
            service.clock.now,
            budget=twitch.whisper_budget,
            retry=replace(retry, max_attempts=min(retry.max_attempts, MAX_ATTEMPTS)),
        )
        tasks.create_task(whispers.run(stop), name="twitch-whispers")
    return bot


def _start_discord(
    runtime: Runtime,
    links: LinkService,
    lists: ListService,
    token: str,
    stop: asyncio.Event,
    tasks: asyncio.TaskGroup,
    listeners: list[DropListener],
    sink_checks: dict[str, Check],
) -> FairdropDiscordBot:
    from bot.discord.client import FairdropDiscordBot, point_discord_at
    from bot.discord.community import Communities
    from bot.discord.context import DiscordContext
    from bot.discord.posts import PostBoard
    from bot.discord.refresh import DiscordRefresh
    from bot.discord.sender import DiscordSender
    from bot.store.discord_store import DiscordStore

    settings = runtime.settings.discord
    point_discord_at(settings)
    store = DiscordStore(runtime.engine)
    context = DiscordContext(
        runtime.service, lists, links, runtime.settings, Communities(settings.guilds, store), store
    )
    bot = FairdropDiscordBot(context, int(settings.application_id))
    board = PostBoard(bot, context, settings.post_edit_interval.total_seconds())
    context.board = board
    outbox = runtime.settings.outbox
    sender = DiscordSender(
        bot,
        context,
        board,
        retry=outbox.retry_policy(),
        timeout=outbox.delivery_timeout.total_seconds(),
    )
    listeners.append(DiscordRefresh(sender, board, context.recent))

    async def outbox_sending() -> bool:
        return not sender.sink.failing  # a lane is failing until a delivery in it goes through

    sink_checks["discord-outbox"] = outbox_sending

    async def run_bot() -> None:
        try:
            await bot.start(token)
        finally:
            stop.set()

    async def when_ready() -> None:
        # Posting needs a logged-in client; the outbox waits (durably) until then.
        ready = asyncio.ensure_future(bot.wait_until_ready())
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({ready, stopping}, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        stopping.cancel()
        if stop.is_set():
            return
        log.info("Discord ready as %s", bot.user)
        async with asyncio.TaskGroup() as inner:
            inner.create_task(sender.run(stop), name="discord-outbox")
            inner.create_task(board.run(stop), name="discord-posts")

    async def close_bot() -> None:
        # Also when the task group is cancelled (another task failed): a client left open keeps
        # its sockets and discord.py's heartbeat thread running past the end of run().
        try:
            await stop.wait()
        finally:
            with contextlib.suppress(Exception):
                await bot.close()

    tasks.create_task(run_bot(), name="discord")
    tasks.create_task(when_ready(), name="discord-ready")
    tasks.create_task(close_bot(), name="discord-close")
    return bot


def _start_web(
    runtime: Runtime,
    env: Mapping[str, str],
    stop: asyncio.Event,
    tasks: asyncio.TaskGroup,
    twitch_bot: FairdropTwitchBot | None,
    discord_bot: FairdropDiscordBot | None,
    sink_checks: dict[str, Check],
) -> asyncio.Event:
    """The claim page, partner API, public keys, transparency pages, /healthz and /metrics;
    the event is set once the web app listens."""
    from bot.outbox.parked import parked_report
    from bot.store.figures import totals
    from bot.store.hot_redis import RedisHotState
    from bot.store.partners import PartnerStore
    from bot.web.app import make_app
    from bot.web.health import HealthProbe, database_check
    from bot.web.listener import ListenerLimits
    from bot.web.metrics import Metrics, metrics_app
    from bot.web.serve import serve_web

    service, engine, settings = runtime.service, runtime.engine, runtime.settings
    # Partner keys are read and written on the service's one database thread, like everything.
    partners = PartnerStore(engine, lambda fn: service.tx.run(lambda _uow: fn()))
    probe = HealthProbe({"database": database_check(service.tx), **sink_checks})
    if isinstance(service.hot, RedisHotState):
        hot = service.hot

        async def redis_answering() -> bool:
            return await asyncio.to_thread(hot.answering)

        probe.add("redis", redis_answering)

    async def outbox_detail() -> object:
        return (await parked_report(service.tx)).as_json()

    probe.detail("outbox", outbox_detail)  # what the sinks gave up on: shown, not unhealthy
    sinks = []
    served: dict[str, list[str]] = {}
    if twitch_bot is not None:
        twitch = twitch_bot
        sinks.append("twitch")
        served["twitch"] = [c.name for c in settings.twitch.channels]  # what its sender reads

        async def twitch_listening() -> bool:
            return await twitch.listening()

        probe.add("twitch", twitch_listening)
    if discord_bot is not None:
        discord = discord_bot
        sinks.append("discord")

        async def discord_connected() -> bool:
            return discord.is_ready() and not discord.is_closed() and discord.gateway_up

        probe.add("discord", discord_connected)

    async def figures() -> dict[str, float | dict[str, float]]:
        since = service.clock.now() - timedelta(days=3)
        return await service.tx.run(lambda _uow: totals(engine, sinks, since, served))

    app_metrics = Metrics(figures)
    app = make_app(
        service,
        partners,
        settings,
        health_probe=probe,
        app_metrics=app_metrics,
        twitch_client_secret=env.get(ENV_TWITCH_SECRET, ""),
        session_secrets=session_secrets(env),
    )
    web = settings.web
    limits = ListenerLimits.from_settings(web)
    listening = asyncio.Event()
    tasks.create_task(
        serve_web(app, web.host, web.port, stop, listening, limits=limits), name="web"
    )
    if web.metrics_port:  # the operator's listener: /metrics never shares the public one
        metrics_only = metrics_app(app_metrics)
        tasks.create_task(
            _serve_metrics(metrics_only, web.metrics_host, web.metrics_port, stop), name="metrics"
        )
    return listening


async def _serve_metrics(
    app: aiohttp_web.Application, host: str, port: int, stop: asyncio.Event
) -> None:
    """The metrics listener; one that cannot bind is logged and the bot goes on without it
    (it is the operator's window, not the fans' or partners' service)."""
    from bot.web import WebListenError
    from bot.web.serve import serve_web

    try:
        await serve_web(app, host, port, stop)
    except WebListenError as error:
        log.error("no /metrics listener: %s ([web] metrics_port, 0 for none)", error)


async def _every(seconds: float, job: object, stop: asyncio.Event) -> None:
    """Call `job` every `seconds` until `stop`; a failing call is logged, never fatal."""
    assert callable(job)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while not stop.is_set():
            # A job may wait on the chat budget for minutes: stopping must not wait for it.
            running = asyncio.ensure_future(job())
            await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not running.done():
                running.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await running
                break
            if (error := running.exception()) is not None:
                log.error("%s failed: %r", getattr(job, "__qualname__", job), error)
            await asyncio.wait({stopping}, timeout=seconds)
    finally:
        stopping.cancel()
