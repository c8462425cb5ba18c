"""Fixtures for the Twitch tests: a fake Twitch that the real twitchio runs against."""

from tests.fixtures.platforms import fake_twitch

__all__ = ["fake_twitch"]
