"""The composition root: every service and store built from the settings, in one place, closed
in one place.

`open_runtime` opens the database, the hot state and the drop events and builds the services
over them (drops, lists, links). The adapters are built over the runtime by their own builders
(`bot.twitch.build.build_twitch`, `bot.discord.build.build_discord`, `bot.web.build.build_web`),
which construct without starting; `bot.run` starts them. Every dependency goes in through a
constructor: where a service needs a platform client built after it (Helix look-ups for the
anti-bot facts and for logins), it gets a seat the adapter's builder binds (`TwitchHelix`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot.beacon.mirrors import DrandMirrors, MirrorSettings
from bot.beacon.signatures import check_signature
from bot.clock import SystemClock
from bot.config import BeaconSettings, HotStateSettings, Settings
from bot.drop_presets import series_spec
from bot.drops.audit import AuditLog
from bot.drops.beacon import BeaconPlan, BeaconPolicy, BeaconTerms
from bot.drops.claiming import ClaimPolicy
from bot.drops.keyring import Keyring
from bot.drops.ports import HotState, UnitOfWork
from bot.drops.public_record import PublicReads
from bot.drops.recurring import RecurringDrops
from bot.drops.season_summary import SeasonSummaries
from bot.drops.service import DropService
from bot.gating.antibot import PlatformFacts
from bot.gating.link_service import LinkService
from bot.gating.service import ListService
from bot.kernel.clock import Clock
from bot.kernel.entropy import RandomBytes
from bot.kernel.errors import FairdropError
from bot.kernel.transactions import TransactionRunner
from bot.messages import live
from bot.messages.catalog import LANGUAGE, install, shipped_catalog
from bot.store.commit_broadcast import CommitBroadcast, LocalDropEvents
from bot.store.database import (
    SqlUnitOfWork,
    ThreadedTransactions,
    has_own_readers,
    make_engine,
)
from bot.store.drop_clock import shared_clock
from bot.store.drop_pubsub import DropEvents
from bot.store.hot_memory import MemoryHotState
from bot.store.hot_redis import RedisHotState, RetryingTransactions
from bot.store.migrate import is_current, upgrade
from bot.store.partners import SqlPartners
from bot.store.tokens import TokenStore
from bot.twitch.accounts import TwitchLogins
from bot.twitch.helix import TwitchHelix

log = logging.getLogger(__name__)
# Threads of the read path (public pages): two keep one slow build from queueing the next
# version look-up; more would only contend for the GIL.
READ_THREADS = 2
LAST_SIGNALS_SECONDS = 5.0  # at shutdown, how long the last drop events may take to publish


class SchemaOutOfDate(FairdropError):
    """The database is behind the code's migrations."""


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    engine: Engine
    service: DropService
    keyring: Keyring
    links: LinkService  # account links (`!link` codes)
    lists: ListService  # allocation lists (allow, deny, VIP)
    # With Redis: every commit's drop changes published, and the subscription to everyone's.
    signals: CommitBroadcast | None = None
    # When this process runs the Twitch client: the seat `build_twitch` binds it to, through
    # which the anti-bot facts and the list service's login look-ups reach Helix.
    helix: TwitchHelix | None = None
    # Without Redis: this process's own commits as drop events, for listeners added to it.
    local_events: LocalDropEvents | None = None
    recurring: RecurringDrops | None = None  # series of weekly drops, opened by the scheduler
    seasons: SeasonSummaries | None = None  # seasons summarized in their community (scheduler)

    def uow(self) -> SqlUnitOfWork:
        told = self.signals or self.local_events
        return SqlUnitOfWork(self.engine, told.committed if told is not None else None)


def build_engine(settings: Settings) -> Engine:
    return make_engine(
        settings.database.url, sqlite_synchronous=settings.database.sqlite_synchronous
    )


def build_read_engine(settings: Settings) -> Engine | None:
    """The read path's own engine (see `make_engine`), or None where a second engine would not
    see the same database (in-memory SQLite): then public reads share the writer."""
    url = settings.database.url
    if not has_own_readers(url):
        return None
    return make_engine(url, sqlite_synchronous=settings.database.sqlite_synchronous, reader=True)


