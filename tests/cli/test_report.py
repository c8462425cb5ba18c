"""`fairdrop report`: a simulated drop's summary in the terminal, as JSON and as a PNG chart."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.reports.chart import PNG_MAGIC
from bot.store.database import SqlUnitOfWork, make_engine
from tests.cli.test_db_and_verify import Setup, error_line, make_setup


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    """A drop simulated into a SQLite file: drawn, claimed, rerolled after 24 h, redeemed."""
    setup = make_setup(tmp_path_factory.mktemp("report"))
    assert setup.invoke("db", "upgrade").exit_code == 0
    result = setup.invoke(
        "simulate", "--scenario", "basic", "--entrants", "300", "--supply", "10",
        "--claim-rate", "0.7", "--db", setup.db_url,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    yield setup


def _outbox_kinds(setup: Setup) -> list[str]:
    engine = make_engine(setup.db_url)
    try:
        with SqlUnitOfWork(engine) as uow:
            return [m.kind for m in uow.outbox.for_drop(1)]
    finally:
        engine.dispose()


def test_report_prints_the_summary_and_writes_json_and_a_png_chart(setup: Setup) -> None:
    data, chart = setup.root / "summary.json", setup.root / "funnel.png"
    before = _outbox_kinds(setup)

    result = setup.invoke(
        "report", "sim-lottery", "--channel", "sim", "--after", "72h",
        "--json", str(data), "--chart", str(chart),
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Drop 'sim-lottery' (#1, lottery, supply 10) in sim")
    for title in ("Conversion 72 h after the close", "Entrants", "Fairness by tier"):
        assert title in out
    figures = dict(
        re.split(r"\s{2,}", line, maxsplit=1) for line in out.splitlines() if "  " in line
    )
    assert figures["entrants"] == "300"
    summary = json.loads(data.read_text(encoding="utf-8"))
    assert (summary["drop"], summary["label"], summary["entrants"]) == ("sim-lottery", "72h", 300)
    # Winners are units (issue 22 item 6): a unit passed on is one winner, not two.
    assert summary["winners"] == 10 and summary["rerolls"] > 0
    assert 0 < summary["redeemed"] <= summary["viewed"] <= summary["delivered"]
    assert [step for step, _ in summary["funnel"]] == [
        "entrants", "eligible", "winners", "delivered", "viewed", "redeemed",
    ]  # fmt: skip
    assert figures["codes redeemed"] == str(summary["redeemed"])
    assert chart.read_bytes().startswith(PNG_MAGIC)
    assert f"wrote {data}" in out and f"wrote {chart}" in out
    assert _outbox_kinds(setup) == before  # a report posts nothing


def test_the_24h_report_leaves_out_what_came_after_the_first_day(setup: Setup) -> None:
    # The simulation rerolls and redeems just after the 24 h claim window.
    day, days = setup.root / "24h.json", setup.root / "72h.json"
    assert setup.invoke("report", "1", "--after", "24h", "--json", str(day)).exit_code == 0
    assert setup.invoke("report", "1", "--after", "72h", "--json", str(days)).exit_code == 0

    first = json.loads(day.read_text(encoding="utf-8"))
    later = json.loads(days.read_text(encoding="utf-8"))
    assert (first["winners"], first["rerolls"], first["redeemed"]) == (10, 0, 0)
    assert later["redeemed"] > 0 and later["revenue_cents"] > 0
    again = setup.root / "again.json"
    assert setup.invoke("report", "1", "--after", "24h", "--json", str(again)).exit_code == 0
    reproduced = json.loads(again.read_text(encoding="utf-8"))
    assert reproduced | {"computed_at": None} == first | {"computed_at": None}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nope", "--channel", "sim"], "no drop named 'nope' in channel 'sim'"),
        (["sim-lottery"], "no drop named 'sim-lottery' in channel 'default'"),
        (["99"], "no drop with id 99"),
        (["1", "--after", "soon"], "--after: duration 'soon'"),
    ],
)
def test_an_unknown_drop_is_one_line_and_changes_nothing(
    setup: Setup, args: list[str], expected: str
) -> None:
    data = setup.root / "unknown.json"
    before = _outbox_kinds(setup)

    line = error_line(setup.invoke("report", *args, "--json", str(data)))

    assert expected in line
    assert not data.exists()
    assert _outbox_kinds(setup) == before


def test_report_without_a_database_says_to_create_it(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)

    line = error_line(setup.invoke("report", "1"))

    assert "fairdrop db upgrade" in line
    assert not (tmp_path / "x.db").exists()
