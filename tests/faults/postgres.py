"""A PostgreSQL 15 cluster of the fault suite's own, which can be restarted on the same port.

The session's `postgres_server` (tests/fixtures/services.py) is shared by every test and must
never go down; this one is started for the fault tests only, with the same settings, and its
`restart(down_for)` stops it (fast shutdown: every connection is cut, as on a failover or a
restart by the operator) and starts it again on the same port and data directory.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.fixtures.services import (
    HOST,
    PG_BIN,
    PG_USER,
    PostgresServer,
    _as_user,
    _die_with_parent,
    _fail_missing,
    _postgres_owner,
    _stop,
    _tempdir,
    _wait_for_postgres,
    free_port,
)


class RestartablePostgres:
    def __init__(self) -> None:
        for binary in (PG_BIN / "initdb", PG_BIN / "postgres"):
            if not os.access(binary, os.X_OK):
                _fail_missing(f"PostgreSQL 15 server ({binary})")
        self.owner = _postgres_owner()
        self.directory = _tempdir("fairdrop-faults-pg-", self.owner)
        self.data = self.directory / "data"
        self.log_path = self.directory / "postgres.log"
        self.env = {**os.environ, "LC_ALL": "C", "HOME": str(self.directory)}
        self.server = PostgresServer(HOST, free_port(), PG_USER, self.directory)
        self.proc: subprocess.Popen[bytes] | None = None
        init = subprocess.run(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "--auth=trust", "-U", PG_USER,
             "--encoding=UTF8", "--locale=C", "--no-sync"],
            cwd=self.directory, env=self.env, stdin=subprocess.DEVNULL, capture_output=True,
            check=False, **_as_user(self.owner),
        )  # fmt: skip
        if init.returncode != 0:
            output = (init.stdout + init.stderr).decode(errors="replace").strip()
            pytest.fail(f"initdb failed (exit {init.returncode}):\n{output}", pytrace=False)

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [str(PG_BIN / "postgres"), "-D", str(self.data), "-p", str(self.server.port),
                 "-c", f"listen_addresses={HOST}",
                 "-c", f"unix_socket_directories={self.directory}",
                 "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off"],
                cwd=self.directory, env=self.env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=log, preexec_fn=_die_with_parent(signal.SIGQUIT), **_as_user(self.owner),
            )  # fmt: skip
        _wait_for_postgres(self.server, self.proc, self.log_path)

    def stop(self) -> None:
        """Fast shutdown: open transactions are rolled back and every connection is cut."""
        if self.proc is not None:
            _stop(self.proc, signal.SIGINT)
            self.proc = None

    def restart(self, down_for: float) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()

    def new_database(self, name: str) -> str:
        with self.server.connect(autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.server.url(name)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture(scope="module")
def restartable_postgres() -> Iterator[RestartablePostgres]:
    server = RestartablePostgres()
    try:
        server.start()
        yield server
    finally:
        server.remove()


__all__ = ["RestartablePostgres", "restartable_postgres"]
