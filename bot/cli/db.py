"""`fairdrop db`: the database schema (Alembic migrations)."""

from __future__ import annotations

import click

from bot.bootstrap import build_engine
from bot.cli.shared import Context, pass_context
from bot.store import migrate


@click.group("db")
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@pass_context
def db_upgrade(obj: Context) -> None:
    """Apply every migration the database does not have yet."""
    engine = build_engine(obj.settings)
    try:
        before = migrate.current_revision(engine)
        migrate.upgrade(engine)
        after = migrate.current_revision(engine)
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    if before == after:
        click.echo(f"{where}: already at revision {after}")
    else:
        click.echo(f"{where}: upgraded from {before or 'empty'} to {after}")


@db.command("status")
@pass_context
def db_status(obj: Context) -> None:
    """Show the database's schema revision and the newest one."""
    engine = build_engine(obj.settings)
    try:
        current = migrate.current_revision(engine)
    finally:
        engine.dispose()
    head = migrate.head_revision()
    state = "up to date" if current == head else "behind: run `fairdrop db upgrade`"
    click.echo(f"revision {current or 'none'} (newest {head}): {state}")
