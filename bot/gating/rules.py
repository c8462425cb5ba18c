"""Tier rules: who a tier admits, evaluated from facts an adapter supplies plus stored facts.

A rule is a tree: conditions (`badge:subscriber`, `list:mods-picks`, `account-age:30d`...)
combined with any-of and all-of. It is written in config and commands as text, so a streamer can
read what a tier means, and it explains itself: `unmet` says which part a person misses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from types import MappingProxyType

from bot.kernel.durations import parse_duration
from bot.kernel.errors import FairdropError, InvalidSpec


class RuleError(FairdropError, ValueError):
    """A rule written in config or a command is not understood."""


class ConditionKind(StrEnum):
    EVERYONE = "everyone"
    BADGE = "badge"  # a Twitch chat badge
    ROLE = "role"  # a Discord role id
    LIST = "list"  # on a moderator-kept early-access list of that name
    HOLDER = "holder"  # won or redeemed in the drop of that name
    SERIES = "series"  # won or redeemed in any drop of that series (an episode pass)
    ACCOUNT_AGE = "account-age"  # platform account at least this old
    FOLLOW_AGE = "follow-age"  # following the channel for at least this long


# No role names known: a Discord role is then "a Discord role", never its raw id.
NO_NAMES: Mapping[str, str] = MappingProxyType({})
TWITCH_BADGES = frozenset({"subscriber", "founder", "vip", "moderator", "broadcaster"})
_NAMED = (ConditionKind.LIST, ConditionKind.HOLDER, ConditionKind.SERIES)
_AGES = (ConditionKind.ACCOUNT_AGE, ConditionKind.FOLLOW_AGE)


@dataclass(frozen=True, slots=True)
class Facts:
    """What is known about an entrant when a rule is evaluated.

    Ages are None when unknown (the platform did not say): an unknown age does not fail an age
    rule, so an outage of the platform's API does not lock every fan out of a drop.
    """

    badges: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    lists: frozenset[str] = frozenset()  # early-access lists the person is on
    holdings: frozenset[str] = frozenset()  # drops the person won or redeemed in
    series: frozenset[str] = frozenset()  # series of those drops
    account_age: timedelta | None = None
    follow_age: timedelta | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    kind: ConditionKind
    value: str = ""
    age: timedelta = timedelta(0)

    def holds(self, facts: Facts) -> bool:
        kind = self.kind
        if kind is ConditionKind.EVERYONE:
            return True
        if kind is ConditionKind.BADGE:
            # The broadcaster outranks every badge a tier may ask for.
            return self.value in facts.badges or "broadcaster" in facts.badges
        if kind is ConditionKind.ROLE:
            return self.value in facts.roles
        if kind is ConditionKind.LIST:
            return self.value in facts.lists
        if kind is ConditionKind.HOLDER:
            return self.value in facts.holdings
        if kind is ConditionKind.SERIES:
            return self.value in facts.series
        known = facts.account_age if kind is ConditionKind.ACCOUNT_AGE else facts.follow_age
        return known is None or known >= self.age

    def describe(self, role_names: Mapping[str, str] = NO_NAMES) -> str:
        """The condition in words; a Discord role by its name from `role_names` (role id to
        name, as the guild knows it), never by its raw id."""
        kind, value = self.kind, self.value
        if kind is ConditionKind.EVERYONE:
            return "everyone"
        if kind is ConditionKind.BADGE:
            return _BADGE_WORDS.get(value, f"{value}s")
        if kind is ConditionKind.ROLE:
            name = role_names.get(value)
            return f"members with the {name} role" if name else "members with a Discord role"
        if kind is ConditionKind.LIST:
            return f"the {value} list"
        if kind is ConditionKind.HOLDER:
            return f"holders of {value}"
        if kind is ConditionKind.SERIES:
            return f"holders of any {value} drop"
        what = "accounts" if kind is ConditionKind.ACCOUNT_AGE else "followers"
        return f"{what} older than {_age(self.age)}"

    def __str__(self) -> str:
        if self.kind is ConditionKind.EVERYONE:
            return "everyone"
        if self.kind in _AGES:
            return f"{self.kind}:{_age(self.age)}"
        return f"{self.kind}:{self.value}"


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Node, ...]

    def holds(self, facts: Facts) -> bool:
        return any(item.holds(facts) for item in self.items)

    def describe(self, role_names: Mapping[str, str] = NO_NAMES) -> str:
        return " or ".join(_wrapped(item, role_names) for item in self.items)


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Node, ...]

    def holds(self, facts: Facts) -> bool:
        return all(item.holds(facts) for item in self.items)

    def describe(self, role_names: Mapping[str, str] = NO_NAMES) -> str:
        return " and ".join(_wrapped(item, role_names) for item in self.items)


Node = Condition | AnyOf | AllOf


@dataclass(frozen=True, slots=True)
class Rule:
    """A tier's rule: it admits whom `any_of` admits, provided every `require` holds too."""

    any_of: tuple[Node, ...]
    require: tuple[Node, ...] = field(default=())

    def admits(self, facts: Facts) -> bool:
        return any(n.holds(facts) for n in self.any_of) and all(
            n.holds(facts) for n in self.require
        )

    def unmet(self, facts: Facts) -> str | None:
        """What the person misses, in words (None if the rule admits them)."""
        if not any(n.holds(facts) for n in self.any_of):
            return " or ".join(_wrapped(n) for n in self.any_of)
        for node in self.require:
            if not node.holds(facts):
                return node.describe()
        return None

    def describe(self, role_names: Mapping[str, str] = NO_NAMES) -> str:
        """Who the rule admits, in words (Discord roles named by `role_names`)."""
        who = " or ".join(_wrapped(n, role_names) for n in self.any_of)
        if self.require:
            who += " (" + " and ".join(n.describe(role_names) for n in self.require) + ")"
        return who

    def names(self, kind: ConditionKind) -> set[str]:
        """Every value of conditions of `kind` in the rule: the lists or drops it refers to."""
        found: set[str] = set()
        stack: list[Node] = [*self.any_of, *self.require]
        while stack:
            node = stack.pop()
            if isinstance(node, Condition):
                if node.kind is kind:
                    found.add(node.value)
            else:
                stack.extend(node.items)
        return found

    def to_config(self) -> dict[str, list[object]]:
        """The rule as written in config (round-trips through `parse_rule`)."""
        out: dict[str, list[object]] = {"rules": [_config(n) for n in self.any_of]}
        if self.require:
            out["require"] = [_config(n) for n in self.require]
        return out

    def __str__(self) -> str:
        text = ", ".join(str(_config(n)) for n in self.any_of)
        if self.require:
            text += " requiring " + ", ".join(str(_config(n)) for n in self.require)
        return text


