"""What a version 2 transcript adds: the drand round committed at open and what the draw did
with it, and the announcements that made the commitment public (``bot.drops.transcript``)."""

from __future__ import annotations

import re
from typing import TypedDict

from bot.drops.beacon import BeaconRound, CommittedRound
from bot.drops.transcript_fields import (
    HEX64,
    TranscriptError,
    check_keys,
    require_str,
    require_timestamp,
    short,
)

__all__ = [
    "AnnouncementRecord",
    "DrandRecord",
    "check_announcement",
    "check_drand",
    "drand_record",
]

_HEX = re.compile(r"(?:[0-9a-f]{2})+")


class DrandRecord(TypedDict):
    """The drand round a v2 lottery committed to at open, and what its draw did with it.

    ``randomness`` and ``signature`` (hex) are null when the draw went ahead without the round
    (``outcome`` then says why and after how long); ``round_at`` is the round's publication time
    (``genesis + (round - 1) * period``) as ISO 8601.
    """

    chain_hash: str
    genesis: int
    period: int
    round: int
    round_at: str
    randomness: str | None
    signature: str | None
    outcome: str


_DRAND_KEYS = frozenset(DrandRecord.__annotations__)


def drand_record(
    committed: CommittedRound, fetched: BeaconRound | None, outcome: str
) -> DrandRecord:
    """The transcript's record of the committed round and of what the draw did with it."""
    return {
        "chain_hash": committed.chain.chain_hash,
        "genesis": committed.chain.genesis,
        "period": committed.chain.period,
        "round": committed.round,
        "round_at": committed.at.isoformat(),
        "randomness": fetched.randomness if fetched else None,
        "signature": fetched.signature if fetched else None,
        "outcome": outcome,
    }


class AnnouncementRecord(TypedDict):
    """One opening announcement that carried the commitment: the platform ("twitch" or
    "discord"), its message id there and when the platform says it was posted."""

    platform: str
    message_id: str
    at: str


_ANNOUNCEMENT_KEYS = frozenset(AnnouncementRecord.__annotations__)


def check_drand(where: str, drand: object) -> None:
    """Refuse ``drand`` (at ``where``) unless it is a well-formed ``DrandRecord``."""
    check_keys(where, drand, _DRAND_KEYS)
    assert isinstance(drand, dict)
    chain_hash = drand["chain_hash"]
    if type(chain_hash) is not str or not HEX64.fullmatch(chain_hash):
        raise TranscriptError(f"{where}.chain_hash: must be 64 lowercase hex characters")
    for name, least in (("genesis", 0), ("period", 1), ("round", 1)):
        value = drand[name]
        if type(value) is not int or value < least:
            raise TranscriptError(
                f"{where}.{name}: must be an integer >= {least}, got {short(value)}"
            )
    require_timestamp(f"{where}.round_at", drand["round_at"])
    for name in ("randomness", "signature"):
        value = drand[name]
        if value is not None and (type(value) is not str or not _HEX.fullmatch(value)):
            raise TranscriptError(f"{where}.{name}: must be lowercase hex or null")
    if (drand["randomness"] is None) != (drand["signature"] is None):
        raise TranscriptError(f"{where}: randomness and signature are both given or both null")
    require_str(f"{where}.outcome", drand["outcome"])


def check_announcement(where: str, announcement: object) -> None:
    """Refuse ``announcement`` (at ``where``) unless it is a well-formed ``AnnouncementRecord``."""
    check_keys(where, announcement, _ANNOUNCEMENT_KEYS)
    assert isinstance(announcement, dict)
    require_str(f"{where}.platform", announcement["platform"])
    require_str(f"{where}.message_id", announcement["message_id"])
    require_timestamp(f"{where}.at", announcement["at"])
