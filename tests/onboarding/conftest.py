"""Fixtures for the onboarding tests (`fairdrop setup`, `fairdrop doctor`): the fake Twitch and
fake Discord, which the real discord.py and fairdrop's own Twitch login client talk to."""

from tests.fixtures.platforms import fake_discord, fake_twitch

__all__ = ["fake_discord", "fake_twitch"]
