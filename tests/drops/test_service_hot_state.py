"""The service and the hot state: what a cancelled drop leaves behind, and where it is cleared."""

from __future__ import annotations

import threading

import pytest

from bot.drops import outcomes as oc
from bot.drops.model import Mode
from tests.fixtures.harness import CHANNEL, Harness


async def test_cancelling_forgets_the_drops_hot_state_off_the_event_loop(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop = await harness.open(mode=Mode.FCFS, tiers=())
    assert isinstance(await harness.claim("1"), oc.Won)
    assert harness.hot.is_loaded(drop.id)
    forgotten_on: list[int] = []
    forget = harness.hot.forget_drop

    def forget_drop(drop_id: int) -> None:
        forgotten_on.append(threading.get_ident())
        forget(drop_id)

    monkeypatch.setattr(harness.hot, "forget_drop", forget_drop)
    await harness.service.cancel(CHANNEL, "hoodie")

    assert not harness.hot.is_loaded(drop.id)
    assert len(forgotten_on) == 1
    if harness.backend != "memory":  # the in-memory runner runs transactions on the loop
        assert forgotten_on[0] != threading.get_ident()
