"""`[claims]` and `[drops]`: how claims are taken, and what a drop is unless the streamer says
otherwise (tiers, named templates, weekly series)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from bot.config.fields import Duration, Section
from bot.drops.model import Mode
from bot.drops.recurrence import parse_every
from bot.kernel.errors import InvalidSpec

DEFAULT_COMMIT_DELAY_MS = 2.0


class ClaimSettings(Section):
    rate_limit: int = Field(5, ge=1)
    rate_window: Duration = timedelta(seconds=10)
    max_batch: int = Field(1000, ge=1, le=10_000)
    # How long a claim waits for others to share its commit (see `bot.drops.intake`).
    commit_delay_ms: float = Field(DEFAULT_COMMIT_DELAY_MS, ge=0, le=100)


RuleItem = str | dict[str, Any]


class TierSettings(Section):
    name: str
    rules: list[RuleItem]
    require: list[RuleItem] = Field(default_factory=list)
    opens_after: Duration = timedelta(0)
    weight: int = Field(1, ge=1, le=1000)


def _default_tiers() -> list[TierSettings]:
    return [
        TierSettings(name="early", rules=["badge:subscriber", "badge:founder", "badge:vip"]),
        TierSettings(name="public", rules=["everyone"], opens_after=timedelta(minutes=2)),
    ]


class DropTemplate(Section):
    """A named drop: `!drop open hoodie` (or `/drop open`) takes these instead of the defaults.

    Unset values fall back to [drops]; what the streamer types still wins over both.
    """

    title: str = ""
    supply: int | None = Field(None, ge=1)
    mode: Mode | None = None
    cap_per_person: int | None = Field(None, ge=1)
    entry_window: Duration | None = None
    early: Duration | None = None
    redemption_url: str | None = None
    beacon: bool | None = None  # commit to a drand round (None: [beacon] enabled decides)
    channels: list[str] = Field(default_factory=list)  # communities it is for; empty: all


def _weekly(value: str) -> str:
    try:
        parse_every(value)
    except InvalidSpec as wrong:
        raise ValueError(str(wrong)) from None  # pydantic reports it with the key
    return value


class RecurringSettings(Section):
    """A series of weekly drops the config declares (`[drops.recurring.NAME]`): started when
    the scheduler starts if no running series of the community has its name."""

    every: Annotated[str, AfterValidator(_weekly)]  # "fri 20:00", in [scheduler] timezone
    channel: str = "default"  # the community
    title: str | None = None
    supply: int | None = Field(None, ge=1)
    mode: Mode | None = None
    entry_window: Duration | None = None
    early: Duration | None = None
    beacon: bool | None = None


class DropDefaults(Section):
    mode: Mode = Mode.LOTTERY
    supply: int = Field(48, ge=1)
    cap_per_person: int = Field(1, ge=1)
    entry_window: Duration = timedelta(minutes=10)
    claim_window: Duration = timedelta(hours=24)
    code_ttl: Duration = timedelta(days=30)
    redemption_url: str = ""
    series: str = ""
    guaranteed: list[str] = Field(default_factory=list)
    min_account_age: Duration = timedelta(0)
    min_follow_age: Duration = timedelta(0)
    refuse_suspicious: bool = True
    # Winners' cooldown: a drop's tiers require `not won-within:<cooldown>` (0: none), by
    # community in `cooldowns`, else `cooldown`; a tier naming won-within itself keeps its own.
    cooldown: Duration = timedelta(0)
    cooldowns: dict[str, Duration] = Field(default_factory=dict)
    tiers: list[TierSettings] = Field(default_factory=_default_tiers)
    templates: dict[str, DropTemplate] = Field(default_factory=dict)
    recurring: dict[str, RecurringSettings] = Field(default_factory=dict)
