"""Acknowledgements never follow the line that closes their drop, however tight the chat budget.

The real engine (in memory), the chat gateway and the outbound sender wired as `fairdrop run`
wires them (one `AckBook` between gateway and sender), a fake chat port and a fake monotonic
clock that the fake sleep advances, so a 30-second budget window takes milliseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from bot.drops.keyring import Keyring
from bot.drops.service import DropService
from bot.gating.link_service import LinkService
from bot.store.hot_memory import MemoryHotState
from bot.twitch.acks import AckBook, merged_line
from bot.twitch.announcements import Links
from bot.twitch.chat import ChatGateway, IncomingChat
from bot.twitch.chat_text import MAX_MESSAGE
from bot.twitch.entry_words import EntryWordBook
from bot.twitch.outbound import OutboundSender
from bot.twitch.outbound_settings import ChatLimits, Draining, TimeSources
from tests.fakes.memory_store import InlineTransactions, MemoryData, MemoryUnitOfWork
from tests.fixtures.harness import START, ManualClock, seeded_bytes

CHANNEL = "stream"
FLUSH_SECONDS = 2.0  # as bot.twitch.build.FLUSH_SECONDS
ACK_WORDS = ("You're in the hoodie drop", "Already in the hoodie drop")


class FakeTime:
    def __init__(self) -> None:
        self.t = 1000.0

    def clock(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += max(seconds, 0.0)
        await yield_turns()


async def yield_turns(turns: int = 10) -> None:
    """Let every other task run a few steps, as a real wait or a request to Twitch would."""
    for _ in range(turns):
        await asyncio.sleep(0)


class FakeChat:
    """What Twitch accepted, in order."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.failing = 0  # the next sends that fail as a reset connection does

    async def send(self, channel: str, text: str) -> None:
        assert channel == CHANNEL
        await yield_turns()  # the request to Twitch
        if self.failing:
            self.failing -= 1
            raise ConnectionResetError("Connection reset by peer")
        self.texts.append(text)


class Stream:
    def __init__(self, limit: int) -> None:
        data, self.clock = MemoryData(), ManualClock()
        self.tx = InlineTransactions(lambda: MemoryUnitOfWork(data))
        self.drops = DropService(
            self.tx, MemoryHotState(), Keyring.new(START, seeded_bytes(1)), self.clock,
            seeded_bytes(2),
        )  # fmt: skip
        self.time, self.chat, acks = FakeTime(), FakeChat(), AckBook()
        self.sender = OutboundSender(
            self.chat,
            self.tx,
            Links("https://fair.example/claim/{drop}"),
            limits=ChatLimits(limit=limit),
            draining=Draining(idle_seconds=0.5),
            clocks=TimeSources(clock=self.time.clock, sleep=self.time.sleep),
            acks=acks,
        )
        links = LinkService(self.tx, self.clock, seeded_bytes(3))
        words = EntryWordBook(self.drops, {})
        self.gateway = ChatGateway(self.drops, links, Settings(), self._say, words, acks)
        self.count = 0

    async def _say(self, channel: str, text: str) -> None:
        # As build_twitch wires it: the gateway says its replies through the sender, which
        # answers whether Twitch took the line; the gateway has no use for that answer.
        await self.sender.say(channel, text)

    async def type(self, login: str, text: str, *badges: str) -> None:
        self.count += 1
        message = IncomingChat(
            f"m{self.count}", CHANNEL, f"u-{login}", login, login, frozenset(badges), text
        )
        await self.gateway.handle(message)

    def closed_at(self) -> int:
        return next(i for i, t in enumerate(self.chat.texts) if "hoodie" in t and "is closed" in t)

    def acks_after_close(self) -> list[str]:
        return [t for t in self.chat.texts[self.closed_at() :] if t.startswith(ACK_WORDS)]

    def mentioned_before_close(self) -> str:
        return " ".join(self.chat.texts[: self.closed_at()]) + " "


@contextlib.asynccontextmanager
async def on_air(stream: Stream) -> AsyncIterator[asyncio.Event]:
    """The sender's drain loop and the acknowledgement flush, as `fairdrop run` runs them."""
    stop = asyncio.Event()

    async def flush_every() -> None:
        while not stop.is_set():
            await stream.sender.say_acks()
            await stream.time.sleep(FLUSH_SECONDS)

    tasks = [
        asyncio.create_task(stream.sender.run(stop)),
        asyncio.create_task(flush_every()),
    ]
    try:
        yield stop
    finally:
        stop.set()
        stream.sender.notify()
        await asyncio.wait_for(asyncio.gather(*tasks), 5)


async def settle(stream: Stream, rounds: int = 2_000) -> None:
    """Let the loops run until every line, acks included, is said."""
    for _ in range(rounds):
        await asyncio.sleep(0)
        if any("is drawn" in t for t in stream.chat.texts) and not stream.sender.acks.channels():
            return
    raise AssertionError(f"chat did not settle: {stream.chat.texts}")


