"""Facts gating asks a platform for, as ports the platform adapters implement."""

from __future__ import annotations

from typing import Protocol


class LoginResolver(Protocol):
    """Looks Twitch logins up (the Twitch adapter implements it with Helix Get Users)."""

    async def resolve_logins(self, logins: list[str]) -> dict[str, str]:
        """{login: Twitch user id} for the logins that name a user; unknown logins are absent.

        Logins are asked for in lowercase; the keys must be the logins as asked.
        """
        ...
