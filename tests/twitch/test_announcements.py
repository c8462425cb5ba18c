"""What the bot says in Twitch chat for each outbox message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.drops.model import OutboxMessage
from bot.drops.notices import NoticeError
from bot.messages import catalog as messages
from bot.messages.catalog import shipped_catalog
from bot.twitch.announcements import (
    KINDS,
    Links,
    mentions_alone,
    render,
    render_rerolls,
    render_won,
)
from bot.twitch.chat_text import MAX_MESSAGE

LINKS = Links("https://fair.example/claim/{drop}", "https://fair.example/drops/{drop_id}")
OPENED = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
SEED = "5eed" * 16
COMMITMENT = "c0ffee" + "ab" * 29
ENTRY_HASH = "e1" * 32


def drop_payload(**extra: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "drop": "hoodie",
        "title": "Episode 4 hoodie",
        "state": "early",
        "supply": 48,
        "mode": "lottery",
        "commitment": COMMITMENT,
        "closes_at": (OPENED + timedelta(minutes=10)).isoformat(),
        "tiers": [
            {"name": "subs", "opens_at": OPENED.isoformat(), "who": "subscribers"},
            {
                "name": "public",
                "opens_at": (OPENED + timedelta(minutes=2)).isoformat(),
                "who": "everyone",
            },
        ],
    }
    payload.update(extra)
    return payload


def message(kind: str, payload: dict[str, object], audience: str = "channel") -> OutboxMessage:
    return OutboxMessage(f"{kind}:1", 7, kind, audience, payload, id=1)


def won(
    name: str, serial: int, platform: str = "twitch", via: str = "fcfs", msg_id: int = 1
) -> OutboxMessage:
    payload: dict[str, object] = {
        "drop": "hoodie",
        "title": "Episode 4 hoodie",
        "serial": serial,
        "display_name": name,
        "platform": platform,
        "via": via,
        "claim_deadline": (OPENED + timedelta(hours=24)).isoformat(),
    }
    return OutboxMessage(f"won:{msg_id}", 7, "won", f"{platform}:{msg_id}", payload, id=msg_id)


def drawn(winners: list[str], platforms: list[str] | None = None) -> OutboxMessage:
    return message(
        "drawn",
        {
            "drop": "hoodie",
            "title": "Episode 4 hoodie",
            "winners": winners,
            "winner_platforms": platforms or ["twitch"] * len(winners),
            "guaranteed": [],
            "left_out": 0,
            "entrants": 1000,
            "seed": SEED,
            "commitment": COMMITMENT,
            "entry_hash": ENTRY_HASH,
        },
    )


def check(texts: list[str]) -> None:
    for text in texts:
        assert 0 < len(text) <= MAX_MESSAGE
        assert text[0] not in "/.!@\\"
        assert "\n" not in text and "v4.public." not in text


@pytest.mark.parametrize("kind", ["opened", "early"])
def test_opening_says_tiers_times_how_to_enter_and_the_commitment(kind: str) -> None:
    texts = render(message(kind, drop_payload()), LINKS)
    check(texts)
    text = " ".join(texts)
    assert text.startswith('Drop open: "Episode 4 hoodie"!')
    assert "48 units" in text and "winners drawn at close" in text
    assert "!claim" in text and "until 20:10 UTC" in text
    assert "subscribers from 20:00 UTC" in text and "everyone from 20:02 UTC" in text
    # The whole commitment, so it can be copied into `verify-draw --commitment` (issue 20).
    assert f"commitment {COMMITMENT}," in text
    assert "drand" not in text  # this drop committed to no round
    assert "https://fair.example/drops/7" in text


def test_opening_names_the_drand_round_the_commitment_is_bound_to() -> None:
    texts = render(message("opened", drop_payload(beacon_round=1000)), LINKS)
    check(texts)
    assert f"commitment {COMMITMENT}, bound to drand round 1000" in " ".join(texts)


def test_public_says_everyone_can_enter_now() -> None:
    texts = render(message("public", drop_payload(state="public", mode="fcfs")), LINKS)
    check(texts)
    assert texts[0].startswith('Drop "Episode 4 hoodie" is now open to everyone!')
    assert "first come, first served" in texts[0] and "!claim" in texts[0]


def test_closing_soon_and_scheduled() -> None:
    (closing,) = render(message("closing", drop_payload()), LINKS)
    assert closing == 'Drop "Episode 4 hoodie" closes at 20:10 UTC: type !claim now to enter.'
    payload = drop_payload(closes_at=None, tiers=[], starts_at="2026-11-21T20:00:00+00:00")
    (scheduled,) = render(message("scheduled", payload), LINKS)
    assert scheduled.startswith('Drop "Episode 4 hoodie" is scheduled for 20:00 UTC')
    assert COMMITMENT[:16] in scheduled


def test_closed_shows_the_whole_entry_list_hash() -> None:
    (text,) = render(message("closed", drop_payload(entry_hash=ENTRY_HASH, entrants=12)), LINKS)
    assert "closed" in text and "12 entrants" in text
    assert f"hash {ENTRY_HASH};" in text
    (fcfs,) = render(message("closed", drop_payload(entry_hash="", mode="fcfs")), LINKS)
    assert fcfs == 'Drop "Episode 4 hoodie" is closed: no more entries.'


def test_a_closed_first_come_drop_announces_its_arrival_chain_not_a_draw() -> None:
    payload = drop_payload(entry_hash=ENTRY_HASH, mode="fcfs")
    (text,) = render(message("closed", payload), LINKS)
    assert f"chain head {ENTRY_HASH};" in text and "draw" not in text


def test_drawn_mentions_twitch_winners_only_and_gives_the_claim_link_and_the_seed() -> None:
    texts = render(drawn(["alice", "DiscordDan", "bob"], ["twitch", "discord", "twitch"]), LINKS)
    check(texts)
    text = " ".join(texts)
    assert len(texts) == 1
    assert texts[0].startswith(
        'Drop "Episode 4 hoodie" is drawn: 3 winners from 1,000 entrants. '
        'Winners of "Episode 4 hoodie": @alice @bob '
    )
    assert "DiscordDan" not in text and "1 winner on Discord" in text
    assert "https://fair.example/claim/hoodie" in text
    assert f"seed {SEED}," in text and f"commitment {COMMITMENT}," in text
    assert f"entry list {ENTRY_HASH};" in text


def test_drawn_with_no_winners() -> None:
    texts = render(drawn([]), LINKS)
    check(texts)
    assert "0 winners" in texts[0]
    assert "claim" not in " ".join(texts)


def test_300_winners_are_batched_under_500_characters_with_a_fixed_prefix() -> None:
    names = [f"fan_{i:03d}_with_a_long_name"[:25] for i in range(300)]
    texts = render(drawn(names), LINKS)
    check(texts)
    batches = [t for t in texts if t.startswith('Winners of "Episode 4 hoodie": @')]
    mentioned = [w for t in batches for w in t.split(": ", 1)[1].split(" ")]
    assert mentioned == [f"@{n}" for n in names]
    assert len(batches) == pytest.approx(300 * 26 / 470, abs=2)


def test_seed_is_never_said_before_the_draw() -> None:
    for kind in KINDS - {"drawn"}:
        payload = drop_payload(seed=SEED, text="24 h summary", reason="stream ended")
        for text in render(message(kind, payload), LINKS):
            assert SEED[:16] not in text, kind


def test_won_for_a_twitch_winner_mentions_and_points_at_the_claim_page() -> None:
    (text,) = render(won("Alice", 3), LINKS)
    assert text == (
        'Drop "Episode 4 hoodie": you won! Get your code at '
        "https://fair.example/claim/hoodie by 20:00 UTC: @Alice (#3)"
    )


@pytest.mark.parametrize(
    "row",
    [won("DiscordDan", 3, platform="discord"), won("alice", 3, via="draw")],
    ids=["discord winner", "drawn winner (the drawn message mentions them)"],
)
def test_won_says_nothing_in_chat_when_someone_else_does(row: OutboxMessage) -> None:
    assert render(row, LINKS) == []
    assert not mentions_alone(row)


def test_consecutive_won_messages_render_as_one_batch() -> None:
    rows = [won(f"fan{i}", i, msg_id=i) for i in range(1, 31)]
    rows.append(won("DiscordDan", 31, platform="discord", msg_id=31))
    rows.append(won("名前", 32, msg_id=32))
    texts = render_won(rows, LINKS)
    check(texts)
    assert len(texts) == 2
    assert all(t.startswith('Drop "Episode 4 hoodie": you won!') for t in texts)
    joined = " ".join(texts)
    assert "@fan1 (#1)" in joined and "@fan30 (#30)" in joined
    assert "DiscordDan" not in joined
    assert "and 1 winner whose name cannot be shown" in joined


def test_reroll_names_nobody() -> None:
    payload: dict[str, object] = {"drop": "hoodie", "serial": 4, "from": "@everyone", "to": "x"}
    (text,) = render(message("reroll", payload), LINKS)
    assert (
        text == 'Drop "hoodie": #4 was not claimed in time and passes to the next entrant in line.'
    )
    (none_left,) = render(message("reroll", {**payload, "to": None}), LINKS)
    assert none_left.endswith("nobody is left in line to pass it to.")


def test_a_disqualification_is_said_alone_with_its_reason_beside_batched_lapses() -> None:
    # Lapsed units of one drop share a line; a disqualification has a reason of its own (a
    # moderator's free text, escaped by the catalog) and keeps its own line, in the same group.
    lapsed = {"drop": "hoodie", "title": "Episode 4 hoodie", "from": "a", "to": "b"}
    rows = [
        message("reroll", {**lapsed, "serial": 3}),
        message("reroll", {**lapsed, "serial": 4, "disqualified": True, "reason": "alt\n/ban x"}),
        message("reroll", {**lapsed, "serial": 5}),
        message("reroll", {**lapsed, "serial": 6, "disqualified": True, "to": None}),
    ]

    assert render_rerolls(rows) == [
        'Drop "Episode 4 hoodie": #3, #5 were not claimed in time and pass to the next entrants '
        "in line.",
        'Drop "Episode 4 hoodie": the winner of #4 was disqualified by a moderator (alt /ban x) '
        "and it passes to the next entrant in line.",
        'Drop "Episode 4 hoodie": the winner of #6 was disqualified by a moderator, and nobody is '
        "left in line to pass it to.",
    ]


def test_cancelled_settled_and_summary() -> None:
    (cancelled,) = render(message("cancelled", drop_payload(reason="stream\nended")), LINKS)
    assert cancelled == (
        'Drop "Episode 4 hoodie" was cancelled (stream ended). Any codes issued for it are void.'
    )
    (settled,) = render(message("settled", drop_payload()), LINKS)
    assert settled.startswith('Drop "Episode 4 hoodie" is settled')
    (summary,) = render(message("summary", {"text": "24 h: 40 of 48 redeemed\n(83%)"}), LINKS)
    assert summary == "24 h: 40 of 48 redeemed (83%)"
    (defused,) = render(message("summary", {"text": "/ban everyone"}), LINKS)
    assert defused == "» /ban everyone"
    assert render(message("summary", {}), LINKS) == []


def test_an_unknown_kind_is_a_clear_error_for_the_sink_to_park() -> None:
    # It used to render to nothing with a warning, and the row was marked sent: said nowhere.
    # Now the outbox sink counts the error as a failed delivery and parks the row.
    with pytest.raises(NoticeError, match="unknown kind 'mystery'"):
        render(message("mystery", {}), LINKS)


def test_hostile_titles_and_huge_payloads_still_fit() -> None:
    tiers = [{"name": f"t{i}", "opens_at": OPENED.isoformat(), "who": "w" * 300} for i in range(40)]
    payload = drop_payload(title="/ban\nx " + "T" * 900, tiers=tiers)
    for kind in KINDS:
        texts = render(message(kind, payload), LINKS)
        check(texts)
        assert all(not t.startswith("/") for t in texts)


def test_times_are_hh_mm_utc_by_default() -> None:
    catalog = shipped_catalog()
    assert catalog.time_of(datetime.fromisoformat("2026-11-21T21:05:00+01:00")) == "20:05 UTC"
    assert catalog.time_of(datetime(2026, 11, 21, 20, 5)) == "20:05 UTC"  # naive: UTC
    assert catalog.time_of(None) == ""


# Europe/Berlin moves to summer time on 29 March 2026 at 01:00 UTC: the same 18:05 UTC close is
# 19:05 the day before and 20:05 the day after, each with its zone's name in that language.
BEFORE_DST, AFTER_DST = OPENED.replace(month=3, day=28), OPENED.replace(month=3, day=29)


@pytest.mark.parametrize(
    ("language", "before", "after"),
    [
        ("de", "bis 21:10 MEZ", "bis 22:10 MESZ"),
        ("es", "hasta las 21:10 CET", "hasta las 22:10 CEST"),
        ("en", "until 21:10 GMT+01:00", "until 22:10 GMT+02:00"),
    ],
)
def test_chat_says_times_in_the_streamers_zone_and_the_communitys_language(
    language: str, before: str, after: str
) -> None:
    def opened_on(day: datetime) -> str:
        closes = (day + timedelta(minutes=10)).isoformat()
        return " ".join(render(message("opened", drop_payload(closes_at=closes)), LINKS, "stream"))

    catalog = shipped_catalog(languages={"stream": language}, time_zone="Europe/Berlin")
    messages.install(catalog)
    try:
        said_before, said_after = opened_on(BEFORE_DST), opened_on(AFTER_DST)
    finally:
        messages.install(shipped_catalog())

    assert before in said_before and after in said_after


def test_claim_link_template_is_filled_safely() -> None:
    links = Links("https://x.example/c/{drop}?id={drop_id}&x={other}")
    text = render(won("alice", 1), links)[0]
    assert "https://x.example/c/hoodie?id=7&x={other}" in text
    odd = won("alice", 1)
    odd.payload["drop"] = "a b/c"
    assert "https://x.example/c/a%20b%2Fc?id=7" in render(odd, links)[0]
