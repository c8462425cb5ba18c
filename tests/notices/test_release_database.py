"""A database written by the release before typed notices: its outbox rows, stored byte for byte
as that release stored them, go out in Twitch chat and whispers as they did then; a row no
release can read is parked by each sink, and every other row still goes out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from bot.drops.ports import UnitOfWork
from bot.outbox.policy import RetryPolicy
from bot.store.database import SqlUnitOfWork, ThreadedTransactions, make_engine
from bot.store.migrate import upgrade
from bot.twitch.announcements import Links
from bot.twitch.outbound import OutboundSender
from bot.twitch.outbound_settings import Draining, Serving, TimeSources
from bot.twitch.whispers import WhisperNotifier

RELEASE = json.loads((Path(__file__).parent / "release_rows.json").read_text())
WALL = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # within a day of every row
POLICY = RetryPolicy(max_attempts=3, base=1.0, cap=2.0)


class FakeTime:
    """A monotonic clock that sleeping advances: a chat window takes no real time."""

    def __init__(self) -> None:
        self.t = 1000.0

    def clock(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += max(seconds, 0.0)


class Chat:
    def __init__(self) -> None:
        self.said: list[str] = []

    async def send(self, channel: str, text: str) -> None:
        self.said.append(text)


class Whispers:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def whisper(self, user_id: str, text: str) -> None:
        self.sent.append((user_id, text))


@pytest.fixture
def release_db(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite database holding the release's rows as that release stored them, and
    after them one row of a kind no release writes."""
    engine = make_engine(f"sqlite:///{tmp_path}/release.db")
    upgrade(engine)
    rows: list[dict[str, Any]] = [*RELEASE["rows"]]
    rows.append(
        {"dedupe_key": "mystery:1", "drop_id": 1, "kind": "mystery", "audience": "channel",
         "payload_json": '{"what": "a kind from a later release"}'}
    )  # fmt: skip
    with engine.begin() as conn:
        for i, row in enumerate(rows):
            conn.execute(
                text(
                    "INSERT INTO outbox (dedupe_key, drop_id, kind, audience, payload_json, "
                    "created_at) VALUES (:dedupe_key, :drop_id, :kind, :audience, :payload_json, "
                    ":created_at)"
                ),
                {
                    **{k: row[k] for k in ("dedupe_key", "drop_id", "kind", "audience")},
                    "payload_json": row["payload_json"],
                    "created_at": (WALL - timedelta(hours=1) + timedelta(seconds=i)).strftime(
                        "%Y-%m-%d %H:%M:%S.%f"
                    ),
                },
            )
    yield engine
    engine.dispose()


def _parked(engine: Engine) -> list[tuple[str, str, str]]:
    with SqlUnitOfWork(engine) as uow:
        return [(p.sink, p.kind, p.reason) for p in uow.outbox.parked()]


async def test_the_release_rows_say_in_chat_what_they_said_and_the_unreadable_one_is_parked(
    release_db: Engine,
) -> None:
    def new_uow() -> UnitOfWork:
        return SqlUnitOfWork(release_db)

    tx = ThreadedTransactions(new_uow)
    time, chat = FakeTime(), Chat()
    sender = OutboundSender(
        chat,
        tx,
        Links(RELEASE["claim_url"], RELEASE["verify_url"]),
        serving=Serving(channel_of=lambda m, drop_channel: "streamer"),
        draining=Draining(retry=POLICY),
        clocks=TimeSources(clock=time.clock, sleep=time.sleep, now=lambda: WALL),
    )
    try:
        for _ in range(10):  # the unreadable row is retried twice, then parked
            await sender.drain_once()
            time.t += 5.0
    finally:
        tx.close()

    assert chat.said == [t for row in RELEASE["rows"] for t in row["twitch_chat"]]
    assert _parked(release_db) == [("twitch", "mystery", "NoticeError")]
    with SqlUnitOfWork(release_db) as uow:
        assert uow.outbox.pending("twitch", 100) == []


async def test_the_release_rows_whisper_what_they_whispered_and_the_unreadable_one_is_parked(
    release_db: Engine,
) -> None:
    def new_uow() -> UnitOfWork:
        return SqlUnitOfWork(release_db)

    tx = ThreadedTransactions(new_uow)
    time, port = FakeTime(), Whispers()
    notifier = WhisperNotifier(
        port,
        tx,
        Links(RELEASE["claim_url"], RELEASE["verify_url"]),
        lambda: WALL,
        sleep=time.sleep,
        clock=time.clock,
        retry=POLICY,
    )
    try:
        for _ in range(10):
            await notifier.drain_once()
            time.t += 5.0
    finally:
        tx.close()

    expected = [
        (row["audience"].removeprefix("twitch:"), row["whisper"])
        for row in RELEASE["rows"]
        if row["audience"].startswith("twitch:")
    ]
    assert port.sent == expected and len(expected) == 4
    assert _parked(release_db) == [("twitch_whispers", "mystery", "NoticeError")]
