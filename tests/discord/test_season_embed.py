"""A season's summary in Discord: the headline figures in an embed over the season's chart,
lift with its caveat, names made inert, in the community's language."""

from __future__ import annotations

from bot.discord.summaries import season_embed
from bot.reports.chart import PNG_MAGIC
from bot.reports.season_chart import FILENAME, summary_png
from tests.fixtures.summaries import season_summary

season = season_summary


def test_the_embed_carries_the_headline_figures_over_the_season_chart() -> None:
    link = "https://fair.example/series/spring-tour?channel=streamer"
    embed = season_embed(season(), link)

    assert embed.title == "Season spring: the whole season"
    assert embed.url == link
    assert embed.description == (
        "**3** episodes, **350** entries (180 by returning fans), **16** redeemed."
    )
    assert embed.image.url == f"attachment://{FILENAME}"
    assert embed.timestamp == season().as_of
    assert (embed.footer.text or "").startswith("As of ")


def test_a_monthly_embed_names_its_month_and_lift_comes_with_its_caveat() -> None:
    embed = season_embed(season(period="2026-05", lift=True, subscriptions=42, expected=30))

    assert embed.title == "Season spring: to the end of May 2026"
    assert (embed.description or "").endswith(
        "42 new subscriptions in the 72 h after the episodes against 30 expected: a comparison "
        "with earlier weeks, not proof that the drops caused it."
    )


def test_a_hostile_series_name_cannot_mention_anyone() -> None:
    embed = season_embed(season(series="@everyone <@&42> **big**"))

    assert "@everyone" not in (embed.title or "") and "<@&42>" not in (embed.title or "")


def test_the_chart_is_the_report_s_chart_drawn_from_the_notice() -> None:
    assert summary_png(season()).startswith(PNG_MAGIC)
    assert summary_png(season(episodes=(), retention=())).startswith(PNG_MAGIC)


def test_a_spanish_community_reads_its_season_in_spanish() -> None:
    from bot.messages import catalog as messages
    from bot.messages.catalog import shipped_catalog

    messages.install(shipped_catalog(languages={"streamer": "es"}))
    try:
        embed = season_embed(season(lift=True, subscriptions=3, expected=2.5))
    finally:
        messages.install(shipped_catalog())

    assert embed.title == "Temporada spring: la temporada completa"
    assert "frente a 2,5 esperadas" in (embed.description or "")
