"""Discord's ids and timestamps: snowflakes (milliseconds since the Discord epoch in the top 42
bits) and ISO 8601 strings. Apart from the records: the server and the command registry mint
ids for every kind of record, and neither ids nor timestamps need a record to be made."""

from __future__ import annotations

import time
from datetime import UTC, datetime

DISCORD_EPOCH_MS = 1_420_070_400_000


class Snowflakes:
    """Real-looking, strictly increasing snowflakes (timestamp in the top 42 bits)."""

    def __init__(self) -> None:
        self._last = 0
        self._made = 0

    def __call__(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = max((ms << 22) | (1 << 17), self._last + 1)
        self._last = value
        return value

    def made_at(self, when: datetime) -> int:
        """A snowflake whose timestamp is `when` (an account made then): unique, since its low
        22 bits (worker, process and increment) count the ids made this way."""
        self._made += 1
        ms = int(when.timestamp() * 1000) - DISCORD_EPOCH_MS
        return (ms << 22) | (self._made & 0x3FFFFF)


def iso(at: datetime | None = None) -> str:
    """Discord's timestamps: ISO 8601 with microseconds and ``+00:00``."""
    return (at or datetime.now(UTC)).astimezone(UTC).isoformat()
