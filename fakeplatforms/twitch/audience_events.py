"""The subscription and follow events the fake Twitch sends, in the shapes of Twitch's EventSub
reference: ``channel.subscribe`` (v1), ``channel.subscription.message`` (v1) and
``channel.follow`` (v2), and who may subscribe to them (the broadcaster's
``channel:read:subscriptions``; a moderator's ``moderator:read:followers``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fakeplatforms.twitch.model import FakeUser, rfc3339_nanos

if TYPE_CHECKING:
    from fakeplatforms.twitch.model import FakeToken
    from fakeplatforms.twitch.server import FakeTwitch

SUBSCRIPTION_TYPES = {"channel.subscribe": "1", "channel.subscription.message": "1"}
FOLLOW = "channel.follow"


def refusal(
    fake: FakeTwitch, sub_type: str, version: str, condition: Mapping[str, str], token: FakeToken
) -> str | None:
    """Why Twitch would refuse this subscription (a 403's message), or None to accept it."""
    if sub_type in SUBSCRIPTION_TYPES:
        mine = condition.get("broadcaster_user_id") == token.user_id
        if not mine or "channel:read:subscriptions" not in token.scopes:
            return "subscription missing proper authorization"
    if sub_type == FOLLOW:
        moderator, broadcaster = (
            condition.get("moderator_user_id"),
            condition.get("broadcaster_user_id", ""),
        )
        allowed = moderator == broadcaster or moderator in fake.moderators[broadcaster]
        scoped = "moderator:read:followers" in token.scopes
        if version != "2" or moderator != token.user_id or not allowed or not scoped:
            return "subscription missing proper authorization"
    return None


class AudienceEvents:
    """Subscriptions and follows happening in a channel of one :class:`FakeTwitch`."""

    def __init__(self, fake: FakeTwitch) -> None:
        self.fake = fake

    def _people(self, channel: FakeUser | str, user: FakeUser | str) -> dict[str, Any]:
        chan, who = self.fake.user(channel), self.fake.user_or_new(user)
        return {
            "user_id": who.id,
            "user_login": who.login,
            "user_name": who.display_name,
            "broadcaster_user_id": chan.id,
            "broadcaster_user_login": chan.login,
            "broadcaster_user_name": chan.display_name,
        }

    async def _send(self, sub_type: str, version: str, event: dict[str, Any]) -> int:
        broadcaster = event["broadcaster_user_id"]
        return await self.fake.eventsub.notify(
            sub_type,
            event,
            version=version,
            match=lambda c: c.get("broadcaster_user_id") == broadcaster,
        )

    async def subscribe(
        self,
        channel: FakeUser | str,
        user: FakeUser | str,
        *,
        tier: str = "1000",
        gift: bool = False,
    ) -> int:
        """``user`` subscribes to ``channel`` (or is gifted a subscription); returns how many
        sessions got the notification."""
        event = {**self._people(channel, user), "tier": tier, "is_gift": gift}
        return await self._send("channel.subscribe", "1", event)

    async def resubscribe(
        self, channel: FakeUser | str, user: FakeUser | str, text: str = "", *, months: int = 2
    ) -> int:
        """``user`` shares their resubscription in ``channel``'s chat."""
        event = {
            **self._people(channel, user),
            "tier": "1000",
            "message": {"text": text, "emotes": []},
            "cumulative_months": months,
            "streak_months": None,
            "duration_months": 1,
        }
        return await self._send("channel.subscription.message", "1", event)

    async def follow(self, channel: FakeUser | str, user: FakeUser | str) -> int:
        """``user`` follows ``channel``."""
        event = {**self._people(channel, user), "followed_at": rfc3339_nanos()}
        return await self._send(FOLLOW, "2", event)
