"""`/mydrops`: a logged-in Twitch viewer's receipts across their recent drops, winners or not
(issue 20 item 4), each linking to the drop's claim page. Private like the claim page: never
cached, and only ever the logged-in person's own entries."""

from __future__ import annotations

from aiohttp import web

from bot.web.claim import MINE, TWITCH_LOGIN, session_of
from bot.web.keys import SERVICE, SIGNER
from bot.web.pages import error_page, join, page, render, tag
from bot.web.receipt_card import receipt_card

PATH = "/mydrops"
RECENT = 10  # drops listed, newest first
TITLE = "Your recent drops"


async def my_drops(request: web.Request) -> web.Response:
    session = await session_of(request)
    if session is None:
        if not request.app[TWITCH_LOGIN].configured:
            return error_page(
                503, "Login is not set up", "This bot has no Twitch login configured yet."
            )
        body = render("my_drops_login.html", login_url=f"/auth/twitch/login?drop={MINE}")
        return page(TITLE, body, private=True)
    receipts = await request.app[SERVICE].receipts.of_account(f"twitch:{session['uid']}", RECENT)
    cards = [
        join(
            [
                tag("h2", tag("a", r.title, href=f"/claim/{r.drop_id}")),
                receipt_card(r),
            ]
        )
        for r in receipts
    ] or [tag("p", "You have not entered any recent drop.", class_="card")]
    csrf = request.app[SIGNER].dump("logout", {"sid": session["sid"]}, session["exp"])
    body = render("my_drops.html", login=session["login"], csrf=csrf, receipts=join(cards))
    return page(TITLE, body, private=True)
