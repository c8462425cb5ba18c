"""What fairdrop's wheel must carry for an installed fairdrop to run: checked against the build
configuration, in seconds. CI also builds the wheel and runs the demo from it (make wheel-demo)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.store import migrate

ROOT = Path(__file__).resolve().parents[1]
WHEEL = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"][
    "build"
]["targets"]["wheel"]


def test_the_wheel_carries_the_migrations_where_the_store_looks_for_them() -> None:
    shipped_as = WHEEL.get("force-include", {}).get("migrations")
    assert shipped_as == migrate.PACKAGED_MIGRATIONS.relative_to(ROOT).as_posix()
    assert (ROOT / "migrations" / "env.py").is_file()


def test_the_wheel_carries_the_local_fakes_the_demo_runs_on() -> None:
    assert set(WHEEL["packages"]) == {"bot", "fakeplatforms"}
