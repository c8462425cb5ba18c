"""`fairdrop report --series NAME`: a season's report in the terminal, as JSON and as a chart.

It only reads: nothing in the database changes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from bot.bootstrap import open_runtime
from bot.cli.shared import Context, require_database, write, write_json
from bot.config import Settings
from bot.drops.keyring import Keyring
from bot.drops.season import SeasonReport
from bot.kernel.transactions import read_only
from bot.loop import run_on_loop
from bot.reports.season_text import season_text


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
    require_database(settings)
    # The report signs nothing, so it needs no signing key: a throwaway one stands in.
    keyring = Keyring.new(datetime.now(UTC))
    async with open_runtime(settings, keyring) as runtime:
        service = runtime.service
        return await service.tx.run(
            read_only(settings.season_reads(series, channel, service.clock.now()))
        )