@pytest.mark.parametrize("flush_first", [True, False], ids=["flush-first", "drain-first"])
@pytest.mark.parametrize("limit", [1, 2, 3])
async def test_acks_queued_when_the_drop_closes_are_said_before_the_close_line(
    limit: int, flush_first: bool
) -> None:
    stream = Stream(limit)
    await stream.type("mod", "!drop open hoodie supply=2 early=0s", "moderator")
    await stream.sender.drain_once()
    for i in range(8):
        await stream.type(f"fan{i}", "!claim")
    await stream.sender.say_acks()  # said before anything closes: fine
    for i in range(8, 20):
        await stream.type(f"fan{i}", "!claim")
    await stream.type("fan3", "!claim")  # "Already in": also before the close, or not at all
    await stream.type("mod", "!drop close", "moderator")
    # The flush and the outbox race for the same budget, in either order.
    first, second = (
        (stream.sender.say_acks, stream.sender.drain_once)
        if flush_first
        else (stream.sender.drain_once, stream.sender.say_acks)
    )
    await asyncio.gather(first(), second())
    while await stream.sender.drain_once():
        pass
    await stream.sender.say_acks()

    assert stream.acks_after_close() == []
    said = stream.mentioned_before_close()
    assert all(f"@fan{i} " in said for i in range(20))  # merged, none lost
    assert any(t.startswith('Drop "hoodie" is drawn') for t in stream.chat.texts)


@pytest.mark.parametrize("wave", [1, 3, 7])
async def test_with_the_loops_running_no_ack_follows_its_drops_close(wave: int) -> None:
    stream = Stream(limit=2)
    async with on_air(stream):
        await stream.type("mod", "!drop open hoodie supply=3 early=0s", "moderator")
        for i in range(30):
            await stream.type(f"fan{i}", "!claim")
            if i % wave == 0:
                await stream.time.sleep(1.0)  # the flush and the sender get their turns
            if i == 20:
                await stream.type("mod", "!drop close", "moderator")
        await settle(stream)

    assert stream.acks_after_close() == []
    # A claim after the close hears that no drop is running, which may follow the close line.
    assert any(t.startswith("No drop is running") for t in stream.chat.texts[stream.closed_at() :])
    said = stream.mentioned_before_close()
    assert all(f"@fan{i} " in said for i in range(21))


async def test_an_ack_twitch_did_not_take_is_said_at_the_next_flush() -> None:
    stream = Stream(limit=20)
    await stream.type("mod", "!drop open hoodie supply=2 early=0s", "moderator")
    await stream.sender.drain_once()
    await stream.type("fan1", "!claim")
    stream.chat.failing = 1
    await stream.sender.say_acks()
    assert not [t for t in stream.chat.texts if t.startswith(ACK_WORDS)]
    assert stream.sender.failing == {CHANNEL}  # /healthz: chat is not getting out
    await stream.type("fan2", "!claim")
    await stream.sender.say_acks()
    assert [t for t in stream.chat.texts if t.startswith(ACK_WORDS)] == [
        "You're in the hoodie drop: @fan1 @fan2"
    ]
    assert stream.sender.failing == set()


async def test_an_ack_failing_as_its_drop_closes_goes_out_in_the_merged_line() -> None:
    stream = Stream(limit=20)
    await stream.type("mod", "!drop open hoodie supply=2 early=0s", "moderator")
    await stream.sender.drain_once()
    for i in range(3):
        await stream.type(f"fan{i}", "!claim")
    await stream.type("mod", "!drop close", "moderator")
    stream.chat.failing = 1
    # The flush is sending the acks (and fails) while the close line waits for its turn.
    await asyncio.gather(stream.sender.say_acks(), stream.sender.drain_once())
    while await stream.sender.drain_once():
        pass
    await stream.sender.say_acks()

    assert stream.acks_after_close() == []
    merged = stream.chat.texts[stream.closed_at() - 1]
    assert merged == "You're in the hoodie drop: @fan0 @fan1 @fan2"
    assert stream.sender.acks.dropped == 0


async def test_an_ack_arriving_after_the_close_line_is_dropped_and_counted() -> None:
    book = AckBook()
    book.add(CHANNEL, "You're in the hoodie drop:", "early", drop_id=1)
    book.add(CHANNEL, "No drop is running right now:", "lost")
    assert book.close(1) == "You're in the hoodie drop: @early"
    book.add(CHANNEL, "You're in the hoodie drop:", "late", drop_id=1)
    assert book.take() == [(CHANNEL, "No drop is running right now: @lost")]
    assert book.dropped == 1 and book.close(1) is None


def test_a_merged_line_keeps_every_kind_in_one_message_and_counts_the_rest() -> None:
    fans = [f"fan_{i:04d}" for i in range(300)]
    line = merged_line(
        [("You're in the hoodie drop:", fans), ("Already in the hoodie drop:", ["again", "/ban"])]
    )
    assert line is not None and len(line) <= MAX_MESSAGE
    assert line.startswith("You're in the hoodie drop: @fan_0000 @fan_0001")
    shown = line.count(" @")
    assert line.endswith(f" and {301 - shown:,} more.")
    small = merged_line([("You're in the hoodie drop:", ["a1"]), ("Already in it:", ["b2"])])
    assert small == "You're in the hoodie drop: @a1; Already in it: @b2"
    assert merged_line([("You're in:", ["/ban x"])]) is None  # nobody to mention
