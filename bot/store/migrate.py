"""Applying the Alembic migrations in `migrations/`: the only way the schema is made."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine

# The project's `migrations/` folder. An installed wheel carries it inside the package, as
# bot/store/migrations (pyproject.toml's force-include); a source checkout has it at the root.
PACKAGED_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATIONS = (
    PACKAGED_MIGRATIONS
    if PACKAGED_MIGRATIONS.is_dir()
    else Path(__file__).resolve().parents[2] / "migrations"
)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database at `engine` up to `revision` (normally the newest)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def is_known(revision: str) -> bool:
    """Whether `revision` is one of this release's migrations (a newer fairdrop's is not)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False
