"""`fairdrop run`: the bot itself, until a stop signal."""

from __future__ import annotations

import asyncio
import signal

import click

from bot.cli.shared import Context, pass_context
from bot.loop import run_on_loop


@click.command("run")
@pass_context
def run_cmd(obj: Context) -> None:
    """Run fairdrop: the Twitch bot (when [twitch] enabled), the outbound chat sender and the
    clock that moves drops along, until SIGINT or SIGTERM."""
    from bot.run import run  # the platforms load only for the command that runs them

    settings, keyring = obj.settings, obj.keyring()

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run(settings, keyring, stop=stop)

    run_on_loop(main())  # its failures become one line in FairdropGroup
