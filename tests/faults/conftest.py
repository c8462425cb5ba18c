"""Fixtures for the fault suite: both fakes, with their libraries pointed at them, and the
bot's waits shortened so a scenario spends its time on the fault."""

import pytest

from tests.fixtures.platforms import fake_discord, fake_twitch

__all__ = ["fake_discord", "fake_twitch"]


@pytest.fixture(autouse=True)
def quick_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    # discord.py waits this long for guilds after READY: the fake sends them at once.
    monkeypatch.setattr("bot.discord.client.GUILD_READY_TIMEOUT", 0.05)
    # Acks are said every half second, not every 2 s (each scenario waits on several).
    monkeypatch.setattr("bot.twitch.build.FLUSH_SECONDS", 0.5)
    # A Helix chat send that hangs is given up after 2 s, not 10 s.
    monkeypatch.setattr("bot.twitch.client.CHAT_SEND_TIMEOUT", 2.0)
    # /healthz asks Twitch whether chat is heard every second rather than every 30 s: a socket
    # dropped without a close frame is seen by twitchio's documented events only once it is
    # connected again, so until then only Twitch's own answer shows the outage.
    monkeypatch.setattr("bot.twitch.client.LISTENING_MAX_AGE", 1.0)
