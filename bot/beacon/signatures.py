"""BLS signature checks of drand rounds, with the `drand-verify` library (a compiled wheel).

Only the chain's public key pinned in fairdrop (``bot.drops.beacon.QUICKNET``) is ever used: a
mirror can hand out a round, never the key it is checked against.
"""

from __future__ import annotations

import importlib
from typing import Any

from bot.drops.beacon import Chain

__all__ = ["MISSING", "check_signature", "verifier_available"]

MISSING = (
    "the drand round's signature cannot be checked: drand-verify is not installed "
    "(pip install drand-verify)"
)


def _library() -> Any | None:
    try:
        return importlib.import_module("drand_verify")
    except ImportError:
        return None


def verifier_available() -> bool:
    """Whether drand-verify can be imported here."""
    return _library() is not None


def check_signature(chain: Chain, round_number: int, signature: str) -> str:
    """Verify ``signature`` (hex) of ``round_number`` against ``chain``'s pinned public key
    (scheme bls-unchained-g1-rfc9380, quicknet's); return the round's randomness (hex).

    Raises ValueError for a wrong round or signature, RuntimeError if drand-verify is missing.
    """
    library = _library()
    if library is None:
        raise RuntimeError(MISSING)
    try:
        randomness = library.verify_bls_unchained_g1_rfc9380(
            round_number, signature, chain.public_key
        )
    except (ValueError, TypeError) as error:
        raise ValueError(f"round {round_number}: signature does not verify ({error})") from None
    return str(randomness)
