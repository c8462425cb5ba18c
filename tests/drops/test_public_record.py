"""The public record's tier counts: counted by the store in one aggregate, equal to counting
every entry one by one, on every backend."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import event

from bot.drops.model import Drop
from bot.drops.ports import UnitOfWork
from bot.gating.rules import EVERYONE, Tier, parse_rule
from tests.fixtures.harness import CHANNEL, Harness

TIERS = (
    Tier("subs", parse_rule(["badge:subscriber"]), timedelta(0), 2),
    Tier("public", EVERYONE, timedelta(minutes=2), 1),
)


def counted_entry_by_entry(uow: UnitOfWork, drop: Drop) -> tuple[tuple[tuple[str, int], ...], int]:
    """How the transparency page used to count: every entry of the drop read and tallied."""
    entries = uow.entries.for_drop(drop.id)
    by_tier = Counter(e.tier for e in entries if e.excluded_reason is None)
    tiers = [(t.name, by_tier.pop(t.name, 0)) for t in drop.spec.tiers] + sorted(by_tier.items())
    return tuple(tiers), sum(e.excluded_reason is not None for e in entries)


async def test_tier_counts_from_the_store_equal_counting_every_entry(harness: Harness) -> None:
    drop = await harness.open(supply=2, tiers=TIERS)
    for i in range(3):
        await harness.claim(f"s{i}", "subscriber")
    harness.clock.advance(minutes=2)
    for i in range(5):
        await harness.claim(str(i))
    await harness.claim("900", platform="discord")
    for moment in ("open", "closed"):
        stored = await harness.service.get(drop.id)
        record = await harness.service.public_record(drop.id)
        expected = harness.read(partial(counted_entry_by_entry, drop=stored))
        assert (record.entrants_by_tier, record.excluded) == expected, moment
        if moment == "open":
            assert expected == ((("subs", 3), ("public", 6)), 0)
            # One person behind two accounts: the re-check at close leaves the later entry out.
            now = harness.clock.now()

            def link_the_two_accounts(uow: UnitOfWork, at: datetime = now) -> None:
                uow.links.link("discord:900", "twitch:0", at)

            harness.write(link_the_two_accounts)
            harness.clock.advance(minutes=8)
            await harness.service.close(CHANNEL)
    assert expected == ((("subs", 3), ("public", 5)), 1)
    by_tier = harness.read(lambda uow: uow.entries.count_by_tier(drop.id))
    assert by_tier == {"subs": (3, 0), "public": (5, 1)}


@pytest.mark.parametrize("harness", ["sqlite", "postgres"], indirect=True)  # SQL to watch
async def test_the_public_record_reads_no_entry_row_before_the_draw(harness: Harness) -> None:
    assert harness.engine is not None
    drop = await harness.open(supply=2, tiers=TIERS)
    await harness.claim("s1", "subscriber")
    statements: list[str] = []

    def heard(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(harness.engine, "before_cursor_execute", heard)
    try:
        record = await harness.service.public_record(drop.id)
    finally:
        event.remove(harness.engine, "before_cursor_execute", heard)
    assert record.entrants_by_tier == (("subs", 1), ("public", 0))
    on_entries = [s for s in statements if "FROM entries" in s]
    assert on_entries, "the tier counts come from the entries table"
    assert all("count(" in s.lower() for s in on_entries), on_entries
