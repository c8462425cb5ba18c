"""What the web adapter asks of the core: codes by platform account, the public record of a
drop, and partner scopes on checking and redeeming."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.drops.model import AllocationStatus
from bot.drops.partners import PartnerScope
from bot.drops.redemption import CodeStatus
from bot.gating.rules import EVERYONE, Tier, parse_rule
from tests.fixtures.harness import CHANNEL, Harness


async def _drawn(harness: Harness, entrants: int, supply: int, **spec: object) -> int:
    drop = await harness.open(supply=supply, **spec)
    harness.clock.advance(minutes=2)
    await asyncio.gather(*(harness.claim(str(i)) for i in range(entrants)))
    harness.clock.advance(minutes=8)
    await harness.service.close(CHANNEL)
    return drop.id


async def test_a_linked_account_collects_the_codes_of_its_person(harness: Harness) -> None:
    drop_id = await _drawn(harness, 3, supply=3)
    harness.write(lambda uow: uow.links.link("discord:77", "twitch:1", harness.clock.now()))
    by_link = await harness.service.collect_for_account(drop_id, "discord:77")
    direct = await harness.service.collect_for_account(drop_id, "twitch:1")
    assert len(by_link.codes) == 1 and by_link.codes == direct.codes
    assert (await harness.service.collect_for_account(drop_id, "twitch:99")).codes == ()


async def test_the_public_record_counts_entrants_per_tier_and_names_winners(
    harness: Harness,
) -> None:
    tiers = (
        Tier("subs", parse_rule(["badge:subscriber"]), timedelta(0), 2),
        Tier("public", EVERYONE, timedelta(minutes=2), 1),
    )
    drop = await harness.open(supply=2, tiers=tiers)
    await harness.claim("s1", "subscriber")
    harness.clock.advance(minutes=2)
    await asyncio.gather(*(harness.claim(str(i)) for i in range(3)))
    before = await harness.service.public_record(drop.id)
    assert not before.drawn and before.winners == ()
    harness.clock.advance(minutes=8)
    await harness.service.close(CHANNEL)
    record = await harness.service.public_record(drop.id)
    assert record.entrants_by_tier == (("subs", 1), ("public", 3))
    assert [w.serial for w in record.winners] == [1, 2]
    assert all(w.display_name.startswith("fan_") for w in record.winners)
    assert all(w.status is AllocationStatus.PENDING for w in record.winners)
    assert record.drawn and record.rerolls == ()
    transcript = await harness.service.transcript(drop.id)
    assert [w.holder for w in record.winners] == transcript.winners


async def test_a_partner_scope_covers_its_drops_and_series_only(harness: Harness) -> None:
    drop_id = await _drawn(harness, 2, supply=2, series="tour")
    code = (await harness.service.collect(drop_id, "twitch:0")).codes[0]
    elsewhere = PartnerScope(drop_ids=frozenset({drop_id + 1}), series=frozenset({"other"}))
    refused = await harness.service.redeem(code.token, scope=elsewhere)
    assert refused.status is CodeStatus.OUT_OF_SCOPE and refused.serial is None
    assert (await harness.service.check_code(code.short_code, scope=elsewhere)).status is (
        CodeStatus.OUT_OF_SCOPE
    )
    assert harness.read(lambda uow: uow.redemptions.for_drop(drop_id)) == []
    tour = PartnerScope(series=frozenset({"tour"}))
    assert (await harness.service.redeem(code.token, scope=tour)).status is CodeStatus.VALID
    assert PartnerScope(drop_ids=frozenset({drop_id})).describe() == f"drops {drop_id}"


async def test_a_drop_is_found_by_its_name_in_a_channel(harness: Harness) -> None:
    drop = await harness.open()
    assert (await harness.service.find(CHANNEL, "hoodie")).id == drop.id
