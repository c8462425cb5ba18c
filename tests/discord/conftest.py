"""Fixtures for the Discord tests: a fake Discord that the real discord.py runs against."""

from tests.fixtures.platforms import fake_discord

__all__ = ["fake_discord"]
