"""In-memory hot state for one process: the embedded default (Redis shares it across processes)."""

from __future__ import annotations

import heapq
import threading
from collections.abc import Sequence

from bot.drops.ports import ClaimLimit, HotClaim, HotClaimResult, HotStateLost, TakeResult


class _DropState:
    __slots__ = ("entrants", "free", "held", "next_serial", "supply", "tat")

    def __init__(self, supply: int) -> None:
        self.entrants: set[str] = set()
        self.held: dict[str, list[int]] = {}
        # Serials returned by failed transactions, reused first, lowest first: a min-heap.
        self.free: list[int] = []
        self.next_serial = 1
        self.supply = supply
        self.tat: dict[str, float] = {}  # the drop's claim rate limits, by identity

    def take(self, identity: str, supply: int, cap: int) -> int | TakeResult:
        mine = self.held.setdefault(identity, [])
        if len(mine) >= cap:
            return TakeResult.CAP_REACHED
        if self.free:
            serial = heapq.heappop(self.free)
        elif self.next_serial <= supply:
            serial = self.next_serial
            self.next_serial += 1
        else:
            return TakeResult.SOLD_OUT
        mine.append(serial)
        return serial

    def give_back(self, identity: str, serial: int) -> None:
        mine = self.held.get(identity, [])
        if serial in mine:
            mine.remove(serial)
            heapq.heappush(self.free, serial)


class MemoryHotState:
    """Implements `bot.drops.ports.HotState`. A lock makes each call atomic across threads."""

    PRUNE_EVERY = 10_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._drops: dict[int, _DropState] = {}
        self._tat: dict[str, float] = {}  # rate limits: GCRA theoretical arrival times
        self._hits = 0

    def _drop(self, drop_id: int) -> _DropState:
        state = self._drops.get(drop_id)
        if state is None:
            state = self._drops[drop_id] = _DropState(supply=0)
        return state

    def is_loaded(self, drop_id: int) -> bool:
        return drop_id in self._drops

    def load_drop(
        self, drop_id: int, entrants: set[str], held: dict[str, list[int]], supply: int
    ) -> None:
        state = _DropState(supply)
        state.entrants = set(entrants)
        state.held = {k: list(v) for k, v in held.items()}
        taken = {s for serials in held.values() for s in serials}
        state.next_serial = max(taken, default=0) + 1
        # Serials below the high-water mark that nobody holds (a rolled-back batch before a
        # crash, an expired claim) are handed out again before new ones.
        state.free = sorted(set(range(1, state.next_serial)) - taken)  # a sorted list is a heap
        with self._lock:
            self._drops[drop_id] = state

    def forget_drop(self, drop_id: int) -> None:
        with self._lock:
            self._drops.pop(drop_id, None)

    def add_entrant(self, drop_id: int, identity: str) -> bool:
        with self._lock:
            entrants = self._drop(drop_id).entrants
            if identity in entrants:
                return False
            entrants.add(identity)
            return True

    def remove_entrant(self, drop_id: int, identity: str) -> None:
        with self._lock:
            self._drop(drop_id).entrants.discard(identity)

    def entrant_count(self, drop_id: int) -> int:
        return len(self._drop(drop_id).entrants)

    def take_unit(self, drop_id: int, identity: str, supply: int, cap: int) -> int | TakeResult:
        with self._lock:
            return self._drop(drop_id).take(identity, supply, cap)

    def return_unit(self, drop_id: int, identity: str, serial: int) -> None:
        with self._lock:
            self._drop(drop_id).give_back(identity, serial)

    def reserve_claims(
        self,
        drop_id: int,
        claims: Sequence[HotClaim],
        limit: ClaimLimit,
        *,
        supply: int | None,
        cap: int,
    ) -> list[HotClaimResult]:
        interval = limit.window_seconds / limit.limit
        results: list[HotClaimResult] = []
        with self._lock:
            state = self._drops.get(drop_id)
            if state is None:  # forgotten since the caller loaded it: as Redis after a flush
                raise HotStateLost(f"drop {drop_id}: hot state lost; reload from SQL")
            entrants, tats = state.entrants, state.tat
            for claim in claims:
                wait = _gcra(tats, claim.identity, interval, limit.window_seconds, limit.now)
                new, taken = False, None
                if not wait and claim.enter:
                    new = claim.identity not in entrants
                    if new:
                        entrants.add(claim.identity)
                    if supply is not None:
                        taken = state.take(claim.identity, supply, cap)
                results.append(HotClaimResult(wait, new, taken, len(entrants)))
        return results

    def release_claims(
        self, drop_id: int, entrants: Sequence[str], units: Sequence[tuple[str, int]]
    ) -> None:
        with self._lock:
            state = self._drops.get(drop_id)
            if state is None:
                return
            for identity, serial in units:
                state.give_back(identity, serial)
            state.entrants.difference_update(entrants)

    def hit(self, key: str, limit: int, window_seconds: float, now: float) -> float:
        """GCRA: `limit` hits per `window_seconds`, bursts allowed, one float kept per key."""
        with self._lock:
            self._hits += 1
            if self._hits % self.PRUNE_EVERY == 0:
                self._tat = {k: v for k, v in self._tat.items() if v > now}
            return _gcra(self._tat, key, window_seconds / limit, window_seconds, now)


def _gcra(tats: dict[str, float], key: str, interval: float, window: float, now: float) -> float:
    """One hit against `key`'s theoretical arrival time: 0.0 if allowed, else seconds to wait."""
    tat = tats.get(key)
    new_tat = (now if tat is None or tat < now else tat) + interval
    if new_tat - now > window:
        return new_tat - now - window
    tats[key] = new_tat
    return 0.0
