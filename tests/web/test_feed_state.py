"""The live feed's phases and the public state of a drop, as pure functions of the drop and
the time (the overlay contract's table)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from bot.drops.model import Drop, DropState, Mode
from bot.gating.rules import Tier, parse_rule
from bot.web.feed.state import DropView, drop_state, iso, phase_of
from tests.fixtures.harness import START, spec

OPENED = START
PUBLIC_AT = START + timedelta(minutes=2)  # spec(): subscribers first, everyone 2 minutes later


def a_drop(state: DropState, **fields: object) -> Drop:
    drop = Drop(
        id=7, spec=spec(), state=state, created_at=START, seed_hex="ab" * 32,
        commitment="cd" * 32, pseudonym_salt="salt", opened_at=OPENED,
        closes_at=START + timedelta(minutes=10),
    )  # fmt: skip
    return replace(drop, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("drop", "now", "phase"),
    [
        (None, START, "none"),
        (a_drop(DropState.DRAFT, opened_at=None), START, "none"),
        (a_drop(DropState.SCHEDULED, opened_at=None, scheduled_for=START), START, "scheduled"),
        (a_drop(DropState.EARLY), PUBLIC_AT - timedelta(seconds=1), "early"),
        (a_drop(DropState.EARLY), PUBLIC_AT, "public"),  # by the clock, before the scheduler
        (a_drop(DropState.PUBLIC), PUBLIC_AT, "public"),
        (a_drop(DropState.PUBLIC, paused_at=PUBLIC_AT), PUBLIC_AT, "paused"),
        (a_drop(DropState.CLOSED), PUBLIC_AT, "drawing"),
        (a_drop(DropState.CLOSED, spec=spec(mode=Mode.FCFS)), PUBLIC_AT, "drawn"),
        (a_drop(DropState.DRAWN), PUBLIC_AT, "drawn"),
        (a_drop(DropState.SETTLED), PUBLIC_AT, "drawn"),
        (a_drop(DropState.CANCELLED), PUBLIC_AT, "cancelled"),
    ],
)
def test_each_drop_state_is_the_contracts_phase(
    drop: Drop | None, now: datetime, phase: str
) -> None:
    assert phase_of(drop, now) == phase


def test_the_public_state_of_an_open_drop_carries_only_what_its_page_shows() -> None:
    drop = a_drop(DropState.EARLY)
    shown = drop_state(DropView(drop, 12), START, "https://drops.example/", masked=False)
    assert shown == {
        "id": 7,
        "title": "Episode 4 hoodie",
        "supply": 3,
        "mode": "lottery",
        "opens_at": iso(OPENED),
        "public_at": iso(PUBLIC_AT),
        "closes_at": iso(START + timedelta(minutes=10)),
        "early_for": [{"any_of": [{"kind": "badge", "value": "subscriber"}], "require": []}],
        "entrants": 12,
        "commitment": "cd" * 32,
        "beacon_round": None,
        "beacon_at": None,
        "winners": [],
        "transparency_url": "https://drops.example/drops/7",
    }
    assert "ab" * 32 not in str(shown) and "salt" not in str(shown)  # the seed stays secret


def test_times_are_utc_with_milliseconds_and_a_z() -> None:
    assert iso(START + timedelta(microseconds=123_456)) == "2026-11-21T20:00:00.123Z"


def test_early_access_is_sent_as_kinds_of_conditions_never_words_or_role_ids() -> None:
    early = parse_rule(
        ["badge:vip", {"all_of": ["list:mods-picks", "follow-age:7d"]}],
        ["account-age:30d", "not role:123456789012345678", "not won-within:14d:tour"],
    )
    tiers = (
        Tier("early", early),
        Tier("public", parse_rule(["everyone"]), opens_after=timedelta(minutes=2)),
    )
    drop = a_drop(DropState.EARLY, spec=replace(spec(), tiers=tiers))

    shown = drop_state(DropView(drop, 0), START, "https://drops.example/", masked=False)

    assert shown["early_for"] == [
        {
            "any_of": [
                {"kind": "badge", "value": "vip"},
                {
                    "all_of": [
                        {"kind": "list", "value": "mods-picks"},
                        {"kind": "follow-age", "age_s": 7 * 86400},
                    ]
                },
            ],
            "require": [
                {"kind": "account-age", "age_s": 30 * 86400},
                {"not": {"kind": "role"}},
                {"not": {"kind": "won-within", "value": "tour", "age_s": 14 * 86400}},
            ],
        }
    ]
    assert "123456789012345678" not in str(shown)
