"""Drops in SQL: the `DropRepository` port, and how a drop (with its spec) maps to its row.

Queries use SQLAlchemy Core on the SQLModel tables (see `bot.store.sql` for why not the ORM).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, select, update

from bot.drops.model import FINAL_STATES, Drop, DropChange, DropSpec, DropState, Guaranteed, Mode
from bot.gating.antibot import AntiBot
from bot.gating.rules import Tier, parse_rule
from bot.store.sql_table import table_of
from bot.store.tables import DropRow

DROP: Table = table_of(DropRow)

UNFINISHED = [s.value for s in DropState if s not in FINAL_STATES]
# A drop takes claims (or is about to): one at a time per channel. A drawn drop waiting for its
# winners does not block the next one.
RUNNING = [
    s.value for s in (DropState.SCHEDULED, DropState.EARLY, DropState.PUBLIC, DropState.CLOSED)
]


def tiers_to_json(tiers: tuple[Tier, ...]) -> str:
    return json.dumps(
        [
            {
                "name": t.name,
                **t.rule.to_config(),
                "opens_after_s": int(t.opens_after.total_seconds()),
                "weight": t.weight,
            }
            for t in tiers
        ]
    )


def tiers_from_json(text: str) -> tuple[Tier, ...]:
    return tuple(
        Tier(
            name=t["name"],
            rule=parse_rule(t["rules"], t.get("require", [])),
            opens_after=timedelta(seconds=t["opens_after_s"]),
            weight=t["weight"],
        )
        for t in json.loads(text)
    )


def drop_values(drop: Drop) -> dict[str, Any]:
    s = drop.spec
    return {
        "channel": s.channel,
        "name": s.name,
        "title": s.title,
        "mode": s.mode.value,
        "supply": s.supply,
        "cap_per_person": s.cap_per_person,
        "tiers_json": tiers_to_json(s.tiers),
        "entry_window_s": int(s.entry_window.total_seconds()),
        "claim_window_s": int(s.claim_window.total_seconds()),
        "code_ttl_s": int(s.code_ttl.total_seconds()),
        "redemption_url": s.redemption_url,
        "series": s.series,
        "keyword": s.keyword,
        "state": drop.state.value,
        "created_at": drop.created_at,
        "scheduled_for": drop.scheduled_for,
        "opened_at": drop.opened_at,
        "closes_at": drop.closes_at,
        "closed_at": drop.closed_at,
        "drawn_at": drop.drawn_at,
        "settled_at": drop.settled_at,
        "cancelled_at": drop.cancelled_at,
        "cancel_reason": drop.cancel_reason,
        "seed_hex": drop.seed_hex,
        "commitment": drop.commitment,
        "pseudonym_salt": drop.pseudonym_salt,
        "entry_hash": drop.entry_hash,
        "beacon": drop.beacon,
        "draw_version": drop.draw_version,
        "beacon_wanted": s.beacon,
        "beacon_chain": drop.beacon_chain,
        "beacon_genesis": drop.beacon_genesis,
        "beacon_period": drop.beacon_period,
        "beacon_round": drop.beacon_round,
        "beacon_signature": drop.beacon_signature,
        "beacon_outcome": drop.beacon_outcome,
        "guaranteed_json": json.dumps(list(s.guaranteed)),
        "guaranteed_units_json": json.dumps([asdict(g) for g in drop.guaranteed_units]),
        "guaranteed_digest": drop.guaranteed_digest,
        "paused_at": drop.paused_at,
        "changes_json": json.dumps(
            [{"at": c.at.isoformat(), "by": c.by, "what": c.what} for c in drop.changes]
        ),
        "anti_bot_json": json.dumps(
            {
                "min_account_age_s": int(s.anti_bot.min_account_age.total_seconds()),
                "min_follow_age_s": int(s.anti_bot.min_follow_age.total_seconds()),
                "refuse_suspicious": s.anti_bot.refuse_suspicious,
            }
        ),
    }


def drop_from_row(r: Any) -> Drop:
    spec = DropSpec(
        name=r.name,
        title=r.title,
        supply=r.supply,
        mode=Mode(r.mode),
        cap_per_person=r.cap_per_person,
        tiers=tiers_from_json(r.tiers_json),
        entry_window=timedelta(seconds=r.entry_window_s),
        claim_window=timedelta(seconds=r.claim_window_s),
        code_ttl=timedelta(seconds=r.code_ttl_s),
        redemption_url=r.redemption_url,
        series=r.series,
        channel=r.channel,
        guaranteed=tuple(json.loads(r.guaranteed_json)),
        anti_bot=anti_bot_from_json(r.anti_bot_json),
        beacon=bool(r.beacon_wanted),
        keyword=r.keyword,
    )
    return Drop(
        id=r.id,
        spec=spec,
        state=DropState(r.state),
        created_at=r.created_at,
        seed_hex=r.seed_hex,
        commitment=r.commitment,
        pseudonym_salt=r.pseudonym_salt,
        scheduled_for=r.scheduled_for,
        opened_at=r.opened_at,
        closes_at=r.closes_at,
        closed_at=r.closed_at,
        drawn_at=r.drawn_at,
        settled_at=r.settled_at,
        cancelled_at=r.cancelled_at,
        cancel_reason=r.cancel_reason,
        entry_hash=r.entry_hash,
        beacon=r.beacon,
        draw_version=r.draw_version,
        beacon_chain=r.beacon_chain,
        beacon_genesis=r.beacon_genesis,
        beacon_period=r.beacon_period,
        beacon_round=r.beacon_round,
        beacon_signature=r.beacon_signature,
        beacon_outcome=r.beacon_outcome,
        guaranteed_units=tuple(Guaranteed(**g) for g in json.loads(r.guaranteed_units_json)),
        guaranteed_digest=r.guaranteed_digest,
        paused_at=r.paused_at,
        changes=tuple(
            DropChange(datetime.fromisoformat(c["at"]), c["by"], c["what"])
            for c in json.loads(r.changes_json)
        ),
    )


def anti_bot_from_json(text: str) -> AntiBot:
    data = json.loads(text or "{}")
    return AntiBot(
        min_account_age=timedelta(seconds=data.get("min_account_age_s", 0)),
        min_follow_age=timedelta(seconds=data.get("min_follow_age_s", 0)),
        refuse_suspicious=data.get("refuse_suspicious", True),
    )


class SqlDrops:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        # Drops added or saved in this transaction, and their state: the core saves a drop when
        # its state moves, so the unit of work tells other processes of these after commit.
        self.saved: dict[int, str] = {}

    def add(self, drop: Drop) -> Drop:
        result = self.conn.execute(DROP.insert().values(**drop_values(drop)))
        drop.id = result.inserted_primary_key[0]  # type: ignore[index]
        self.saved[drop.id] = drop.state.value
        return drop

    def get(self, drop_id: int) -> Drop | None:
        row = self.conn.execute(select(DROP).where(DROP.c.id == drop_id)).first()
        return drop_from_row(row) if row else None

    def save(self, drop: Drop) -> None:
        self.conn.execute(update(DROP).where(DROP.c.id == drop.id).values(**drop_values(drop)))
        self.saved[drop.id] = drop.state.value

    def running(self, channel: str) -> Drop | None:
        row = self.conn.execute(
            select(DROP)
            .where(DROP.c.channel == channel, DROP.c.state.in_(RUNNING))
            .order_by(DROP.c.id.desc())
            .limit(1)
        ).first()
        return drop_from_row(row) if row else None

    def by_name(self, channel: str, name: str) -> Drop | None:
        row = self.conn.execute(
            select(DROP)
            .where(DROP.c.channel == channel, DROP.c.name == name)
            .order_by(DROP.c.id.desc())
            .limit(1)
        ).first()
        return drop_from_row(row) if row else None

    def unfinished(self) -> list[Drop]:
        rows = self.conn.execute(
            select(DROP).where(DROP.c.state.in_(UNFINISHED)).order_by(DROP.c.id)
        )
        return [drop_from_row(r) for r in rows]

    def listed(
        self, channel: str | None, states: Collection[DropState], offset: int, limit: int
    ) -> list[Drop]:
        query = select(DROP).where(DROP.c.state.in_([s.value for s in states]))
        if channel is not None:
            query = query.where(DROP.c.channel == channel)
        rows = self.conn.execute(query.order_by(DROP.c.id.desc()).offset(offset).limit(limit))
        return [drop_from_row(r) for r in rows]

    def closed_since(self, since: datetime) -> list[Drop]:
        rows = self.conn.execute(
            select(DROP)
            .where(DROP.c.closed_at >= since, DROP.c.state != DropState.CANCELLED.value)
            .order_by(DROP.c.id)
        )
        return [drop_from_row(r) for r in rows]
