"""Anti-bot rules: facts about a platform account (age, follow age, suspicious-user flags) and
the filter every drop applies before any tier is considered.

Facts come through a port the Twitch adapter implements (Helix Get Users, Get Channel Followers,
EventSub suspicious-user events), behind a bounded cache with expiry, because a burst of claims
must not become a burst of API calls. Unknown facts never filter anyone: an outage of the
platform's API must not lock every fan out.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from bot.kernel.clock import Clock


@dataclass(frozen=True, slots=True)
class AntiBot:
    """Who is filtered out of every tier: young accounts, new followers, flagged chatters."""

    min_account_age: timedelta = timedelta(0)
    min_follow_age: timedelta = timedelta(0)
    refuse_suspicious: bool = True


@dataclass(frozen=True, slots=True)
class AccountFacts:
    created_at: datetime | None = None  # when the platform account was made
    following: bool | None = None  # whether it follows the channel (None: unknown)
    followed_at: datetime | None = None
    suspicious: bool = False  # flagged by the channel's moderators (suspicious-user events)
    joined_at: datetime | None = None  # when the member joined the community's Discord server


UNKNOWN = AccountFacts()


class FilterReason(StrEnum):
    DENIED = "denied"  # on a deny list
    SUSPICIOUS = "suspicious"
    ACCOUNT_AGE = "account_age"
    NOT_FOLLOWING = "not_following"
    FOLLOW_AGE = "follow_age"


class PlatformFacts(Protocol):
    async def account_facts(self, platform: str, user_id: str, channel: str) -> AccountFacts: ...


class UnknownPlatformFacts:
    """The embedded default: nothing is known, nobody is filtered for it."""

    async def account_facts(self, platform: str, user_id: str, channel: str) -> AccountFacts:
        return UNKNOWN


class CachedPlatformFacts:
    """A bounded LRU with expiry in front of a slow facts source."""

    def __init__(
        self,
        source: PlatformFacts,
        clock: Clock,
        *,
        max_size: int = 50_000,
        ttl: timedelta = timedelta(hours=1),
    ) -> None:
        self.source, self.clock, self.max_size, self.ttl = source, clock, max_size, ttl
        self._cache: OrderedDict[tuple[str, str, str], tuple[datetime, AccountFacts]] = (
            OrderedDict()
        )
        self.hits = self.misses = 0

    async def account_facts(self, platform: str, user_id: str, channel: str) -> AccountFacts:
        key = (platform, user_id, channel)
        now = self.clock.now()
        cached = self._cache.get(key)
        if cached is not None and cached[0] > now:
            self._cache.move_to_end(key)
            self.hits += 1
            return cached[1]
        self.misses += 1
        facts = await self.source.account_facts(platform, user_id, channel)
        self._cache[key] = (now + self.ttl, facts)
        self._cache.move_to_end(key)
        while len(self._cache) > self.max_size:
            self._cache.popitem(last=False)
        return facts


@dataclass(frozen=True, slots=True)
class Ages:
    """How old an account, its follow and its server membership are at a moment (None: unknown)."""

    account: timedelta | None
    follow: timedelta | None
    join: timedelta | None


def ages(facts: AccountFacts, now: datetime) -> Ages:
    """Account, follow and server-join age at `now`: None where unknown, follow age 0 if not
    following."""
    account_age = now - facts.created_at if facts.created_at else None
    if facts.following is False:
        follow_age: timedelta | None = timedelta(0)
    else:
        follow_age = now - facts.followed_at if facts.followed_at else None
    join_age = now - facts.joined_at if facts.joined_at else None
    return Ages(account_age, follow_age, join_age)


def filtered(rules: AntiBot, facts: AccountFacts, now: datetime) -> FilterReason | None:
    """Why the anti-bot rules keep this account out of the drop, or None."""
    if rules.refuse_suspicious and facts.suspicious:
        return FilterReason.SUSPICIOUS
    if (
        rules.min_account_age
        and facts.created_at
        and now - facts.created_at < rules.min_account_age
    ):
        return FilterReason.ACCOUNT_AGE
    if rules.min_follow_age:
        if facts.following is False:
            return FilterReason.NOT_FOLLOWING
        if facts.followed_at and now - facts.followed_at < rules.min_follow_age:
            return FilterReason.FOLLOW_AGE
    return None
