"""A drop spec from typed overrides and the config's defaults."""

from __future__ import annotations

from datetime import timedelta

from bot.config import Settings
from bot.drops.model import Mode
from bot.templates import drop_spec


def test_typed_options_override_the_config_defaults() -> None:
    spec = drop_spec(
        Settings(), "chan", "hoodie", supply=10, entry_window=timedelta(minutes=5), mode=Mode.FCFS
    )
    assert (spec.name, spec.title, spec.channel) == ("hoodie", "hoodie", "chan")
    assert (spec.supply, spec.entry_window, spec.mode) == (10, timedelta(minutes=5), Mode.FCFS)
    assert spec.claim_window == Settings().drops.claim_window


def test_early_moves_the_public_window() -> None:
    spec = drop_spec(Settings(), "chan", "hoodie", early=timedelta(minutes=5))
    assert {t.name: t.opens_after for t in spec.tiers} == {
        "early": timedelta(0),
        "public": timedelta(minutes=5),
    }


def test_early_zero_opens_every_window_at_once() -> None:
    spec = drop_spec(Settings(), "chan", "hoodie", early=timedelta(0))
    assert {t.opens_after for t in spec.tiers} == {timedelta(0)}
