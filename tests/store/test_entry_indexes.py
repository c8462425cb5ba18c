"""The indexes on entries: each query that reads entries by person is served by
`ix_entry_person_visits` (migration 0016), so the older `ix_entry_identity` (identity, drop_id),
the same two leading columns, is gone since 0018 and comes back on a downgrade."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, event, inspect

from bot.store.database import make_engine
from bot.store.entries import SqlEntries
from bot.store.migrate import alembic_config, upgrade


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/entries.db"
    else:
        url = request.getfixturevalue("postgres_url")
    made = make_engine(url)
    try:
        yield made
    finally:
        made.dispose()


def _entry_indexes(engine: Engine) -> set[str]:
    return {str(index["name"]) for index in inspect(engine).get_indexes("entries")}


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def test_entries_keep_one_index_by_person_and_a_downgrade_brings_the_old_one_back(
    engine: Engine,
) -> None:
    upgrade(engine)
    assert _entry_indexes(engine) == {
        "uq_entry_drop_identity",
        "ix_entry_drop_rank",
        "ix_entry_person_visits",
    }

    _downgrade(engine, "0017")
    assert "ix_entry_identity" in _entry_indexes(engine)

    upgrade(engine)
    assert "ix_entry_identity" not in _entry_indexes(engine)


def _statements_of(engine: Engine, read: Any) -> list[tuple[str, Any]]:
    """The SQL `read(entries)` sends, with its parameters."""
    sent: list[tuple[str, Any]] = []

    def keep(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM entries" in statement:
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        with engine.connect() as conn:
            read(SqlEntries(conn))
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return sent


@pytest.mark.parametrize(
    ("read", "searched"),
    [
        pytest.param(
            lambda entries: entries.of_identity("twitch:7", 40),
            "SEARCH entries USING INDEX ix_entry_person_visits (identity=?)",
            id="member history",
        ),
        # Without statistics SQLite walks the community's drops and their entries by drop.
        pytest.param(lambda entries: entries.returning(3), "SEARCH entries USING", id="returning"),
    ],
)
def test_a_persons_entries_are_searched_by_index_on_sqlite(
    tmp_path: Path, read: Any, searched: str
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/plans.db")
    try:
        upgrade(engine)
        (statement, parameters), *_ = _statements_of(engine, read)
        with engine.connect() as conn:
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            plan = [row[3] for row in cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
    finally:
        engine.dispose()

    # Found through an index (the season's, by person), never by reading the whole table.
    assert any(step.startswith(searched) for step in plan), plan
    assert not [step for step in plan if step.startswith("SCAN entries")], plan
