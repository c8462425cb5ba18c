"""`fairdrop demo`: the whole product offline, on embedded defaults, in under a minute.

The real service (`bot.run.run`: Twitch bot, Discord bot, web app, scheduler) runs against the
local fake Twitch and Discord servers, on a SQLite file and in-memory hot state, by a clock that
runs 30 times faster while fans enter and up to 100,000 times faster through the three days
after, so the scheduler posts the 24 h and 72 h summaries within seconds.

What happens, as it would live: a moderator prepares an early-access list and fans link their
accounts; the streamer opens a drop in Twitch chat; thousands of fans claim in chat and press
Enter in Discord (subscribers, VIPs, Supporters and the list first; bots kept out); the
scheduler closes entries and draws; winners get their codes by DM, by button and on the claim
page; a partner redeems codes through the API; unclaimed units pass to the waitlist; the
summaries are posted. The demo prints its progress, then a readable transcript of what Twitch
chat and Discord saw, the final summary, and where it wrote the transparency page, the
transcript and the chart.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import random
from collections.abc import Awaitable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from bot.config import Settings
from bot.demo import after, browser
from bot.demo.acting import Cast
from bot.demo.crowd import Crowd, DiscordFan, Kind, TwitchFan, gather_crowd
from bot.demo.ending import Ending, finish
from bot.demo.heard import heard_for
from bot.demo.overlay_shot import overlay_at_draw
from bot.demo.record import Record
from bot.demo.story import TITLE, Say, Story, Winners, expected_entrants
from bot.demo.timing import DemoClock, within
from bot.demo.transcript import Transcript
from bot.demo.world import (
    DemoError,
    Stage,
    demo_chain,
    prepare_out,
    secrets_for,
    settings_for,
    staged,
    with_beacon,
    write_cli_config,
)
from bot.drops.keyring import Keyring
from bot.drops.opening import CLOSING_NOTICE
from bot.drops.timeline import SUMMARIES
from bot.keystore import save_keyring
from bot.logs import FORMAT, RedactSecrets
from bot.messages.catalog import LANGUAGE
from bot.run import run
from bot.twitch.build import FLUSH_SECONDS
from fakeplatforms.drand import FakeDrand

__all__ = ["DemoError", "Ending", "demo"]

T = TypeVar("T")
log = logging.getLogger("fairdrop.demo")

# The clock's speeds, drop time per wall-clock second, for each part of the story.
SETUP_SCALE = 1.0  # list edits and account links, in real time (link codes last 10 minutes)
ENTRY_SCALE = 30.0  # the 10-minute entry window in 20 s: time for thousands of claims
LULL_SCALE = 600.0  # every fan is in: on to the "closing soon" notice in a second or so
# The lull ends this long before "closing soon": chat is sent by the wall clock (its rate limit
# is real), and at the lull's pace the notice would be said after the close.
LULL_MARGIN = timedelta(seconds=15)
DAYS_SCALE = 100_000.0  # a day in under a second
SUMMARY_SCALE = 1_800.0  # half an hour a second while a summary is posted and acted on

FIRST_DAY_REDEEMED = 0.6  # of the codes in hand, redeemed before the 24 h summary
LATER_REDEEMED = 0.5  # of the rest, redeemed between the 24 h and the 72 h summary
START_SECONDS = 30.0
STOP_SECONDS = 20.0


async def demo(
    out: Path, fans: int, seed: int, *, progress: Say, show: Say, language: str = LANGUAGE
) -> Ending:
    """Run the demo in `out`, fairdrop speaking `language` to the community; `progress` gets
    a line per step as it happens, `show` the transcript, the summary and the paths at the end.
    DemoError says what went wrong."""
    prepare_out(out)
    with _logging_to(out / "fairdrop.log"):
        try:
            async with staged() as stage:
                crowd = gather_crowd(stage, fans, seed)
                progress(_cast(crowd))
                rng = random.Random(seed)
                return await _with_fairdrop(stage, crowd, out, rng, progress, show, language)
        except DemoError:
            raise
        except Exception as error:  # a bug: one line here, the traceback in the log
            log.exception("the demo failed")
            said = " ".join(str(error).split())
            said = said if len(said) <= 160 else said[:159] + "…"
            raise DemoError(
                f"{type(error).__name__}: {said} (the traceback is in {out / 'fairdrop.log'})"
            ) from None


async def _with_fairdrop(
    stage: Stage, crowd: Crowd, out: Path, rng: random.Random, say: Say, show: Say, language: str
) -> Ending:
    """Start the real service against the fakes, tell the story beside it, stop it."""
    clock = DemoClock(SETUP_SCALE)
    chain = demo_chain(clock.now())
    async with FakeDrand(chain=chain, now=clock.now) as relay:
        settings = with_beacon(settings_for(stage, out, language), relay.base_url, chain)
        return await _with_beacon(stage, crowd, out, rng, say, show, clock, settings)


async def _with_beacon(
    stage: Stage,
    crowd: Crowd,
    out: Path,
    rng: random.Random,
    say: Say,
    show: Say,
    clock: DemoClock,
    settings: Settings,
) -> Ending:
    keyring = Keyring.new(clock.now())
    save_keyring(settings.keys.path, keyring, overwrite=True)
    write_cli_config(out, settings)
    stop, ready = asyncio.Event(), asyncio.Event()
    warming = asyncio.create_task(asyncio.to_thread(_warm_charts))
    service = asyncio.create_task(
        run(settings, keyring, stop=stop, env=secrets_for(stage), ready=ready, clock=clock),
        name="fairdrop",
    )
    record = Record(settings)
    transcript = Transcript(clock)
    story = Story(
        Cast(stage, transcript), crowd, clock, record, say, rng, _supply(crowd),
        heard=heard_for(TITLE, settings.messages.language),
    )  # fmt: skip
    try:
        await _beside(service, _until_up(stage, ready))
        await warming
        say("fairdrop is up: Twitch chat, Discord, the web app and the scheduler")
        await _beside(service, _tell(story, settings, out))
        pages = await _beside(service, _save_pages(stage, story.drop.id, out))
    except BaseException:
        # What the platforms saw up to here is the best clue to what went wrong.
        (out / "transcript.txt").write_text(transcript.full_text(stage), encoding="utf-8")
        raise
    finally:
        stop.set()
        record.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(service, STOP_SECONDS)
    return await finish(story, settings, keyring, out, pages, show)


async def _tell(story: Story, settings: Settings, out: Path) -> None:
    """The story, with the clock's speed set for each part of it."""
    clock = story.clock
    await story.prepare()
    drop = await story.open()
    # From the announcement on, the entry window runs fast. (Any sooner, and the
    # announcements' own delivery would eat into the early-access window.)
    clock.set_scale(ENTRY_SCALE)
    await story.early_access()
    await story.everyone(expected_entrants(story.crowd))
    await asyncio.sleep(FLUSH_SECONDS + 0.5)  # the bot acknowledges the last claims in chat
    await story.extend()
    closes_at = story.drop.closes_at
    assert closes_at is not None
    # Nothing happens until "closing soon": skip ahead, then watch the close at entry speed.
    clock.set_scale(LULL_SCALE)
    await clock.until(closes_at - CLOSING_NOTICE - LULL_MARGIN)
    clock.set_scale(ENTRY_SCALE)  # and minutes count after the draw: how soon winners claim
    winners = await story.draw(LULL_SCALE)
    # The overlay's screenshot is taken beside the rest of the story: Chromium's start and the
    # winners' reveal cost the demo no time of its own.
    drawn = len(winners.twitch) + len(winners.discord)
    shooting = asyncio.create_task(overlay_at_draw(story.cast.stage.web_url, drop.id, drawn, out))
    try:
        await _after_the_draw(story, settings, winners)
        story.say(await shooting)
    finally:
        shooting.cancel()  # a story that failed: Chromium is closed with it


