"""What every section of the config is made of: the one-line error, a section that refuses
unknown keys, and durations typed as `"30s"`, `"10m"` or `"1h30m"`."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from bot.drops.spec import parse_duration
from bot.kernel.errors import FairdropError, InvalidSpec


class ConfigError(FairdropError):
    """The configuration cannot be used; the message is one line naming file and key."""


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str):
        raise ValueError("must be a duration string like '30s', '10m', '2h' or '1h30m'")
    try:
        return parse_duration(value)
    except InvalidSpec as error:
        raise ValueError(str(error)) from None


Duration = Annotated[timedelta, BeforeValidator(_duration)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
