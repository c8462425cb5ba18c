"""The collector is tuned while the bot serves, and put back as it was afterwards."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.gc_tuning import THRESHOLDS, tuned_gc


@pytest.fixture
def defaults() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    gc.unfreeze()
    yield gc.get_threshold()
    gc.set_threshold(*saved)


def test_while_tuned_startup_objects_are_frozen_and_young_collections_rarer(
    defaults: tuple[int, int, int],
) -> None:
    with tuned_gc():
        assert gc.get_threshold() == THRESHOLDS
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == defaults
    assert gc.get_freeze_count() == 0


def test_overlapping_blocks_restore_only_when_the_last_ends(
    defaults: tuple[int, int, int],
) -> None:
    first, second = tuned_gc(), tuned_gc()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # not nested: the first to start ends first
    assert gc.get_threshold() == THRESHOLDS
    second.__exit__(None, None, None)
    assert gc.get_threshold() == defaults and gc.get_freeze_count() == 0


def test_a_higher_threshold_already_set_is_kept(defaults: tuple[int, int, int]) -> None:
    gc.set_threshold(50_000, 10, 10)
    with tuned_gc():
        assert gc.get_threshold() == (50_000, THRESHOLDS[1], THRESHOLDS[2])
    assert gc.get_threshold() == (50_000, 10, 10)
