"""How a season's per-person counts are read on SQLite: from one index, in order, unsorted."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.store.database import make_engine
from bot.store.migrate import upgrade
from bot.store.season_people import visits_query


def test_a_seasons_visits_are_read_from_the_index_without_sorting(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/season.db")
    try:
        upgrade(engine)
        query = visits_query("tour-chan").compile(engine, compile_kwargs={"literal_binds": True})
        with engine.connect() as conn:
            plan = [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {query}"))]
    finally:
        engine.dispose()

    # The whole community is read person by person from the covering index: SQLite neither
    # visits the table nor sorts half a million rows for the GROUP BY or the ORDER BY.
    assert "SCAN entries USING COVERING INDEX ix_entry_person_visits" in plan
    assert not [step for step in plan if "TEMP B-TREE" in step], plan
