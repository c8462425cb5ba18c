"""Platform tokens at rest: sealed with NaCl SecretBox under a key derived from the keyring.

The key is derived from the keyring's first (oldest) signing key, which is never removed, so
rotating signing keys does not lose the tokens; the database alone reveals nothing usable.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox
from sqlalchemy import Engine, Table, select

from bot.drops.keyring import Keyring
from bot.store.sql import upsert
from bot.store.sql_table import table_of
from bot.store.tables import PlatformTokenRow

TOKENS: Table = table_of(PlatformTokenRow)


@dataclass(frozen=True)
class StoredToken:
    access_token: str
    refresh_token: str


class TokenStore:
    def __init__(self, engine: Engine, keyring: Keyring) -> None:
        self.engine = engine
        key = hmac.digest(keyring.keys[0].seed, b"fairdrop/v1/token-seal", hashlib.sha256)
        self.box = SecretBox(key)

    def save(self, platform: str, user_id: str, token: StoredToken, at: datetime) -> None:
        sealed = self.box.encrypt(
            json.dumps({"access": token.access_token, "refresh": token.refresh_token}).encode()
        )
        values = {
            "platform": platform,
            "user_id": user_id,
            "sealed": bytes(sealed),
            "updated_at": at,
        }
        with self.engine.begin() as conn:
            upsert(conn, TOKENS, values, ["platform", "user_id"])

    def load(self, platform: str, user_id: str) -> StoredToken | None:
        """The stored token, or None (also when it was sealed under another keyring)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(TOKENS.c.sealed).where(
                    TOKENS.c.platform == platform, TOKENS.c.user_id == user_id
                )
            ).first()
        if row is None:
            return None
        try:
            data = json.loads(self.box.decrypt(bytes(row[0])))
        except (CryptoError, ValueError):
            return None
        return StoredToken(data["access"], data["refresh"])

    def stored(self) -> list[tuple[str, str, datetime]]:
        """(platform, user id, last saved) of every stored token; never the tokens."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(TOKENS.c.platform, TOKENS.c.user_id, TOKENS.c.updated_at).order_by(
                    TOKENS.c.platform, TOKENS.c.user_id
                )
            )
            return [(r[0], r[1], r[2]) for r in rows]
