"""Microseconds to render one message from the catalog: ``python -m benchmarks.bench_messages``.

Renders representative messages through `Catalog.say` with the Twitch and Discord voices (the
compiled bundles cached, as in a running fairdrop): a line with no variable, one with a typed
title, one with plural counts, an acknowledgement, one with a community override, and plural
counts in Spanish (a community whose language is "es"). Each is
rendered ``--times`` times; the table shows the mean per render, best of ``--repeat``, twice:
"new values" with a fresh count in every render (each line rendered by Fluent), and "repeated"
with the same values (the line a catalog keeps, as in a rush of acknowledgements). The target
is under 20 us a message; exits 1 if any misses it.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from bot.discord.text import DISCORD_VOICE
from bot.messages.catalog import (
    Catalog,
    Value,
    Verbatim,
    Voice,
    parse,
    shipped_files,
    shipped_translations,
)
from bot.reports.text_table import render
from bot.twitch.chat_text import TWITCH_VOICE

TARGET_US = 20.0
OVERRIDE = "twitch-ack-entered = In the { $title } drop, good luck:\n"
CASES: list[tuple[str, Voice, str, str, dict[str, Value]]] = [
    ("no variable", DISCORD_VOICE, "discord-slow-down", "", {}),
    ("typed title", TWITCH_VOICE, "twitch-settled", "", {"title": "Episode 4 hoodie"}),
    (
        "plural counts",
        TWITCH_VOICE,
        "twitch-drawn",
        "",
        {"title": "Episode 4 hoodie", "winners": 48, "entrants": 1057},
    ),
    ("ack (Twitch)", TWITCH_VOICE, "twitch-ack-entered", "", {"title": "Episode 4 hoodie"}),
    ("override", TWITCH_VOICE, "twitch-ack-entered", "stream", {"title": "Episode 4 hoodie"}),
    (
        "plural counts (es)",
        TWITCH_VOICE,
        "twitch-drawn",
        "canal",
        {"title": "Sudadera episodio 4", "winners": 48, "entrants": 1057},
    ),
    (
        "Enter reply (Discord)",
        DISCORD_VOICE,
        "discord-opens-for-you",
        "",
        {"title": "Episode 4 **hoodie**", "when": Verbatim("<t:1700000000:R>")},
    ),
]


def measure(catalog: Catalog, times: int, repeat: int, fresh: bool) -> list[float]:
    """The best mean microseconds per render of each case; `fresh`: a new count each time."""
    results = []
    for _, voice, message_id, community, values in CASES:
        best = float("inf")
        for run in range(repeat):
            # The count every message can carry is the drop's id in its title: new each render.
            titles = [f"{values.get('title', '')} {run}-{i}" for i in range(times)]
            started = time.perf_counter()
            for i in range(times):
                if fresh and "title" in values:
                    catalog.say(voice, message_id, community, **{**values, "title": titles[i]})
                else:
                    catalog.say(voice, message_id, community, **values)
            best = min(best, (time.perf_counter() - started) / times * 1e6)
        results.append(best)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_messages",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--times", type=int, default=20_000, help="renders per case and run")
    parser.add_argument("--repeat", type=int, default=5, help="runs per case (best wins)")
    args = parser.parse_args(argv)
    shipped = [parse(text, name) for name, text in shipped_files()]
    catalog = Catalog(
        shipped,
        {"stream": parse(OVERRIDE, "stream.ftl")},
        translations=shipped_translations(),
        languages={"canal": "es"},
    )
    new = measure(catalog, args.times, args.repeat, fresh=True)
    repeated = measure(catalog, args.times, args.repeat, fresh=False)
    table = [
        (case[0], case[2], f"{a:.1f}", f"{b:.1f}")
        for case, a, b in zip(CASES, new, repeated, strict=True)
    ]
    print(render(["case", "message", "new values us", "repeated us"], table, "one message"))
    worst = max(new)
    print(f"target: under {TARGET_US:.0f} us a message; worst with new values {worst:.1f} us")
    return 0 if worst < TARGET_US else 1


if __name__ == "__main__":
    raise SystemExit(main())
