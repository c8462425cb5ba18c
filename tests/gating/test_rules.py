"""Tier rules as tables, and properties no combination of facts can break."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.drops.model import Drop, DropSpec, DropState
from bot.drops.spec import validate_spec
from bot.gating.antibot import AccountFacts, AntiBot, CachedPlatformFacts, FilterReason, filtered
from bot.gating.context import Claimant
from bot.gating.eligibility import Admitted, NotYet, Refused, eligibility
from bot.gating.rules import EVERYONE, EntrantFacts, RuleError, Tier, parse_rule

DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("rules", "require", "facts", "admitted"),
    [
        (["everyone"], [], EntrantFacts(), True),
        (["badge:subscriber"], [], EntrantFacts(badges=frozenset({"subscriber"})), True),
        (["badge:subscriber"], [], EntrantFacts(badges=frozenset({"vip"})), False),
        (["badge:vip"], [], EntrantFacts(badges=frozenset({"broadcaster"})), True),
        (["role:42"], [], EntrantFacts(roles=frozenset({"42"})), True),
        (["role:42"], [], EntrantFacts(roles=frozenset({"43"})), False),
        (["list:picks"], [], EntrantFacts(lists=frozenset({"picks"})), True),
        (["holder:ep3"], [], EntrantFacts(holdings=frozenset({"ep3"})), True),
        (["holder:ep3"], [], EntrantFacts(holdings=frozenset({"ep2"})), False),
        (["series:s1"], [], EntrantFacts(series=frozenset({"s1"})), True),
        (["everyone"], ["account-age:30d"], EntrantFacts(account_age=31 * DAY), True),
        (["everyone"], ["account-age:30d"], EntrantFacts(account_age=29 * DAY), False),
        (["everyone"], ["account-age:30d"], EntrantFacts(), True),  # unknown never locks fans out
        (["everyone"], ["follow-age:7d"], EntrantFacts(follow_age=timedelta(0)), False),
        (
            [{"all_of": ["badge:subscriber", "role:42"]}],
            [],
            EntrantFacts(badges=frozenset({"subscriber"})),
            False,
        ),
        (
            [{"all_of": ["badge:subscriber", "role:42"]}],
            [],
            EntrantFacts(badges=frozenset({"subscriber"}), roles=frozenset({"42"})),
            True,
        ),
        (
            ["badge:subscriber", {"any_of": ["list:picks", "holder:ep3"]}],
            [],
            EntrantFacts(holdings=frozenset({"ep3"})),
            True,
        ),
    ],
)
def test_rule_table(
    rules: list[object], require: list[object], facts: EntrantFacts, admitted: bool
) -> None:
    assert parse_rule(rules, require).admits(facts) is admitted


@pytest.mark.parametrize(
    ("rules", "require", "facts", "unmet"),
    [
        (["badge:subscriber", "holder:ep3"], [], EntrantFacts(), "subscribers or holders of ep3"),
        (
            ["everyone"],
            ["account-age:30d"],
            EntrantFacts(account_age=DAY),
            "accounts older than 30d",
        ),
        (["list:picks"], [], EntrantFacts(), "the picks list"),
        (
            [{"all_of": ["badge:vip", "role:1"]}],
            [],
            EntrantFacts(),
            "(VIPs and members with a Discord role)",
        ),
        (["everyone"], [], EntrantFacts(), None),
    ],
)
def test_a_rule_says_what_is_missing(
    rules: list[object], require: list[object], facts: EntrantFacts, unmet: str | None
) -> None:
    assert parse_rule(rules, require).unmet(facts) == unmet


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("badge:king", "unknown Twitch badge 'king'"),
        ("role:mods", "must be a numeric role id"),
        ("colour:red", "unknown rule kind 'colour'"),
        ("list:", "must be 'everyone' or KIND:VALUE"),
        ("account-age:soon", "is not like 30s"),
        ({"some_of": ["everyone"]}, "must be a condition string"),
        ({"any_of": []}, "must be a condition string"),
    ],
)
def test_unreadable_rules_are_refused_with_a_reason(item: object, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_rule([item])


def test_a_rule_round_trips_through_its_config_form() -> None:
    rule = parse_rule(
        ["badge:subscriber", {"all_of": ["role:42", {"any_of": ["list:a", "series:s"]}]}],
        ["account-age:30d"],
    )
    config = rule.to_config()
    assert parse_rule(config["rules"], config["require"]) == rule


@pytest.mark.parametrize(
    ("rules", "facts", "reason"),
    [
        (AntiBot(), AccountFacts(suspicious=True), FilterReason.SUSPICIOUS),
        (AntiBot(refuse_suspicious=False), AccountFacts(suspicious=True), None),
        (
            AntiBot(min_account_age=7 * DAY),
            AccountFacts(created_at=datetime(2026, 11, 20, tzinfo=UTC)),
            FilterReason.ACCOUNT_AGE,
        ),
        (AntiBot(min_account_age=7 * DAY), AccountFacts(), None),
        (AntiBot(min_follow_age=DAY), AccountFacts(following=False), FilterReason.NOT_FOLLOWING),
        (
            AntiBot(min_follow_age=DAY),
            AccountFacts(following=True, followed_at=datetime(2026, 11, 21, 19, tzinfo=UTC)),
            FilterReason.FOLLOW_AGE,
        ),
    ],
)
def test_anti_bot_filter_table(
    rules: AntiBot, facts: AccountFacts, reason: FilterReason | None
) -> None:
    assert filtered(rules, facts, datetime(2026, 11, 21, 20, tzinfo=UTC)) == reason


class CountingFacts:
    def __init__(self) -> None:
        self.asked = 0

    async def account_facts(self, platform: str, user_id: str, channel: str) -> AccountFacts:
        self.asked += 1
        return AccountFacts(suspicious=user_id == "bad")


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 21, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at


async def test_account_facts_are_cached_bounded_and_expire() -> None:
    source, clock = CountingFacts(), Clock()
    cache = CachedPlatformFacts(source, clock, max_size=2, ttl=timedelta(minutes=10))
    for _ in range(3):
        assert (await cache.account_facts("twitch", "bad", "c")).suspicious
    assert source.asked == 1
    await cache.account_facts("twitch", "2", "c")
    await cache.account_facts("twitch", "3", "c")  # evicts the least recently used ("bad")
    await cache.account_facts("twitch", "bad", "c")
    assert source.asked == 4
    clock.at += timedelta(minutes=11)
    await cache.account_facts("twitch", "bad", "c")
    assert source.asked == 5


# -- properties ---------------------------------------------------------------------------------

OPENED = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
BADGES = st.frozensets(st.sampled_from(["subscriber", "founder", "vip", "moderator"]))
ROLES = st.frozensets(st.sampled_from(["1", "2"]))
NAMES = st.frozensets(st.sampled_from(["picks", "ep3"]))
AGES = st.one_of(st.none(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=90)))
FACTS = st.builds(
    EntrantFacts,
    badges=BADGES,
    roles=ROLES,
    lists=NAMES,
    holdings=NAMES,
    series=st.frozensets(st.just("s1")),
    account_age=AGES,
    follow_age=AGES,
)


def tiered_drop() -> Drop:
    spec = validate_spec(
        DropSpec(
            name="x",
            title="X",
            supply=5,
            tiers=(
                Tier(
                    "subs", parse_rule(["badge:subscriber"], ["account-age:30d"]), timedelta(0), 2
                ),
                Tier("picks", parse_rule(["list:picks", "role:1"]), timedelta(minutes=1), 3),
                Tier("holders", parse_rule(["holder:ep3"]), timedelta(minutes=1), 4),
                Tier("public", EVERYONE, timedelta(minutes=3)),
            ),
        )
    )
    return Drop(1, spec, DropState.EARLY, OPENED, "00" * 32, "", "00" * 16, opened_at=OPENED)


@settings(max_examples=400, deadline=None)
@given(facts=FACTS, minutes=st.integers(min_value=0, max_value=9))
def test_no_facts_let_anyone_into_a_window_their_rules_do_not_admit(
    facts: EntrantFacts, minutes: int
) -> None:
    drop = tiered_drop()
    at = OPENED + timedelta(minutes=minutes)
    verdict = eligibility(drop, facts, at)
    if isinstance(verdict, Admitted):
        tier = verdict.tier
        assert tier.rule.admits(facts)
        assert OPENED + tier.opens_after <= at
        # the weight is the best the person is entitled to among the open windows
        assert all(
            t.weight <= tier.weight
            for t in drop.spec.tiers
            if t.rule.admits(facts) and OPENED + t.opens_after <= at
        )
    elif isinstance(verdict, NotYet):
        assert verdict.opens_at > at
        assert not any(
            t.rule.admits(facts) and OPENED + t.opens_after <= at for t in drop.spec.tiers
        )
    else:
        assert isinstance(verdict, Refused)
        assert not any(t.rule.admits(facts) for t in drop.spec.tiers)


def test_a_claimant_is_never_worse_off_than_the_public() -> None:
    drop = tiered_drop()
    late = OPENED + timedelta(minutes=5)
    assert isinstance(eligibility(drop, EntrantFacts(), late), Admitted)
    assert Claimant("twitch", "1", "x").account == "twitch:1"
