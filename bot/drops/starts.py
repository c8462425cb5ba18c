"""When a scheduled drop starts, as a streamer types it: `20:00`, `+10m`, `2026-11-21T20:00`.

A time of day means its next occurrence in the streamer's time zone (today if it is still
ahead, else tomorrow), so `at=20:00` typed at 21:00 means tomorrow evening, never a past time.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, tzinfo

from bot.kernel.durations import parse_duration
from bot.kernel.errors import InvalidSpec

FURTHEST = timedelta(days=60)  # a start further ahead is more likely a typo than a plan


def parse_start(text: str, now: datetime, zone: tzinfo) -> datetime:
    """The moment `text` means, seen from `now` in `zone`; InvalidSpec (one line) if none."""
    text = text.strip()
    if text.startswith("+") or text.lower().startswith("in "):
        try:
            start = now + parse_duration(text.lstrip("+").removeprefix("in ").strip())
        except InvalidSpec:
            raise InvalidSpec("refusal-start", typed=repr(text)) from None
    elif re.fullmatch(r"\d{1,2}:\d{2}", text):
        start = _next_time_of_day(text, now, zone)
    else:
        try:
            start = datetime.fromisoformat(text)
        except ValueError:
            raise InvalidSpec("refusal-start", typed=repr(text)) from None
        if start.tzinfo is None:
            start = start.replace(tzinfo=zone)
    if start <= now:
        raise InvalidSpec("refusal-start-past", typed=repr(text))
    if start - now > FURTHEST:
        raise InvalidSpec("refusal-start-far", typed=repr(text), count=FURTHEST.days)
    return start


def _next_time_of_day(text: str, now: datetime, zone: tzinfo) -> datetime:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours > 23 or minutes > 59:
        raise InvalidSpec("refusal-start-clock", typed=repr(text))
    local_now = now.astimezone(zone)
    start = datetime.combine(local_now.date(), time(hours, minutes), tzinfo=zone)
    if start <= local_now:
        start = datetime.combine(local_now.date() + timedelta(days=1), time(hours, minutes), zone)
    return start