@asynccontextmanager
async def open_public_reads(settings: Settings) -> AsyncIterator[PublicReads]:
    """The read path alone, for a public worker process (`bot.web.public_server`): a read-only
    engine and threads of its own; no writer, no hot state, no keyring."""
    read_engine = build_read_engine(settings)
    if read_engine is None:
        raise FairdropError("a public worker needs a database other processes can read")
    reads = ThreadedTransactions(
        lambda: SqlUnitOfWork(read_engine), workers=READ_THREADS, name="fairdrop-read"
    )
    try:
        yield PublicReads(reads)
    finally:
        reads.close()
        read_engine.dispose()


def build_hot_state(
    settings: HotStateSettings, tx: TransactionRunner[UnitOfWork]
) -> tuple[HotState, TransactionRunner[UnitOfWork], Callable[[], None]]:
    """The configured hot state, the transaction runner to use with it, and how to close it.

    With Redis, transactions that fail because Redis was lost or unreachable are run again.
    """
    if settings.backend == "redis":
        hot = RedisHotState.from_url(
            settings.url, prefix=settings.prefix, ttl=settings.ttl.total_seconds()
        )
        return hot, RetryingTransactions(tx, hot), hot.close
    return MemoryHotState(), tx, lambda: None


# Said at start: a lottery drawn without public randomness is one the operator could steer.
BEACON_OFF = (
    "[beacon] enabled = false: lotteries draw without drand public randomness unless opened "
    "with beacon=on, and their pages say the operator could have influenced the result"
)


def build_beacon(settings: BeaconSettings) -> BeaconPlan:
    """The drand quicknet beacon the drop service commits lotteries to: its pinned chain (at
    another genesis only for the demo and tests), the mirrors, and the policy after waiting."""
    chain = settings.chain()
    mirrors = DrandMirrors(
        settings.mirrors,
        check_signature,
        MirrorSettings(
            timeout=settings.timeout.total_seconds(),
            passes=settings.passes,
            backoff=settings.backoff.total_seconds(),
            backoff_cap=max(settings.backoff.total_seconds(), 10.0),
        ),
    )
    return BeaconPlan(
        BeaconTerms(chain, settings.margin),
        mirrors,
        max_wait=settings.max_wait,
        policy=BeaconPolicy(settings.policy),
    )


def build_partners(engine: Engine) -> SqlPartners:
    """The partners' API keys (`fairdrop partners`, the demo's partner; the web's partner API
    wraps the same store in the service's transactions)."""
    return SqlPartners(engine)


def build_token_store(engine: Engine, keyring: Keyring) -> TokenStore:
    """The platform tokens, sealed with the keyring (`fairdrop tokens`, the Twitch client)."""
    return TokenStore(engine, keyring)


@asynccontextmanager
async def open_list_service(
    engine: Engine, clock: Clock | None = None
) -> AsyncIterator[ListService]:
    """The list service over `engine` alone, for a command that needs nothing else: no hot
    state, no drop events, and no Twitch client, so bare logins are bad rows that say so."""
    tx = ThreadedTransactions(lambda: SqlUnitOfWork(engine))
    try:
        yield ListService(tx, clock or SystemClock())
    finally:
        tx.close()


@asynccontextmanager
async def open_audit_log(engine: Engine, clock: Clock | None = None) -> AsyncIterator[AuditLog]:
    """The audit log over `engine` alone (`fairdrop audit` reads it; the CLI's list changes
    write it)."""
    tx = ThreadedTransactions(lambda: SqlUnitOfWork(engine))
    try:
        yield AuditLog(tx, clock or SystemClock())
    finally:
        tx.close()


def build_signals(settings: HotStateSettings) -> CommitBroadcast | None:
    """With Redis, the drop events between processes (see `bot.store.commit_broadcast`); one
    process alone needs none. Build it on the running event loop."""
    if settings.backend != "redis":
        return None
    events = DropEvents.from_url(settings.url, prefix=settings.prefix)
    return CommitBroadcast(events, asyncio.get_running_loop())


