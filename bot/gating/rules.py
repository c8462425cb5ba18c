"""Tier rules: who a tier admits, evaluated from facts an adapter supplies plus stored facts.

A rule is a tree: conditions (`badge:subscriber`, `list:mods-picks`, `account-age:30d`...)
combined with any-of, all-of and not. It is written in config and commands as text, so a streamer
can read what a tier means, and it explains itself: `unmet` says which part a person misses, and
`barred` why an exclusion (`not won-within:30d`, `not role:123`) keeps them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from types import MappingProxyType

from bot.kernel.durations import parse_duration
from bot.kernel.errors import InvalidSpec, Refusal


class RuleError(Refusal, ValueError):
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
    JOIN_AGE = "join-age"  # member of the Discord server for at least this long
    WON_WITHIN = "won-within"  # won a drop of the community (or of a series) in this long


# No role names known: a Discord role is then "a Discord role", never its raw id.
NO_NAMES: Mapping[str, str] = MappingProxyType({})
TWITCH_BADGES = frozenset({"subscriber", "founder", "vip", "moderator", "broadcaster"})
_NAMED = (ConditionKind.LIST, ConditionKind.HOLDER, ConditionKind.SERIES)
_AGES = (ConditionKind.ACCOUNT_AGE, ConditionKind.FOLLOW_AGE, ConditionKind.JOIN_AGE)
_AGE_WORDS = {
    ConditionKind.ACCOUNT_AGE: "accounts older than {}",
    ConditionKind.FOLLOW_AGE: "followers older than {}",
    ConditionKind.JOIN_AGE: "Discord members who joined over {} ago",
}


@dataclass(frozen=True, slots=True)
class EntrantFacts:
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
    join_age: timedelta | None = None  # how long ago the person joined the Discord server
    # How long ago the person last won: ("", ago) for any drop of the community, (series, ago)
    # per series. A tuple, not a dict: facts are hashed to cache verdicts within a batch.
    won_ago: tuple[tuple[str, timedelta], ...] = ()

    def last_won(self, series: str = "") -> timedelta | None:
        """How long ago the person last won a drop (of `series`, if given); None if never."""
        return next((ago for name, ago in self.won_ago if name == series), None)


@dataclass(frozen=True, slots=True)
class Condition:
    kind: ConditionKind
    value: str = ""
    age: timedelta = timedelta(0)

    def holds(self, facts: EntrantFacts) -> bool:
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
        if kind is ConditionKind.WON_WITHIN:
            ago = facts.last_won(self.value)
            return ago is not None and ago <= self.age
        known = {
            ConditionKind.ACCOUNT_AGE: facts.account_age,
            ConditionKind.FOLLOW_AGE: facts.follow_age,
            ConditionKind.JOIN_AGE: facts.join_age,
        }[kind]
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
        if kind is ConditionKind.WON_WITHIN:
            return f"winners of {_a_drop(value)} in the last {_span(self.age)}"
        return _AGE_WORDS[kind].format(_age(self.age))

    def present(self, facts: EntrantFacts) -> str:
        """Why the condition holds for this person, when a rule excludes whom it holds for."""
        if self.kind is ConditionKind.WON_WITHIN:
            ago = facts.last_won(self.value)
            assert ago is not None, "a won-within condition holds only for a winner"
            winners = f"{self.value} winners" if self.value else "winners"
            return f"you won {_a_drop(self.value)} {_ago(ago)}; {winners} wait {_span(self.age)}"
        if self.kind is ConditionKind.ROLE:
            # No guild at hand in the core: "a Discord role", never the raw id (issue 22 item 6).
            return "members with a Discord role can't enter this drop"
        return f"this drop is not for {self.describe()}"

    def __str__(self) -> str:
        if self.kind is ConditionKind.EVERYONE:
            return "everyone"
        if self.kind in _AGES:
            return f"{self.kind}:{_age(self.age)}"
        if self.kind is ConditionKind.WON_WITHIN:
            return f"{self.kind}:{_age(self.age)}" + (f":{self.value}" if self.value else "")
        return f"{self.kind}:{self.value}"


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Node, ...]

    def holds(self, facts: EntrantFacts) -> bool:
        return any(item.holds(facts) for item in self.items)

    def describe(self, role_names: Mapping[str, str] = NO_NAMES) -> str:
        return " or ".join(_wrapped(item, role_names) for item in self.items)


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Node, ...]

    def holds(self, facts: EntrantFacts) -> bool:
        return all(item.holds(facts) for item in self.items)

    def describe(self, role_names: Mapping[str, str] = NO_NAMES) -> str:
        return " and ".join(_wrapped(item, role_names) for item in self.items)


@dataclass(frozen=True, slots=True)
class Not:
    """Holds for whom `item` does not: an exclusion (`not won-within:30d`, `not role:123`)."""

    item: Node

    def holds(self, facts: EntrantFacts) -> bool:
        return not self.item.holds(facts)

    def describe(self, role_names: Mapping[str, str] = NO_NAMES) -> str:
        return f"not {_wrapped(self.item, role_names)}"

    def barred(self, facts: EntrantFacts) -> str:
        """Why the person is excluded (the item holds for them), in words to them."""
        if isinstance(self.item, Condition):
            return self.item.present(facts)
        return f"this drop is not for {self.item.describe()}"


Node = Condition | AnyOf | AllOf | Not


@dataclass(frozen=True, slots=True)
class Exclusion:
    """What bars a person (`item`, which a tier excludes and holds for them), typed for an
    adapter to say: with how long ago they last won, for a won-within item."""

    item: Node
    won_ago: timedelta | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A tier's rule: it admits whom `any_of` admits, provided every `require` holds too."""

    any_of: tuple[Node, ...]
    require: tuple[Node, ...] = field(default=())

    def admits(self, facts: EntrantFacts) -> bool:
        return any(n.holds(facts) for n in self.any_of) and all(
            n.holds(facts) for n in self.require
        )

    def unmet(self, facts: EntrantFacts) -> str | None:
        """What the person misses, in words (None if the rule admits them)."""
        if not any(n.holds(facts) for n in self.any_of):
            return " or ".join(_wrapped(n) for n in self.any_of)
        for node in self.require:
            if not node.holds(facts):
                return node.describe()
        return None

    def missing(self, facts: EntrantFacts) -> Rule | None:
        """What the person misses as a rule of its own (the tiers `unmet` says in words), for an
        adapter to say in its language; None if the rule admits them."""
        if not any(n.holds(facts) for n in self.any_of):
            return Rule(self.any_of)
        failing = next((n for n in self.require if not n.holds(facts)), None)
        return Rule((failing,)) if failing is not None else None

    def barred(self, facts: EntrantFacts) -> str | None:
        """Why an exclusion keeps the person out, or None if the rule admits them or what they
        miss is not an exclusion (then `unmet` says what they miss)."""
        exclusion = self.barring(facts)
        return exclusion.barred(facts) if exclusion is not None else None

    def barring(self, facts: EntrantFacts) -> Not | None:
        """The exclusion that keeps the person out (its item holds for them), or None as for
        `barred`: for an adapter to say in its language."""
        if len(self.any_of) == 1 and not self.any_of[0].holds(facts):
            return _barring(self.any_of[0], facts)
        if not any(n.holds(facts) for n in self.any_of):
            return None
        failing = next((n for n in self.require if not n.holds(facts)), None)
        return _barring(failing, facts) if failing is not None else None

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
            elif isinstance(node, Not):
                stack.append(node.item)
            else:
                stack.extend(node.items)
        return found

    def excluding(self, node: Node) -> Rule:
        """The rule with `node` also required (a community's default cooldown)."""
        return Rule(self.any_of, (*self.require, node))

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


