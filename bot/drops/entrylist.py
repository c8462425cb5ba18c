"""The frozen entry list of a lottery: what is hashed at close and drawn from."""

from __future__ import annotations

from dataclasses import dataclass

from bot.drops import draw as fair
from bot.drops.holders import pseudonym
from bot.drops.model import Drop, Entry
from bot.drops.ports import UnitOfWork


@dataclass(frozen=True)
class FrozenEntries:
    """Entries in entry order, with the pseudonymous form the transcript publishes."""

    entries: list[Entry]
    draw_entries: list[fair.DrawEntry]
    entry_hash: str


def freeze(uow: UnitOfWork, drop: Drop) -> FrozenEntries:
    """Read the drop's entries once and hash them (closing and drawing share the result)."""
    entries = uow.entries.for_drop(drop.id)
    salt = drop.pseudonym_salt
    draw_entries = [fair.DrawEntry(pseudonym(salt, e.identity), e.weight) for e in entries]
    return FrozenEntries(entries, draw_entries, fair.entry_list_hash(draw_entries))