@asynccontextmanager
async def open_runtime(
    settings: Settings,
    keyring: Keyring,
    *,
    clock: Clock | None = None,
    random_bytes: RandomBytes = os.urandom,
    migrate: bool = False,
    facts: PlatformFacts | None = None,
    platforms: bool = False,
    messages: Path | None = None,
) -> AsyncIterator[Runtime]:
    """Build the services over the configured database; close everything on the way out.

    Without a `clock`, drop time is the system's, or with `[scheduler] time_scale` the sped-up
    drop time stored in the database, shared by every process and every restart.

    `platforms`: this process runs the platform clients (`fairdrop run`). With Twitch enabled
    the runtime then has a `helix` seat for `build_twitch` to bind, and the anti-bot facts (when
    a rule asks about ages) and the login look-ups go through it. Without, logins typed in list
    commands are bad rows that say so, and `facts` (tests) or none answer the anti-bot rules.

    `messages`: the folder of message overrides, checked and put in use before anything else
    (MessageError, one line, if one is bad); without it the catalog in use stays, unless the
    settings give a community another language than English or times another zone than UTC."""
    speech = settings.messages
    zone = settings.scheduler.timezone  # the streamer's: times in chat and posts are said in it
    if messages is not None:
        live.start(messages, speech.languages, speech.language, zone)
    elif speech.language != LANGUAGE or speech.languages or zone != "UTC":
        # No overrides folder, but communities that speak another language or another time
        # zone than UTC: the shipped words.
        install(
            shipped_catalog(languages=speech.languages, default=speech.language, time_zone=zone)
        )
    engine = build_engine(settings)
    try:
        if migrate:
            upgrade(engine)
        elif not is_current(engine):
            raise SchemaOutOfDate(
                f"the database at {engine.url.render_as_string(hide_password=True)} is not at "
                "the newest schema; run `fairdrop db upgrade`"
            )
        if clock is None and (scale := settings.scheduler.time_scale) != 1:
            clock = await asyncio.to_thread(shared_clock, engine, scale)
        signals = build_signals(settings.hot_state)
        local_events: LocalDropEvents | None = None
        if signals is not None:
            on_commit = signals.committed
        else:
            local_events = LocalDropEvents(asyncio.get_running_loop())
            on_commit = local_events.committed
        tx = ThreadedTransactions(lambda: SqlUnitOfWork(engine, on_commit))
        read_engine = build_read_engine(settings)
        reads = (
            ThreadedTransactions(
                lambda: SqlUnitOfWork(read_engine), workers=READ_THREADS, name="fairdrop-read"
            )
            if read_engine is not None
            else None
        )
        hot, runner, close_hot = build_hot_state(settings.hot_state, tx)
        drop_clock = clock or SystemClock()
        helix = TwitchHelix() if platforms and settings.twitch.enabled else None
        if helix is not None and facts is None:
            from bot.twitch.build import twitch_account_facts

            facts = twitch_account_facts(settings, helix, drop_clock)
        service = DropService(
            runner,
            hot,
            keyring,
            drop_clock,
            random_bytes,
            policy=ClaimPolicy(
                settings.claims.rate_limit, settings.claims.rate_window.total_seconds()
            ),
            max_batch=settings.claims.max_batch,
            commit_delay=settings.claims.commit_delay_ms / 1000,
            facts=facts,
            reads=reads,
            beacon=build_beacon(settings.beacon),
        )
        if not settings.beacon.enabled:
            log.warning(BEACON_OFF)
        links = LinkService(service.tx, service.clock, random_bytes)
        # Twitch logins typed in list commands and imports are looked up on Helix.
        logins = TwitchLogins(helix) if helix is not None else None
        lists = ListService(service.tx, service.clock, logins=logins)
        publishing = asyncio.create_task(signals.publish_forever()) if signals else None
        try:
            recurring = RecurringDrops(
                service, series_spec(settings), ZoneInfo(settings.scheduler.timezone)
            )
            yield Runtime(
                settings,
                engine,
                service,
                keyring,
                links,
                lists,
                signals,
                helix,
                local_events,
                recurring,
                SeasonSummaries(
                    service.tx,
                    service.clock,
                    settings.seasons.summaries(),
                    settings.scheduler.timezone,
                    settings.season_reads,
                ),
            )
        finally:
            await service.intake.drain()
            tx.close()
            if reads is not None:
                reads.close()
            if read_engine is not None:
                read_engine.dispose()
            close_hot()
            if signals is not None and publishing is not None:
                await _close_signals(signals, publishing)
    finally:
        engine.dispose()


async def _close_signals(signals: CommitBroadcast, publishing: asyncio.Task[None]) -> None:
    """Publish what the last commits queued (a short CLI command's change must reach the
    running processes too), then stop publishing."""
    await asyncio.sleep(0)  # the database thread's last hand-overs run on the loop first
    publishing.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await publishing
    try:
        await asyncio.wait_for(signals.flush(), LAST_SIGNALS_SECONDS)
    except TimeoutError:
        log.warning("the last drop events were not published within %.0f s", LAST_SIGNALS_SECONDS)
    await signals.aclose()
