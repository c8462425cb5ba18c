"""Fixtures for the outbox tests: the fake Twitch and the fake Discord, for `fairdrop run`."""

from tests.fixtures.platforms import fake_discord, fake_twitch

__all__ = ["fake_discord", "fake_twitch"]
