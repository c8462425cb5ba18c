"""Fixtures for the fault suite: both fakes, with their libraries pointed at them."""

import pytest

from tests.fakes.discord import fake_discord
from tests.fakes.twitch import fake_twitch

__all__ = ["fake_discord", "fake_twitch"]


@pytest.fixture(autouse=True)
def quick_guild_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    """discord.py waits this long for guilds after READY: the fake sends them at once."""
    monkeypatch.setattr("bot.discord.client.GUILD_READY_TIMEOUT", 0.05)
