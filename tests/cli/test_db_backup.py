"""`fairdrop db backup` and `db restore`: a backup taken by another process while a drop takes
claims restores to a consistent database the bot continues from, on SQLite and PostgreSQL; the
keyring is handled explicitly; refusals are one line and change nothing."""

from __future__ import annotations

import asyncio
import itertools
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.bootstrap import open_runtime
from bot.cli.db import KEYRING_LOSS
from bot.config import ENV_DATABASE_URL, load_settings
from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimRequest
from bot.drops.keyring import Keyring
from bot.drops.model import DropState, Mode
from bot.gating.context import Claimant
from bot.keystore import ENV_KEYRING, load_keyring, save_keyring
from bot.store import migrate
from bot.store.database import make_engine
from tests.cli.test_db_and_verify import Setup, error_line
from tests.fixtures.services import PG_BIN, PostgresServer, throwaway_database
from tests.fixtures.settings import NO_BEACON_TOML

FAIRDROP = Path(sys.executable).with_name("fairdrop")  # the console script, as an operator runs it
CHANNEL = "backup"
BACKUP_AFTER = 120  # acknowledged claims before the backup starts; more stream in meanwhile
IN_FLIGHT = 16  # fans claiming at once
STEP_TIMEOUT = 60.0


def deployment(root: Path, db_url: str, *, keyring: Keyring | None) -> Setup:
    """A config file on a database and a keyring path, as `fairdrop` reads them; the keyring
    saved there if given. Claims are not rate-limited (the crowd is one process); lotteries
    draw at close, offline (no drand beacon)."""
    root.mkdir(parents=True, exist_ok=True)
    keys = root / "keys" / "signing.json"
    config = root / "fairdrop.toml"
    config.write_text(
        f'[database]\nurl = "{db_url}"\n\n[keys]\npath = "{keys}"\n\n[claims]\nrate_limit = 1000\n'
        f"\n{NO_BEACON_TOML}",
        encoding="utf-8",
    )
    if keyring is not None:
        save_keyring(keys, keyring, overwrite=False)
    return Setup(root, config, keys, db_url)


@pytest.fixture
def with_pg_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL's client tools on PATH, as the README asks of a PostgreSQL host."""
    monkeypatch.setenv("PATH", f"{PG_BIN}{os.pathsep}{os.environ['PATH']}")


@pytest.fixture
def second_postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """Another fresh empty database on the same server: where the backup is restored."""
    with throwaway_database(postgres_server, "restored") as url:
        yield url


