"""The end of the demo: the transcript, the summary `fairdrop report` prints, the report of its
(one-episode) season, the funnel chart, and where everything was written."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from bot.beacon.signatures import check_signature
from bot.bootstrap import open_runtime
from bot.config import Settings
from bot.demo.overlay_shot import OVERLAY_SHOT
from bot.demo.story import Say, Story
from bot.demo.world import COMMUNITY, SERIES
from bot.drops.figures import ConversionSummary
from bot.drops.keyring import Keyring
from bot.drops.season import SeasonReport
from bot.drops.timeline import SUMMARIES
from bot.drops.transcript import Transcript
from bot.drops.verify import verify_transcript
from bot.kernel.transactions import read_only
from bot.reports.season_text import season_text
from bot.reports.terminal import summary_text


@dataclass(frozen=True)
class Ending:
    """What the demo leaves behind."""

    drop_id: int
    transparency: Path
    draw_transcript: Path
    transcript: Path
    chart: Path
    log: Path
    redeemed: int  # codes the partner redeemed through the API


async def finish(
    story: Story,
    settings: Settings,
    keyring: Keyring,
    out: Path,
    pages: tuple[Path, Path],
    show: Say,
) -> Ending:
    """Write the transcript and the chart, show what happened, and say where it all is."""
    transcript, stage = story.cast.transcript, story.cast.stage
    written = out / "transcript.txt"
    written.write_text(transcript.full_text(stage), encoding="utf-8")
    summary, season = await _final_reports(settings, keyring, story)
    chart = out / "funnel.png"
    chart.write_bytes(await asyncio.to_thread(_chart, summary))
    show("")
    show("What Twitch chat and Discord saw (a sample; all of it is in the transcript file):")
    show("")
    for line in transcript.sample(stage):
        show(line)
    show("")
    show(summary_text(summary))
    show("")
    show(season_text(season))
    redeemed = story.redeemed
    valued = sum(r.order_cents is not None for r in redeemed)
    show("")
    show(f"Partner redemptions through the API: {len(redeemed)} ({valued} with an order value)")
    ending = Ending(
        story.drop.id, pages[0], pages[1], written, chart, out / "fairdrop.log", len(redeemed)
    )
    show("")
    for line in checked_draw(ending.draw_transcript, settings):
        show(line)
    show("")
    show(f"transparency page  {ending.transparency}")
    show(f"draw transcript    {ending.draw_transcript}")
    show(f"chat transcript    {ending.transcript}")
    show(f"funnel chart       {ending.chart}")
    if (overlay := out / OVERLAY_SHOT).exists():
        show(f"OBS overlay        {overlay}")
    show(f"fairdrop's log     {ending.log}")
    config = out / "fairdrop.toml"
    show(f"the CLI, on it     fairdrop --config {config} report hoodie --after 72h")
    show(f"its season         fairdrop --config {config} report --series {SERIES}")
    return ending


def checked_draw(path: Path, settings: Settings) -> list[str]:
    """The draw transcript checked as `fairdrop verify-draw` checks it: winners re-derived, the
    drand round's signature verified against the pinned key; and the command to do it again."""
    transcript = Transcript.from_json(path.read_text(encoding="utf-8"))
    beacon = settings.beacon
    chain = beacon.chain()
    problems = verify_transcript(
        transcript, check_signature=check_signature, chains={chain.chain_hash: chain}
    )
    drand = transcript.drand
    if problems:
        said = [f"The draw does NOT verify: {problems[0]}"]
    elif drand is not None and drand["signature"]:
        said = [
            f"The draw verifies: {len(transcript.winners)} winners re-derived from the seed, "
            f"{len(transcript.entries):,} entries and drand round {drand['round']}, whose BLS "
            "signature checks out against quicknet's pinned key"
        ]
    else:
        said = ["The draw verifies, without public randomness"]
    options = f" --genesis {chain.genesis} --period {chain.period}" if beacon.genesis else ""
    said.append(
        f"check it yourself: fairdrop verify-draw {path}{options} --commitment "
        f"{transcript.commitment}"
    )
    return said


async def _final_reports(
    settings: Settings, keyring: Keyring, story: Story
) -> tuple[ConversionSummary, SeasonReport]:
    """What `fairdrop report DROP --after 72h` and `fairdrop report --series` print, read from
    the demo's database in one opening of it."""
    async with open_runtime(settings, keyring, clock=story.clock) as runtime:
        summary = await runtime.service.summary(story.drop.id, SUMMARIES["72h"])
        read = settings.season_reads(SERIES, COMMUNITY, story.clock.now())
        season = await runtime.service.tx.run(read_only(read))
    return summary, season


def _chart(summary: ConversionSummary) -> bytes:
    from bot.reports.chart import funnel_png  # matplotlib loads only when a chart is drawn

    return funnel_png(summary)
