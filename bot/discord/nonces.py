"""Message nonces: how a retried create is recognised by Discord instead of posted twice.

Discord's message create takes a `nonce` (at most 25 characters) and, with
`enforce_nonce: true` (discord.py 2.7 sends it with every nonce), returns the message already
created by the same author with the same nonce in the last few minutes instead of a new one.
So each message fairdrop creates gets a nonce derived from what it is (the outbox row, the
channel, the part; or the drop and the guild for a drop's post), never a random one.
"""

from __future__ import annotations

import hashlib

NONCE_LENGTH = 25  # Discord's limit


def nonce(*parts: object) -> str:
    """The nonce of the message that `parts` name: the same parts, the same nonce."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return digest[:NONCE_LENGTH]