async def run_fairdrop(*args: str) -> tuple[int, str, str]:
    """`fairdrop ARGS` in a process of its own, as an operator runs it beside the bot."""
    env = {k: v for k, v in os.environ.items() if k not in (ENV_KEYRING, ENV_DATABASE_URL)}
    proc = await asyncio.create_subprocess_exec(
        str(FAIRDROP),
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    out, err = await asyncio.wait_for(proc.communicate(), STEP_TIMEOUT)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def person(n: int) -> str:
    return str(500_000 + n)


async def drop_with_backup_mid_claims(live: Setup, backup_file: Path) -> set[str]:
    """Open a lottery drop, stream claims into it and, once BACKUP_AFTER are acknowledged, take
    a backup with `fairdrop db backup` in another process while the claims keep streaming in
    until it is done; the accounts acknowledged before the backup started."""
    settings = load_settings(live.config, env={})
    keyring = load_keyring(live.keys, env={})
    acknowledged: list[str] = []
    enough, backed_up = asyncio.Event(), asyncio.Event()
    numbers = itertools.count()
    async with open_runtime(settings, keyring, migrate=True) as runtime:
        service = runtime.service
        spec = settings.drop_spec(
            "hoodie", "Hoodie", CHANNEL, mode=Mode.LOTTERY, supply=25,
            entry_window=timedelta(hours=1), tiers=(),
        )  # fmt: skip
        drop = await service.create(spec)
        assert drop.state in (DropState.EARLY, DropState.PUBLIC)

        async def fan_after_fan() -> None:
            while not backed_up.is_set():
                n = next(numbers)
                claimant = Claimant("twitch", person(n), f"fan{n}")
                outcome = await service.claim(ClaimRequest(f"msg-{n}", CHANNEL, claimant))
                assert isinstance(outcome, oc.Entered), outcome
                acknowledged.append(f"twitch:{person(n)}")
                if len(acknowledged) >= BACKUP_AFTER:
                    enough.set()

        crowd = [asyncio.create_task(fan_after_fan()) for _ in range(IN_FLIGHT)]
        await asyncio.wait_for(enough.wait(), STEP_TIMEOUT)
        before = set(acknowledged)
        status, out, err = await run_fairdrop(
            "-c", str(live.config), "db", "backup", str(backup_file), "--with-keyring"
        )
        during = len(acknowledged) - len(before)
        backed_up.set()
        await asyncio.gather(*crowd)
        assert status == 0, err
        assert f"to {backup_file} (mode 0600)" in out
        assert during > 0  # claims were committed while the backup ran
    return before


async def continue_from_restore(restored: Setup, acknowledged_before: set[str]) -> None:
    """What `fairdrop run` builds on the restored database: the drop is still open, every claim
    acknowledged before the backup is in it, more claims are taken, and the draw works."""
    settings = load_settings(restored.config, env={})
    keyring = load_keyring(restored.keys, env={})
    async with open_runtime(settings, keyring) as runtime:  # refuses a schema not current
        service = runtime.service
        status = await service.status(CHANNEL, "hoodie")
        assert status.phase in (DropState.EARLY, DropState.PUBLIC)
        with runtime.engine.connect() as conn:
            entered = set(conn.scalars(sa.text("SELECT identity FROM entries")))
            messages = set(conn.scalars(sa.text("SELECT message_id FROM inbound_messages")))
        assert acknowledged_before <= entered
        assert len(messages) == len(entered)  # each stored claim with the message it came in
        assert status.entrants == len(entered)

        late = Claimant("twitch", "900000", "latecomer")
        outcome = await service.claim(ClaimRequest("msg-late", CHANNEL, late))
        assert isinstance(outcome, oc.Entered), outcome
        closing = await service.close(CHANNEL, "hoodie")
        assert closing.draw is not None
        assert closing.draw.entrants == len(entered) + 1
        assert closing.draw.winners == 25
        winner = next(iter(await service.holders(closing.drop.id)))
        collected = await service.collect(closing.drop.id, winner)
        assert len(collected.codes) == 1  # the restored keyring delivers the new code


async def test_a_sqlite_backup_taken_while_claims_stream_in_restores_to_a_drop_that_continues(
    tmp_path: Path,
) -> None:
    keyring = Keyring.new(datetime.now(UTC))
    live = deployment(tmp_path / "live", f"sqlite:///{tmp_path}/live/fairdrop.db", keyring=keyring)
    backup_file = tmp_path / "backups" / "fairdrop.db.bak"

    before = await drop_with_backup_mid_claims(live, backup_file)

    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    keyring_copy = backup_file.with_name("fairdrop.db.bak.keyring.json")
    assert stat.S_IMODE(keyring_copy.stat().st_mode) == 0o600
    with sqlite3.connect(backup_file) as conn:  # one self-contained file, sound
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not backup_file.with_name("fairdrop.db.bak-wal").exists()

    restored = deployment(
        tmp_path / "restored", f"sqlite:///{tmp_path}/restored/fairdrop.db", keyring=None
    )
    result = restored.invoke("db", "restore", str(backup_file), "--keyring", str(keyring_copy))
    assert result.exit_code == 0, result.output
    assert "up to date; `fairdrop run` continues from it" in result.stdout
    assert load_keyring(restored.keys, env={}).keys == keyring.keys
    await continue_from_restore(restored, before)

    # After the draw, codes exist: restored beside another keyring (the original lost), the
    # restore says so and what it means.
    after_draw = tmp_path / "backups" / "after-draw.db"
    assert restored.invoke("db", "backup", str(after_draw)).exit_code == 0
    elsewhere = deployment(
        tmp_path / "elsewhere", f"sqlite:///{tmp_path}/elsewhere/fairdrop.db",
        keyring=Keyring.new(datetime.now(UTC)),
    )  # fmt: skip
    result = elsewhere.invoke("db", "restore", str(after_draw))
    assert result.exit_code == 0, result.output
    warning = result.stderr.strip()
    assert warning.startswith(
        f"warning: codes in this database were issued under signing key(s) {keyring.current.kid}"
    )
    assert warning.endswith(KEYRING_LOSS)


async def test_a_postgresql_backup_taken_while_claims_stream_in_restores_to_a_drop_that_continues(
    tmp_path: Path, postgres_url: str, second_postgres_url: str, with_pg_tools: None
) -> None:
    keyring = Keyring.new(datetime.now(UTC))
    live = deployment(tmp_path / "live", postgres_url, keyring=keyring)
    backup_file = tmp_path / "backups" / "fairdrop.pgdump"

    before = await drop_with_backup_mid_claims(live, backup_file)

    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    restored = deployment(tmp_path / "restored", second_postgres_url, keyring=keyring)
    result = restored.invoke("db", "restore", str(backup_file))
    assert result.exit_code == 0, result.output
    assert "up to date; `fairdrop run` continues from it" in result.stdout
    assert "warning" not in result.stderr  # the keyring in place issued every code
    await continue_from_restore(restored, before)


def migrated(tmp_path: Path, name: str, keyring: Keyring | None) -> Setup:
    setup = deployment(tmp_path / name, f"sqlite:///{tmp_path}/{name}/fairdrop.db", keyring=keyring)
    assert setup.invoke("db", "upgrade").exit_code == 0
    return setup


def test_a_backup_says_the_keyring_is_not_in_it_and_what_losing_it_means(tmp_path: Path) -> None:
    setup = migrated(tmp_path, "live", Keyring.new(datetime.now(UTC)))
    result = setup.invoke("db", "backup", str(tmp_path / "b.db"))
    assert result.exit_code == 0, result.output
    assert f"the signing keyring ({setup.keys}) is NOT in this backup" in result.stdout
    assert KEYRING_LOSS in result.stdout
    assert not (tmp_path / "b.db.keyring.json").exists()


def test_a_backup_never_replaces_a_file_without_force(tmp_path: Path) -> None:
    setup = migrated(tmp_path, "live", Keyring.new(datetime.now(UTC)))
    target = tmp_path / "b.db"
    target.write_text("an older backup")
    line = error_line(setup.invoke("db", "backup", str(target)))
    assert line == f"Error: {target} already exists; pass --force to replace it"
    assert target.read_text() == "an older backup"
    assert setup.invoke("db", "backup", str(target), "--force").exit_code == 0
    assert target.read_bytes().startswith(b"SQLite format 3")


def test_a_restore_into_a_database_that_holds_data_is_refused_without_force(
    tmp_path: Path,
) -> None:
    keyring = Keyring.new(datetime.now(UTC))
    source = migrated(tmp_path, "source", keyring)
    assert source.invoke("db", "backup", str(tmp_path / "b.db")).exit_code == 0
    target = migrated(tmp_path, "target", keyring)
    engine = make_engine(target.db_url)
    with engine.begin() as conn:  # the target has a drop list the backup does not
        conn.execute(sa.text("CREATE TABLE kept (x INTEGER)"))
    engine.dispose()

    line = error_line(target.invoke("db", "restore", str(tmp_path / "b.db")))
    assert line.startswith("Error: the database at sqlite:///")
    assert line.endswith("is not empty; pass --force to replace what it holds")
    engine = make_engine(target.db_url)
    with engine.connect() as conn:
        assert "kept" in sa.inspect(conn).get_table_names()
    engine.dispose()

    forced = target.invoke("db", "restore", str(tmp_path / "b.db"), "--force")
    assert forced.exit_code == 0, forced.output


def test_a_backup_from_an_unknown_schema_revision_is_refused_before_anything_changes(
    tmp_path: Path,
) -> None:
    source = migrated(tmp_path, "source", Keyring.new(datetime.now(UTC)))
    backup_file = tmp_path / "b.db"
    assert source.invoke("db", "backup", str(backup_file)).exit_code == 0
    with sqlite3.connect(backup_file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    target = deployment(tmp_path / "target", f"sqlite:///{tmp_path}/t.db", keyring=None)

    line = error_line(target.invoke("db", "restore", str(backup_file)))
    head = migrate.head_revision()
    assert line == (
        f"Error: {backup_file} is at schema revision 9999, which this fairdrop (newest {head}) "
        "does not know: restore it with a newer fairdrop"
    )
    assert not (tmp_path / "t.db").exists()


def test_pg_dump_missing_from_path_is_one_line_and_leaves_no_file(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    setup = deployment(tmp_path / "live", postgres_url, keyring=Keyring.new(datetime.now(UTC)))
    line = error_line(setup.invoke("db", "backup", str(tmp_path / "b.pgdump")))
    assert line.startswith("Error: pg_dump is not on PATH: install PostgreSQL's client tools")
    assert list(tmp_path.glob("*.pgdump*")) == []
