"""In-memory hot state for one process: the embedded default (Redis shares it across processes)."""

from __future__ import annotations

import threading

from bot.drops.ports import TakeResult


class _DropState:
    __slots__ = ("entrants", "free", "held", "next_serial", "supply")

    def __init__(self, supply: int) -> None:
        self.entrants: set[str] = set()
        self.held: dict[str, list[int]] = {}
        self.free: list[int] = []  # serials returned by failed transactions, reused first
        self.next_serial = 1
        self.supply = supply


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
        state.free = sorted(set(range(1, state.next_serial)) - taken, reverse=True)
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
            state = self._drop(drop_id)
            mine = state.held.setdefault(identity, [])
            if len(mine) >= cap:
                return TakeResult.CAP_REACHED
            if state.free:
                serial = state.free.pop()
            elif state.next_serial <= supply:
                serial = state.next_serial
                state.next_serial += 1
            else:
                return TakeResult.SOLD_OUT
            mine.append(serial)
            return serial

    def return_unit(self, drop_id: int, identity: str, serial: int) -> None:
        with self._lock:
            state = self._drop(drop_id)
            mine = state.held.get(identity, [])
            if serial in mine:
                mine.remove(serial)
                state.free.append(serial)
                state.free.sort(reverse=True)

    def hit(self, key: str, limit: int, window_seconds: float, now: float) -> float:
        """GCRA: `limit` hits per `window_seconds`, bursts allowed, one float kept per key."""
        interval = window_seconds / limit
        tats = self._tat
        with self._lock:
            self._hits += 1
            if self._hits % self.PRUNE_EVERY == 0:
                self._tat = tats = {k: v for k, v in tats.items() if v > now}
            tat = tats.get(key)
            new_tat = (now if tat is None or tat < now else tat) + interval
            if new_tat - now > window_seconds:
                return new_tat - now - window_seconds
            tats[key] = new_tat
            return 0.0
