"""The Twitch client's Helix look-ups, for parts built before the client.

A cycle: the drop service asks Helix for anti-bot facts and the list service asks it for
logins, but the Twitch client is built after both, since its chat gateway needs the drop
service. So the composition root gives those parts this seat, and `build_twitch` binds the
client to it once (`bind`), before anything starts. Nothing is patched into a service after
its construction; a look-up made before the binding is a bug and says so.
"""

from __future__ import annotations

from typing import Any


class HelixUnbound(RuntimeError):
    """Helix was asked before the Twitch client was bound (a wiring bug)."""


class TwitchHelix:
    """Forwards the Helix calls of `TwitchPlatformFacts` and `TwitchLogins` to the bound client."""

    def __init__(self) -> None:
        self._client: Any = None

    def bind(self, client: Any) -> None:
        """The Twitch client (a `twitchio.Client`) answers from now on; bound once."""
        if self._client is not None:
            raise HelixUnbound("the Twitch client is bound already")
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            raise HelixUnbound("Helix asked before the Twitch client was built")
        return self._client

    async def fetch_users(self, **kwargs: Any) -> Any:
        """twitchio's `Client.fetch_users` (Get Users)."""
        return await self.client.fetch_users(**kwargs)

    def create_partialuser(self, **kwargs: Any) -> Any:
        """twitchio's `Client.create_partialuser` (for Get Channel Followers)."""
        return self.client.create_partialuser(**kwargs)
