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
        raise InvalidSpec(
            f"drop name {spec.name!r} must be 1-32 lowercase letters, digits, '-' or '_'"
        )
    if not 1 <= spec.supply <= MAX_SUPPLY:
        raise InvalidSpec(f"supply must be between 1 and {MAX_SUPPLY:,}, not {spec.supply}")
    if spec.cap_per_person < 1:
        raise InvalidSpec(f"cap per person must be at least 1, not {spec.cap_per_person}")
    if spec.mode is Mode.LOTTERY and spec.cap_per_person != 1:
        # One entry per person, one unit per winner: a lottery cap above 1 would mean nothing.
        raise InvalidSpec("a lottery gives one unit per winner; cap per person must be 1")
    _positive("entry window", spec.entry_window)
    _positive("claim window", spec.claim_window)
    _positive("code expiry", spec.code_ttl)
    if spec.code_ttl < spec.claim_window:
        raise InvalidSpec("code expiry must not be shorter than the claim window")
    tiers = spec.tiers or (Tier(name="public", rule=EVERYONE),)
    names = [t.name for t in tiers]
    if len(set(names)) != len(names):
        raise InvalidSpec(f"tier names must be unique: {', '.join(names)}")
    for tier in tiers:
        if not NAME_RE.match(tier.name):
            raise InvalidSpec(f"tier name {tier.name!r} must be lowercase letters, digits, - or _")
        if tier.weight < 1 or tier.weight > 1000:
            raise InvalidSpec(f"tier {tier.name!r}: weight must be 1-1000, not {tier.weight}")
        if tier.opens_after < timedelta(0):
            raise InvalidSpec(f"tier {tier.name!r}: opening offset must not be negative")
        if tier.opens_after >= spec.entry_window:
            raise InvalidSpec(
                f"tier {tier.name!r} opens {_fmt(tier.opens_after)} after the start, "
                f"but the drop closes after {_fmt(spec.entry_window)}"
            )
    # A public window must exist; it may still require things of everyone (say, a follow).
    if not any(EVERYONE.any_of[0] in t.rule.any_of for t in tiers):
        raise InvalidSpec("the last window must be open to everyone: add a tier with 'everyone'")
    keyword = keyword_of(spec.keyword) if spec.keyword else ""
    return replace(spec, tiers=tuple(tiers), keyword=keyword)


def _positive(what: str, value: timedelta) -> None:
    if value <= timedelta(0):
        raise InvalidSpec(f"{what} must be longer than zero")


def _fmt(d: timedelta) -> str:
    seconds = int(d.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    if seconds % 60 == 0:
        return f"{seconds // 60}m"
    return f"{seconds}s"
