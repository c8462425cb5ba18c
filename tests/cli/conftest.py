"""Shared fixtures for the `fairdrop` command-line tests."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from bot.config import ENV_DATABASE_URL
from bot.keystore import ENV_KEYRING


@pytest.fixture(autouse=True)
def _no_deployment_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands must see only what each test sets up, not the developer's environment."""
    monkeypatch.delenv(ENV_KEYRING, raising=False)
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    """A command configures logging onto the runner's stderr (bot.logs): undo it afterwards."""
    names = ("", "fairdrop", "bot", "alembic")
    handlers = list(logging.getLogger().handlers)
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    logging.getLogger().handlers[:] = handlers
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
