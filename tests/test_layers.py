"""The import rules `make lint` enforces, checked by running ruff on probe sources.

Each probe is linted as if it were a file at the given path (ruff's --stdin-filename), so the
project's per-file rules apply exactly as they do to real files; nothing is written to bot/.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).with_name("ruff")


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
@pytest.mark.parametrize("path", ["bot/drops/probe.py", "bot/gating/probe.py"])
def test_the_core_may_not_import_a_platform_web_or_storage_library(path: str, library: str) -> None:
    assert banned_imports(path, f"import {library}\n")


@pytest.mark.parametrize(
    "path", ["bot/store/probe.py", "bot/run.py", "bot/bootstrap.py", "bot/web/probe.py"]
)
def test_adapters_and_the_composition_root_may(path: str) -> None:
    assert not banned_imports(path, "import redis\n")
