"""The keyring on disk: written with mode 0600, refused if others can read it.

The keyring may also come from the environment (FAIRDROP_KEYRING holds the JSON), for hosts
where secrets are injected rather than stored as files.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bot.drops.keyring import Keyring, KeyringError, PublicKeyring
from bot.kernel.errors import FairdropError

ENV_KEYRING = "FAIRDROP_KEYRING"


class KeystoreError(FairdropError):
    """The keyring cannot be loaded or saved; one line saying what to do."""


def load_keyring(path: Path, env: dict[str, str] | None = None) -> Keyring:
    env = dict(os.environ) if env is None else env
    if text := env.get(ENV_KEYRING):
        try:
            return Keyring.from_json(text)
        except KeyringError as error:
            raise KeystoreError(f"${ENV_KEYRING}: {error}") from None
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise KeystoreError(
            f"{path}: no signing keys yet (create them with `fairdrop init`)"
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeystoreError(
            f"{path}: others can read the signing keys (mode {stat.S_IMODE(mode):o}); "
            f"run `chmod 600 {path}`"
        )
    try:
        return Keyring.from_json(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise KeystoreError(f"{path}: not a keyring (not UTF-8 text)") from None
    except KeyringError as error:
        raise KeystoreError(f"{path}: {error}") from None


def save_keyring(path: Path, keyring: Keyring, *, overwrite: bool) -> None:
    """Write atomically with mode 0600; refuse to replace an existing file unless `overwrite`.

    A symlinked keyring (to a secrets mount, say) stays a symlink: its target is replaced.
    """
    if path.exists() and not overwrite:
        raise KeystoreError(f"{path} already exists; pass --force to replace it")
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(keyring.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def load_public_keys(path: Path) -> PublicKeyring:
    """Public keys from a file of `k4.public.` lines (what `fairdrop keys show` prints)."""
    try:
        lines = path.read_text(encoding="utf-8").split()
    except UnicodeDecodeError:
        raise KeystoreError(f"{path}: not a list of public keys (not UTF-8 text)") from None
    except OSError as error:
        raise KeystoreError(f"{path}: cannot read: {error.strerror}") from None
    paserks = [word for word in lines if word.startswith("k4.public.")]
    if not paserks:
        raise KeystoreError(f"{path}: no k4.public keys found")
    try:
        return PublicKeyring.from_paserks(paserks)
    except (KeyringError, ValueError) as error:
        raise KeystoreError(f"{path}: {error}") from None
