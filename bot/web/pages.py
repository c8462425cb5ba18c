"""HTML pages from templates: stdlib `string.Template`, every value escaped unless marked safe.

Templates live in `templates/` beside this module. A value is HTML-escaped when it is filled in,
whatever it is, unless it is `Html` (markup built here from escaped parts), so a display name or
title from chat cannot become markup. Pages carry no inline script or style: the CSP forbids both.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import cache
from importlib import resources
from string import Template

from aiohttp import web

from bot.web.markup import Html
from bot.web.speech import say

__all__ = ["Html", "error_page", "escape", "join", "layout", "page", "redirect", "render", "tag"]


def escape(value: object) -> Html:
    return value if isinstance(value, Html) else Html(html.escape(str(value), quote=True))


def tag(name: str, content: object = "", **attributes: object) -> Html:
    """`<name attr="...">content</name>`, attributes and content escaped (`class_` -> class)."""
    attrs = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{escape(value)}"'
        for key, value in attributes.items()
        if value is not None
    )
    return Html(f"<{name}{attrs}>{escape(content)}</{name}>")


def join(parts: Iterable[object], separator: str = "\n") -> Html:
    return Html(separator.join(escape(p) for p in parts))


@cache
def _template(name: str) -> Template:
    text = resources.files("bot.web").joinpath("templates", name).read_text(encoding="utf-8")
    return Template(text)


def render(name: str, **values: object) -> Html:
    """Fill template `name`; a missing value is a bug here, so it raises (KeyError)."""
    return Html(_template(name).substitute({k: escape(v) for k, v in values.items()}))


def page(
    language: str, title: object, body: Html, *, status: int = 200, private: bool = False
) -> web.Response:
    """A whole page in the layout, in `language`. `private` pages (codes, logins) are never
    stored by caches."""
    response = web.Response(
        text=layout(language, title, body),
        status=status,
        content_type="text/html",
        charset="utf-8",
    )
    response.headers["Cache-Control"] = "no-store" if private else "no-cache"
    response.headers["Content-Language"] = language
    response.headers["Vary"] = "Accept-Language"
    return response


def layout(language: str, title: object, body: Html) -> Html:
    """`body` in the page layout: its title, the language it is in and the footer."""
    footer = say(language, "web-footer", command=Html("<code>fairdrop verify-draw</code>"))
    return render(
        "layout.html",
        language=language,
        title=say(language, "web-page-title", title=Html(escape(title))),
        body=body,
        footer=footer,
    )


def error_page(
    language: str, status: int, heading_id: str, detail_id: str, /, **values: str | int
) -> web.Response:
    """A one-line explanation of what went wrong and what to do, in `language`: the heading
    and the line are catalog messages (`web-error-*`)."""
    heading = say(language, heading_id)
    body = render("message.html", heading=heading, message=say(language, detail_id, **values))
    return page(language, heading, body, status=status, private=True)


def redirect(location: str) -> web.Response:
    """303 See Other to `location` (a response to return, so cookies can be set on it)."""
    response = web.Response(status=303, headers={"Location": location})
    response.headers["Cache-Control"] = "no-store"
    return response
