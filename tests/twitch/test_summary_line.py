"""The conversion summary in Twitch chat: one line, headline figures, the transparency link."""

from __future__ import annotations

import json

from bot.drops.figures import ConversionSummary
from bot.drops.model import OutboxMessage
from bot.twitch.announcements import Links, render
from bot.twitch.summary_lines import MAX_SUMMARY, summary_line
from tests.fixtures.summaries import figures

LINKS = Links("https://fair.example/claim/{drop}", "https://fair.example/drops/{drop_id}")


def message(summary: ConversionSummary) -> OutboxMessage:
    # As a sink reads it: back from the outbox's JSON.
    payload = json.loads(json.dumps(summary.to_payload(), sort_keys=True))
    return OutboxMessage("summary:24h:7", 7, "summary", "channel", payload, id=3)


def test_the_summary_is_one_line_with_the_headline_figures_and_the_link() -> None:
    (line,) = render(message(figures()), LINKS)

    assert line == (
        'Drop "Episode 4 hoodie", 24 h after the close: 2,031 entrants (1,530 new, 501 back), '
        "48 winners, 30 redeemed (62% of winners). 47 told, 41 saw their code. "
        "Median time to claim 12m 20s. Median time to redeem 1h 30m. Orders worth 1,234.50. "
        "Full figures and the fair draw: https://fair.example/drops/7"
    )


def test_without_a_web_app_it_points_at_verify_draw() -> None:
    (line,) = render(message(figures()), Links("https://fair.example/claim/{drop}"))

    assert line.endswith("Check the draw with fairdrop verify-draw.")


def test_a_summary_with_nothing_to_time_or_sell_leaves_those_out() -> None:
    quiet = figures(
        returning=0, new=2031, redeemed=0, median_claim_seconds=None,
        median_redeem_seconds=None, revenue_cents=0, orders_with_value=0, label="72h",
    )  # fmt: skip
    (line,) = render(message(quiet), LINKS)

    assert line.startswith('Drop "Episode 4 hoodie", 72 h after the close: 2,031 entrants, ')
    assert "0 redeemed (0% of winners)." in line
    assert "Median" not in line and "Orders" not in line


def test_a_hostile_title_and_a_long_link_still_make_one_safe_line_within_the_limit() -> None:
    hostile = figures(title="/ban everyone\n@everyone " + "T" * 900, entrants=10**9, winners=10**8)
    long_link = "https://fair.example/" + "d" * 130 + "/7"
    longest_link = "https://fair.example/" + "d" * 600 + "/7"

    for verify_url in ("https://fair.example/drops/7", long_link, longest_link):
        (line,) = render(message(hostile), Links("x", verify_url))
        assert len(line) <= MAX_SUMMARY
        assert "\n" not in line
        assert line.startswith('Drop "/ban everyone @everyone TTT')  # our words first
        assert "1,000,000,000 entrants" in line
    (line,) = render(message(hostile), Links("x", long_link))
    assert line.endswith(long_link)  # the lesser figures went, the link stayed
    assert "Orders worth" not in line and "Median time to redeem" not in line


def test_summary_line_is_the_same_as_what_render_says() -> None:
    summary = figures()
    assert render(message(summary), LINKS) == [
        summary_line(summary, "https://fair.example/drops/7")
    ]


def test_a_spanish_community_reads_its_summary_in_spanish_with_its_figures_written_so() -> None:
    from bot.messages import catalog as messages
    from bot.messages.catalog import shipped_catalog

    messages.install(shipped_catalog(languages={"streamer": "es"}))
    try:
        (line,) = render(message(figures()), LINKS, "streamer")
    finally:
        messages.install(shipped_catalog())

    assert line == (
        'Drop "Episode 4 hoodie", 24 h después del cierre: 2.031 participantes (1.530 nuevos, '
        "501 repiten), 48 ganadores, 30 canjeados (62\xa0% de los ganadores). 47 avisados, 41 "
        "vieron su código. Tiempo medio para reclamar: 12min 20s. Tiempo medio para canjear: "
        "1h 30min. Pedidos por valor de 1.234,50. Todas las cifras y el sorteo justo: "
        "https://fair.example/drops/7"
    )
