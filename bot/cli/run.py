"""`fairdrop run`: the bot itself, until a stop signal."""

from __future__ import annotations

import asyncio
import signal

import click

from bot.cli.shared import Context, pass_context
from bot.loop import run_on_loop
from bot.messages import live


@click.command("run")
@pass_context
def run_cmd(obj: Context) -> None:
    """Run fairdrop: the Twitch bot (when [twitch] enabled), the outbound chat sender and the
    clock that moves drops along, until SIGINT or SIGTERM. SIGHUP reloads the message
    overrides."""
    from bot.run import run  # the platforms load only for the command that runs them

    settings, keyring, folder = obj.settings, obj.keyring(), obj.messages_folder

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        # SIGHUP: read the message overrides again, without a restart.
        speech = settings.messages
        loop.add_signal_handler(
            signal.SIGHUP, live.reload, folder, speech.languages, speech.language
        )
        await run(settings, keyring, stop=stop, messages=folder)

    run_on_loop(main())  # its failures become one line in FairdropGroup
