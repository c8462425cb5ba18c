"""How a use case becomes one transaction: what every service hands to its TransactionRunner.

`UnitOfWork` here is only the transaction; each core package extends it with the repositories
it reads (`bot.gating.ports.GatingUnitOfWork`, `bot.drops.ports.UnitOfWork`), so gating's use
cases run on the same unit of work as the drop engine's without knowing its repositories.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self, TypeVar


class UnitOfWork(Protocol):
    """One transaction. Leaving the block without commit rolls back."""

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


T = TypeVar("T")
U = TypeVar("U", bound=UnitOfWork)
U_co = TypeVar("U_co", bound=UnitOfWork, covariant=True)


class TransactionRunner(Protocol[U_co]):
    """Runs a function with a fresh unit of work, off the event loop, one at a time."""

    async def run(self, fn: Callable[[U_co], T]) -> T: ...


def atomic(fn: Callable[[U], T]) -> Callable[[U], T]:
    """Run `fn` in a transaction that commits if it returns and rolls back if it raises."""

    def run(uow: U) -> T:
        with uow:  # leaving without commit (on any error) rolls back
            result = fn(uow)
            uow.commit()
            return result

    return run


def read_only(fn: Callable[[U], T]) -> Callable[[U], T]:
    """Run `fn` in a transaction that is never committed."""

    def run(uow: U) -> T:
        with uow:
            return fn(uow)

    return run
