"""`fairdrop init`: a starter config and a new signing keyring."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from bot.cli.shared import CommandRefused, create_keyring
from bot.config import EXAMPLE_CONFIG, Settings


@click.command("init")
@click.option("--force", is_flag=True, help="Replace an existing config file and keyring.")
@click.option(
    "--config-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("fairdrop.toml"),
    show_default=True,
    help="Where to write the starter config.",
)
def init(force: bool, config_out: Path) -> None:
    """Write a starter config and a new signing keyring (mode 0600)."""
    # The starter config is the example, so its keyring lives where the defaults say.
    keys_path = Settings().keys.path
    for path in (config_out, keys_path):
        if path.exists() and not force:
            raise CommandRefused(f"{path} already exists; pass --force to replace it")
    create_keyring(keys_path, datetime.now(UTC), overwrite=force)
    config_out.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    click.echo(f"wrote {config_out} (edit it, then run `fairdrop db upgrade`)")
    click.echo(f"wrote {keys_path} (mode 0600; back it up, never commit it)")
