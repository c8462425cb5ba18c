"""`fairdrop report`: a drop's conversion summary (or with --series, a season's report) in the
terminal, as JSON and as a chart.

The figures are the ones the bot posts 24 h and 72 h after a drop closes: `--after 24h` counts
only what happened up to then, so the report reproduces the posted summary whenever it runs.
It only reads: nothing in the database changes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from bot.bootstrap import Runtime, open_runtime
from bot.cli.shared import (
    CommandRefused,
    Context,
    pass_context,
    require_database,
    write,
    write_json,
)
from bot.config import Settings
from bot.drops.errors import UnknownDrop
from bot.drops.figures import ConversionSummary
from bot.drops.keyring import Keyring
from bot.drops.season import SeasonReport
from bot.kernel.durations import parse_duration
from bot.kernel.errors import DropError
from bot.kernel.transactions import read_only
from bot.loop import run_on_loop
from bot.reports.season_text import season_text
from bot.reports.terminal import summary_text

DEFAULT_CHANNEL = "default"


@click.command("report")
@click.argument("drop", required=False)
@click.option(
    "--series",
    metavar="NAME",
    help="Report the season of series NAME (every closed episode) instead of one drop.",
)
@click.option(
    "--channel",
    help=f"The channel DROP runs in, when DROP is a name rather than an id (default: "
    f"{DEFAULT_CHANNEL}); with --series, the community whose season (default: the one running it).",
)
@click.option(
    "--after",
    metavar="DURATION",
    help="Count up to this long after the close, as the posted summaries do (24h, 72h). "
    "Default: up to now.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the figures as JSON to this file.",
)
@click.option(
    "--chart",
    "chart_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the conversion funnel (for a season: per episode, and the retention "
    "curve) as a PNG image to this file.",
)
@pass_context
def report(
    obj: Context,
    drop: str | None,
    series: str | None,
    channel: str | None,
    after: str | None,
    json_path: Path | None,
    chart_path: Path | None,
) -> None:
    """Print the conversion summary of DROP (its id, or its name in --channel), or the season
    report of --series NAME."""
    if (drop is None) == (series is None):
        raise CommandRefused("name a DROP or a --series, one of the two")
    if series is not None:
        if after is not None:
            raise CommandRefused("--after is for one drop; a season counts up to now")
        season_report(obj, series, channel, json_path, chart_path)
        return
    assert drop is not None
    try:
        after_close = parse_duration(after) if after is not None else None
    except DropError as error:
        raise CommandRefused(f"--after: {error}") from None
    summary = run_on_loop(_summary(obj, drop, channel or DEFAULT_CHANNEL, after_close))
    click.echo(summary_text(summary))
    write_json(json_path, summary.to_payload())
    if chart_path is not None:
        from bot.reports.chart import funnel_png  # matplotlib loads only when a chart is asked

        write(chart_path, funnel_png(summary))


async def _summary(
    obj: Context, drop: str, channel: str, after: timedelta | None
) -> ConversionSummary:
    async with _reading(obj.settings) as runtime:
        service = runtime.service
        if drop.isdigit():
            found = await service.get(int(drop))
        else:
            try:
                found = await service.find(channel, drop)
            except UnknownDrop:
                raise UnknownDrop(f"no drop named {drop!r} in channel {channel!r}") from None
        return await service.summary(found.id, after)


def season_report(
    obj: Context,
    series: str,
    channel: str | None,
    json_path: Path | None,
    chart_path: Path | None,
) -> None:
    """Print the season of `series` (in `channel`, or the one community running it)."""
    report = run_on_loop(_season(obj.settings, series, channel))
    click.echo(season_text(report))
    write_json(json_path, report.to_payload())
    if chart_path is not None:
        from bot.reports.season_chart import season_png  # matplotlib loads only when asked

        write(chart_path, season_png(report))


async def _season(settings: Settings, series: str, channel: str | None) -> SeasonReport:
    async with _reading(settings) as runtime:
        service = runtime.service
        return await service.tx.run(
            read_only(settings.season_reads(series, channel, service.clock.now()))
        )


@asynccontextmanager
async def _reading(settings: Settings) -> AsyncIterator[Runtime]:
    """The runtime a report reads through."""
    require_database(settings)
    # The report signs nothing, so it needs no signing key: a throwaway one stands in.
    async with open_runtime(settings, Keyring.new(datetime.now(UTC))) as runtime:
        yield runtime
