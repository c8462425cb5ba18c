"""When each press became a durable entry: a child process polling the bot's SQLite file.

A thread in the bot's process did this before, and cost the bot what it measured: every poll
woke a thread that then waited for the GIL, and the event loop gave it up (py-spy put a sixth of
the bot's samples there). In a process of its own the watcher shares only the file (WAL: it reads
committed transactions only) and the machine's CPUs.

It reads the drop's new ``inbound_messages`` rows by rowid: each press makes one, in the
transaction of its entry, so a row seen is a durable entry. Times are ``time.monotonic()``,
one clock for every process on the machine.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bot.store.tables import InboundRow

INBOUND_TABLE = str(InboundRow.__tablename__)


class EntryWatcher:
    """Start it, wait on `done` (or watch `entries` grow), then `stop()` for what it saw."""

    def __init__(self, path: Path, drop_id: int, expected: int, interval: float) -> None:
        context = multiprocessing.get_context("spawn")
        self.entries = context.Value("i", 0)  # rows seen so far
        self.done = context.Event()  # all `expected` seen
        self._quit = context.Event()
        self._results, child = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_watch,
            args=(
                str(path),
                drop_id,
                expected,
                interval,
                self.entries,
                self.done,
                self._quit,
                child,
            ),
            name="bench-entry-watcher",
            daemon=True,
        )
        self.seen: dict[str, float] = {}  # inbound message id -> first poll that saw it
        self.finished_at = 0.0
        self.polls = 0
        self._stopped = False

    def start(self, within: float = 30.0) -> None:
        """Start the child and wait until it polls (spawning imports take a second or two)."""
        self._process.start()
        if not self._results.poll(within) or self._results.recv() != "polling":
            raise RuntimeError("the entry watcher did not start")

    def stop(self, within: float = 10.0) -> None:
        """Stop polling and collect what was seen (once; later calls do nothing)."""
        if self._stopped:
            return
        self._stopped = True
        self._quit.set()
        if self._results.poll(within):
            found: dict[str, Any] = self._results.recv()
            self.seen, self.finished_at, self.polls = (
                found["seen"],
                found["finished_at"],
                found["polls"],
            )
        self._process.join(within)
        if self._process.is_alive():
            self._process.kill()


def _watch(
    path: str,
    drop_id: int,
    expected: int,
    interval: float,
    entries: Any,
    done: Any,
    quit_: Any,
    results: Connection,
) -> None:
    conn = sqlite3.connect(path)
    query = f"SELECT rowid, message_id FROM {INBOUND_TABLE} WHERE rowid > ? AND drop_id = ?"
    seen: dict[str, float] = {}
    last, polls, finished_at = 0, 0, 0.0
    results.send("polling")
    try:
        while not quit_.is_set():
            rows = conn.execute(query + " ORDER BY rowid", (last, drop_id)).fetchall()
            now = time.monotonic()
            polls += 1
            for rowid, message_id in rows:
                last = rowid
                seen.setdefault(message_id, now)
            entries.value = len(seen)
            if len(seen) >= expected and not finished_at:
                finished_at = now
                done.set()
            if finished_at:
                quit_.wait()  # all seen: hand the results over when asked
                break
            time.sleep(interval)
    finally:
        conn.close()
        results.send({"seen": seen, "finished_at": finished_at, "polls": polls})
