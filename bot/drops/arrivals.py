"""The transcript of a first-come drop: its arrivals, hash-chained, and who got each unit.

A first-come drop has no draw: units go to claims in the order they arrived, within the drop's
rules (tier windows, the per-person cap, guaranteed units first). Its transcript lists every
admitted arrival with its sequence number, the platform's message time and its tier, each
carrying ``link``, a SHA-256 over the link before it and the arrival itself, so no arrival can be
inserted, removed, changed or reordered without changing every later link and ``arrivals_head``
(the last link, announced when the drop closes). ``bot.drops.verify_arrivals`` checks it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any, TypedDict

from bot.drops.transcript import Holder, RerollRecord, check_holder, check_reroll
from bot.drops.transcript_fields import (
    MAX_SECONDS,
    TranscriptError,
    require_each,
    require_str,
    require_timestamp,
    short,
)

__all__ = [
    "ARRIVALS_DOMAIN",
    "Arrival",
    "ArrivalTranscript",
    "TierWindow",
    "Unit",
    "chain_start",
    "next_link",
]

ARRIVALS_DOMAIN = b"fairdrop/arrivals/v1\n"


def chain_start() -> str:
    """The link before the first arrival: ``sha256(b"fairdrop/arrivals/v1\\n")`` in hex."""
    return hashlib.sha256(ARRIVALS_DOMAIN).hexdigest()


def next_link(previous: str, seq: int, entrant: str, at: str, tier: str) -> str:
    """The link of one arrival, as lowercase SHA-256 hex of the UTF-8 text
    ``f"{previous}\\n{seq}\\t{entrant}\\t{at}\\t{tier}\\n"``, where ``previous`` is the link
    before it (``chain_start()`` for the first)."""
    return hashlib.sha256(f"{previous}\n{seq}\t{entrant}\t{at}\t{tier}\n".encode()).hexdigest()


class Arrival(TypedDict):
    """One admitted claim: ``seq`` counts from 1 in arrival order, ``at`` is the platform's
    message time (ISO 8601 with a UTC offset), ``tier`` the window it came in through."""

    seq: int
    entrant: str
    at: str
    tier: str
    link: str


class Unit(TypedDict):
    """Who first held unit ``serial``, how they got it ("guaranteed" or "fcfs") and when (their
    claim window starts then)."""

    serial: int
    entrant: str
    via: str
    at: str


class TierWindow(TypedDict):
    """A tier of the drop and how long after the open its window opened."""

    name: str
    opens_after_seconds: int


_KEYS: dict[str, frozenset[str]] = {
    "arrivals": frozenset(Arrival.__annotations__),
    "units": frozenset(Unit.__annotations__),
    "tiers": frozenset(TierWindow.__annotations__),
}


@dataclass(frozen=True, kw_only=True)
class ArrivalTranscript:
    """Everything needed to check a first-come drop; see ``verify_arrivals``.

    Construction checks the structure (types and formats) and raises ``TranscriptError``.
    """

    version: int = 1
    drop_id: str
    title: str
    mode: str = "fcfs"
    supply: int
    cap_per_person: int
    opened_at: str
    closes_at: str
    tiers: list[TierWindow]
    arrivals_head: str
    arrivals: list[Arrival]
    guaranteed_digest: str
    guaranteed_committed: list[str]
    units: list[Unit]
    claim_window_seconds: int
    rerolls: list[RerollRecord] = field(default_factory=list)
    holders: list[Holder] = field(default_factory=list)

    def __post_init__(self) -> None:
        if type(self.version) is not int or self.version != 1:
            raise TranscriptError(f"version: unsupported transcript version {self.version!r}")
        if self.mode != "fcfs":
            raise TranscriptError(f"mode: a first-come transcript has mode fcfs, not {self.mode!r}")
        for name in ("drop_id", "title"):
            require_str(name, getattr(self, name))
        for name, least in (("supply", 0), ("cap_per_person", 1), ("claim_window_seconds", 0)):
            value = getattr(self, name)
            if type(value) is not int or not least <= value <= MAX_SECONDS:
                raise TranscriptError(
                    f"{name}: must be an integer in {least}..{MAX_SECONDS}, got {short(value)}"
                )
        require_timestamp("opened_at", self.opened_at)
        require_timestamp("closes_at", self.closes_at)
        for name in ("arrivals_head", "guaranteed_digest"):
            value = getattr(self, name)
            if type(value) is not str or len(value) != 64 or value.strip("0123456789abcdef"):
                raise TranscriptError(f"{name}: must be 64 lowercase hex characters")
        for name, keys in _KEYS.items():
            require_each(name, getattr(self, name), partial(_check_item, keys=keys))
        require_each("guaranteed_committed", self.guaranteed_committed, require_str)
        require_each("rerolls", self.rerolls, check_reroll)
        require_each("holders", self.holders, check_holder)

    def to_json(self) -> str:
        """The transcript as JSON text, one list item per line; ``from_json`` reads it back."""
        data = asdict(self)
        lines = ["{"]
        for key, value in data.items():
            if isinstance(value, list) and value:
                items = ",\n    ".join(json.dumps(v, ensure_ascii=False) for v in value)
                lines.append(f"  {json.dumps(key)}: [\n    {items}\n  ],")
            else:
                lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
        lines[-1] = lines[-1].removesuffix(",")
        return "\n".join([*lines, "}"]) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArrivalTranscript:
        """Read a parsed JSON object; ``TranscriptError`` names a missing or unknown field."""
        for name in sorted(_REQUIRED - data.keys()):
            raise TranscriptError(f"{name}: missing")
        for name in sorted(data.keys() - _FIELDS):
            raise TranscriptError(f"{name}: unknown field")
        return cls(**data)


_FIELDS = frozenset(ArrivalTranscript.__dataclass_fields__)
_REQUIRED = _FIELDS - {"version", "mode", "rerolls", "holders"}


def _check_item(where: str, item: object, keys: frozenset[str]) -> None:
    if not isinstance(item, dict) or set(item) != keys:
        raise TranscriptError(f"{where}: must have exactly {', '.join(sorted(keys))}")
    for key, value in sorted(item.items()):
        if key in ("seq", "serial", "opens_after_seconds"):
            if type(value) is not int or not 0 <= value <= MAX_SECONDS:
                raise TranscriptError(f"{where}.{key}: must be an integer in 0..{MAX_SECONDS}")
        elif key == "at":
            require_timestamp(f"{where}.at", value)
        else:
            require_str(f"{where}.{key}", value)
