"""`fairdrop drop pause|resume|extend|disqualify`: the operator steers a drop from the terminal
through the moderators' use cases, on a real SQLite file, each in the audit log as "operator"
from the CLI; refusals are one line and change nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.bootstrap import open_runtime
from bot.cli.shared import create_keyring
from bot.config import load_settings
from bot.drops.model import Drop, DropState
from bot.keystore import load_keyring
from tests.cli.test_lists_cli import Setup, error_line
from tests.fixtures.harness import spec
from tests.fixtures.settings import NO_BEACON_TOML


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    config = tmp_path / "fairdrop.toml"
    keys = tmp_path / "keys.json"
    config.write_text(
        f'{NO_BEACON_TOML}[database]\nurl = "sqlite:///{tmp_path}/x.db"\n[keys]\npath = "{keys}"\n',
        encoding="utf-8",
    )
    create_keyring(keys, datetime.now(UTC))
    ready = Setup(tmp_path, config)
    ready.ok("db", "upgrade")
    return ready


def _open(setup: Setup) -> Drop:
    settings = load_settings(setup.config, env={})

    async def opened() -> Drop:
        keyring = load_keyring(settings.keys.path)
        async with open_runtime(settings, keyring) as runtime:
            made = spec(channel="default", entry_window=timedelta(minutes=30))
            return await runtime.service.create(made)

    return asyncio.run(opened())


def _state(setup: Setup, drop_id: int) -> Drop:
    settings = load_settings(setup.config, env={})

    async def read() -> Drop:
        async with open_runtime(settings, load_keyring(settings.keys.path)) as runtime:
            return await runtime.service.get(drop_id)

    return asyncio.run(read())


def test_the_operator_pauses_resumes_and_extends_a_drop_and_it_is_audited(setup: Setup) -> None:
    drop = _open(setup)
    assert drop.closes_at is not None
    assert setup.ok("drop", "pause").startswith("drop hoodie: paused")
    assert _state(setup, drop.id).paused_at is not None
    assert setup.ok("drop", "resume", "hoodie").startswith("drop hoodie: resumed")
    extended = setup.ok("drop", "extend", "10m")
    assert extended.startswith("drop hoodie: entries close") and "(extended by 10m)" in extended
    now = _state(setup, drop.id)
    assert now.state is DropState.EARLY and now.paused_at is None
    assert now.closes_at is not None and now.closes_at > drop.closes_at + timedelta(minutes=9)

    refused = setup.invoke("drop", "disqualify", "twitch:1", "--reason", "alt")
    # The last line (the runtime warns first that the beacon is off, as `report` does).
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert refused.stderr.splitlines()[-1].endswith(
        "is not drawn yet; there is no winner to disqualify"
    )
    bad = error_line(setup.invoke("drop", "extend", "soon"))
    assert "soon" in bad

    rows = setup.ok("audit").splitlines()[2:]
    assert [row.split()[6] for row in rows] == ["disqualify", "extend", "resume", "pause"]
    assert all(" cli " in row and " operator " in row for row in rows)
    assert "refused: " in rows[0] and rows[1].rstrip().endswith("(extended by 10m)")
