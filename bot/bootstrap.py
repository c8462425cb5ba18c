"""The composition root: every part built from the settings, in one place, closed in one place."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import Engine

from bot.clock import SystemClock
from bot.config import HotStateSettings, Settings
from bot.drops.claiming import ClaimPolicy
from bot.drops.keyring import Keyring
from bot.drops.ports import HotState, RandomBytes, TransactionRunner
from bot.drops.service import Clock, DropService
from bot.gating.antibot import PlatformFacts
from bot.store.database import SqlUnitOfWork, ThreadedTransactions, make_engine
from bot.store.hot_memory import MemoryHotState
from bot.store.hot_redis import RedisHotState, RetryingTransactions
from bot.store.migrate import is_current, upgrade


class SchemaOutOfDate(Exception):
    """The database is behind the code's migrations."""


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    engine: Engine
    service: DropService
    keyring: Keyring

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)


def build_engine(settings: Settings) -> Engine:
    return make_engine(
        settings.database.url, sqlite_synchronous=settings.database.sqlite_synchronous
    )


def build_hot_state(
    settings: HotStateSettings, tx: TransactionRunner
) -> tuple[HotState, TransactionRunner, Callable[[], None]]:
    """The configured hot state, the transaction runner to use with it, and how to close it.

    With Redis, transactions that fail because Redis was lost or unreachable are run again.
    """
    if settings.backend == "redis":
        hot = RedisHotState.from_url(
            settings.url, prefix=settings.prefix, ttl=settings.ttl.total_seconds()
        )
        return hot, RetryingTransactions(tx, hot), hot.close
    return MemoryHotState(), tx, lambda: None


@asynccontextmanager
async def open_runtime(
    settings: Settings,
    keyring: Keyring,
    *,
    clock: Clock | None = None,
    random_bytes: RandomBytes = os.urandom,
    migrate: bool = False,
    facts: PlatformFacts | None = None,
) -> AsyncIterator[Runtime]:
    """Build the service over the configured database; close everything on the way out."""
    engine = build_engine(settings)
    try:
        if migrate:
            upgrade(engine)
        elif not is_current(engine):
            raise SchemaOutOfDate(
                f"the database at {engine.url.render_as_string(hide_password=True)} is not at "
                "the newest schema; run `fairdrop db upgrade`"
            )
        tx = ThreadedTransactions(lambda: SqlUnitOfWork(engine))
        hot, runner, close_hot = build_hot_state(settings.hot_state, tx)
        service = DropService(
            runner,
            hot,
            keyring,
            clock or SystemClock(),
            random_bytes,
            policy=ClaimPolicy(
                settings.claims.rate_limit, settings.claims.rate_window.total_seconds()
            ),
            max_batch=settings.claims.max_batch,
            commit_delay=settings.claims.commit_delay_ms / 1000,
            facts=facts,
        )
        try:
            yield Runtime(settings, engine, service, keyring)
        finally:
            await service.intake.drain()
            tx.close()
            close_hot()
    finally:
        engine.dispose()
