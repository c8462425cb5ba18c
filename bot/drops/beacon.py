"""Public randomness from after the close: the drand quicknet round a lottery commits to.

drand's League of Entropy publishes one round every ``period`` seconds: round ``r`` at
``genesis + (r - 1) * period`` (Unix seconds). At open a beacon-backed lottery commits to the
first round published strictly after its close plus a margin (``commit_round``); nobody, the bot
included, knows that round's randomness while the entry list can still change, so no choice of
exclusions or entries can steer the result. At the draw the round is fetched from HTTP mirrors
(``bot.beacon``, outside the core), its BLS signature is checked against the chain's public key
pinned here, and its randomness is mixed into the draw stream (``bot.drops.drawinput``).

Everything here is pure: times in, round numbers out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from bot.kernel.errors import FairdropError

__all__ = [
    "QUICKNET",
    "BeaconPlan",
    "BeaconPolicy",
    "BeaconRound",
    "BeaconSource",
    "BeaconTerms",
    "BeaconUnavailable",
    "Chain",
    "CommittedRound",
    "SignatureCheck",
    "commit_round",
    "first_round_after",
    "round_time",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_HEX = re.compile(r"[0-9a-f]+")


class BeaconUnavailable(FairdropError):
    """The committed round could not be had (not published yet, mirrors down or answering
    nonsense); the message says which, in one line."""


class BeaconPolicy(StrEnum):
    """What the draw does once it has waited ``[beacon] max_wait`` for its round."""

    WAIT = "wait"  # keep waiting: the draw happens only with the committed round
    DRAW_WITHOUT = "draw-without"  # draw without it; the transcript says so


@dataclass(frozen=True, slots=True)
class Chain:
    """A drand chain: its hash, pinned public key (hex, G2 for quicknet's G1 signatures),
    genesis (Unix seconds) and period (seconds)."""

    chain_hash: str
    public_key: str
    genesis: int
    period: int

    def __post_init__(self) -> None:
        if not (_HEX.fullmatch(self.chain_hash) and len(self.chain_hash) == 64):
            raise ValueError("chain hash must be 64 lowercase hex characters")
        if not _HEX.fullmatch(self.public_key):
            raise ValueError("public key must be lowercase hex")
        if type(self.genesis) is not int or self.genesis < 0:
            raise ValueError(f"genesis must be a non-negative integer, got {self.genesis!r}")
        if type(self.period) is not int or self.period < 1:
            raise ValueError(f"period must be a positive integer, got {self.period!r}")

    def with_genesis(self, genesis: int) -> Chain:
        """The same chain (same key, same rounds) placed at another genesis: what tests and the
        demo use so that a genuine recorded round falls just after their close."""
        return self.placed(genesis)

    def placed(self, genesis: int = 0, period: int = 0) -> Chain:
        """The same chain at another genesis and period (0 keeps this chain's): a test chain
        whose genuine recorded rounds fall where a test or the demo needs them."""
        return Chain(
            self.chain_hash, self.public_key, genesis or self.genesis, period or self.period
        )


# League of Entropy quicknet (scheme bls-unchained-g1-rfc9380), pinned: its public key is what
# every fetched round's signature is checked against, never a key a mirror hands out.
QUICKNET = Chain(
    chain_hash="52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971",
    public_key=(
        "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a"
        "2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76"
        "eae8991ef5ece45a"
    ),
    genesis=1692803367,
    period=3,
)


@dataclass(frozen=True, slots=True)
class CommittedRound:
    """The round a lottery committed to at open, on which chain, and when it is published."""

    chain: Chain
    round: int

    @property
    def at(self) -> datetime:
        return round_time(self.chain, self.round)


@dataclass(frozen=True, slots=True)
class BeaconRound:
    """A fetched round: its number, signature (hex) and randomness (hex, sha256 of the
    signature bytes). Only ``SignatureCheck`` makes it trustworthy."""

    round: int
    signature: str
    randomness: str

    def __post_init__(self) -> None:
        if type(self.round) is not int or self.round < 1:
            raise ValueError(f"round must be a positive integer, got {self.round!r}")
        if not (_HEX.fullmatch(self.signature) and len(self.signature) % 2 == 0):
            raise ValueError("signature must be lowercase hex")
        if self.randomness != hashlib.sha256(bytes.fromhex(self.signature)).hexdigest():
            raise ValueError("randomness is not sha256 of the signature")


# Verifies ``signature`` for ``round`` against the chain's pinned key; returns the randomness
# hex or raises ValueError. The implementation (drand-verify) lives outside the core.
SignatureCheck = Callable[[Chain, int, str], str]


def round_time(chain: Chain, round_number: int) -> datetime:
    """When ``round_number`` is published: ``genesis + (round - 1) * period`` (UTC)."""
    if type(round_number) is not int or round_number < 1:
        raise ValueError(f"round must be a positive integer, got {round_number!r}")
    return _EPOCH + timedelta(seconds=chain.genesis + (round_number - 1) * chain.period)


def first_round_after(chain: Chain, at: datetime) -> int:
    """The first round published strictly after ``at`` (an aware datetime).

    Exact to the microsecond: ``at`` on a round's publication time gives the next round.
    """
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    since_genesis = at - (_EPOCH + timedelta(seconds=chain.genesis))
    if since_genesis < timedelta(0):
        return 1
    # Integer microseconds keep the boundary exact (floats would round near it).
    elapsed_us = since_genesis // timedelta(microseconds=1)
    return elapsed_us // (chain.period * 1_000_000) + 2


@dataclass(frozen=True, slots=True)
class BeaconTerms:
    """What a lottery opened with a beacon commits to: rounds of ``chain`` at least ``margin``
    after its close."""

    chain: Chain
    margin: timedelta = timedelta(seconds=30)


def commit_round(chain: Chain, closes_at: datetime, margin: timedelta) -> CommittedRound:
    """The round a lottery closing at ``closes_at`` commits to: the first published strictly
    after ``closes_at + margin``.

    The margin covers the close running late (the scheduler's tick, draining the last claims,
    a clock a little behind): the entry list is frozen when the close commits, and the round
    must still be unknown then.
    """
    if margin < timedelta(0):
        raise ValueError("margin must not be negative")
    return CommittedRound(chain, first_round_after(chain, closes_at + margin))


class BeaconSource(Protocol):
    """Where the draw gets its committed round (``bot.beacon.mirrors.DrandMirrors``)."""

    async def fetch(self, committed: CommittedRound) -> BeaconRound:
        """The round, its signature verified against the pinned key; BeaconUnavailable if it
        cannot be had now."""
        ...


@dataclass(frozen=True, slots=True)
class BeaconPlan:
    """The service's beacon: what lotteries commit to, where rounds come from, and what the
    draw does once it has waited ``max_wait`` past the round's time."""

    terms: BeaconTerms
    source: BeaconSource
    max_wait: timedelta = timedelta(minutes=10)
    policy: BeaconPolicy = BeaconPolicy.WAIT
