"""Settings: one TOML file validated into typed settings; secrets from the environment.

Every key and its default is documented in `config.example.toml`; a test keeps the two in step.
A bad file stops the start with one line naming the file and the key.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.communities import NO_LOOK, CommunitySettings
from bot.drops.beacon import QUICKNET, Chain
from bot.drops.lift import KINDS as LIFT_KINDS
from bot.drops.model import DropSpec, Mode
from bot.drops.ports import UnitOfWork
from bot.drops.recurrence import parse_every
from bot.drops.season import SeasonReport, read_season
from bot.drops.season_summary import SummaryPlan, When
from bot.drops.spec import parse_duration
from bot.gating.antibot import AntiBot
from bot.gating.rules import RuleError, Tier, parse_rule, with_cooldown
from bot.kernel.errors import FairdropError, InvalidSpec
from bot.messages.catalog import LANGUAGE, shipped_languages
from bot.outbox.policy import DEFAULT_BASE, DEFAULT_CAP, DEFAULT_MAX_ATTEMPTS, RetryPolicy
from bot.overlay_theme import OverlaySettings

# The documented example: shipped inside the wheel beside this module, at the root of a checkout.
_SHIPPED_EXAMPLE = Path(__file__).resolve().parent / "config.example.toml"
EXAMPLE_CONFIG = (
    _SHIPPED_EXAMPLE
    if _SHIPPED_EXAMPLE.exists()
    else Path(__file__).resolve().parents[1] / "config.example.toml"
)
DEFAULT_CONFIG = Path("fairdrop.toml")
ENV_DATABASE_URL = "FAIRDROP_DATABASE_URL"
ENV_REDIS_URL = "FAIRDROP_REDIS_URL"
# Twitch secrets: never in the config file.
ENV_TWITCH_SECRET = "FAIRDROP_TWITCH_CLIENT_SECRET"  # noqa: S105 (a variable name)
ENV_TWITCH_TOKEN = "FAIRDROP_TWITCH_BOT_TOKEN"  # noqa: S105 (a variable name)
ENV_TWITCH_REFRESH = "FAIRDROP_TWITCH_BOT_REFRESH_TOKEN"
ENV_DISCORD_TOKEN = "FAIRDROP_DISCORD_TOKEN"  # noqa: S105 (a variable name)
# The claim page's session secrets, newest first, comma-separated (see `session_secrets`).
ENV_SESSION_KEYS = "FAIRDROP_WEB_SESSION_KEYS"
MIN_SESSION_KEY = 32


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


class DatabaseSettings(Section):
    url: str = "sqlite:///fairdrop.db"
    sqlite_synchronous: Literal["full", "normal"] = "full"


class HotStateSettings(Section):
    backend: Literal["memory", "redis"] = "memory"
    url: str = "redis://127.0.0.1:6379/0"  # FAIRDROP_REDIS_URL overrides it
    prefix: str = Field("fairdrop", min_length=1)
    ttl: Duration = timedelta(days=7)


class KeysSettings(Section):
    path: Path = Path("keys/signing.json")


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


class TwitchChannelSettings(Section):
    name: str  # fairdrop's name for the community: drops, lists and links live under it
    broadcaster_id: str = ""


def _default_channels() -> list[TwitchChannelSettings]:
    return [TwitchChannelSettings(name="default")]


class TwitchSettings(Section):
    enabled: bool = False
    client_id: str = ""
    bot_id: str = ""
    moderator: bool = False  # the bot is a moderator in its channels: 100 messages per 30 s
    whisper_winners: bool = False
    whisper_budget: int = Field(40, ge=0, le=40)  # new recipients a day; Twitch's cap is 40
    claim_url: str = "http://localhost:8080/claim/{drop}"
    api_base: str = "https://api.twitch.tv/helix/"
    auth_base: str = "https://id.twitch.tv/"
    eventsub_url: str = "wss://eventsub.wss.twitch.tv/ws"
    channels: list[TwitchChannelSettings] = Field(default_factory=_default_channels)


class DiscordGuildSettings(Section):
    id: str  # the guild's numeric id
    name: str = "default"  # fairdrop's name for the community (the same as a Twitch channel's)
    # Defaults until a moderator runs /fairdrop setup in the guild.
    announce_channel_id: str = ""
    summary_channel_id: str = ""
    moderator_role_id: str = ""


class DiscordSettings(Section):
    enabled: bool = False
    application_id: str = ""
    api_base: str = "https://discord.com/api/v10"
    gateway_url: str = "wss://gateway.discord.gg"
    post_edit_interval: Duration = timedelta(seconds=5)
    dm_winners: bool = True
    guilds: list[DiscordGuildSettings] = Field(
        default_factory=lambda: [DiscordGuildSettings(id="", name="default")]
    )


def _network(value: str) -> str:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise ValueError(
            f"{value!r} is not an IP address or network like 10.0.0.1 or 10.0.0.0/8"
        ) from None
    return value


class WebSettings(Section):
    """The web app: claim page, partner API, public keys, transparency pages, health, metrics."""

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    # Where people reach the app: the OAuth redirect_uri and every absolute link are built on it.
    public_url: str = Field("http://localhost:8080", pattern=r"^https?://[^/\s]+(/[^\s]*)?$")
    mask_winners: bool = False
    # Memory for built transparency pages and transcripts (a 20,000-entrant transcript is ~1 MB).
    public_cache_mb: int = Field(64, ge=1, le=4096)
    # A key's lookups in flight count within it: at least the number of tills sharing a key.
    failed_attempts_per_key: int = Field(100, ge=1)
    failed_attempts_per_address: int = Field(10, ge=1)
    failed_attempt_window: Duration = timedelta(minutes=10)
    session_ttl: Duration = timedelta(hours=1)
    # Proxies whose X-Forwarded-For is believed: the client is the rightmost address not in here.
    trusted_proxies: list[Annotated[str, AfterValidator(_network)]] = Field(default_factory=list)
    # /metrics on its own listener (never the public one); port 0: no such listener.
    metrics_host: str = "127.0.0.1"
    metrics_port: int = Field(9102, ge=0, le=65535)
    # Client addresses (after trusted_proxies) that may read /metrics on the public listener.
    metrics_allow: list[Annotated[str, AfterValidator(_network)]] = Field(default_factory=list)
    # Slow clients: a new connection's first request head, and any request's body, must arrive
    # within read_timeout; a connection with no complete request for idle_timeout is closed.
    read_timeout: Duration = timedelta(seconds=10)
    idle_timeout: Duration = timedelta(seconds=60)
    # Open connections per client address (connections from trusted_proxies are not capped).
    max_connections_per_address: int = Field(64, ge=1)
    # The public listener (transparency pages, transcripts): its own port, so a crowd of fans
    # is never served on the claims' event loop. 0: none; the one listener on `port` serves all.
    public_port: int = Field(0, ge=0, le=65535)
    # Processes serving the public listener; 0 serves it on the bot's own loop (no process).
    public_workers: int = Field(1, ge=0, le=32)
    # The live feed (/overlay/{community}/events, /drops/{id}/events): open streams per client
    # address (then 429), and in all per process serving it (then 503).
    feed_per_address: int = Field(16, ge=1)
    feed_max_clients: int = Field(10_000, ge=1)

    @model_validator(mode="after")
    def _ports_apart(self) -> WebSettings:
        if self.public_port and self.public_port in (self.port, self.metrics_port):
            raise ValueError("public_port must differ from port and metrics_port")
        return self


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


def _shipped_language(value: str) -> str:
    shipped = shipped_languages()
    if value not in shipped:
        raise ValueError(f"not a shipped language; use one of {', '.join(shipped)}")
    return value


Language = Annotated[str, AfterValidator(_shipped_language)]


class MessagesSettings(Section):
    # The folder of per-community overrides (`<community>.ftl`), relative to the config file's
    # folder (see `overrides_folder`). A folder that does not exist means no overrides.
    overrides: str = "messages"
    # The language every community is spoken to in (a shipped one: en, es...), unless
    # `languages` names its own: community name -> language.
    language: Language = LANGUAGE
    languages: dict[str, Language] = Field(default_factory=dict)


def _variants(value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    for series, episodes in value.items():
        for drop, variant in episodes.items():
            if not variant.strip() or len(variant) > 40:
                raise ValueError(
                    f'{series}.{drop}: a variant is a short label like "supply 100" '
                    "(1 to 40 characters)"
                )
    return value


def _lift_baseline(value: dict[str, float]) -> dict[str, float]:
    for kind, expected in value.items():
        if kind not in LIFT_KINDS:
            raise ValueError(f"{kind}: lift_baseline names {', '.join(LIFT_KINDS)}")
        if not 0 <= expected <= 1_000_000:
            raise ValueError(f"{kind}: the expected count per 72 h is a number from 0 up")
    return value


class SeasonSummarySettings(Section):
    """`[seasons.NAME]`: when series NAME's season is summarized in its community."""

    summary: When = "off"
    # The season's length: "after-last" posts 72 h after this many episodes have closed.
    episodes: int | None = Field(None, ge=1, le=10_000, validate_default=True)

    @field_validator("episodes")
    @classmethod
    def _length_known(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None and info.data.get("summary") == "after-last":
            raise ValueError('summary = "after-last" needs the season\'s length: episodes = N')
        return value

    def plan(self) -> SummaryPlan:
        return SummaryPlan(self.summary, self.episodes)


class SeasonSettings(Section):
    """Season reports (`fairdrop report --series`, /series/<name>), and `[seasons.NAME]`
    tables: each series' summary in its community (a series cannot be called lift,
    lift_baseline or variants)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, SeasonSummarySettings] = Field(init=False)

    # Subscriber lift, where the broadcaster granted channel:read:subscriptions.
    lift: bool = False
    # Expected subscriptions / resubscriptions / follows per 72 h, instead of the weeks before.
    lift_baseline: Annotated[dict[str, float], AfterValidator(_lift_baseline)] = Field(
        default_factory=dict
    )

    # Supply experiments: series name -> drop name -> the variant (arm) that episode belongs
    # to. The report compares every variant with the first one named.
    variants: Annotated[dict[str, dict[str, str]], AfterValidator(_variants)] = Field(
        default_factory=dict
    )

    def summaries(self) -> dict[str, SummaryPlan]:
        """Series name -> when its season is summarized (`[seasons.NAME]`)."""
        return {name: table.plan() for name, table in (self.model_extra or {}).items()}


class Settings(Section):
    database: DatabaseSettings = DatabaseSettings()
    hot_state: HotStateSettings = HotStateSettings()
    keys: KeysSettings = KeysSettings()
    claims: ClaimSettings = ClaimSettings()
    drops: DropDefaults = DropDefaults()
    twitch: TwitchSettings = TwitchSettings()
    discord: DiscordSettings = DiscordSettings()
    web: WebSettings = WebSettings()
    log: LogSettings = LogSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    outbox: OutboxSettings = OutboxSettings()
    messages: MessagesSettings = MessagesSettings()
    seasons: SeasonSettings = SeasonSettings()
    beacon: BeaconSettings = BeaconSettings()
    overlay: OverlaySettings = OverlaySettings()
    # By community name: its drops' look and its aliases of !claim (bot/communities.py).
    communities: dict[str, CommunitySettings] = Field(default_factory=dict)

    def community(self, name: str) -> CommunitySettings:
        """The `[communities.NAME]` settings of `name`, or the defaults."""
        return self.communities.get(name, NO_LOOK)

    def tiers(self) -> tuple[Tier, ...]:
        return tuple(
            Tier(
                name=t.name,
                rule=parse_rule(t.rules, t.require),
                opens_after=t.opens_after,
                weight=t.weight,
            )
            for t in self.drops.tiers
        )

    def season_reads(
        self, series: str, channel: str | None, now: datetime
    ) -> Callable[[UnitOfWork], SeasonReport]:
        """The read of a season's report, in this community's time zone and with the supply
        variants configured for it (for a read-only transaction)."""

        def read(uow: UnitOfWork) -> SeasonReport:
            return read_season(
                uow.seasons,
                series,
                channel,
                time_zone=self.scheduler.timezone,
                now=now,
                variants=self.seasons.variants.get(series, {}),
                audience=uow.audience if self.seasons.lift else None,
                lift_baseline=self.seasons.lift_baseline,
            )

        return read

    def drop_spec(self, name: str, title: str, channel: str, **overrides: Any) -> DropSpec:
        d = self.drops
        values: dict[str, Any] = {
            "name": name,
            "title": title,
            "channel": channel,
            "supply": d.supply,
            "mode": d.mode,
            "cap_per_person": d.cap_per_person,
            "tiers": with_cooldown(self.tiers(), d.cooldowns.get(channel, d.cooldown)),
            "entry_window": d.entry_window,
            "claim_window": d.claim_window,
            "code_ttl": d.code_ttl,
            "redemption_url": d.redemption_url,
            "series": d.series,
            "guaranteed": tuple(d.guaranteed),
            "anti_bot": AntiBot(d.min_account_age, d.min_follow_age, d.refuse_suspicious),
            "beacon": self.beacon.enabled,
        }
        values.update(overrides)
        return DropSpec(**values)


def load_settings(path: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Load `path` (or ./fairdrop.toml if present, else embedded defaults) plus environment.

    Raises ConfigError with one line: the file, the key and what is wrong.
    """
    env = dict(os.environ) if env is None else env
    data: dict[str, Any] = {}
    source = "embedded defaults"
    if path is None and DEFAULT_CONFIG.exists():
        path = DEFAULT_CONFIG
    if path is not None:
        source = str(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: no such file (create one with `fairdrop init`)") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text; save the config as UTF-8") from None
        except OSError as error:
            raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    # Secrets and deployment-specific URLs come from the environment, never from the file.
    if (url := env.get(ENV_DATABASE_URL)) and isinstance(data.get("database", {}), dict):
        data.setdefault("database", {})["url"] = url
    if (url := env.get(ENV_REDIS_URL)) and isinstance(data.get("hot_state", {}), dict):
        data.setdefault("hot_state", {})["url"] = url
    web = data.get("web")
    if isinstance(web, dict) and "trust_forwarded_for" in web:
        raise ConfigError(
            f"{source}: [web] trust_forwarded_for: replaced by trusted_proxies, the list of your "
            'proxies\' addresses (e.g. trusted_proxies = ["127.0.0.1"]); remove the old key'
        )
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{source}: {_first_problem(error)}") from None
    if settings.twitch.enabled:
        for key in ("client_id", "bot_id"):
            if not getattr(settings.twitch, key):
                raise ConfigError(f"{source}: [twitch] {key}: required when twitch is enabled")
        if not settings.twitch.channels:
            raise ConfigError(f"{source}: [twitch] channels: add at least one [[twitch.channels]]")
        for channel in settings.twitch.channels:
            if not channel.broadcaster_id.isdigit():
                raise ConfigError(
                    f"{source}: [twitch.channels] broadcaster_id (channel {channel.name!r}): "
                    "required, the channel's numeric Twitch user id"
                )
    if settings.discord.enabled:
        _check_discord(settings.discord, source)
    _check_community_keys(settings, source)
    for tier in settings.drops.tiers:
        try:
            parse_rule(tier.rules, tier.require)
        except RuleError as error:
            raise ConfigError(
                f"{source}: [drops.tiers] rules (tier {tier.name!r}): {error}"
            ) from None
    return settings


def overrides_folder(settings: Settings, config: Path | None) -> Path:
    """The folder of message overrides: `[messages] overrides` beside the config file `config`
    (or beside ./fairdrop.toml when no file was named), whatever the working directory."""
    beside = (config if config is not None else DEFAULT_CONFIG).parent
    return (beside / settings.messages.overrides).resolve()


def session_secrets(env: Mapping[str, str]) -> tuple[bytes, ...]:
    """The claim page's cookie secrets from FAIRDROP_WEB_SESSION_KEYS: the first signs, all
    verify (rotate by putting a new one first; drop the old one after `session_ttl`). Empty:
    none configured (the app derives one from the signing keyring)."""
    text = env.get(ENV_SESSION_KEYS, "")
    secrets = tuple(part.strip() for part in text.split(",") if part.strip())
    for number, secret in enumerate(secrets, 1):
        if len(secret) < MIN_SESSION_KEY:
            raise ConfigError(
                f"{ENV_SESSION_KEYS}: secret {number} is {len(secret)} characters; each needs "
                f"at least {MIN_SESSION_KEY} (e.g. from `python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'`)"
            )
    return tuple(secret.encode() for secret in secrets)


def community_names(settings: Settings) -> set[str]:
    """Every community's name: its [[twitch.channels]] and [[discord.guilds]] names."""
    return {c.name for c in settings.twitch.channels} | {g.name for g in settings.discord.guilds}


def _check_community_keys(settings: Settings, source: str) -> None:
    known = community_names(settings)
    keyed = [("[drops] cooldowns", name) for name in settings.drops.cooldowns]
    keyed += [("[overlay.communities]", name) for name in settings.overlay.communities]
    keyed += [("[communities]", name) for name in settings.communities]
    for where, name in keyed:
        if name not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise ConfigError(
                f"{source}: {where}: {name!r} is not a community (a "
                f"[[twitch.channels]] or [[discord.guilds]] name; configured: {listed})"
            )


def _check_discord(discord: DiscordSettings, source: str) -> None:
    if not discord.application_id.isdigit():
        raise ConfigError(
            f"{source}: [discord] application_id: required when discord is enabled, "
            "your Discord application's numeric id"
        )
    if not discord.guilds:
        raise ConfigError(f"{source}: [discord] guilds: add at least one [[discord.guilds]]")
    for guild in discord.guilds:
        for key in ("id", "announce_channel_id", "summary_channel_id", "moderator_role_id"):
            value = getattr(guild, key)
            if (key == "id" or value) and not value.isdigit():  # only the guild id is required
                raise ConfigError(
                    f"{source}: [discord.guilds] {key} (guild {guild.name!r}): "
                    f"must be a numeric Discord id (got {value!r})"
                )


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    location = [str(p) for p in problem["loc"]]
    while len(location) > 1 and location[-1].isdigit():  # an item of a list: name the list
        location.pop()
    section = ".".join(p for p in location[:-1] if not p.isdigit())
    key = location[-1] if location else "?"
    where = f"[{section}] {key}" if section else key
    if problem["type"] == "extra_forbidden":
        return f"{where}: unknown key (see config.example.toml for the keys there are)"
    if problem["type"] == "missing":
        return f"{where}: required value is missing"
    message = problem["msg"].removeprefix("Value error, ")
    return f"{where}: {message} (got {problem.get('input')!r})"
