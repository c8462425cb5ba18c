"""The service fixtures start real servers that work: PostgreSQL through SQLAlchemy, and Redis,
including a crash (SIGKILL) and restart on the same port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
import sqlalchemy as sa

from tests.fixtures.services import RedisServer, free_port

_seen_databases: list[str] = []


@pytest.fixture
def engine(postgres_url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(postgres_url)
    try:
        yield engine
    finally:
        engine.dispose()


def test_free_port_is_bindable() -> None:
    port = free_port()
    assert 1024 <= port <= 65535


def test_postgres_table_round_trip(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE drops (id serial PRIMARY KEY, name text NOT NULL)"))
        conn.execute(sa.text("INSERT INTO drops (name) VALUES (:name)"), {"name": "first"})
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, name FROM drops")).all()
        version = conn.execute(sa.text("SHOW server_version_num")).scalar_one()
    assert [tuple(row) for row in rows] == [(1, "first")]
    assert int(version) // 10000 == 15


@pytest.mark.parametrize("attempt", [1, 2])
def test_each_test_gets_a_fresh_empty_database(engine: sa.Engine, attempt: int) -> None:
    with engine.connect() as conn:
        name = conn.execute(sa.text("SELECT current_database()")).scalar_one()
        tables = conn.execute(
            sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        ).scalar_one()
    assert tables == 0
    assert name not in _seen_databases
    _seen_databases.append(name)
    with engine.begin() as conn:  # leaves a table behind; the next test must not see it
        conn.execute(sa.text("CREATE TABLE leftover (id int)"))


def test_redis_set_get(redis_url: str) -> None:
    with redis.Redis.from_url(redis_url) as client:
        assert client.dbsize() == 0
        client.set("drop:1", "open")
        assert client.get("drop:1") == b"open"


def test_redis_starts_empty_after_previous_test(redis_url: str) -> None:
    with redis.Redis.from_url(redis_url) as client:
        assert client.get("drop:1") is None


def test_redis_kill_and_restart_on_same_port(redis_server: RedisServer, redis_url: str) -> None:
    with redis.Redis.from_url(redis_url, socket_timeout=2) as client:
        client.set("k", "v")
        redis_server.kill()
        assert not redis_server.running
        with pytest.raises(redis.exceptions.ConnectionError):
            client.get("k")

        port = redis_server.port
        redis_server.restart()
        assert redis_server.running
        assert redis_server.port == port
        assert redis_server.url == redis_url
        # No persistence: the data is gone, and the same client reconnects.
        assert client.get("k") is None
        client.set("k", "again")
        assert client.get("k") == b"again"


def test_redis_left_killed_by_a_test(redis_server: RedisServer) -> None:
    redis_server.kill()  # and not restarted: the next test's redis_url must restart it
    assert not redis_server.running


def test_redis_url_restarts_a_killed_server(redis_server: RedisServer, redis_url: str) -> None:
    assert redis_server.running
    with redis.Redis.from_url(redis_url) as client:
        assert client.ping()
