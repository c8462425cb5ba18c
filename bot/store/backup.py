"""Backing up and restoring the database while fairdrop may be running.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies the database in one step from
one read transaction. In WAL mode a reader never blocks the writer, so claims keep committing
while it runs, and the copy is the database exactly as of one commit: every claim acknowledged
before the backup began is in it, and no half of any transaction is.

PostgreSQL: `pg_dump --format=custom`, which reads one snapshot in a repeatable-read
transaction, and `pg_restore` in a single transaction. Both must be on PATH (PostgreSQL's
client tools); the password goes to them in the environment, never on a command line.

Each backup is written beside its target under a temporary name, made private (0600) before
any byte is written, and renamed into place only when complete: a failed or interrupted backup
never leaves a file that looks like one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL

from bot.kernel.errors import FairdropError
from bot.store.database import parse_database_url

CLIENT_TOOLS_HINT = (
    "install PostgreSQL's client tools (Debian: `apt install postgresql-client`) "
    "or put their folder on PATH"
)


class BackupError(FairdropError):
    """A backup or restore cannot be made; one line saying why, the database unchanged."""


def backup(database_url: str, target: Path, *, overwrite: bool = False) -> None:
    """Write a consistent copy of the database at `database_url` to `target` (mode 0600)."""
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists; pass --force to replace it")
    url = parse_database_url(database_url)
    with _private_partial(target) as partial:
        if url.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_file(url), partial)
        else:
            _pg_dump(url, partial)


def restore(database_url: str, source: Path, engine: Engine, *, force: bool = False) -> None:
    """Replace the database at `database_url` (reached through `engine`) with the backup in
    `source`; a database that holds any table is refused unless `force`."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    url = parse_database_url(database_url)
    if not force and has_tables(engine):
        where = url.render_as_string(hide_password=True)
        raise BackupError(
            f"the database at {where} is not empty; pass --force to replace what it holds"
        )
    engine.dispose()  # no pooled connection of ours holds the database while it is replaced
    if url.get_backend_name() == "sqlite":
        _sqlite_restore(source, _sqlite_file(url))
    else:
        _pg_restore(url, source, clean=force)


def revision_of(database_url: str, source: Path) -> str | None:
    """The schema revision stored in the backup `source` (None: the backup has none), read
    without restoring it; BackupError if `source` is not a backup of this kind of database."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    if parse_database_url(database_url).get_backend_name() == "sqlite":
        try:
            with contextlib.closing(_sqlite_connect(source, read_only=True)) as conn:
                names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
                if "alembic_version" not in names:
                    return None
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source}: not a SQLite database backup ({error})") from None
        return None if row is None else str(row[0])
    # Without --dbname pg_restore writes SQL instead of running it: the COPY of that one table.
    script = _pg_tool(
        "pg_restore",
        None,
        ["--data-only", "--table=alembic_version", "--file=-", str(source)],
        subprocess.PIPE,
    )
    lines = script.decode("utf-8", "replace").splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.startswith("COPY ") and "alembic_version" in line:
            value = lines[i + 1].strip()
            return None if value == "\\." else value
    return None


def has_tables(engine: Engine) -> bool:
    """Whether the database holds any table at all (an empty one is safe to restore into)."""
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def signing_key_ids(engine: Engine) -> set[str]:
    """The ids of the signing keys the stored codes were issued under."""
    with engine.connect() as conn:
        return {row[0] for row in conn.execute(text("SELECT DISTINCT kid FROM codes"))}


# -- SQLite -------------------------------------------------------------------------------------


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(url.database)


def _sqlite_backup(source: Path, partial: Path) -> None:
    if not source.is_file():
        raise BackupError(f"no database at {source}; nothing to back up")
    with (
        contextlib.closing(_sqlite_connect(source)) as src,
        contextlib.closing(sqlite3.connect(partial)) as dst,
    ):
        src.backup(dst)  # all pages in one step: one read transaction, one consistent snapshot
        # The copy keeps the source's WAL flag; as a plain rollback-journal file it is one
        # self-contained file (fairdrop switches it back to WAL when it opens it).
        dst.execute("PRAGMA journal_mode=DELETE")
        (verdict,) = dst.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise BackupError(f"the copy of {source} failed SQLite's check: {verdict}")


def _sqlite_restore(source: Path, target: Path) -> None:
    try:
        with contextlib.closing(_sqlite_connect(source, read_only=True)) as src:
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with contextlib.closing(_sqlite_connect(target)) as dst:
                src.backup(dst)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source}: not a SQLite database backup ({error})") from None


def _sqlite_connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    conn = sqlite3.connect(uri, uri=read_only, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=10000")  # as fairdrop's own connections wait
    return conn


# -- PostgreSQL ---------------------------------------------------------------------------------


def _pg_dump(url: URL, partial: Path) -> None:
    with partial.open("wb") as out:
        _pg_tool("pg_dump", url, ["--format=custom", "--no-owner", "--no-privileges"], out)


def _pg_restore(url: URL, source: Path, *, clean: bool) -> None:
    options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if clean:
        options += ["--clean", "--if-exists"]
    _pg_tool("pg_restore", url, [*options, f"--dbname={url.database}", str(source)], None)


def _pg_tool(name: str, url: URL | None, arguments: list[str], out: Any) -> bytes:
    """Run PostgreSQL's `name` with `arguments` against `url`; its standard output (when `out`
    is subprocess.PIPE), else BackupError with the last line it wrote to stderr."""
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} is not on PATH: {CLIENT_TOOLS_HINT}")
    result = subprocess.run(  # noqa: S603 (our own fixed arguments, no shell)
        [tool, *arguments],
        stdout=out if out is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(_pg_environment(url) if url is not None else {})},
        check=False,
    )
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BackupError(f"{name} failed: {said[-1] if said else f'exit {result.returncode}'}")
    return result.stdout or b""


def _pg_environment(url: URL) -> dict[str, str]:
    """libpq's variables for `url`: the password never appears in a process listing."""
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    return {name: value for name, value in values.items() if value}


# -- files --------------------------------------------------------------------------------------


@contextlib.contextmanager
def _private_partial(target: Path) -> Iterator[Path]:
    """A new empty file with mode 0600 beside `target`, renamed onto it when the block
    succeeds and removed when it fails."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        yield partial
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
