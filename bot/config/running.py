"""How fairdrop runs: `[log]`, `[scheduler]` (time zone and drop time), `[beacon]` (drand) and
`[outbox]` (retries)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from bot.config.fields import Duration, Section
from bot.drops.beacon import QUICKNET, Chain
from bot.outbox.policy import DEFAULT_BASE, DEFAULT_CAP, DEFAULT_MAX_ATTEMPTS, RetryPolicy


class LogSettings(Section):
    level: Literal["debug", "info", "warning", "error"] = "info"
    # "json": one JSON object per line for log collectors (journald, Loki, Elasticsearch...).
    format: Literal["text", "json"] = "text"


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a time zone name like UTC or Europe/Berlin") from None
    return value


def _lease(value: timedelta) -> timedelta:
    if not timedelta(seconds=1) <= value <= timedelta(minutes=5):
        raise ValueError("must be between 1s and 5m (10s is a good choice)")
    return value


class SchedulerSettings(Section):
    # The streamer's time zone: `at=20:00` in chat and /drop schedule mean 20:00 there.
    timezone: Annotated[str, AfterValidator(_time_zone)] = "UTC"
    # Drop time per wall-clock second; above 1 only for demos and tests (3600: an hour a second).
    time_scale: float = Field(1.0, ge=1.0, le=1_000_000.0)
    # How often the plan is checked against the record (drops opened by another process, say).
    replan_every: Duration = timedelta(seconds=5)
    # With Redis: how long the scheduler lease outlives its holder's last renewal. A standby
    # takes over within `bot.store.lease.takeover_within(lease)` of the holder's death.
    lease: Annotated[Duration, AfterValidator(_lease)] = timedelta(seconds=10)


def _mirror(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError(f"{value!r} must be an http(s) URL like https://api.drand.sh")
    return value.rstrip("/")


class BeaconSettings(Section):
    """Public randomness for lotteries: the drand quicknet round committed to at open and
    mixed into the draw (`bot/drops/beacon.py`, `bot/beacon/`)."""

    # The default for new lotteries (every lottery commits to a round unless it opts out); a
    # drop opts in or out with beacon=on|off.
    enabled: bool = True
    mirrors: list[Annotated[str, AfterValidator(_mirror)]] = Field(
        default_factory=lambda: [
            "https://api.drand.sh",
            "https://api2.drand.sh",
            "https://api3.drand.sh",
            "https://drand.cloudflare.com",
        ],
        min_length=1,
    )
    # Commit to the first round published at least this long after the close.
    margin: Duration = timedelta(seconds=30)
    # After waiting this long past the round's time, `policy` applies.
    max_wait: Duration = timedelta(minutes=10)
    policy: Literal["wait", "draw-without"] = "wait"
    timeout: Duration = timedelta(seconds=5)  # one request to one mirror
    passes: int = Field(3, ge=1, le=20)  # passes over the mirrors per attempt to draw
    backoff: Duration = timedelta(seconds=1)  # the pause after a pass, doubling, with jitter
    # 0: quicknet's own genesis and period (pinned). Anything else places the chain elsewhere
    # in time, for the demo and tests against a fake relay serving genuine recorded rounds;
    # verify-draw then needs --genesis and --period.
    genesis: int = Field(0, ge=0)
    period: int = Field(0, ge=0)

    def chain(self) -> Chain:
        """Quicknet, pinned, or placed at `genesis` and `period` for a fake relay."""
        return QUICKNET.placed(self.genesis, self.period)


class OutboxSettings(Section):
    """How every outbox sink (Twitch chat, whispers, Discord) retries a message that fails to
    go out, and when it gives up on it (parks it: counted in /metrics, listed on /healthz)."""

    max_attempts: int = Field(DEFAULT_MAX_ATTEMPTS, ge=1, le=1000)
    backoff: Duration = timedelta(seconds=DEFAULT_BASE)  # the wait after the first failure
    backoff_cap: Duration = timedelta(seconds=DEFAULT_CAP)  # waits double up to this
    # How long one Discord message may take (rate-limit waits included) before it is retried.
    delivery_timeout: Duration = timedelta(seconds=60)

    @field_validator("backoff", "delivery_timeout")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("must be longer than 0s")
        return value

    @field_validator("backoff_cap")
    @classmethod
    def _not_below_backoff(cls, value: timedelta, info: ValidationInfo) -> timedelta:
        if value < info.data.get("backoff", timedelta(0)):
            raise ValueError("must be at least [outbox] backoff")
        return value

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(
            max_attempts=self.max_attempts,
            base=self.backoff.total_seconds(),
            cap=self.backoff_cap.total_seconds(),
        )
