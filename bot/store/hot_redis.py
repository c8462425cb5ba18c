"""Redis hot state: the `HotState` port shared by several processes serving one drop.

Every method that changes state is one Lua script (`hot_redis_scripts.py`; registered once,
redis-py sends EVALSHA and falls back to loading the script on NOSCRIPT, e.g. after a restart),
so there is no check-then-set race between processes. Single-command reads (`is_loaded`,
`entrant_count`) and `forget_drop` (one DEL) are atomic on their own.

The claim path makes one script call per drop and batch, `reserve_claims`: it takes the batch's
claims in order (rate limit, entry, unit) and answers for all of them, so a claim costs Redis a
few steps inside one script rather than a round trip per check; a failed batch gives its units
and entries back with one `release_claims`. The single-claim methods remain for everything else.

Keys, per drop, with a hash tag so a cluster keeps a drop on one slot (every script touches only
the keys of its drop, or, for `hit`, its one key)::

    {prefix}:{drop:ID}:meta       hash: epoch (the "loaded" marker), next (serial), supply
    {prefix}:{drop:ID}:entrants   set of identities
    {prefix}:{drop:ID}:count      hash identity -> serials held
    {prefix}:{drop:ID}:owner      hash serial -> identity
    {prefix}:{drop:ID}:free       sorted set of returned serials, handed out again first
    {prefix}:{drop:ID}:rate       hash identity -> GCRA theoretical arrival time (claim limits)
    {prefix}:rl:{key}             `hit`'s rate limits: the GCRA theoretical arrival time

Every write refreshes the TTL of all of the drop's keys, so they expire together (a drop idle
for longer than the TTL is simply rebuilt from SQL on its next claim).

SQL stays the record; this is a gate that may be lost. The marker (`meta.epoch`, a random token
per load) makes a loss visible: after FLUSHALL, a restart or expiry, `is_loaded` is False and
the claim path rebuilds the drop from SQL with `load_drop`. Differences from `MemoryHotState`,
all of them for several processes sharing the state:

- `load_drop` loads only if the drop is not loaded: several processes that found the state
  lost rebuild at once, and the first wins (a later snapshot would throw away units the winner
  handed out since). The data is written to private staging keys first and swapped in, together
  with the marker, by one script. `forget_drop` then `load_drop` replaces, as in memory.
- The writing methods need the drop loaded: on a drop that is not, or that was rebuilt since
  this process last checked `is_loaded` (another epoch), `reserve_claims`, `add_entrant` and
  `take_unit` raise `HotStateLost`, having written nothing, rather than start from an empty
  state and hand out serials SQL already has (in memory only `reserve_claims` does, after a
  `forget_drop`). `release_claims`, `remove_entrant` and `return_unit` are then no-ops: the
  reservations went with the old state.
- Connection problems raise `HotStateUnavailable` (`HotStateLost` is one too). The transaction
  around the call rolls back, so nothing is half-written in SQL; `RetryingTransactions` re-runs
  it once Redis answers again. redis-py's own retries are switched off: re-sending a script
  whose reply was lost could take a second unit. A write that failed that way may still have
  happened, so it marks the drop suspect: if the state survived, the next `is_loaded` says
  False and the drop is rebuilt from SQL.

Rate limits (`hit`, and the claim limit in `reserve_claims`) are the same GCRA as in memory,
with the caller's `now` rather than Redis TIME, so tests control time and a batch judges all its
claims at one instant. Processes must then keep their clocks in step (NTP): a skew of d seconds
moves a person's limit by d.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy.exc import IntegrityError

from bot.drops.ports import (
    ClaimLimit,
    HotClaim,
    HotClaimResult,
    HotStateLost,
    HotStateUnavailable,
    TakeResult,
    UnitOfWork,
)
from bot.kernel.transactions import TransactionRunner
from bot.store.hot_redis_scripts import (
    ADD_ENTRANT,
    CAP_REACHED,
    COMMIT_LOAD,
    DROP_KEYS,
    FORGET_IF_EPOCH,
    HIT,
    LOST,
    RELEASE_CLAIMS,
    REMOVE_ENTRANT,
    RESERVE_CLAIMS,
    RETURN_UNIT,
    SOLD_OUT,
    TAKE_UNIT,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_TTL = 7 * 24 * 3600.0
STAGING_TTL_MS = 10 * 60 * 1000  # an abandoned load's staging keys vanish after ten minutes
CHUNK = 5000  # members per command when writing a load

_TAKEN = {SOLD_OUT: TakeResult.SOLD_OUT, CAP_REACHED: TakeResult.CAP_REACHED}


# -- the hot state ------------------------------------------------------------------------------


def _drop_keys(prefix: str, drop_id: int) -> tuple[str, ...]:
    base = f"{prefix}:{{drop:{drop_id}}}"
    return tuple(f"{base}:{name}" for name in DROP_KEYS)


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def _translated() -> Iterator[None]:
    """Redis errors that mean "not serving right now" become `HotStateUnavailable`."""
    try:
        yield
    except (redis.ConnectionError, redis.TimeoutError, redis.ReadOnlyError) as error:
        raise HotStateUnavailable(f"Redis hot state unavailable: {error}") from error


class RedisHotState:
    """Implements `bot.drops.ports.HotState` on Redis; safe to share between threads."""

    def __init__(self, client: redis.Redis, *, prefix: str = "fairdrop", ttl: float = DEFAULT_TTL):
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self.client = client
        self.prefix = prefix
        self.ttl_ms = max(1, round(ttl * 1000))
        self._add_entrant = client.register_script(ADD_ENTRANT)
        self._remove_entrant = client.register_script(REMOVE_ENTRANT)
        self.take_unit_script = client.register_script(TAKE_UNIT)
        self._return_unit = client.register_script(RETURN_UNIT)
        self._commit_load = client.register_script(COMMIT_LOAD)
        self._forget_if_epoch = client.register_script(FORGET_IF_EPOCH)
        self._hit = client.register_script(HIT)
        self._reserve_claims = client.register_script(RESERVE_CLAIMS)
        self._release_claims = client.register_script(RELEASE_CLAIMS)
        # The epoch this process last saw per drop: a rebuild by anyone changes it.
        self._epochs: dict[int, str] = {}
        # Drops whose last write may or may not have happened (a timeout): rebuilt on next check.
        self._suspect: dict[int, str] = {}

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        prefix: str = "fairdrop",
        ttl: float = DEFAULT_TTL,
        socket_timeout: float = 5.0,
        connect_timeout: float = 2.0,
    ) -> RedisHotState:
        """A hot state over a fresh connection pool to `url` (close it with `close`)."""
        client = redis.Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=socket_timeout,
            socket_connect_timeout=connect_timeout,
            retry=Retry(NoBackoff(), 0),  # see the module docstring: no blind re-sends
            # One connection, behind a lock: a process's claims run one batch at a time anyway,
            # and skipping the pool's checkout saves a fifth of every call.
            single_connection_client=True,
        )
        return cls(client, prefix=prefix, ttl=ttl)

    def close(self) -> None:
        self.client.close()

    def answering(self) -> bool:
        """Whether Redis answers a PING now (for /healthz); HotStateUnavailable if not."""
        with _translated():
            return bool(self.client.ping())

    def keys(self, drop_id: int) -> tuple[str, ...]:
        """The drop's keys: meta, entrants, count, owner, free, rate."""
        return _drop_keys(self.prefix, drop_id)

    def rate_key(self, key: str) -> str:
        return f"{self.prefix}:rl:{key}"

    def _write(self, script: Callable[..., Any], drop_id: int, *args: object) -> int:
        return int(self._run(script, drop_id, args))

    def _run(self, script: Callable[..., Any], drop_id: int, args: Sequence[object]) -> Any:
        """Run one of the drop's scripts with the epoch this process saw and the TTL."""
        epoch = self._epochs.get(drop_id, "")
        try:
            with _translated():
                return script(keys=self.keys(drop_id), args=(epoch, self.ttl_ms, *args))
        except HotStateUnavailable:
            # The script may have run with its reply lost: a unit held by nobody's transaction.
            if epoch:
                self._suspect[drop_id] = epoch
            raise

    # -- loading --------------------------------------------------------------------------------

    def is_loaded(self, drop_id: int) -> bool:
        meta = self.keys(drop_id)[0]
        with _translated():
            epoch: str | None = self.client.hget(meta, "epoch")  # type: ignore[assignment]
        suspect = self._suspect.pop(drop_id, None)
        if epoch is None:
            self._epochs.pop(drop_id, None)
            return False
        if suspect == epoch:
            log.warning("drop %s: a hot-state write timed out; rebuilding from SQL", drop_id)
            with _translated():
                self._forget_if_epoch(keys=self.keys(drop_id), args=(epoch,))
            self._epochs.pop(drop_id, None)
            return False
        self._epochs[drop_id] = epoch
        return True

    def load_drop(
        self, drop_id: int, entrants: set[str], held: dict[str, list[int]], supply: int
    ) -> None:
        """Load what SQL says, unless the drop is loaded already (then keep that: it is newer)."""
        epoch = secrets.token_hex(8)
        keys = self.keys(drop_id)
        staging = tuple(f"{key}:load:{epoch}" for key in keys[1:5])
        owners = {serial: identity for identity, serials in held.items() for serial in serials}
        next_serial = max(owners, default=0) + 1
        # Serials below the high-water mark that nobody holds are handed out again first.
        free = [s for s in range(1, next_serial) if s not in owners]
        counts = [(identity, len(serials)) for identity, serials in held.items() if serials]
        with _translated():
            pipe = self.client.pipeline(transaction=False)
            for chunk in _chunks(list(entrants)):
                pipe.sadd(staging[0], *chunk)
            for chunk in _chunks(counts):
                pipe.hset(staging[1], mapping=dict(chunk))
            for chunk in _chunks(list(owners.items())):
                pipe.hset(staging[2], mapping=dict(chunk))
            for chunk in _chunks(free):
                pipe.zadd(staging[3], {str(s): s for s in chunk})
            for key in staging:
                pipe.pexpire(key, STAGING_TTL_MS)
            pipe.execute()
            current = self._commit_load(
                keys=(*keys, *staging), args=(epoch, self.ttl_ms, next_serial, supply)
            )
        self._epochs[drop_id] = str(current)
        self._suspect.pop(drop_id, None)

    def forget_drop(self, drop_id: int) -> None:
        with _translated():
            self.client.delete(*self.keys(drop_id))
        self._epochs.pop(drop_id, None)

    def forget_known(self, drop_ids: Sequence[int] | None = None) -> None:
        """Forget `drop_ids` (default: every drop this process has seen loaded)."""
        for drop_id in list(self._epochs) if drop_ids is None else drop_ids:
            self.forget_drop(drop_id)

    # -- entrants -------------------------------------------------------------------------------

    def add_entrant(self, drop_id: int, identity: str) -> bool:
        added = self._write(self._add_entrant, drop_id, identity)
        if added == LOST:
            raise HotStateLost(f"drop {drop_id}: hot state lost or rebuilt; reload from SQL")
        return added == 1

    def remove_entrant(self, drop_id: int, identity: str) -> None:
        self._write(self._remove_entrant, drop_id, identity)

    def entrant_count(self, drop_id: int) -> int:
        with _translated():
            return int(self.client.scard(self.keys(drop_id)[1]))

    # -- first come, first served ---------------------------------------------------------------

    def take_unit(self, drop_id: int, identity: str, supply: int, cap: int) -> int | TakeResult:
        taken = self._write(self.take_unit_script, drop_id, identity, supply, cap)
        if taken == SOLD_OUT:
            return TakeResult.SOLD_OUT
        if taken == CAP_REACHED:
            return TakeResult.CAP_REACHED
        if taken == LOST:
            raise HotStateLost(f"drop {drop_id}: hot state lost or rebuilt; reload from SQL")
        return taken

    def return_unit(self, drop_id: int, identity: str, serial: int) -> None:
        self._write(self._return_unit, drop_id, identity, serial)

    # -- claim batches --------------------------------------------------------------------------

    def reserve_claims(
        self,
        drop_id: int,
        claims: Sequence[HotClaim],
        limit: ClaimLimit,
        *,
        supply: int | None,
        cap: int,
    ) -> list[HotClaimResult]:
        """The batch's claims in one script, so one round trip however many there are."""
        if not claims:
            return []
        reply = self._run(
            self._reserve_claims,
            drop_id,
            (
                "" if supply is None else supply,
                cap,
                repr(limit.window_seconds / limit.limit),
                repr(float(limit.window_seconds)),
                repr(float(limit.now)),
                "".join(["1" if claim.enter else "0" for claim in claims]),
                *[claim.identity for claim in claims],
            ),
        )
        if isinstance(reply, bytes):  # a client without decode_responses
            reply = reply.decode()
        if not isinstance(reply, str):
            raise HotStateLost(f"drop {drop_id}: hot state lost or rebuilt; reload from SQL")
        fields = reply.split(",")
        entrants = int(fields[0])
        results = []
        for field in fields[1:]:
            if field[0] == "r":
                results.append(HotClaimResult(float(field[1:]), False, None, entrants))
                continue
            new = field[0] == "+"
            entrants += new
            taken = int(field[1:])
            unit = None if taken == 0 else _TAKEN.get(taken, taken)
            results.append(HotClaimResult(0.0, new, unit, entrants))
        return results

    def release_claims(
        self, drop_id: int, entrants: Sequence[str], units: Sequence[tuple[str, int]]
    ) -> None:
        if not entrants and not units:
            return
        args: list[object] = [len(units)]
        for identity, serial in units:
            args += (identity, serial)
        args += entrants
        self._run(self._release_claims, drop_id, args)

    # -- rate limits ----------------------------------------------------------------------------

    def hit(self, key: str, limit: int, window_seconds: float, now: float) -> float:
        """GCRA: `limit` hits per `window_seconds`, bursts allowed, one float kept per key."""
        interval = window_seconds / limit
        with _translated():
            wait = self._hit(
                keys=(self.rate_key(key),),
                args=(repr(interval), repr(float(window_seconds)), repr(float(now))),
            )
        return float(wait)


