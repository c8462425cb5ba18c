"""The SQL record on SQLite and PostgreSQL: the migrations make the schema, constraints hold."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from bot.drops.model import Allocation, AllocationStatus, CodeRecord, Redemption
from bot.drops.opening import create_drop
from bot.store.database import SqlUnitOfWork, make_engine
from bot.store.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    is_current,
    upgrade,
)
from bot.store.tables import metadata
from tests.fixtures.harness import START, seeded_bytes, spec


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/schema.db"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def migrated(engine: Engine) -> Engine:
    upgrade(engine)
    return engine


def test_the_migrations_form_one_line_numbered_in_order() -> None:
    # Branches merged side by side each chain a migration to the same parent; the merge must
    # re-chain them, or `upgrade` refuses with several heads.
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revisions = list(reversed(list(script.walk_revisions())))
    assert script.get_heads() == [revisions[-1].revision]
    assert [r.revision for r in revisions] == [f"{n:04d}" for n in range(1, len(revisions) + 1)]
    for before, after in pairwise(revisions):
        assert after.down_revision == before.revision


def test_an_empty_database_is_behind_until_upgraded(engine: Engine) -> None:
    assert current_revision(engine) is None and not is_current(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision() and is_current(engine)
    upgrade(engine)  # a second upgrade is a no-op
    assert current_revision(engine) == head_revision()


def test_the_migrations_make_exactly_the_schema_the_code_expects(migrated: Engine) -> None:
    with migrated.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []
    tables = set(inspect(migrated).get_table_names())
    expected = {"drops", "entries", "allocations", "codes", "redemptions", "outbox"}
    assert expected | {"inbound_messages"} <= tables


def _drop_id(engine: Engine) -> int:
    with SqlUnitOfWork(engine) as uow:
        drop = create_drop(uow, spec(), START, seeded_bytes())
        uow.commit()
    return drop.id


def _allocation(drop_id: int, serial: int, identity: str) -> Allocation:
    return Allocation(
        drop_id=drop_id,
        serial=serial,
        identity=identity,
        display_name=identity,
        platform="twitch",
        allocated_at=START,
        claim_deadline=START + timedelta(hours=1),
        via="draw",
    )


def test_the_database_refuses_to_sell_one_serial_twice(migrated: Engine) -> None:
    drop_id = _drop_id(migrated)
    with SqlUnitOfWork(migrated) as uow:
        uow.allocations.add(_allocation(drop_id, 1, "twitch:1"))
        with pytest.raises(IntegrityError):
            uow.allocations.add(_allocation(drop_id, 1, "twitch:2"))


def test_an_expired_allocation_frees_its_serial_for_the_next_holder(migrated: Engine) -> None:
    drop_id = _drop_id(migrated)
    with SqlUnitOfWork(migrated) as uow:
        first = uow.allocations.add(_allocation(drop_id, 1, "twitch:1"))
        first.status = AllocationStatus.EXPIRED
        uow.allocations.save(first)
        uow.allocations.add(_allocation(drop_id, 1, "twitch:2"))
        uow.commit()
    with SqlUnitOfWork(migrated) as uow:
        assert [a.identity for a in uow.allocations.for_drop(drop_id)] == ["twitch:1", "twitch:2"]


def _code(drop_id: int, allocation_id: int, tag: str) -> CodeRecord:
    return CodeRecord(
        allocation_id=allocation_id,
        drop_id=drop_id,
        serial=1,
        holder="h",
        code_id=tag * 32,
        kid="k4.pid.x",
        selector=tag * 6,
        verifier_hash=b"\x00" * 32,
        issued_at=START,
        expires_at=START + timedelta(days=1),
    )


def test_the_database_refuses_a_second_live_code_for_one_entitlement(migrated: Engine) -> None:
    drop_id = _drop_id(migrated)
    with SqlUnitOfWork(migrated) as uow:
        first = uow.allocations.add(_allocation(drop_id, 1, "twitch:1"))
        first.status = AllocationStatus.EXPIRED
        uow.allocations.save(first)
        second = uow.allocations.add(_allocation(drop_id, 1, "twitch:2"))
        assert first.id is not None and second.id is not None
        uow.codes.add(_code(drop_id, first.id, "a"))
        with pytest.raises(IntegrityError):
            uow.codes.add(_code(drop_id, second.id, "b"))


def test_a_revoked_code_makes_room_for_its_successor(migrated: Engine) -> None:
    drop_id = _drop_id(migrated)
    with SqlUnitOfWork(migrated) as uow:
        first = uow.allocations.add(_allocation(drop_id, 1, "twitch:1"))
        first.status = AllocationStatus.EXPIRED
        uow.allocations.save(first)
        second = uow.allocations.add(_allocation(drop_id, 1, "twitch:2"))
        assert first.id is not None and second.id is not None
        old = uow.codes.add(_code(drop_id, first.id, "a"))
        old.revoked_at = START
        uow.codes.save(old)
        uow.codes.add(_code(drop_id, second.id, "b"))
        uow.commit()


def test_an_entitlement_is_redeemed_once(migrated: Engine) -> None:
    drop_id = _drop_id(migrated)
    with SqlUnitOfWork(migrated) as uow:
        assert uow.redemptions.add(Redemption(drop_id, 1, "a" * 32, START, "shop", 1200))
        assert not uow.redemptions.add(Redemption(drop_id, 1, "b" * 32, START, "other"))
        uow.commit()
    with SqlUnitOfWork(migrated) as uow:
        stored = uow.redemptions.get(drop_id, 1)
        assert stored is not None and (stored.partner, stored.order_value_cents) == ("shop", 1200)


def test_times_come_back_as_aware_utc(migrated: Engine) -> None:
    drop_id = _drop_id(migrated)
    with SqlUnitOfWork(migrated) as uow:
        drop = uow.drops.get(drop_id)
    assert drop is not None and drop.opened_at == START and drop.opened_at.tzinfo is not None
    assert drop.closes_at == START + timedelta(minutes=10)


def test_a_naive_time_is_refused_rather_than_guessed(migrated: Engine) -> None:
    drop_id = _drop_id(migrated)
    naive = _allocation(drop_id, 1, "twitch:1")
    naive.allocated_at = datetime(2026, 1, 1)
    with SqlUnitOfWork(migrated) as uow, pytest.raises(Exception, match="naive datetime"):
        uow.allocations.add(naive)


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/wal.db")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            conn.rollback()
    finally:
        engine.dispose()


def test_leaving_a_unit_of_work_without_commit_rolls_back(migrated: Engine) -> None:
    with SqlUnitOfWork(migrated) as uow:
        create_drop(uow, spec(), START, seeded_bytes())
    with migrated.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM drops")).scalar() == 0
        conn.rollback()
