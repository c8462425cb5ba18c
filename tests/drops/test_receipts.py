"""Every entrant's receipt (issue 20 item 4): their pseudonym, tier, weight and where their entry
stands, and after the draw its place in the transcript; only ever their own."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.drops import outcomes as oc
from bot.drops.model import Mode
from bot.drops.receipts import Receipt, Standing
from bot.gating.lists import ListKind
from bot.gating.rules import EVERYONE, Tier, parse_rule
from tests.drops.genuine_draw import put_on_list
from tests.fixtures.harness import CHANNEL, START, Harness

TIERS = (
    Tier("subs", parse_rule(["badge:subscriber"]), timedelta(0), 3),
    Tier("everyone", EVERYONE, timedelta(0), 1),
)


async def receipt(harness: Harness, user: str) -> Receipt:
    (found,) = await harness.service.receipts.of_account(f"twitch:{user}")
    return found


async def test_a_lottery_entrant_sees_their_receipt_before_and_after_the_draw(
    harness: Harness,
) -> None:
    drop = await harness.open(supply=2, tiers=TIERS)
    entered = await harness.claim("1", "subscriber")
    assert isinstance(entered, oc.Entered)
    for user in range(2, 9):
        await harness.claim(str(user))

    before = await receipt(harness, "1")

    assert (before.drop_id, before.pseudonym, before.tier, before.weight) == (
        drop.id,
        entered.pseudonym,
        "subs",
        3,
    )
    assert (before.standing, before.place, before.serials) == (Standing.IN_DRAW, "", ())

    harness.clock.at = START + timedelta(minutes=10)
    await harness.service.close(CHANNEL, "hoodie")
    transcript = await harness.service.transcript(drop.id)
    receipts = [await receipt(harness, str(user)) for user in range(1, 9)]

    for r in receipts:
        # The place names where the transcript lists the pseudonym.
        listing, _, index = r.place.partition("[")
        assert getattr(transcript, listing)[int(index.rstrip("]"))] == r.pseudonym
        assert [e.weight for e in transcript.entries if e.entrant == r.pseudonym] == [r.weight]
    winners = [r for r in receipts if r.standing is Standing.HOLDS]
    assert sorted(r.place for r in winners) == ["winners[0]", "winners[1]"]
    assert sorted(s for r in winners for s in r.serials) == [1, 2]
    waiting = [r for r in receipts if r.standing is Standing.WAITLISTED]
    assert sorted(r.place for r in waiting) == [f"waitlist[{i}]" for i in range(6)]


async def test_an_entry_left_out_at_close_says_so_and_why(harness: Harness) -> None:
    await harness.open(supply=1, tiers=TIERS)
    for user in ("1", "2", "3"):
        await harness.claim(user)
    put_on_list(harness, "banned", ListKind.DENY, "twitch:2")
    harness.clock.at = START + timedelta(minutes=10)
    await harness.service.close(CHANNEL, "hoodie")

    left_out = await receipt(harness, "2")

    assert left_out.standing is Standing.LEFT_OUT
    assert left_out.reason and left_out.place == ""


async def test_a_first_come_arrival_without_a_unit_has_a_receipt_too(harness: Harness) -> None:
    await harness.open(mode=Mode.FCFS, supply=1, tiers=TIERS)
    assert isinstance(await harness.claim("1"), oc.Won)
    assert isinstance(await harness.claim("2"), oc.SoldOut)

    first, second = await receipt(harness, "1"), await receipt(harness, "2")

    assert (first.standing, first.serials, first.mode) == (Standing.HOLDS, (1,), Mode.FCFS)
    assert (second.standing, second.serials) == (Standing.NO_UNIT, ())
    assert first.pseudonym != second.pseudonym


@pytest.mark.parametrize("harness", ["memory", "sqlite"], indirect=True)
async def test_one_member_never_gets_another_members_receipt(harness: Harness) -> None:
    drop = await harness.open(supply=1, tiers=TIERS)
    ann = await harness.claim("1")
    bob = await harness.claim("2")
    assert isinstance(ann, oc.Entered) and isinstance(bob, oc.Entered)

    anns = await harness.service.receipts.of_account("twitch:1")
    strangers = await harness.service.receipts.of_account("twitch:3")

    assert [r.pseudonym for r in anns] == [ann.pseudonym]
    assert bob.pseudonym not in {r.pseudonym for r in anns}
    assert strangers == []
    assert await harness.service.receipts.in_drop(drop.id, "twitch:3") is None
    found = await harness.service.receipts.in_drop(drop.id, "twitch:2")
    assert found is not None and found.pseudonym == bob.pseudonym
