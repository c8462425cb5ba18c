"""What every `fairdrop` command shares: the settings and keyring it runs with, the database it
reads, and the refusal it raises.

Imports go one way: each command module imports this one, the group (`bot/cli/__init__.py`)
imports the command modules, and this module imports neither, so no command reaches back into
the group or into another command (tests/cli/test_package.py checks it).
"""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import Engine

from bot.bootstrap import build_engine
from bot.config import Settings, load_settings
from bot.drops.keyring import Keyring
from bot.kernel.errors import FairdropError
from bot.keystore import load_keyring
from bot.logs import configure_logging
from bot.store import migrate
from bot.store.database import parse_database_url

BEHIND = "database schema is behind: run `fairdrop db upgrade`"


class CommandRefused(FairdropError):
    """A command refuses what it was asked (a file already there, an option it cannot use);
    like every `FairdropError` it ends the command as one line and exit status 1."""


class Context:
    """The `--config` a command was given; the settings and keyring load on first use, so a
    command that needs neither (`init`, `demo`) works without a config file or keys."""

    def __init__(self, config: Path | None) -> None:
        self.config_path = config
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config_path)  # ConfigError: one line
            configure_logging(self._settings.log.level, log_format=self._settings.log.format)
        return self._settings

    def keyring(self) -> Keyring:
        return load_keyring(self.settings.keys.path)  # KeystoreError: one line


pass_context = click.make_pass_decorator(Context)


def require_database(settings: Settings) -> None:
    """Refuse to read from a SQLite file that is not there (opening it would create it)."""
    url = parse_database_url(settings.database.url)
    file = url.database if url.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not Path(file).exists():
        raise CommandRefused(f"no database at {file}; run `fairdrop db upgrade` first")


def current_engine(settings: Settings, behind: str = BEHIND) -> Engine:
    """An engine on the configured database, which must exist and be at the newest schema;
    else the refusal `behind` says what to run. The caller disposes of it."""
    require_database(settings)
    engine = build_engine(settings)
    try:
        is_current = migrate.is_current(engine)
    except BaseException:
        engine.dispose()
        raise
    if not is_current:
        engine.dispose()
        raise CommandRefused(behind)
    return engine
