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

import json

from aiohttp import web

from bot.drops.errors import UnknownDrop
from bot.drops.model import Drop, DropState
from bot.drops.public_record import PublicRecord, Winner
from bot.drops.transcript import RerollRecord
from bot.kernel.errors import DropError
from bot.messages.catalog import Value, Verbatim, current
from bot.messages.refusals import refusal_words
from bot.web.ids import parse_id
from bot.web.pages import Html, error_page, escape, join, layout, render, tag
from bot.web.public_cache import Built, PublicPages
from bot.web.speech import API_VOICE, asked_language, moment, number, page_language, say

PUBLIC_PAGES = web.AppKey("public_pages", PublicPages)
# The single-file verifier (docs/draw-spec.md), linked from every transparency page.
VERIFIER_LINK = Verbatim(
    tag("a", "verify_draw.py", href="/static/verify_draw.py", download="verify_draw.py")
)
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
    """A winner as every public page (and the overlay) shows them: the display name they
    entered with, or masked (`[web] mask_winners`). Never an account id: a winner known only by
    their account (a guaranteed member listed by id, whose name fairdrop never saw: stored with
    no name, or with the account as the name by releases before issue 19) is shown by the
    pseudonym the transcript lists them under."""
    name = winner.display_name
    if not name or name.startswith(f"{winner.platform}:"):
        return winner.holder
    return mask(name) if masked else name


def table(headers: list[object], rows: list[list[object]], empty: object) -> Html:
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
        language = page_language(request)
        return error_page(language, 404, "web-error-no-such-drop", "web-error-no-such-drop-path")
    try:
        # The browser's language, or "" for the drop's community's: built once per language.
        built = await request.app[PUBLIC_PAGES].page(drop_id, asked_language(request) or "")
    except UnknownDrop:
        return error_page(
            page_language(request), 404, "web-error-no-such-drop",
            "web-error-no-such-drop-number", id=drop_id,
        )  # fmt: skip
    return _answer(request, built, "text/html")


def page_bytes(record: PublicRecord, language: str, masked: bool) -> bytes:
    """The whole transparency page of `record` in `language` ("": its community's), encoded
    (what `PublicPages` keeps)."""
    community = record.drop.spec.channel
    words = Words(language or current().language_of(community), community)
    title = words("web-drop-title", title=record.drop.spec.title)
    return layout(words.language, title, _body(record, masked, words)).encode()


class Words:
    """The page's words: catalog messages in one language for one community."""

    def __init__(self, language: str, community: str) -> None:
        self.language, self.community = language, community

    def __call__(self, message_id: str, **values: Value) -> Html:
        return say(self.language, message_id, self.community, **values)

    def number(self, value: int) -> str:
        return number(value, self.language)


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
    # A page is said in the browser's language; a transcript is the same JSON for everyone.
    vary = "Accept-Encoding, Accept-Language" if content_type == "text/html" else "Accept-Encoding"
    response.headers["Vary"] = vary
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


