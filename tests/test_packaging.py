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


def test_the_wheel_carries_the_message_catalog_inside_the_package() -> None:
    # Inside `bot`, so hatch ships it with the package (checked by building in CI's wheel-demo,
    # whose demo says every line through the catalog); read through importlib.resources.
    from bot.messages.catalog import shipped_files

    names = [name for name, _ in shipped_files()]
    assert "twitch.ftl" in names and "discord.ftl" in names
    assert "bot" in WHEEL["packages"]
    assert not any("messages" in str(p) for p in WHEEL.get("exclude", []))
