"""Pseudonymous holder ids: what tokens and transcripts say instead of a platform account."""

from __future__ import annotations

import base64
import hashlib
import hmac


def pseudonym(salt_hex: str, identity: str) -> str:
    """A stable 16-character id for `identity` within one drop (the salt is per drop).

    Keyed with the drop's salt so transcripts can be published without naming accounts and one
    person cannot be followed from drop to drop; the person sees their own id on the claim page.
    """
    digest = hmac.new(bytes.fromhex(salt_hex), identity.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()
