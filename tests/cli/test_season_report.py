"""`fairdrop simulate --scenario season` and `fairdrop report --series`: a simulated season's
report in the terminal, as JSON and as a PNG chart; one-line refusals."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.reports.chart import PNG_MAGIC
from tests.cli.test_db_and_verify import Setup, error_line, make_setup


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    """Three weekly episodes of 120 fans from a pool of 180, simulated into a SQLite file."""
    setup = make_setup(tmp_path_factory.mktemp("season"))
    assert setup.invoke("db", "upgrade").exit_code == 0
    result = setup.invoke(
        "simulate", "--scenario", "season", "--episodes", "3", "--entrants", "120",
        "--supply", "6", "--db", setup.db_url,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Season 'sim-season' in sim: 3 episodes" in result.stdout
    assert "Supply experiments (two-proportion z-test)" in result.stdout
    yield setup


def test_report_series_prints_the_season_and_writes_json_and_a_chart(setup: Setup) -> None:
    data, chart = setup.root / "season.json", setup.root / "season.png"

    result = setup.invoke(
        "report", "--series", "sim-season", "--json", str(data), "--chart", str(chart)
    )

    assert result.exit_code == 0, result.output
    out = result.stdout
    for title in ("Episodes", "Across the season", "Fairness by tier over the season"):
        assert title in out
    season = json.loads(data.read_text(encoding="utf-8"))
    assert [e["drop"] for e in season["episodes"]] == ["ep1", "ep2", "ep3"]
    assert [e["entrants"] for e in season["episodes"]] == [120, 120, 120]
    first, second, _ = season["episodes"]
    assert first["new"] == 120 and second["returning"] > 0  # a returning crowd
    assert [e["variant"] for e in season["episodes"]] == ["", "", ""]  # none configured
    assert season["experiments"] == []
    assert season["repeat_rate"]["whole"] == 240
    assert chart.read_bytes().startswith(PNG_MAGIC)


def test_configured_variants_are_compared(setup: Setup) -> None:
    config = setup.root / "variants.toml"
    config.write_text(
        setup.config.read_text(encoding="utf-8")
        + '\n[seasons.variants]\n"sim-season" = { ep1 = "small", ep2 = "big", ep3 = "small" }\n',
        encoding="utf-8",
    )
    data = setup.root / "variants.json"
    result = Setup(setup.root, config, setup.keys, setup.db_url).invoke(
        "report", "--series", "sim-season", "--channel", "sim", "--json", str(data)
    )

    assert result.exit_code == 0, result.output
    figures = [c["figure"] for c in json.loads(data.read_text(encoding="utf-8"))["experiments"]]
    assert figures == ["conversion at 72 h", "retention at 30 days"]
    assert "against the first variant" in result.stdout


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((), "name a DROP or a --series, one of the two"),
        (("1", "--series", "sim-season"), "name a DROP or a --series, one of the two"),
        (("--series", "sim-season", "--after", "24h"), "--after is for one drop"),
        (("--series", "nope"), "no closed episode of a series named 'nope'"),
        (("--series", "sim-season", "--channel", "other"), "no closed episode"),
    ],
)
def test_report_series_refuses_in_one_line(setup: Setup, args: tuple[str, ...], error: str) -> None:
    assert error in error_line(setup.invoke("report", *args))
