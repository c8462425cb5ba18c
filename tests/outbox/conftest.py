"""Fixtures for the outbox tests: the fake Twitch and the fake Discord, for `fairdrop run`."""

from tests.fakes.discord import fake_discord
from tests.fakes.twitch import fake_twitch

__all__ = ["fake_discord", "fake_twitch"]
