"""The three ways anyone verifies a draw, timed for ``bench_draw``: ``fairdrop verify-draw`` and
the single-file verifier (bot/web/static/verify_draw.py) on a beacon-backed format v2
transcript of a million entries, each in a process of its own (wall time, and that process's
CPU time and peak RSS from ``os.wait4``: on a shared machine the CPU time is what compares from
run to run), and the transparency page's in-browser check (static/verify_draw.js)
on 20,000 entries in headless Chromium (from the button press until it shows its verdict).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from bot.beacon.signatures import check_signature
from bot.drops.beacon import QUICKNET, BeaconRound, CommittedRound
from bot.drops.drawinput import DrawBinding, commitment_v2
from bot.drops.guarantees import guaranteed_digest
from bot.drops.lottery import DrawEntry, draw
from bot.drops.transcript import Transcript
from bot.drops.transcript_v2 import drand_record
from fakeplatforms.drand import GENUINE_ROUNDS

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "bot" / "web" / "static"
ROUND = 1000
MB = 1024 * 1024
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def transcript_json(n: int, supply: int = 100) -> str:
    """A beacon-backed v2 transcript of ``n`` entries, drawn for real with genuine round 1000."""
    committed = CommittedRound(QUICKNET, ROUND)
    signature = GENUINE_ROUNDS[ROUND]
    fetched = BeaconRound(ROUND, signature, check_signature(QUICKNET, ROUND, signature))
    digest = guaranteed_digest([])
    seed = bytes(range(32))
    binding = DrawBinding(
        drop_id="1",
        title="Bench drop",
        mode="lottery",
        supply=supply,
        chain_hash=QUICKNET.chain_hash,
        round=ROUND,
        randomness=fetched.randomness,
    )
    entries = [DrawEntry(f"{i:016x}", (3, 2, 1)[i % 3]) for i in range(n)]
    entry_hash, result = draw(seed, entries, supply, binding=binding)
    closed_at = (committed.at - timedelta(minutes=1)).isoformat()  # the round comes after
    return Transcript.from_draw(
        drop_id="1",
        title="Bench drop",
        mode="lottery",
        supply=supply,
        seed=seed,
        beacon=None,
        entries=entries,
        entry_hash=entry_hash,
        result=result,
        drawn_at=committed.at.isoformat(),
        drand=drand_record(committed, fetched, "verified"),
        closed_at=closed_at,
        commitment_hex=commitment_v2(
            seed, committed, guaranteed_digest=digest, claim_window_seconds=86400
        ),
        guaranteed_digest=digest,
        claim_window_seconds=86400,
    ).to_json()


def as_installed(cache: Path) -> dict[str, str]:
    """The environment of a verifier run as an installed fairdrop runs: with its modules'
    bytecode compiled (pip compiles it on install), kept in `cache`. A source checkout under
    PYTHONDONTWRITEBYTECODE (set on this machine) compiles some 970 modules of fairdrop and its
    libraries on every start instead: about 4 s of CPU before `verify-draw` reads a byte."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


# Starts `argv[1:]` and reports its wall time, CPU time and peak RSS on stderr. A process's peak
# RSS counts what it had before its exec: a verifier started straight from this benchmark, which
# by then held a million entries, reported this benchmark's peak, not its own (463 MB for both
# verifiers alike). Started from this small interpreter instead, it reports its own.
_MEASURE = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
      os.waitstatus_to_exitcode(status), file=sys.stderr)
