"""The benchmarks run end to end at tiny sizes and print their tables.

No timing is asserted: on a shared machine that would only make the suite flaky. Whether a
target is met is what the benchmarks themselves report (and their exit status).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import __main__ as run_all
from benchmarks import bench_codes, bench_entries


def test_bench_entries_prints_its_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = bench_entries.main(
        ["--claims", "500", "--concurrency", "100", "--sync", "both", "--dir", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert status in (0, 1)  # 1 only means a target was missed
    assert "Durable lottery entries on SQLite" in out
    assert "DropService.claim (lottery entry)" in out
    assert "ceiling: sqlite3 executemany" in out
    for header in ("claims/s", "vs ceiling", "target", "verdict", "p50 ms", "p99 ms"):
        assert header in out
    assert out.count("500") >= 4  # both syncs, service and ceiling rows
    assert list(tmp_path.iterdir()) == []  # the temporary databases are gone


def test_bench_codes_prints_its_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = bench_codes.main(["--codes", "200", "--repeat", "1", "--dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert status in (0, 1)
    assert "200 codes issued and persisted" in out
    for path in (
        "DropService.close",
        "CodeIssuer.issue",
        "entitlements.reveal",
        "ceiling: pynacl sign",
    ):
        assert path in out
    assert "vs pynacl" in out
    assert list(tmp_path.iterdir()) == []


def test_running_all_takes_no_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_all.main(["--claims", "5"]) == 2
    assert "usage" in capsys.readouterr().out
    assert run_all.BENCHMARKS[:2] == ("bench_entries", "bench_codes")
