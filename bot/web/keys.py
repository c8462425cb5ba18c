"""The typed keys under which the app keeps what its handlers share (aiohttp `web.AppKey`).

HEALTH and METRICS are defined beside their types and re-exported here.
"""

from __future__ import annotations

from aiohttp import ClientSession, web

from bot.config import Settings
from bot.drops.service import DropService
from bot.store.partners import PartnerStore
from bot.web.attempts import FailedAttempts
from bot.web.health import HEALTH
from bot.web.metrics import METRICS
from bot.web.security import CookieSigner
from bot.web.sessions import Revocations

SERVICE = web.AppKey("service", DropService)
PARTNERS = web.AppKey("partners", PartnerStore)
SETTINGS = web.AppKey("settings", Settings)
SIGNER = web.AppKey("signer", CookieSigner)
ATTEMPTS = web.AppKey("attempts", FailedAttempts)
REVOCATIONS = web.AppKey("revocations", Revocations)
TWITCH_SECRET = web.AppKey("twitch_secret", str)
# Opened and closed by the app's cleanup_ctx: one client session for every call to Twitch.
HTTP = web.AppKey("http", ClientSession)

__all__ = [
    "ATTEMPTS",
    "HEALTH",
    "HTTP",
    "METRICS",
    "PARTNERS",
    "REVOCATIONS",
    "SERVICE",
    "SETTINGS",
    "SIGNER",
    "TWITCH_SECRET",
]