"""


def timed_process(
    command: list[str], env: dict[str, str] | None = None
) -> tuple[float, float, float, str]:
    """Run ``command``; its wall time (s), its own CPU time (s, user + system), its own peak RSS
    (MB) and its first output line."""
    measure = [sys.executable, "-I", "-c", _MEASURE, *command]
    done = subprocess.run(measure, capture_output=True, env=env, check=False)
    output = done.stdout.decode("utf-8", "replace")
    first = output.splitlines()[0] if output else ""
    *_, measured = done.stderr.decode("utf-8", "replace").splitlines() or [""]
    try:
        seconds, cpu, maxrss, code = measured.split()
    except ValueError:
        raise RuntimeError(f"{command[-1]}: not measured: {measured or done.returncode}") from None
    if int(code) != 0:
        raise RuntimeError(f"{command[-1]}: {first}")
    rss = int(maxrss) / (MB if sys.platform == "darwin" else 1024)
    return float(seconds), float(cpu), rss, first


def verify_draw_cli(path: Path, env: dict[str, str]) -> tuple[float, float, float, str]:
    fairdrop = Path(sys.executable).with_name("fairdrop")
    return timed_process([str(fairdrop), "verify-draw", str(path)], env)


def standalone(path: Path, env: dict[str, str]) -> tuple[float, float, float, str]:
    # -I: no user site or PYTHONPATH (nor PYTHON* variables, so it compiles nothing either:
    # one file of the standard library and drand-verify); site-packages give it drand-verify.
    return timed_process([sys.executable, "-I", str(STATIC / "verify_draw.py"), str(path)], env)


@contextlib.contextmanager
def _served(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<div class="draw-check" data-transcript="/transcript.json">
<button type="button">Check</button><div class="draw-check-result"></div></div>
<script src="/verify_draw.js" defer></script></body></html>"""


def _has_verdict(driver: Any) -> bool:
    return bool(driver.find_element(By.CLASS_NAME, "draw-check").get_attribute("data-outcome"))


def in_browser(n: int, repeat: int) -> tuple[float, str]:
    """Best of ``repeat`` presses of the page's check on a transcript of ``n`` entries: seconds
    from the press to the verdict, and the verdict."""

    with tempfile.TemporaryDirectory(prefix="fairdrop-bench-") as folder:
        site = Path(folder)
        (site / "transcript.json").write_text(transcript_json(n), encoding="utf-8")
        (site / "index.html").write_text(PAGE, encoding="utf-8")
        (site / "verify_draw.js").write_bytes((STATIC / "verify_draw.js").read_bytes())
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--user-data-dir={site / 'profile'}"):  # fmt: skip
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        best, verdict = float("inf"), ""
        try:
            with _served(site) as base:
                for _ in range(repeat):
                    driver.get(f"{base}/index.html")
                    panel = driver.find_element(By.CLASS_NAME, "draw-check")
                    start = time.perf_counter()
                    panel.find_element(By.TAG_NAME, "button").click()
                    WebDriverWait(driver, 120, poll_frequency=0.01).until(_has_verdict)
                    best = min(best, time.perf_counter() - start)
                    verdict = panel.find_element(By.CLASS_NAME, "draw-check-result").text
        finally:
            driver.quit()
    return best, verdict.splitlines()[0] if verdict else ""


def rows(
    entries: int, browser_entries: int, repeat: int
) -> tuple[list[tuple[str, str, str, str, str, str]], bool]:
    """The verifiers' rows for bench_draw's table, and whether every target was met."""
    out: list[tuple[str, str, str, str, str, str]] = []
    ok_all = True
    with tempfile.TemporaryDirectory(prefix="fairdrop-bench-") as folder:
        path, small = Path(folder) / "transcript.json", Path(folder) / "warm-up.json"
        path.write_text(transcript_json(entries), encoding="utf-8")
        small.write_text(transcript_json(100, supply=10), encoding="utf-8")
        env = as_installed(Path(folder) / "bytecode")
        for name, run in (
            ("verify-draw (CLI, own process)", verify_draw_cli),
            ("verify_draw.py (stdlib, own process)", standalone),
        ):
            run(small, env)  # untimed: compiles the bytecode an installed fairdrop ships with
            seconds, cpu, rss = float("inf"), float("inf"), 0.0
            for _ in range(repeat):
                s, c, r, first = run(path, env)
                if not first.startswith("OK"):
                    raise RuntimeError(f"{name} did not verify: {first}")
                seconds, cpu, rss = min(seconds, s), min(cpu, c), max(rss, r)
            ok = seconds < 10.0 and rss < 500.0
            ok_all &= ok
            out.append(
                (name, f"{entries:,}", f"{seconds:.3f} (cpu {cpu:.3f})", f"{rss:.1f}",
                 "< 10 s, < 500 MB", "PASS" if ok else "FAIL")
            )  # fmt: skip
    seconds, verdict = in_browser(browser_entries, repeat)
    ok = seconds < 3.0 and verdict.startswith("OK")
    ok_all &= ok
    out.append(
        ("in-browser check (Chromium)", f"{browser_entries:,}", f"{seconds:.3f}", "-", "< 3 s",
         "PASS" if ok else "FAIL")
    )  # fmt: skip
    return out, ok_all
