"""Lift's Twitch side: with the broadcaster's consent, subscriptions and follows are counted.

The broadcaster's stored token (`fairdrop setup` / `fairdrop tokens add`) says which scopes they
granted: `channel:read:subscriptions` lets fairdrop subscribe to EventSub `channel.subscribe`
and `channel.subscription.message`, `moderator:read:followers` to `channel.follow` (version 2,
the broadcaster as the moderator). Without them lift is off in that channel, and the log and
`fairdrop doctor` say so. Each event adds one to its hour's count: nothing about the viewer is
kept. EventSub may deliver a notification twice and twitchio does not say which message it was,
so a rare redelivery counts twice: a count, not a ledger.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from twitchio import eventsub

from bot.drops.lift import FOLLOWS, RESUBSCRIPTIONS, SUBSCRIPTIONS
from bot.drops.ports import UnitOfWork
from bot.kernel.clock import Clock
from bot.kernel.transactions import TransactionRunner, atomic

log = logging.getLogger(__name__)

SUBSCRIPTIONS_SCOPE = "channel:read:subscriptions"
FOLLOWERS_SCOPE = "moderator:read:followers"


def lift_subscriptions(
    broadcaster_id: str, granted: Collection[str]
) -> list[eventsub.SubscriptionPayload]:
    """The EventSub subscriptions the broadcaster's `granted` scopes allow (none: lift is off)."""
    wanted: list[eventsub.SubscriptionPayload] = []
    if SUBSCRIPTIONS_SCOPE in granted:
        wanted.append(eventsub.ChannelSubscribeSubscription(broadcaster_user_id=broadcaster_id))
        wanted.append(
            eventsub.ChannelSubscribeMessageSubscription(broadcaster_user_id=broadcaster_id)
        )
    if FOLLOWERS_SCOPE in granted:
        wanted.append(
            eventsub.ChannelFollowSubscription(
                broadcaster_user_id=broadcaster_id, moderator_user_id=broadcaster_id
            )
        )
    return wanted


EVENT_KINDS = {
    "channel.subscribe": SUBSCRIPTIONS,
    "channel.subscription.message": RESUBSCRIPTIONS,
    "channel.follow": FOLLOWS,
}


class AudienceTally:
    """Counts a community's subscriptions and follows on the drops' clock."""

    def __init__(self, tx: TransactionRunner[UnitOfWork], clock: Clock) -> None:
        self.tx, self.clock = tx, clock

    async def listening(self, channel: str) -> None:
        """Lift is on in `channel` from now on (the first time is kept)."""
        at = self.clock.now()
        await self.tx.run(atomic(lambda uow: uow.audience.listening(channel, at)))

    async def count(self, channel: str, kind: str) -> None:
        """One more event of `kind` in `channel`, now."""
        at = self.clock.now()
        await self.tx.run(atomic(lambda uow: uow.audience.count(channel, kind, at)))
