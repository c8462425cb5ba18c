"""Fetching a committed drand round from HTTP mirrors: `GET {mirror}/{chain}/public/{round}`.

Each mirror gets its own timeout; a failing mirror (an error status, a timeout, a malformed
answer, or a signature that does not verify under the pinned key) passes the request to the next.
A round not yet published is normal before its time: drand answers 404 for a round in the
future. After a pass over every mirror the next pass waits a jittered, doubling pause; after
``passes`` passes the fetch gives up with ``BeaconUnavailable``, and the draw decides (the
scheduler tries again later, or the policy after ``[beacon] max_wait`` applies).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import aiohttp

from bot.drops.beacon import BeaconRound, BeaconUnavailable, CommittedRound, SignatureCheck

__all__ = ["DrandMirrors", "MirrorSettings"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MirrorSettings:
    """How hard one fetch tries: per-request timeout, passes over the mirrors, pauses."""

    timeout: float = 5.0
    passes: int = 3
    backoff: float = 1.0  # the pause after the first pass; doubles up to `backoff_cap`
    backoff_cap: float = 10.0


class DrandMirrors:
    """A beacon source over HTTP mirrors; verifies every round before handing it out."""

    def __init__(
        self,
        mirrors: Sequence[str],
        check_signature: SignatureCheck,
        settings: MirrorSettings = MirrorSettings(),
        *,
        jitter: Callable[[], float] = random.random,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not mirrors:
            raise ValueError("at least one drand mirror is needed")
        self.mirrors = [m.rstrip("/") for m in mirrors]
        self.check_signature = check_signature
        self.settings = settings
        self.jitter, self.sleep = jitter, sleep

    async def fetch(self, committed: CommittedRound) -> BeaconRound:
        """The committed round, its signature verified; BeaconUnavailable if no mirror has it."""
        settings = self.settings
        reasons: dict[str, str] = {}
        timeout = aiohttp.ClientTimeout(total=settings.timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for attempt in range(settings.passes):
                for mirror in self.mirrors:
                    try:
                        return await self._one(session, mirror, committed)
                    except _MirrorFailed as failure:
                        reasons[mirror] = str(failure)
                        log.info("drand mirror %s: %s", mirror, failure)
                if attempt + 1 < settings.passes:
                    pause = min(settings.backoff_cap, settings.backoff * 2**attempt)
                    # Jitter spreads several bots' retries over the pause instead of a burst.
                    await self.sleep(pause * (0.5 + self.jitter() / 2))
        summary = "; ".join(f"{m}: {r}" for m, r in reasons.items())
        raise BeaconUnavailable(
            f"drand round {committed.round} is not available after {settings.passes} passes "
            f"over {len(self.mirrors)} mirrors ({summary})"
        )

    async def _one(
        self, session: aiohttp.ClientSession, mirror: str, committed: CommittedRound
    ) -> BeaconRound:
        url = f"{mirror}/{committed.chain.chain_hash}/public/{committed.round}"
        try:
            async with session.get(url, headers={"Accept": "application/json"}) as response:
                if response.status == 404:
                    raise _MirrorFailed("not published yet (404)")
                if response.status != 200:
                    raise _MirrorFailed(f"HTTP {response.status}")
                body = await response.read()
        except (TimeoutError, aiohttp.ClientError) as error:
            raise _MirrorFailed(f"unreachable ({type(error).__name__})") from None
        try:
            data = json.loads(body)
            number, signature = data["round"], data["signature"]
        except (ValueError, TypeError, KeyError):
            raise _MirrorFailed("not a drand round (malformed JSON)") from None
        if number != committed.round or not isinstance(signature, str):
            raise _MirrorFailed(f"answered round {number!r}, not {committed.round}")
        try:
            randomness = self.check_signature(committed.chain, committed.round, signature)
            fetched = BeaconRound(committed.round, signature, randomness)
        except ValueError:
            raise _MirrorFailed("signature does not verify under the pinned key") from None
        claimed = data.get("randomness")
        if claimed is not None and claimed != fetched.randomness:
            raise _MirrorFailed("randomness is not sha256 of the signature")
        return fetched


class _MirrorFailed(Exception):
    """One mirror could not give the round; the message says why (kept for the summary)."""
