"""Every benchmark with its default settings, one after another: ``python -m benchmarks``.

Runs bench_entries, bench_pace, bench_codes, bench_draw when it is there, bench_twitch,
bench_discord, bench_hot (which starts its own PostgreSQL and Redis), bench_redeem (the
partner API over HTTP), bench_crowd (a crowd on a transparency page while claims stream in),
bench_overlay (2,000 overlays and live pages on the feed while claims stream in) and
bench_season (a season's report over 50 episodes and 500,000 entries, SQLite and PostgreSQL).
Exits 1 if any missed a target.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Sequence

BENCHMARKS = ("bench_entries", "bench_pace", "bench_codes", "bench_draw", "bench_twitch",
              "bench_discord", "bench_hot", "bench_redeem", "bench_crowd",
              "bench_overlay", "bench_season")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv:
        print("usage: python -m benchmarks  (each benchmark takes options when run alone:")
        print("       python -m benchmarks.bench_entries --help)")
        return 2
    status = 0
    for name in BENCHMARKS:
        module_name = f"{__package__ or 'benchmarks'}.{name}"
        if importlib.util.find_spec(module_name) is None:
            print(f"== {name}: not there, skipped\n")
            continue
        print(f"== {name}", flush=True)
        module = importlib.import_module(module_name)
        code = module.main([])
        print(flush=True)
        status = max(status, code or 0)
    return 1 if status else 0


if __name__ == "__main__":
    raise SystemExit(main())
