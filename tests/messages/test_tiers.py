"""Who a tier admits, said in each community's language (issue 22): the rules stay typed in the
core, and `bot.messages.tiers` says them through the catalog where an adapter names a tier."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from bot.discord.text import DISCORD_VOICE, outcome_text
from bot.drops import outcomes as oc
from bot.drops.model import OutboxMessage
from bot.gating.eligibility import Refused, eligibility
from bot.gating.rules import EntrantFacts, Rule, Tier, parse_rule
from bot.messages import catalog as messages
from bot.messages.catalog import shipped_catalog
from bot.messages.tiers import say_refusal, say_rule
from bot.twitch.announcements import Links, render
from bot.twitch.chat import acknowledgement
from bot.twitch.chat_text import TWITCH_VOICE

RULES = [
    parse_rule(["badge:subscriber", "badge:vip"]),
    parse_rule(["list:mods-picks"], ["not won-within:30d"]),
    parse_rule([{"all_of": ["role:123", "account-age:30d"]}, "holder:hoodie"]),
    parse_rule(["series:ep"], ["not won-within:7d:ep", "follow-age:12h"]),
    parse_rule(["everyone"]),
    parse_rule(["badge:broadcaster", "join-age:7d"]),
]
PICKS = parse_rule(["list:mods-picks"])
OPENED = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _spoken() -> Iterator[None]:
    messages.install(shipped_catalog(languages={"es": "es", "de": "de", "pt": "pt-BR"}))
    yield
    messages.install(shipped_catalog())


@pytest.mark.parametrize("rule", RULES, ids=str)
def test_english_says_a_rule_as_the_rule_describes_itself(rule: Rule) -> None:
    assert say_rule(rule, TWITCH_VOICE) == rule.describe()


@pytest.mark.parametrize(
    ("community", "said"),
    [
        ("es", "la lista mods-picks (no quienes ganaron un drop en los últimos 30 días)"),
        ("de", "die Liste mods-picks (nicht Gewinner eines Drops der letzten 30 Tage)"),
        ("pt", "a lista mods-picks (não quem ganhou um drop nos últimos 30 dias)"),
    ],
)
def test_a_rule_is_said_in_the_communitys_language(community: str, said: str) -> None:
    assert say_rule(RULES[1], TWITCH_VOICE, community) == said


def test_badges_are_said_in_the_communitys_words() -> None:
    assert say_rule(RULES[0], TWITCH_VOICE, "de") == "Abonnenten oder VIPs"
    assert say_rule(RULES[0], TWITCH_VOICE, "es") == "suscriptores o VIPs"


def test_a_discord_role_is_named_never_its_id_and_a_hostile_name_pings_nobody() -> None:
    rule = parse_rule(["role:123", "list:@everyone"])

    named = say_rule(rule, DISCORD_VOICE, "es", {"123": "Suscriptores <@&9>"})
    unnamed = say_rule(rule, DISCORD_VOICE, "es")

    assert "123" not in unnamed and "miembros con un rol de Discord" in unnamed
    assert "<@&9>" not in named and "@everyone" not in named
    assert named.startswith("miembros con el rol Suscriptores")


def _opened(tiers: list[dict[str, object]]) -> str:
    payload: dict[str, object] = {
        "drop": "sudadera",
        "title": "",
        "state": "early",
        "supply": 2,
        "mode": "lottery",
        "closes_at": (OPENED + timedelta(minutes=10)).isoformat(),
        "tiers": tiers,
    }
    row = OutboxMessage("opened:1", 7, "opened", "channel", payload, id=1)
    return " ".join(render(row, Links("https://fair.example/c/{drop}", ""), "es"))


def test_the_opening_line_names_each_tier_in_the_communitys_language() -> None:
    tier: dict[str, object] = {
        "name": "subs",
        "opens_at": OPENED.isoformat(),
        "who": "subscribers or VIPs",
    }

    said = _opened([tier | {"rule": RULES[0].to_config()}])
    before = _opened([tier])  # a row written before tiers carried their rule: its own words

    assert "suscriptores o VIPs desde las 20:00 UTC" in said
    assert "subscribers or VIPs desde las 20:00 UTC" in before


def test_an_early_access_answer_names_the_open_windows_in_the_communitys_language() -> None:
    not_yet = oc.NotEligibleYet(
        7, "sudadera", "public", OPENED, "the mods-picks list", early_access_rules=(PICKS,)
    )

    chat = acknowledgement(not_yet, "es")
    discord = outcome_text(not_yet, "sudadera", "de")

    assert chat is not None and "El acceso anticipado es para la lista mods-picks" in chat
    assert "ist für die Liste mods\\-picks." in discord  # the list's name escaped for Discord


def test_a_refusal_says_what_the_tiers_ask_for_in_the_communitys_language() -> None:
    subs_only = oc.NotEligible(
        7, "sudadera", "this drop is for subscribers", missing=(parse_rule(["badge:subscriber"]),)
    )
    barred = oc.NotEligible(7, "sudadera", "you won a drop just now; winners wait 30 days")  # older

    assert acknowledgement(subs_only, "es") == "Esta vez no (este drop es para suscriptores):"
    assert "dieser Drop ist für Abonnenten" in outcome_text(subs_only, "sudadera", "de")
    assert acknowledgement(subs_only, "") == "Not this one (this drop is for subscribers):"
    # An outcome without typed reasons (none is made now) says the core's words, escaped.
    assert "winners wait 30 days" in outcome_text(barred, "sudadera", "de")


@pytest.mark.parametrize(
    ("community", "chat", "discord"),
    [
        ("", "Not this one (account age):", "You can't enter **sudadera**: account age."),
        ("es", "Esta vez no (antigüedad de la cuenta):", "antigüedad de la cuenta."),
        ("de", "(Kontoalter):", "Kontoalter."),
    ],
)
def test_an_anti_bot_filter_is_named_in_the_communitys_language(
    community: str, chat: str, discord: str
) -> None:
    kept_out = oc.NotEligible(7, "sudadera", "account age", code="account_age")

    said = acknowledgement(kept_out, community)

    assert said is not None and said.endswith(chat)
    assert outcome_text(kept_out, "sudadera", community).endswith(discord)


COOLDOWN = parse_rule(["everyone"], ["not won-within:30d"])
SERIES_COOLDOWN = parse_rule(["everyone"], ["not won-within:7d:ep"])
NO_ROLE = parse_rule(["everyone"], ["not role:5"])
NOT_PICKS = parse_rule(["everyone"], [{"not": {"any_of": ["list:picks", "badge:vip"]}}])


@pytest.mark.parametrize(
    ("rule", "facts"),
    [
        (COOLDOWN, EntrantFacts(won_ago=(("", timedelta(days=3)),))),
        (COOLDOWN, EntrantFacts(won_ago=(("", timedelta(seconds=5)),))),
        (SERIES_COOLDOWN, EntrantFacts(won_ago=(("ep", timedelta(hours=2)),))),
        (NO_ROLE, EntrantFacts(roles=frozenset({"5"}))),
        (NOT_PICKS, EntrantFacts(lists=frozenset({"picks"}))),
    ],
    ids=["cooldown", "just-now", "series", "role", "any-of"],
)
def test_english_says_an_exclusion_as_the_rule_words_it(rule: Rule, facts: EntrantFacts) -> None:
    refused = _refused(rule, facts)

    assert say_refusal(refused, TWITCH_VOICE) == refused.reason


@pytest.mark.parametrize(
    ("community", "said"),
    [
        ("es", "ganaste un drop hace 3 días; quienes ganan esperan 30 días"),
        ("de", "dein letzter Drop-Gewinn ist 3 Tage her; Gewinner warten 30 Tage"),
        ("pt", "você ganhou um drop há 3 dias; quem ganha espera 30 dias"),
    ],
)
def test_an_exclusion_is_said_in_the_communitys_language(community: str, said: str) -> None:
    refused = _refused(COOLDOWN, EntrantFacts(won_ago=(("", timedelta(days=3)),)))

    assert say_refusal(refused, TWITCH_VOICE, community) == said


def _refused(rule: Rule, facts: EntrantFacts) -> oc.NotEligible:
    """The outcome a claim gets when `rule` is the drop's one tier, as the engine builds it."""
    drop = SimpleNamespace(spec=SimpleNamespace(tiers=(Tier("t", rule),)), opened_at=OPENED)
    verdict = eligibility(drop, facts, OPENED)
    assert isinstance(verdict, Refused)
    return oc.NotEligible(7, "x", verdict.reason, missing=verdict.missing, barred=verdict.barred)
