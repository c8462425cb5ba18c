"""What fairdrop's wheel must carry for an installed fairdrop to run: checked against the build
configuration, in seconds. CI also builds the wheel and runs the demo from it (make wheel-demo)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from click.testing import CliRunner

import bot
from bot.cli import cli
from bot.config import loader
from bot.store import migrate

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WHEEL = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]


def test_the_wheel_carries_the_migrations_where_the_store_looks_for_them() -> None:
    shipped_as = WHEEL.get("force-include", {}).get("migrations")
    assert shipped_as == migrate.PACKAGED_MIGRATIONS.relative_to(ROOT).as_posix()
    assert (ROOT / "migrations" / "env.py").is_file()


def test_the_wheel_carries_the_example_config_where_the_loader_looks_for_it() -> None:
    shipped_as = WHEEL.get("force-include", {}).get("config.example.toml")
    assert shipped_as == loader.PACKAGED_EXAMPLE.relative_to(ROOT).as_posix()
    assert loader.EXAMPLE_CONFIG == ROOT / "config.example.toml"  # a checkout: its root's


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


def test_the_version_is_written_once_in_pyproject_and_read_from_the_package_metadata() -> None:
    assert bot.__version__ == PYPROJECT["project"]["version"]


def test_fairdrop_version_prints_the_package_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output == f"fairdrop {PYPROJECT['project']['version']}\n"


def test_the_changelog_has_an_unreleased_section_and_one_for_the_current_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert f"## [{PYPROJECT['project']['version']}]" in changelog
