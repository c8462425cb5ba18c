"""Recurring drops declared in the config (`[drops.recurring.NAME]`, issue 23 item 7): read and
checked with the file, started by the process that runs the scheduler when no series of that
name runs, and not started twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.bootstrap import open_runtime
from bot.config import ConfigError, load_settings
from bot.drops.keyring import Keyring
from bot.scheduler_run import declare_series
from tests.fixtures.settings import NO_BEACON_TOML

DECLARED = """
[scheduler]
timezone = "Europe/Berlin"

[drops.recurring.hoodie]
every = "fri 20:00"
supply = 50
entry_window = "15m"
"""


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fairdrop.toml"
    url = f"sqlite:///{tmp_path}/fd.db"
    path.write_text(f'{NO_BEACON_TOML}[database]\nurl = "{url}"\n{text}', encoding="utf-8")
    return path


def test_a_declared_series_with_a_bad_time_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigError, match=r"\[drops\.recurring\.hoodie\] every: .24:00. is not a time of day"
    ):
        load_settings(_config(tmp_path, DECLARED.replace("fri 20:00", "fri 24:00")), env={})


async def test_a_declared_series_is_started_once_by_the_scheduler_process(tmp_path: Path) -> None:
    settings = load_settings(_config(tmp_path, DECLARED), env={})
    declared = settings.drops.recurring["hoodie"]
    assert (declared.every, declared.supply) == ("fri 20:00", 50)
    assert declared.entry_window == timedelta(minutes=15)
    async with open_runtime(settings, Keyring.new(datetime.now(UTC)), migrate=True) as runtime:
        assert runtime.recurring is not None
        await declare_series(runtime)
        await declare_series(runtime)  # a restart: it runs already
        (series,) = await runtime.recurring.listing("default")
    assert (series.name, series.every.text, series.created_by) == ("hoodie", "fri 20:00", "config")
    assert series.options.supply == 50
    local = series.next_at.astimezone(runtime.recurring.zone)
    assert (local.weekday(), local.hour, local.minute) == (4, 20, 0)
