"""Turning domain dataclasses into rows and back. Kept apart so repositories stay readable."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from bot.drops.model import (
    Allocation,
    AllocationStatus,
    AntiBot,
    CodeRecord,
    Drop,
    DropSpec,
    DropState,
    Entry,
    Mode,
    OutboxMessage,
    Redemption,
    Tier,
)
from bot.gating.rules import parse_rule


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
        "guaranteed_json": json.dumps(list(s.guaranteed)),
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
    )


def anti_bot_from_json(text: str) -> AntiBot:
    data = json.loads(text or "{}")
    return AntiBot(
        min_account_age=timedelta(seconds=data.get("min_account_age_s", 0)),
        min_follow_age=timedelta(seconds=data.get("min_follow_age_s", 0)),
        refuse_suspicious=data.get("refuse_suspicious", True),
    )


def split_set(text: str) -> frozenset[str]:
    return frozenset(text.split(",")) if text else frozenset()


def join_set(values: frozenset[str]) -> str:
    """Badges and roles are stored as one comma-separated text column."""
    return ",".join(sorted(values))


def entry_from_row(r: Any) -> Entry:
    return Entry(
        drop_id=r.drop_id,
        identity=r.identity,
        platform=r.platform,
        display_name=r.display_name,
        tier=r.tier,
        weight=r.weight,
        entered_at=r.entered_at,
        id=r.id,
        rank=r.rank,
        account=r.account,
        badges=split_set(r.badges),
        roles=split_set(r.roles),
        excluded_reason=r.excluded_reason,
        drawn_weight=r.drawn_weight,
    )


def allocation_values(a: Allocation) -> dict[str, Any]:
    return {
        "drop_id": a.drop_id,
        "serial": a.serial,
        "identity": a.identity,
        "display_name": a.display_name,
        "platform": a.platform,
        "allocated_at": a.allocated_at,
        "claim_deadline": a.claim_deadline,
        "via": a.via,
        "status": a.status.value,
        "claimed_at": a.claimed_at,
    }


def allocation_from_row(r: Any) -> Allocation:
    return Allocation(
        drop_id=r.drop_id,
        serial=r.serial,
        identity=r.identity,
        display_name=r.display_name,
        platform=r.platform,
        allocated_at=r.allocated_at,
        claim_deadline=r.claim_deadline,
        via=r.via,
        status=AllocationStatus(r.status),
        claimed_at=r.claimed_at,
        id=r.id,
    )


def code_values(c: CodeRecord) -> dict[str, Any]:
    return {
        "allocation_id": c.allocation_id,
        "drop_id": c.drop_id,
        "serial": c.serial,
        "holder": c.holder,
        "code_id": c.code_id,
        "kid": c.kid,
        "selector": c.selector,
        "verifier_hash": c.verifier_hash,
        "issued_at": c.issued_at,
        "expires_at": c.expires_at,
        "revoked_at": c.revoked_at,
        "delivered_at": c.delivered_at,
    }


def code_from_row(r: Any) -> CodeRecord:
    return CodeRecord(
        allocation_id=r.allocation_id,
        drop_id=r.drop_id,
        serial=r.serial,
        holder=r.holder,
        code_id=r.code_id,
        kid=r.kid,
        selector=r.selector,
        verifier_hash=bytes(r.verifier_hash),
        issued_at=r.issued_at,
        expires_at=r.expires_at,
        revoked_at=r.revoked_at,
        delivered_at=r.delivered_at,
        id=r.id,
    )


def redemption_from_row(r: Any) -> Redemption:
    return Redemption(
        drop_id=r.drop_id,
        serial=r.serial,
        code_id=r.code_id,
        redeemed_at=r.redeemed_at,
        partner=r.partner,
        order_value_cents=r.order_value_cents,
        id=r.id,
        request_key=r.request_key,
    )


def outbox_from_row(r: Any) -> OutboxMessage:
    return OutboxMessage(
        dedupe_key=r.dedupe_key,
        drop_id=r.drop_id,
        kind=r.kind,
        audience=r.audience,
        payload=json.loads(r.payload_json),
        created_at=r.created_at,
        attempts=getattr(r, "attempts", None) or 0,
        id=r.id,
    )
