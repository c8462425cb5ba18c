"""A throwaway PostgreSQL 15 for benchmarks, started as the test fixture starts it."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator

import psycopg

from tests.fixtures.services import (
    HOST,
    PG_BIN,
    PG_USER,
    _as_user,
    _die_with_parent,
    _postgres_owner,
    _stop,
    _tempdir,
    free_port,
)

# Durability off: what a claims benchmark measures is fairdrop, not the disk.
FAST = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200")


@contextlib.contextmanager
def postgres(*, durable: bool = False) -> Iterator[int]:
    """Start PostgreSQL (trust auth) on a free port and yield the port. `durable` leaves fsync
    and synchronous commit on, as a production server runs."""
    owner = _postgres_owner()
    directory = _tempdir("fairdrop-bench-pg-", owner)
    env = {**os.environ, "LC_ALL": "C", "HOME": str(directory)}
    settings = [] if durable else [arg for s in FAST for arg in ("-c", s)]
    proc: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run(
            [str(PG_BIN / "initdb"), "-D", str(directory / "data"), "--auth=trust",
             "-U", PG_USER, "--encoding=UTF8", "--locale=C", "--no-sync"],
            cwd=directory, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=True,
            **_as_user(owner),
        )  # fmt: skip
        port = free_port()
        with open(directory / "postgres.log", "wb") as log:
            proc = subprocess.Popen(
                [str(PG_BIN / "postgres"), "-D", str(directory / "data"), "-p", str(port),
                 "-c", f"listen_addresses={HOST}", "-c", f"unix_socket_directories={directory}",
                 *settings],
                cwd=directory, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                preexec_fn=_die_with_parent(signal.SIGQUIT), **_as_user(owner),
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(host=HOST, port=port, user=PG_USER, dbname="postgres"):
                    break
            except psycopg.OperationalError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.05)
        yield port
    finally:
        if proc is not None:
            _stop(proc, signal.SIGINT)
        shutil.rmtree(directory, ignore_errors=True)


def fresh_database(port: int, name: str) -> str:
    """An empty database `name` on the server (dropped first if it exists); its URL."""
    with psycopg.connect(
        host=HOST, port=port, user=PG_USER, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{PG_USER}@{HOST}:{port}/{name}"
