"""What fairdrop's wheel must carry for an installed fairdrop to run: checked against the build
configuration, in seconds. CI also builds the wheel and runs the demo from it (make wheel-demo)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from click.testing import CliRunner

import bot
from bot.cli import cli
from bot.store import migrate

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WHEEL = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]


def test_the_wheel_carries_the_migrations_where_the_store_looks_for_them() -> None:
    shipped_as = WHEEL.get("force-include", {}).get("migrations")
    assert shipped_as == migrate.PACKAGED_MIGRATIONS.relative_to(ROOT).as_posix()
    assert (ROOT / "migrations" / "env.py").is_file()


def test_the_wheel_carries_the_local_fakes_the_demo_runs_on() -> None:
    assert set(WHEEL["packages"]) == {"bot", "fakeplatforms"}


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
