"""Issuing and revealing the code for an allocation.

A code is issued once per allocation. Nothing secret is stored: the token is re-signed from the
stored claims (Ed25519 is deterministic, so it is byte-identical) and the short code is
re-derived from the stored code id, so re-delivery always shows the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.drops import shortcode
from bot.drops.codes import CodeClaims, issue_token, short_code_secret
from bot.drops.holders import pseudonym
from bot.drops.keyring import Keyring
from bot.drops.model import Allocation, CodeRecord, Drop
from bot.kernel.entropy import RandomBytes
from bot.kernel.errors import DropError


@dataclass(frozen=True, slots=True)
class DeliveredCode:
    """Both forms of one entitlement, for private delivery only."""

    drop_id: int
    serial: int
    holder: str
    short_code: str  # formatted for typing, with its check symbol
    token: str  # PASETO v4.public, for links and QR codes
    expires_at: datetime


class CodeIssuer:
    """Issues code records with the keyring's current key.

    Made once per transaction: the key's short-code secret is derived once, not per code, which
    matters when a draw issues thousands of codes at once.
    """

    def __init__(self, keyring: Keyring, random_bytes: RandomBytes) -> None:
        self.key = keyring.current
        self.secret = short_code_secret(self.key)
        self.random_bytes = random_bytes

    def issue(
        self, drop: Drop, allocation: Allocation, now: datetime, holder: str | None = None
    ) -> CodeRecord:
        """The stored record of a new code for `allocation` (which must be stored already)."""
        assert allocation.id is not None, "allocation must be stored before its code is issued"
        code_id = self.random_bytes(16)
        selector, verifier_hash = shortcode.stored_form(self.secret, code_id)
        return CodeRecord(
            allocation_id=allocation.id,
            drop_id=drop.id,
            serial=allocation.serial,
            holder=holder or pseudonym(drop.pseudonym_salt, allocation.identity),
            code_id=code_id.hex(),
            kid=self.key.kid,
            selector=selector,
            verifier_hash=verifier_hash,
            issued_at=now,
            expires_at=now + drop.spec.code_ttl,
        )


def reveal(keyring: Keyring, record: CodeRecord) -> DeliveredCode:
    """Recompute the token and short code of a stored code record."""
    key = keyring.find(record.kid)
    if key is None:
        raise DropError("refusal-signing-key-gone", key=str(record.kid))
    code16 = shortcode.derive_short_code(short_code_secret(key), bytes.fromhex(record.code_id))
    token = issue_token(
        key,
        CodeClaims(
            drop=str(record.drop_id),
            serial=record.serial,
            holder=record.holder,
            code_id=record.code_id,
            issued_at=record.issued_at,
            expires_at=record.expires_at,
        ),
    )
    return DeliveredCode(
        drop_id=record.drop_id,
        serial=record.serial,
        holder=record.holder,
        short_code=shortcode.format_code(code16),
        token=token,
        expires_at=record.expires_at,
    )
