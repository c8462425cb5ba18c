"""The drop engine's behaviour through the service layer, on memory, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest

from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimRequest
from bot.drops.drawinput import commitment_v2
from bot.drops.errors import IllegalTransition, UnknownDrop
from bot.drops.guarantees import guaranteed_digest
from bot.drops.lottery import DrawEntry
from bot.drops.model import AllocationStatus, DropState, Mode
from bot.drops.redemption import CodeStatus
from bot.drops.verify import verify_transcript
from bot.gating.context import Claimant
from bot.gating.lists import ListKind
from bot.gating.rules import EVERYONE, Tier, parse_rule
from bot.kernel.errors import DropError, InvalidSpec
from tests.drops.genuine_draw import put_on_list
from tests.fixtures.harness import CHANNEL, Harness, spec


async def test_opening_publishes_the_commitment_of_a_secret_seed(harness: Harness) -> None:
    drop = await harness.open()
    assert drop.state is DropState.EARLY
    # Format v2 with no drand round (the service here has no beacon) and no guaranteed units.
    assert drop.commitment == commitment_v2(
        bytes.fromhex(drop.seed_hex),
        None,
        guaranteed_digest=guaranteed_digest(()),
        claim_window_seconds=int(drop.spec.claim_window.total_seconds()),
    )
    opened = harness.read(lambda uow: uow.outbox.for_drop(drop.id))
    assert [m.kind for m in opened] == ["early"]
    assert opened[0].payload["commitment"] == drop.commitment
    assert drop.seed_hex not in str(opened[0].payload)


async def test_a_second_drop_cannot_open_while_one_runs_in_the_channel(harness: Harness) -> None:
    await harness.open()
    with pytest.raises(DropError, match="still early"):
        await harness.open(name="poster")


async def test_a_bad_spec_is_refused_with_the_field_named(harness: Harness) -> None:
    with pytest.raises(InvalidSpec, match="supply must be between 1"):
        await harness.open(supply=0)
    assert harness.read(lambda uow: uow.drops.running(CHANNEL)) is None


async def test_subscriber_enters_the_early_window(harness: Harness) -> None:
    await harness.open()
    outcome = await harness.claim("1", "subscriber")
    assert isinstance(outcome, oc.Entered)
    assert (outcome.tier, outcome.entrants) == ("subs", 1)


async def test_viewer_without_early_access_is_told_when_the_public_window_opens(
    harness: Harness,
) -> None:
    drop = await harness.open()
    outcome = await harness.claim("2")
    assert isinstance(outcome, oc.NotEligibleYet)
    assert outcome.opens_at == drop.opened_at + timedelta(minutes=2)  # type: ignore[operator]
    assert outcome.early_access_for == "subscribers"
    harness.clock.advance(minutes=2)
    assert isinstance(await harness.claim("2"), oc.Entered)


async def test_second_claim_by_same_viewer_is_not_a_second_entry(harness: Harness) -> None:
    drop = await harness.open()
    assert isinstance(await harness.claim("1", "subscriber"), oc.Entered)
    assert isinstance(await harness.claim("1", "subscriber"), oc.AlreadyEntered)
    assert harness.read(lambda uow: uow.entries.count(drop.id)) == 1


async def test_a_redelivered_message_counts_once(harness: Harness) -> None:
    drop = await harness.open()
    first = await harness.claim("1", "subscriber", message_id="evt-1")
    again = await harness.claim("1", "subscriber", message_id="evt-1")
    assert isinstance(first, oc.Entered)
    assert isinstance(again, oc.Duplicate) and again.first_outcome == "entered"
    assert harness.read(lambda uow: uow.entries.count(drop.id)) == 1


async def test_concurrent_claims_commit_together_and_each_gets_its_outcome(
    harness: Harness,
) -> None:
    drop = await harness.open()
    outcomes = await asyncio.gather(*(harness.claim(str(i), "subscriber") for i in range(200)))
    assert all(isinstance(o, oc.Entered) for o in outcomes)
    assert sorted(o.entrants for o in outcomes if isinstance(o, oc.Entered)) == list(range(1, 201))
    assert harness.read(lambda uow: uow.entries.count(drop.id)) == 200
    assert harness.service.intake.batches < 200  # grouped into fewer transactions


async def test_claims_are_refused_after_the_window_closes_even_before_any_tick(
    harness: Harness,
) -> None:
    await harness.open()
    harness.clock.advance(minutes=10)
    assert isinstance(await harness.claim("1", "subscriber"), oc.Closed)


async def test_claim_with_no_drop_running_says_so(harness: Harness) -> None:
    assert isinstance(await harness.claim("1"), oc.NoDrop)


async def test_rapid_claims_are_rate_limited_per_person(harness: Harness) -> None:
    await harness.open()
    outcomes = [await harness.claim("1", "subscriber") for _ in range(7)]
    limited = [o for o in outcomes if isinstance(o, oc.RateLimited)]
    assert len(limited) == 2 and limited[0].retry_after_seconds > 0
    assert isinstance(await harness.claim("2", "subscriber"), oc.Entered)


async def test_tick_moves_the_drop_from_early_to_public_to_closed_and_draws(
    harness: Harness,
) -> None:
    drop = await harness.open()
    harness.clock.advance(minutes=3)
    assert await harness.service.tick() == ["hoodie: public"]
    await harness.claim("1")
    harness.clock.advance(minutes=8)
    assert await harness.service.tick() == ["hoodie: closed", "hoodie: drawn"]
    stored = await harness.service.get(drop.id)
    assert stored.state is DropState.DRAWN and stored.entry_hash


async def test_scheduled_drop_opens_when_its_time_comes(harness: Harness) -> None:
    start = harness.clock.now() + timedelta(hours=1)
    drop = await harness.service.create(spec(), start_at=start)
    assert drop.state is DropState.SCHEDULED
    outcome = await harness.claim("1", "subscriber")
    assert isinstance(outcome, oc.NotOpen) and outcome.opens_at == start
    harness.clock.advance(hours=1)
    assert await harness.service.tick() == ["hoodie: opened"]
    assert isinstance(await harness.claim("1", "subscriber"), oc.Entered)


async def _lottery_with_entrants(harness: Harness, entrants: int, supply: int = 3) -> int:
    drop = await harness.open(supply=supply)
    harness.clock.advance(minutes=2)
    await asyncio.gather(*(harness.claim(str(i)) for i in range(entrants)))
    harness.clock.advance(minutes=8)
    closing = await harness.service.close(CHANNEL)
    assert closing.draw is not None
    return drop.id


async def test_an_entrant_finds_their_receipt_in_the_transcript(harness: Harness) -> None:
    drop = await harness.open(supply=1)
    entered = await harness.claim("7", "subscriber")
    harness.clock.advance(minutes=2)
    await asyncio.gather(*(harness.claim(str(i)) for i in range(3)))
    harness.clock.advance(minutes=8)
    await harness.service.close(CHANNEL)
    assert isinstance(entered, oc.Entered) and entered.pseudonym
    transcript = await harness.service.transcript(drop.id)
    assert DrawEntry(entered.pseudonym, entered.weight) in transcript.entries


async def test_closing_a_lottery_draws_one_serial_and_one_code_per_winner(
    harness: Harness,
) -> None:
    drop_id = await _lottery_with_entrants(harness, 20, supply=3)
    allocations = harness.read(lambda uow: uow.allocations.for_drop(drop_id))
    codes = harness.read(lambda uow: uow.codes.for_drop(drop_id))
    outbox = harness.read(lambda uow: uow.outbox.for_drop(drop_id))
    assert sorted(a.serial for a in allocations) == [1, 2, 3]
    assert len({a.identity for a in allocations}) == 3
    assert Counter(c.allocation_id for c in codes) == Counter(a.id for a in allocations)
    won = [m for m in outbox if m.kind == "won"]
    assert sorted(m.audience for m in won) == sorted(a.identity for a in allocations)
    drawn = next(m for m in outbox if m.kind == "drawn")
    assert len(drawn.payload["winners"]) == 3  # type: ignore[arg-type]


async def test_the_transcript_of_a_real_draw_verifies(harness: Harness) -> None:
    drop_id = await _lottery_with_entrants(harness, 30, supply=4)
    transcript = await harness.service.transcript(drop_id)
    assert verify_transcript(transcript) == []
    assert len(transcript.winners) == 4 and len(transcript.waitlist) == 26
    winners = harness.read(lambda uow: uow.allocations.for_drop(drop_id))
    assert {w.identity for w in winners} and all(
        "twitch:" not in entrant for entrant in transcript.winners
    )


async def test_no_transcript_before_the_draw(harness: Harness) -> None:
    drop = await harness.open()
    with pytest.raises(DropError, match="not been drawn"):
        await harness.service.transcript(drop.id)


async def test_fewer_entrants_than_supply_all_win(harness: Harness) -> None:
    drop_id = await _lottery_with_entrants(harness, 2, supply=5)
    assert len(harness.read(lambda uow: uow.allocations.for_drop(drop_id))) == 2


async def test_heavier_tier_entries_carry_their_weight(harness: Harness) -> None:
    drop = await harness.open(
        tiers=(
            Tier("holders", parse_rule(["badge:vip"]), timedelta(0), 5),
            Tier("public", EVERYONE, timedelta(0), 1),
        )
    )
    await harness.claim("1", "vip")
    await harness.claim("2")
    entries = harness.read(lambda uow: uow.entries.for_drop(drop.id))
    assert [(e.tier, e.weight) for e in entries] == [("holders", 5), ("public", 1)]


async def test_fcfs_gives_units_at_once_until_sold_out(harness: Harness) -> None:
    await harness.open(mode=Mode.FCFS, supply=2, tiers=())
    first = await harness.claim("1")
    second = await harness.claim("2")
    third = await harness.claim("3")
    assert isinstance(first, oc.Won) and first.serial == 1
    assert isinstance(second, oc.Won) and second.serial == 2
    assert isinstance(third, oc.SoldOut) and third.waitlist_position == 1


async def test_fcfs_cap_lets_a_person_take_up_to_the_cap(harness: Harness) -> None:
    await harness.open(mode=Mode.FCFS, supply=10, cap_per_person=2, tiers=())
    outcomes = [await harness.claim("1") for _ in range(3)]
    assert [type(o) for o in outcomes] == [oc.Won, oc.Won, oc.CapReached]


async def test_concurrent_fcfs_rush_never_oversells(harness: Harness) -> None:
    drop = await harness.open(mode=Mode.FCFS, supply=25, tiers=())
    outcomes = await asyncio.gather(*(harness.claim(str(i)) for i in range(150)))
    assert sum(isinstance(o, oc.Won) for o in outcomes) == 25
    allocations = harness.read(lambda uow: uow.allocations.for_drop(drop.id))
    assert sorted(a.serial for a in allocations) == list(range(1, 26))


async def test_a_winner_collects_the_same_code_every_time(harness: Harness) -> None:
    drop_id = await _lottery_with_entrants(harness, 5, supply=1)
    winner = harness.read(lambda uow: uow.allocations.for_drop(drop_id))[0]
    first = await harness.service.collect(drop_id, winner.identity)
    again = await harness.service.collect(drop_id, winner.identity)
    assert len(first.codes) == 1 and first.codes == again.codes
    assert (await harness.service.check_code(first.codes[0].short_code)).status is CodeStatus.VALID
    allocation = harness.read(lambda uow: uow.allocations.for_drop(drop_id))[0]
    assert allocation.status is AllocationStatus.CLAIMED
    stored = await harness.service.get(drop_id)
    assert stored.state is DropState.SETTLED  # the only unit is claimed


async def test_someone_who_did_not_win_collects_nothing(harness: Harness) -> None:
    drop_id = await _lottery_with_entrants(harness, 5, supply=1)
    winner = harness.read(lambda uow: uow.allocations.for_drop(drop_id))[0]
    loser = next(f"twitch:{i}" for i in range(5) if f"twitch:{i}" != winner.identity)
    assert (await harness.service.collect(drop_id, loser)).codes == ()


async def test_unclaimed_win_passes_to_the_next_on_the_waitlist(harness: Harness) -> None:
    drop_id = await _lottery_with_entrants(harness, 10, supply=2)
    before = harness.read(lambda uow: uow.allocations.for_drop(drop_id))
    await harness.service.collect(drop_id, before[0].identity)  # serial 1 claims, serial 2 not
    harness.clock.advance(hours=24, minutes=1)
    rerolls = await harness.service.reroll()
    assert [(r.serial, r.from_identity) for r in rerolls] == [(2, before[1].identity)]
    after = harness.read(lambda uow: uow.allocations.for_drop(drop_id))
    newcomer = after[-1]
    assert newcomer.via == "reroll" and newcomer.serial == 2
    # the newcomer is the best-ranked entrant who held nothing
    ranked = harness.read(lambda uow: uow.entries.waitlist(drop_id, -1, 100))
    assert newcomer.identity == next(
        e.identity for e in ranked if e.identity not in {a.identity for a in before}
    )
    old_code = harness.read(lambda uow: uow.codes.for_allocation(before[1].id))  # type: ignore[arg-type]
    assert old_code is not None and old_code.revoked_at is not None
    late = await harness.service.collect(drop_id, before[1].identity)
    assert late.codes == () and late.missed == (2,)
    transcript = await harness.service.transcript(drop_id)
    assert verify_transcript(transcript) == []
    assert len(transcript.rerolls) == 1


async def test_a_passed_on_unit_is_announced_before_its_new_winner_is_told(
    harness: Harness,
) -> None:
    drop_id = await _lottery_with_entrants(harness, 10, supply=2)
    harness.clock.advance(hours=24, minutes=1)  # neither winner claimed
    await harness.service.reroll()

    outbox = harness.read(lambda uow: uow.outbox.for_drop(drop_id))
    after_draw = [(m.kind, m.payload.get("serial")) for m in outbox if m.kind in ("reroll", "won")]
    passed_on = [(kind, serial) for kind, serial in after_draw[2:]]  # past the draw's two wins

    assert passed_on == [("reroll", 1), ("won", 1), ("reroll", 2), ("won", 2)]
    reroll = next(m for m in outbox if m.kind == "reroll")
    assert reroll.payload["title"]  # named as fans know it, like every other line


async def test_a_late_winner_gets_nothing_even_before_the_reroll_runs(harness: Harness) -> None:
    drop_id = await _lottery_with_entrants(harness, 5, supply=1)
    winner = harness.read(lambda uow: uow.allocations.for_drop(drop_id))[0]
    harness.clock.advance(hours=25)
    collected = await harness.service.collect(drop_id, winner.identity)
    assert collected.codes == () and collected.missed == (1,)


async def test_cancelling_revokes_every_code(harness: Harness) -> None:
    drop_id = await _lottery_with_entrants(harness, 6, supply=2)
    winner = harness.read(lambda uow: uow.allocations.for_drop(drop_id))[0]
    code = (await harness.service.collect(drop_id, winner.identity)).codes[0]
    cancelled = await harness.service.cancel(CHANNEL, "hoodie", reason="merch delayed")
    assert cancelled.state is DropState.CANCELLED
    assert (await harness.service.check_code(code.token)).status is CodeStatus.REVOKED
    with pytest.raises(IllegalTransition, match="it is cancelled"):
        await harness.service.cancel(CHANNEL, "hoodie")


async def test_an_entitlement_is_redeemed_once_whichever_form_is_shown(harness: Harness) -> None:
    drop_id = await _lottery_with_entrants(harness, 4, supply=1)
    winner = harness.read(lambda uow: uow.allocations.for_drop(drop_id))[0]
    code = (await harness.service.collect(drop_id, winner.identity)).codes[0]
    first = await harness.service.redeem(code.token, partner="popup", order_value_cents=4000)
    assert first.status is CodeStatus.VALID and first.reason == "redeemed now"
    again = await harness.service.redeem(code.short_code)
    assert again.status is CodeStatus.REDEEMED and again.redeemed_at == harness.clock.now()
    assert len(harness.read(lambda uow: uow.redemptions.for_drop(drop_id))) == 1


async def test_expired_and_forged_codes_are_refused(harness: Harness) -> None:
    drop_id = await _lottery_with_entrants(harness, 4, supply=1)
    winner = harness.read(lambda uow: uow.allocations.for_drop(drop_id))[0]
    code = (await harness.service.collect(drop_id, winner.identity)).codes[0]
    forged = code.short_code[:5] + ("0" if code.short_code[5] != "0" else "1") + code.short_code[6:]
    assert (await harness.service.check_code(forged)).status is CodeStatus.FORGED
    assert (await harness.service.check_code("v4.public.AAAA")).status is CodeStatus.FORGED
    harness.clock.advance(days=31)
    assert (await harness.service.redeem(code.short_code)).status is CodeStatus.EXPIRED


async def test_commands_on_an_unknown_drop_name_say_so(harness: Harness) -> None:
    with pytest.raises(UnknownDrop, match="no drop named 'nope'"):
        await harness.service.close(CHANNEL, "nope")
    with pytest.raises(UnknownDrop, match="no drop is running"):
        await harness.service.status(CHANNEL)


async def test_status_counts_entrants_and_allocations(harness: Harness) -> None:
    await _lottery_with_entrants(harness, 7, supply=2)
    status = await harness.service.status(CHANNEL, "hoodie")
    assert (status.entrants, status.allocated, status.claimed) == (7, 2, 0)
    assert status.phase is DropState.DRAWN


async def test_a_rate_limited_message_seen_again_in_the_same_batch_is_judged_anew(
    harness: Harness,
) -> None:
    await harness.open(tiers=())
    for _ in range(5):
        await harness.claim("1")
    burst = await asyncio.gather(
        harness.claim("1", message_id="again"), harness.claim("1", message_id="again")
    )
    assert [type(o) for o in burst] == [oc.RateLimited, oc.RateLimited]


async def test_closing_soon_is_announced_once_a_minute_before_the_close(harness: Harness) -> None:
    drop = await harness.open()
    harness.clock.advance(minutes=8, seconds=30)
    await harness.service.tick()
    await harness.service.tick()
    harness.clock.advance(seconds=45)
    await harness.service.tick()
    kinds = [m.kind for m in harness.read(lambda uow: uow.outbox.for_drop(drop.id))]
    assert kinds.count("closing") == 1


async def test_my_codes_gathers_a_winners_codes_across_drops_newest_first(harness: Harness) -> None:
    first = await harness.open(name="hoodie", mode=Mode.FCFS, supply=3, tiers=())
    assert isinstance(await harness.claim("7"), oc.Won)
    await harness.service.close(CHANNEL, "hoodie")
    second = await harness.open(name="poster", mode=Mode.FCFS, supply=3, tiers=())
    assert isinstance(await harness.claim("7"), oc.Won)
    assert isinstance(await harness.claim("8"), oc.Won)

    mine = await harness.service.collect_everywhere("twitch:7")

    assert [c.drop_id for c in mine] == [second.id, first.id]
    assert all(len(c.codes) == 1 and c.codes[0].holder for c in mine)
    assert await harness.service.collect_everywhere("twitch:9") == []
    assert [c.drop_id for c in await harness.service.collect_everywhere("twitch:7", most=1)] == [
        second.id
    ]


async def test_a_closed_first_come_drop_does_not_hold_up_the_next_one(harness: Harness) -> None:
    await harness.open(name="hoodie", mode=Mode.FCFS, supply=3, tiers=())
    assert isinstance(await harness.claim("7"), oc.Won)  # unclaimed: its window runs a day
    await harness.service.close(CHANNEL, "hoodie")

    poster = await harness.open(name="poster", tiers=())

    assert poster.state is DropState.PUBLIC
    assert isinstance(await harness.claim("8"), oc.Entered)  # claims go to the new drop


async def test_holders_are_the_current_winners_by_serial(harness: Harness) -> None:
    drop = await harness.open(mode=Mode.FCFS, supply=2, tiers=())
    for user in ("5", "3", "9"):
        await harness.claim(user)
    assert await harness.service.holders(drop.id) == ["twitch:5", "twitch:3"]


async def test_codes_prepared_but_not_delivered_leave_the_unit_unclaimed(harness: Harness) -> None:
    drop = await harness.open(mode=Mode.FCFS, supply=1, tiers=())
    await harness.claim("4")
    prepared = await harness.service.collect_for_account(drop.id, "twitch:4", deliver=False)
    assert len(prepared.codes) == 1
    (allocation,) = harness.read(lambda uow: uow.allocations.for_drop(drop.id))
    assert allocation.status is AllocationStatus.PENDING
    delivered = await harness.service.collect_for_account(drop.id, "twitch:4")
    assert delivered.codes == prepared.codes
    assert harness.read(lambda uow: uow.allocations.for_drop(drop.id))[0].status is (
        AllocationStatus.CLAIMED
    )


async def test_a_claim_naming_its_drop_by_id_never_lands_in_a_newer_namesake(
    harness: Harness,
) -> None:
    old = await harness.open(name="hoodie", mode=Mode.FCFS, supply=3, tiers=())
    await harness.service.close(CHANNEL, "hoodie")
    await harness.open(name="hoodie", tiers=())  # the same name, reused
    claimant = Claimant("discord", "5", "fan5")
    request = ClaimRequest("d-1", CHANNEL, claimant, "hoodie", drop_id=old.id)
    outcome = await harness.service.claim(request)
    assert isinstance(outcome, oc.Closed) and outcome.drop_id == old.id


async def test_a_scheduled_drop_commits_at_open_to_the_guaranteed_units_fixed_then(
    harness: Harness,
) -> None:
    def sponsors(*accounts: str) -> None:
        put_on_list(harness, "sponsors", ListKind.GUARANTEED, *accounts)

    sponsors("twitch:50")
    start = harness.clock.now() + timedelta(hours=1)
    drop = await harness.service.create(spec(guaranteed=("sponsors",)), start_at=start)
    sponsors("twitch:51")  # the list changes before the drop opens
    harness.clock.advance(hours=1)
    assert await harness.service.tick() == ["hoodie: opened"]

    opened = await harness.service.get(drop.id)
    assert [g.account for g in opened.guaranteed_units] == ["twitch:50", "twitch:51"]
    assert opened.commitment == commitment_v2(
        bytes.fromhex(opened.seed_hex),
        None,
        guaranteed_digest=opened.guaranteed_digest,
        claim_window_seconds=int(opened.spec.claim_window.total_seconds()),
    )
    assert opened.guaranteed_digest != guaranteed_digest(())
    # Announced once final: not when scheduled, then at open.
    announced = {
        m.kind: m.payload["commitment"]
        for m in harness.read(lambda uow: uow.outbox.for_drop(drop.id))
    }
    assert announced == {"scheduled": "", "opened": opened.commitment}
