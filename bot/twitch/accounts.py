"""What Twitch says about accounts, through twitchio: their facts for the anti-bot rules
(`TwitchPlatformFacts`: account age from Helix Get Users, follow age from Get Channel Followers)
and the user ids of logins (`TwitchLogins`).

Users are looked up in batches of up to 100 ids, the most one Get Users call takes, so a burst of
thousands of `!claim` costs tens of Helix calls, not thousands. Put `CachedPlatformFacts` in
front so a person is looked up once an hour at most. A failed look-up gives unknown facts, which
filter nobody: an API outage must not lock fans out.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from bot.drops.intake import BatchIntake
from bot.gating.antibot import UNKNOWN, AccountFacts

log = logging.getLogger(__name__)
GET_USERS_MAX = 100


class TwitchPlatformFacts:
    """Implements `bot.gating.antibot.PlatformFacts` for Twitch accounts."""

    def __init__(
        self,
        client: Any,  # twitchio.Client: typed loosely so this module imports without it
        broadcasters: dict[str, str],  # fairdrop channel -> broadcaster user id
        *,
        follows: bool = False,
        token_for: str | None = None,  # the moderator (our bot) whose token reads followers
    ) -> None:
        self.client = client
        self.broadcasters = broadcasters
        self.follows = follows
        self.token_for = token_for
        self._users: BatchIntake[str, Any] = BatchIntake(self._fetch_users, GET_USERS_MAX)

    async def account_facts(self, platform: str, user_id: str, channel: str) -> AccountFacts:
        if platform != "twitch":
            return UNKNOWN
        user = await self._users.submit(user_id)
        created_at = getattr(user, "created_at", None) if user is not None else None
        if not self.follows or channel not in self.broadcasters:
            return AccountFacts(created_at=created_at)
        following, followed_at = await self._follow(self.broadcasters[channel], user_id)
        return AccountFacts(created_at=created_at, following=following, followed_at=followed_at)

    async def _fetch_users(self, ids: Sequence[str]) -> list[Any]:
        try:
            users = await self.client.fetch_users(ids=list(dict.fromkeys(ids)))
        except Exception as error:  # an outage must not fail claims: unknown facts
            log.warning("Get Users failed for %d ids: %s", len(ids), error)
            return [None] * len(ids)
        by_id = {str(u.id): u for u in users}
        return [by_id.get(i) for i in ids]

    async def _follow(self, broadcaster_id: str, user_id: str) -> tuple[bool | None, Any]:
        try:
            channel = self.client.create_partialuser(user_id=broadcaster_id)
            result = await channel.fetch_followers(
                user=user_id, first=1, max_results=1, token_for=self.token_for or broadcaster_id
            )
            async for follower in result.followers:
                return True, follower.followed_at
        except Exception as error:
            log.warning("Get Channel Followers failed for %s: %s", user_id, error)
            return None, None
        return False, None


class TwitchLogins:
    """Implements `bot.gating.facts.LoginResolver`: Twitch logins to user ids (Get Users)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    async def resolve_logins(self, logins: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(login.lower() for login in logins))
        for start in range(0, len(unique), GET_USERS_MAX):
            users = await self.client.fetch_users(logins=unique[start : start + GET_USERS_MAX])
            found.update({str(u.name).lower(): str(u.id) for u in users})
        return found
