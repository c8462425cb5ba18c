"""A season's summary in Twitch chat: one line, the headline figures, lift with its caveat."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.drops.model import OutboxMessage
from bot.drops.notices import SeasonSummary, encode
from bot.messages import catalog as messages
from bot.messages.catalog import shipped_catalog
from bot.twitch.announcements import Links, ends_entries, render
from bot.twitch.summary_lines import MAX_SUMMARY
from tests.fixtures.summaries import SEASON_EPISODES, season_summary

LINKS = Links("https://fair.example/claim/{drop}", "https://fair.example/drops/{drop_id}")
season = season_summary


def said(notice: SeasonSummary) -> list[str]:
    # As the Twitch sink reads it: back from the outbox's JSON.
    kind, payload, _ = encode(notice)
    payload = json.loads(json.dumps(payload, sort_keys=True))
    row = OutboxMessage("season:streamer:spring:x", 7, kind, "channel", payload)
    return render(row, LINKS, "streamer")


def test_after_the_last_episode_chat_hears_the_season_in_one_line() -> None:
    assert said(season()) == [
        'Season "spring" is over: 3 episodes, 350 entries (180 by returning fans), 16 redeemed.'
    ]


def test_on_the_first_of_a_month_chat_hears_the_season_so_far() -> None:
    (line,) = said(season(period="2026-05", episodes=SEASON_EPISODES[:1], entrants=1))

    assert line == (
        'Season "spring" to the end of May 2026: 1 episode, 1 entry '
        "(180 by returning fans), 16 redeemed."
    )


def test_with_lift_on_the_new_subscriptions_come_with_the_caveat() -> None:
    (compared,) = said(season(lift=True, subscriptions=42, expected=30.5))
    (counted,) = said(season(lift=True, subscriptions=42, expected=None))
    (unknown,) = said(season(lift=True))  # no episode's 72 h are over yet

    assert compared.endswith(
        "42 new subs in the 72 h after the episodes against 30.5 expected: a comparison, "
        "not proof the drops caused it."
    )
    assert counted.endswith(
        "42 new subs in the 72 h after the episodes: a count, not proof the drops caused it."
    )
    assert "subs" not in unknown


def test_a_hostile_series_name_cannot_command_or_run_long() -> None:
    (line,) = said(season(series="/ban everyone " + "x" * 600, lift=True, subscriptions=1))

    assert line.startswith('Season "') and len(line) <= MAX_SUMMARY


def test_a_season_summary_does_not_end_any_drop_s_entries() -> None:
    assert ends_entries(season()) is False


@pytest.fixture
def spanish() -> Iterator[None]:
    messages.install(shipped_catalog(languages={"streamer": "es"}))
    try:
        yield
    finally:
        messages.install(shipped_catalog())


def test_a_spanish_community_hears_it_in_spanish(spanish: None) -> None:
    (line,) = said(season(lift=True, subscriptions=3, expected=2.5))

    assert line.startswith('La temporada "spring" ha terminado: 3 episodios')
    assert "frente a 2,5 esperadas" in line


def test_a_spanish_community_hears_its_month_by_name(spanish: None) -> None:
    (line,) = said(season(period="2026-05"))

    assert line.startswith('Temporada "spring" hasta el final de mayo de 2026: 3 episodios')
