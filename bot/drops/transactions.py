"""How a use case becomes one transaction: what every service hands to its TransactionRunner."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bot.drops.ports import UnitOfWork

T = TypeVar("T")


def atomic(fn: Callable[[UnitOfWork], T]) -> Callable[[UnitOfWork], T]:
    """Run `fn` in a transaction that commits if it returns and rolls back if it raises."""

    def run(uow: UnitOfWork) -> T:
        with uow:  # leaving without commit (on any error) rolls back
            result = fn(uow)
            uow.commit()
            return result

    return run


def read_only(fn: Callable[[UnitOfWork], T]) -> Callable[[UnitOfWork], T]:
    """Run `fn` in a transaction that is never committed."""

    def run(uow: UnitOfWork) -> T:
        with uow:
            return fn(uow)

    return run
