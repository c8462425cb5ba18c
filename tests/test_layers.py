"""The import rules `make lint` enforces, checked by running ruff on probe sources.

Each probe is linted as if it were a file at the given path (ruff's --stdin-filename), so the
project's per-file rules apply exactly as they do to real files; nothing is written to bot/.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).with_name("ruff")
# The core's layers, lowest first: each may import those before it and none after it.
CORE = ["kernel", "gating", "drops"]
# Every library the project's root config bans outside the adapters.
LIBRARIES = sorted(
    tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"][
        "flake8-tidy-imports"
    ]["banned-api"]
)
# Everything in bot/ that is not the core: adapters, the composition root, the command line.
ABOVE_THE_CORE = sorted(
    path.stem
    for path in (ROOT / "bot").iterdir()
    if path.stem not in CORE and not path.stem.startswith("_")
    and (path.suffix == ".py" or (path / "__init__.py").exists())
)  # fmt: skip


def banned_imports(path: str, source: str) -> list[str]:
    """The TID251 (banned import) findings ruff reports for `source` placed at `path`."""
    result = subprocess.run(
        [str(RUFF), "check", "--select", "TID251", "--output-format", "concise",
         "--stdin-filename", path, "-"],
        input=source, capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    return [line for line in result.stdout.splitlines() if "TID251" in line]


@pytest.mark.parametrize("library", ["redis", "sqlmodel", "aiohttp", "discord", "twitchio"])
@pytest.mark.parametrize(
    "path", ["bot/drops/probe.py", "bot/gating/probe.py", "bot/kernel/probe.py"]
)
def test_the_core_may_not_import_a_platform_web_or_storage_library(path: str, library: str) -> None:
    assert banned_imports(path, f"import {library}\n")


@pytest.mark.parametrize(
    "path", ["bot/store/probe.py", "bot/run.py", "bot/bootstrap.py", "bot/web/probe.py"]
)
def test_adapters_and_the_composition_root_may(path: str) -> None:
    assert not banned_imports(path, "import redis\n")


@pytest.mark.parametrize("library", LIBRARIES)
@pytest.mark.parametrize("layer", CORE)
def test_each_core_folder_bans_every_library_the_project_bans(layer: str, library: str) -> None:
    # The core folders' own ruff.toml replace the root's list of banned imports: they must
    # repeat every entry of it, or a library would slip into the core unnoticed.
    assert banned_imports(f"bot/{layer}/probe.py", f"import {library}\n")


@pytest.mark.parametrize(
    ("lower", "upper"), [(a, b) for i, a in enumerate(CORE) for b in CORE[i + 1 :]]
)
def test_a_lower_layer_of_the_core_may_not_import_a_higher_one(lower: str, upper: str) -> None:
    probe = f"bot/{lower}/probe.py"
    assert banned_imports(probe, f"from bot.{upper}.model import Drop\n")
    assert banned_imports(probe, f"import bot.{upper}.ports\n")
    assert banned_imports(probe, f"from bot import {upper}\n")


@pytest.mark.parametrize(("lower", "upper"), [(a, b) for i, a in enumerate(CORE) for b in CORE[i:]])
def test_a_layer_may_import_itself_and_the_layers_below(lower: str, upper: str) -> None:
    probe = f"bot/{upper}/probe.py"
    assert not banned_imports(probe, f"from bot.{lower}.errors import FairdropError\n")
    assert not banned_imports(probe, f"import bot.{lower}.clock\n")


@pytest.mark.parametrize("module", ABOVE_THE_CORE)
@pytest.mark.parametrize("layer", CORE)
def test_the_core_may_not_import_anything_above_it(layer: str, module: str) -> None:
    assert banned_imports(f"bot/{layer}/probe.py", f"from bot.{module} import thing\n")


def test_the_layers_above_the_core_are_found() -> None:
    # The list is read from bot/, so a new adapter is covered by the test above without edits.
    assert {"store", "twitch", "discord", "web", "bootstrap", "run", "cli"} <= set(ABOVE_THE_CORE)
