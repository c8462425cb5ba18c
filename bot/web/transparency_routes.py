"""The transparency page of a drop, and its transcript as a download.

Before the draw the page shows what is already public (the commitment, counts per tier); after
it, the revealed seed, the entry-list hash, the winners and rerolls, and how to re-derive the
draw with `fairdrop verify-draw`. Winner names are the display names they entered with, or
masked when `[web] mask_winners` is set; every name is escaped by the templates.

Both are built once per version of the drop's record and served from `PublicPages`, with an
ETag (a browser that has the current answer gets 304) and, once the drop is settled or
cancelled, a long `Cache-Control` lifetime; a drop still moving is revalidated on every view.
"""

from __future__ import annotations

from aiohttp import web

from bot.drops.errors import UnknownDrop
from bot.drops.model import Drop, DropState
from bot.drops.public_record import PublicRecord, Winner
from bot.drops.transcript import RerollRecord
from bot.kernel.errors import DropError
from bot.web.ids import parse_id
from bot.web.pages import Html, error_page, join, render, tag
from bot.web.public_cache import Built, PublicPages

NOT_YET = "revealed after the draw"
GUARANTEED_FIXED_AT_OPEN = "fixed when the drop opens"
GUARANTEED_NOT_COMMITTED = "not committed (the drop opened before guaranteed units were)"
PUBLIC_PAGES = web.AppKey("public_pages", PublicPages)
# The single-file verifier (docs/draw-spec.md), linked from every transparency page.
VERIFIER_LINK = tag("a", "verify_draw.py", href="/static/verify_draw.py", download="verify_draw.py")
# A settled or cancelled drop's record does not change: proxies and browsers may keep it a day
# (should an operator change it anyway, the ETag moves and the next revalidation sees it).
SETTLED_CACHE = "public, max-age=86400"
MOVING_CACHE = "no-cache"  # kept, but revalidated on every view: a 304 while nothing changed
ANY = "*"  # If-None-Match: * (RFC 9110): any current answer
LIVE_STATES = frozenset(
    {DropState.SCHEDULED, DropState.EARLY, DropState.PUBLIC, DropState.CLOSED}
)  # the page follows the live feed until the draw


def mask(name: str) -> str:
    """`a***z`: enough for a winner to recognise themselves, not enough to find them."""
    if len(name) <= 2:
        return "*" * len(name) or "*"
    return f"{name[0]}***{name[-1]}"


def winner_name(winner: Winner, masked: bool) -> str:
    """A winner as every public page shows them: the display name they entered with, or
    masked (`[web] mask_winners`)."""
    return mask(winner.display_name) if masked else winner.display_name


def table(headers: list[str], rows: list[list[object]], empty: str) -> Html:
    """An HTML table of `rows` (every cell escaped), or `empty` in words when there are none."""
    if not rows:
        return tag("p", empty, class_="muted")
    head = tag("tr", join((tag("th", h) for h in headers), ""))
    body = join(tag("tr", join((tag("td", cell) for cell in row), "")) for row in rows)
    return tag("table", Html(f"<thead>{head}</thead><tbody>{body}</tbody>"))


def drop_id_of(request: web.Request) -> int | None:
    return parse_id(request.match_info["drop_id"])


async def transparency_page(request: web.Request) -> web.StreamResponse:
    drop_id = drop_id_of(request)
    if drop_id is None:
        return error_page(404, "No such drop", "Drop pages are at /drops/<number>.")
    try:
        built = await request.app[PUBLIC_PAGES].page(drop_id)
    except UnknownDrop:
        return error_page(404, "No such drop", f"There is no drop #{drop_id}.")
    return _answer(request, built, "text/html")


def page_bytes(record: PublicRecord, masked: bool) -> bytes:
    """The whole transparency page of `record`, encoded (what `PublicPages` keeps)."""
    title = f"Drop: {record.drop.spec.title}"
    return render("layout.html", title=title, body=_body(record, masked)).encode()


def _answer(request: web.Request, built: Built, content_type: str) -> web.Response:
    """`built` (gzipped for a client that takes gzip), or 304 Not Modified when the client
    already has it."""
    zipped = bool(built.gzipped) and takes_gzip(request.headers.get("Accept-Encoding", ""))
    etag = f"{built.etag}-gz" if zipped else built.etag
    wanted = request.if_none_match or ()
    if any(tag.value in (etag, ANY) for tag in wanted):
        response = web.Response(status=304)
    else:
        body = built.gzipped if zipped else built.body
        response = web.Response(body=body, content_type=content_type, charset="utf-8")
        if zipped:
            response.headers["Content-Encoding"] = "gzip"
    response.etag = etag
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = SETTLED_CACHE if built.final else MOVING_CACHE
    return response


