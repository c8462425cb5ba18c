"""The end of the demo: the transcript, the summary `fairdrop report` prints, the funnel chart,
and where everything was written."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from bot.bootstrap import open_runtime
from bot.config import Settings
from bot.demo.story import Say, Story
from bot.drops.figures import ConversionSummary
from bot.drops.keyring import Keyring
from bot.drops.timeline import SUMMARIES
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
    summary = await _final_summary(settings, keyring, story)
    chart = out / "funnel.png"
    chart.write_bytes(await asyncio.to_thread(_chart, summary))
    show("")
    show("What Twitch chat and Discord saw (a sample; all of it is in the transcript file):")
    show("")
    for line in transcript.sample(stage):
        show(line)
    show("")
    show(summary_text(summary))
    redeemed = story.redeemed
    valued = sum(r.order_cents is not None for r in redeemed)
    show("")
    show(f"Partner redemptions through the API: {len(redeemed)} ({valued} with an order value)")
    ending = Ending(
        story.drop.id, pages[0], pages[1], written, chart, out / "fairdrop.log", len(redeemed)
    )
    show("")
    show(f"transparency page  {ending.transparency}")
    show(f"draw transcript    {ending.draw_transcript}  (check it: fairdrop verify-draw FILE)")
    show(f"chat transcript    {ending.transcript}")
    show(f"funnel chart       {ending.chart}")
    show(f"fairdrop's log     {ending.log}")
    show(f"the CLI, on it     fairdrop --config {out / 'fairdrop.toml'} report hoodie --after 72h")
    return ending


async def _final_summary(settings: Settings, keyring: Keyring, story: Story) -> ConversionSummary:
    """What `fairdrop report DROP --after 72h` prints, read from the demo's database."""
    async with open_runtime(settings, keyring, clock=story.clock) as runtime:
        return await runtime.service.summary(story.drop.id, SUMMARIES["72h"])


def _chart(summary: ConversionSummary) -> bytes:
    from bot.reports.chart import funnel_png  # matplotlib loads only when a chart is drawn

    return funnel_png(summary)
