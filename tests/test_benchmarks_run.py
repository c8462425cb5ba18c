"""The benchmarks run end to end at tiny sizes and print their tables.

No timing is asserted: on a shared machine that would only make the suite flaky. Whether a
target is met is what the benchmarks themselves report (and their exit status).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import __main__ as run_all
from benchmarks import (
    bench_codes,
    bench_crowd,
    bench_discord,
    bench_entries,
    bench_hot,
    bench_overlay,
    bench_pace,
    bench_redeem,
    bench_season,
)


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


def test_bench_pace_prints_its_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = bench_pace.main(
        ["--claims", "200", "--rate", "2000", "--delays", "0,2", "--repeat", "1",
         "--dir", str(tmp_path)]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0
    assert "200 claims at 2,000/s through DropService.claim" in out
    for header in ("commit delay", "CPU ms/claim", "vs 0 ms", "commits", "claims/commit"):
        assert header in out
    assert "0 ms" in out and "2 ms" in out
    assert list(tmp_path.iterdir()) == []


def test_bench_pace_refuses_a_bad_delay_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        bench_pace.main(["--delays", "0,fast"])
    assert exited.value.code == 2
    assert "--delays takes milliseconds" in capsys.readouterr().err


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


# It starts PostgreSQL, Redis and bot processes: on a loaded machine that outlasts the default
# hang guard, which is not what this test is about.
@pytest.mark.timeout(360)
def test_bench_hot_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    status = bench_hot.main(
        ["--claims", "600", "--people", "200", "--supply", "50", "--processes", "1,2",
         "--lua-requests", "2000"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status in (0, 1)
    assert "DropService.claim, 1 process" in out
    assert "DropService.claim, 2 processes" in out
    assert "ceiling: redis-benchmark EVALSHA take_unit" in out
    for header in ("claims/s", "p50 ms", "p99 ms", "of Lua ceiling", "vs 1 process"):
        assert header in out
    assert "record checks (supply sold exactly once, caps kept): PASS" in out
    assert "scaling: 1p 1.00x, 2p" in out


def test_bench_redeem_prints_its_table_and_redeems_each_code_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = bench_redeem.main(
        ["--codes", "40", "--clients", "4", "--race-codes", "20", "--race-clients", "3",
         "--dir", str(tmp_path)]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status in (0, 1)
    assert "Partner API redemptions over HTTP" in out
    for path in ("redeem by short code", "redeem by token", "race: 20 codes x 3 clients"):
        assert path in out
    assert "race: 20 redeemed (200), 40 already redeemed (409), 0 other; 20 redemptions" in out
    assert list(tmp_path.iterdir()) == []


def test_bench_discord_prints_its_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = bench_discord.main(["--presses", "200", "--repeat", "1", "--dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert status in (0, 1)
    assert "Enter button from Discord to a durable lottery entry" in out
    for path in (
        "discord, fake in the bot's loop",
        "discord, fake in a child process",
        "core-only: DropService.claim",
    ):
        assert path in out
    for header in ("entries/s", "defer p99 ms", "answer p99 ms", "late (10062)", "CPU ms/press"):
        assert header in out
    assert "enforce_rate_limits=False" in out
    assert list(tmp_path.iterdir()) == []


def test_bench_crowd_prints_its_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = bench_crowd.main(
        ["--entrants", "60", "--supply", "5", "--viewers", "8", "--rounds", "2", "--rate", "200",
         "--seconds", "0.5", "--repeat", "2", "--dir", str(tmp_path)]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status in (0, 1)
    assert "8 viewers x 2 of a 60-entrant settled drop's page and transcript" in out
    assert "runs: 2 on fresh databases; the claims' and views' p99s are over every run's" in out
    for figure in ("claim ack p99, no crowd", "claim ack p99, with the crowd", "page p99",
                   "transcript p99", "errors"):  # fmt: skip
        assert figure in out
    assert "32 pages of" in out and "32 transcripts of" in out  # 8 viewers x 2 rounds x 2 runs
    assert "200 claims at 200/s, 2 run(s)" in out  # the p99s are over both runs' claims
    (errors,) = [line.split() for line in out.splitlines() if line.startswith("errors, ")]
    assert errors[:5] == ["errors,", "every", "run", "0", "none"]
    assert list(tmp_path.iterdir()) == []


def test_bench_crowd_refuses_a_bad_view_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        bench_crowd.main(["--views", "page,comments"])
    assert exited.value.code == 2
    assert "--views takes a comma-separated list of page, transcript" in capsys.readouterr().err


def test_bench_overlay_prints_its_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = bench_overlay.main(
        ["--clients", "6", "--rate", "200", "--seconds", "0.5", "--repeat", "2",
         "--dir", str(tmp_path)]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status in (0, 1)
    assert "6 SSE clients (half overlays, half live pages) while 200 claims/s" in out
    for figure in (
        "claim ack p99, no clients",
        "claim ack p99, with the clients",
        "count change seen by every client, p99",
        "memory per connected client",
    ):
        assert figure in out  # fmt: skip
    assert "600 (change, client) pairs" in out  # 100 changes, 6 clients
    assert "runs: 2 on fresh databases" in out
    (errors,) = [line.split() for line in out.splitlines() if line.startswith("errors, ")]
    assert errors[:5] == ["errors,", "every", "run", "0", "none"]
    assert list(tmp_path.iterdir()) == []


def test_bench_season_prints_its_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = bench_season.main(
        ["--episodes", "3", "--entries", "300", "--supply", "5", "--repeat", "1",
         "--dir", str(tmp_path), "--show"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status in (0, 1)
    assert "Season report: 3 episodes, 300 entries" in out
    for header in ("database", "fill s", "report ms", "target ms", "verdict"):
        assert header in out
    assert out.count("     3      300") == 2  # SQLite and PostgreSQL rows
    assert "Season 'season' in bench: 3 episodes" in out  # the report it timed
    assert list(tmp_path.iterdir()) == []


def test_running_all_takes_no_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_all.main(["--claims", "5"]) == 2
    assert "usage" in capsys.readouterr().out
    assert run_all.BENCHMARKS[:3] == ("bench_entries", "bench_pace", "bench_codes")