async def _after_the_draw(story: Story, settings: Settings, winners: Winners) -> None:
    """Winners fetch their codes, the partner redeems, the days pass, the summaries come."""
    clock, drop = story.clock, story.drop
    winners = await after.disqualify(story, winners)
    await after.fetch_codes(story, winners)
    key = await asyncio.to_thread(browser.partner_key, settings, drop.id, clock.now())
    first = await after.redeem(story, FIRST_DAY_REDEEMED, key)
    await after.scanned_twice(story, key)
    story.say(f"{story.at()} partner merch-co redeemed {len(first)} codes through the API")
    story.say("fast-forward: the days after the drop pass in seconds")
    await _days_pass(story, "24h")
    await after.summary_posted(story, "24h")
    await after.successors(story)
    later = await after.redeem(story, LATER_REDEEMED, key)
    story.say(f"{story.at()} partner merch-co redeemed {len(later)} more codes")
    await _days_pass(story, "72h")
    await after.summary_posted(story, "72h")


async def _days_pass(story: Story, label: str) -> None:
    """Race through the days until the summary is due, then slow down while it is posted.

    Slowing down only once the summary is due keeps its job from firing early: a job planned
    at a fast pace would fire at its old wall time, before its drop time, if the clock slowed
    down before the scheduler replanned it. Speeding up only makes jobs a moment late.
    """
    closed_at = (await story.record.drop(story.drop.id)).closed_at
    assert closed_at is not None
    story.clock.set_scale(DAYS_SCALE)
    await story.clock.until(closed_at + SUMMARIES[label])
    story.clock.set_scale(SUMMARY_SCALE)


