"""Files fairdrop writes are private (0600, folders 0700) whatever the operator's umask, and
a symlinked keyring stays a symlink when it is rotated."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli, private_umask
from bot.config import ENV_DATABASE_URL
from bot.keystore import ENV_KEYRING, load_keyring


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def fairdrop(cwd: Path, umask: int) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`fairdrop ...` as an operator runs it: a new process, through `main()`, under `umask`."""
    env = {k: v for k, v in os.environ.items() if k not in (ENV_KEYRING, ENV_DATABASE_URL)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-c", "from bot.cli import main; main()", *args],
            cwd=cwd,
            env=env,
            preexec_fn=lambda: os.umask(umask),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done

    return run


def test_every_file_fairdrop_writes_is_private_under_a_loose_umask(tmp_path: Path) -> None:
    run = fairdrop(tmp_path, 0o022)
    run("init")
    run("simulate", "--scenario", "basic", "--entrants", "40", "--supply", "3",
        "--db", "sqlite:///data/fairdrop.db", "--out", "exports/sim")  # fmt: skip

    written = sorted(tmp_path.rglob("*"))
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    expected = {"fairdrop.toml", "keys/signing.json", "data/fairdrop.db", "exports/sim/codes.csv"}
    assert expected <= names
    loose = {
        p.relative_to(tmp_path).as_posix(): oct(mode_of(p))
        for p in written
        if mode_of(p) != (0o700 if p.is_dir() else 0o600)
    }
    assert loose == {}
    # SQLite gives the -wal and -shm files the database file's own mode, whatever the umask.
    previous = os.umask(0o022)
    try:
        with sqlite3.connect(tmp_path / "data/fairdrop.db") as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE scratch (x)")
            assert mode_of(tmp_path / "data/fairdrop.db-wal") == 0o600
    finally:
        os.umask(previous)


@pytest.mark.parametrize(
    ("operator", "expected"),
    [(0o022, 0o077), (0o002, 0o077), (0o027, 0o077), (0o077, 0o077), (0o177, 0o177)],
)
def test_fairdrop_never_loosens_the_operators_umask(operator: int, expected: int) -> None:
    assert private_umask(operator) == expected


def test_rotating_a_symlinked_keyring_writes_through_the_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_KEYRING, raising=False)
    runner = CliRunner()
    assert runner.invoke(cli, ["init"]).exit_code == 0
    vault = tmp_path / "vault"
    vault.mkdir(mode=0o700)
    link = Path("keys/signing.json")
    target = vault / "signing.json"
    link.rename(target)
    link.symlink_to(target)

    result = runner.invoke(cli, ["keys", "rotate"])

    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert link.resolve() == target
    assert len(load_keyring(target, env={}).keys) == 2
    assert mode_of(target) == 0o600
    assert [p.name for p in vault.iterdir()] == ["signing.json"]  # no temporary file left
