"""The demo reads the bot's database beside it, for progress lines and to know the drop's times.

Reading only: SQLite in WAL mode lets this reader run beside the bot's writer. Everything the
fans and the streamer do still goes through Twitch chat, Discord and HTTP.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.bootstrap import build_engine
from bot.config import Settings
from bot.drops.model import Drop
from bot.store.database import SqlUnitOfWork


@dataclass(frozen=True, slots=True)
class Standing:
    entrants: int
    kept_out: int  # by the anti-bot rules, with their reasons in the summary


class Record:
    def __init__(self, settings: Settings) -> None:
        self.engine = build_engine(settings)

    async def drop(self, drop_id: int) -> Drop:
        def read() -> Drop:
            with SqlUnitOfWork(self.engine) as uow:
                drop = uow.drops.get(drop_id)
            if drop is None:
                raise LookupError(f"no drop {drop_id}")
            return drop

        return await asyncio.to_thread(read)

    async def standing(self, drop_id: int) -> Standing:
        def read() -> Standing:
            with SqlUnitOfWork(self.engine) as uow:
                kept_out = sum(uow.filtered.counts(drop_id).values())
                return Standing(uow.entries.count(drop_id), kept_out)

        return await asyncio.to_thread(read)

    def close(self) -> None:
        self.engine.dispose()