# -- re-running what a lost or unreachable hot state made fail ----------------------------------

_LIVE_SERIAL_CONFLICT = re.compile(
    r"uq_allocation_live_serial|allocations\.drop_id, allocations\.serial"
)
_CONFLICT_DROP = re.compile(r"\(drop_id, serial\)=\((\d+), \d+\)")


class RetryingTransactions:
    """A `TransactionRunner` that re-runs a transaction the Redis hot state made fail.

    Each failed attempt rolled back (the claim path also undid its reservations), so running it
    again is safe, and a claim is acknowledged once, by the attempt that commits.

    - `HotStateUnavailable` (Redis down, restarting, loading): retried with backoff until
      `deadline` seconds have passed since the first attempt, then raised to the callers.
    - `HotStateLost` (flushed, restarted or rebuilt by another process mid-batch): retried at
      once; the next attempt sees `is_loaded` False (or the new epoch) and rebuilds from SQL.
    - A live-serial conflict in SQL (the unique index said no): the hot state handed out a serial
      that another process committed while the state was being rebuilt. The drop's hot state is
      forgotten, so the retry rebuilds it from SQL, which now has that serial; at most
      `conflicts` times. SQL is what kept the unit from being sold twice.
    """

    def __init__(
        self,
        inner: TransactionRunner[UnitOfWork],
        hot: RedisHotState,
        *,
        deadline: float = 30.0,
        conflicts: int = 5,
        max_lost: int = 20,
    ) -> None:
        self.inner, self.hot = inner, hot
        self.deadline, self.conflicts, self.max_lost = deadline, conflicts, max_lost
        # Attempts that failed and were run again, by cause: figures for tests and metrics.
        self.retried: Counter[str] = Counter()

    async def run(self, fn: Callable[[UnitOfWork], T]) -> T:
        started = time.monotonic()
        delay = 0.02
        conflicts = lost = 0
        while True:
            try:
                return await self.inner.run(fn)
            except HotStateLost:
                lost += 1
                if lost > self.max_lost:
                    raise
                log.info("hot state lost mid-transaction; retrying (%d)", lost)
                self.retried["lost"] += 1
            except HotStateUnavailable:
                if time.monotonic() - started + delay > self.deadline:
                    raise
                log.warning("hot state unavailable; retrying in %.2fs", delay)
                self.retried["unavailable"] += 1
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)
            except IntegrityError as error:
                text = str(error)
                if conflicts >= self.conflicts or not _LIVE_SERIAL_CONFLICT.search(text):
                    raise
                conflicts += 1
                match = _CONFLICT_DROP.search(text)
                drops = [int(match.group(1))] if match else None
                log.warning("hot state out of step with SQL (%s); rebuilding", text.split("\n")[0])
                self.retried["conflict"] += 1
                with contextlib.suppress(HotStateUnavailable):  # the retry will meet it again
                    await asyncio.to_thread(self.hot.forget_known, drops)

    @property
    def retries(self) -> int:
        return sum(self.retried.values())
