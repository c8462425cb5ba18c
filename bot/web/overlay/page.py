"""The overlay page for an OBS browser source, for a community, a drop, or the preview.

The page is a fixed shell (`templates/overlay.html`) and one self-hosted script
(`static/overlay.js`) that follows the feed with EventSource and shows each state. What the
server puts in: the theme, as CSS variables in one `<style>` block allowed by its hash in this
answer's Content-Security-Policy (scripts only from this site, no inline script); and the data
the script needs, as a JSON block it reads but never runs: the feed's address, the words from
the catalog, and for the preview the sample events. Every address in it is relative, so the
page works behind a proxy that serves fairdrop under a path of `[web] public_url`. No drop's
data is in the page: all of it arrives through the feed.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping

from aiohttp import web

from bot.messages.catalog import LANGUAGE, current
from bot.overlay_theme import OverlayTheme
from bot.web.ids import parse_id
from bot.web.overlay import preview as sample
from bot.web.overlay.site import OVERLAY, OverlaySite, community_path, qr
from bot.web.overlay.words import page_words
from bot.web.pages import Html, error_page, render

REVEAL_MS = 2500  # between two winners' names, at most (many winners: faster, 20 s in all)
SHOWN_WINNERS = 5  # names on the panel at once; earlier ones make way and are counted


def theme_css(theme: OverlayTheme) -> str:
    """The theme as CSS variables (every value checked by `OverlayTheme`)."""
    return (
        f":root{{--text:{theme.text};--accent:{theme.accent};--panel:{theme.panel};"
        f"--font:{theme.css_font()};--scale:{theme.scale:g}}}"
    )


def csp(style: str) -> str:
    """The overlay's Content-Security-Policy: the script and stylesheet from this site, the
    feed from this site, and the one inline `style` block by its hash."""
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    return (
        f"default-src 'none'; script-src 'self'; style-src 'self' 'sha256-{digest}'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


def script_json(data: object) -> Html:
    """`data` as JSON that cannot end the `<script>` element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Html(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def overlay_page(
    site: OverlaySite,
    community: str,
    query: Mapping[str, str],
    *,
    root: str,
    feed: str | None,
    preview: list[dict[str, object]] | None = None,
) -> web.Response:
    """The page, themed for `community` and by `query`; `root` leads from the page's address
    back to the app's root, `feed` to the events (None: the preview plays `preview`)."""
    theme = site.settings.overlay_theme(community).with_query(query)
    style = theme_css(theme)
    # The community's language: its words, and how the page writes numbers and joins lists.
    language = current().language_of(community)
    data: dict[str, object] = {
        "feed": feed,
        "qr": f"{root}drops/{{id}}/qr.svg",
        "lang": language,
        "reveal_ms": REVEAL_MS,
        "shown_winners": SHOWN_WINNERS,
        **page_words(community, language),
    }
    if preview is not None:
        data["preview"] = preview
        data["loop_ms"] = int(sample.LOOP * 1000)
        code = base64.b64encode(qr(site.settings.web.public_url).encode()).decode()
        data["preview_qr"] = f"data:image/svg+xml;base64,{code}"
    body = render(
        "overlay.html", lang=language, root=root, theme=Html(style), data=script_json(data),
        position=theme.position,
    )  # fmt: skip
    response = web.Response(text=body, content_type="text/html", charset="utf-8")
    response.headers["Content-Security-Policy"] = csp(style)
    response.headers["Cache-Control"] = "no-cache"
    return response


def _unknown() -> web.Response:
    return error_page(LANGUAGE, 404, "web-error-no-such-overlay", "overlay-unknown")


async def community_overlay(request: web.Request) -> web.Response:
    """`/overlay/{community}`: the community's current drop, else its next, else nothing."""
    site = request.app[OVERLAY]
    community = site.community(request.match_info["community"])
    if community is None:
        return _unknown()
    # Relative to /overlay/<community>: the page's folder is /overlay/.
    feed = f"{community_path(community)}/events"
    return overlay_page(site, community, request.query, root="../", feed=feed)


async def drop_overlay(request: web.Request) -> web.Response:
    """`/overlay/drop/{id}`: one drop, whatever its community shows."""
    site = request.app[OVERLAY]
    drop_id = parse_id(request.match_info["drop_id"])
    community = None if drop_id is None else await site.community_of(drop_id)
    if drop_id is None or community is None:
        return _unknown()
    feed = f"../../drops/{drop_id}/events"
    return overlay_page(site, community, request.query, root="../../", feed=feed)


async def preview_overlay(request: web.Request) -> web.Response:
    """`/overlay/{community}/preview`: the sample drop in a loop, for placing the overlay."""
    site = request.app[OVERLAY]
    community = site.community(request.match_info["community"])
    if community is None:
        return _unknown()
    events = sample.preview_events(community, site.settings.web.public_url, site.now())
    return overlay_page(site, community, request.query, root="../../", feed=None, preview=events)


async def qr_code(request: web.Request) -> web.Response:
    """`/drops/{id}/qr.svg`: the drop's transparency address as a QR code."""
    site = request.app[OVERLAY]
    drop_id = parse_id(request.match_info["drop_id"])
    if drop_id is None or await site.community_of(drop_id) is None:
        raise web.HTTPNotFound()
    response = web.Response(text=site.qr_svg(drop_id), content_type="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"  # the address never changes
    return response


def add_overlay_routes(app: web.Application, site: OverlaySite) -> None:
    """The overlay pages and the QR codes, on the main app or the public listener's."""
    app[OVERLAY] = site
    r = app.router
    r.add_get("/overlay/drop/{drop_id}", drop_overlay)
    r.add_get("/overlay/{community}", community_overlay)
    r.add_get("/overlay/{community}/preview", preview_overlay)
    r.add_get("/drops/{drop_id}/qr.svg", qr_code)