def _supply(crowd: Crowd) -> int:
    """48 units for a big crowd; fewer for a small one, so winning stays a prize."""
    return max(3, min(48, crowd.size // 25))


async def _beside(service: asyncio.Task[None], work: Awaitable[T]) -> T:
    """Run a step of the story while fairdrop runs; if fairdrop stops, say why, in one line."""
    step = asyncio.ensure_future(work)
    await asyncio.wait({service, step}, return_when=asyncio.FIRST_COMPLETED)
    if step.done():
        return step.result()
    step.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await step
    raise DemoError(f"fairdrop stopped in the middle of the demo: {_why(service)}")


def _why(service: asyncio.Task[None]) -> str:
    error = service.exception()
    while isinstance(error, BaseExceptionGroup):
        error = error.exceptions[0]
    return repr(error) if error else "it stopped by itself (see fairdrop.log)"


async def _until_up(stage: Stage, ready: asyncio.Event) -> None:
    twitch, discord = stage.twitch, stage.discord

    def in_discord() -> object:
        return discord.connected and discord.commands(stage.guild)

    await within(START_SECONDS, "fairdrop to start", ready.wait)
    await within(
        START_SECONDS,
        "the bot to join Twitch chat",
        lambda: twitch.wait_for_subscription(stage.streamer, within=START_SECONDS),
    )
    await within(
        START_SECONDS,
        "the bot to connect to Discord and sync its commands",
        lambda: discord.wait_until(in_discord, START_SECONDS),
    )
    # discord.py and fairdrop share one process with the crowd and both fakes, so a rush of
    # a thousand presses can delay a deferral past Discord's 3 s; here every press must count.
    discord.interaction_deadline = 60.0


def _warm_charts() -> None:
    """Load matplotlib and its font cache now, while the bot starts, rather than when the
    first summary is drawn: on a fresh machine that takes seconds, while the days race by."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1, 1))
    FigureCanvasAgg(figure)
    figure.text(0.5, 0.5, "fairdrop")
    figure.savefig(io.BytesIO(), format="png")


async def _save_pages(stage: Stage, drop_id: int, out: Path) -> tuple[Path, Path]:
    """The drop's transparency page and its draw transcript, as anyone can fetch them."""
    page, draw = out / "transparency.html", out / "draw-transcript.json"
    page.write_bytes(await browser.fetch(stage, f"/drops/{drop_id}"))
    draw.write_bytes(await browser.fetch(stage, f"/drops/{drop_id}/transcript.json"))
    return page, draw


def _cast(crowd: Crowd) -> str:
    def count(fans: Sequence[TwitchFan | DiscordFan], kind: Kind) -> int:
        return sum(f.kind is kind for f in fans)

    twitch, discord = crowd.twitch, crowd.discord
    return (
        f"{crowd.size + 2 * len(crowd.linked):,} fan accounts: {len(twitch):,} on Twitch "
        f"({count(twitch, Kind.SUBSCRIBER)} subscribers, {count(twitch, Kind.VIP)} VIPs, "
        f"{count(twitch, Kind.LISTED)} on the early list, {count(twitch, Kind.BOT)} bots made "
        f"yesterday), {len(discord):,} on Discord ({count(discord, Kind.SUPPORTER)} Supporters, "
        f"{count(discord, Kind.LISTED)} on the early list), and {len(crowd.linked)} people "
        "with an account on each"
    )


@contextlib.contextmanager
def _logging_to(path: Path) -> Iterator[None]:
    """fairdrop's and the libraries' logs go to a file: the terminal shows the story."""
    root = logging.getLogger()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactSecrets())  # masked as `fairdrop run` masks its log
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()
