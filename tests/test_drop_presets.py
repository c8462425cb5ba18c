"""A drop spec from typed overrides and the config's defaults."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings
from bot.drop_presets import drop_spec
from bot.drops.model import Mode


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


def _with_template(**values: object) -> Settings:
    base = Settings()
    drops = base.drops.model_validate({**base.drops.model_dump(), "templates": {"hoodie": values}})
    return base.model_copy(update={"drops": drops})


def test_a_template_fills_in_what_was_not_typed() -> None:
    settings = _with_template(
        title="Signed hoodie", supply=12, mode="fcfs", cap_per_person=2, entry_window="15m"
    )
    spec = drop_spec(settings, "chan", "hoodie", supply=5)
    assert (spec.title, spec.supply, spec.mode) == ("Signed hoodie", 5, Mode.FCFS)
    assert (spec.cap_per_person, spec.entry_window) == (2, timedelta(minutes=15))
    other = drop_spec(settings, "chan", "poster")
    assert other.supply == Settings().drops.supply  # other names keep the defaults


def test_the_beacon_default_comes_from_the_config_and_a_drop_or_template_can_opt_out() -> None:
    # Every lottery commits to a round unless it opts out.
    on = Settings()
    assert on.beacon.enabled is True
    assert drop_spec(on, "chan", "hoodie").beacon is True
    assert drop_spec(on, "chan", "hoodie", beacon=False).beacon is False  # beacon=off typed
    off = on.model_copy(update={"beacon": on.beacon.model_copy(update={"enabled": False})})
    assert drop_spec(off, "chan", "hoodie").beacon is False
    assert drop_spec(off, "chan", "hoodie", beacon=True).beacon is True  # beacon=on typed
    offline = _with_template(beacon=False)
    assert drop_spec(offline, "chan", "hoodie", beacon=True).beacon is True  # typed wins
    assert drop_spec(offline, "chan", "hoodie").beacon is False


def test_a_template_for_other_channels_is_not_used_here() -> None:
    settings = _with_template(supply=12, channels=["main"])
    assert drop_spec(settings, "main", "hoodie").supply == 12
    assert drop_spec(settings, "side", "hoodie").supply == Settings().drops.supply


def test_a_bad_template_key_is_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "fairdrop.toml"
    path.write_text("[drops.templates.hoodie]\nsuply = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="suply: unknown key"):
        load_settings(path, env={})
