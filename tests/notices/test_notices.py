"""Typed notices: each kind round-trips through the outbox's JSON, rows written by the release
before typed notices still read (and say the same), and what cannot be read is one clear error."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_args, get_type_hints

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.drops import notices
from bot.drops.model import OutboxMessage
from bot.drops.notices import (
    KINDS,
    VERSION,
    BeaconWaiting,
    Closed,
    Notice,
    NoticeError,
    SeasonEpisode,
    Summary,
    SummaryLine,
    TierOpening,
    Won,
    decode,
    encode,
)
from bot.gating.rules import parse_rule
from bot.twitch.announcements import Links, render, render_notice
from bot.twitch.whispers import notice as whisper_notice

RELEASE = json.loads((Path(__file__).parent / "release_rows.json").read_text())

RATES = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
# Times as a sink reads them back: aware (UTC or another fixed offset) or, in old rows, naive.
TIMES = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5)), None]),
)


# A tier's rule, stored so each adapter can say it in its language (issue 22): every kind of node.
RULES = st.sampled_from(
    [
        parse_rule(["everyone"]),
        parse_rule(["badge:subscriber", "list:mods-picks"], ["not won-within:30d:ep4"]),
        parse_rule([{"all_of": ["role:123", "account-age:30d"]}, "holder:hoodie"]),
        parse_rule([{"any_of": ["series:ep", "join-age:7d"]}], [{"not": "follow-age:1h"}]),
    ]
)


def _strategy(hint: Any) -> st.SearchStrategy[Any]:
    """Values for one field of a notice, from its type."""
    if hint is str:
        return st.text()
    if hint == int | None:
        return st.none() | st.integers()
    if hint == str | None:
        return st.none() | st.text()
    if hint == datetime | None:
        return st.none() | TIMES
    if hint == tuple[str, ...]:
        return st.lists(st.text(), max_size=5).map(tuple)
    if hint == tuple[TierOpening, ...]:
        tier = st.builds(TierOpening, st.text(), st.none() | TIMES, st.text(), st.none() | RULES)
        return st.lists(tier, max_size=4).map(tuple)
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(min_value=0)
    if hint == float | None:
        return st.none() | RATES
    if hint == tuple[float | None, ...]:
        return st.lists(st.none() | RATES, max_size=3).map(tuple)
    if hint == tuple[SeasonEpisode, ...]:
        return st.lists(_notices_of(SeasonEpisode), max_size=3).map(tuple)
    raise AssertionError(f"no strategy for {hint!r}: add one")


def _notices_of(cls: type[Any]) -> st.SearchStrategy[Any]:
    hints = get_type_hints(cls)
    return st.builds(cls, **{f.name: _strategy(hints[f.name]) for f in fields(cls)})


# Summary carries a whole ConversionSummary: it round-trips with the release's own figures below.
TYPED = [cls for cls in get_args(Notice) if cls is not Summary]


def _through_json(payload: dict[str, object]) -> object:
    return json.loads(json.dumps(payload, sort_keys=True))  # as the store writes and reads it


def test_every_notice_has_a_kind_and_every_kind_is_covered_here() -> None:
    assert set(KINDS) == set(get_args(Notice))
    # Kinds added since the rows were captured have tests of their own below.
    newer = {"beacon_wait", "season_summary"}
    assert set(KINDS.values()) - newer == {row["kind"] for row in RELEASE["rows"]} - {"mystery"}


@pytest.mark.parametrize("cls", TYPED, ids=lambda c: c.__name__)
def test_every_notice_reads_back_as_itself_through_the_outbox_json(cls: type[Notice]) -> None:
    @settings(deadline=None)  # no timed assertion: a loaded machine may take its time
    @given(_notices_of(cls))
    def round_trip(notice: Notice) -> None:
        kind, payload, version = encode(notice)
        assert (kind, version, payload["v"]) == (KINDS[cls], VERSION, VERSION)
        assert decode(kind, _through_json(payload)) == notice

    round_trip()


def test_a_summary_reads_back_as_itself() -> None:
    (row,) = [r for r in RELEASE["rows"] if r["kind"] == "summary"]
    summary = decode("summary", json.loads(row["payload_json"]))
    assert isinstance(summary, Summary) and summary.figures.drop == "hoodie"
    kind, payload, _ = encode(summary)
    assert decode(kind, _through_json(payload)) == summary


@pytest.mark.parametrize("row", RELEASE["rows"], ids=lambda r: r["dedupe_key"])
def test_rows_the_release_wrote_read_and_write_back_unchanged(row: dict[str, Any]) -> None:
    payload = json.loads(row["payload_json"])
    assert "v" not in payload  # written before versions: read as version 1
    notice = decode(row["kind"], payload)
    assert notices.kind_of(notice) == row["kind"]
    kind, again, _ = encode(notice)
    assert (kind, _through_json(again)) == (row["kind"], {**payload, "v": VERSION})


@pytest.mark.parametrize("row", RELEASE["rows"], ids=lambda r: r["dedupe_key"])
def test_rows_the_release_wrote_say_in_twitch_what_the_release_said(row: dict[str, Any]) -> None:
    links = Links(RELEASE["claim_url"], RELEASE["verify_url"])
    message = OutboxMessage(
        row["dedupe_key"], row["drop_id"], row["kind"], row["audience"],
        json.loads(row["payload_json"]), id=1,
    )  # fmt: skip
    assert render(message, links) == row["twitch_chat"]
    if "whisper" in row:
        assert whisper_notice(message, links) == row["whisper"]


def test_a_draw_waiting_for_its_drand_round_is_said_in_chat_with_its_policy() -> None:
    links = Links(RELEASE["claim_url"], RELEASE["verify_url"])
    waiting = BeaconWaiting(drop="hoodie", title="Hoodie", round=1000, policy="wait", max_wait=600)
    _, payload, _ = encode(waiting)
    message = OutboxMessage("beacon-wait:1", 1, "beacon_wait", "channel", payload, id=1)
    assert render(message, links) == [
        'The draw of "Hoodie" waits for public randomness (drand round 1000), which cannot be '
        "fetched yet; it draws only once the round can be fetched."
    ]
    without = BeaconWaiting(drop="hoodie", round=7, policy="draw-without", max_wait=600)
    assert "after 600s it draws without it" in render_notice(without, 1, links)[0]


def test_a_closed_notice_without_entrants_writes_none() -> None:
    _, payload, _ = encode(Closed(drop="hoodie", entry_hash="e1"))
    assert "entrants" not in payload  # as the release wrote it


@pytest.mark.parametrize(
    ("kind", "payload", "says"),
    [
        ("mystery", {}, "unknown kind 'mystery'"),
        ("won", {"v": 2}, "'won' is version 2; this release reads 1"),
        ("won", ["not", "an", "object"], "payload is not a JSON object"),
        ("won", {"serial": "3"}, "'serial' is not a whole number"),
        ("won", {"serial": True}, "'serial' is not a whole number"),
        ("won", {"claim_deadline": "tomorrow"}, "'claim_deadline' is not an ISO time"),
        ("drawn", {"winners": ["a", 1]}, "'winners' is not a list of text"),
        ("opened", {"tiers": "subs"}, "'tiers' is not a list of tiers"),
        ("reroll", {"to": 4}, "'to' is not text"),
    ],
)
def test_what_cannot_be_read_is_one_clear_error(kind: str, payload: object, says: str) -> None:
    with pytest.raises(NoticeError, match=says) as raised:
        decode(kind, payload)
    assert "\n" not in str(raised.value)


def test_missing_fields_read_as_the_sinks_always_took_them() -> None:
    assert decode("won", {}) == Won()
    assert decode("summary", {"line": "24 h: 40 redeemed"}) == SummaryLine("24 h: 40 redeemed")
    assert decode("summary", {}) == SummaryLine("")
