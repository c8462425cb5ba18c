"""`fairdrop report`: a drop's conversion summary in the terminal, as JSON and as a chart.

The figures are the ones the bot posts 24 h and 72 h after a drop closes: `--after 24h` counts
only what happened up to then, so the report reproduces the posted summary whenever it runs.
It only reads: nothing in the database changes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from bot.bootstrap import open_runtime
from bot.cli.shared import CommandRefused, Context, pass_context, require_database
from bot.drops.errors import UnknownDrop
from bot.drops.figures import ConversionSummary
from bot.drops.keyring import Keyring
from bot.kernel.durations import parse_duration
from bot.kernel.errors import DropError
from bot.loop import run_on_loop
from bot.reports.terminal import summary_text

DEFAULT_CHANNEL = "default"


@click.command("report")
@click.argument("drop")
@click.option(
    "--channel",
    default=DEFAULT_CHANNEL,
    show_default=True,
    help="The channel DROP runs in, when DROP is a name rather than an id.",
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
    help="Also write the summary's figures as JSON to this file.",
)
@click.option(
    "--chart",
    "chart_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the conversion funnel as a PNG image to this file.",
)
@pass_context
def report(
    obj: Context,
    drop: str,
    channel: str,
    after: str | None,
    json_path: Path | None,
    chart_path: Path | None,
) -> None:
    """Print the conversion summary of DROP (its id, or its name in --channel)."""
    try:
        after_close = parse_duration(after) if after is not None else None
    except DropError as error:
        raise CommandRefused(f"--after: {error}") from None
    summary = run_on_loop(_summary(obj, drop, channel, after_close))
    click.echo(summary_text(summary))
    if json_path is not None:
        text = json.dumps(summary.to_payload(), indent=2, ensure_ascii=False) + "\n"
        _write(json_path, text.encode("utf-8"))
    if chart_path is not None:
        from bot.reports.chart import funnel_png  # matplotlib loads only when a chart is asked

        _write(chart_path, funnel_png(summary))


async def _summary(
    obj: Context, drop: str, channel: str, after: timedelta | None
) -> ConversionSummary:
    settings = obj.settings
    require_database(settings)
    # The report signs nothing, so it needs no signing key: a throwaway one stands in.
    keyring = Keyring.new(datetime.now(UTC))
    async with open_runtime(settings, keyring) as runtime:
        service = runtime.service
        if drop.isdigit():
            found = await service.get(int(drop))
        else:
            try:
                found = await service.find(channel, drop)
            except UnknownDrop:
                raise UnknownDrop(f"no drop named {drop!r} in channel {channel!r}") from None
        return await service.summary(found.id, after)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CommandRefused(f"{path}: cannot write: {error.strerror}") from None
    click.echo(f"wrote {path}")
