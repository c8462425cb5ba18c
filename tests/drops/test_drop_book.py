"""The drop book on memory, SQLite and PostgreSQL: a community's list (running, upcoming,
recent), the public index page by page, and one member's history across drops."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.drops import outcomes as oc
from bot.drops.book import MAX_INDEX_PAGE, BadPage, IndexPage, index_page, public_index
from bot.drops.model import Drop, DropState, Mode
from tests.fixtures.harness import CHANNEL, START, Harness, spec


async def _finished(harness: Harness, name: str, *winners: str) -> Drop:
    """A first-come drop `name` that `winners` took a unit each of, then closed."""
    drop = await harness.open(name=name, supply=max(len(winners), 1), tiers=(), mode=Mode.FCFS)
    for user in winners:
        assert isinstance(await harness.claim(user), oc.Won)
    harness.clock.advance(minutes=11)
    await harness.service.close(CHANNEL, name)
    return drop


async def test_the_list_splits_running_upcoming_and_recent_newest_first(
    harness: Harness,
) -> None:
    await _finished(harness, "tee")
    await harness.open(name="pin", tiers=())
    await harness.service.cancel(CHANNEL, "pin", "typo")
    await harness.service.create(spec(name="poster"), draft=True)
    await harness.open(name="hoodie")
    await harness.service.create(spec(name="elsewhere", channel="other"))
    listing = await harness.service.book.listing(CHANNEL)
    assert [(d.name, d.state) for d in listing.running] == [("hoodie", DropState.EARLY)]
    assert [(d.name, d.state) for d in listing.upcoming] == [("poster", DropState.DRAFT)]
    assert [d.name for d in listing.recent] == ["pin", "tee"]
    assert {d.state for d in listing.recent} <= {
        DropState.CANCELLED,
        DropState.DRAWN,
        DropState.SETTLED,
    }


async def test_a_scheduled_drop_is_upcoming(harness: Harness) -> None:
    at = harness.clock.now() + timedelta(hours=1)
    await harness.service.create(spec(name="cap"), start_at=at)
    listing = await harness.service.book.listing(CHANNEL)
    assert [(d.name, d.scheduled_for) for d in listing.upcoming] == [("cap", at)]
    assert listing.running == () and listing.recent == ()


async def test_the_public_index_pages_every_announced_drop_and_no_draft(harness: Harness) -> None:
    for number in range(5):
        await harness.open(name=f"d{number}", channel=f"c{number}", tiers=())
    await harness.service.create(spec(name="secret"), draft=True)
    first = await harness.service.book.index(1)
    assert first.page == 1 and not first.has_next
    assert [d.name for d in first.drops] == ["d4", "d3", "d2", "d1", "d0"]


async def test_the_public_index_says_when_there_is_an_older_page(harness: Harness) -> None:
    for number in range(3):
        await harness.open(name=f"d{number}", channel=f"c{number}", tiers=())
    book = harness.service.book

    def read(page: int) -> IndexPage:
        return harness.read(lambda uow: public_index(uow, page, size=2))

    first, second = read(1), read(2)
    assert ([d.name for d in first.drops], first.has_next) == (["d2", "d1"], True)
    assert ([d.name for d in second.drops], second.has_next) == (["d0"], False)
    assert (await book.index(2)).drops == ()


@pytest.mark.parametrize(
    "text", ["0", "-1", "1.5", "abc", "", " 2", "\u0661", "1" * 7, str(MAX_INDEX_PAGE + 1)]
)
def test_a_crafted_page_number_is_refused(text: str) -> None:
    with pytest.raises(BadPage, match="page must be a number from 1 to 10000"):
        index_page(text)


def test_no_page_number_is_the_first_page() -> None:
    assert (index_page(None), index_page("3"), index_page(str(MAX_INDEX_PAGE))) == (1, 3, 10_000)


async def test_a_members_history_shows_entries_wins_and_redemptions_of_linked_accounts(
    harness: Harness,
) -> None:
    tee = await _finished(harness, "tee", "1")
    code = (await harness.service.collect_for_account(tee.id, "twitch:1")).codes[0]
    await harness.service.redeem(code.token, partner="shop")
    harness.write(lambda uow: uow.links.link("discord:9", "twitch:1", START))
    await harness.open(name="hoodie", tiers=())
    assert isinstance(await harness.claim("9", platform="discord"), oc.Entered)
    await harness.open(name="other", channel="elsewhere", tiers=())
    assert isinstance(await harness.claim("1", channel="elsewhere"), oc.Entered)
    lines = await harness.service.book.history(CHANNEL, "discord:9")
    assert [line.drop.name for line in lines] == ["hoodie", "tee"]
    entered, won = lines
    assert entered.entry is not None and entered.won == () and entered.redeemed == ()
    assert won.entry is not None and won.entry.identity == "twitch:1"
    assert [(a.serial, a.identity) for a in won.won] == [(1, "twitch:1")]
    assert len(won.redeemed) == 1
    assert await harness.service.book.history(CHANNEL, "twitch:2") == []
