"""The conversion funnel as a PNG: entrants → eligible → winners → delivered → viewed → redeemed.

Drawn with matplotlib's object API on the Agg canvas (no pyplot: no global figure state, safe
to call from a worker thread). matplotlib is imported on first use, so starting the bot does
not pay for it; rendering takes a fraction of a second, so callers on the event loop should run
`funnel_png` in a thread.
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from typing import TYPE_CHECKING

from bot.drops.figures import ConversionSummary
from bot.reports.numbers import after_close

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FILENAME = "funnel.png"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
COLORS = ("#9aa5b1", "#7b8794", "#5a67d8", "#4c51bf", "#434190", "#2f855a")
MAX_TITLE = 70


def funnel_png(summary: ConversionSummary) -> bytes:
    """The summary's funnel as a PNG image (800 by 450 pixels)."""
    steps = summary.funnel()
    names = [name for name, _ in steps]
    counts = [count for _, count in steps]
    widest = max([*counts, 1])
    figure = new_figure(8, 4.5)
    axes = figure.add_subplot()
    rows = list(range(len(steps)))
    # Centred bars read as a funnel; the width is the count.
    lefts = [(widest - count) / 2 for count in counts]
    axes.barh(rows, counts, left=lefts, color=COLORS[: len(steps)], height=0.7)
    previous = [None, *steps[:-1]]
    for row, count, before in zip(rows, counts, previous, strict=True):
        label = f"{count:,}"
        if before is not None and before[1]:
            label += f"  ({count / before[1]:.0%} of {before[0]})"
        # Inside a wide bar in white; beside a narrow one in the bar's colour.
        inside = count >= 0.45 * widest
        axes.text(
            widest / 2 if inside else (widest + count) / 2 + widest * 0.01, row, label,
            ha="center" if inside else "left", va="center", fontsize=11, fontweight="bold",
            color="white" if inside else COLORS[row], parse_math=False,
        )  # fmt: skip
    axes.set_yticks(rows, labels=names, fontsize=11)
    axes.tick_params(axis="y", length=0)
    axes.invert_yaxis()
    axes.set_xticks([])
    axes.set_xlim(0, widest)
    bare(axes, ("top", "right", "bottom", "left"))
    # The title is the streamer's words: shown as plain text (no $math$), one line, clipped.
    axes.set_title(
        f"{plain(summary.title or summary.drop)}: {after_close(summary.label)}",
        loc="left", fontsize=13, parse_math=False,
    )  # fmt: skip
    return png(figure)


def new_figure(width: float, height: float) -> Figure:
    """A figure on its own Agg canvas (inches at 100 dpi), laid out to fit its labels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def bare(axes: Axes, sides: tuple[str, ...]) -> None:
    for side in sides:
        axes.spines[side].set_visible(False)


def png(figure: Figure) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        # A title in a script the bundled font lacks draws boxes, and matplotlib warns per glyph.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        figure.savefig(out, format="png")
    return out.getvalue()


def plain(text: str) -> str:
    """The streamer's words as one plain line, clipped to MAX_TITLE characters."""
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    text = " ".join(text.split())
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1] + "…"
