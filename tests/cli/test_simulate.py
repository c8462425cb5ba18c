"""`fairdrop simulate`: a whole simulated drop, and one-line errors for bad arguments."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No ./fairdrop.toml and no keys/: the quick-start path with a throwaway signing key.
    monkeypatch.chdir(tmp_path)


def simulate(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, ["simulate", *args])


def test_simulate_runs_a_lottery_and_prints_the_kpi_tables(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = simulate(runner, "--scenario", "basic", "--entrants", "200", "--supply", "5")

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "throwaway key" in out
    assert "Drop 'sim-lottery' (lottery, supply 5): settled" in out
    for title in ("Claims as the fans saw them", "Fairness by tier", "KPIs"):
        assert title in out
    for figure in ("entrants", "codes issued", "codes delivered", "redemption rate"):
        assert figure in out
    assert "  seed " in out  # revealed after the draw
    assert [line.split() for line in out.splitlines() if line.startswith("entrants ")] == [
        ["entrants", "200"]
    ]
    # Without --db and --out it leaves nothing behind in the working directory.
    assert list(tmp_path.iterdir()) == []


def test_the_tiered_scenario_has_holders_lists_sponsors_and_filtered_bots(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = simulate(runner, "--entrants", "1000", "--supply", "12", "--out", str(out))

    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "earlier drop 'ep3'" in text and "guaranteed sponsors" in text
    tiers = {line.split()[0]: line.split() for line in text.splitlines() if line[:1].isalpha()}
    assert {"holders", "picks", "subs", "public", "guaranteed"} <= tiers.keys()
    assert tiers["guaranteed"][3] == "2"  # both sponsors hold a unit before the draw
    assert "Kept out (anti-bot rules and deny lists)" in text
    assert tiers["account_age"][1] != "0" and tiers["denied"][1] != "0"
    verified = runner.invoke(cli, ["verify-draw", str(out / "transcript.json")])
    assert verified.exit_code == 0 and verified.stdout.startswith("OK:")


def test_simulate_first_come_first_served(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"

    result = simulate(
        runner, "--entrants", "200", "--supply", "5", "--mode", "fcfs", "--out", str(out)
    )

    assert result.exit_code == 0, result.output
    assert "Drop 'sim-fcfs' (fcfs, supply 5)" in result.stdout
    assert "KPIs" in result.stdout
    # A first-come drop is never drawn, so there is no draw transcript, only the codes.
    assert (out / "codes.csv").exists()
    assert not (out / "transcript.json").exists()
    assert "verify-draw" not in result.stdout


def test_simulate_with_more_supply_than_entrants_gives_everyone_a_unit(
    runner: CliRunner,
) -> None:
    result = simulate(runner, "--entrants", "3", "--supply", "10", "--claim-rate", "1")

    assert result.exit_code == 0, result.output
    assert "KPIs" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["--entrants", "0"], "--entrants", id="no-entrants"),
        pytest.param(["--entrants", "-5"], "--entrants", id="negative-entrants"),
        pytest.param(["--supply", "0"], "--supply", id="no-supply"),
        pytest.param(["--tier-mix", "king=5"], "king=5", id="unknown-badge"),
        pytest.param(["--tier-mix", "subscriber=120"], "0-100", id="percent-over-100"),
        pytest.param(["--tier-mix", "subscriber=abc"], "not a number", id="percent-nan"),
        pytest.param(["--tier-mix", "subscriber"], "BADGE=PERCENT", id="no-equals"),
        pytest.param(["--tier-mix", "subscriber=60,vip=50"], "more than 100", id="sum-over"),
        pytest.param(["--claim-rate", "2"], "--claim-rate", id="claim-rate"),
        pytest.param(["--redeem-rate", "-0.1"], "--redeem-rate", id="redeem-rate"),
    ],
)
def test_bad_simulate_arguments_fail_with_one_line_and_no_traceback(
    runner: CliRunner, tmp_path: Path, args: list[str], expected: str
) -> None:
    result = simulate(runner, "--entrants", "50", "--supply", "2", *args)

    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert expected in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_simulate_after_init_signs_with_a_throwaway_key_never_the_real_keyring(
    runner: CliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(cli, ["init"]).exit_code == 0
    keyring_before = Path("keys/signing.json").read_bytes()
    shown = runner.invoke(cli, ["keys", "show"])
    assert shown.exit_code == 0, shown.output
    real_keys = tmp_path / "real-public-keys.txt"
    real_keys.write_text(shown.stdout, encoding="utf-8")

    result = simulate(
        runner, "--scenario", "basic", "--entrants", "60", "--supply", "4", "--out", "out"
    )

    assert result.exit_code == 0, result.output
    with Path("out/codes.csv").open(newline="", encoding="utf-8") as handle:
        tokens = [row["token"] for row in csv.DictReader(handle) if row["status"] == "live"]
    assert tokens
    for token in tokens:
        against_real = runner.invoke(cli, ["verify", token, "--public-keys", str(real_keys)])
        assert against_real.exit_code == 1, against_real.output
        assert against_real.stdout.startswith("forged/unknown: ")
    assert "throwaway key" in result.stdout
    # They are genuine for the simulation's own key, which it writes beside them.
    own = runner.invoke(cli, ["verify", tokens[0], "--public-keys", "out/public-keys.txt"])
    assert own.exit_code == 0, own.output
    assert own.stdout.startswith("valid: ")
    assert Path("keys/signing.json").read_bytes() == keyring_before