EVERYONE = Rule((Condition(ConditionKind.EVERYONE),))

_BADGE_WORDS = {
    "subscriber": "subscribers",
    "founder": "founders",
    "vip": "VIPs",
    "moderator": "moderators",
    "broadcaster": "the broadcaster",
}


def _age(age: timedelta) -> str:
    seconds = int(age.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _wrapped(node: Node, role_names: Mapping[str, str] = NO_NAMES) -> str:
    text = node.describe(role_names)
    return f"({text})" if isinstance(node, AnyOf | AllOf) and len(node.items) > 1 else text


def _config(node: Node) -> object:
    if isinstance(node, Condition):
        return str(node)
    key = "any_of" if isinstance(node, AnyOf) else "all_of"
    return {key: [_config(item) for item in node.items]}


def parse_condition(text: str) -> Condition:
    """Parse one condition like `badge:subscriber`; raise RuleError saying what is wrong."""
    text = text.strip()
    if text == ConditionKind.EVERYONE:
        return Condition(ConditionKind.EVERYONE)
    kind_text, sep, value = text.partition(":")
    value = value.strip()
    if not sep or not value:
        kinds = ", ".join(k.value for k in ConditionKind if k is not ConditionKind.EVERYONE)
        raise RuleError(f"rule {text!r} must be 'everyone' or KIND:VALUE (kinds: {kinds})")
    try:
        kind = ConditionKind(kind_text.strip())
    except ValueError:
        raise RuleError(f"unknown rule kind {kind_text!r} in {text!r}") from None
    if kind is ConditionKind.BADGE:
        if value not in TWITCH_BADGES:
            allowed = ", ".join(sorted(TWITCH_BADGES))
            raise RuleError(f"unknown Twitch badge {value!r} (one of {allowed})")
        return Condition(kind, value)
    if kind is ConditionKind.ROLE:
        if not value.isdigit():
            raise RuleError(f"Discord role {value!r} must be a numeric role id")
        return Condition(kind, value)
    if kind in _NAMED:
        return Condition(kind, value)
    try:
        age = parse_duration(value)
    except InvalidSpec as error:
        raise RuleError(f"{kind}: {error}") from None
    return Condition(kind, age=age)


def parse_node(item: object) -> Node:
    """A condition string, or a table `{any_of = [...]}` / `{all_of = [...]}` of nodes."""
    if isinstance(item, str):
        return parse_condition(item)
    if isinstance(item, dict) and len(item) == 1:
        ((key, items),) = item.items()
        if key in ("any_of", "all_of") and isinstance(items, list) and items:
            nodes = tuple(parse_node(i) for i in items)
            return AnyOf(nodes) if key == "any_of" else AllOf(nodes)
    raise RuleError(
        f"rule {item!r} must be a condition string or {{any_of = [...]}} / {{all_of = [...]}}"
    )


def parse_rule(conditions: Sequence[object], require: Sequence[object] = ()) -> Rule:
    """A tier rule from config: `rules` (any of them admits) and `require` (all must hold)."""
    if not conditions:
        raise RuleError("a tier needs at least one rule")
    return Rule(tuple(parse_node(c) for c in conditions), tuple(parse_node(r) for r in require))


@dataclass(frozen=True, slots=True)
class Tier:
    """A named rule set with its opening offset from the drop's open and a draw weight."""

    name: str
    rule: Rule
    opens_after: timedelta = timedelta(0)
    weight: int = 1
