"""`fairdrop db`: the database schema (Alembic migrations), backups and restores."""

from __future__ import annotations

import os
from pathlib import Path

import click

from bot.bootstrap import build_engine
from bot.cli.shared import CommandRefused, Context, pass_context, require_database
from bot.config import Settings
from bot.drops.keyring import Keyring, KeyringError
from bot.keystore import ENV_KEYRING, KeystoreError, save_keyring
from bot.store import backup, migrate
from bot.store.database import parse_database_url


@click.group("db")
def db() -> None:
    """Database schema (Alembic migrations), backups and restores."""


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


@db.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--with-keyring",
    is_flag=True,
    help="Also copy the signing keyring to FILE.keyring.json (mode 0600).",
)
@click.option("--force", is_flag=True, help="Replace FILE (and its keyring copy) if it exists.")
@pass_context
def db_backup(obj: Context, file: Path, with_keyring: bool, force: bool) -> None:
    """Copy the database to FILE, safely while fairdrop runs (SQLite's online backup, or
    pg_dump for PostgreSQL). The signing keyring is not in it unless --with-keyring."""
    settings = obj.settings
    require_database(settings)
    keyring_copy = keyring_backup_path(file)
    if with_keyring and keyring_copy.exists() and not force:
        raise CommandRefused(f"{keyring_copy} already exists; pass --force to replace it")
    keyring = obj.keyring() if with_keyring else None  # a missing keyring stops it up front
    backup.backup(settings.database.url, file, overwrite=force)
    click.echo(f"backed up {_where(settings)} to {file} (mode 0600)")
    if keyring is not None:
        save_keyring(keyring_copy, keyring, overwrite=force)
        click.echo(f"copied the signing keyring to {keyring_copy} (mode 0600): keep it private")
    else:
        click.echo(keyring_not_in_backup(_keyring_source(settings)))


@db.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--keyring",
    "keyring_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also put this keyring (FILE.keyring.json of a backup) where [keys] path says.",
)
@click.option("--force", is_flag=True, help="Replace a database (and keyring) that holds data.")
@pass_context
def db_restore(obj: Context, file: Path, keyring_file: Path | None, force: bool) -> None:
    """Replace the configured database with the backup in FILE (stop fairdrop first). A
    database that holds anything is refused without --force."""
    settings = obj.settings
    restored_keyring = _read_keyring(keyring_file) if keyring_file is not None else None
    if restored_keyring is not None:
        _refuse_to_replace_keyring(settings.keys.path, restored_keyring, force)
    revision = _fairdrop_revision(backup.revision_of(settings.database.url, file), file)
    engine = build_engine(settings)
    try:
        backup.restore(settings.database.url, file, engine, force=force)
        if migrate.current_revision(engine) != revision:  # a restore that silently did less
            raise CommandRefused(f"the database does not hold revision {revision} after restore")
        kids = backup.signing_key_ids(engine)
    finally:
        engine.dispose()
    if restored_keyring is not None:
        save_keyring(settings.keys.path, restored_keyring, overwrite=True)
        click.echo(f"restored the signing keyring to {settings.keys.path} (mode 0600)")
    click.echo(f"restored {file} into {_where(settings)}")
    click.echo(_revision_state(revision))
    missing = kids - _kids_on_keyring(obj)
    if missing:
        click.echo(keyring_lacks_codes_keys(sorted(missing)), err=True)


def keyring_backup_path(backup_file: Path) -> Path:
    """Where `db backup --with-keyring` copies the keyring: beside the backup."""
    return backup_file.with_name(f"{backup_file.name}.keyring.json")


def keyring_not_in_backup(source: str) -> str:
    """What `db backup` says about the keyring it did not copy (see bot/drops/entitlements.py,
    bot/drops/redemption.py and bot/store/tokens.py for what depends on it)."""
    return (
        f"the signing keyring ({source}) is NOT in this backup: keep a copy of it apart, or "
        f"pass --with-keyring. {KEYRING_LOSS}"
    )


KEYRING_LOSS = (
    "Without the keyring that issued them, codes already issued can no longer be shown to "
    "their winners (claim page, Discord, /mycodes) or redeemed by short code, fairdrop refuses "
    "their tokens as signed by an unknown key (partners holding the published public keys can "
    "still check them offline), and the Twitch tokens sealed in the database must be added "
    "again; a new keyring signs only new codes."
)


def keyring_lacks_codes_keys(kids: list[str]) -> str:
    """The warning after a restore whose codes were issued under keys the keyring lacks."""
    return (
        f"warning: codes in this database were issued under signing key(s) "
        f"{', '.join(kids)} that the keyring in place does not hold; restore that keyring "
        f"(`fairdrop db restore FILE --keyring FILE.keyring.json`). {KEYRING_LOSS}"
    )


def _fairdrop_revision(revision: str | None, file: Path) -> str:
    """The backup's schema revision, if this fairdrop can run on it; refused before anything
    is restored otherwise."""
    if revision is None:
        raise CommandRefused(f"{file} holds no fairdrop schema revision: not a fairdrop backup")
    if not migrate.is_known(revision):
        raise CommandRefused(
            f"{file} is at schema revision {revision}, which this fairdrop (newest "
            f"{migrate.head_revision()}) does not know: restore it with a newer fairdrop"
        )
    return revision


def _revision_state(revision: str) -> str:
    head = migrate.head_revision()
    if revision == head:
        return f"schema revision {revision}: up to date; `fairdrop run` continues from it"
    return f"schema revision {revision} (newest {head}): run `fairdrop db upgrade` before `run`"


def _where(settings: Settings) -> str:
    return parse_database_url(settings.database.url).render_as_string(hide_password=True)


def _keyring_source(settings: Settings) -> str:
    return f"${ENV_KEYRING}" if os.environ.get(ENV_KEYRING) else str(settings.keys.path)


def _read_keyring(path: Path) -> Keyring:
    try:
        return Keyring.from_json(path.read_text(encoding="utf-8"))
    except (KeyringError, UnicodeDecodeError) as error:
        raise CommandRefused(f"{path}: not a keyring ({error})") from None


def _refuse_to_replace_keyring(path: Path, keyring: Keyring, force: bool) -> None:
    """A different keyring already in place is the only copy of its keys: never lost quietly."""
    if not path.exists() or force:
        return
    try:
        in_place = Keyring.from_json(path.read_text(encoding="utf-8"))
    except (KeyringError, UnicodeDecodeError):
        in_place = None
    if in_place is None or in_place.keys != keyring.keys:
        raise CommandRefused(f"{path} holds another keyring; pass --force to replace it")


def _kids_on_keyring(obj: Context) -> set[str]:
    try:
        return {key.kid for key in obj.keyring().keys}
    except KeystoreError:
        return set()
