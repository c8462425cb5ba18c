"""Partner API keys and idempotency records in SQL.

A key is shown once when made (`fairdrop partners create`) and stored only as a SHA-256: keys
carry 160 random bits, so a slow password hash would buy nothing and cost every request. The
selector (the key's public middle part) finds the row; the hash is compared in constant time.

Every method is synchronous SQL; `PartnerStore` runs them off the event loop through a runner
(in `fairdrop run`, the service's one database thread, so SQLite never sees two writers).
Idempotency records are written by the redemption's own transaction, which reserves the key
and stores its answer (`bot/store/idempotency.py`): a till that sends an Idempotency-Key with
every redeem costs no commit of its own. Here they are read back, in batches.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, insert, select, update

from bot.drops.intake import BatchIntake
from bot.drops.partners import PartnerScope
from bot.kernel.errors import FairdropError
from bot.store.idempotency import PENDING, read
from bot.store.sql_table import table_of
from bot.store.tables import PartnerKeyRow

T = TypeVar("T")
KEYS: Table = table_of(PartnerKeyRow)
KEY_PREFIX = "fdp"  # a recognisable prefix, so a leaked key is easy to spot in logs and repos
Runner = Callable[[Callable[[], Any]], Awaitable[Any]]
AnswerKey = tuple[int, str]  # (partner key id, Idempotency-Key)


class PartnerError(FairdropError):
    """A partner-key request refused; the message is one line."""


@dataclass(frozen=True, slots=True)
class PartnerKey:
    id: int
    name: str
    selector: str
    scope: PartnerScope
    created_at: datetime
    revoked_at: datetime | None

    @property
    def live(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    request_hash: str
    status: int  # PENDING: the key is reserved for this request, its answer not stored yet
    body: dict[str, Any]

    @property
    def answered(self) -> bool:
        return self.status != PENDING


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode().rstrip("=").lower()


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def split_key(key: str) -> str | None:
    """The selector of a well-formed key, else None."""
    parts = key.strip().split("_")
    if len(parts) != 3 or parts[0] != KEY_PREFIX or len(parts[1]) != 16 or len(parts[2]) != 32:
        return None
    return parts[1]


def _scope_json(scope: PartnerScope) -> str:
    return json.dumps({"drops": sorted(scope.drop_ids), "series": sorted(scope.series)})


def _scope(text: str) -> PartnerScope:
    data = json.loads(text)
    return PartnerScope(frozenset(int(i) for i in data["drops"]), frozenset(data["series"]))


def _row(row: Any) -> PartnerKey:
    return PartnerKey(
        row.id, row.name, row.selector, _scope(row.scopes_json), row.created_at, row.revoked_at
    )


class SqlPartners:
    """The synchronous SQL side."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, name: str, scope: PartnerScope, at: datetime) -> tuple[PartnerKey, str]:
        """A new key for partner `name`; returns the stored key and the key text (shown once)."""
        name = name.strip()
        if not name or len(name) > 64 or not name.isprintable():
            raise PartnerError("a partner name must be 1-64 printable characters")
        if not scope.drop_ids and not scope.series:
            raise PartnerError("a key must cover at least one --drop or --series")
        selector = _b32(secrets.token_bytes(10))
        key = f"{KEY_PREFIX}_{selector}_{_b32(secrets.token_bytes(20))}"
        values = {
            "name": name,
            "selector": selector,
            "key_hash": _hash(key),
            "scopes_json": _scope_json(scope),
            "created_at": at,
        }
        with self.engine.begin() as conn:
            key_id = conn.execute(insert(KEYS).values(**values).returning(KEYS.c.id)).scalar_one()
        return PartnerKey(key_id, name, selector, scope, at, None), key

    def authenticate(self, key: str) -> PartnerKey | None:
        """The live key this text is, or None (malformed, unknown, wrong or revoked)."""
        selector = split_key(key)
        if selector is None:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(KEYS).where(KEYS.c.selector == selector)).first()
        if row is None or not hmac.compare_digest(row.key_hash, _hash(key.strip())):
            return None
        found = _row(row)
        return found if found.live else None

    def all(self) -> list[PartnerKey]:
        with self.engine.connect() as conn:
            return [_row(r) for r in conn.execute(select(KEYS).order_by(KEYS.c.id))]

    def revoke(self, key_id: int, at: datetime) -> PartnerKey:
        with self.engine.begin() as conn:
            row = conn.execute(select(KEYS).where(KEYS.c.id == key_id)).first()
            if row is None:
                raise PartnerError(
                    f"no partner key with id {key_id} (see `fairdrop partners list`)"
                )
            if row.revoked_at is not None:
                raise PartnerError(f"partner key {key_id} was already revoked")
            conn.execute(update(KEYS).where(KEYS.c.id == key_id).values(revoked_at=at))
        return PartnerKey(
            row.id, row.name, row.selector, _scope(row.scopes_json), row.created_at, at
        )

    def answer(self, key_id: int, idempotency_key: str) -> StoredAnswer | None:
        return self.answers([(key_id, idempotency_key)]).get((key_id, idempotency_key))

    def answers(self, keys: Sequence[AnswerKey]) -> dict[AnswerKey, StoredAnswer]:
        """The stored answers among `keys`, in one query."""
        with self.engine.connect() as conn:
            return _answers(conn, keys)


def _answers(conn: Connection, keys: Sequence[AnswerKey]) -> dict[AnswerKey, StoredAnswer]:
    """The stored answers (or bare reservations) among `keys`."""
    return {
        key: StoredAnswer(request_hash, status, json.loads(response))
        for key, (request_hash, status, response) in read(conn, keys).items()
    }


async def _in_thread(fn: Callable[[], T]) -> T:
    return await asyncio.to_thread(fn)


class PartnerStore:
    """The async face the web app uses: each call runs the SQL on `runner`'s thread."""

    def __init__(self, engine: Engine, runner: Runner | None = None) -> None:
        self.sql = SqlPartners(engine)
        self._run: Runner = runner or _in_thread
        self._answers: BatchIntake[AnswerKey, StoredAnswer | None] = BatchIntake(self._answer_batch)

    async def authenticate(self, key: str) -> PartnerKey | None:
        result: PartnerKey | None = await self._run(lambda: self.sql.authenticate(key))
        return result

    async def answer(self, key_id: int, idempotency_key: str) -> StoredAnswer | None:
        return await self._answers.submit((key_id, idempotency_key))

    async def _answer_batch(self, keys: Sequence[AnswerKey]) -> list[StoredAnswer | None]:
        found: dict[AnswerKey, StoredAnswer] = await self._run(lambda: self.sql.answers(keys))
        return [found.get(key) for key in keys]
