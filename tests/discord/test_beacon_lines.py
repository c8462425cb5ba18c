"""What Discord says about a lottery bound to a drand round, through the catalog: the post's
fair-draw field with every hash in full, the round it waits for, and the waiting notice."""

from __future__ import annotations

import dataclasses
from typing import Any

from bot.discord import text
from bot.discord.posts import drop_embed
from bot.drops.model import Drop, DropState
from bot.drops.notices import BeaconWaiting
from bot.drops.status import DropStatus
from bot.messages.catalog import Verbatim
from tests.fixtures.harness import START, spec


def _fairness(**fields: Any) -> str:
    drop = Drop(
        id=1, spec=spec(), state=DropState.PUBLIC, created_at=START, seed_hex="5e" * 32,
        commitment="ab" * 32, pseudonym_salt="s", opened_at=START, draw_version=2,
    )  # fmt: skip
    drop = dataclasses.replace(drop, **fields)
    embed = drop_embed(DropStatus(drop, drop.state, 0, 0, 0, 0))
    (field,) = [f for f in embed.fields if f.value and "Commitment" in f.value]
    return str(field.value)


def test_the_post_shows_the_commitment_in_full_and_the_round_it_is_bound_to() -> None:
    shown = _fairness(beacon_round=1000)
    assert f"Commitment `{'ab' * 32}`" in shown
    assert "Bound to drand round 1000, published after the close." in shown
    assert "…" not in shown and "5e5e" not in shown  # the seed stays secret until the draw


def test_a_drawn_post_reveals_seed_and_entry_list_in_full() -> None:
    shown = _fairness(state=DropState.DRAWN, drawn_at=START, entry_hash="e1" * 32)
    assert f"Seed `{'5e' * 32}`" in shown and f"Entry list `{'e1' * 32}`" in shown
    assert "drand" not in shown  # opted out of the beacon: no round to speak of


def test_a_draw_waiting_for_its_round_is_said_with_its_policy_and_an_inert_title() -> None:
    waiting = BeaconWaiting(drop="cap", title="@everyone *cap*", round=7, policy="wait")
    said = text.beacon_waiting(waiting)
    assert said == (
        "The draw of **@\u200beveryone \\*cap\\*** waits for public randomness (drand round 7), "
        "which cannot be fetched yet; it draws only once the round can be fetched."
    )
    without = dataclasses.replace(waiting, policy="draw-without", max_wait=600)
    assert "after 600s it draws without it (recorded in the transcript)" in (
        text.beacon_waiting(without)
    )


def test_the_close_reply_names_the_round_the_draw_waits_for() -> None:
    said = text.say("discord-mod-closed-waiting", name="cap", round=Verbatim("1000"))
    assert said == "Drop **cap** is closed; it is drawn once drand round 1000 is out."
