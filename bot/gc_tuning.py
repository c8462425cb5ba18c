"""The garbage collector, tuned while `fairdrop run` serves.

Every Discord button press builds thousands of short-lived objects (the interaction, its
message, the view, two HTTP requests and their answers), and the heap grows as members are
cached. At CPython's default thresholds (700, 10, 10) the collector's full collections, which
walk the whole heap, came every few hundred presses and stopped the event loop for up to 0.4 s
each: presses queued behind them, and the queue grew until Discord's 3 s ran out. Measured with
`gc.callbacks` over one run of the Discord benchmark (5,000 presses offered at 1,100/s, the
process's whole life, startup included):

    thresholds               collections (gen 0/1/2)   time in GC   longest pause
    (700, 10, 10)            1,148 / 105 / 9           2.71 s       386 ms
    (2,000, 10, 100), frozen 267 / 24 / 0              0.56 s       22 ms

So while the bot serves:

- `gc.freeze()` once startup is done: the modules, settings and clients built so far live as
  long as the process, and no full collection walks them again.
- Thresholds (2,000, 10, 100): young collections a third as often, full ones a tenth. A full
  collection still comes every couple of million allocations (tens of thousands of presses), so
  cyclic garbage is still freed, later.

Both are undone when the last `tuned_gc` block ends, so a test process running the bot goes back
to CPython's settings.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (2_000, 10, 100)

_users = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def tuned_gc() -> Iterator[None]:
    """Freeze what exists and collect less often, until the block ends. Thresholds already set
    higher are kept. Blocks may overlap (several bots in one test process): the first tunes,
    the last restores."""
    global _users, _saved
    if _users == 0:
        _saved = gc.get_threshold()
        gc.freeze()
        tuned = (max(mine, theirs) for mine, theirs in zip(THRESHOLDS, _saved, strict=True))
        gc.set_threshold(*tuned)
    _users += 1
    try:
        yield
    finally:
        _users -= 1
        if _users == 0 and _saved is not None:
            gc.set_threshold(*_saved)
            gc.unfreeze()
            _saved = None
