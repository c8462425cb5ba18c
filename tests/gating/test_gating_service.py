"""Gating through the service, on memory, SQLite and PostgreSQL: lists, holders, links, anti-bot,
the re-check at close and guaranteed lists."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimRequest
from bot.drops.disqualify import WinnerRef
from bot.drops.holders import pseudonym
from bot.drops.model import Mode
from bot.drops.notices import Won, notice_of
from bot.drops.ports import UnitOfWork
from bot.drops.verify import verify_transcript
from bot.gating.antibot import AccountFacts, AntiBot
from bot.gating.context import Claimant
from bot.gating.lists import AllocationList, ListKind, ListMember
from bot.gating.rules import EVERYONE, Tier, parse_rule
from bot.twitch.announcements import Links, render_won
from tests.fixtures.harness import CHANNEL, START, Harness, spec

LINKS = Links("https://fair.example/claim/{drop}")

PUBLIC = Tier("public", EVERYONE, timedelta(minutes=2))


def make_list(harness: Harness, name: str, kind: ListKind, *accounts: str) -> None:
    def run(uow: UnitOfWork) -> None:
        created = uow.lists.create(AllocationList(CHANNEL, name, kind, START, "mod"))
        assert created.id is not None
        uow.lists.add_members(created.id, [ListMember(a, a, START, "mod") for a in accounts])

    harness.write(run)


def remove_from_list(harness: Harness, name: str, account: str) -> None:
    def run(uow: UnitOfWork) -> None:
        found = uow.lists.get(CHANNEL, name)
        assert found is not None and found.id is not None
        uow.lists.remove_members(found.id, [account])

    harness.write(run)


def add_member(uow: UnitOfWork, name: str, account: str) -> None:
    found = uow.lists.get(CHANNEL, name)
    assert found is not None and found.id is not None
    uow.lists.add_members(found.id, [ListMember(account, account, START, "mod")])


def link(harness: Harness, account: str, identity: str) -> None:
    harness.write(lambda uow: uow.links.link(account, identity, START))


async def close(harness: Harness, name: str = "hoodie") -> None:
    harness.clock.at = max(harness.clock.at, START + timedelta(minutes=10))
    await harness.service.close(CHANNEL, name)


async def test_a_list_member_enters_the_lists_early_window(harness: Harness) -> None:
    make_list(harness, "mods-picks", ListKind.EARLY, "twitch:1")
    await harness.open(tiers=(Tier("picks", parse_rule(["list:mods-picks"])), PUBLIC))
    assert isinstance(await harness.claim("1"), oc.Entered)
    told = await harness.claim("2")
    assert isinstance(told, oc.NotEligibleYet) and told.early_access_for == "the mods-picks list"


async def test_a_denied_viewer_is_kept_out_and_counted(harness: Harness) -> None:
    make_list(harness, "banned", ListKind.DENY, "twitch:6")
    drop = await harness.open(tiers=())
    outcome = await harness.claim("6")
    assert isinstance(outcome, oc.NotEligible) and outcome.code == "denied"
    assert harness.read(lambda uow: uow.filtered.counts(drop.id)) == {"denied": 1}
    assert harness.read(lambda uow: uow.entries.count(drop.id)) == 0


async def test_holders_of_an_earlier_drop_enter_early_with_their_weight(harness: Harness) -> None:
    await harness.open(name="ep3", supply=1, tiers=(), series="season-1")
    await harness.claim("1")
    await close(harness, "ep3")
    harness.clock.at = START + timedelta(hours=1)
    drop = await harness.service.create(
        spec(
            name="ep4",
            tiers=(
                Tier("holders", parse_rule(["holder:ep3"]), timedelta(0), 3),
                Tier("pass", parse_rule(["series:season-1"]), timedelta(0), 2),
                Tier("public", EVERYONE, timedelta(minutes=2)),
            ),
        )
    )
    entered = await harness.claim("1")
    assert isinstance(entered, oc.Entered) and entered.tier == "holders"
    assert isinstance(await harness.claim("2"), oc.NotEligibleYet)
    entries = harness.read(lambda uow: uow.entries.for_drop(drop.id))
    assert [(e.identity, e.weight) for e in entries] == [("twitch:1", 3)]


async def test_young_accounts_are_filtered_with_the_reason_and_unknown_ones_are_not(
    harness: Harness,
) -> None:
    drop = await harness.open(tiers=(), anti_bot=AntiBot(min_account_age=timedelta(days=7)))
    harness.facts.by_account["twitch:1"] = AccountFacts(created_at=START - timedelta(days=1))
    harness.facts.by_account["twitch:2"] = AccountFacts(created_at=START - timedelta(days=400))
    harness.facts.by_account["twitch:3"] = AccountFacts(suspicious=True)
    young, old, flagged, unknown = [await harness.claim(u) for u in ("1", "2", "3", "4")]
    assert isinstance(young, oc.NotEligible) and young.code == "account_age"
    assert isinstance(flagged, oc.NotEligible) and flagged.code == "suspicious"
    assert isinstance(old, oc.Entered) and isinstance(unknown, oc.Entered)
    counts = harness.read(lambda uow: uow.filtered.counts(drop.id))
    assert counts == {"account_age": 1, "suspicious": 1}


async def test_a_tier_requiring_a_followed_channel_explains_what_is_missing(
    harness: Harness,
) -> None:
    await harness.open(
        tiers=(Tier("fans", parse_rule(["everyone"], ["follow-age:30d"])),),
    )
    harness.facts.by_account["twitch:1"] = AccountFacts(following=False)
    outcome = await harness.claim("1")
    assert isinstance(outcome, oc.NotEligible) and outcome.code == "rule"
    assert outcome.reason == "this drop is for followers older than 30d"


async def test_linked_accounts_are_one_person_with_one_entry(harness: Harness) -> None:
    drop = await harness.open(tiers=())
    link(harness, "twitch:1", "discord:900")
    assert isinstance(await harness.claim("900", platform="discord"), oc.Entered)
    assert isinstance(await harness.claim("1"), oc.AlreadyEntered)
    assert harness.read(lambda uow: uow.entries.count(drop.id)) == 1


async def test_linked_accounts_share_one_cap_in_a_first_come_drop(harness: Harness) -> None:
    await harness.open(mode=Mode.FCFS, supply=10, cap_per_person=2, tiers=())
    link(harness, "twitch:1", "discord:900")
    outcomes = [
        await harness.claim("1"),
        await harness.claim("900", platform="discord"),
        await harness.claim("1"),
    ]
    assert [type(o) for o in outcomes] == [oc.Won, oc.Won, oc.CapReached]


async def test_someone_taken_off_the_list_before_close_loses_the_early_entry(
    harness: Harness,
) -> None:
    make_list(harness, "picks", ListKind.EARLY, "twitch:1", "twitch:2")
    drop = await harness.open(supply=5, tiers=(Tier("picks", parse_rule(["list:picks"])), PUBLIC))
    await harness.claim("1")
    await harness.claim("2")
    harness.clock.advance(minutes=3)
    await harness.claim("3")
    remove_from_list(harness, "picks", "twitch:2")
    await close(harness)
    transcript = await harness.service.transcript(drop.id)
    assert verify_transcript(transcript) == []
    assert len(transcript.entries) == 2
    (left_out,) = transcript.adjustments
    assert left_out["change"] == "excluded"
    assert "no longer eligible" in left_out["reason"] and "the picks list" in left_out["reason"]
    winners = {a.identity for a in harness.read(lambda uow: uow.allocations.for_drop(drop.id))}
    assert winners == {"twitch:1", "twitch:3"}


async def test_a_role_removed_before_close_lowers_the_weight_in_the_public_window(
    harness: Harness,
) -> None:
    drop = await harness.open(
        tiers=(
            Tier("boosters", parse_rule(["role:42"]), timedelta(minutes=2), 3),
            Tier("public", EVERYONE, timedelta(minutes=2), 1),
        )
    )
    harness.clock.advance(minutes=3)
    entered = await harness.claim("7", platform="discord")
    assert isinstance(entered, oc.Entered) and entered.tier == "public"
    booster = Claimant("discord", "8", "fan_8", roles=frozenset({"42"}))
    await harness.service.claim(ClaimRequest("role-8", CHANNEL, booster))
    harness.current.by_account["discord:8"] = (frozenset(), frozenset())  # role 42 removed
    await close(harness)
    transcript = await harness.service.transcript(drop.id)
    assert verify_transcript(transcript) == []
    assert [a["change"] for a in transcript.adjustments] == ["weight 3 -> 1"]
    assert sorted(e.weight for e in transcript.entries) == [1, 1]


async def test_accounts_linked_after_both_entered_keep_one_entry_at_close(
    harness: Harness,
) -> None:
    drop = await harness.open(tiers=(), supply=5)
    await harness.claim("1")
    await harness.claim("900", platform="discord")
    link(harness, "twitch:1", "discord:900")
    await close(harness)
    transcript = await harness.service.transcript(drop.id)
    assert verify_transcript(transcript) == []
    assert len(transcript.entries) == 1
    assert "one entry per person" in transcript.adjustments[0]["reason"]
    allocations = harness.read(lambda uow: uow.allocations.for_drop(drop.id))
    assert [a.identity for a in allocations] == ["discord:900"]


async def test_guaranteed_list_members_get_reserved_units_before_the_draw(
    harness: Harness,
) -> None:
    make_list(harness, "sponsors", ListKind.GUARANTEED, "twitch:50", "discord:51")
    drop = await harness.open(tiers=(), supply=4, guaranteed=("sponsors",))
    await asyncio.gather(*(harness.claim(str(i)) for i in range(10)))
    await harness.claim("50")  # a sponsor who also entered is not drawn twice
    await close(harness)
    allocations = harness.read(lambda uow: uow.allocations.for_drop(drop.id))
    by_serial = {a.serial: a for a in allocations}
    assert (by_serial[1].identity, by_serial[1].via) == ("twitch:50", "guaranteed")
    assert (by_serial[2].identity, by_serial[2].via) == ("discord:51", "guaranteed")
    assert sorted(by_serial) == [1, 2, 3, 4]
    assert {by_serial[3].via, by_serial[4].via} == {"draw"}
    transcript = await harness.service.transcript(drop.id)
    assert verify_transcript(transcript) == []
    assert len(transcript.guaranteed) == 2 and len(transcript.winners) == 2


async def test_guaranteed_units_are_fixed_and_committed_when_the_drop_opens(
    harness: Harness,
) -> None:
    make_list(harness, "sponsors", ListKind.GUARANTEED, "twitch:50", "twitch:51")
    drop = await harness.open(tiers=(), supply=4, guaranteed=("sponsors",))
    make_list(harness, "late", ListKind.DENY, "twitch:51")  # denied after the open
    remove_from_list(harness, "sponsors", "twitch:50")  # leaving the list changes nothing now
    harness.write(lambda uow: add_member(uow, "sponsors", "twitch:60"))  # too late to count
    await asyncio.gather(*(harness.claim(str(i)) for i in range(6)))
    await close(harness)
    allocations = harness.read(lambda uow: uow.allocations.for_drop(drop.id))
    guaranteed = [a.identity for a in allocations if a.via == "guaranteed"]
    assert guaranteed == ["twitch:50"]
    transcript = await harness.service.transcript(drop.id)
    assert transcript.guaranteed_digest == drop.guaranteed_digest  # as published at open
    assert transcript.guaranteed_committed is not None
    assert len(transcript.guaranteed_committed) == 2 and len(transcript.guaranteed) == 1
    withdrawn = [a for a in transcript.adjustments if a["change"] == "guaranteed unit withdrawn"]
    assert [a["reason"] for a in withdrawn] == ["on the deny list since the drop opened"]
    assert verify_transcript(transcript) == []


async def test_a_first_come_drop_reserves_guaranteed_units_when_it_opens(
    harness: Harness,
) -> None:
    make_list(harness, "sponsors", ListKind.GUARANTEED, "twitch:50")
    drop = await harness.open(mode=Mode.FCFS, supply=3, tiers=(), guaranteed=("sponsors",))
    outcomes = [await harness.claim(str(i)) for i in range(4)]
    assert [type(o) for o in outcomes] == [oc.Won, oc.Won, oc.SoldOut, oc.SoldOut]
    assert [o.serial for o in outcomes if isinstance(o, oc.Won)] == [2, 3]
    allocations = harness.read(lambda uow: uow.allocations.for_drop(drop.id))
    first = allocations[0]
    assert (first.serial, first.identity, first.via) == (1, "twitch:50", "guaranteed")


async def test_a_guaranteed_member_listed_by_account_alone_is_shown_by_pseudonym_never_the_account(
    harness: Harness,
) -> None:
    def listed(uow: UnitOfWork) -> None:  # `fairdrop lists add sponsors twitch:50`: no name
        created = uow.lists.create(
            AllocationList(CHANNEL, "sponsors", ListKind.GUARANTEED, START, "mod")
        )
        assert created.id is not None
        uow.lists.add_members(created.id, [ListMember("twitch:50", "", START, "mod")])

    harness.write(listed)
    drop = await harness.open(mode=Mode.FCFS, supply=3, tiers=(), guaranteed=("sponsors",))
    (unit,) = harness.read(lambda uow: uow.allocations.for_drop(drop.id))
    assert (unit.identity, unit.via, unit.display_name) == ("twitch:50", "guaranteed", "")
    rows = harness.read(lambda uow: uow.outbox.for_drop(drop.id))
    (row,) = [m for m in rows if m.kind == "won"]
    won = notice_of(row)
    assert isinstance(won, Won) and won.display_name == ""
    # Chat cannot mention an account id: the winner is counted, not named.
    (line,) = render_won([row], LINKS)
    assert "twitch:50" not in line and "@" not in line
    # A moderator taking the unit back is told the pseudonym the transcript lists them under.
    done = await harness.service.steering.disqualify(
        CHANNEL, WinnerRef(account="twitch:50"), "ModAnna", "sponsor withdrew"
    )
    assert done.disqualified == pseudonym(drop.pseudonym_salt, "twitch:50")
