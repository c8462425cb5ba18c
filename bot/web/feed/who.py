"""Who a drop's early window is for, as data: each early tier's rule as the kinds of its
conditions, which every page says in its own language.

The feed builds one state per drop for every client, and the clients speak different
languages (an overlay its community's, a transparency page its reader's), so the state carries
no words: a condition is its kind and its public value (a badge, a list's, drop's or series'
name, an age in seconds), and the page picks the catalog's line for the kind
(`overlay-who-...`, served to it with its other words). A Discord role is sent without its id:
the page says "a Discord role", as the core does with no guild at hand.
"""

from __future__ import annotations

from bot.drops.model import Drop
from bot.gating.rules import AllOf, AnyOf, Condition, ConditionKind, Node, Rule

Json = dict[str, object]
_AGED = frozenset(
    {
        ConditionKind.ACCOUNT_AGE,
        ConditionKind.FOLLOW_AGE,
        ConditionKind.JOIN_AGE,
        ConditionKind.WON_WITHIN,
    }
)


def early_for(drop: Drop) -> list[Json]:
    """Who may enter before everyone: each tier that opens before the last one, as `rule_data`."""
    tiers = drop.spec.tiers
    if not tiers:
        return []
    last = max(t.opens_after for t in tiers)
    return [rule_data(t.rule) for t in tiers if t.opens_after < last]


def rule_data(rule: Rule) -> Json:
    """`{"any_of": [...], "require": [...]}`: whom the rule admits, each node as `node_data`."""
    return {
        "any_of": [node_data(node) for node in rule.any_of],
        "require": [node_data(node) for node in rule.require],
    }


def node_data(node: Node) -> Json:
    """A condition (`{"kind", "value"?, "age_s"?}`) or a combination (`{"any_of": [...]}`,
    `{"all_of": [...]}`, `{"not": ...}`)."""
    if isinstance(node, AnyOf):
        return {"any_of": [node_data(item) for item in node.items]}
    if isinstance(node, AllOf):
        return {"all_of": [node_data(item) for item in node.items]}
    if isinstance(node, Condition):
        return _condition(node)
    return {"not": node_data(node.item)}


def _condition(condition: Condition) -> Json:
    kind = condition.kind
    data: Json = {"kind": kind.value}
    if kind is ConditionKind.ROLE:
        return data  # a role's id is the guild's business, never shown
    if condition.value:
        data["value"] = condition.value  # a badge; a list's, drop's or series' public name
    if kind in _AGED:
        data["age_s"] = int(condition.age.total_seconds())
    return data
