"""Idempotency records in SQL: a partner's Idempotency-Key reserved for a request, and answered.

The transaction that redeems under a key first reserves it (`SqlIdempotency.reserve`): a row
with the request's fingerprint and no answer yet (status PENDING), so the unique `(partner key,
key)` decides between two processes before either has redeemed anything. The same transaction
then stores the answer into the row (`SqlIdempotency.answer`), so the redemption and the answer
a retry replays are committed together. A row left PENDING (its caller gave no answer) is
judged again on retry, and the redemption's request key tells that retry it redeemed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table

from bot.drops.model import KeyReservation
from bot.store.sql import driver_time, insert_new, matching_any, placeholders
from bot.store.sql_table import table_of
from bot.store.tables import IdempotencyRow

IDEMPOTENCY: Table = table_of(IdempotencyRow)
PENDING = 0  # the status of a reserved key whose answer is not stored yet (no HTTP status is 0)
AnswerKey = tuple[int, str]  # (partner key id, Idempotency-Key)
COLUMNS = ("partner_key_id", "key", "request_hash", "status", "response_json", "created_at")
# (partner key id, key, request hash, status, response JSON): an answer to store.
Filled = tuple[int, str, str, int, str]


class SqlIdempotency:
    """The reservations the redemption's transaction makes (`IdempotencyRepository`)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def reserve(self, reservations: Sequence[KeyReservation], at: datetime) -> dict[AnswerKey, str]:
        conn = self.conn
        wanted: dict[AnswerKey, str] = {}
        for r in reservations:
            wanted.setdefault((r.partner_key_id, r.key), r.fingerprint)
        # In key order: two transactions reserving overlapping keys take their locks in one order.
        stamp = driver_time(conn, at)
        rows = [(k[0], k[1], f, PENDING, "{}", stamp) for k, f in sorted(wanted.items())]
        inserted = {tuple(r) for r in insert_new(conn, IDEMPOTENCY, COLUMNS, rows, COLUMNS[:2])}
        taken = [key for key in wanted if key not in inserted]
        if taken:
            wanted.update((k, hash_) for k, (hash_, _, _) in read(conn, taken).items())
        return wanted

    def answer(self, answers: Sequence[tuple[KeyReservation, int, dict[str, Any]]]) -> None:
        fill(
            self.conn,
            [
                (r.partner_key_id, r.key, r.fingerprint, status, json.dumps(body))
                for r, status, body in answers
            ],
        )


def read(conn: Connection, keys: Sequence[AnswerKey]) -> dict[AnswerKey, tuple[str, int, str]]:
    """The records among `keys` as (request hash, status, response JSON): one query per partner
    key (a batch is mostly one)."""
    found: dict[AnswerKey, tuple[str, int, str]] = {}
    by_partner: dict[int, list[str]] = {}
    for key_id, key in dict.fromkeys(keys):
        by_partner.setdefault(key_id, []).append(key)
    marker = placeholders(conn, 1)
    for key_id, wanted in by_partner.items():
        for where, params in matching_any(conn, "key", wanted):
            rows = conn.exec_driver_sql(
                "SELECT key, request_hash, status, response_json"
                f" FROM {IDEMPOTENCY.name} WHERE partner_key_id = {marker} AND {where}",
                (key_id, *params),
            )
            for key, request_hash, status, response in rows:
                found[(key_id, key)] = (request_hash, status, response)
    return found


def fill(conn: Connection, answers: Sequence[Filled]) -> set[AnswerKey]:
    """Store each answer into its key's PENDING reservation for the same request hash; the keys
    filled now (one statement, or one per chunk on SQLite)."""
    if not answers:
        return set()
    set_ = "status = v.st, response_json = v.body"
    match = (
        f"t.partner_key_id = v.pk AND t.key = v.k AND t.request_hash = v.h AND t.status = {PENDING}"
    )
    head = f"UPDATE {IDEMPOTENCY.name} AS t SET {set_} FROM "
    # Unqualified: SQLite's RETURNING names only the updated table's columns.
    tail = f" WHERE {match} RETURNING partner_key_id, key"
    if conn.dialect.name == "postgresql":
        types = [IDEMPOTENCY.c[c].type.compile(dialect=conn.dialect) for c in COLUMNS[:5]]
        arrays = ", ".join(f"%s::{t}[]" for t in types)
        sql = f"{head}unnest({arrays}) AS v(pk, k, h, st, body){tail}"
        by_column = tuple(list(values) for values in zip(*answers, strict=True))
        return {(r[0], r[1]) for r in conn.exec_driver_sql(sql, by_column)}
    filled: set[AnswerKey] = set()
    row_marker = f"({placeholders(conn, 5)})"
    for start in range(0, len(answers), 180):  # 5 parameters a row, under SQLite's 999
        chunk = answers[start : start + 180]
        values = f"VALUES {', '.join([row_marker] * len(chunk))}"
        # SQLite names a VALUES list's columns column1..column5.
        source = (
            "(SELECT column1 AS pk, column2 AS k, column3 AS h, column4 AS st, column5 AS body"
            f" FROM ({values})) AS v"
        )
        params: tuple[Any, ...] = tuple(value for row in chunk for value in row)
        filled.update((r[0], r[1]) for r in conn.exec_driver_sql(head + source + tail, params))
    return filled
