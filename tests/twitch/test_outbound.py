"""The outbound sender: the outbox drained into chat under Twitch's limits, nothing lost.

Time is virtual: a fake monotonic clock that the fake sleep advances, so a test of a 30-second
window takes milliseconds. The fake chat records each message with the time it went out.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.drops.claiming import ClaimRequest
from bot.drops.keyring import Keyring
from bot.drops.model import Drop, DropSpec, DropState, Mode, OutboxMessage
from bot.drops.ports import UnitOfWork
from bot.drops.service import DropService
from bot.gating.context import Claimant
from bot.outbox.policy import DEFAULT_MAX_ATTEMPTS, RetryPolicy
from bot.store.hot_memory import MemoryHotState
from bot.twitch.announcements import Links
from bot.twitch.chat_budget import SlidingWindowLimiter
from bot.twitch.chat_text import MAX_MESSAGE
from bot.twitch.outbound import MODERATOR_LIMIT, ChatRateLimited, ChatRejected, OutboundSender
from bot.twitch.outbound_settings import ChatLimits, Draining, Serving, Sleep, TimeSources
from tests.fakes.memory_store import InlineTransactions, MemoryData, MemoryUnitOfWork
from tests.fixtures.harness import ManualClock, seeded_bytes, spec

CHANNEL = "streamer"
CLAIM_URL = "https://fair.example/claim/{drop}"
WALL = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
HOSTILE = [
    "/ban x",
    ".timeout y 600",
    "@everyone",
    "everyone",
    "n" * 600,
    "two\nlines",
    "cr\r\nlf",
    "ctl\x00\x07\x1b[31m",
    "zw\u200b\u200c\u200dj",
    "\u202eevil",
    "\u2028",
    "名前",
    "!claim",
]


class FakeTime:
    def __init__(self) -> None:
        self.t = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += max(seconds, 0.0)
        await asyncio.sleep(0)

    def wall(self) -> datetime:
        return WALL + timedelta(seconds=self.t)


class FakeChat:
    """Records what Twitch accepted, and when; raises what the test scripted, call by call."""

    def __init__(self, time: FakeTime, latency: float = 0.0) -> None:
        self.time = time
        self.latency = latency
        self.script: deque[BaseException | None] = deque()
        self.attempts: list[tuple[float, str, str]] = []
        self.sent: list[tuple[float, str, str]] = []

    def fail(self, *outcomes: BaseException | None) -> None:
        self.script.extend(outcomes)

    async def send(self, channel: str, text: str) -> str:
        self.attempts.append((self.time.t, channel, text))
        self.time.t += self.latency
        if self.script and (error := self.script.popleft()) is not None:
            raise error
        self.sent.append((self.time.t, channel, text))
        return f"twitch-msg-{len(self.sent)}"  # Send Chat Message answers with a message_id

    def texts(self, channel: str | None = None) -> list[str]:
        return [t for _, c, t in self.sent if channel is None or c == channel]

    def times(self, channel: str = CHANNEL) -> list[float]:
        return [at for at, c, _ in self.sent if c == channel]


class World:
    def __init__(self, *, latency: float = 0.0) -> None:
        self.data = MemoryData()
        self.time = FakeTime()
        self.chat = FakeChat(self.time, latency)
        self.tx = InlineTransactions(self.new_uow)

    def new_uow(self) -> UnitOfWork:
        return MemoryUnitOfWork(self.data)

    def sender(
        self,
        *,
        serving: Serving | None = None,
        limits: ChatLimits | None = None,
        draining: Draining | None = None,
        sleep: Sleep | None = None,
    ) -> OutboundSender:
        clocks = TimeSources(self.time.clock, sleep or self.time.sleep, self.time.wall)
        return OutboundSender(
            self.chat,
            self.tx,
            Links(CLAIM_URL),
            serving=serving or Serving(channel_of=lambda m, drop_channel: CHANNEL),
            limits=limits or ChatLimits(),
            draining=draining or Draining(),
            clocks=clocks,
        )

    def add(self, *rows: OutboxMessage) -> None:
        with self.new_uow() as uow:
            uow.outbox.add_many(rows)
            uow.commit()

    def rows(self) -> list[OutboxMessage]:
        return sorted(self.data.outbox.values(), key=lambda m: m.id or 0)

    def attempts(self, index: int) -> int:
        """Failed Twitch sends of the `index`-th row so far."""
        row_id = self.rows()[index].id or 0
        return self.data.deliveries.get((row_id, "twitch"), (None, 0))[1]

    def pending(self) -> list[OutboxMessage]:
        with self.new_uow() as uow:
            return uow.outbox.pending("twitch", 1_000_000)


def closed(drop_id: int, title: str | None = None) -> OutboxMessage:
    payload: dict[str, object] = {"drop": f"d{drop_id}", "title": title or f"Drop number {drop_id}"}
    return OutboxMessage(f"closed:{drop_id}", drop_id, "closed", "channel", payload)


def summary(key: str, text: str, drop_id: int = 1) -> OutboxMessage:
    return OutboxMessage(f"summary:{key}", drop_id, "summary", "channel", {"text": text})


def won(
    key: int, name: str, serial: int, *, platform: str = "twitch", via: str = "fcfs"
) -> OutboxMessage:
    payload: dict[str, object] = {
        "drop": "hoodie",
        "title": "Hoodie",
        "serial": serial,
        "display_name": name,
        "platform": platform,
        "via": via,
        "claim_deadline": (WALL + timedelta(hours=24)).isoformat(),
    }
    return OutboxMessage(f"won:{key}", 1, "won", f"{platform}:{key}", payload)


def drawn(names: list[str], platforms: list[str] | None = None) -> OutboxMessage:
    payload: dict[str, object] = {
        "drop": "hoodie",
        "title": "Hoodie",
        "winners": names,
        "winner_platforms": platforms or ["twitch"] * len(names),
        "guaranteed": [],
        "entrants": 5000,
        "seed": "5e" * 32,
        "commitment": "c0" * 32,
        "entry_hash": "e1" * 32,
    }
    return OutboxMessage("drawn:1", 1, "drawn", "channel", payload)


def most_in_any_window(times: Iterable[float], window: float = 30.0) -> int:
    """The largest number of sends in any window [t, t + window), over every send time t."""
    ordered = sorted(times)
    return max(
        (sum(1 for u in ordered if t <= u < t + window) for t in ordered),
        default=0,
    )


def assert_chat_safe(texts: Iterable[str]) -> None:
    for text in texts:
        assert 0 < len(text) <= MAX_MESSAGE
        assert text[0] not in "/.!@\\", text
        assert "@everyone" not in text.lower()
        assert "\n" not in text and "\r" not in text
        assert not any(ch in text for ch in "\x00\x07\x1b\u200b\u200c\u200d\u202e\u2028")
        assert "v4.public." not in text and "v4.local." not in text


# --- the limiter ------------------------------------------------------------------------------


def test_limiter_allows_n_per_window_and_says_how_long_to_wait() -> None:
    time = FakeTime()
    limiter = SlidingWindowLimiter(3, 30.0, time.clock)
    assert [limiter.try_take() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.try_take() == pytest.approx(30.0)
    time.t += 29.5
    assert limiter.try_take() == pytest.approx(0.5)
    time.t += 0.5
    assert limiter.try_take() == 0.0
    assert limiter.used() == 1


def test_limiter_counts_a_send_from_when_it_finished() -> None:
    time = FakeTime()
    limiter = SlidingWindowLimiter(1, 30.0, time.clock)
    taken = time.t
    assert limiter.try_take(taken) == 0.0
    time.t += 4.0  # the request took 4 s; Twitch may have counted it at the end
    limiter.settle(taken)
    assert limiter.try_take() == pytest.approx(30.0)


def test_lowering_the_capacity_waits_until_enough_sends_leave_the_window() -> None:
    time = FakeTime()
    limiter = SlidingWindowLimiter(MODERATOR_LIMIT, 30.0, time.clock)
    for i in range(50):
        time.t = 1000.0 + i * 0.1
        assert limiter.try_take() == 0.0
    limiter.capacity = 20
    # 31 of the 50 must leave the window before one more fits: the 31st was taken at 1003.0.
    assert limiter.try_take() == pytest.approx(1003.0 + 30.0 - time.t)


def test_limiter_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="capacity"):
        SlidingWindowLimiter(0, 30.0)
    with pytest.raises(ValueError, match="per_seconds"):
        SlidingWindowLimiter(20, 0)


# --- receipts ---------------------------------------------------------------------------------


async def test_an_opening_announcement_leaves_its_twitch_message_id_in_the_record() -> None:
    world = World()
    opened = OutboxMessage(
        "early:1", 1, "early", "channel",
        {"drop": "hoodie", "title": "Hoodie", "commitment": "ab" * 32, "state": "early"},
    )  # fmt: skip
    world.add(closed(2), opened)
    assert await world.sender().drain_once() == 2
    (receipt,) = world.data.announcements  # the closing line is no announcement of a commitment
    assert (receipt.drop_id, receipt.platform, receipt.message_id) == (1, "twitch", "twitch-msg-2")
    assert receipt.at == world.time.wall()


# --- budget -----------------------------------------------------------------------------------


async def test_100_announcements_never_exceed_20_in_any_30_seconds() -> None:
    world = World(latency=0.3)
    world.add(*(closed(i) for i in range(1, 101)))
    sender = world.sender()
    assert await sender.drain_once() == 50  # one batch
    assert await sender.drain_once() == 50
    assert world.pending() == []
    assert len(world.chat.sent) == 100
    assert len(set(world.chat.texts())) == 100  # each once
    assert most_in_any_window(world.chat.times()) == 20
    # ...and not needlessly slow: five windows for 100 messages.
    assert world.chat.times()[-1] - world.chat.times()[0] < 5 * 30 + 100 * 0.3


async def test_as_a_moderator_the_bot_may_send_100_per_30_seconds() -> None:
    world = World()
    world.add(*(closed(i) for i in range(1, 151)))
    sender = world.sender(draining=Draining(batch=200))
    sender.set_limit(CHANNEL, MODERATOR_LIMIT)
    assert await sender.drain_once() == 150
    times = world.chat.times()
    assert most_in_any_window(times) == 100
    assert sum(t < times[0] + 30 for t in times) == 100  # the first window is used in full


async def test_the_limit_can_be_given_for_every_channel_and_channels_have_their_own() -> None:
    world = World()
    world.add(*(closed(i) for i in range(1, 61)))
    sender = world.sender(
        limits=ChatLimits(limit=10),
        serving=Serving(channel_of=lambda m, c: "a" if m.drop_id % 2 else "b"),
    )
    assert await sender.drain_once() == 50
    assert await sender.drain_once() == 10
    for channel in ("a", "b"):
        assert most_in_any_window(world.chat.times(channel)) == 10
        assert len(world.chat.texts(channel)) == 30


async def test_say_shares_the_channel_budget() -> None:
    world = World()
    sender = world.sender(limits=ChatLimits(limit=5))
    for i in range(5):
        assert await sender.say(CHANNEL, f"reply {i}")
    world.add(closed(1))
    start = world.time.t
    assert await sender.drain_once() == 1
    assert world.chat.times()[-1] >= start + 30
    assert most_in_any_window(world.chat.times()) == 5


async def test_say_keeps_text_safe_and_refuses_a_code() -> None:
    world = World()
    sender = world.sender()
    assert await sender.say(CHANNEL, "/ban someone\nnow")
    assert not await sender.say(CHANNEL, "your code: v4.public.eyJzZXJpYWwiOjF9")
    assert not await sender.say(CHANNEL, "\u200b\n")
    assert world.chat.texts() == ["» /ban someone now"]


# --- Twitch pushing back ----------------------------------------------------------------------


async def test_a_429_is_waited_out_and_the_text_still_goes_out_exactly_once() -> None:
    world = World()
    world.add(closed(1))
    world.chat.fail(ChatRateLimited(5.0))
    sender = world.sender()
    start = world.time.t
    assert await sender.drain_once() == 1
    assert len(world.chat.attempts) == 2
    assert world.chat.texts() == [world.chat.attempts[0][2]]
    assert world.chat.times()[0] >= start + 5.0
    assert world.pending() == []
    assert world.attempts(0) == 0


async def test_a_429_without_retry_after_backs_off_from_two_seconds() -> None:
    world = World()
    world.add(closed(1))
    world.chat.fail(ChatRateLimited(None))
    world.chat.fail(ChatRateLimited(None))
    sender = world.sender()
    assert await sender.drain_once() == 1
    assert [s for s in world.time.slept if s >= 1] == [2.0, 4.0]


async def test_a_long_lockout_pauses_the_channel_without_counting_against_the_row() -> None:
    world = World()
    world.add(closed(1), closed(2))
    world.chat.fail(ChatRateLimited(1800.0))
    sender = world.sender()
    assert await sender.drain_once() == 0
    assert len(world.pending()) == 2 and all(
        world.attempts(i) == 0 for i in range(len(world.rows()))
    )
    world.time.t += 1000
    assert await sender.drain_once() == 0  # still paused: nothing tried
    assert len(world.chat.attempts) == 1
    assert not await sender.say(CHANNEL, "a reply")  # replies wait out the lockout too
    world.time.t += 800
    assert await sender.drain_once() == 2
    assert len(world.chat.sent) == 2


async def test_a_duplicate_is_varied_and_sent() -> None:
    world = World()
    world.add(closed(1))
    world.chat.fail(ChatRejected("msg_duplicate"))
    sender = world.sender()
    assert await sender.drain_once() == 1
    first = world.chat.attempts[0][2]
    assert world.chat.texts() == [f"{first} (2)"]


async def test_identical_texts_within_30_seconds_are_varied_before_twitch_drops_them() -> None:
    world = World()
    world.add(summary("a", "Thanks for watching!"), summary("b", "Thanks for watching!"))
    sender = world.sender()
    assert await sender.drain_once() == 2
    assert world.chat.texts() == ["Thanks for watching!", "Thanks for watching! (2)"]
    world.time.t += 31
    world.add(summary("c", "Thanks for watching!"))
    assert await sender.drain_once() == 1
    assert world.chat.texts()[-1] == "Thanks for watching!"


async def test_a_transient_error_leaves_the_row_pending_and_a_later_drain_sends_it() -> None:
    world = World()
    world.add(closed(1))
    world.chat.fail(ConnectionError("reset by peer"))
    sender = world.sender()
    assert await sender.drain_once() == 0
    (row,) = world.pending()
    assert row.attempts == 1
    assert await sender.drain_once() == 0  # backing off: not even tried
    assert len(world.chat.attempts) == 1
    world.time.t += 2.0
    assert await sender.drain_once() == 1
    assert world.pending() == [] and len(world.chat.sent) == 1


async def test_repeated_failures_back_off_exponentially_up_to_a_cap() -> None:
    world = World()
    world.add(closed(1))
    world.chat.fail(*[ChatRejected("msg_rejected")] * 6)
    sender = world.sender(draining=Draining(retry=RetryPolicy(base=2.0, cap=20.0, jitter=0.0)))
    for _ in range(80):  # one drain a second
        await sender.drain_once()
        world.time.t += 1.0
    tried = [at for at, _, _ in world.chat.attempts]
    assert [b - a for a, b in itertools.pairwise(tried)] == [2, 4, 8, 16, 20, 20]
    assert world.pending() == [] and world.attempts(0) == 6


async def test_a_row_that_always_fails_is_parked_and_its_channel_goes_on() -> None:
    world = World()
    world.add(closed(1), closed(2))
    policy = RetryPolicy(max_attempts=3, base=1.0, cap=2.0)
    world.chat.fail(*[RuntimeError("anything a port may raise")] * 3)
    sender = world.sender(draining=Draining(retry=policy))
    for _ in range(20):
        await sender.drain_once()
        world.time.t += 1.0
    assert world.attempts(0) == 3 and len(world.chat.attempts) == 4  # parked, never again
    assert [t.split('"')[1] for t in world.chat.texts()] == ["Drop number 2"]
    assert world.pending() == []
    with world.new_uow() as uow:
        assert uow.outbox.parked_counts() == {"twitch": 1}
        (parked,) = uow.outbox.parked()
    assert parked.reason == "ChatNotSent" and parked.message_id == world.rows()[0].id


async def test_by_default_a_row_is_parked_at_its_tenth_failure_not_retried_forever() -> None:
    world = World()
    world.add(closed(1), closed(2))
    world.chat.fail(*[RuntimeError("anything a port may raise")] * DEFAULT_MAX_ATTEMPTS)
    sender = world.sender()
    for _ in range(3 * DEFAULT_MAX_ATTEMPTS):
        await sender.drain_once()
        world.time.t += 400.0  # past the longest wait
    assert world.attempts(0) == DEFAULT_MAX_ATTEMPTS == 10
    assert len(world.chat.attempts) == DEFAULT_MAX_ATTEMPTS + 1
    assert [t.split('"')[1] for t in world.chat.texts()] == ["Drop number 2"]
    assert world.pending() == []


async def test_a_failing_row_holds_back_its_channel_but_not_others() -> None:
    world = World()
    world.add(closed(1), closed(2), closed(3), closed(4))

    def channel_of(message: OutboxMessage, drop_channel: str) -> str:
        return "a" if message.drop_id < 3 else "b"

    sender = world.sender(serving=Serving(channel_of=channel_of))
    world.chat.fail(ConnectionError("down"))  # the first send: channel a's first row
    assert await sender.drain_once() == 2
    assert len(world.chat.texts("a")) == 0 and len(world.chat.texts("b")) == 2
    world.time.t += 10
    assert await sender.drain_once() == 2
    assert [t.split('"')[1] for t in world.chat.texts("a")] == ["Drop number 1", "Drop number 2"]


async def test_a_row_that_failed_half_way_resumes_without_repeating_what_went_out() -> None:
    world = World()
    world.add(drawn([f"winner_{i:03d}" for i in range(300)]))
    world.chat.fail(None, None, None, ConnectionError("timeout"))
    sender = world.sender()
    assert await sender.drain_once() == 0
    assert len(world.chat.sent) == 3 and world.pending()[0].attempts == 1
    world.time.t += 5
    assert await sender.drain_once() == 1
    texts = world.chat.texts()
    assert len(texts) == len(set(texts))  # nothing twice
    mentioned = [
        w for t in texts if t.startswith("Winners of") for w in t.split(": ", 1)[1].split()
    ]
    assert sorted(mentioned) == [f"@winner_{i:03d}" for i in range(300)]


async def test_a_restarted_sender_sends_what_is_pending_and_nothing_already_sent() -> None:
    world = World()
    world.add(*(closed(i) for i in range(1, 6)))
    world.chat.fail(None, None, ConnectionError("crash"))
    first = world.sender()
    assert await first.drain_once() == 2
    before = list(world.chat.texts())
    second = world.sender()  # a new process over the same outbox
    assert await second.drain_once() == 3
    assert world.pending() == []
    assert world.chat.texts()[:2] == before
    assert len(world.chat.texts()) == 5 == len(set(world.chat.texts()))


# --- what is said -----------------------------------------------------------------------------


async def test_300_winners_are_batched_into_messages_of_at_most_500_with_a_fixed_prefix() -> None:
    world = World()
    names = [f"some_fan_{i:04d}" for i in range(300)]
    world.add(drawn(names))
    assert await world.sender().drain_once() == 1
    texts = world.chat.texts()
    assert_chat_safe(texts)
    batches = [t for t in texts if "@" in t]
    assert all(t.startswith('Winners of "Hoodie": @') for t in batches)
    assert [w for t in batches for w in t.split(": ", 1)[1].split()] == [f"@{n}" for n in names]
    assert len(batches) <= 300 * 15 // 460 + 1
    assert most_in_any_window(world.chat.times()) <= 20


async def test_hostile_display_names_never_make_a_command_a_ping_or_a_second_line() -> None:
    world = World()
    world.add(drawn(HOSTILE))
    world.add(*(won(i, name, i) for i, name in enumerate(HOSTILE, start=1)))
    world.add(
        OutboxMessage(
            "reroll:1", 1, "reroll", "channel", {"drop": "h", "serial": 1, "from": "@everyone"}
        ),
        summary("s", "/ban everyone\n.timeout x"),
    )
    assert await world.sender().drain_once() == 1 + len(HOSTILE) + 2
    assert world.chat.texts()
    assert_chat_safe(world.chat.texts())


async def test_won_rows_are_batched_and_drawn_winners_are_not_mentioned_twice() -> None:
    world = World()
    world.add(*(won(i, f"fcfs_{i}", i) for i in range(1, 41)))
    world.add(won(41, "drawn_one", 41, via="draw"))
    assert await world.sender().drain_once() == 41
    texts = world.chat.texts()
    assert len(texts) <= 3
    joined = " ".join(texts)
    assert all(f"@fcfs_{i} (#{i})" in joined for i in range(1, 41))
    assert "drawn_one" not in joined


def rerolled(key: int, serial: int, to: str | None = "next_fan") -> OutboxMessage:
    payload: dict[str, object] = {
        "drop": "hoodie",
        "title": "Hoodie",
        "serial": serial,
        "from": f"gone_{key}",
        "to": to,
    }
    return OutboxMessage(f"reroll:{key}", 1, "reroll", "channel", payload)


async def test_rerolls_of_a_drop_are_one_line_before_their_new_winners_are_told() -> None:
    world = World()
    world.add(*(rerolled(i, i) for i in range(1, 8)), rerolled(8, 8, to=None))
    world.add(*(won(i, f"next_{i}", i, via="reroll") for i in range(1, 8)))

    assert await world.sender().drain_once() == 15

    texts = world.chat.texts()
    assert texts == [
        'Drop "Hoodie": #1, #2, #3, #4, #5, #6, #7 were not claimed in time and pass to the '
        "next entrants in line.",
        'Drop "Hoodie": #8 was not claimed in time, and nobody is left in line to pass it to.',
        texts[2],
    ]
    assert texts[2].startswith('Drop "Hoodie": you won!') and "@next_7 (#7)" in texts[2]


async def test_a_discord_winner_gets_no_twitch_message() -> None:
    world = World()
    world.add(won(1, "DiscordDan", 1, platform="discord"))
    assert await world.sender().drain_once() == 1
    assert world.chat.attempts == []
    assert world.pending() == []


async def test_rows_routed_elsewhere_stay_pending_and_do_not_block_the_rest() -> None:
    world = World()
    world.add(*(won(i, f"dan{i}", i, platform="discord") for i in range(1, 6)))
    world.add(closed(10), closed(11))

    def twitch_only(message: OutboxMessage, drop_channel: str) -> str | None:
        if message.kind == "won" and message.payload.get("platform") != "twitch":
            return None  # the Discord sender's
        return CHANNEL

    sender = world.sender(serving=Serving(channel_of=twitch_only), draining=Draining(batch=2))
    total = 0
    for _ in range(4):
        total += await sender.drain_once()
    assert total == 2
    assert len(world.chat.sent) == 2
    assert {m.kind for m in world.pending()} == {"won"} and len(world.pending()) == 5


async def test_a_code_like_text_is_never_sent() -> None:
    world = World()
    world.add(closed(1, title="v4.public.eyJzZXJpYWwiOjF9"), closed(2))
    assert await world.sender().drain_once() == 2
    assert len(world.chat.sent) == 1
    assert_chat_safe(world.chat.texts())


async def test_the_drop_channel_is_looked_up_when_no_route_is_given() -> None:
    world = World()
    with world.new_uow() as uow:
        drop = uow.drops.add(
            Drop(
                id=0,
                spec=DropSpec(name="hoodie", title="Hoodie", supply=3, channel="the_streamer"),
                state=DropState.CLOSED,
                created_at=WALL,
                seed_hex="00" * 32,
                commitment="11" * 32,
                pseudonym_salt="22" * 16,
            )
        )
        uow.commit()
    world.add(closed(drop.id), closed(999))  # 999: no such drop, so no channel
    sender = OutboundSender(
        world.chat,
        world.tx,
        Links(CLAIM_URL),
        clocks=TimeSources(clock=world.time.clock, sleep=world.time.sleep, now=world.time.wall),
    )
    assert await sender.drain_once() == 1
    assert [c for _, c, _ in world.chat.sent] == ["the_streamer"]
    assert [m.drop_id for m in world.pending()] == [999]


async def test_run_drains_until_stopped_and_wakes_on_notify() -> None:
    world = World()
    world.add(*(closed(i) for i in range(1, 4)))

    async def idle_forever(seconds: float) -> None:
        await asyncio.Event().wait()

    sender = world.sender(sleep=idle_forever)
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop))
    for _ in range(100):
        if len(world.chat.sent) == 3:
            break
        await asyncio.sleep(0)
    assert len(world.chat.sent) == 3
    world.add(closed(4))
    sender.notify()
    for _ in range(100):
        if len(world.chat.sent) == 4:
            break
        await asyncio.sleep(0)
    assert len(world.chat.sent) == 4
    stop.set()
    await asyncio.wait_for(task, 1.0)


async def test_run_survives_a_failing_store() -> None:
    world = World()
    calls = 0

    class FlakyTx:
        async def run(self, fn: Callable[[UnitOfWork], Any]) -> Any:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise OSError("database is locked")
            return await world.tx.run(fn)

    world.add(closed(1))
    sender = OutboundSender(
        world.chat,
        FlakyTx(),
        Links(CLAIM_URL),
        serving=Serving(channel_of=lambda m, c: CHANNEL),
        clocks=TimeSources(clock=world.time.clock, sleep=world.time.sleep, now=world.time.wall),
    )
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop))
    for _ in range(100):
        if world.chat.sent:
            break
        await asyncio.sleep(0)
    stop.set()
    await asyncio.wait_for(task, 1.0)
    assert len(world.chat.sent) == 1 and world.pending() == []


# --- the whole way: the real engine's outbox rows, in memory and in SQLite --------------------


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
async def test_a_whole_drop_is_announced_safely(backend: str, tmp_path: Path) -> None:
    clock = ManualClock()
    keyring = Keyring.new(clock.now(), seeded_bytes(1))
    tx: Any
    if backend == "memory":
        data = MemoryData()
        tx = InlineTransactions(lambda: MemoryUnitOfWork(data))
    else:
        from bot.store.database import SqlUnitOfWork, ThreadedTransactions, make_engine
        from bot.store.migrate import upgrade

        engine = make_engine(f"sqlite:///{tmp_path}/drops.db")
        upgrade(engine)
        tx = ThreadedTransactions(lambda: SqlUnitOfWork(engine))
    try:
        service = DropService(tx, MemoryHotState(), keyring, clock, seeded_bytes(2))
        drop = await service.create(spec(supply=40, mode=Mode.LOTTERY))
        clock.advance(minutes=3)
        await service.tick()  # early -> public
        names = [*HOSTILE, *(f"fan_{i}" for i in range(60))]
        for i, name in enumerate(names):
            platform = "discord" if i % 7 == 3 else "twitch"
            claimant = Claimant(platform, f"u{i}", name, frozenset({"subscriber"}))
            await service.claim(ClaimRequest(f"m{i}", spec().channel, claimant))
        clock.advance(minutes=10)
        await service.close(spec().channel)

        time = FakeTime()
        chat = FakeChat(time, latency=0.2)
        sender = OutboundSender(
            chat,
            tx,
            Links(CLAIM_URL),
            clocks=TimeSources(clock=time.clock, sleep=time.sleep, now=time.wall),
        )
        while await sender.drain_once():
            pass
        texts = chat.texts()
        assert_chat_safe(texts)
        assert most_in_any_window(chat.times(spec().channel)) <= 20
        full = await service.get(drop.id)
        seed_short = full.seed_hex[:16]
        drawn_at = next(i for i, t in enumerate(texts) if "is drawn" in t)
        assert all(seed_short not in t for t in texts[:drawn_at])
        assert any(seed_short in t for t in texts[drawn_at:])
        assert full.commitment[:16] in texts[0]
        assert any("https://fair.example/claim/hoodie" in t for t in texts)
        await service.intake.drain()
    finally:
        if backend == "sqlite":
            tx.close()
            engine.dispose()


async def test_a_store_failure_after_sending_does_not_send_again() -> None:
    world = World()
    calls = 0

    class FailsSecondTransaction:
        async def run(self, fn: Callable[[UnitOfWork], Any]) -> Any:
            nonlocal calls
            calls += 1
            if calls == 2:  # the mark_sent after the texts went out
                raise OSError("disk I/O error")
            return await world.tx.run(fn)

    world.add(drawn([f"fan_{i}" for i in range(100)]))
    sender = OutboundSender(
        world.chat,
        FailsSecondTransaction(),
        Links(CLAIM_URL),
        serving=Serving(channel_of=lambda m, c: CHANNEL),
        clocks=TimeSources(clock=world.time.clock, sleep=world.time.sleep, now=world.time.wall),
    )
    with pytest.raises(OSError, match="disk"):
        await sender.drain_once()
    sent = len(world.chat.sent)
    assert sent > 1 and len(world.pending()) == 1
    assert await sender.drain_once() == 1
    assert len(world.chat.sent) == sent and world.pending() == []
