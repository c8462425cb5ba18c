"""`/drops`: the public index of drops, newest first, page by page (`?page=2`).

It shows what each drop's announcement already said (community, title, state, mode, supply,
when it opened) and links to its transparency page; never an entrant. It is read on the read
path (`DropBook.index`), like the transparency pages, so a crowd on it never holds up claims.
A page parameter that is not a plain page number gets 400 and one line saying what is wanted.
"""

from __future__ import annotations

from aiohttp import web

from bot.drops.book import MAX_INDEX_PAGE, BadPage, IndexPage, index_page
from bot.drops.model import Drop
from bot.web.keys import SERVICE
from bot.web.pages import Html, error_page, join, page, tag
from bot.web.speech import moment, number, page_language, say

ALLOWED = frozenset({"page"})


async def drop_index(request: web.Request) -> web.StreamResponse:
    language = page_language(request)
    query = request.rel_url.query
    unknown = set(query) - ALLOWED
    if unknown or len(query.getall("page", [])) > 1:
        return error_page(language, 400, "web-error-bad-request", "web-error-index-parameter")
    try:
        number = index_page(query.get("page"))
    except BadPage:
        return error_page(
            language, 400, "web-error-bad-request", "web-error-page-number", count=MAX_INDEX_PAGE
        )
    listed = await request.app[SERVICE].book.index(number)
    if not listed.drops and number > 1:
        return error_page(
            language, 404, "web-error-no-such-page", "web-error-fewer-pages", count=number
        )
    return page(language, say(language, "web-drops-title"), _body(listed, language))


def _row(drop: Drop, language: str) -> Html:
    opened = drop.opened_at or drop.scheduled_for
    cells = [
        tag("a", drop.spec.title, href=f"/drops/{drop.id}"),
        drop.spec.channel,
        drop.state.value,
        drop.spec.mode.value,
        number(drop.spec.supply, language),
        moment(opened, language) if opened else say(language, "web-drops-not-yet"),
    ]
    return tag("tr", join((tag("td", cell) for cell in cells), ""))


HEADERS = ("drop", "community", "state", "mode", "supply", "opened")


def _body(listed: IndexPage, language: str) -> Html:
    heading = tag("h1", say(language, "web-drops-title"))
    if not listed.drops:
        return join([heading, tag("p", say(language, "web-drops-none"), class_="muted")])
    headers = (say(language, f"web-drops-header-{h}") for h in HEADERS)
    head = tag("tr", join((tag("th", h) for h in headers), ""))
    body = join(_row(d, language) for d in listed.drops)
    pager = []
    if listed.page > 1:
        newer = say(language, "web-drops-newer")
        pager.append(tag("a", newer, href=f"/drops?page={listed.page - 1}", rel="prev"))
    if listed.has_next:
        older = say(language, "web-drops-older")
        pager.append(tag("a", older, href=f"/drops?page={listed.page + 1}", rel="next"))
    return join(
        [
            heading,
            tag("table", Html(f"<thead>{head}</thead><tbody>{body}</tbody>")),
            tag("p", join(pager, " · "), class_="pager"),
        ]
    )
