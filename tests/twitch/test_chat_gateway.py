"""Chat to service and back, as the twitchio layer will drive it (no twitchio needed here)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.config import Settings
from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimPolicy, ClaimRequest
from bot.drops.keyring import Keyring
from bot.drops.service import DropService
from bot.gating.link_service import LinkService
from bot.store.hot_memory import MemoryHotState
from bot.twitch.chat import ChatGateway, IncomingChat, acknowledgement
from bot.twitch.entry_words import EntryWordBook
from tests.fakes.memory_store import InlineTransactions, MemoryData, MemoryUnitOfWork
from tests.fixtures.harness import START, ManualClock, seeded_bytes


class Chat:
    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []
        self.count = 0

    async def say(self, channel: str, text: str) -> None:
        self.said.append((channel, text))

    def message(
        self, user: str, text: str, *badges: str, login: str | None = None, mid: str | None = None
    ) -> IncomingChat:
        self.count += 1
        name = login or f"fan{user}"
        return IncomingChat(
            mid or f"m{self.count}", "stream", user, name, name, frozenset(badges), text
        )


async def flush(bot: ChatGateway, chat: Chat) -> None:
    """Say the acknowledgements waiting (what the outbound sender does every couple of seconds)."""
    for channel, text in bot.acks.take():
        await chat.say(channel, text)


@pytest.fixture
async def gateway() -> AsyncIterator[tuple[ChatGateway, Chat, ManualClock]]:
    data, clock = MemoryData(), ManualClock()
    tx = InlineTransactions(lambda: MemoryUnitOfWork(data))
    drops = DropService(
        tx, MemoryHotState(), Keyring.new(START, seeded_bytes(1)), clock, seeded_bytes(2),
        policy=ClaimPolicy(limit=5, window_seconds=10),
    )  # fmt: skip
    chat = Chat()
    words = EntryWordBook(drops, {})
    await words.reread()  # as the book's task does at start (build_twitch)
    yield (
        ChatGateway(drops, LinkService(tx, clock, seeded_bytes(3)), Settings(), chat.say, words),
        chat,
        clock,
    )


async def test_a_viewer_cannot_open_a_drop(gateway: tuple[ChatGateway, Chat, ManualClock]) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("1", "!drop open hoodie"))
    assert chat.said == [("stream", "only the broadcaster and moderators can run drops (@fan1)")]
    await bot.handle(chat.message("2", "!claim"))
    await flush(bot, chat)
    assert chat.said[-1] == ("stream", "No drop is running right now: @fan2")


async def test_a_moderator_opens_a_drop_and_claims_are_acknowledged_in_one_line(
    gateway: tuple[ChatGateway, Chat, ManualClock],
) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("9", "!drop open hoodie supply=2 early=0s", "moderator"))
    assert chat.said == []  # the opening announcement goes out through the outbox
    for user in ("1", "2", "3"):
        await bot.handle(chat.message(user, "!claim"))
    await flush(bot, chat)
    assert chat.said == [("stream", "You're in the hoodie drop: @fan1 @fan2 @fan3")]


async def test_a_keyword_typed_before_the_keywords_are_first_read_enters_once_they_are(
    gateway: tuple[ChatGateway, Chat, ManualClock],
) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("9", "!drop open hoodie keyword=!hoodie early=0s", "moderator"))
    # A restart: the new process hears chat before its book has read the drops' keywords.
    bot.words = book = EntryWordBook(bot.drops, {})
    typed = asyncio.create_task(bot.handle(chat.message("1", "!hoodie")))
    await asyncio.sleep(0.05)
    assert not typed.done()  # it waits for the first read instead of being taken for noise
    await book.reread()
    await typed
    await flush(bot, chat)
    assert chat.said[-1] == ("stream", "You're in the hoodie drop: @fan1")
    await bot.handle(chat.message("2", "!uptime"))  # another bot's command: read, still ignored
    await flush(bot, chat)
    assert chat.said[-1] == ("stream", "You're in the hoodie drop: @fan1")


async def test_a_moderator_schedules_a_drop_for_later(
    gateway: tuple[ChatGateway, Chat, ManualClock],
) -> None:
    bot, chat, clock = gateway
    await bot.handle(chat.message("9", "!drop open hoodie at=+30m", "moderator"))
    status = await bot.drops.status("stream", "hoodie")
    assert status.phase.value == "scheduled"
    assert status.drop.scheduled_for == clock.now() + timedelta(minutes=30)
    await bot.handle(chat.message("1", "!claim"))
    await flush(bot, chat)
    assert "hoodie" in chat.said[-1][1] and "@fan1" in chat.said[-1][1]


async def test_a_start_in_the_past_is_refused_and_nothing_is_scheduled(
    gateway: tuple[ChatGateway, Chat, ManualClock],
) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("9", "!drop open hoodie at=2020-01-01T20:00", "moderator"))
    assert len(chat.said) == 1 and "in the past" in chat.said[0][1]
    assert await bot.drops.unfinished("stream") == []


async def test_a_redelivered_claim_is_not_acknowledged_twice(
    gateway: tuple[ChatGateway, Chat, ManualClock],
) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("9", "!drop open hoodie early=0s", "broadcaster"))
    await bot.handle(chat.message("1", "!claim", mid="evt-1"))
    await bot.handle(chat.message("1", "!claim", mid="evt-1"))
    await flush(bot, chat)
    assert chat.said == [("stream", "You're in the hoodie drop: @fan1")]


async def test_malformed_commands_get_the_usage_line(
    gateway: tuple[ChatGateway, Chat, ManualClock],
) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("9", "!drop open hoodie supply=lots", "moderator"))
    ((_, text),) = chat.said
    assert text.startswith("supply=lots must be a whole number") and text.endswith("(@fan9)")


async def test_refusals_from_the_engine_are_replied_in_one_line(
    gateway: tuple[ChatGateway, Chat, ManualClock],
) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("9", "!drop close", "moderator"))
    assert chat.said == [("stream", "no drop is running here (@fan9)")]


async def test_early_access_refusals_say_when_everyone_can_enter(
    gateway: tuple[ChatGateway, Chat, ManualClock],
) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("9", "!drop open hoodie early=5m", "moderator"))
    await bot.handle(chat.message("1", "!claim"))
    await bot.handle(chat.message("2", "!claim", "subscriber"))
    await flush(bot, chat)
    assert sorted(text for _, text in chat.said) == [
        "Early access is for subscribers or founders or VIPs; everyone can enter the hoodie "
        "drop from 20:05 UTC: @fan1",
        "You're in the hoodie drop: @fan2",
    ]


def test_a_refusal_before_any_window_opens_names_no_empty_list() -> None:
    # Before the first tier's window opens nobody has early access: there is no list to read out.
    said = acknowledgement(oc.NotEligibleYet(1, "hoodie", "subs", START, ""))
    assert said == "The hoodie drop opens for you at 20:00 UTC:"
    named = acknowledgement(oc.NotEligibleYet(1, "hoodie", "public", START, "subscribers"))
    assert named is not None and named.startswith("Early access is for subscribers;")


async def test_hostile_logins_and_messages_inject_nothing(
    gateway: tuple[ChatGateway, Chat, ManualClock],
) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("9", "!drop open hoodie early=0s", "moderator"))
    for i, login in enumerate(["/ban", ".timeout", "everyone", "a\nb", "x" * 600]):
        await bot.handle(chat.message(str(i), "!claim", login=login))
    await bot.handle(chat.message("50", "!drop open /ban supply=1", "moderator"))
    await bot.handle(chat.message("51", "!link @everyone"))
    await flush(bot, chat)
    for _, text in chat.said:
        assert not text.startswith(("/", ".", "@")) and "\n" not in text
        assert "@everyone" not in text and len(text) <= 500


async def test_linking_from_chat(gateway: tuple[ChatGateway, Chat, ManualClock]) -> None:
    bot, chat, _ = gateway
    code = await bot.links.start("discord:900")
    await bot.handle(chat.message("1", f"!link {code.code}"))
    assert chat.said == [
        ("stream", "linked: your Twitch and Discord accounts are now one person in drops (@fan1)")
    ]
    await bot.handle(chat.message("2", f"!link {code.code}"))
    assert "unknown, used or expired" in chat.said[-1][1]


async def test_a_rush_of_claims_is_acknowledged_in_a_few_lines_and_counted(
    gateway: tuple[ChatGateway, Chat, ManualClock],
) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("9", "!drop open hoodie early=0s", "moderator"))
    for i in range(300):
        await bot.handle(chat.message(str(1000 + i), "!claim"))
    await flush(bot, chat)
    texts = [text for _, text in chat.said]
    assert len(texts) == 3
    shown = sum(t.count("@fan") for t in texts[:2])
    assert texts[2] == f"You're in the hoodie drop: {300 - shown:,} more of you."


async def test_a_claim_the_store_failed_is_refused_in_words_not_acknowledged(
    gateway: tuple[ChatGateway, Chat, ManualClock],
) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("9", "!drop open hoodie supply=2 early=0s", "moderator"))

    async def database_down(request: ClaimRequest) -> oc.EntryOutcome:
        raise OSError("connection to server at 127.0.0.1 failed: Connection refused")

    bot.drops.claim = database_down  # type: ignore[method-assign]
    await bot.handle(chat.message("1", "!claim"))
    await flush(bot, chat)
    assert chat.said == [
        ("stream", "that didn't go through on our side; try !claim again soon (@fan1)")
    ]