def takes_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header accepts gzip (named, or `*`, without `q=0`)."""
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        q = params.strip().lower().removeprefix("q=").strip() if "q=" in params.lower() else "1"
        try:
            return float(q) > 0
        except ValueError:
            return False
    return False


def _body(record: PublicRecord, masked: bool) -> Html:
    drop = record.drop
    tiers = table(
        ["tier", "entrants"],
        [[name, f"{count:,}"] for name, count in record.entrants_by_tier],
        "No entries yet.",
    )
    if record.excluded:
        tiers = join([tiers, tag("p", f"{record.excluded:,} left out by the re-check at close.")])
    winners = table(
        ["#", "winner", "pseudonym", "via", "status"],
        [
            [
                w.serial,
                winner_name(w, masked),
                w.holder,
                w.via,
                w.status.value,
            ]
            for w in record.winners
        ],
        "No winners yet.",
    )
    rerolls = table(
        ["#", "from", "to", "at", "why"],
        [
            [r["serial"], r["from_entrant"], r["to_entrant"] or "nobody left", r["at"], _why(r)]
            for r in record.rerolls
        ],
        "None.",
    )
    changes = table(
        ["at", "by", "what"],
        [[c.at.isoformat(timespec="seconds"), c.by, c.what] for c in drop.changes],
        "No change since it was created.",
    )
    if record.drawn or record.arrivals_public:
        filename = f"drop-{drop.id}-transcript.json"
        verify = render(
            "verify.html", transcript_url=f"/drops/{drop.id}/transcript.json", filename=filename
        )
    else:
        first_come = drop.spec.mode.value == "fcfs"
        verify = join(
            [
                tag(
                    "p",
                    "A first-come drop: units go in the order claims arrive, no draw; its "
                    "arrivals are published here at close."
                    if first_come
                    else "The transcript is published here once the drop is drawn.",
                ),
                tag("p", join(["Check it then with ", VERIFIER_LINK, ", or on this page."], "")),
            ]
        )
    return render(
        "transparency.html",
        title=drop.spec.title,
        drop_id=drop.id,
        mode=drop.spec.mode.value,
        supply=drop.spec.supply,
        state=drop.state.value,
        commitment=drop.commitment,
        guaranteed_digest=_guaranteed_digest(drop),
        seed=drop.seed_hex if record.drawn else NOT_YET,
        entry_hash=drop.entry_hash or "fixed at close",
        beacon=beacon_text(drop),
        drawn_at=drop.drawn_at.isoformat(timespec="seconds") if drop.drawn_at else "not yet",
        entrants=f"{sum(count for _, count in record.entrants_by_tier):,}",
        live=live_part(drop),
        tiers=tiers,
        winners=winners,
        rerolls=rerolls,
        changes=changes,
        verify=verify,
    )


def live_part(drop: Drop) -> Html:
    """While the drop moves, the small script that follows its live feed (the state and the
    entrant count change without a reload); nothing once it is drawn, settled or cancelled.
    Without scripts the page stays as it was served."""
    if drop.state not in LIVE_STATES:
        return Html("")
    return render("live.html", feed=f"/drops/{drop.id}/events")


def _why(reroll: RerollRecord) -> str:
    # A disqualification names the moderator who answers for it.
    return f"{reroll['reason']} (by {reroll['by']})" if "by" in reroll else reroll["reason"]


def beacon_text(drop: Drop) -> str:
    """The transparency page's line on public randomness: the committed drand round and what
    the draw did with it, or plainly that the operator could have influenced the result."""
    committed = drop.committed_round
    if drop.draw_version < 2:
        return drop.beacon or "none"
    if committed is None:
        return (
            "None: this drop drew without public randomness (it opted out), so the operator "
            "could have influenced the result."
        )
    line = (
        f"drand quicknet round {committed.round}, published at "
        f"{committed.at.isoformat(timespec='seconds')}, after the close"
    )
    if drop.drawn_at is None:
        return line + "; the draw mixes in its randomness once it is out."
    if drop.beacon:
        return f"{line}; signature verified, randomness {drop.beacon}."
    return f"{line}; {drop.beacon_outcome}."


async def transcript_download(request: web.Request) -> web.StreamResponse:
    drop_id = drop_id_of(request)
    if drop_id is None:
        raise web.HTTPNotFound(text="no such drop")
    try:
        built = await request.app[PUBLIC_PAGES].transcript(drop_id)
    except UnknownDrop:
        raise web.HTTPNotFound(text=f"no drop #{drop_id}") from None
    except DropError as error:
        raise web.HTTPNotFound(text=str(error)) from None
    response = _answer(request, built, "application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="drop-{drop_id}-transcript.json"'
    )
    return response


def _guaranteed_digest(drop: Drop) -> str:
    if drop.guaranteed_digest:
        return drop.guaranteed_digest
    return GUARANTEED_FIXED_AT_OPEN if drop.opened_at is None else GUARANTEED_NOT_COMMITTED
