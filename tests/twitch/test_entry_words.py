"""The entry words a Twitch process knows: its communities' aliases and the keywords of drops
opened anywhere (Discord, another process), read from the store."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.drops.keyring import Keyring
from bot.drops.model import DropSpec
from bot.drops.service import DropService
from bot.store.hot_memory import MemoryHotState
from bot.twitch.entry_words import EntryWordBook
from tests.fakes.memory_store import InlineTransactions, MemoryData, MemoryUnitOfWork
from tests.fixtures.harness import START, ManualClock, seeded_bytes

SPEC = DropSpec(name="hoodie", title="Hoodie", supply=4, channel="stream", keyword="!hoodie")


def _service(data: MemoryData) -> DropService:
    tx = InlineTransactions(lambda: MemoryUnitOfWork(data))
    keyring = Keyring.new(START, seeded_bytes(1))
    return DropService(tx, MemoryHotState(), keyring, ManualClock(), seeded_bytes(2))


async def test_a_keyword_of_a_drop_opened_by_another_process_is_learnt() -> None:
    data = MemoryData()
    elsewhere, here = _service(data), _service(data)  # two processes, one store
    book = EntryWordBook(here, {"stream": ["!gimme"]})
    assert book.of("stream") == {"!gimme": None}
    drop = await elsewhere.create(SPEC)
    book.drop_changed(drop.id, "opened")  # as Redis (or the periodic reread) tells it
    await book.reread()
    assert book.of("stream") == {"!gimme": None, "!hoodie": "hoodie"}
    assert book.of("other") == {}
    await elsewhere.cancel("stream", "hoodie")
    await book.reread()
    assert book.of("stream") == {"!gimme": None}


async def test_only_drops_that_can_still_be_entered_have_words() -> None:
    data = MemoryData()
    service = _service(data)
    await service.create(replace(SPEC, name="later"), draft=True)
    book = EntryWordBook(service, {})
    await book.reread()
    assert book.of("stream") == {"!hoodie": "later"}


async def _until_known(book: EntryWordBook, word: str) -> None:
    for _ in range(1000):  # generous: a reread of a memory store takes microseconds
        if word in book.of("stream"):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{word} never learnt: {book.of('stream')}")


async def test_the_running_book_rereads_on_a_drop_event() -> None:
    data = MemoryData()
    elsewhere, here = _service(data), _service(data)
    book, stop = EntryWordBook(here, {}), asyncio.Event()
    running = asyncio.create_task(book.run(stop))
    try:
        drop = await elsewhere.create(SPEC)
        book.drop_changed(drop.id, "opened")  # what Redis delivers: nothing polls
        await _until_known(book, "!hoodie")
    finally:
        stop.set()
        await running


async def test_polling_makes_the_running_book_look_again_without_news() -> None:
    data = MemoryData()
    elsewhere, here = _service(data), _service(data)
    book, stop = EntryWordBook(here, {}), asyncio.Event()
    tasks = [asyncio.create_task(book.run(stop)), asyncio.create_task(book.poll(stop, 0.01))]
    try:
        await elsewhere.create(SPEC)  # no drop event: another process, no Redis
        await _until_known(book, "!hoodie")
    finally:
        stop.set()
        await asyncio.gather(*tasks)


async def test_the_first_read_is_waited_for_a_bounded_time() -> None:
    book = EntryWordBook(_service(MemoryData()), {})
    assert not book.is_read()
    assert await book.first_read(0.01) is False  # the database slow at start: not forever
    await book.reread()
    assert book.is_read() and await book.first_read(0.01)
