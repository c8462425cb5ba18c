"""Nothing is acknowledged unless it is durable: a failed commit leaves no trace anywhere."""

from __future__ import annotations

from types import TracebackType
from typing import Self

import pytest

from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimRequest, enter_batch
from bot.drops.keyring import Keyring
from bot.drops.model import Mode
from bot.drops.opening import create_drop
from bot.gating.context import Claimant
from bot.store.hot_memory import MemoryHotState
from tests.fakes.memory_store import MemoryData, MemoryUnitOfWork
from tests.fixtures.harness import START, seeded_bytes, spec


class CommitFails(MemoryUnitOfWork):
    """A unit of work whose commit dies, as a database that went away would."""

    def commit(self) -> None:
        raise ConnectionError("database went away")

    def __enter__(self) -> Self:
        return super().__enter__()

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        super().__exit__(t, e, tb)


@pytest.mark.parametrize("mode", [Mode.LOTTERY, Mode.FCFS])
def test_a_batch_whose_commit_fails_can_be_retried_as_if_it_never_happened(mode: Mode) -> None:
    data, hot = MemoryData(), MemoryHotState()
    keyring = Keyring.new(START, seeded_bytes(1))
    with MemoryUnitOfWork(data) as uow:
        create_drop(uow, spec(mode=mode, tiers=()), START, seeded_bytes(2))
        uow.commit()
    requests = [
        ClaimRequest(f"m{i}", "streamer", Claimant("twitch", str(i), f"fan{i}")) for i in range(3)
    ]
    with pytest.raises(ConnectionError):
        enter_batch(
            CommitFails(data), hot, requests, START, keyring=keyring, random_bytes=seeded_bytes()
        )
    assert data.entries == {} and data.allocations == {} and data.inbound == {}

    outcomes = enter_batch(
        MemoryUnitOfWork(data), hot, requests, START, keyring=keyring, random_bytes=seeded_bytes()
    )
    expected = oc.Entered if mode is Mode.LOTTERY else oc.Won
    assert all(isinstance(o, expected) for o in outcomes)
    if mode is Mode.FCFS:
        assert sorted(o.serial for o in outcomes if isinstance(o, oc.Won)) == [1, 2, 3]
