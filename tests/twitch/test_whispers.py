"""Whispered notices to Twitch winners: within 40 new people a day, never a code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.drops.model import OutboxMessage
from bot.twitch.announcements import Links
from bot.twitch.whispers import BEST_EFFORT, MAX_ATTEMPTS, SINK, WhisperNotifier, notice
from tests.fakes.memory_store import InlineTransactions, MemoryData, MemoryUnitOfWork

START = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
LINKS = Links("https://drops.example/claim/{drop}")


def won(
    n: int, *, platform: str = "twitch", via: str = "draw", at: datetime = START
) -> OutboxMessage:
    return OutboxMessage(
        f"won:{n}",
        1,
        "won",
        f"{platform}:{n}",
        {
            "drop": "hoodie",
            "title": "Hoodie",
            "serial": n,
            "display_name": f"fan{n}",
            "platform": platform,
            "via": via,
            "claim_deadline": (START + timedelta(hours=24)).isoformat(),
        },
        created_at=at,
    )


class Port:
    def __init__(self, fail: int = 0, error: Exception | None = None, who: str = "") -> None:
        self.sent: list[tuple[str, str]] = []
        self.fail = fail
        self.error = error or ConnectionError("reset")
        self.who = who  # only whispers to this user fail ("": any)

    async def whisper(self, user_id: str, text: str) -> None:
        if self.fail and self.who in ("", user_id):
            self.fail -= 1
            raise self.error
        self.sent.append((user_id, text))


class World:
    def __init__(self) -> None:
        self.data = MemoryData()
        self.tx = InlineTransactions(lambda: MemoryUnitOfWork(self.data))
        self.at = START
        self.monotonic = 0.0

    def add(self, *rows: OutboxMessage) -> None:
        with MemoryUnitOfWork(self.data) as uow:
            uow.outbox.add_many(rows)
            uow.commit()

    def notifier(self, port: Port, budget: int = 40) -> WhisperNotifier:
        async def no_sleep(seconds: float) -> None:
            return None

        return WhisperNotifier(
            port,
            self.tx,
            LINKS,
            lambda: self.at,
            budget=budget,
            sleep=no_sleep,
            clock=lambda: self.monotonic,
        )

    def pending(self) -> list[OutboxMessage]:
        with MemoryUnitOfWork(self.data) as uow:
            return uow.outbox.pending(SINK, 1000)


def test_the_notice_points_at_the_claim_page_and_carries_no_secret() -> None:
    text = notice(won(3), LINKS)
    assert "https://drops.example/claim/hoodie" in text and "#3" in text
    assert "v4.public" not in text and text.startswith("You won")


async def test_only_twitch_winners_are_whispered_once_each() -> None:
    world = World()
    world.add(won(1), won(2, platform="discord"), won(3))
    port = Port()
    notifier = world.notifier(port)
    assert await notifier.drain_once() == 2
    assert await notifier.drain_once() == 0
    assert [user for user, _ in port.sent] == ["1", "3"]
    assert world.pending() == []


async def test_past_the_daily_budget_nobody_new_is_whispered_even_after_a_restart() -> None:
    world = World()
    world.add(*(won(n) for n in range(1, 4)))
    port = Port()
    assert await world.notifier(port, budget=2).drain_once() == 2
    world.add(won(9))
    restarted = world.notifier(port, budget=2)  # the budget is read back from the outbox
    assert await restarted.drain_once() == 0
    assert [user for user, _ in port.sent] == ["1", "2"]
    world.at = START + timedelta(days=1, minutes=1)
    world.add(won(10, at=world.at))
    assert await restarted.drain_once() == 1  # a new day, a new budget


async def test_a_failing_whisper_backs_off_then_is_parked_and_counted() -> None:
    world = World()
    world.add(won(1), won(2))
    port = Port(fail=MAX_ATTEMPTS, error=RuntimeError("anything at all"), who="1")
    notifier = world.notifier(port)
    assert await notifier.drain_once() == 1  # the first fails; the second is not held back
    assert await notifier.drain_once() == 0  # backing off: not even tried
    assert port.fail == MAX_ATTEMPTS - 1
    for _ in range(MAX_ATTEMPTS - 1):
        world.monotonic += BEST_EFFORT.cap
        assert await notifier.drain_once() == 0
    assert port.fail == 0 and [user for user, _ in port.sent] == ["2"]
    assert world.pending() == []  # parked: never tried again
    with MemoryUnitOfWork(world.data) as uow:
        assert uow.outbox.parked_counts() == {SINK: 1}
        (parked,) = uow.outbox.parked()
    assert (parked.kind, parked.attempts, parked.reason) == ("won", MAX_ATTEMPTS, "RuntimeError")
    assert parked.parked_at == world.at
