"""Checks for a transcript's fields: each refuses a malformed value with a one-line
``TranscriptError`` naming the field (as a 0-based JSON path such as ``rerolls[2].serial``).

Shared by the lottery transcript (``bot.drops.transcript``), what version 2 adds to it
(``bot.drops.transcript_v2``) and the first-come transcript (``bot.drops.arrivals``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime

from bot.kernel.errors import FairdropError

__all__ = [
    "HEX64",
    "MAX_SECONDS",
    "TranscriptError",
    "check_keys",
    "require_each",
    "require_list",
    "require_str",
    "require_timestamp",
    "short",
]

HEX64 = re.compile(r"[0-9a-f]{64}")
# Durations in a transcript (a claim window, a tier's offset) stay below about 31 years, well
# inside what date arithmetic can hold.
MAX_SECONDS = 10**9


class TranscriptError(FairdropError, ValueError):
    """A transcript is malformed; the message is one line naming the offending field."""


def require_str(name: str, value: object) -> str:
    """``value`` if it is a string; else a ``TranscriptError`` naming field ``name``."""
    if not isinstance(value, str):
        raise TranscriptError(f"{name}: must be a string, got {short(value)}")
    return value


def require_list(name: str, value: object) -> None:
    """Refuse ``value`` (field ``name``) unless it is a JSON list."""
    if type(value) is not list:
        raise TranscriptError(f"{name}: must be a list, got {short(value)}")


def require_each(name: str, values: object, check: Callable[[str, object], object]) -> None:
    """Refuse ``values`` (field ``name``) unless it is a list whose every item passes
    ``check(f"{name}[{i}]", item)``."""
    require_list(name, values)
    assert isinstance(values, list)
    for i, value in enumerate(values):
        check(f"{name}[{i}]", value)


def require_timestamp(name: str, value: object) -> None:
    """Refuse ``value`` (field ``name``) unless it is ISO 8601 text with a UTC offset."""
    try:
        parsed = datetime.fromisoformat(require_str(name, value))
    except ValueError:
        raise TranscriptError(f"{name}: not an ISO 8601 timestamp: {short(value)}") from None
    if parsed.tzinfo is None:
        raise TranscriptError(f"{name}: timestamp needs a UTC offset: {short(value)}")


def check_keys(
    where: str, value: object, keys: frozenset[str], optional: frozenset[str] = frozenset()
) -> None:
    """Refuse ``value`` (at ``where``) unless it is an object with every one of ``keys`` and
    nothing but those and ``optional``, naming the first missing or unknown one."""
    if not isinstance(value, dict):
        raise TranscriptError(f"{where}: must be an object, got {short(value)}")
    missing = sorted(keys - value.keys())
    if missing:
        raise TranscriptError(f"{where}.{missing[0]}: missing")
    unknown = sorted(str(k) for k in value.keys() - keys - optional)
    if unknown:
        raise TranscriptError(f"{where}.{unknown[0]}: unknown field")


def short(value: object) -> str:
    """``value`` as short one-line text for an error message."""
    # Keeps error messages on one line and short even for huge or multi-line values.
    text = (
        json.dumps(value)
        if isinstance(value, str | int | float | bool | None)
        else type(value).__name__
    )
    return text if len(text) <= 60 else text[:57] + "..."
