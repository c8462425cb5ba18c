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

from bot.drops.lift import KINDS as LIFT_KINDS
from bot.drops.lift import LIFT_HOURS
from bot.drops.season import RETENTION_DAYS, SeasonReport, SeveralCommunities, UnknownSeries
from bot.kernel.transactions import read_only
from bot.messages.catalog import Verbatim
from bot.reports.numbers import when
from bot.reports.season_text import expected, rate, reading
from bot.web.keys import SERVICE, SETTINGS
from bot.web.pages import Html, error_page, join, page, render, tag
from bot.web.speech import page_language
from bot.web.transparency_routes import Words, table

# A series or community name as a streamer types it: no control characters, not too long.
_NAME = re.compile(r"[^\x00-\x1f\x7f/]{1,64}")


async def season_page(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    channel = request.query.get("channel")
    language = page_language(request, channel or "")
    if not _NAME.fullmatch(name):
        return error_page(language, 404, "web-error-no-such-season", "web-error-season-path")
    if channel is not None and not _NAME.fullmatch(channel):
        return error_page(language, 400, "web-error-not-a-community", "web-error-channel-name")
    settings, service = request.app[SETTINGS], request.app[SERVICE]
    read = settings.season_reads(name, channel, service.clock.now())
    try:
        report = await service.public.reads.run(read_only(read))
    except SeveralCommunities:
        return error_page(
            language, 400, "web-error-name-the-community", "web-error-several-communities",
            series=name,
        )  # fmt: skip
    except UnknownSeries:
        return error_page(
            language, 404, "web-error-no-such-season", "web-error-unknown-series", series=name
        )
    words = Words(page_language(request, report.channel), report.channel)
    return page(
        words.language, words("web-season-title", series=report.series), season_body(report, words)
    )


def lift_section(r: SeasonReport, say: Words) -> Html:
    """Subscriber lift, when it is on: counts per episode beside their baseline, and the caveat."""
    if r.lift is None:
        return Html("")
    headers = [*_headers(say, "episode", "closed"),
               *(say(f"web-season-header-lift-{kind}") for kind in LIFT_KINDS)]  # fmt: skip
    lifts = table(
        headers,
        [[e.drop, when(e.closed_at)[:10], *(expected(x) for x in e.lifts)] for e in r.lift],
        "",
    )
    title = say("web-season-lift-title", hours=LIFT_HOURS)
    caveat = say("web-season-lift-caveat")
    return tag(
        "section", join([tag("h2", title), lifts, tag("p", caveat, class_="muted")]), class_="card"
    )


def season_body(r: SeasonReport, say: Words) -> Html:
    """The page's sections: aggregates only."""
    rows: list[list[object]] = [[say("web-season-repeat-rate"), rate(r.repeat_rate)]]
    rows += [
        [say("web-season-back-within", count=d), rate(k)]
        for d, k in zip(RETENTION_DAYS, r.retention, strict=True)
    ]
    rows += [
        [say("web-season-distinct-winners"), say.number(r.distinct_winners)],
        [say("web-season-repeat-winners"), say.number(r.repeat_winners)],
    ]
    figures = table(_headers(say, "figure", "value"), rows, "")
    episodes = table(
        [*_headers(say, "episode", "closed", "variant", "entrants", "new", "returning",
                   "pass-holders", "winners", "converted-24h", "converted-72h"),
         *(say("web-season-header-back-in", count=d) for d in RETENTION_DAYS)],
        [
            [e.title or e.drop, when(e.closed_at)[:10], e.variant or "-",
             say.number(e.entrants), say.number(e.new), say.number(e.returning),
             say.number(e.pass_holders), say.number(e.winners),
             *(rate(c) for c in e.conversion), *(rate(k) for k in e.retention)]
            for e in r.episodes
        ],
        say("web-season-no-episodes"),
    )  # fmt: skip
    fairness = table(
        _headers(say, "tier", "entry-share", "winner-share"),
        [[t.tier, f"{t.entry_share:.1%}", f"{t.winner_share:.1%}"] for t in r.fairness],
        say("web-drop-no-entries"),
    )
    experiments = table(
        _headers(say, "figure", "variant", "rate", "variant", "rate", "reading"),
        [
            [c.figure, c.baseline.variant, rate(c.baseline.ratio), c.other.variant,
             rate(c.other.ratio), reading(c)]
            for c in r.experiments
        ],
        say("web-season-no-experiments"),
    )  # fmt: skip
    return render(
        "season.html",
        lift=lift_section(r, say),
        title=say("web-season-title", series=r.series),
        facts=say(
            "web-season-facts",
            count=len(r.episodes),
            community=r.channel,
            zone=r.time_zone,
            as_of=Verbatim(when(r.computed_at)),
        ),
        figures=figures,
        table=episodes,
        fairness=fairness,
        experiments=experiments,
        episodes_heading=say("web-season-episodes"),
        fairness_heading=say("web-season-fairness"),
        experiments_heading=say("web-season-experiments"),
    )


def _headers(say: Words, *names: str) -> list[object]:
    return [say(f"web-season-header-{name}") for name in names]
