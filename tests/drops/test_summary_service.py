"""`DropService.summarize` and `summary`: a real drop through the engine, on every backend."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.drops.errors import UnknownDrop
from bot.drops.figures import ConversionSummary
from bot.kernel.errors import DropError
from tests.fixtures.harness import CHANNEL, Harness

DAY = timedelta(hours=24)


async def _drawn_drop(harness: Harness) -> int:
    """Four fans enter (two subscribers early), two units are drawn, one winner collects and
    redeems an hour later."""
    drop = await harness.open(supply=2)
    await harness.claim("1", "subscriber")
    await harness.claim("2", "subscriber")
    harness.clock.advance(minutes=2)
    await harness.claim("3")
    await harness.claim("4", platform="discord")
    harness.clock.advance(minutes=10)
    await harness.service.close(CHANNEL)
    winner = harness.read(lambda uow: uow.allocations.for_drop(drop.id))[0]
    harness.clock.advance(minutes=30)
    code = (await harness.service.collect(drop.id, winner.identity)).codes[0]
    harness.clock.advance(minutes=30)
    await harness.service.redeem(code.short_code, partner="popup", order_value_cents=3000)
    return drop.id


def _summaries(harness: Harness, drop_id: int) -> list[tuple[str, dict[str, object]]]:
    return [
        (m.dedupe_key, m.payload)
        for m in harness.read(lambda uow: uow.outbox.for_drop(drop_id))
        if m.kind == "summary"
    ]


async def test_summarize_posts_the_24h_summary_once_however_often_it_runs(
    harness: Harness,
) -> None:
    drop_id = await _drawn_drop(harness)
    harness.clock.advance(hours=24)

    first = await harness.service.summarize(drop_id, DAY)
    harness.clock.advance(minutes=5)
    again = await harness.service.summarize(drop_id, DAY)

    ((key, payload),) = _summaries(harness, drop_id)
    assert key == f"summary:24h:{drop_id}"
    assert ConversionSummary.from_payload(payload) == first
    assert again.to_payload() | {"computed_at": None} == first.to_payload() | {"computed_at": None}
    assert (first.entrants, first.winners, first.viewed, first.redeemed) == (4, 2, 1, 1)
    assert first.by_platform == (("twitch", 3), ("discord", 1))
    assert (first.median_claim_seconds, first.median_redeem_seconds) == (1800.0, 1800.0)
    assert first.revenue_cents == 3000


async def test_the_72h_summary_is_a_second_post(harness: Harness) -> None:
    drop_id = await _drawn_drop(harness)
    harness.clock.advance(hours=72)

    await harness.service.summarize(drop_id, DAY)
    await harness.service.summarize(drop_id, 3 * DAY)

    keys = [key for key, _ in _summaries(harness, drop_id)]
    assert keys == [f"summary:24h:{drop_id}", f"summary:72h:{drop_id}"]


async def test_summary_for_the_report_posts_nothing(harness: Harness) -> None:
    drop_id = await _drawn_drop(harness)

    now = await harness.service.summary(drop_id)
    day = await harness.service.summary(drop_id, DAY)

    assert (now.label, now.as_of) == ("now", harness.clock.now())
    assert day.label == "24h" and not day.final  # the first day is not over yet
    assert _summaries(harness, drop_id) == []


async def test_a_cancelled_or_unclosed_drop_cannot_be_summarized(harness: Harness) -> None:
    running = await harness.open()
    with pytest.raises(DropError, match="has not closed yet"):
        await harness.service.summarize(running.id, DAY)
    await harness.service.cancel(CHANNEL, reason="stream ended")
    with pytest.raises(DropError, match="cancelled"):
        await harness.service.summarize(running.id, DAY)
    with pytest.raises(UnknownDrop):
        await harness.service.summary(running.id + 100)
    assert _summaries(harness, running.id) == []
