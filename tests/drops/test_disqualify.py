"""A moderator disqualifies one winner now, through the service, on memory, SQLite and
PostgreSQL: the code is revoked at once, the unit passes down the waitlist, the newcomer is told,
and the transcript records it so that verify-draw checks it like a reroll."""

from __future__ import annotations

import asyncio

import pytest

from bot.drops.disqualify import WinnerRef
from bot.drops.errors import NotAWinner
from bot.drops.model import AllocationStatus
from bot.drops.notices import Rerolled, Won, notice_of
from bot.drops.redemption import CodeStatus
from bot.drops.verify import verify_transcript
from tests.fixtures.harness import CHANNEL, Harness


async def _drawn(harness: Harness, entrants: int = 6, supply: int = 2) -> int:
    drop = await harness.open(supply=supply)
    harness.clock.advance(minutes=2)
    await asyncio.gather(*(harness.claim(str(i)) for i in range(entrants)))
    harness.clock.advance(minutes=8)
    await harness.service.close(CHANNEL)
    return drop.id


async def test_a_disqualified_winner_loses_the_code_and_the_next_in_line_gets_the_unit(
    harness: Harness,
) -> None:
    drop_id = await _drawn(harness)
    first = harness.read(lambda uow: uow.allocations.for_drop(drop_id))
    loser = first[1]
    code = (await harness.service.collect(drop_id, loser.identity)).codes[0]
    harness.clock.advance(minutes=5)

    done = await harness.service.steering.disqualify(
        CHANNEL, WinnerRef(account=loser.identity), "ModAnna", "alt account"
    )

    assert (done.serial, done.disqualified) == (loser.serial, loser.display_name)
    assert (await harness.service.check_code(code.token)).status is CodeStatus.REVOKED
    after = harness.read(lambda uow: uow.allocations.for_drop(drop_id))
    newcomer = after[-1]
    ranked = harness.read(lambda uow: uow.entries.waitlist(drop_id, -1, 100))
    held = {a.identity for a in first}
    assert newcomer.identity == next(e.identity for e in ranked if e.identity not in held)
    assert newcomer.serial == loser.serial
    assert done.passed_to == newcomer.display_name
    old = next(a for a in after if a.id == loser.id)
    assert old.status is AllocationStatus.EXPIRED and old.disqualified_by == "ModAnna"
    assert old.disqualified_reason == "alt account" and old.disqualified_at == harness.clock.now()
    notices = harness.read(lambda uow: [notice_of(m) for m in uow.outbox.for_drop(drop_id)])
    passed_on = Rerolled(
        drop="hoodie",
        title="Episode 4 hoodie",
        serial=loser.serial,
        passed_from=loser.display_name,
        passed_to=newcomer.display_name,
        disqualified=True,
        reason="alt account",
    )
    assert passed_on in notices
    told = [n for n in notices if isinstance(n, Won) and n.display_name == newcomer.display_name]
    assert [n.via for n in told] == ["reroll"]
    # The channel hears the unit was passed on before its new winner's "you won", as a reroll.
    assert notices.index(passed_on) < notices.index(told[0])

    transcript = await harness.service.transcript(drop_id)
    assert verify_transcript(transcript) == []
    (passed,) = transcript.rerolls
    assert passed["reason"] == "disqualified: alt account" and passed["by"] == "ModAnna"
    assert passed["at"] == harness.clock.now().isoformat()


async def test_a_twitch_login_finds_its_winner_whatever_the_letter_case(harness: Harness) -> None:
    drop_id = await _drawn(harness)
    winner = harness.read(lambda uow: uow.allocations.for_drop(drop_id))[0]
    done = await harness.service.steering.disqualify(
        CHANNEL, WinnerRef(name="@" + winner.display_name.upper()), "mod", ""
    )
    assert done.disqualified == winner.display_name
    transcript = await harness.service.transcript(drop_id)
    assert transcript.rerolls[0]["reason"] == "disqualified"
    assert verify_transcript(transcript) == []


async def test_disqualifying_someone_who_did_not_win_changes_nothing(harness: Harness) -> None:
    drop_id = await _drawn(harness)
    before = harness.read(lambda uow: uow.allocations.for_drop(drop_id))
    with pytest.raises(NotAWinner, match="fan_nobody holds no unit of drop 'hoodie'"):
        await harness.service.steering.disqualify(CHANNEL, WinnerRef(name="fan_nobody"), "m", "")
    assert harness.read(lambda uow: uow.allocations.for_drop(drop_id)) == before


async def test_a_drop_that_is_not_drawn_has_no_winner_to_disqualify(harness: Harness) -> None:
    await harness.open(supply=2)
    await harness.claim("1")
    with pytest.raises(NotAWinner, match="drop 'hoodie' is not drawn yet"):
        await harness.service.steering.disqualify(CHANNEL, WinnerRef(name="fan_1"), "m", "")


async def test_a_redeemed_unit_cannot_be_taken_back(harness: Harness) -> None:
    drop_id = await _drawn(harness)
    winner = harness.read(lambda uow: uow.allocations.for_drop(drop_id))[0]
    code = (await harness.service.collect(drop_id, winner.identity)).codes[0]
    await harness.service.redeem(code.token, partner="popup")
    with pytest.raises(NotAWinner, match="already redeemed"):
        await harness.service.steering.disqualify(
            CHANNEL, WinnerRef(account=winner.identity), "m", ""
        )


async def test_with_nobody_left_in_line_the_unit_goes_unallocated(harness: Harness) -> None:
    drop_id = await _drawn(harness, entrants=2, supply=2)
    winner = harness.read(lambda uow: uow.allocations.for_drop(drop_id))[0]
    done = await harness.service.steering.disqualify(
        CHANNEL, WinnerRef(account=winner.identity), "m", "cheating"
    )
    assert done.passed_to is None
    transcript = await harness.service.transcript(drop_id)
    assert transcript.rerolls[0]["to_entrant"] is None
    assert verify_transcript(transcript) == []


async def test_a_settled_drop_keeps_its_final_record(harness: Harness) -> None:
    drop_id = await _drawn(harness, entrants=3, supply=1)
    winner = harness.read(lambda uow: uow.allocations.for_drop(drop_id))[0]
    await harness.service.collect(drop_id, winner.identity)  # every unit claimed: settled
    with pytest.raises(NotAWinner, match="drop 'hoodie' is settled: every unit was claimed"):
        await harness.service.steering.disqualify(
            CHANNEL, WinnerRef(account=winner.identity), "m", "", name="hoodie"
        )
