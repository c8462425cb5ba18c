"""Durations as people write them in chat commands and config: 30s, 10m, 2h, 1h30m, 3d."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.kernel.errors import InvalidSpec


def parse_duration(text: str) -> timedelta:
    """Parse `90s`, `10m`, `2h`, `3d` or combinations like `1h30m`; raise InvalidSpec if not."""
    match = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text.strip())
    if not text.strip() or match is None:
        raise InvalidSpec("refusal-duration", typed=repr(text))
    d, h, m, s = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=d, hours=h, minutes=m, seconds=s)


def describe_duration(span: timedelta) -> str:
    """`span` as `parse_duration` reads it back (`1h30m`, `45s`), seconds and up; `0s` if none."""
    left = int(abs(span).total_seconds())
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if left >= size:
            parts.append(f"{left // size}{unit}")
            left %= size
    return "".join(parts) or "0s"
