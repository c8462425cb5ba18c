"""PASETO v4.public tokens and the PASERK strings that name their keys.

Implements only what fairdrop needs: v4.public sign/verify (Ed25519) and the
k4.public / k4.secret / k4.pid PASERK types.

Specs: paseto-standard/paseto-spec docs/01-Protocol-Versions/Version4.md and
Common.md; paseto-standard/paserk types/ and operations/ID.md.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import struct
from collections.abc import Sequence

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

HEADER = "v4.public."
SEED_SIZE = 32
PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64

PASERK_PUBLIC = "k4.public."
PASERK_SECRET = "k4.secret."  # noqa: S105 - a type prefix, not a secret
PASERK_PID = "k4.pid."

_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_PASERK_TYPE = re.compile(r"(k[0-9]{1,2}\.[a-z-]{1,16})\.")
# LE64 clears the most significant bit so languages without unsigned 64-bit
# integers produce the same bytes (Common.md, "PAE Definition").
_LE64_MASK = (1 << 63) - 1


class TokenError(ValueError):
    """A token is malformed, forged, or does not match what the caller expected."""


class PaserkError(ValueError):
    """A PASERK string is not the expected type, or its key data is damaged."""


def pae(pieces: Sequence[bytes]) -> bytes:
    """Pre-authentication encoding: count, then each piece prefixed by its LE64 length.

    Unambiguous for any list of byte strings, so no two different lists encode alike.
    """
    out = [_le64(len(pieces))]
    for piece in pieces:
        out.append(_le64(len(piece)))
        out.append(bytes(piece))
    return b"".join(out)


def sign(secret_key_seed: bytes, message: bytes, footer: bytes = b"", implicit: bytes = b"") -> str:
    """Return a v4.public token carrying `message` signed with the Ed25519 key from the seed.

    The footer is authenticated and sent in the clear; the implicit assertion is
    authenticated but not sent, so the verifier must supply the same bytes. The
    result is deterministic: same inputs, same token.
    """
    if len(secret_key_seed) != SEED_SIZE:
        raise ValueError(f"Ed25519 seed must be {SEED_SIZE} bytes, got {len(secret_key_seed)}")
    m2 = pae([HEADER.encode("ascii"), message, footer, implicit])
    signature = SigningKey(secret_key_seed).sign(m2).signature
    token = HEADER + _b64encode(message + signature)
    if footer:
        token += "." + _b64encode(footer)
    return token


def verify(
    public_key: bytes,
    token: str,
    implicit: bytes = b"",
    expected_footer: bytes | None = None,
) -> bytes:
    """Return the message of a v4.public token whose signature checks out under `public_key`.

    If `expected_footer` is given, the token's footer must equal it. Raises
    TokenError for a wrong header, bad base64url, a short payload, a footer
    mismatch or a bad signature; ValueError if `public_key` is not 32 bytes.
    """
    if len(public_key) != PUBLIC_KEY_SIZE:
        raise ValueError(f"Ed25519 public key must be {PUBLIC_KEY_SIZE} bytes")
    body, footer = _split(token)
    if expected_footer is not None and not hmac.compare_digest(footer, expected_footer):
        raise TokenError("token footer does not match the expected footer")
    payload = _b64decode(body, "payload")
    if len(payload) < SIGNATURE_SIZE:
        raise TokenError("token payload is too short to hold a signature")
    message, signature = payload[:-SIGNATURE_SIZE], payload[-SIGNATURE_SIZE:]
    m2 = pae([HEADER.encode("ascii"), message, footer, implicit])
    try:
        VerifyKey(public_key).verify(m2, signature)
    except BadSignatureError:
        raise TokenError("token signature is not valid") from None
    return message


def footer_of(token: str) -> bytes:
    """Return the footer of a v4.public token (b"" if none) WITHOUT checking the signature.

    Only for choosing which key to verify with; never trust its contents
    before `verify` succeeds. Raises TokenError if the token is malformed.
    """
    return _split(token)[1]


def public_key_for(seed: bytes) -> bytes:
    """Return the 32-byte Ed25519 public key belonging to a 32-byte seed."""
    if len(seed) != SEED_SIZE:
        raise ValueError(f"Ed25519 seed must be {SEED_SIZE} bytes, got {len(seed)}")
    return bytes(SigningKey(seed).verify_key)


def paserk_public(pk: bytes) -> str:
    """Return the k4.public PASERK of a 32-byte Ed25519 public key."""
    if len(pk) != PUBLIC_KEY_SIZE:
        raise PaserkError(f"Ed25519 public key must be {PUBLIC_KEY_SIZE} bytes, got {len(pk)}")
    return PASERK_PUBLIC + _b64encode(pk)


def paserk_secret(seed: bytes) -> str:
    """Return the k4.secret PASERK of a seed: base64url of the 64-byte secret key seed||pk."""
    return PASERK_SECRET + _b64encode(seed + public_key_for(seed))


def paserk_pid(pk: bytes) -> str:
    """Return the k4.pid key id of a public key: BLAKE2b-264 of "k4.pid." || its k4.public."""
    data = (PASERK_PID + paserk_public(pk)).encode("ascii")
    return PASERK_PID + _b64encode(hashlib.blake2b(data, digest_size=33).digest())


def public_key_from_paserk(paserk: str) -> bytes:
    """Return the 32-byte public key in a k4.public PASERK; PaserkError says what is wrong."""
    data = _paserk_data(paserk, PASERK_PUBLIC)
    if len(data) != PUBLIC_KEY_SIZE:
        raise PaserkError(f"k4.public key must be {PUBLIC_KEY_SIZE} bytes, got {len(data)}")
    return data


def seed_from_paserk(paserk: str) -> bytes:
    """Return the 32-byte seed in a k4.secret PASERK; PaserkError says what is wrong.

    The public half stored alongside the seed must match it, which catches
    damaged key files before they sign anything.
    """
    data = _paserk_data(paserk, PASERK_SECRET)
    if len(data) != SEED_SIZE + PUBLIC_KEY_SIZE:
        raise PaserkError(
            f"k4.secret key must be {SEED_SIZE + PUBLIC_KEY_SIZE} bytes, got {len(data)}"
        )
    seed, pk = data[:SEED_SIZE], data[SEED_SIZE:]
    if not hmac.compare_digest(public_key_for(seed), pk):
        raise PaserkError("k4.secret key is damaged: its public half does not match its seed")
    return seed


def _le64(n: int) -> bytes:
    return struct.pack("<Q", n & _LE64_MASK)


def _split(token: str) -> tuple[str, bytes]:
    """Split a token into its base64url payload and its decoded footer."""
    if not isinstance(token, str):
        raise TokenError("token must be a string")
    if not token.startswith(HEADER):
        raise TokenError(f"token does not start with {HEADER!r}")
    parts = token[len(HEADER) :].split(".")
    if len(parts) == 1:
        return parts[0], b""
    if len(parts) == 2:
        # An empty footer is written as no footer at all, so "payload." is not a
        # token anyone produced; refusing it keeps one encoding per token.
        if not parts[1]:
            raise TokenError("token has an empty footer segment")
        return parts[0], _b64decode(parts[1], "footer")
    raise TokenError("token has too many '.'-separated segments")


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str, what: str) -> bytes:
    """Strict unpadded base64url, as Common.md requires for every token segment."""
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise TokenError(f"token {what} is not unpadded base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error:
        raise TokenError(f"token {what} is not unpadded base64url") from None
    # Re-encoding catches non-zero trailing bits, which would otherwise let one
    # token be written several ways.
    if _b64encode(data) != text:
        raise TokenError(f"token {what} has non-canonical base64url (trailing bits set)")
    return data


def _paserk_data(paserk: str, prefix: str) -> bytes:
    if not isinstance(paserk, str):
        raise PaserkError("PASERK must be a string")
    if not paserk.startswith(prefix):
        # Name only the type we found: echoing the text could leak key material.
        found = _PASERK_TYPE.match(paserk)
        got = f"a {found.group(1)} PASERK" if found else "something that is not a PASERK"
        raise PaserkError(f"expected a {prefix.rstrip('.')} PASERK, got {got}")
    try:
        return _b64decode(paserk[len(prefix) :], "key data")
    except TokenError:
        raise PaserkError(f"{prefix.rstrip('.')} key data is not unpadded base64url") from None
