"""Checking a drop spec before anything is stored: every refusal names the field and the fix."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from bot.drops.keywords import keyword_of
from bot.drops.model import DropSpec, Mode
from bot.gating.rules import EVERYONE, Tier
from bot.kernel.durations import parse_duration as parse_duration
from bot.kernel.errors import InvalidSpec

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
MAX_SUPPLY = 1_000_000


def validate_spec(spec: DropSpec) -> DropSpec:
    """Return the spec with defaults filled in (a public tier), or raise InvalidSpec."""
    if not NAME_RE.match(spec.name):
        raise InvalidSpec("refusal-spec-name", typed=repr(spec.name))
    if not 1 <= spec.supply <= MAX_SUPPLY:
        raise InvalidSpec("refusal-spec-supply", supply=MAX_SUPPLY, typed=str(spec.supply))
    if spec.cap_per_person < 1:
        raise InvalidSpec("refusal-spec-cap", typed=str(spec.cap_per_person))
    if spec.mode is Mode.LOTTERY and spec.cap_per_person != 1:
        # One entry per person, one unit per winner: a lottery cap above 1 would mean nothing.
        raise InvalidSpec("refusal-spec-lottery-cap")
    _positive("refusal-spec-entry-window", spec.entry_window)
    _positive("refusal-spec-claim-window", spec.claim_window)
    _positive("refusal-spec-code-expiry", spec.code_ttl)
    if spec.code_ttl < spec.claim_window:
        raise InvalidSpec("refusal-spec-expiry-before-claim")
    tiers = spec.tiers or (Tier(name="public", rule=EVERYONE),)
    names = [t.name for t in tiers]
    if len(set(names)) != len(names):
        raise InvalidSpec("refusal-spec-tier-names", names=", ".join(names))
    for tier in tiers:
        if not NAME_RE.match(tier.name):
            raise InvalidSpec("refusal-spec-tier-name", typed=repr(tier.name))
        if tier.weight < 1 or tier.weight > 1000:
            raise InvalidSpec("refusal-spec-tier-weight", tier=tier.name, typed=str(tier.weight))
        if tier.opens_after < timedelta(0):
            raise InvalidSpec("refusal-spec-tier-offset", tier=tier.name)
        if tier.opens_after >= spec.entry_window:
            raise InvalidSpec(
                "refusal-spec-tier-late",
                tier=tier.name,
                offset=_fmt(tier.opens_after),
                window=_fmt(spec.entry_window),
            )
    # A public window must exist; it may still require things of everyone (say, a follow).
    if not any(EVERYONE.any_of[0] in t.rule.any_of for t in tiers):
        raise InvalidSpec("refusal-spec-last-tier")
    keyword = keyword_of(spec.keyword) if spec.keyword else ""
    return replace(spec, tiers=tuple(tiers), keyword=keyword)


def _positive(refusal: str, value: timedelta) -> None:
    if value <= timedelta(0):
        raise InvalidSpec(refusal)


def _fmt(d: timedelta) -> str:
    seconds = int(d.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    if seconds % 60 == 0:
        return f"{seconds // 60}m"
    return f"{seconds}s"
