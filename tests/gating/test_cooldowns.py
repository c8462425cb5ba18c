"""Winners' cooldowns and exclusions: the `not` combinator, `won-within`, excluded Discord roles
and a community's default cooldown; rules as tables, then through the service on memory, SQLite
and PostgreSQL (when someone last won is a stored fact)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import Settings
from bot.drops import outcomes as oc
from bot.drops.model import Mode
from bot.gating.rules import (
    EVERYONE,
    ConditionKind,
    EntrantFacts,
    RuleError,
    Tier,
    parse_node,
    parse_rule,
    with_cooldown,
)
from tests.fixtures.harness import CHANNEL, START, Harness

DAY = timedelta(days=1)
WON_3_DAYS_AGO = EntrantFacts(won_ago=(("", 3 * DAY),))
COOLDOWN = ["not won-within:30d"]


@pytest.mark.parametrize(
    ("rules", "require", "facts", "admitted"),
    [
        (["everyone"], COOLDOWN, EntrantFacts(), True),
        (["everyone"], COOLDOWN, WON_3_DAYS_AGO, False),
        (["everyone"], COOLDOWN, EntrantFacts(won_ago=(("", 31 * DAY),)), True),
        (["everyone"], ["won-within:30d"], WON_3_DAYS_AGO, True),
        (["everyone"], ["not won-within:30d:hoodies"], WON_3_DAYS_AGO, True),
        (
            ["everyone"],
            ["not won-within:30d:hoodies"],
            EntrantFacts(won_ago=(("", 3 * DAY), ("hoodies", 3 * DAY))),
            False,
        ),
        (["everyone"], [{"not": "role:42"}], EntrantFacts(roles=frozenset({"42"})), False),
        (["everyone"], [{"not": "role:42"}], EntrantFacts(roles=frozenset({"43"})), True),
        (
            [{"not": {"any_of": ["badge:vip", "role:1"]}}],
            [],
            EntrantFacts(badges=frozenset({"vip"})),
            False,
        ),
        ([{"not": {"any_of": ["badge:vip", "role:1"]}}], [], EntrantFacts(), True),
    ],
)
def test_exclusion_table(
    rules: list[object], require: list[object], facts: EntrantFacts, admitted: bool
) -> None:
    assert parse_rule(rules, require).admits(facts) is admitted


@pytest.mark.parametrize(
    ("rules", "require", "facts", "barred"),
    [
        (["everyone"], COOLDOWN, WON_3_DAYS_AGO, "you won a drop 3 days ago; winners wait 30 days"),
        (
            ["everyone"],
            ["not won-within:14d:hoodies"],
            EntrantFacts(
                won_ago=(
                    ("", timedelta(hours=5)),
                    ("hoodies", timedelta(hours=5)),
                )
            ),
            "you won a hoodies drop 5 hours ago; hoodies winners wait 14 days",
        ),
        (
            ["everyone"],
            ["not role:42"],
            EntrantFacts(roles=frozenset({"42"})),
            "members with a Discord role can't enter this drop",  # never the raw id (issue 22)
        ),
        (
            [{"all_of": ["badge:subscriber", {"not": "badge:vip"}]}],
            [],
            EntrantFacts(badges=frozenset({"subscriber", "vip"})),
            "this drop is not for VIPs",
        ),
        # Missing something is not an exclusion: `unmet` says what is missing instead.
        (["badge:subscriber"], COOLDOWN, WON_3_DAYS_AGO, None),
        (["everyone"], COOLDOWN, EntrantFacts(), None),
    ],
)
def test_an_exclusion_explains_itself(
    rules: list[object], require: list[object], facts: EntrantFacts, barred: str | None
) -> None:
    assert parse_rule(rules, require).barred(facts) == barred


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("won-within:0d", "more than zero"),
        ("won-within:30d:", "name the series"),
        ("won-within:soon", "is not like 30s"),
        ("not colour:red", "unknown rule kind 'colour'"),
        ({"not": ["role:1"]}, "must be a condition string"),
    ],
)
def test_unreadable_exclusions_are_refused_with_a_reason(item: object, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_node(item)


def test_an_exclusion_round_trips_through_its_config_form() -> None:
    rule = parse_rule(
        ["badge:subscriber", {"all_of": ["role:42", {"not": "role:7"}]}],
        ["not won-within:30d", "not won-within:12h:hoodies"],
    )
    config = rule.to_config()
    assert parse_rule(config["rules"], config["require"]) == rule
    assert rule.names(ConditionKind.ROLE) == {"42", "7"}


def test_a_default_cooldown_is_required_by_every_tier_that_has_none_of_its_own() -> None:
    own = Tier("returning", parse_rule(["everyone"], ["not won-within:7d"]))
    tiers = with_cooldown((Tier("public", EVERYONE), own), 30 * DAY)
    assert tiers[0].rule.barred(WON_3_DAYS_AGO) == "you won a drop 3 days ago; winners wait 30 days"
    assert tiers[1] == own
    assert with_cooldown(tiers, timedelta(0)) == tiers


def test_the_config_cooldown_is_per_community_with_a_default() -> None:
    settings = Settings.model_validate(
        {
            "drops": {"cooldown": "7d", "cooldowns": {"default": "30d"}},
            "twitch": {"channels": [{"name": "default"}, {"name": "other"}]},
        }
    )
    default = settings.drop_spec("x", "X", "default").tiers[-1].rule
    other = settings.drop_spec("x", "X", "other").tiers[-1].rule
    assert default.barred(EntrantFacts(won_ago=(("", 10 * DAY),))) is not None
    assert other.barred(EntrantFacts(won_ago=(("", 10 * DAY),))) is None
    assert other.barred(WON_3_DAYS_AGO) == "you won a drop 3 days ago; winners wait 7 days"


# -- through the service, on every backend ------------------------------------------------------


async def _win(harness: Harness, name: str, user: str, series: str = "") -> None:
    """`user` wins the first-come drop `name`."""
    await harness.open(name=name, supply=1, tiers=(), mode=Mode.FCFS, series=series)
    assert isinstance(await harness.claim(user), oc.Won)
    harness.clock.advance(minutes=10)
    await harness.service.close(CHANNEL, name)


async def test_a_recent_winner_is_refused_with_when_they_won_and_how_long_winners_wait(
    harness: Harness,
) -> None:
    await _win(harness, "ep3", "1")
    harness.clock.at = START + 3 * DAY
    await harness.open(name="ep4", tiers=with_cooldown((Tier("public", EVERYONE),), 30 * DAY))
    refused = await harness.claim("1")
    assert isinstance(refused, oc.NotEligible) and refused.code == "rule"
    assert refused.reason == "you won a drop 3 days ago; winners wait 30 days"
    assert isinstance(await harness.claim("2"), oc.Entered)


async def test_a_winner_enters_again_once_the_cooldown_has_passed(harness: Harness) -> None:
    await _win(harness, "ep3", "1")
    harness.clock.at = START + 31 * DAY
    await harness.open(name="ep4", tiers=with_cooldown((Tier("public", EVERYONE),), 30 * DAY))
    assert isinstance(await harness.claim("1"), oc.Entered)


async def test_a_series_cooldown_counts_only_wins_in_that_series(harness: Harness) -> None:
    await _win(harness, "poster", "1", series="posters")
    await _win(harness, "hoodie", "2", series="hoodies")
    harness.clock.advance(days=1)
    cooldown = parse_rule(["everyone"], ["not won-within:30d:hoodies"])
    await harness.open(name="ep4", tiers=(Tier("public", cooldown),))
    assert isinstance(await harness.claim("1"), oc.Entered)
    refused = await harness.claim("2")
    assert isinstance(refused, oc.NotEligible)
    assert refused.reason == "you won a hoodies drop 1 day ago; hoodies winners wait 30 days"
