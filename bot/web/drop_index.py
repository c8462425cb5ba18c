"""`/drops`: the public index of drops, newest first, page by page (`?page=2`).

It shows what each drop's announcement already said (community, title, state, mode, supply,
when it opened) and links to its transparency page; never an entrant. It is read on the read
path (`DropBook.index`), like the transparency pages, so a crowd on it never holds up claims.
A page parameter that is not a plain page number gets 400 and one line saying what is wanted.
"""

from __future__ import annotations

from aiohttp import web

from bot.drops.book import BadPage, IndexPage, index_page
from bot.drops.model import Drop
from bot.web.keys import SERVICE
from bot.web.pages import Html, error_page, join, page, tag

ALLOWED = frozenset({"page"})


async def drop_index(request: web.Request) -> web.StreamResponse:
    query = request.rel_url.query
    unknown = set(query) - ALLOWED
    if unknown or len(query.getall("page", [])) > 1:
        return error_page(400, "Bad request", "The drop index takes one parameter: ?page=N.")
    try:
        number = index_page(query.get("page"))
    except BadPage as error:
        return error_page(400, "Bad request", f"{error}.")
    listed = await request.app[SERVICE].book.index(number)
    if not listed.drops and number > 1:
        return error_page(404, "No such page", f"There are fewer than {number} pages of drops.")
    return page("Drops", _body(listed))


def _row(drop: Drop) -> Html:
    opened = drop.opened_at or drop.scheduled_for
    cells = [
        tag("a", drop.spec.title, href=f"/drops/{drop.id}"),
        drop.spec.channel,
        drop.state.value,
        drop.spec.mode.value,
        drop.spec.supply,
        opened.strftime("%Y-%m-%d %H:%M UTC") if opened else "not yet",
    ]
    return tag("tr", join((tag("td", cell) for cell in cells), ""))


def _body(listed: IndexPage) -> Html:
    if not listed.drops:
        return join([tag("h1", "Drops"), tag("p", "No drops yet.", class_="muted")])
    headers = ["drop", "community", "state", "mode", "supply", "opened"]
    head = tag("tr", join((tag("th", h) for h in headers), ""))
    body = join(_row(d) for d in listed.drops)
    pager = []
    if listed.page > 1:
        pager.append(tag("a", "newer", href=f"/drops?page={listed.page - 1}", rel="prev"))
    if listed.has_next:
        pager.append(tag("a", "older", href=f"/drops?page={listed.page + 1}", rel="next"))
    return join(
        [
            tag("h1", "Drops"),
            tag("table", Html(f"<thead>{head}</thead><tbody>{body}</tbody>")),
            tag("p", join(pager, " · "), class_="pager"),
        ]
    )
