"""Platform tokens at rest: sealed, readable only with the keyring that sealed them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.drops.keyring import Keyring
from bot.store.database import make_engine
from bot.store.migrate import upgrade
from bot.store.tokens import StoredToken, TokenStore
from tests.fixtures.harness import START, seeded_bytes


def test_a_token_round_trips_sealed_and_only_its_keyring_opens_it(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/t.db")
    try:
        upgrade(engine)
        keyring = Keyring.new(START, seeded_bytes(1))
        store = TokenStore(engine, keyring)
        store.save("twitch", "42", StoredToken("access-abc", "refresh-xyz"), START)
        store.save("twitch", "42", StoredToken("access-new", "refresh-new"), START)
        assert store.load("twitch", "42") == StoredToken("access-new", "refresh-new")
        assert store.load("twitch", "43") is None
        with engine.connect() as conn:
            sealed = bytes(conn.execute(text("SELECT sealed FROM platform_tokens")).scalar_one())
        assert b"access-new" not in sealed and b"refresh-new" not in sealed
        # Rotating the signing key keeps the tokens readable; another keyring reads nothing.
        assert TokenStore(engine, keyring.rotate(START, seeded_bytes(2))).load("twitch", "42")
        assert TokenStore(engine, Keyring.new(START, seeded_bytes(3))).load("twitch", "42") is None
    finally:
        engine.dispose()
