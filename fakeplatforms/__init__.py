"""Local stand-ins for Twitch and Discord, for `fairdrop demo` and the tests.

Each fake is an aiohttp server on a free 127.0.0.1 port that speaks its platform's wire format,
written from the platforms' documentation, so the real twitchio and discord.py clients inside
fairdrop cannot tell it from the real service: ``fakeplatforms.twitch`` (id/OAuth, Helix,
EventSub WebSocket) and ``fakeplatforms.discord`` (HTTP API v10, gateway, application commands),
with network faults from ``fakeplatforms.faults``.

They ship with fairdrop because the demo (`bot/demo`) runs the whole product against them; the
tests import the same package. Nothing in fairdrop's service imports them.
"""
