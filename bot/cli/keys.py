"""`fairdrop keys`: the signing keys codes are signed with."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import click

from bot.cli.shared import CommandRefused, Context, pass_context
from bot.keystore import ENV_KEYRING, save_keyring


@click.group("keys")
def keys() -> None:
    """Signing keys for codes."""


@keys.command("rotate")
@pass_context
def keys_rotate(obj: Context) -> None:
    """Add a new current key; earlier keys keep verifying the codes they signed."""
    if os.environ.get(ENV_KEYRING):
        raise CommandRefused(
            f"the keyring comes from ${ENV_KEYRING}; rotate it where that secret is stored"
        )
    keyring = obj.keyring().rotate(datetime.now(UTC))
    save_keyring(obj.settings.keys.path, keyring, overwrite=True)
    click.echo(f"new current key {keyring.current.kid} ({len(keyring.keys)} keys on the ring)")


@keys.command("show")
@pass_context
def keys_show(obj: Context) -> None:
    """Print the public keys (PASERK k4.public), current last, for partners to verify offline."""
    keyring = obj.keyring()
    for kid, public in keyring.public_paserks():
        marker = "current" if kid == keyring.current.kid else "previous"
        click.echo(f"{public}  # {kid} ({marker})")
