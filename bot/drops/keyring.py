"""Ed25519 signing keys for entitlement codes, with rotation.

The newest key signs; every key still in the ring verifies, so codes issued
before a rotation stay valid. Keys are named by their PASERK k4.pid, which is
also what a token's footer carries. No file I/O here: the caller owns the
file (and must write it with mode 0600, since it holds secret keys).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.drops import paseto
from bot.kernel.errors import FairdropError

RandomBytes = Callable[[int], bytes]

KEYRING_FORMAT = "fairdrop-keyring"
KEYRING_VERSION = 1


class KeyringError(FairdropError, ValueError):
    """A keyring is unusable; the message names what is wrong in one line."""


@dataclass(frozen=True)
class SigningKey:
    """One Ed25519 signing key. `kid` is the k4.pid of its public key."""

    kid: str
    # Kept out of repr so a logged key never shows its secret.
    seed: bytes = field(repr=False)
    created_at: datetime

    def __post_init__(self) -> None:
        if len(self.seed) != paseto.SEED_SIZE:
            raise ValueError(f"signing key seed must be {paseto.SEED_SIZE} bytes")
        if self.created_at.tzinfo is None:
            raise ValueError("created_at must be timezone-aware")
        if self.kid != paseto.paserk_pid(self.public_key):
            raise ValueError("kid is not the k4.pid of this key's public key")

    @property
    def public_key(self) -> bytes:
        """The 32-byte Ed25519 public key."""
        return paseto.public_key_for(self.seed)

    @classmethod
    def from_seed(cls, seed: bytes, created_at: datetime) -> SigningKey:
        """Build the key for a known seed, computing its kid."""
        return cls(paseto.paserk_pid(paseto.public_key_for(seed)), seed, created_at)

    @classmethod
    def generate(cls, now: datetime, random_bytes: RandomBytes = os.urandom) -> SigningKey:
        """Make a new key from 32 bytes of `random_bytes` (injectable so tests are repeatable)."""
        seed = random_bytes(paseto.SEED_SIZE)
        if len(seed) != paseto.SEED_SIZE:
            raise ValueError(f"random_bytes returned {len(seed)} bytes, need {paseto.SEED_SIZE}")
        return cls.from_seed(seed, now)


@dataclass(frozen=True)
class Keyring:
    """Signing keys, oldest first; the last one is current and signs new codes."""

    keys: tuple[SigningKey, ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise ValueError("a keyring needs at least one key")
        kids = [key.kid for key in self.keys]
        if len(set(kids)) != len(kids):
            raise ValueError("a keyring must not hold the same key twice")

    @classmethod
    def new(cls, now: datetime, random_bytes: RandomBytes = os.urandom) -> Keyring:
        """A keyring with one freshly generated key."""
        return cls((SigningKey.generate(now, random_bytes),))

    @property
    def current(self) -> SigningKey:
        """The key that signs new codes (the newest)."""
        return self.keys[-1]

    def rotate(self, now: datetime, random_bytes: RandomBytes = os.urandom) -> Keyring:
        """Return a keyring whose current key is new; previous keys are kept for verifying."""
        return Keyring((*self.keys, SigningKey.generate(now, random_bytes)))

    def find(self, kid: str) -> SigningKey | None:
        """The key with this kid, or None."""
        for key in self.keys:
            if key.kid == kid:
                return key
        return None

    def verify_key(self, kid: str) -> bytes | None:
        """The public key to verify tokens from `kid`, or None if the kid is unknown."""
        key = self.find(kid)
        return None if key is None else key.public_key

    def public_paserks(self) -> list[tuple[str, str]]:
        """(kid, k4.public) for every key, oldest first: what to publish for offline checks."""
        return [(key.kid, paseto.paserk_public(key.public_key)) for key in self.keys]

    def public(self) -> PublicKeyring:
        """The same keys without their secrets."""
        return PublicKeyring.from_paserks(paserk for _, paserk in self.public_paserks())

    def to_json(self) -> str:
        """Serialize, secrets included (as k4.secret PASERKs). Store with mode 0600."""
        document = {
            "format": KEYRING_FORMAT,
            "version": KEYRING_VERSION,
            "keys": [
                {
                    "kid": key.kid,
                    "created_at": key.created_at.isoformat(),
                    "secret": paseto.paserk_secret(key.seed),
                }
                for key in self.keys
            ],
        }
        return json.dumps(document, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Keyring:
        """Parse `to_json` output; KeyringError names what is wrong in a damaged file."""
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise KeyringError(
                f"keyring is not valid JSON (line {exc.lineno}, column {exc.colno})"
            ) from None
        except RecursionError:
            raise KeyringError("keyring is not valid JSON (nested too deeply)") from None
        if not isinstance(document, dict):
            raise KeyringError("keyring must be a JSON object")
        if document.get("format") != KEYRING_FORMAT:
            raise KeyringError(f"keyring 'format' must be {KEYRING_FORMAT!r}")
        if document.get("version") != KEYRING_VERSION:
            raise KeyringError(f"keyring 'version' must be {KEYRING_VERSION}")
        entries = document.get("keys")
        if not isinstance(entries, list) or not entries:
            raise KeyringError("keyring 'keys' must be a non-empty list")
        keys = tuple(_key_from_entry(entry, f"keys[{i}]") for i, entry in enumerate(entries))
        seen: set[str] = set()
        for i, key in enumerate(keys):
            if key.kid in seen:
                raise KeyringError(f"keyring keys[{i}] repeats an earlier key")
            seen.add(key.kid)
        return cls(keys)


@dataclass(frozen=True)
class PublicKeyring:
    """Public keys by kid: verifies codes offline, cannot sign."""

    public_keys: tuple[tuple[str, bytes], ...]

    def __post_init__(self) -> None:
        if not self.public_keys:
            raise ValueError("a public keyring needs at least one key")
        for kid, pk in self.public_keys:
            if kid != paseto.paserk_pid(pk):
                raise ValueError("kid is not the k4.pid of its public key")

    @classmethod
    def from_paserks(cls, paserks: Iterable[str]) -> PublicKeyring:
        """Build from k4.public PASERKs; PaserkError (a ValueError) names a bad one."""
        pairs: dict[str, bytes] = {}
        for paserk in paserks:
            pk = paseto.public_key_from_paserk(paserk)
            pairs[paseto.paserk_pid(pk)] = pk
        return cls(tuple(pairs.items()))

    def verify_key(self, kid: str) -> bytes | None:
        """The public key to verify tokens from `kid`, or None if the kid is unknown."""
        for known, pk in self.public_keys:
            if known == kid:
                return pk
        return None

    def to_paserks(self) -> list[str]:
        """The k4.public PASERK of every key, in order."""
        return [paseto.paserk_public(pk) for _, pk in self.public_keys]


def _key_from_entry(entry: Any, where: str) -> SigningKey:
    if not isinstance(entry, dict):
        raise KeyringError(f"keyring {where} must be a JSON object")
    kid, created, secret = entry.get("kid"), entry.get("created_at"), entry.get("secret")
    if not isinstance(kid, str):
        raise KeyringError(f"keyring {where}.kid must be a string")
    if not isinstance(secret, str):
        raise KeyringError(f"keyring {where}.secret must be a string")
    if not isinstance(created, str):
        raise KeyringError(f"keyring {where}.created_at must be a string")
    try:
        created_at = datetime.fromisoformat(created)
    except ValueError:
        raise KeyringError(f"keyring {where}.created_at is not an ISO 8601 time") from None
    if created_at.tzinfo is None:
        raise KeyringError(f"keyring {where}.created_at has no timezone")
    try:
        seed = paseto.seed_from_paserk(secret)
    except paseto.PaserkError as exc:
        raise KeyringError(f"keyring {where}.secret: {exc}") from None
    key = SigningKey.from_seed(seed, created_at)
    if key.kid != kid:
        raise KeyringError(f"keyring {where}.kid does not match its secret key")
    return key
