"""Discord requirements: account age (from the id, said by the adapter) and server-join age
(`joined_at`), as rules like the Twitch ages, and judged again at close by the ages stored with
each entry; through the service on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.drops import outcomes as oc
from bot.gating.antibot import AccountFacts
from bot.gating.rules import EVERYONE, EntrantFacts, Tier, parse_rule
from tests.fixtures.harness import CHANNEL, START, Harness

DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("require", "facts", "admitted"),
    [
        (["join-age:7d"], EntrantFacts(join_age=8 * DAY), True),
        (["join-age:7d"], EntrantFacts(join_age=DAY), False),
        (["join-age:7d"], EntrantFacts(), True),  # a Twitch entrant: no server to have joined
        (["not join-age:30d"], EntrantFacts(join_age=DAY), True),
        (["not join-age:30d"], EntrantFacts(join_age=40 * DAY), False),
    ],
)
def test_join_age_table(require: list[object], facts: EntrantFacts, admitted: bool) -> None:
    assert parse_rule(["everyone"], require).admits(facts) is admitted


def test_join_age_says_what_it_asks_for() -> None:
    rule = parse_rule(["everyone"], ["join-age:7d"])
    assert rule.unmet(EntrantFacts(join_age=DAY)) == "Discord members who joined over 7d ago"
    assert str(rule) == "everyone requiring join-age:7d"


def _member(harness: Harness, user: str, *, made: timedelta, joined: timedelta) -> None:
    harness.facts.by_account[f"discord:{user}"] = AccountFacts(
        created_at=START - made, joined_at=START - joined
    )


async def test_new_members_and_new_discord_accounts_are_refused_with_what_they_miss(
    harness: Harness,
) -> None:
    rule = parse_rule(["everyone"], ["account-age:30d", "join-age:7d"])
    await harness.open(tiers=(Tier("public", rule),))
    _member(harness, "1", made=400 * DAY, joined=30 * DAY)
    _member(harness, "2", made=400 * DAY, joined=DAY)
    _member(harness, "3", made=DAY, joined=30 * DAY)
    old, new_member, new_account = [
        await harness.claim(u, platform="discord") for u in ("1", "2", "3")
    ]
    assert isinstance(old, oc.Entered)
    assert isinstance(new_member, oc.NotEligible)
    assert new_member.reason == "this drop is for Discord members who joined over 7d ago"
    assert isinstance(new_account, oc.NotEligible)
    assert new_account.reason == "this drop is for accounts older than 30d"


async def test_ages_are_judged_again_at_close_by_what_was_known_at_entry(
    harness: Harness,
) -> None:
    # Newcomers to the server get an early window with a heavier weight; the ages said at entry
    # are kept with the entry, so the re-check at close keeps newcomers in their window (with
    # no ages at close every `not join-age` would fail and the early entries would be lost).
    newcomers = parse_rule(["everyone"], ["not join-age:30d"])
    drop = await harness.open(
        tiers=(
            Tier("newcomers", newcomers, timedelta(0), 3),
            Tier("public", EVERYONE, timedelta(minutes=5)),
        )
    )
    _member(harness, "1", made=400 * DAY, joined=DAY)
    _member(harness, "2", made=400 * DAY, joined=90 * DAY)
    assert isinstance(await harness.claim("1", platform="discord"), oc.Entered)
    assert isinstance(await harness.claim("2", platform="discord"), oc.NotEligibleYet)
    harness.clock.at = START + timedelta(minutes=10)
    closing = await harness.service.close(CHANNEL, "hoodie")
    assert closing.draw is not None
    entries = harness.read(lambda uow: uow.entries.for_drop(drop.id))
    assert [(e.identity, e.excluded_reason, e.weight) for e in entries] == [("discord:1", None, 3)]
    assert entries[0].joined_at == START - DAY
    assert entries[0].account_created_at == START - 400 * DAY
