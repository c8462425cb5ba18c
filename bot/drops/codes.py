"""Entitlement codes: one entitlement, two forms.

The long form is a PASETO v4.public token anyone can verify offline with the
published public keys. The short form is a 16-symbol code derived from the
same signing key and code id, for typing into chat (see shortcode.py).
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.drops import paseto, shortcode
from bot.drops.keyring import Keyring, PublicKeyring, SigningKey

_CLAIM_NAMES = frozenset({"drop", "serial", "sub", "jti", "iat", "exp"})
_CODE_ID = re.compile(r"[0-9a-f]{32}")
_SHORT_CODE_SECRET_LABEL = b"fairdrop/v1/short-code-secret"
# Honest tokens are a few hundred characters and their footer is one kid;
# the caps bound the work spent on hostile input before the signature check.
_MAX_TOKEN = 4096
_MAX_FOOTER = 256


class TokenStatus(enum.Enum):
    """Outcome of checking a token."""

    VALID = "valid"
    EXPIRED = "expired"
    # Covers anything we did not sign: bad format, unknown kid, bad signature,
    # bad claims. The user-facing answer is the same for all of them.
    FORGED = "forged"


@dataclass(frozen=True)
class CodeClaims:
    """What an entitlement code says.

    Times are normalized to UTC whole seconds, as the token carries them, so
    claims read back from a token equal the claims it was issued from.
    """

    drop: str
    serial: int
    holder: str  # pseudonymous id, the token's `sub`
    code_id: str  # hex of the 16-byte code id, the token's `jti`
    issued_at: datetime
    expires_at: datetime

    def __post_init__(self) -> None:
        if not self.drop or not self.holder:
            raise ValueError("drop and holder must be non-empty")
        if isinstance(self.serial, bool) or not isinstance(self.serial, int) or self.serial < 0:
            raise ValueError("serial must be a non-negative integer")
        if not _CODE_ID.fullmatch(self.code_id):
            raise ValueError("code_id must be 32 lowercase hex characters (16 bytes)")
        for name in ("issued_at", "expires_at"):
            value: datetime = getattr(self, name)
            if value.tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware")
            object.__setattr__(self, name, value.astimezone(UTC).replace(microsecond=0))
        if self.expires_at <= self.issued_at:
            raise ValueError("expires_at must be after issued_at")


@dataclass(frozen=True)
class TokenCheck:
    """Result of `check_token`: claims are set unless the token is FORGED."""

    status: TokenStatus
    claims: CodeClaims | None
    reason: str  # one line, fit to show the user


def new_code_id(random_bytes: Callable[[int], bytes] = os.urandom) -> str:
    """A fresh random code id, as the hex string CodeClaims expects."""
    raw = random_bytes(shortcode.CODE_ID_SIZE)
    if len(raw) != shortcode.CODE_ID_SIZE:
        raise ValueError(f"random_bytes returned {len(raw)} bytes, need {shortcode.CODE_ID_SIZE}")
    return raw.hex()


def issue_token(key: SigningKey, claims: CodeClaims) -> str:
    """Sign `claims` as a v4.public token whose footer names the key.

    Deterministic: the same key and claims give the identical token, so
    re-delivery re-signs instead of storing tokens.
    """
    message = {
        "drop": claims.drop,
        "serial": claims.serial,
        "sub": claims.holder,
        "jti": claims.code_id,
        "iat": _format_time(claims.issued_at),
        "exp": _format_time(claims.expires_at),
    }
    return paseto.sign(key.seed, _canonical_json(message), _canonical_json({"kid": key.kid}))


def check_token(token: str, keys: Keyring | PublicKeyring, now: datetime) -> TokenCheck:
    """Say whether a token is a valid, expired or forged code; never raises on hostile input.

    `now` must be timezone-aware (ValueError otherwise: that is a caller bug).
    A token is expired from its `exp` instant on.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if not isinstance(token, str):
        return _forged("that is not a fairdrop code")
    token = token.strip()
    if len(token) > _MAX_TOKEN:
        return _forged("that is not a fairdrop code (too long)")
    try:
        footer = paseto.footer_of(token)
    except paseto.TokenError:
        return _forged("that is not a fairdrop code")
    kid = _kid_from_footer(footer)
    if kid is None:
        return _forged("that is not a fairdrop code (no key id)")
    public_key = keys.verify_key(kid)
    if public_key is None:
        return _forged("this code was signed by a key we do not know")
    try:
        message = paseto.verify(public_key, token, expected_footer=footer)
    except paseto.TokenError:
        return _forged("this code's signature does not match; it was altered or forged")
    claims = _claims_from_message(message)
    if claims is None:
        return _forged("this code is signed but its contents are not a fairdrop entitlement")
    if now >= claims.expires_at:
        return TokenCheck(
            TokenStatus.EXPIRED, claims, f"this code expired at {_format_time(claims.expires_at)}"
        )
    return TokenCheck(TokenStatus.VALID, claims, f"valid code #{claims.serial} for {claims.drop}")


def short_code_secret(key: SigningKey) -> bytes:
    """The secret for deriving short codes, domain-separated from the key's signing seed."""
    return hmac.new(key.seed, _SHORT_CODE_SECRET_LABEL, hashlib.sha256).digest()


def short_code(key: SigningKey, claims: CodeClaims) -> str:
    """The canonical 16-symbol short code of these claims under the key that signs them."""
    return shortcode.derive_short_code(short_code_secret(key), bytes.fromhex(claims.code_id))


def _forged(reason: str) -> TokenCheck:
    return TokenCheck(TokenStatus.FORGED, None, reason)


def _canonical_json(value: dict[str, Any]) -> bytes:
    # Fixed key order and separators: the token must be byte-identical on re-signing.
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _format_time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _kid_from_footer(footer: bytes) -> str | None:
    if not footer or len(footer) > _MAX_FOOTER:
        return None
    document = _loads(footer)
    if not isinstance(document, dict) or set(document) != {"kid"}:
        return None
    kid = document["kid"]
    return kid if isinstance(kid, str) else None


def _claims_from_message(message: bytes) -> CodeClaims | None:
    """Claims from a verified message, or None if they are not exactly ours."""
    document = _loads(message)
    if not isinstance(document, dict) or set(document) != _CLAIM_NAMES:
        return None
    drop, serial, sub, jti = document["drop"], document["serial"], document["sub"], document["jti"]
    if not (isinstance(drop, str) and isinstance(sub, str) and isinstance(jti, str)):
        return None
    if isinstance(serial, bool) or not isinstance(serial, int):
        return None
    issued_at, expires_at = _parse_time(document["iat"]), _parse_time(document["exp"])
    if issued_at is None or expires_at is None:
        return None
    try:
        return CodeClaims(drop, serial, sub, jti, issued_at, expires_at)
    except (ValueError, OverflowError):
        return None


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _loads(data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
