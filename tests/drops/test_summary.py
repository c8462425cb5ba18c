"""Conversion summaries computed from stored events, cut off at their as-of time.

A drop is built by hand through the ports (so every figure is known in advance) and stored in
memory, SQLite and PostgreSQL alike: the same summary must come out of each.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta

import pytest

from bot.drops.errors import UnknownDrop
from bot.drops.figures import ConversionSummary
from bot.drops.model import (
    Allocation,
    AllocationStatus,
    CodeRecord,
    Drop,
    DropState,
    Entry,
    OutboxMessage,
    Redemption,
)
from bot.drops.ports import UnitOfWork
from bot.drops.summary import label_for, summary_of
from bot.kernel.errors import DropError
from tests.fixtures.harness import CHANNEL, START, spec

OPENED = START
CLOSED = START + timedelta(minutes=10)
H = timedelta(hours=1)
DAY, THREE_DAYS = timedelta(hours=24), timedelta(hours=72)


@dataclass
class Built:
    hoodie: int  # the drop the figures are about
    cancelled: int
    still_open: int


def drop(name: str, channel: str = CHANNEL, state: DropState = DropState.DRAWN) -> Drop:
    closed = state in (DropState.DRAWN, DropState.SETTLED, DropState.CANCELLED)
    return Drop(
        id=0,
        spec=spec(name=name, channel=channel, supply=4),
        state=state,
        created_at=OPENED,
        seed_hex="00" * 32,
        commitment="c" * 64,
        pseudonym_salt="s" * 32,
        opened_at=OPENED,
        closes_at=CLOSED,
        closed_at=CLOSED if closed else None,
        drawn_at=CLOSED if closed else None,
        cancelled_at=CLOSED + H if state is DropState.CANCELLED else None,
    )


def entry(drop_id: int, account: str, tier: str, at: timedelta = timedelta(minutes=3)) -> Entry:
    platform = account.split(":")[0]
    weight = 2 if tier == "subs" else 1
    return Entry(
        drop_id, account, platform, f"fan {account}", tier, weight, OPENED + at, account=account
    )


def build(uow: UnitOfWork) -> Built:
    """Two earlier drops, the hoodie drop with everything a summary counts, and a later drop."""
    earlier = uow.drops.add(drop("ep3")).id
    elsewhere = uow.drops.add(drop("ep3", channel="other-channel")).id
    uow.entries.add_many(
        [
            entry(earlier, "twitch:1", "public"),
            entry(earlier, "twitch:2", "public"),
            entry(elsewhere, "twitch:3", "public"),  # returning elsewhere, new here
        ]
    )
    hoodie = uow.drops.add(drop("hoodie")).id
    uow.entries.add_many(
        [
            entry(hoodie, "twitch:1", "subs"),
            entry(hoodie, "twitch:2", "public"),
            entry(hoodie, "twitch:3", "public"),
            entry(hoodie, "discord:4", "subs"),
            entry(hoodie, "discord:5", "public"),
            entry(hoodie, "twitch:6", "public"),
            entry(hoodie, "discord:11", "subs"),  # twitch:1's linked Discord account
        ]
    )
    # The re-check at close: two people left out, the linked account folded into twitch:1.
    linked = "one entry per person: an earlier entry of the same (linked) person counts"
    checked = {
        "twitch:1": ("twitch:1", None, 2),
        "twitch:2": ("twitch:2", None, 1),
        "twitch:3": ("twitch:3", None, 1),
        "discord:4": ("discord:4", None, 2),
        "discord:5": ("discord:5", "filtered at close: account age", None),
        "twitch:6": ("twitch:6", "no longer eligible for the window entered in: needs sub", None),
        "discord:11": ("twitch:1", linked, None),
    }
    uow.entries.mark_checked(
        hoodie, [(e.id or 0, *checked[e.account]) for e in uow.entries.for_drop(hoodie)]
    )
    uow.filtered.add_many(
        [
            (hoodie, "twitch:90", "account_age", OPENED),
            (hoodie, "twitch:91", "account_age", OPENED),
            (hoodie, "twitch:92", "denied", OPENED),
        ]
    )

    def allocate(serial: int, who: str, via: str, at: datetime) -> Allocation:
        (a,) = uow.allocations.add_many(
            [Allocation(hoodie, serial, who, f"fan {who}", who.split(":")[0], at, at + DAY, via)]
        )
        uow.codes.add_many(
            [
                CodeRecord(
                    a.id or 0, hoodie, serial, f"holder-{who}", f"{serial:02d}{who}".encode().hex(),
                    "kid", f"sel-{serial}-{who}", b"hash", at, at + 30 * DAY,
                )
            ]
        )  # fmt: skip
        uow.outbox.add(
            OutboxMessage(f"won:{a.id}", hoodie, "won", who, {"serial": serial}, created_at=at)
        )
        return a

    def claim(a: Allocation, at: datetime) -> CodeRecord:
        a.status, a.claimed_at = AllocationStatus.CLAIMED, at
        uow.allocations.save(a)
        code = uow.codes.for_allocation(a.id or 0)
        assert code is not None
        code.delivered_at = at
        uow.codes.save(code)
        return code

    def redeem(code: CodeRecord, at: datetime, cents: int | None) -> None:
        uow.redemptions.add(Redemption(hoodie, code.serial, code.code_id, at, "shop", cents))

    def told(a: Allocation, sink: str, at: datetime) -> None:
        (message,) = [m for m in uow.outbox.for_drop(hoodie) if m.dedupe_key == f"won:{a.id}"]
        uow.outbox.mark_sent(sink, message.id or 0, at)

    sponsor = allocate(1, "twitch:50", "guaranteed", CLOSED)  # a sponsor who never entered
    fan1 = allocate(2, "twitch:1", "draw", CLOSED)
    fan4 = allocate(3, "discord:4", "draw", CLOSED)
    fan2 = allocate(4, "twitch:2", "draw", CLOSED)
    claim(sponsor, CLOSED + 2 * H)
    redeem(claim(fan1, CLOSED + H), CLOSED + 3 * H, 4000)
    told(fan4, "discord", CLOSED + timedelta(minutes=5))  # told on their own platform
    told(fan4, "twitch", CLOSED + timedelta(minutes=2))
    redeem(claim(fan4, CLOSED + 30 * H), CLOSED + 40 * H, None)
    # Discord sends every notice, but says nothing to a Twitch winner: fan2 was never told.
    told(fan2, "discord", CLOSED + timedelta(minutes=1))
    # fan2 never came: after the claim window the unit passed to twitch:3.
    fan2.status = AllocationStatus.EXPIRED
    uow.allocations.save(fan2)
    lapsed = uow.codes.for_allocation(fan2.id or 0)
    assert lapsed is not None
    lapsed.revoked_at = CLOSED + DAY + timedelta(minutes=1)
    uow.codes.save(lapsed)
    rerolled = allocate(4, "twitch:3", "reroll", CLOSED + DAY + timedelta(minutes=1))
    redeem(
        claim(rerolled, CLOSED + 25 * H + timedelta(minutes=1)),
        CLOSED + 26 * H + timedelta(minutes=1),
        2500,
    )

    later = uow.drops.add(drop("poster")).id
    uow.entries.add_many(
        [entry(later, "twitch:3", "public")]
    )  # a later drop makes no one returning
    cancelled = uow.drops.add(drop("cap", state=DropState.CANCELLED)).id
    still_open = uow.drops.add(drop("pin", state=DropState.PUBLIC)).id
    return Built(hoodie, cancelled, still_open)


@pytest.fixture
def built(new_uow: Callable[[], UnitOfWork]) -> Built:
    with new_uow() as uow:
        found = build(uow)
        uow.commit()
    return found


def summarize(
    new_uow: Callable[[], UnitOfWork], drop_id: int, after: timedelta | None, now: datetime
) -> ConversionSummary:
    with new_uow() as uow:
        return summary_of(uow, drop_id, after, now)


LATER = CLOSED + 10 * DAY


def test_the_24h_summary_counts_only_what_happened_in_the_first_day(
    new_uow: Callable[[], UnitOfWork], built: Built
) -> None:
    s = summarize(new_uow, built.hoodie, DAY, LATER)

    assert (s.label, s.as_of, s.closed_at, s.final) == ("24h", CLOSED + DAY, CLOSED, True)
    assert (s.drop, s.channel, s.mode, s.supply) == ("hoodie", CHANNEL, "lottery", 4)
    # Six people entered (the linked Discord account is the same person as twitch:1).
    assert s.entrants == 6
    assert s.by_tier == (("subs", 2), ("public", 4))
    assert s.by_platform == (("twitch", 4), ("discord", 2))
    assert (s.new, s.returning) == (4, 2)
    assert s.kept_out == (("account_age", 2), ("denied", 1))
    assert s.left_out == (
        ("filtered at close: account age", 1),
        ("no longer eligible for the window entered in", 1),
    )
    assert s.eligible == 4
    # The reroll a minute after the first day is not in it, nor is fan4's late view.
    assert (s.winners, s.delivered, s.viewed, s.redeemed, s.rerolls) == (4, 3, 2, 1, 0)
    assert s.funnel() == (
        ("entrants", 6),
        ("eligible", 4),
        ("winners", 4),
        ("delivered", 3),
        ("viewed", 2),
        ("redeemed", 1),
    )
    assert (s.redeemed_per_winner, s.redeemed_per_viewed) == (0.25, 0.5)
    assert s.median_claim_seconds == 1.5 * 3600  # 1 h and 2 h
    assert s.median_redeem_seconds == 2 * 3600  # shown at 1 h, redeemed at 3 h
    assert (s.revenue_cents, s.orders_with_value) == (4000, 1)


def test_the_72h_summary_adds_late_claims_the_reroll_and_its_sale(
    new_uow: Callable[[], UnitOfWork], built: Built
) -> None:
    s = summarize(new_uow, built.hoodie, THREE_DAYS, LATER)

    assert (s.label, s.as_of) == ("72h", CLOSED + THREE_DAYS)
    # Four units, four winners: the unit passed on from twitch:2 to twitch:3 counts once.
    assert (s.winners, s.delivered, s.viewed, s.redeemed, s.rerolls) == (4, 4, 4, 3, 1)
    assert s.winners <= s.supply
    assert s.median_claim_seconds == 1.5 * 3600  # 1 h, 1 h, 2 h, 30 h
    assert s.median_redeem_seconds == 2 * 3600  # 1 h, 2 h, 10 h
    assert (s.revenue_cents, s.orders_with_value) == (6500, 2)
    assert s.redeemed_per_winner == pytest.approx(3 / 4)
    assert s.redeemed_per_viewed == pytest.approx(3 / 4)


def test_a_summary_computed_later_says_the_same_as_one_computed_on_time(
    new_uow: Callable[[], UnitOfWork], built: Built
) -> None:
    on_time = summarize(new_uow, built.hoodie, DAY, CLOSED + DAY)
    later = summarize(new_uow, built.hoodie, DAY, LATER)

    assert on_time.to_payload() | {"computed_at": None} == later.to_payload() | {
        "computed_at": None
    }


def test_a_summary_before_its_as_of_time_is_not_final(
    new_uow: Callable[[], UnitOfWork], built: Built
) -> None:
    early = summarize(new_uow, built.hoodie, THREE_DAYS, CLOSED + 2 * H)
    assert not early.final
    now = summarize(new_uow, built.hoodie, None, CLOSED + 2 * H)
    assert (now.label, now.as_of, now.final) == ("now", CLOSED + 2 * H, True)
    assert (now.winners, now.viewed, now.redeemed) == (4, 2, 0)


def test_fairness_compares_each_tiers_share_of_winners_with_its_share_of_entries(
    new_uow: Callable[[], UnitOfWork], built: Built
) -> None:
    s = summarize(new_uow, built.hoodie, THREE_DAYS, LATER)

    # In the draw: subs twitch:1 and discord:4 (weight 2), public twitch:2 and twitch:3.
    # First winners: twitch:1, discord:4 (subs), twitch:2 (public); the sponsor's unit is
    # guaranteed; the reroll to twitch:3 is not a first win.
    assert [astuple(row) for row in s.fairness] == [
        ("subs", 2, 2, 0.5, 0.5, pytest.approx(4 / 6)),
        ("public", 2, 1, 0.5, 0.25, pytest.approx(2 / 6)),
        ("guaranteed", 0, 1, 0.0, 0.25, 0.0),
    ]


def test_the_payload_is_json_and_reads_back_as_the_same_summary(
    new_uow: Callable[[], UnitOfWork], built: Built
) -> None:
    s = summarize(new_uow, built.hoodie, DAY, LATER)

    payload = json.loads(json.dumps(s.to_payload(), sort_keys=True))

    assert ConversionSummary.from_payload(payload) == s
    assert payload["funnel"][0] == ["entrants", 6]
    assert payload["redeemed_per_winner"] == 0.25


def test_a_payload_that_is_not_a_summary_is_refused_with_value_error() -> None:
    with pytest.raises(ValueError, match="not a conversion summary"):
        ConversionSummary.from_payload({"text": "24 h: 40 of 48 redeemed"})
    with pytest.raises(ValueError):
        ConversionSummary.from_payload({"drop_id": "1"})


def test_a_cancelled_drop_and_an_open_drop_have_no_summary(
    new_uow: Callable[[], UnitOfWork], built: Built
) -> None:
    with pytest.raises(DropError, match="cancelled"):
        summarize(new_uow, built.cancelled, DAY, LATER)
    with pytest.raises(DropError, match="has not closed yet"):
        summarize(new_uow, built.still_open, DAY, LATER)
    with pytest.raises(UnknownDrop, match="no drop with id 9999"):
        summarize(new_uow, 9999, DAY, LATER)


def test_each_sink_says_when_it_sent_a_winner_their_notice(
    new_uow: Callable[[], UnitOfWork], built: Built
) -> None:
    with new_uow() as uow:
        sent = uow.outbox.sent_by_sink(built.hoodie, "won")
        by_who = {a.identity: a.id for a in uow.allocations.for_drop(built.hoodie)}
    key = f"won:{by_who['discord:4']}"
    fan2 = f"won:{by_who['twitch:2']}"
    assert sent == {
        (key, "discord"): CLOSED + timedelta(minutes=5),
        (key, "twitch"): CLOSED + timedelta(minutes=2),
        (fan2, "discord"): CLOSED + timedelta(minutes=1),
    }


def test_returning_entrants_entered_an_earlier_drop_of_the_same_channel(
    new_uow: Callable[[], UnitOfWork], built: Built
) -> None:
    with new_uow() as uow:
        assert uow.entries.returning(built.hoodie) == {"twitch:1", "twitch:2"}


@pytest.mark.parametrize(
    ("after", "label"),
    [
        (DAY, "24h"),
        (THREE_DAYS, "72h"),
        (timedelta(minutes=90), "90m"),
        (timedelta(seconds=5), "5s"),
        (None, "now"),
    ],
)
def test_summary_labels(after: timedelta | None, label: str) -> None:
    assert label_for(after) == label
