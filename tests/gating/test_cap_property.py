"""No sequence of claims, from any mix of linked and unlinked accounts, oversells a first-come
drop or lets one person past the cap."""

from __future__ import annotations

import asyncio
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimPolicy, ClaimRequest
from bot.drops.keyring import Keyring
from bot.drops.model import Mode
from bot.drops.service import DropService
from bot.gating.context import Claimant
from bot.store.hot_memory import MemoryHotState
from tests.fakes.memory_store import InlineTransactions, MemoryData, MemoryUnitOfWork
from tests.fixtures.harness import CHANNEL, START, ManualClock, seeded_bytes, spec

ACCOUNTS = [f"twitch:{i}" for i in range(6)] + [f"discord:{i}" for i in range(6)]


def _claimant(account: str) -> Claimant:
    platform, _, user_id = account.partition(":")
    return Claimant(platform, user_id, display_name=account)


@settings(max_examples=60, deadline=None)
@given(
    supply=st.integers(min_value=1, max_value=8),
    cap=st.integers(min_value=1, max_value=3),
    links=st.dictionaries(st.sampled_from(ACCOUNTS[:6]), st.sampled_from(ACCOUNTS[6:]), max_size=4),
    claims=st.lists(st.sampled_from(ACCOUNTS), min_size=1, max_size=40),
    batched=st.booleans(),
)
def test_no_claims_oversell_or_pass_the_cap(
    supply: int, cap: int, links: dict[str, str], claims: list[str], batched: bool
) -> None:
    data = MemoryData()
    for account, identity in links.items():
        data.links[account] = identity
    service = DropService(
        InlineTransactions(lambda: MemoryUnitOfWork(data)),
        MemoryHotState(),
        Keyring.new(START, seeded_bytes(1)),
        ManualClock(),
        seeded_bytes(2),
        policy=ClaimPolicy(limit=1000, window_seconds=1),
    )

    async def run() -> list[oc.EntryOutcome]:
        await service.create(spec(mode=Mode.FCFS, supply=supply, cap_per_person=cap, tiers=()))
        requests = [ClaimRequest(f"m{i}", CHANNEL, _claimant(a)) for i, a in enumerate(claims)]
        if batched:
            return list(await asyncio.gather(*(service.claim(r) for r in requests)))
        return [await service.claim(r) for r in requests]

    outcomes = asyncio.run(run())
    won = [o for o in outcomes if isinstance(o, oc.Won)]
    with MemoryUnitOfWork(data) as uow:
        allocations = [a for d in uow.drops.unfinished() for a in uow.allocations.for_drop(d.id)]
    assert len(won) == len(allocations) <= supply
    assert sorted(a.serial for a in allocations) == list(range(1, len(allocations) + 1))
    per_person = Counter(links.get(a.identity, a.identity) for a in allocations)
    assert all(n <= cap for n in per_person.values())
    # Nobody is turned away while units and their cap allow: the drop sells out or everyone caps.
    claims_per_person = Counter(links.get(a, a) for a in claims)
    assert len(allocations) == min(supply, sum(min(cap, n) for n in claims_per_person.values()))
