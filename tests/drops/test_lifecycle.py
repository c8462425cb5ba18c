"""The lifecycle and the clock: pure tables of states and times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.drops.errors import IllegalTransition
from bot.drops.lifecycle import can_move, move, phase_at
from bot.drops.model import Drop, DropSpec, DropState, Mode
from bot.drops.spec import parse_duration, validate_spec
from bot.gating.rules import EVERYONE, Tier, parse_rule
from bot.kernel.errors import InvalidSpec

S = DropState
OPENED = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)


def a_drop(state: DropState = S.EARLY, mode: Mode = Mode.LOTTERY) -> Drop:
    spec = validate_spec(
        DropSpec(
            name="hoodie",
            title="Hoodie",
            supply=3,
            mode=mode,
            tiers=(
                Tier("subs", parse_rule(["badge:subscriber"])),
                Tier("public", EVERYONE, timedelta(minutes=2)),
            ),
        )
    )
    return Drop(
        id=1,
        spec=spec,
        state=state,
        created_at=OPENED,
        seed_hex="00" * 32,
        commitment="",
        pseudonym_salt="00" * 16,
        opened_at=OPENED,
        closes_at=OPENED + timedelta(minutes=10),
    )


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.DRAFT, S.SCHEDULED, True),
        (S.SCHEDULED, S.EARLY, True),
        (S.EARLY, S.PUBLIC, True),
        (S.PUBLIC, S.CLOSED, True),
        (S.CLOSED, S.DRAWN, True),
        (S.DRAWN, S.SETTLED, True),
        (S.DRAWN, S.CANCELLED, True),
        (S.DRAFT, S.CLOSED, False),
        (S.PUBLIC, S.EARLY, False),
        (S.CLOSED, S.PUBLIC, False),
        (S.SETTLED, S.CANCELLED, False),
        (S.CANCELLED, S.EARLY, False),
    ],
)
def test_transition_table(current: DropState, target: DropState, allowed: bool) -> None:
    assert can_move(current, target) is allowed


def test_illegal_transition_names_the_state_the_drop_is_in() -> None:
    drop = a_drop(S.SETTLED)
    with pytest.raises(IllegalTransition) as caught:
        move(drop, S.CANCELLED)
    assert str(caught.value) == (
        "cannot cancel drop 'hoodie': it is settled "
        "(from settled it can go to nothing: it is final)"
    )
    assert drop.state is S.SETTLED


def test_first_come_drops_are_never_drawn() -> None:
    with pytest.raises(IllegalTransition, match="first-come-first-served"):
        move(a_drop(S.CLOSED, Mode.FCFS), S.DRAWN)


@pytest.mark.parametrize(
    ("after", "phase"),
    [
        (timedelta(0), S.EARLY),
        (timedelta(minutes=1, seconds=59), S.EARLY),
        (timedelta(minutes=2), S.PUBLIC),
        (timedelta(minutes=9, seconds=59), S.PUBLIC),
        (timedelta(minutes=10), S.CLOSED),
        (timedelta(days=3), S.CLOSED),
    ],
)
def test_the_clock_decides_the_phase_of_an_open_drop(after: timedelta, phase: DropState) -> None:
    assert phase_at(a_drop(), OPENED + after) is phase


def test_a_drop_persisted_as_closed_stays_closed_whatever_the_clock() -> None:
    assert phase_at(a_drop(S.CLOSED), OPENED) is S.CLOSED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "Big Drop!"}, "drop name 'Big Drop!' must be"),
        ({"supply": 0}, "supply must be between 1"),
        ({"cap_per_person": 2}, "a lottery gives one unit per winner"),
        ({"claim_window": timedelta(0)}, "claim window must be longer than zero"),
        ({"code_ttl": timedelta(hours=1)}, "code expiry must not be shorter"),
        (
            {"tiers": (Tier("subs", parse_rule(["badge:subscriber"])),)},
            "the last window must be open to everyone",
        ),
        (
            {"tiers": (Tier("late", EVERYONE, timedelta(minutes=30)),)},
            "tier 'late' opens 30m after the start, but the drop closes after 10m",
        ),
        ({"tiers": (Tier("public", EVERYONE, weight=0),)}, "weight must be 1-1000"),
        (
            {"tiers": (Tier("a", EVERYONE), Tier("a", EVERYONE))},
            "tier names must be unique",
        ),
    ],
)
def test_a_bad_spec_is_refused_with_a_reason(changes: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"name": "hoodie", "title": "Hoodie", "supply": 5}
    values.update(changes)
    with pytest.raises(InvalidSpec, match=message):
        validate_spec(DropSpec(**values))  # type: ignore[arg-type]


def test_a_spec_without_tiers_gets_a_public_tier() -> None:
    spec = validate_spec(DropSpec(name="x", title="X", supply=1))
    assert [(t.name, t.rule) for t in spec.tiers] == [("public", EVERYONE)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30s", timedelta(seconds=30)),
        ("10m", timedelta(minutes=10)),
        ("2h", timedelta(hours=2)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("3d", timedelta(days=3)),
    ],
)
def test_durations_read_like_people_write_them(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "10", "ten", "5x", "-5m", "1m1h"])
def test_unreadable_durations_are_refused(text: str) -> None:
    with pytest.raises(InvalidSpec, match="is not like 30s"):
        parse_duration(text)
