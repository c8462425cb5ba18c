"""The summary's Discord embed: figures in fields, names made inert, within Discord's limits."""

from __future__ import annotations

import discord

from bot.discord.summaries import summary_embed
from bot.drops.kpis import TierFigures
from bot.reports.chart import FILENAME
from tests.fixtures.summaries import figures


def _fields(embed: discord.Embed) -> dict[str, str]:
    """The embed's fields by name (discord.py types both as optional; ours always have them)."""
    fields = {}
    for field in embed.fields:
        assert field.name is not None and field.value is not None
        fields[field.name] = field.value
    return fields


def test_the_embed_carries_the_funnel_timing_revenue_and_fairness() -> None:
    embed = summary_embed(figures(), "https://fair.example/drops/7")

    assert embed.title == "Episode 4 hoodie: 24 h after the close"
    assert embed.url == "https://fair.example/drops/7"
    fields = _fields(embed)
    assert "redeemed: **30**" in fields["Funnel"]
    assert "median to claim: **12m 20s**" in fields["Timing"]
    assert fields["Revenue reported"] == "**1,234.50** from 28 orders"
    assert "subs: **412**" in fields["By tier"]
    assert "account age: **40**" in fields["Filtered"]
    assert "subs: 20% → **25%**" in fields["Fairness: share of entries → share of winners"]
    assert embed.image.url == f"attachment://{FILENAME}"


def test_hostile_names_cannot_mention_and_long_lists_stay_within_limits() -> None:
    hostile = "@everyone <@&42> [link](https://evil.example)"
    many = tuple((f"{hostile} {i}", i) for i in range(200))
    tiers = tuple(TierFigures(f"{hostile} {i}", 1, 1, 0.1, 0.1, 0.1) for i in range(40))
    embed = summary_embed(figures(title=hostile * 20, by_tier=many, kept_out=many, fairness=tiers))

    texts = [embed.title or "", embed.description or ""]
    texts += [f"{f.name} {f.value}" for f in embed.fields]
    for text in texts:
        assert "@everyone" not in text and "<@&42>" not in text
    assert len(embed.title or "") <= 256
    assert all(len(f.value or "") <= 1024 for f in embed.fields)
    assert len(embed) <= 6000  # Discord's limit for all of an embed's text
    assert "and 192 more" in _fields(embed)["By tier"]


def test_a_spanish_community_reads_its_summary_embed_in_spanish() -> None:
    from bot.messages import catalog as messages
    from bot.messages.catalog import shipped_catalog

    messages.install(shipped_catalog(languages={"streamer": "es"}))
    try:
        embed = summary_embed(figures(), "https://fair.example/drops/7")
    finally:
        messages.install(shipped_catalog())

    assert embed.title == "Episode 4 hoodie: 24 h después del cierre"
    fields = _fields(embed)
    assert "canjeados: **30**" in fields["Embudo"]
    assert "antigüedad de la cuenta: **40**" in fields["Filtrados"]
    assert "mediana hasta reclamar: **12min 20s**" in fields["Tiempos"]
    assert fields["Ingresos declarados"] == "**1.234,50** en 28 pedidos"


def test_the_reasons_people_were_left_out_are_said_in_the_communitys_language() -> None:
    from bot.messages import catalog as messages
    from bot.messages.catalog import shipped_catalog

    left_out = (("filtered at close: account age", 2), ("one entry per person", 3), ("odd", 1))
    messages.install(shipped_catalog(languages={"streamer": "de"}))
    try:
        german = _fields(summary_embed(figures(left_out=left_out)))["Herausgefiltert"]
    finally:
        messages.install(shipped_catalog())
    english = _fields(summary_embed(figures(left_out=left_out)))["Filtered"]

    assert german.splitlines() == [
        "Kontoalter: **40**",
        "beim Schließen gefiltert: Kontoalter: **2**",
        "eine Teilnahme pro Person: **3**",
        "odd: **1**",  # stored by a version with no words for it: shown as it is
    ]
    assert english.splitlines()[1:3] == [
        "filtered at close: account age: **2**",
        "one entry per person: **3**",
    ]


def test_the_footer_says_its_times_in_the_streamers_zone_and_the_communitys_language() -> None:
    from bot.messages import catalog as messages
    from bot.messages.catalog import shipped_catalog

    messages.install(shipped_catalog(languages={"streamer": "es"}, time_zone="America/New_York"))
    try:
        footer = summary_embed(figures()).footer.text or ""
    finally:
        messages.install(shipped_catalog())
    english = summary_embed(figures()).footer.text or ""

    # 20:10 UTC on 22 November is 15:10 in New York (Spanish has no short name for its zone).
    assert footer.startswith("A fecha de 22 nov 2026 15:10 GMT-05:00;")
    assert english.startswith("As of Nov 22, 2026 20:10 UTC;")
