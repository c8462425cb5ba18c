"""`[web]`: the web app's listeners, limits and the live feed, and the claim page's session
secrets from the environment."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from datetime import timedelta
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from bot.config.fields import ConfigError, Duration, Section

# The claim page's session secrets, newest first, comma-separated (see `session_secrets`).
ENV_SESSION_KEYS = "FAIRDROP_WEB_SESSION_KEYS"
MIN_SESSION_KEY = 32


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
