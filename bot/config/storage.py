"""Where fairdrop keeps things: `[database]`, `[hot_state]` and `[keys]`, and the environment
variables that override their URLs (passwords go there, never in the file)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal

from pydantic import Field

from bot.config.fields import Duration, Section

ENV_DATABASE_URL = "FAIRDROP_DATABASE_URL"
ENV_REDIS_URL = "FAIRDROP_REDIS_URL"


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
