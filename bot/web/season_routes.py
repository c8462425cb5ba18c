"""The public page of a season: `/series/{name}` (`?channel=` when the name runs in several
communities).

The same privacy rules as a drop's transparency page: counts and rates only, never a name or a
pseudonym, and no order values (those are the streamer's business with their partners). It is
read on the read path (its own read-only transactions), never in the claims' line. A name that
is no series answers 404, a malformed query 400: never an error page.
"""

from __future__ import annotations

import re

from aiohttp import web

from bot.drops.lift import CAVEAT, LIFT_HOURS
from bot.drops.lift import KINDS as LIFT_KINDS
from bot.drops.season import RETENTION_DAYS, SeasonReport, SeveralCommunities, UnknownSeries
from bot.kernel.transactions import read_only
from bot.reports.numbers import when
from bot.reports.season_text import expected, rate, reading
from bot.web.keys import SERVICE, SETTINGS
from bot.web.pages import Html, error_page, join, page, render, tag
from bot.web.transparency_routes import table

# A series or community name as a streamer types it: no control characters, not too long.
_NAME = re.compile(r"[^\x00-\x1f\x7f/]{1,64}")
NO_SEASON = "No such season"


async def season_page(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    channel = request.query.get("channel")
    if not _NAME.fullmatch(name):
        return error_page(404, NO_SEASON, "Season pages are at /series/<series name>.")
    if channel is not None and not _NAME.fullmatch(channel):
        return error_page(400, "Not a community", "?channel= takes a community's name.")
    settings, service = request.app[SETTINGS], request.app[SERVICE]
    read = settings.season_reads(name, channel, service.clock.now())
    try:
        report = await service.public.reads.run(read_only(read))
    except SeveralCommunities as error:
        return error_page(400, "Name the community", f"{error} with ?channel=<name>.")
    except UnknownSeries as error:
        return error_page(404, NO_SEASON, str(error))
    return page(f"Season {report.series}", season_body(report))


def lift_section(r: SeasonReport) -> Html:
    """Subscriber lift, when it is on: counts per episode beside their baseline, and the caveat."""
    if r.lift is None:
        return Html("")
    lifts = table(
        ["episode", "closed", *(f"{kind} (baseline)" for kind in LIFT_KINDS)],
        [[e.drop, when(e.closed_at)[:10], *(expected(x) for x in e.lifts)] for e in r.lift],
        "",
    )
    title = f"Lift: the {LIFT_HOURS} h after each close"
    return tag(
        "section",
        join([tag("h2", title), lifts, tag("p", f"{CAVEAT}.", class_="muted")]),
        class_="card",
    )


def season_body(r: SeasonReport) -> Html:
    """The page's sections: aggregates only."""
    rows: list[list[object]] = [
        ["repeat rate (entered the previous episode too)", rate(r.repeat_rate)]
    ]
    rows += [
        [f"entered again within {d} days", rate(k)]
        for d, k in zip(RETENTION_DAYS, r.retention, strict=True)
    ]
    rows += [
        ["distinct winners", f"{r.distinct_winners:,}"],
        ["repeat winners", f"{r.repeat_winners:,}"],
    ]
    figures = table(["figure", "value"], rows, "")
    episodes = table(
        ["episode", "closed", "variant", "entrants", "new", "returning", "pass holders",
         "winners", "converted by 24 h", "by 72 h", *(f"back in {d} d" for d in RETENTION_DAYS)],
        [
            [e.title or e.drop, when(e.closed_at)[:10], e.variant or "-", f"{e.entrants:,}",
             f"{e.new:,}", f"{e.returning:,}", f"{e.pass_holders:,}", f"{e.winners:,}",
             *(rate(c) for c in e.conversion), *(rate(k) for k in e.retention)]
            for e in r.episodes
        ],
        "No episode has closed yet.",
    )  # fmt: skip
    fairness = table(
        ["tier", "share of entries", "share of winners"],
        [[t.tier, f"{t.entry_share:.1%}", f"{t.winner_share:.1%}"] for t in r.fairness],
        "No entries yet.",
    )
    experiments = table(
        ["figure", "variant", "rate", "variant", "rate", "reading"],
        [
            [c.figure, c.baseline.variant, rate(c.baseline.ratio), c.other.variant,
             rate(c.other.ratio), reading(c)]
            for c in r.experiments
        ],
        "No supply experiment in this season.",
    )  # fmt: skip
    return render(
        "season.html",
        lift=lift_section(r),
        series=r.series,
        episodes=len(r.episodes),
        channel=r.channel,
        time_zone=r.time_zone,
        as_of=when(r.computed_at),
        figures=figures,
        table=episodes,
        fairness=fairness,
        experiments=experiments,
    )