def _body(record: PublicRecord, masked: bool, say: Words) -> Html:
    drop = record.drop
    entrants = sum(count for _, count in record.entrants_by_tier)

    def headers(*names: str) -> list[object]:
        return [say(f"web-drop-header-{name}") for name in names]

    tiers = table(
        headers("tier", "entrants"),
        [[name, say.number(count)] for name, count in record.entrants_by_tier],
        say("web-drop-no-entries"),
    )
    if record.excluded:
        left_out = say("web-drop-left-out", count=record.excluded)
        tiers = join([tiers, tag("p", left_out)])
    winners = table(
        headers("serial", "winner", "pseudonym", "via", "status"),
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
        say("web-drop-no-winners"),
    )
    rerolls = table(
        headers("serial", "from", "to", "at", "why"),
        [
            [
                r["serial"],
                r["from_entrant"],
                r["to_entrant"] or say("web-drop-nobody-left"),
                r["at"],
                _why(r, say),
            ]
            for r in record.rerolls
        ],
        say("web-drop-no-rerolls"),
    )
    changes = table(
        headers("at", "by", "what"),
        [[moment(c.at, say.language), c.by, c.what] for c in drop.changes],
        say("web-drop-no-changes"),
    )
    if record.drawn or record.arrivals_public:
        filename = f"drop-{drop.id}-transcript.json"
        verify = render(
            "verify.html",
            transcript_url=f"/drops/{drop.id}/transcript.json",
            filename=filename,
            how=say("web-drop-verify-how"),
            download=say("web-drop-download"),
            prints=say("web-drop-verify-prints"),
            with_fairdrop=say("web-drop-verify-with-fairdrop"),
            without_it=say("web-drop-verify-without-it", link=VERIFIER_LINK),
            in_browser=say("web-drop-verify-in-browser"),
            check_button=say("web-drop-verify-check-button"),
        )
    else:
        later = "web-drop-fcfs" if drop.spec.mode.value == "fcfs" else "web-drop-transcript-later"
        verify = join(
            [tag("p", say(later)), tag("p", say("web-drop-check-then", link=VERIFIER_LINK))]
        )
    return render(
        "transparency.html",
        title=drop.spec.title,
        facts=say(
            "web-drop-facts",
            id=Verbatim(str(drop.id)),
            mode=drop.spec.mode.value,
            supply=drop.spec.supply,
            phase=drop.state.value,
        ),
        commitment=drop.commitment,
        guaranteed_digest=_guaranteed_digest(drop, say),
        seed=drop.seed_hex if record.drawn else say("web-drop-seed-later"),
        entry_hash=drop.entry_hash or say("web-drop-entry-hash-later"),
        beacon=beacon_text(drop, say),
        drawn_at=moment(drop.drawn_at, say.language) if drop.drawn_at else say("web-drop-not-yet"),
        live_line=say(
            "web-drop-live-line",
            entrants=Verbatim(tag("strong", say.number(entrants), id="drop-entrants")),
            phase=Verbatim(
                tag("span", say("web-drop-phase", phase=drop.state.value), id="drop-state")
            ),
        ),
        live=live_part(drop, say),
        tiers=tiers,
        winners=winners,
        rerolls=rerolls,
        changes=changes,
        verify=verify,
        **{
            f"{part}_label": say(f"web-drop-{part.replace('_', '-')}")
            for part in ("commitment", "guaranteed", "seed", "entry_hash", "beacon", "drawn_at")
        },
        tiers_heading=say("web-drop-entrants-by-tier"),
        winners_heading=say("web-drop-winners"),
        rerolls_heading=say("web-drop-rerolls"),
        changes_heading=say("web-drop-changes"),
        verify_heading=say("web-drop-verify-yourself"),
    )


def live_part(drop: Drop, say: Words) -> Html:
    """While the drop moves, the small script that follows its live feed (the state and the
    entrant count change without a reload); nothing once it is drawn, settled or cancelled.
    Without scripts the page stays as it was served. The phases' words go with it: the script
    holds none."""
    if drop.state not in LIVE_STATES:
        return Html("")
    phases = {state.value: str(say("web-drop-phase", phase=state.value)) for state in DropState}
    return render(
        "live.html",
        feed=f"/drops/{drop.id}/events",
        phases=json.dumps(phases, ensure_ascii=False),
        reload=say("web-drop-reload-for-winners"),
    )


def _why(reroll: RerollRecord, say: Words) -> object:
    # A disqualification names the moderator who answers for it.
    if "by" in reroll:
        return say("web-drop-reroll-by", reason=reroll["reason"], actor=reroll["by"])
    return reroll["reason"]


def beacon_text(drop: Drop, say: Words) -> object:
    """The transparency page's line on public randomness: the committed drand round and what
    the draw did with it, or plainly that the operator could have influenced the result."""
    committed = drop.committed_round
    if drop.draw_version < 2:
        return drop.beacon or say("web-drop-beacon-none")
    if committed is None:
        return say("web-drop-beacon-opted-out")
    line = say(
        "web-drop-beacon-round",
        round=Verbatim(str(committed.round)),
        when=Verbatim(escape(moment(committed.at, say.language))),
    )
    if drop.drawn_at is None:
        return say("web-drop-beacon-waiting", line=line)
    if drop.beacon:
        return say("web-drop-beacon-verified", line=line, hash=Verbatim(escape(drop.beacon)))
    return say("web-drop-beacon-outcome", line=line, result=drop.beacon_outcome)


async def transcript_download(request: web.Request) -> web.StreamResponse:
    drop_id = drop_id_of(request)
    if drop_id is None:
        raise web.HTTPNotFound(text="no such drop")
    try:
        built = await request.app[PUBLIC_PAGES].transcript(drop_id)
    except DropError as refused:  # no such drop, or no transcript yet: in the reader's language
        said = refusal_words(API_VOICE, refused, language=page_language(request))
        raise web.HTTPNotFound(text=said) from None
    response = _answer(request, built, "application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="drop-{drop_id}-transcript.json"'
    )
    return response


def _guaranteed_digest(drop: Drop, say: Words) -> object:
    if drop.guaranteed_digest:
        return drop.guaranteed_digest
    if drop.opened_at is None:
        return say("web-drop-guaranteed-at-open")
    return say("web-drop-guaranteed-none")
