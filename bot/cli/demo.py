"""`fairdrop demo`: a whole drop, offline, against local fake Twitch and Discord servers."""

from __future__ import annotations

import time
from pathlib import Path

import click

from bot.loop import run_on_loop
from bot.messages.catalog import LANGUAGE, shipped_languages


@click.command("demo")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("fairdrop-demo"),
    show_default=True,
    help="Folder for the database, keys, transcript, transparency page and chart (emptied).",
)
@click.option("--fans", type=click.IntRange(100, 10_000), default=3000, show_default=True,
              help="Simulated fans: two thirds on Twitch, one third on Discord.")  # fmt: skip
@click.option("--crowd-seed", type=int, default=7, show_default=True,
              help="Seed for the simulated crowd (the draw's seed is always fresh).")  # fmt: skip
@click.option("--language", type=click.Choice(shipped_languages()), default=LANGUAGE,
              show_default=True, help="What fairdrop speaks to the demo's community.")  # fmt: skip
def demo_cmd(out: Path, fans: int, crowd_seed: int, language: str) -> None:
    """A whole drop, offline, against local fake Twitch and Discord servers.

    Always on embedded defaults (a SQLite file and keys in --out, in-memory hot state; no
    config file is read); the fakes ship with fairdrop (the fakeplatforms package).
    """
    from bot.demo import demo  # the fakes load only for the demo; DemoError is one line

    started = time.monotonic()

    def progress(line: str) -> None:
        click.echo(f"{time.monotonic() - started:5.1f}s  {line}")

    run_on_loop(demo(out, fans, crowd_seed, progress=progress, show=click.echo, language=language))
