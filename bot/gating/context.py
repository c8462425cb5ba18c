"""What gating needs to know about a batch of claimants, fetched in one query per kind.

A claim batch asks the store once for the linked identities of everyone in it, once per channel
for their list memberships, and once per drop for what they won in earlier drops, rather than
once per claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.drops.model import Claimant, Drop
from bot.gating.antibot import UNKNOWN, AccountFacts, FilterReason, ages, filtered
from bot.gating.lists import ListKind
from bot.gating.ports import HoldingsRepository, LinkRepository, ListRepository
from bot.gating.rules import ConditionKind, Facts


@dataclass
class GatingContext:
    lists: ListRepository
    links: LinkRepository
    holdings: HoldingsRepository
    accounts: Sequence[str]
    identity_of: dict[str, str] = field(default_factory=dict)
    _memberships: dict[str, dict[str, set[tuple[str, ListKind]]]] = field(default_factory=dict)
    _held: dict[int, dict[str, tuple[set[str], set[str]]]] = field(default_factory=dict)

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

    def held(self, drop: Drop, identity: str) -> tuple[frozenset[str], frozenset[str]]:
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

    def facts(
        self,
        drop: Drop,
        claimant: Claimant,
        account_facts: AccountFacts | None,
        now: datetime,
    ) -> tuple[Facts, FilterReason | None]:
        """The person's facts for the rules, and why anti-bot or deny rules keep them out."""
        account = claimant.account
        memberships = self.memberships(drop.spec.channel, account)
        if any(kind is ListKind.DENY for _, kind in memberships):
            return Facts(), FilterReason.DENIED
        known = account_facts or UNKNOWN
        reason = filtered(drop.spec.anti_bot, known, now)
        account_age, follow_age = ages(known, now)
        drops, series = self.held(drop, self.identity(account))
        facts = Facts(
            badges=claimant.badges,
            roles=claimant.roles,
            lists=frozenset(name for name, kind in memberships if kind is ListKind.EARLY),
            holdings=drops,
            series=series,
            account_age=account_age,
            follow_age=follow_age,
        )
        return facts, reason
