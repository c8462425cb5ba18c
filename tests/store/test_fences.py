"""Fencing tokens (issue 18, item 17): each lease holder gets a newer token than every holder
before it, and work under an older token is refused in its own transaction."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from bot.drops.errors import Superseded
from bot.drops.fencing import check
from bot.drops.ports import Fence, UnitOfWork

NewUow = Callable[[], UnitOfWork]


def issue(new_uow: NewUow, name: str = "scheduler") -> Fence:
    with new_uow() as uow:
        fence = uow.fences.issue(name)
        uow.commit()
    return fence


def holds(new_uow: NewUow, fence: Fence) -> bool:
    with new_uow() as uow:
        return uow.fences.holds(fence)


def test_each_holder_gets_a_newer_token_and_only_the_newest_holds(new_uow: NewUow) -> None:
    first, second = issue(new_uow), issue(new_uow)
    assert second.token > first.token
    assert holds(new_uow, second) and not holds(new_uow, first)
    other = issue(new_uow, "another lease")  # each lease counts for itself
    assert other.token == 1 and holds(new_uow, other) and holds(new_uow, second)
    assert not holds(new_uow, Fence("never issued", 1))


def test_work_under_a_superseded_token_is_refused_and_rolled_back(new_uow: NewUow) -> None:
    stale = issue(new_uow)
    issue(new_uow)  # another process took the lease over
    with new_uow() as uow, pytest.raises(Superseded, match="token 1 is no longer the newest"):
        check(uow, stale)
    with new_uow() as uow:
        check(uow, None)  # a single process has no lease, and no fence


def test_a_takeover_waits_for_work_already_checked_under_the_old_token(
    new_uow: NewUow, request: pytest.FixtureRequest
) -> None:
    if "memory" in request.node.callspec.id:
        pytest.skip("the in-memory fake has no concurrent transactions")
    old = issue(new_uow)
    order: list[str] = []

    def take_over() -> None:
        issue(new_uow)
        order.append("new token issued")

    with new_uow() as work:
        check(work, old)  # the old holder's job passed its check: it goes first, whole
        taking = threading.Thread(target=take_over)
        taking.start()
        time.sleep(0.5)  # ample for the takeover to finish, were it not held back
        order.append("old holder's work committed")
        work.commit()
    taking.join()
    assert order == ["old holder's work committed", "new token issued"]
    assert not holds(new_uow, old)
