"""What falls due when, worked out from a drop's record alone."""

from __future__ import annotations

from datetime import timedelta

from bot.drops.model import Drop, DropState
from bot.drops.timeline import OVERDUE, Due, DueKind, closing_key, due_for, summary_key
from tests.fixtures.harness import START, spec


def _drop(state: DropState, **times: object) -> Drop:
    drop = Drop(
        id=7,
        spec=spec(entry_window=timedelta(minutes=10)),
        state=state,
        created_at=START,
        seed_hex="00",
        commitment="00",
        pseudonym_salt="00",
    )
    for name, value in times.items():
        setattr(drop, name, value)
    return drop


def _kinds(due: list[Due]) -> dict[str, object]:
    return {d.key: d.at for d in due}


def test_a_scheduled_drop_is_due_to_open_and_nothing_else() -> None:
    at = START + timedelta(hours=2)
    due = due_for(_drop(DropState.SCHEDULED, scheduled_for=at), None)
    assert _kinds(due) == {"open:7": at}


def test_an_early_drop_goes_public_says_closing_soon_and_closes() -> None:
    drop = _drop(DropState.EARLY, opened_at=START, closes_at=START + timedelta(minutes=10))
    due = _kinds(due_for(drop, None))
    # The harness spec lets everyone in two minutes after the subscribers.
    assert due == {
        "public:7": START + timedelta(minutes=2),
        "closing:7": START + timedelta(minutes=9),
        "close:7": START + timedelta(minutes=10),
    }


def test_a_closing_notice_that_went_out_is_not_due_again() -> None:
    drop = _drop(DropState.PUBLIC, opened_at=START, closes_at=START + timedelta(minutes=10))
    assert set(_kinds(due_for(drop, None, [closing_key(7)]))) == {"close:7"}


def test_a_short_window_gets_no_closing_notice() -> None:
    drop = _drop(DropState.PUBLIC, opened_at=START, closes_at=START + timedelta(minutes=2))
    drop.spec = spec(entry_window=timedelta(minutes=2))
    assert set(_kinds(due_for(drop, None))) == {"close:7"}


def test_a_drawn_drop_expires_claims_and_posts_both_summaries() -> None:
    closed = START + timedelta(minutes=10)
    deadline = closed + timedelta(hours=24)
    drop = _drop(DropState.DRAWN, opened_at=START, closes_at=closed, closed_at=closed)
    due = _kinds(due_for(drop, deadline))
    assert due == {
        "expire:7": deadline + OVERDUE,
        "summary:7:24h": closed + timedelta(hours=24),
        "summary:7:72h": closed + timedelta(hours=72),
    }


def test_a_posted_summary_is_not_due_again() -> None:
    closed = START + timedelta(minutes=10)
    drop = _drop(DropState.SETTLED, closed_at=closed)
    due = due_for(drop, None, [summary_key("24h", 7)])
    assert [(d.kind, d.label) for d in due] == [(DueKind.SUMMARY, "72h")]


def test_a_cancelled_drop_has_nothing_due() -> None:
    closed = START + timedelta(minutes=10)
    drop = _drop(DropState.CANCELLED, closed_at=closed)
    assert due_for(drop, closed + timedelta(hours=1)) == []
