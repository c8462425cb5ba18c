"""Engines, the SQL unit of work, and the thread that runs transactions off the event loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from bot.drops.audit import AuditRepository
from bot.drops.lift import Audience
from bot.drops.ports import (
    AllocationRepository,
    AnnouncementRepository,
    CodeRepository,
    DropRepository,
    EntryRepository,
    FenceRepository,
    IdempotencyRepository,
    InboundRepository,
    OutboxRepository,
    RedemptionRepository,
    UnitOfWork,
)
from bot.drops.recurrence import SeriesRepository
from bot.drops.season import SeasonReads
from bot.gating.ports import (
    FilteredRepository,
    HoldingsRepository,
    LinkRepository,
    ListRepository,
)
from bot.kernel.errors import FairdropError
from bot.store.allocations import SqlAllocations
from bot.store.announcements import SqlAnnouncements
from bot.store.audience import SqlAudience
from bot.store.audit_repo import SqlAudit
from bot.store.codes import SqlCodes
from bot.store.drops_repo import SqlDrops
from bot.store.entries import SqlEntries
from bot.store.fences import SqlFences
from bot.store.gating_repositories import SqlFiltered, SqlHoldings, SqlLinks, SqlLists
from bot.store.idempotency import SqlIdempotency
from bot.store.inbound import SqlInbound
from bot.store.outbox import SqlOutbox
from bot.store.redemptions import SqlRedemptions
from bot.store.seasons import SqlSeasons
from bot.store.series_repo import SqlSeries

log = logging.getLogger(__name__)
T = TypeVar("T")


class DatabaseUrlError(FairdropError, ValueError):
    """The database URL names no database fairdrop can open; one line, password never shown."""


def parse_database_url(url: str) -> URL:
    """`url` parsed, with its dialect and driver loadable; else DatabaseUrlError saying why."""
    example = "sqlite:///fairdrop.db or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE"
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlError(f"the database URL is not a URL like {example}") from None
    try:
        parsed.get_dialect().import_dbapi()
    except NoSuchModuleError:
        raise DatabaseUrlError(
            f"the database URL names {parsed.drivername!r}, which is not a database fairdrop "
            f"can use; write it like {example}"
        ) from None
    except ImportError as error:
        raise DatabaseUrlError(
            f"the database URL needs the driver {error.name!r}, which is not installed; "
            f"write it like {example}"
        ) from None
    return parsed


def make_engine(url: str, *, sqlite_synchronous: str = "full", reader: bool = False) -> Engine:
    """An engine for `url`. SQLite gets WAL, a busy timeout and explicit write transactions.

    A `reader` engine is for the read path (public pages): its own pool, read-only connections,
    and transactions that read one consistent snapshot without ever taking a write lock (a
    deferred BEGIN on SQLite, whose WAL lets readers and the writer proceed side by side;
    REPEATABLE READ on PostgreSQL), so it neither waits for the claims' writer nor holds it up.
    """
    parsed = parse_database_url(url)
    if parsed.get_backend_name() != "sqlite":
        if reader:
            return create_engine(
                url,
                pool_pre_ping=True,
                isolation_level="REPEATABLE READ",
                execution_options={"postgresql_readonly": True},
            )
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions start (see "begin" below).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={sqlite_synchronous.upper()}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if reader:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading;
        # a reader's deferred BEGIN takes no lock and reads the snapshot of its first read.
        conn.exec_driver_sql("BEGIN" if reader else "BEGIN IMMEDIATE")

    return engine


def has_own_readers(url: str) -> bool:
    """Whether a second engine on `url` sees the same database (not so for in-memory SQLite)."""
    parsed = make_url(url)
    return parsed.get_backend_name() != "sqlite" or parsed.database not in (None, "", ":memory:")


@dataclass(frozen=True, slots=True)
class Committed:
    """What a committed transaction did that other processes may want to hear of."""

    states: dict[int, str]  # drop id -> the state the drop was saved in
    queued: frozenset[int]  # drops that got outbox rows


OnCommit = Callable[[Committed], None]


class SqlUnitOfWork:
    """One transaction over every repository; leaving without `commit` rolls back.

    `on_commit`, if given, hears what each commit saved of drops and queued in the outbox, on
    the thread that committed, once the commit has succeeded; it must not block (it hands the
    news on) and whatever it raises is logged, never raised: the transaction stands.
    """

    drops: DropRepository
    entries: EntryRepository
    allocations: AllocationRepository
    codes: CodeRepository
    redemptions: RedemptionRepository
    idempotency: IdempotencyRepository
    inbound: InboundRepository
    outbox: OutboxRepository
    lists: ListRepository
    links: LinkRepository
    filtered: FilteredRepository
    holdings: HoldingsRepository
    fences: FenceRepository
    audit: AuditRepository
    series: SeriesRepository
    seasons: SeasonReads
    announcements: AnnouncementRepository
    audience: Audience

    def __init__(self, engine: Engine, on_commit: OnCommit | None = None) -> None:
        self.engine = engine
        self.on_commit = on_commit
        self._conn: Connection | None = None

    def __enter__(self) -> Self:
        conn = self.engine.connect()
        conn.begin()
        self._conn = conn
        self.drops = self._drops = SqlDrops(conn)
        self.entries = SqlEntries(conn)
        self.allocations = SqlAllocations(conn)
        self.codes = SqlCodes(conn)
        self.redemptions = SqlRedemptions(conn)
        self.idempotency = SqlIdempotency(conn)
        self.inbound = SqlInbound(conn)
        self.outbox = self._outbox = SqlOutbox(conn)
        self.lists = SqlLists(conn)
        self.links = SqlLinks(conn)
        self.filtered = SqlFiltered(conn)
        self.holdings = SqlHoldings(conn)
        self.fences = SqlFences(conn)
        self.audit = SqlAudit(conn)
        self.series = SqlSeries(conn)
        self.seasons = SqlSeasons(conn)
        self.announcements = SqlAnnouncements(conn)
        self.audience = SqlAudience(conn)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._conn is not None
        try:
            if self._conn.in_transaction():
                self._conn.rollback()
        finally:
            self._conn.close()
            self._conn = None

    def commit(self) -> None:
        assert self._conn is not None
        self._conn.commit()
        states, queued = self._drops.saved, self._outbox.queued
        self._forget_changes()
        # Packed up only for a listener (Redis, or this process's own: bootstrap.py), once a
        # batch: a small object per commit that changed a drop.
        if self.on_commit is not None and (states or queued):
            try:
                self.on_commit(Committed(states, frozenset(queued)))
            except Exception:
                log.warning("telling of a commit failed; the commit stands", exc_info=True)

    def rollback(self) -> None:
        assert self._conn is not None
        self._conn.rollback()
        self._forget_changes()

    def _forget_changes(self) -> None:
        self._drops.saved = {}
        self._outbox.queued = set()


class ThreadedTransactions:
    """Runs each transaction in dedicated threads, so the event loop never blocks on SQL.

    The writer has one thread because SQLite has one writer anyway, and claims are batched into a
    transaction before they get here, so throughput comes from batching, not from parallel
    connections. The read path (`workers` > 1 over a `reader` engine) has threads of its own.
    """

    def __init__(
        self, uow_factory: Callable[[], UnitOfWork], *, workers: int = 1, name: str = "fairdrop-db"
    ) -> None:
        self._factory = uow_factory
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)

    async def run(self, fn: Callable[[UnitOfWork], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, lambda: fn(self._factory()))

    def close(self) -> None:
        self._pool.shutdown(wait=True)
