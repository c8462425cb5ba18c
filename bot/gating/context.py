"""What gating needs to know about a batch of claimants, fetched in one query per kind.

A claim batch asks the store once for the linked identities of everyone in it, once per channel
for their list memberships, and once per drop for what they won in earlier drops, rather than
once per claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.gating.antibot import UNKNOWN, AccountFacts, AntiBot, FilterReason, ages, filtered
from bot.gating.lists import ListKind
from bot.gating.ports import HoldingsRepository, LinkRepository, ListRepository
from bot.gating.rules import ConditionKind, EntrantFacts, Tier


@dataclass(frozen=True, slots=True)
class Claimant:
    """A person as an adapter saw them: platform account plus the facts gating needs."""

    platform: str  # "twitch" | "discord" | "sim"
    user_id: str  # platform user id, never a login or display name
    display_name: str
    badges: frozenset[str] = frozenset()  # twitch: subscriber, vip, moderator, broadcaster, founder
    roles: frozenset[str] = frozenset()  # discord role ids

    @property
    def account(self) -> str:
        return f"{self.platform}:{self.user_id}"


class GatedSpec(Protocol):
    """What gating reads of a drop's spec: where it runs, its tiers and its anti-bot filter."""

    @property
    def channel(self) -> str: ...
    @property
    def tiers(self) -> tuple[Tier, ...]: ...
    @property
    def anti_bot(self) -> AntiBot: ...


class GatedDrop(Protocol):
    """What gating reads of a drop (`bot.drops.model.Drop` is one): gating sits below the drop
    engine, so it names only these, never the drop itself."""

    @property
    def id(self) -> int: ...
    @property
    def spec(self) -> GatedSpec: ...
    @property
    def opened_at(self) -> datetime | None: ...


@dataclass
class GatingContext:
    lists: ListRepository
    links: LinkRepository
    holdings: HoldingsRepository
    accounts: Sequence[str]
    identity_of: dict[str, str] = field(default_factory=dict)
    _memberships: dict[str, dict[str, set[tuple[str, ListKind]]]] = field(default_factory=dict)
    _held: dict[int, dict[str, tuple[set[str], set[str]]]] = field(default_factory=dict)
    _won: dict[int, dict[str, dict[str, datetime]]] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        lists: ListRepository,
        links: LinkRepository,
        holdings: HoldingsRepository,
        accounts: Sequence[str],
    ) -> GatingContext:
        return cls(lists, links, holdings, accounts, links.identities(accounts))

    def identity(self, account: str) -> str:
        """The person behind an account: linked accounts share one identity."""
        return self.identity_of.get(account, account)

    def memberships(self, channel: str, account: str) -> set[tuple[str, ListKind]]:
        by_account = self._memberships.get(channel)
        if by_account is None:
            wanted = {*self.accounts, *self.identity_of.values()}
            # Most channels have no lists: one cheap look first saves the membership query.
            has_lists = bool(self.lists.all(channel))
            by_account = self.lists.memberships(channel, sorted(wanted)) if has_lists else {}
            self._memberships[channel] = by_account
        identity = self.identity(account)
        found = set(by_account.get(account, ()))
        if identity != account:
            found |= by_account.get(identity, set())
        return found

    def held(self, drop: GatedDrop, identity: str) -> tuple[frozenset[str], frozenset[str]]:
        by_identity = self._held.get(drop.id)
        if by_identity is None:
            # Worked out once per drop and batch: only rules about earlier drops need the query.
            asks = any(
                t.rule.names(ConditionKind.HOLDER) or t.rule.names(ConditionKind.SERIES)
                for t in drop.spec.tiers
            )
            everyone = sorted({*self.accounts, *self.identity_of.values()})
            by_identity = self._held[drop.id] = (
                self.holdings.held(drop.spec.channel, everyone) if asks else {}
            )
        drops, series = by_identity.get(identity, (set(), set()))
        return frozenset(drops), frozenset(series)

    def won_ago(
        self, drop: GatedDrop, identity: str, now: datetime
    ) -> tuple[tuple[str, timedelta], ...]:
        """How long before `now` the person last won another drop, overall ("") and by series
        (for `won-within` cooldowns); wins after `now` do not count."""
        by_identity = self._won.get(drop.id)
        if by_identity is None:
            asks = any(t.rule.names(ConditionKind.WON_WITHIN) for t in drop.spec.tiers)
            everyone = sorted({*self.accounts, *self.identity_of.values()})
            by_identity = self._won[drop.id] = (
                self.holdings.last_wins(drop.spec.channel, everyone, excluding_drop=drop.id)
                if asks
                else {}
            )
        wins = by_identity.get(identity, {})
        return tuple(sorted((series, now - at) for series, at in wins.items() if at <= now))

    def facts(
        self,
        drop: GatedDrop,
        claimant: Claimant,
        account_facts: AccountFacts | None,
        now: datetime,
    ) -> tuple[EntrantFacts, FilterReason | None]:
        """The person's facts for the rules, and why anti-bot or deny rules keep them out."""
        account = claimant.account
        memberships = self.memberships(drop.spec.channel, account)
        if any(kind is ListKind.DENY for _, kind in memberships):
            return EntrantFacts(), FilterReason.DENIED
        known = account_facts or UNKNOWN
        reason = filtered(drop.spec.anti_bot, known, now)
        age = ages(known, now)
        drops, series = self.held(drop, self.identity(account))
        facts = EntrantFacts(
            badges=claimant.badges,
            roles=claimant.roles,
            lists=frozenset(name for name, kind in memberships if kind is ListKind.EARLY),
            holdings=drops,
            series=series,
            account_age=age.account,
            follow_age=age.follow,
            join_age=age.join,
            won_ago=self.won_ago(drop, self.identity(account), now),
        )
        return facts, reason
