"""`fairdrop doctor`: is this setup right, before going live? One line per check, each a
small function; a failed check says what to do. This module holds the framework and the local
checks (config, keyring, database, Redis, public URL, parked messages); the platforms' checks
are in `bot/onboarding/doctor_platforms.py`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.bootstrap import build_engine
from bot.config import DEFAULT_CONFIG, ConfigError, Settings, load_settings
from bot.drops.keyring import Keyring
from bot.keystore import KeystoreError, load_keyring
from bot.outbox.parked import parked_report
from bot.store import migrate
from bot.store.database import SqlUnitOfWork, ThreadedTransactions, parse_database_url

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Finding:
    """One line of the report: what was checked, whether it passed, and what was found (when
    it passed) or what to do (when it did not)."""

    check: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.check}: {self.detail}"


def passed(check: str, detail: str) -> Finding:
    return Finding(check, True, detail)


def failed(check: str, to_do: str) -> Finding:
    return Finding(check, False, to_do)


@dataclass
class Patient:
    """What the checks share: the settings, environment, and what earlier checks opened."""

    settings: Settings
    env: Mapping[str, str]
    keyring: Keyring | None = None
    engine: Engine | None = None  # set once the database is reachable and current
    notes: dict[str, str] = field(default_factory=dict)


Check = Callable[[Patient], Awaitable[list[Finding]]]


async def examine(
    config: Path | None, env: Mapping[str, str], platforms: Callable[[Patient], list[Check]]
) -> list[Finding]:
    """Every check in order: the config first (nothing else can run without it), the keyring
    and database, the checks `platforms` gives for the config, then Redis, the public URL and
    the parked messages."""
    try:
        settings = load_settings(config, dict(env))
    except ConfigError as error:
        return [failed("config", f"{error}")]
    if config is None and DEFAULT_CONFIG.exists():
        config = DEFAULT_CONFIG  # what load_settings read: name it, not "embedded defaults"
    where = config or "embedded defaults"
    findings = [passed("config", f"{where} is valid")]
    patient = Patient(settings, env)
    try:
        findings += await check_keyring(patient)
        findings += await check_database(patient)
        for check in [*platforms(patient), check_redis, check_public_url, check_parked]:
            findings += await check(patient)
    finally:
        if patient.engine is not None:
            patient.engine.dispose()
    return findings


async def check_keyring(patient: Patient) -> list[Finding]:
    path = patient.settings.keys.path
    try:
        patient.keyring = load_keyring(path, dict(patient.env))
    except KeystoreError as error:
        return [failed("keyring", f"{error}")]
    return [passed("keyring", f"{path} is present and private")]


async def check_database(patient: Patient) -> list[Finding]:
    settings = patient.settings
    url = parse_database_url(settings.database.url)
    where = url.render_as_string(hide_password=True)
    file = url.database if url.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not await asyncio.to_thread(Path(file).exists):
        return [failed("database", f"no database at {file}: run `fairdrop db upgrade`")]
    engine = build_engine(settings)
    try:
        current = await asyncio.to_thread(migrate.is_current, engine)
    except SQLAlchemyError as error:
        engine.dispose()
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        return [failed("database", f"cannot reach {where}: {reason}")]
    if not current:
        engine.dispose()
        return [failed("database", f"{where} is behind the code: run `fairdrop db upgrade`")]
    patient.engine = engine
    return [passed("database", f"{where} is reachable, schema current")]


async def check_redis(patient: Patient) -> list[Finding]:
    hot = patient.settings.hot_state
    if hot.backend != "redis":
        return []
    import redis

    def ping() -> None:
        client = redis.Redis.from_url(hot.url, socket_timeout=3, socket_connect_timeout=3)
        try:
            client.ping()
        finally:
            client.close()

    try:
        await asyncio.to_thread(ping)
    except redis.RedisError as error:
        return [failed("redis", f"cannot reach {_without_password(hot.url)}: {error}")]
    return [passed("redis", f"{_without_password(hot.url)} answers")]


async def check_public_url(patient: Patient) -> list[Finding]:
    web = patient.settings.web
    if not web.enabled:
        return []
    parts = urlsplit(web.public_url)
    local = (parts.hostname or "") in LOCAL_HOSTS
    if parts.query or parts.fragment:
        return [failed("public_url", f"{web.public_url}: remove the query or fragment")]
    if parts.scheme != "https" and not local:
        return [
            failed(
                "public_url",
                f"{web.public_url}: fans reach it over the internet, so use https:// (put a "
                "TLS proxy in front)",
            )
        ]
    redirect = f"{web.public_url.rstrip('/')}/auth/twitch/callback"
    return [
        passed(
            "public_url",
            f"{web.public_url}; the Twitch application's OAuth redirect URL must be {redirect}",
        )
    ]


async def check_parked(patient: Patient) -> list[Finding]:
    engine = patient.engine
    if engine is None:
        return []
    tx = ThreadedTransactions(lambda: SqlUnitOfWork(engine))
    try:
        report = await parked_report(tx, latest=1)
    finally:
        tx.close()
    total = sum(report.counts.values())
    if not total:
        return [passed("outbox", "no message parked as failed")]
    per_sink = ", ".join(f"{sink} {n}" for sink, n in sorted(report.counts.items()))
    latest = report.latest[0] if report.latest else None
    why = f"; latest: {latest.kind} to {latest.sink}, {latest.reason}" if latest else ""
    return [
        failed(
            "outbox",
            f"{total} message(s) parked as failed ({per_sink}){why}: fix the cause (see the "
            "log and /healthz); parked messages are not sent again",
        )
    ]


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()
