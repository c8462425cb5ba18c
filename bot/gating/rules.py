"""Tier rules: who a tier admits, evaluated from facts an adapter supplies.

A rule is a set of conditions combined with any-of. Each condition is written in config and
commands as `kind:value` (or `everyone`), so a streamer can read what a tier means.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RuleError(ValueError):
    """A rule written in config or a command is not understood."""


class ConditionKind(StrEnum):
    EVERYONE = "everyone"
    BADGE = "badge"  # a Twitch chat badge
    ROLE = "role"  # a Discord role id


TWITCH_BADGES = frozenset({"subscriber", "founder", "vip", "moderator", "broadcaster"})


@dataclass(frozen=True, slots=True)
class Condition:
    kind: ConditionKind
    value: str = ""

    def __str__(self) -> str:
        return (
            self.kind.value if self.kind is ConditionKind.EVERYONE else f"{self.kind}:{self.value}"
        )


@dataclass(frozen=True, slots=True)
class Facts:
    """What is known about an entrant when the rule is evaluated."""

    badges: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Rule:
    any_of: tuple[Condition, ...]

    def admits(self, facts: Facts) -> bool:
        return any(_holds(c, facts) for c in self.any_of)

    def describe(self) -> str:
        return " or ".join(_describe(c) for c in self.any_of)

    def __str__(self) -> str:
        return ", ".join(str(c) for c in self.any_of)


EVERYONE = Rule((Condition(ConditionKind.EVERYONE),))


def _holds(condition: Condition, facts: Facts) -> bool:
    if condition.kind is ConditionKind.EVERYONE:
        return True
    if condition.kind is ConditionKind.BADGE:
        # The broadcaster outranks every badge a tier may ask for.
        return condition.value in facts.badges or "broadcaster" in facts.badges
    return condition.value in facts.roles


def _describe(condition: Condition) -> str:
    if condition.kind is ConditionKind.EVERYONE:
        return "everyone"
    if condition.kind is ConditionKind.BADGE:
        return {"subscriber": "subscribers", "vip": "VIPs", "moderator": "moderators"}.get(
            condition.value, f"{condition.value}s"
        )
    return f"members with Discord role {condition.value}"


def parse_condition(text: str) -> Condition:
    """Parse `everyone`, `badge:subscriber` or `role:123`; raise RuleError saying what is wrong."""
    text = text.strip()
    if text == ConditionKind.EVERYONE:
        return Condition(ConditionKind.EVERYONE)
    kind, sep, value = text.partition(":")
    if not sep or not value:
        raise RuleError(f"rule {text!r} must be 'everyone', 'badge:NAME' or 'role:ID'")
    if kind == ConditionKind.BADGE:
        if value not in TWITCH_BADGES:
            allowed = ", ".join(sorted(TWITCH_BADGES))
            raise RuleError(f"unknown Twitch badge {value!r} (one of {allowed})")
        return Condition(ConditionKind.BADGE, value)
    if kind == ConditionKind.ROLE:
        if not value.isdigit():
            raise RuleError(f"Discord role {value!r} must be a numeric role id")
        return Condition(ConditionKind.ROLE, value)
    raise RuleError(f"unknown rule kind {kind!r} in {text!r} (use everyone, badge or role)")


def parse_rule(conditions: list[str] | tuple[str, ...]) -> Rule:
    if not conditions:
        raise RuleError("a tier needs at least one rule")
    return Rule(tuple(parse_condition(c) for c in conditions))
