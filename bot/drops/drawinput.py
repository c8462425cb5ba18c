"""Draw format v2: the commitment and the stream input, byte for byte.

Version 1 (``bot.drops.lottery.stream_input``, ``commitment = sha256(seed)``) keeps verifying
as it always did. Version 2 binds what a verifier must not have to take on trust: the drand
round committed at open, its randomness, the guaranteed units fixed at open, the claim window,
and the drop's id, title, mode and supply.

Encoding. ``lp(x)`` is ``len(x)`` as a 4-byte unsigned big-endian integer followed by the bytes
``x``. Text is UTF-8; integers are decimal ASCII without sign or leading zeros; hex values are
lowercase ASCII unless said to be raw; an absent value is the empty byte string (so ``lp`` of it
is four zero bytes). Fields are concatenated in the order listed, with nothing in between.

Commitment (published at open, 64 lowercase hex characters)::

    sha256( b"fairdrop/commit/v2\\n"
            || lp(seed)                      32 raw bytes
            || lp(chain_hash)                64 hex characters; absent when the drop opted out
            || lp(genesis)                   the chain's genesis, Unix seconds; absent likewise
            || lp(period)                    the chain's period, seconds; absent likewise
            || lp(round)                     the committed round; absent likewise
            || lp(guaranteed_digest)         64 hex characters: the digest of the guaranteed
                                             units fixed at open (``bot.drops.guarantees``;
                                             with none, the digest of its domain alone)
            || lp(claim_window_seconds) )    decimal ASCII: how long each holder has to claim
                                             before their unit may pass to the waitlist

Binding the guaranteed units means none can be added or swapped once entries open; binding
the claim window means no reroll can be dated inside a shortened one.

Stream input (the SHAKE-256 input; the stream is read as in ``bot.drops.lottery``)::

    b"fairdrop/draw/v2\\n"
    || lp(seed)                              32 raw bytes
    || lp(entry_list_hash)                   32 raw bytes (the hex digest decoded)
    || lp(drop_id) || lp(title) || lp(mode)  UTF-8 text as in the transcript
    || lp(supply)                            decimal ASCII
    || lp(chain_hash) || lp(round)           as in the commitment; absent when opted out
    || lp(randomness)                        32 raw bytes of the verified round's randomness;
                                             absent when opted out or drawn without the beacon

Example: ``lp(b"ab") == b"\\x00\\x00\\x00\\x02ab"`` and ``lp(b"") == b"\\x00\\x00\\x00\\x00"``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.drops.beacon import CommittedRound

__all__ = [
    "COMMIT_DOMAIN_V2",
    "STREAM_DOMAIN_V2",
    "DrawBinding",
    "commitment_v2",
    "lp",
    "stream_input_v2",
]

COMMIT_DOMAIN_V2 = b"fairdrop/commit/v2\n"
STREAM_DOMAIN_V2 = b"fairdrop/draw/v2\n"
_HEX64 = re.compile(r"[0-9a-f]{64}")


def lp(value: bytes) -> bytes:
    """``value`` prefixed with its length as 4 bytes, unsigned big-endian."""
    if len(value) >= 2**32:
        raise ValueError("a field must be shorter than 2**32 bytes")
    return len(value).to_bytes(4, "big") + value


def _number(value: int | None) -> bytes:
    return b"" if value is None else str(value).encode("ascii")


def commitment_v2(
    seed: bytes,
    committed: CommittedRound | None,
    *,
    guaranteed_digest: str,
    claim_window_seconds: int,
) -> str:
    """The v2 commitment to ``seed``, the committed round (None: the drop opted out), the
    guaranteed units' digest and the claim window (see the module docstring)."""
    if type(seed) is not bytes or len(seed) != 32:
        raise ValueError("seed must be 32 bytes")
    if type(guaranteed_digest) is not str or not _HEX64.fullmatch(guaranteed_digest):
        raise ValueError("guaranteed_digest must be 64 lowercase hex characters")
    if type(claim_window_seconds) is not int or claim_window_seconds < 0:
        raise ValueError("claim_window_seconds must be a non-negative integer")
    chain = committed.chain if committed else None
    digest = hashlib.sha256(COMMIT_DOMAIN_V2)
    digest.update(lp(seed))
    digest.update(lp(chain.chain_hash.encode("ascii") if chain else b""))
    digest.update(lp(_number(chain.genesis if chain else None)))
    digest.update(lp(_number(chain.period if chain else None)))
    digest.update(lp(_number(committed.round if committed else None)))
    digest.update(lp(guaranteed_digest.encode("ascii")))
    digest.update(lp(_number(claim_window_seconds)))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class DrawBinding:
    """What a v2 draw binds besides the seed and the entry list."""

    drop_id: str
    title: str
    mode: str
    supply: int
    chain_hash: str | None = None  # None with round None: the drop opted out of the beacon
    round: int | None = None
    randomness: str | None = None  # None: opted out, or drawn without the beacon

    def __post_init__(self) -> None:
        if type(self.supply) is not int or self.supply < 0:
            raise ValueError(f"supply must be a non-negative integer, got {self.supply!r}")
        if (self.chain_hash is None) != (self.round is None):
            raise ValueError("chain_hash and round go together")
        if self.randomness is not None and (
            self.round is None or not _HEX64.fullmatch(self.randomness)
        ):
            raise ValueError("randomness must be 64 lowercase hex characters of a round")


def stream_input_v2(seed: bytes, entry_hash: str, binding: DrawBinding) -> bytes:
    """The v2 SHAKE-256 input for a draw (see the module docstring)."""
    if type(seed) is not bytes or len(seed) != 32:
        raise ValueError("seed must be 32 bytes")
    if type(entry_hash) is not str or not _HEX64.fullmatch(entry_hash):
        raise ValueError("entry_hash must be 64 lowercase hex characters")
    b = binding
    return b"".join(
        [
            STREAM_DOMAIN_V2,
            lp(seed),
            lp(bytes.fromhex(entry_hash)),
            lp(b.drop_id.encode("utf-8")),
            lp(b.title.encode("utf-8")),
            lp(b.mode.encode("utf-8")),
            lp(_number(b.supply)),
            lp(b.chain_hash.encode("ascii") if b.chain_hash else b""),
            lp(_number(b.round)),
            lp(bytes.fromhex(b.randomness) if b.randomness else b""),
        ]
    )
