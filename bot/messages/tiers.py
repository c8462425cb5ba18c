"""Who a tier admits, in the community's words: a tier's rule (`bot.gating.rules`) said through
the catalog, condition by condition (the `tier-*` messages), in the community's language.

The core keeps its rules as typed trees and says nothing itself; the adapters that name a tier
(a drop's post, its opening line in chat, the early-access refusal) call `say_rule`. Names in a
rule (a list, a drop, a series, a Discord role's name) are typed by people: each is escaped for
the voice as it goes in, and the pieces are joined by the catalog's own words (`tier-or`,
`tier-and`...), so a rule is one safe line however deep it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from babel.units import format_unit

from bot.drops.outcomes import NotEligible
from bot.gating.antibot import FilterReason
from bot.gating.rules import (
    NO_NAMES,
    AllOf,
    AnyOf,
    Condition,
    ConditionKind,
    Exclusion,
    Node,
    Not,
    Rule,
)
from bot.messages.catalog import Catalog, Value, Verbatim, Voice, current
from bot.messages.figures import duration_in, locale_of

_AGES = {
    ConditionKind.ACCOUNT_AGE: "tier-account-age",
    ConditionKind.FOLLOW_AGE: "tier-follow-age",
    ConditionKind.JOIN_AGE: "tier-join-age",
}
_NAMED = {
    ConditionKind.LIST: ("tier-list", "list"),
    ConditionKind.HOLDER: ("tier-holder", "name"),
    ConditionKind.SERIES: ("tier-series", "series"),
}
_SPANS = (("day", 86_400), ("hour", 3_600), ("minute", 60))
_FILTERED = {reason.value: Verbatim(reason.value) for reason in FilterReason}
_PRESENTED = (ConditionKind.ROLE, ConditionKind.WON_WITHIN)  # said their own way when barring
KEPT = 1024  # rules said and kept
_KEPT: dict[tuple[object, ...], Verbatim] = {}


def say_rule(
    rule: Rule,
    voice: Voice,
    community: str = "",
    role_names: Mapping[str, str] = NO_NAMES,
    language: str = "",
) -> Verbatim:
    """Who `rule` admits, in `community`'s words (in `language` when it is shipped and given,
    as `Catalog.say_in`), a Discord role by its name from `role_names`, never its raw id.

    Kept once said (per catalog, so a reload says it afresh): an early-access answer names the
    same rules to every claim of a rush."""
    catalog = current()
    key = (catalog, rule, voice.name, community, tuple(sorted(role_names.items())), language)
    kept = _KEPT.get(key)
    if kept is not None:
        return kept
    said = _Sayer(catalog, voice, community, role_names, language)
    who = said.joined("tier-or", [said.wrapped(n) for n in rule.any_of])
    if rule.require:
        needs = said.joined("tier-and", [said.node(n) for n in rule.require])
        who = said("tier-requiring", left=who, right=needs)
    if len(_KEPT) >= KEPT:
        _KEPT.clear()  # a few rules per drop: a full cache means many drops, not a rush
    _KEPT[key] = who
    return who


def say_rules(
    rules: tuple[Rule, ...],
    voice: Voice,
    community: str = "",
    role_names: Mapping[str, str] = NO_NAMES,
    language: str = "",
    joiner: str = "tier-and",
) -> Verbatim:
    """Whom several tiers admit together ("subscribers and VIPs"; `joiner` tier-or: either),
    each said by `say_rule`."""
    said = _Sayer(current(), voice, community, role_names, language)
    return said.joined(joiner, [say_rule(r, voice, community, role_names, language) for r in rules])


def say_refusal(refused: NotEligible, voice: Voice, community: str = "") -> str:
    """Why a person cannot enter, said (`Verbatim`) in the community's words: the anti-bot
    filter that kept them out (its `code`, a FilterReason), the exclusions that bar them
    (`barred`), else what the tiers ask for (`missing`); else the core's own words (`reason`),
    a plain `str` the catalog escapes as it puts it in."""
    if refused.code in _FILTERED:
        kind = _FILTERED[refused.code]  # a choice: never escaped
        return Verbatim(current().say(voice, "tier-filtered", community, reason_kind=kind))
    if refused.barred:
        said = _Sayer(current(), voice, community, NO_NAMES, "")
        return said.joined("tier-also", [said.exclusion(e) for e in refused.barred])
    if not refused.missing:
        return refused.reason
    who = say_rules(refused.missing, voice, community, joiner="tier-or")
    return Verbatim(current().say(voice, "tier-refusal", community, left=who))


class _Sayer:
    """One rule said in one community's words."""

    def __init__(
        self,
        catalog: Catalog,
        voice: Voice,
        community: str,
        role_names: Mapping[str, str],
        language: str,
    ) -> None:
        self.catalog, self.voice, self.community = catalog, voice, community
        self.role_names, self.language = role_names, language
        self.speaks = language or catalog.language_of(community)

    def __call__(self, message_id: str, **values: Value) -> Verbatim:
        if self.language:
            line = self.catalog.say_in(
                self.language, self.voice, message_id, self.community, **values
            )
        else:
            line = self.catalog.say(self.voice, message_id, self.community, **values)
        return Verbatim(line)

    def joined(self, message_id: str, parts: list[Verbatim]) -> Verbatim:
        """`parts` joined pairwise by `message_id` (`a or b or c`)."""
        if not parts:
            return self("tier-everyone")
        said = parts[0]
        for part in parts[1:]:
            said = self(message_id, left=said, right=part)
        return said

    def wrapped(self, node: Node) -> Verbatim:
        """A node, in brackets when it joins several (so `a or (b and c)` reads right)."""
        said = self.node(node)
        if isinstance(node, AnyOf | AllOf) and len(node.items) > 1:
            return self("tier-grouped", left=said)
        return said

    def node(self, node: Node) -> Verbatim:
        if isinstance(node, Condition):
            return self.condition(node)
        if isinstance(node, Not):
            return self("tier-not", left=self.wrapped(node.item))
        word = "tier-or" if isinstance(node, AnyOf) else "tier-and"
        return self.joined(word, [self.wrapped(item) for item in node.items])

    def condition(self, condition: Condition) -> Verbatim:
        kind, value = condition.kind, condition.value
        if kind is ConditionKind.EVERYONE:
            return self("tier-everyone")
        if kind is ConditionKind.BADGE:
            return self("tier-badge", badge=Verbatim(value))
        if kind is ConditionKind.ROLE:
            name = self.role_names.get(value)
            return self("tier-role", role_name=name) if name else self("tier-role-unnamed")
        if kind in _NAMED:
            message_id, variable = _NAMED[kind]
            return self(message_id, **{variable: value})
        if kind is ConditionKind.WON_WITHIN:
            span = Verbatim(self.span(condition.age))
            if value:
                return self("tier-won-within-series", series=value, span=span)
            return self("tier-won-within", span=span)
        age = Verbatim(duration_in(condition.age.total_seconds(), self.speaks))
        return self(_AGES[kind], age=age)

    def exclusion(self, exclusion: Exclusion) -> Verbatim:
        """Why `exclusion` bars the person, as `Not.barred` says it in English."""
        item = exclusion.item
        if not isinstance(item, Condition) or item.kind not in _PRESENTED:
            return self("tier-barred", left=self.node(item))
        if item.kind is ConditionKind.ROLE:
            return self("tier-barred-role")
        ago = exclusion.won_ago or timedelta(0)
        when = (
            self("tier-ago-now")
            if ago < timedelta(minutes=1)
            else self("tier-ago", span=Verbatim(self.span(ago)))
        )
        span = Verbatim(self.span(item.age))
        if item.value:
            return self("tier-barred-won-series", series=item.value, ago=when, span=span)
        return self("tier-barred-won", ago=when, span=span)

    def span(self, age: timedelta) -> str:
        """A length of time in words, in its largest whole unit: "30 days", "12 Stunden"."""
        seconds = int(age.total_seconds())
        locale = locale_of(self.speaks)
        for unit, size in _SPANS:
            if seconds >= size:
                return format_unit(seconds // size, f"duration-{unit}", "long", locale=locale)
        return format_unit(seconds, "duration-second", "long", locale=locale)