def _barring(node: Node, facts: EntrantFacts) -> Not | None:
    """The exclusion that makes a failing node fail, followed down all-of's."""
    if isinstance(node, Not):
        return node
    if isinstance(node, AllOf):
        failing = next(n for n in node.items if not n.holds(facts))
        return _barring(failing, facts)
    return None


def _a_drop(series: str) -> str:
    return f"a {series} drop" if series else "a drop"


def _span(age: timedelta) -> str:
    """A length of time in words: "30 days", "12 hours", "1 minute"."""
    seconds = int(age.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"


def _ago(ago: timedelta) -> str:
    return "just now" if ago < timedelta(minutes=1) else f"{_span(ago)} ago"


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
    if isinstance(node, Not):
        return {"not": _config(node.item)}
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
        raise RuleError("refusal-rule-shape", typed=repr(text), allowed=kinds)
    try:
        kind = ConditionKind(kind_text.strip())
    except ValueError:
        raise RuleError("refusal-rule-kind", typed=repr(kind_text), rule=repr(text)) from None
    if kind is ConditionKind.BADGE:
        if value not in TWITCH_BADGES:
            allowed = ", ".join(sorted(TWITCH_BADGES))
            raise RuleError("refusal-rule-badge", typed=repr(value), allowed=allowed)
        return Condition(kind, value)
    if kind is ConditionKind.ROLE:
        if not value.isdigit():
            raise RuleError("refusal-rule-role", typed=repr(value))
        return Condition(kind, value)
    if kind in _NAMED:
        return Condition(kind, value)
    series = ""
    if kind is ConditionKind.WON_WITHIN:
        # won-within:30d (any drop of the community) or won-within:30d:SERIES
        value, colon, series = value.partition(":")
        series = series.strip()
        if colon and not series:
            raise RuleError("refusal-rule-series", rule=repr(text))
    try:
        age = parse_duration(value.strip())
    except InvalidSpec:
        raise RuleError("refusal-rule-age", rule=str(kind), typed=repr(value.strip())) from None
    if kind is ConditionKind.WON_WITHIN and age <= timedelta(0):
        raise RuleError("refusal-rule-zero", rule=repr(text))
    return Condition(kind, series, age)


def parse_node(item: object) -> Node:
    """A condition string (`not ` before one excludes it), or a table `{any_of = [...]}`,
    `{all_of = [...]}` or `{not = node}`."""
    if isinstance(item, str):
        negated, sep, rest = item.strip().partition(" ")
        if negated == "not" and sep:
            return Not(parse_condition(rest))
        return parse_condition(item)
    if isinstance(item, dict) and len(item) == 1:
        ((key, items),) = item.items()
        if key == "not" and isinstance(items, str | dict):
            return Not(parse_node(items))
        if key in ("any_of", "all_of") and isinstance(items, list) and items:
            nodes = tuple(parse_node(i) for i in items)
            return AnyOf(nodes) if key == "any_of" else AllOf(nodes)
    raise RuleError("refusal-rule-node", rule=repr(item))


def parse_rule(conditions: Sequence[object], require: Sequence[object] = ()) -> Rule:
    """A tier rule from config: `rules` (any of them admits) and `require` (all must hold)."""
    if not conditions:
        raise RuleError("refusal-rule-none")
    return Rule(tuple(parse_node(c) for c in conditions), tuple(parse_node(r) for r in require))


@dataclass(frozen=True, slots=True)
class Tier:
    """A named rule set with its opening offset from the drop's open and a draw weight."""

    name: str
    rule: Rule
    opens_after: timedelta = timedelta(0)
    weight: int = 1


def stored_rule(stored: object) -> Rule | None:
    """A rule as `Rule.to_config` wrote it (in a stored notice); None for none, or for one this
    release cannot read."""
    if not isinstance(stored, Mapping) or not isinstance(stored.get("rules"), list):
        return None
    require = stored.get("require") or []
    try:
        return parse_rule(stored["rules"], require if isinstance(require, list) else [require])
    except RuleError:
        return None


def with_cooldown(tiers: tuple[Tier, ...], cooldown: timedelta) -> tuple[Tier, ...]:
    """The tiers with a winners' cooldown: each requires `not won-within:<cooldown>`, unless it
    names `won-within` itself (a tier's own cooldown wins over the community's default)."""
    if cooldown <= timedelta(0):
        return tiers
    exclusion = Not(Condition(ConditionKind.WON_WITHIN, age=cooldown))
    return tuple(
        t
        if t.rule.names(ConditionKind.WON_WITHIN)
        else Tier(t.name, t.rule.excluding(exclusion), t.opens_after, t.weight)
        for t in tiers
    )
