"""`fairdrop run`: the bot itself, until a stop signal."""

from __future__ import annotations

import asyncio
import signal

import click

from bot.cli.shared import Context, pass_context
from bot.config import Settings, load_settings
from bot.loop import run_on_loop


@click.command("run")
@pass_context
def run_cmd(obj: Context) -> None:
    """Run fairdrop: the Twitch bot (when [twitch] enabled), the outbound chat sender and the
    clock that moves drops along, until SIGINT or SIGTERM. SIGHUP reloads the message
    overrides and the Discord servers of the config (a server added by `fairdrop setup` is
    served without a restart)."""
    from bot.run import run  # the platforms load only for the command that runs them

    settings, keyring, folder = obj.settings, obj.keyring(), obj.messages_folder

    def reread() -> Settings:
        return load_settings(obj.config_path)

    async def main() -> None:
        stop, hangup = asyncio.Event(), asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        # SIGHUP: read the message overrides and the config again, without a restart.
        loop.add_signal_handler(signal.SIGHUP, hangup.set)
        await run(settings, keyring, stop=stop, messages=folder, hangup=hangup, reread=reread)

    run_on_loop(main())  # its failures become one line in FairdropGroup
