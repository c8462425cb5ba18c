"""The transparency page of a drop, and its transcript as a download.

Before the draw the page shows what is already public (the commitment, counts per tier); after
it, the revealed seed, the entry-list hash, the winners and rerolls, and how to re-derive the
draw with `fairdrop verify-draw`. Winner names are the display names they entered with, or
masked when `[web] mask_winners` is set; every name is escaped by the templates.
"""

from __future__ import annotations

from aiohttp import web

from bot.drops.errors import DropError, UnknownDrop
from bot.drops.public_record import PublicRecord
from bot.web.ids import parse_id
from bot.web.keys import SERVICE, SETTINGS
from bot.web.pages import Html, error_page, join, page, render, tag

NOT_YET = "revealed after the draw"


def mask(name: str) -> str:
    """`a***z`: enough for a winner to recognise themselves, not enough to find them."""
    if len(name) <= 2:
        return "*" * len(name) or "*"
    return f"{name[0]}***{name[-1]}"


def _table(headers: list[str], rows: list[list[object]], empty: str) -> Html:
    if not rows:
        return tag("p", empty, class_="muted")
    head = tag("tr", join((tag("th", h) for h in headers), ""))
    body = join(tag("tr", join((tag("td", cell) for cell in row), "")) for row in rows)
    return tag("table", Html(f"<thead>{head}</thead><tbody>{body}</tbody>"))


def drop_id_of(request: web.Request) -> int | None:
    return parse_id(request.match_info["drop_id"])


async def transparency_page(request: web.Request) -> web.Response:
    drop_id = drop_id_of(request)
    if drop_id is None:
        return error_page(404, "No such drop", "Drop pages are at /drops/<number>.")
    try:
        record = await request.app[SERVICE].public_record(drop_id)
    except UnknownDrop:
        return error_page(404, "No such drop", f"There is no drop #{drop_id}.")
    body = _body(record, request.app[SETTINGS].web.mask_winners)
    return page(f"Drop: {record.drop.spec.title}", body)


def _body(record: PublicRecord, masked: bool) -> Html:
    drop, transcript = record.drop, record.transcript
    tiers = _table(
        ["tier", "entrants"],
        [[name, f"{count:,}"] for name, count in record.entrants_by_tier],
        "No entries yet.",
    )
    if record.excluded:
        tiers = join([tiers, tag("p", f"{record.excluded:,} left out by the re-check at close.")])
    winners = _table(
        ["#", "winner", "pseudonym", "via", "status"],
        [
            [
                w.serial,
                mask(w.display_name) if masked else w.display_name,
                w.holder,
                w.via,
                w.status.value,
            ]
            for w in record.winners
        ],
        "No winners yet.",
    )
    rerolls = _table(
        ["#", "from", "to", "at", "why"],
        [
            [r["serial"], r["from_entrant"], r["to_entrant"] or "nobody left", r["at"], r["reason"]]
            for r in (transcript.rerolls if transcript else [])
        ],
        "None.",
    )
    if transcript is not None:
        filename = f"drop-{drop.id}-transcript.json"
        verify = render(
            "verify.html", transcript_url=f"/drops/{drop.id}/transcript.json", filename=filename
        )
    elif drop.spec.mode.value == "fcfs":
        verify = tag("p", "A first-come drop: units went in the order claims arrived; no draw.")
    else:
        verify = tag("p", "The transcript is published here once the drop is drawn.")
    return render(
        "transparency.html",
        title=drop.spec.title,
        drop_id=drop.id,
        mode=drop.spec.mode.value,
        supply=drop.spec.supply,
        state=drop.state.value,
        commitment=drop.commitment,
        seed=drop.seed_hex if transcript is not None else NOT_YET,
        entry_hash=drop.entry_hash or "fixed at close",
        beacon=drop.beacon or "none",
        drawn_at=drop.drawn_at.isoformat(timespec="seconds") if drop.drawn_at else "not yet",
        tiers=tiers,
        winners=winners,
        rerolls=rerolls,
        verify=verify,
    )


async def transcript_download(request: web.Request) -> web.Response:
    drop_id = drop_id_of(request)
    if drop_id is None:
        raise web.HTTPNotFound(text="no such drop")
    try:
        transcript = await request.app[SERVICE].transcript(drop_id)
    except UnknownDrop:
        raise web.HTTPNotFound(text=f"no drop #{drop_id}") from None
    except DropError as error:
        raise web.HTTPNotFound(text=str(error)) from None
    response = web.Response(
        text=transcript.to_json(), content_type="application/json", charset="utf-8"
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="drop-{drop_id}-transcript.json"'
    )
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
