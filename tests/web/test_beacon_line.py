"""The transparency page's line on public randomness: the committed drand round and what the
draw did with it, or plainly that the operator could have influenced the result."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from bot.drops.beacon import QUICKNET
from bot.drops.model import Drop, DropState
from bot.web import transparency_routes
from bot.web.transparency_routes import Words
from tests.fixtures.harness import START, spec


def beacon_text(drop: Drop, language: str = "en") -> str:
    return str(transparency_routes.beacon_text(drop, Words(language, "")))


def drop(**fields: Any) -> Drop:
    base = Drop(
        id=1, spec=spec(), state=DropState.PUBLIC, created_at=START, seed_hex="00" * 32,
        commitment="ab" * 32, pseudonym_salt="s", opened_at=START, draw_version=2,
    )  # fmt: skip
    return dataclasses.replace(base, **fields)


ROUND: dict[str, Any] = {
    "beacon_chain": QUICKNET.chain_hash,
    "beacon_genesis": QUICKNET.genesis,
    "beacon_period": QUICKNET.period,
    "beacon_round": 1000,
}


def test_an_opted_out_drop_says_the_operator_could_have_influenced_the_result() -> None:
    assert "the operator could have influenced the result" in beacon_text(drop())


def test_a_committed_round_is_named_with_its_time_before_and_after_the_draw() -> None:
    waiting = beacon_text(drop(**ROUND))
    assert waiting.startswith("drand quicknet round 1000, published at Aug 23, 2023, 3:59:24")
    assert "once it is out" in waiting
    drawn = beacon_text(drop(**ROUND, drawn_at=START + timedelta(minutes=11), beacon="fe" * 32))
    assert drawn.endswith(f"signature verified, randomness {'fe' * 32}.")
    without = beacon_text(
        drop(**ROUND, drawn_at=START, beacon_outcome="drawn without drand round 1000: late")
    )
    assert without.endswith("drawn without drand round 1000: late.")


def test_a_version_1_drop_shows_its_beacon_string_as_before() -> None:
    assert beacon_text(drop(draw_version=1)) == "none"


def test_the_line_is_said_in_the_page_language_with_its_date_written_that_way() -> None:
    waiting = beacon_text(drop(**ROUND), "es")

    assert waiting.startswith("ronda 1000 de drand quicknet, publicada el 23 ago 2023, 15:59:24")
