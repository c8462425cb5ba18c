"""A sink that forgets a notice fails `mypy bot`: checked here by type-checking two small sinks,
one with a case for every notice and one without `Settled`."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from mypy import api

from bot.drops.notices import Notice

ROOT = Path(__file__).resolve().parents[2]


def _sink(cases: list[str]) -> str:
    names = [cls.__name__ for cls in get_args(Notice)]
    return "\n".join(
        [
            "from typing import assert_never",
            f"from bot.drops.notices import Notice, {', '.join(names)}",
            "",
            "",
            "def say(notice: Notice) -> str:",
            "    match notice:",
            f"        case {' | '.join(f'{c}()' for c in cases)}:",
            "            return 'said'",
            "        case _:",
            "            assert_never(notice)",
            "",
        ]
    )


def test_mypy_reports_the_notice_a_sink_forgot(tmp_path: Path) -> None:
    every = [cls.__name__ for cls in get_args(Notice)]
    complete, forgetful = tmp_path / "complete.py", tmp_path / "forgetful.py"
    complete.write_text(_sink(every))
    forgetful.write_text(_sink([name for name in every if name != "Settled"]))

    out, err, status = api.run(
        # A cache of its own: a shared one may answer for forgetful.py with an older path.
        ["--strict", "--no-error-summary", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "mypy_cache"), str(complete), str(forgetful)]
    )  # fmt: skip

    assert status == 1, err
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 1, out
    assert errors[0].startswith(str(forgetful)) and '"Settled"' in errors[0]
