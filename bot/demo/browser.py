"""The demo's HTTP visitors to fairdrop's web app: a fan on the claim page, a partner's till,
anyone reading the transparency page. Real HTTP to the app `run` serves; the Twitch login goes
through the fake Twitch's OAuth pages (state and PKCE checked on both sides).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit

import aiohttp

from bot.bootstrap import build_engine, build_partners
from bot.config import Settings
from bot.demo.world import PARTNER, DemoError, Stage
from bot.drops.partners import PartnerScope

_CODE = re.compile(r'<span class="code">([0-9A-Z*~$=-]+)</span>')


def _browser() -> aiohttp.ClientSession:
    # The app runs on 127.0.0.1, and aiohttp keeps no cookies for bare addresses unless told.
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def code_from_claim_page(stage: Stage, drop_id: int, login: str) -> str | None:
    """A Twitch winner opens the claim link, logs in with Twitch and reads their short code;
    None when the page shows no code (not a winner)."""
    async with _browser() as browser:
        web = stage.web_url
        async with browser.get(
            f"{web}/auth/twitch/login?drop={drop_id}", allow_redirects=False
        ) as r:
            if r.status != 303:
                raise DemoError(f"the claim page's login answered {r.status}, not a redirect")
            authorize = r.headers["Location"]
        # The fan types their login on Twitch's page and presses Authorize; Twitch sends the
        # browser back to the callback, which sends it on to the claim page.
        page = urlsplit(authorize)
        form = dict(parse_qsl(page.query)) | {"login": login}
        target = f"{page.scheme}://{page.netloc}{page.path}"
        async with browser.post(target, data=form) as r:
            html = await r.text()
            if r.status != 200 or not r.url.path.startswith("/claim/"):
                raise DemoError(f"Twitch login for the claim page ended at {r.url} ({r.status})")
    found = _CODE.search(html)
    return found[1] if found else None


@dataclass(frozen=True, slots=True)
class Redemption:
    code: str
    order_cents: int | None
    status: int
    answer: str  # the API's status or error code


def partner_key(settings: Settings, drop_id: int, at: datetime) -> str:
    """A key for the merch partner covering this drop, made as `fairdrop partners create` makes
    it (blocking: run it in a thread)."""
    engine = build_engine(settings)
    try:
        _, key = build_partners(engine).create(PARTNER, PartnerScope(frozenset({drop_id})), at)
    finally:
        engine.dispose()
    return key


async def redeem(
    stage: Stage, key: str, code: str, order_cents: int | None, *, order: str
) -> Redemption:
    """The partner's till redeems a code through the API, with the order value when known."""
    body: dict[str, object] = {"code": code}
    if order_cents is not None:
        body["order_value_cents"] = order_cents
    # One idempotency key per order: a till that retries after a timeout never redeems twice.
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": order}
    async with (
        aiohttp.ClientSession() as till,
        till.post(f"{stage.web_url}/api/v1/codes/redeem", json=body, headers=headers) as r,
    ):
        answer = await r.json()
    said = answer.get("status") or answer.get("error", {}).get("code", "?")
    return Redemption(code, order_cents, r.status, str(said))


async def fetch(stage: Stage, path: str) -> bytes:
    """A public page of the web app (the transparency page, its transcript)."""
    async with aiohttp.ClientSession() as reader, reader.get(f"{stage.web_url}{path}") as r:
        if r.status != 200:
            raise DemoError(f"GET {path} answered {r.status}")
        return await r.read()
