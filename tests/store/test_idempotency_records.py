"""Idempotency records on SQLite and PostgreSQL: reserved and answered in the redemption's
transaction, the first answer for a key stands, read in batches."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.drops.model import KeyReservation
from bot.drops.partners import PartnerScope
from bot.store.database import SqlUnitOfWork, make_engine
from bot.store.migrate import upgrade
from bot.store.partners import PartnerStore, SqlPartners, StoredAnswer

AT = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/partners.db"
    else:
        url = request.getfixturevalue("postgres_url")
    made = make_engine(url)
    upgrade(made)
    yield made
    made.dispose()


def _answer(status: int, serial: int) -> StoredAnswer:
    return StoredAnswer(f"hash-{serial}", status, {"status": "redeemed", "serial": serial})


def _store(engine: Engine, *answers: tuple[int, str, StoredAnswer]) -> dict[tuple[int, str], str]:
    """What a redemption's transaction does with its keys: reserve each for its request, then
    store its answer; the request hash each key stands reserved for."""
    held = [(KeyReservation(k, key, a.request_hash), a) for k, key, a in answers]
    with SqlUnitOfWork(engine) as uow:
        standing = uow.idempotency.reserve([r for r, _ in held], AT)
        uow.idempotency.answer([(r, a.status, a.body) for r, a in held])
        uow.commit()
    return standing


def test_the_first_answer_for_a_key_stands(engine: Engine) -> None:
    sql = SqlPartners(engine)
    till, _ = sql.create("till", PartnerScope(frozenset({1})), AT)
    other, _ = sql.create("other", PartnerScope(frozenset({1})), AT)
    _store(engine, (till.id, "order-1", _answer(200, 1)))
    # A later answer for the same request (a retry that found the code redeemed) does not
    # replace it; another request under the key finds it reserved; the same key text from
    # another partner is another record.
    standing = _store(
        engine,
        (till.id, "order-1", _answer(409, 1)),
        (till.id, "order-2", _answer(200, 2)),
        (other.id, "order-1", _answer(200, 3)),
    )
    assert standing[(till.id, "order-1")] == "hash-1"
    assert _store(engine, (till.id, "order-1", _answer(200, 4))) == {(till.id, "order-1"): "hash-1"}
    assert sql.answers([(till.id, "order-1"), (till.id, "order-9"), (other.id, "order-1")]) == {
        (till.id, "order-1"): _answer(200, 1),
        (other.id, "order-1"): _answer(200, 3),
    }
    assert sql.answer(till.id, "order-9") is None
    assert sql.answer(till.id, "order-2") == _answer(200, 2)


async def test_answers_asked_together_are_read_in_one_go(engine: Engine) -> None:
    store = PartnerStore(engine)
    till, _ = store.sql.create("till", PartnerScope(frozenset({1})), AT)
    keys = [f"order-{i}" for i in range(5)]
    assert await asyncio.gather(*(store.answer(till.id, k) for k in keys)) == [None] * 5
    answers = [_answer(200, i) for i in range(5)]
    _store(engine, *((till.id, k, a) for k, a in zip(keys, answers, strict=True)))
    assert await asyncio.gather(*(store.answer(till.id, k) for k in keys)) == answers


@pytest.mark.parametrize("first_ends", ["commit", "rollback"])
def test_a_key_reserved_by_an_open_transaction_is_decided_when_that_one_ends(
    engine: Engine, first_ends: str
) -> None:
    # Two processes' redemptions under one key: the second waits for the first's transaction
    # (PostgreSQL on the key's row, SQLite on the write lock) and then finds the key reserved
    # for the first request, or free again if the first rolled back.
    till, _ = SqlPartners(engine).create("till", PartnerScope(frozenset({1})), AT)
    reserved, end = threading.Event(), threading.Event()

    def first() -> None:
        with SqlUnitOfWork(engine) as uow:
            uow.idempotency.reserve([KeyReservation(till.id, "order-1", "first")], AT)
            reserved.set()
            end.wait()
            if first_ends == "commit":
                uow.commit()

    def second() -> dict[tuple[int, str], str]:
        with SqlUnitOfWork(engine) as uow:
            standing = uow.idempotency.reserve([KeyReservation(till.id, "order-1", "second")], AT)
            uow.commit()
            return standing

    with ThreadPoolExecutor(2) as pool:
        held = pool.submit(first)
        reserved.wait()
        waiting = pool.submit(second)
        end.set()
        held.result()
        standing = waiting.result()
    expected = "first" if first_ends == "commit" else "second"
    assert standing == {(till.id, "order-1"): expected}
    # A reservation without its answer (the transaction gave none) is no answer to replay.
    (pending,) = SqlPartners(engine).answers([(till.id, "order-1")]).values()
    assert (pending.request_hash, pending.answered) == (expected, False)
