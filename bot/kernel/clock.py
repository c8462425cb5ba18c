"""The one clock protocol: the core asks it for "now" and never reads the system's time itself.

The clocks that implement it (the system's, and the sped-up one of demos) live in `bot.clock`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...
