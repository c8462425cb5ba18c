"""A list service on each storage backend: memory (the fake), SQLite, PostgreSQL.

`lists_on` is parametrized like `harness` (tests/fixtures/harness.py), so every behaviour test
of moderators' lists runs once in milliseconds and once on each real database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import Engine

from bot.drops.ports import UnitOfWork
from bot.gating.facts import LoginResolver
from bot.gating.lists import ListMember
from bot.gating.service import ListService
from bot.store.database import SqlUnitOfWork, ThreadedTransactions, make_engine
from bot.store.migrate import upgrade
from tests.fakes.memory_store import InlineTransactions, MemoryData, MemoryUnitOfWork
from tests.fixtures.harness import CHANNEL, ManualClock

T = TypeVar("T")
WrapUow = Callable[[UnitOfWork], Any]  # a stand-in with the same repositories


class TwitchUsers:
    """A fake of the Twitch adapter's login lookup: a fixed directory, and what was asked."""

    def __init__(self, users: dict[str, str]) -> None:
        self.users = users
        self.asked: list[list[str]] = []

    async def resolve_logins(self, logins: list[str]) -> dict[str, str]:
        self.asked.append(list(logins))
        return {login: self.users[login] for login in logins if login in self.users}


@dataclass
class ListsOn:
    backend: str
    clock: ManualClock
    new_uow: Callable[[], UnitOfWork]
    service: ListService = field(init=False)  # without a login lookup, like the CLI's
    _runners: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.service = self.service_with()

    def service_with(
        self, *, logins: LoginResolver | None = None, wrap: WrapUow | None = None
    ) -> ListService:
        """Another service over the same storage: with a login lookup, or a doctored unit of
        work (to make a transaction fail part way)."""

        def uow() -> UnitOfWork:
            return wrap(self.new_uow()) if wrap else self.new_uow()

        tx: Any = InlineTransactions(uow) if self.backend == "memory" else ThreadedTransactions(uow)
        self._runners.append(tx)
        return ListService(tx, self.clock, logins=logins)

    def members(self, name: str, channel: str = CHANNEL) -> list[str]:
        """The accounts on the list, read straight from storage."""
        with self.new_uow() as uow:
            found = uow.lists.get(channel, name)
            assert found is not None and found.id is not None
            return [m.account for m in uow.lists.members(found.id)]

    def stored(self, name: str, channel: str = CHANNEL) -> list[ListMember]:
        with self.new_uow() as uow:
            found = uow.lists.get(channel, name)
            assert found is not None and found.id is not None
            return uow.lists.members(found.id)

    def close(self) -> None:
        for tx in self._runners:
            if isinstance(tx, ThreadedTransactions):
                tx.close()


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def lists_on(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ListsOn]:
    engine: Engine | None = None
    if request.param == "memory":
        data = MemoryData()

        def memory_uow() -> UnitOfWork:
            return MemoryUnitOfWork(data)

        new_uow: Callable[[], UnitOfWork] = memory_uow
    else:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path}/lists.db"
        else:
            url = request.getfixturevalue("postgres_url")
        engine = make_engine(url)
        upgrade(engine)
        sql_engine = engine

        def sql_uow() -> UnitOfWork:
            return SqlUnitOfWork(sql_engine)

        new_uow = sql_uow
    setup = ListsOn(request.param, ManualClock(), new_uow)
    try:
        yield setup
    finally:
        setup.close()
        if engine is not None:
            engine.dispose()
