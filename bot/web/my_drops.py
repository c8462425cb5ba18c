"""`/mydrops`: a logged-in Twitch viewer's receipts across their recent drops, winners or not
(issue 20 item 4), each linking to the drop's claim page. Private like the claim page: never
cached, and only ever the logged-in person's own entries."""

from __future__ import annotations

from aiohttp import web

from bot.web.claim import MINE, TWITCH_LOGIN, session_of
from bot.web.keys import SERVICE, SIGNER
from bot.web.pages import Html, error_page, join, page, render, tag
from bot.web.receipt_card import receipt_card
from bot.web.speech import page_language, say

PATH = "/mydrops"
RECENT = 10  # drops listed, newest first


async def my_drops(request: web.Request) -> web.Response:
    language = page_language(request)
    title = say(language, "web-mydrops-title")
    session = await session_of(request)
    if session is None:
        if not request.app[TWITCH_LOGIN].configured:
            return error_page(
                language, 503, "web-error-login-not-set-up", "web-error-login-not-set-up-detail"
            )
        body = render(
            "my_drops_login.html",
            title=title,
            login_url=f"/auth/twitch/login?drop={MINE}",
            explained=say(language, "web-mydrops-login"),
            log_in=say(language, "web-claim-login-button"),
        )
        return page(language, title, body, private=True)
    receipts = await request.app[SERVICE].receipts.of_account(f"twitch:{session['uid']}", RECENT)
    cards = [
        join(
            [
                tag("h2", tag("a", r.title, href=f"/claim/{r.drop_id}")),
                receipt_card(r, language, ""),
            ]
        )
        for r in receipts
    ] or [tag("p", say(language, "web-mydrops-none"), class_="card")]
    csrf = request.app[SIGNER].dump("logout", {"sid": session["sid"]}, session["exp"])
    login = Html(tag("strong", session["login"]))
    body = render(
        "my_drops.html",
        title=title,
        logged_in=say(language, "web-mydrops-logged-in", login=login),
        log_out=say(language, "web-claim-logout-button"),
        csrf=csrf,
        receipts=join(cards),
    )
    return page(language, title, body, private=True)
