"""The `fairdrop` command line: the group, its commands and `main`.

Each command family lives in its own module and imports only what every command shares
(`bot/cli/shared.py`); this module imports the commands and adds them to the group, so imports
go one way. Every failure is one line on stderr and a non-zero exit, said in one place
(`bot/cli/failures.py`) for every `FairdropError`.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from bot import __version__
from bot.cli import (
    audit,
    db,
    demo,
    doctor,
    init,
    keys,
    lists,
    messages,
    partners,
    report,
    run,
    setup,
    simulate,
    steer,
    tokens,
    verify,
)
from bot.cli.failures import FairdropGroup
from bot.cli.shared import Context
from bot.loop import loop_factory


@click.group(cls=FairdropGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "-c",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: ./fairdrop.toml if present, else embedded defaults).",
)
@click.version_option(__version__, prog_name="fairdrop", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, config: Path | None) -> None:
    """fairdrop: fair, provable microdrops for Twitch chat and Discord.

    Runs on uvloop; set FAIRDROP_LOOP=asyncio for the standard library's event loop.
    """
    loop_factory()  # a bad FAIRDROP_LOOP is one line here (ConfigError), not a traceback later
    ctx.obj = Context(config)


for command in (
    init.init,
    setup.setup,
    doctor.doctor,
    db.db,
    keys.keys,
    verify.verify,
    verify.verify_draw,
    run.run_cmd,
    demo.demo_cmd,
    simulate.simulate_cmd,
    lists.lists_group,
    messages.messages_group,
    partners.partners_group,
    report.report,
    tokens.tokens,
    audit.audit,
    steer.drop,
):
    cli.add_command(command)


def private_umask(current: int) -> int:
    """The umask fairdrop runs with: nothing for group or others, and never looser than the
    operator's own (the database, its WAL, logs, exports and codes.csv hold codes and names)."""
    return current | 0o077


def main() -> None:
    """The `fairdrop` console script: files it creates are private, then the group runs."""
    os.umask(private_umask(os.umask(0o077)))  # files 0600, folders 0700
    cli(prog_name="fairdrop")


if __name__ == "__main__":
    main()
