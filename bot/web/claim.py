"""The claim page: a Twitch winner logs in with Twitch and sees their codes for the drop.

Viewing delivers the codes (the core marks the allocation claimed and the code delivered on
first view; later views show the same codes). The page is never cached (`no-store`), and the
login lives in a signed, HttpOnly, SameSite=Lax cookie that says who, never a Twitch token.
Logout is a POST carrying a token bound to the session, refused when the browser says it came
from another site, and it revokes the session on the server (see `sessions.py`).
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Any
from urllib.parse import urlsplit

import segno
from aiohttp import web

from bot.drops.entitlements import DeliveredCode
from bot.drops.errors import UnknownDrop
from bot.drops.model import Drop
from bot.drops.redemption import CodeStatus
from bot.drops.spec import NAME_RE
from bot.web.ids import parse_id
from bot.web.keys import HTTP, REVOCATIONS, SERVICE, SETTINGS, SIGNER
from bot.web.oauth import LoginFailed, Pkce, TwitchLogin
from bot.web.pages import Html, error_page, join, page, redirect, render, tag
from bot.web.receipt_card import receipt_card
from bot.web.security import clear_cookie, https, read_cookie, set_cookie

SESSION = "fd_session"
PENDING = "fd_login"
PENDING_SECONDS = 600
CALLBACK = "/auth/twitch/callback"
TWITCH_LOGIN = web.AppKey("twitch_login", TwitchLogin)
MINE = "mine"  # a login from /mydrops (every other login starts on a drop's claim page)


def _secure(request: web.Request) -> bool:
    return https(request.app[SETTINGS].web.public_url)


async def session_of(request: web.Request) -> dict[str, Any] | None:
    """The logged-in session, if the cookie is ours, current and not logged out."""
    value = read_cookie(request, SESSION, secure=_secure(request))
    session = request.app[SIGNER].load("session", value, time.time())
    if session is None or not isinstance(session.get("sid"), str):
        return None
    if await request.app[REVOCATIONS].revoked(session["sid"]):
        return None
    return session


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _redirect_uri(request: web.Request) -> str:
    return request.app[SETTINGS].web.public_url.rstrip("/") + CALLBACK


async def _drop(request: web.Request, ref: str) -> Drop | None:
    """A drop by id, or by name in the configured channels (the claim link may use either)."""
    service = request.app[SERVICE]
    try:
        if (drop_id := parse_id(ref)) is not None:
            return await service.get(drop_id)
        if not NAME_RE.fullmatch(ref):
            return None  # no drop can have this name (and PostgreSQL refuses NUL in text)
        found = []
        for channel in request.app[SETTINGS].twitch.channels:
            try:
                found.append(await service.find(channel.name, ref))
            except UnknownDrop:
                continue
        return max(found, key=lambda d: d.id, default=None)
    except UnknownDrop:
        return None


async def claim_page(request: web.Request) -> web.Response:
    drop = await _drop(request, request.match_info["ref"])
    if drop is None:
        return error_page(404, "No such drop", "Check the link from chat; it names the drop.")
    title = f"Your code: {drop.spec.title}"
    session = await session_of(request)
    if session is None:
        if not request.app[TWITCH_LOGIN].configured:
            return error_page(
                503, "Login is not set up", "This bot has no Twitch login configured yet."
            )
        body = render(
            "claim_login.html", title=title, login_url=f"/auth/twitch/login?drop={drop.id}"
        )
        return page(title, body, private=True)
    service = request.app[SERVICE]
    collected = await service.collect_for_account(drop.id, f"twitch:{session['uid']}")
    cards = [await _card(request, code, drop) for code in collected.codes]
    if collected.missed:
        serials = ", ".join(f"#{s}" for s in collected.missed)
        cards.append(
            tag("p", f"The claim window for {serials} ran out; the prize passed to the waitlist.",
                class_="card")
        )  # fmt: skip
    if not cards:
        cards.append(tag("p", "No code for you in this drop (yet).", class_="card"))
    # Everyone who entered sees their receipt here, winner or not: only their own.
    receipt = await service.receipts.in_drop(drop.id, f"twitch:{session['uid']}")
    if receipt is not None:
        cards.append(receipt_card(receipt))
    csrf = request.app[SIGNER].dump("logout", {"sid": session["sid"]}, session["exp"])
    body = render(
        "claim_codes.html", title=title, login=session["login"], drop_id=drop.id,
        codes=join(cards), csrf=csrf,
    )  # fmt: skip
    return page(title, body, private=True)


async def _card(request: web.Request, code: DeliveredCode, drop: Drop) -> Html:
    verdict = await request.app[SERVICE].check_code(code.token)
    if verdict.status is CodeStatus.VALID:
        status, status_class = "Ready to use", "status-valid"
    else:
        status, status_class = (
            f"{verdict.status.value.capitalize()}: {verdict.reason}",
            "status-other",
        )
    # The QR code is markup segno builds from the token (base64url and dots): nothing user-made.
    qr = Html(segno.make(code.token, error="m").svg_inline(scale=4, dark="#000", light="#fff"))
    url = drop.spec.redemption_url
    link = tag("p", tag("a", "Where to redeem", href=url)) if url.startswith("https://") else ""
    return render(
        "code.html",
        serial=code.serial,
        status=status,
        status_class=status_class,
        short_code=code.short_code,
        qr=qr,
        expires_at=code.expires_at.strftime("%Y-%m-%d %H:%M UTC"),
        holder=code.holder,
        token=code.token,
        redeem_link=link,
    )


async def login(request: web.Request) -> web.Response:
    twitch = request.app[TWITCH_LOGIN]
    drop = request.query.get("drop", "")
    if parse_id(drop) is None and drop != MINE:
        return error_page(400, "Bad login link", "Open the claim link from chat and log in there.")
    if not twitch.configured:
        return error_page(
            503, "Login is not set up", "This bot has no Twitch login configured yet."
        )
    state, pkce = secrets.token_urlsafe(32), Pkce.new()
    pending = request.app[SIGNER].dump(
        "login", {"state": state, "verifier": pkce.verifier, "drop": drop},
        time.time() + PENDING_SECONDS,
    )  # fmt: skip
    response = redirect(twitch.authorize_url(_redirect_uri(request), state, pkce))
    set_cookie(response, PENDING, pending, max_age=PENDING_SECONDS, secure=_secure(request))
    return response


async def callback(request: web.Request) -> web.Response:
    signer, secure = request.app[SIGNER], _secure(request)
    pending = signer.load("login", read_cookie(request, PENDING, secure=secure), time.time())
    if pending is None:
        return error_page(
            400, "Login expired", "Your login expired or began in another browser; open the "
            "claim link again and log in from there.",
        )  # fmt: skip
    if "error" in request.query:
        return error_page(400, "Login cancelled", "Twitch login was cancelled; nothing changed.")
    state, code = request.query.get("state", ""), request.query.get("code", "")
    if not code or not hmac.compare_digest(state.encode(), str(pending["state"]).encode()):
        return error_page(
            400, "Login refused", "The login answer did not match this browser's login; "
            "open the claim link again and log in from there.",
        )  # fmt: skip
    twitch = request.app[TWITCH_LOGIN]
    try:
        user = await twitch.identify(
            request.app[HTTP], code, str(pending["verifier"]), _redirect_uri(request)
        )
    except LoginFailed as error:
        return error_page(502, "Login failed", str(error))
    ttl = int(request.app[SETTINGS].web.session_ttl.total_seconds())
    session = signer.dump(
        "session",
        {"sid": secrets.token_urlsafe(16), "uid": user.user_id, "login": user.login},
        time.time() + ttl,
    )
    back = "/mydrops" if pending["drop"] == MINE else f"/claim/{pending['drop']}"
    response = redirect(back)
    set_cookie(response, SESSION, session, max_age=ttl, secure=secure)
    clear_cookie(response, PENDING, secure=secure)
    return response


async def logout(request: web.Request) -> web.Response:
    """End the session here and on the server; only from our own pages (token and origin)."""
    settings = request.app[SETTINGS].web
    site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if (site is not None and site not in ("same-origin", "none")) or (
        origin is not None and origin.lower() != _origin(settings.public_url)
    ):
        return error_page(403, "Not from this site", "Log out from the claim page itself.")
    try:
        form = await request.post()
    except ValueError:  # UnicodeDecodeError among them: a body that is no form of ours
        return error_page(400, "Bad logout", "Log out with the button on the claim page.")
    session = await session_of(request)
    if session is not None:
        token = request.app[SIGNER].load("logout", str(form.get("csrf", "")), time.time())
        if token is None or token.get("sid") != session["sid"]:
            return error_page(403, "Logout refused", "Log out from the claim page itself.")
        await request.app[REVOCATIONS].revoke(session["sid"], float(session["exp"]))
    drop = str(form.get("drop", ""))
    back = "/mydrops" if drop == MINE else f"/claim/{drop}" if parse_id(drop) is not None else "/"
    response = redirect(back)
    clear_cookie(response, SESSION, secure=_secure(request))
    return response
