"""`fairdrop drop pause|resume|extend|disqualify`: the operator steers a drop under way from the
terminal, through the same use cases as moderators in chat and Discord (`DropService.steering`),
each kept in the audit log as done by "operator" from the CLI.

The change is stored, and announced through the outbox, which the running bot delivers; its
scheduler plans a moved close from the stored time at its next replan.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import click

from bot.bootstrap import Runtime, open_runtime
from bot.cli.shared import Context, current_engine, pass_context
from bot.drops.audit import Act, Actor, disqualified_result
from bot.drops.disqualify import WinnerRef
from bot.drops.model import Drop
from bot.kernel.durations import parse_duration
from bot.loop import run_on_loop

DEFAULT_CHANNEL = "default"
OPERATOR = Actor("cli:operator", "operator")  # who the audit log names for the terminal

Work = Callable[[Runtime, Act], Awaitable[str]]
channel_option = click.option(
    "--channel", default=DEFAULT_CHANNEL, show_default=True, help="The community."
)


@click.group("drop")
def drop() -> None:
    """Steer a drop under way: pause, resume, extend, disqualify."""


@drop.command("pause")
@click.argument("name", required=False)
@channel_option
@pass_context
def pause(obj: Context, name: str | None, channel: str) -> None:
    """Pause a drop's entries (NAME, else the running one); the time left is kept."""
    _pause_or_resume(obj, name, channel, resume=False)


@drop.command("resume")
@click.argument("name", required=False)
@channel_option
@pass_context
def resume(obj: Context, name: str | None, channel: str) -> None:
    """Take entries again, with the time left when the drop was paused."""
    _pause_or_resume(obj, name, channel, resume=True)


def _pause_or_resume(obj: Context, name: str | None, channel: str, *, resume: bool) -> None:
    action = "resume" if resume else "pause"

    async def work(runtime: Runtime, act: Act) -> str:
        steering = runtime.service.steering
        change = steering.resume if resume else steering.pause
        return _did(act, await change(channel, OPERATOR.name, name))

    _steer(obj, action, channel, name or "", " ".join(filter(None, [action, name])), work)


@drop.command("extend")
@click.argument("by")
@click.argument("name", required=False)
@channel_option
@pass_context
def extend(obj: Context, by: str, name: str | None, channel: str) -> None:
    """Move a drop's close by BY (5m later; -5m earlier)."""
    sign = -1 if by.startswith("-") else 1
    span = parse_duration(by.lstrip("+-")) * sign  # InvalidSpec: one line

    async def work(runtime: Runtime, act: Act) -> str:
        moved = await runtime.service.steering.extend(channel, span, OPERATOR.name, name)
        return _did(act, moved)

    _steer(obj, "extend", channel, name or "", " ".join(filter(None, ["extend", by, name])), work)


@drop.command("disqualify")
@click.argument("winner")
@click.option("--reason", default="", help="Why (published in the drop's transcript).")
@click.option("--drop", "name", help="The drop (default: the running or newest one).")
@channel_option
@pass_context
def disqualify(obj: Context, winner: str, reason: str, name: str | None, channel: str) -> None:
    """Take WINNER's unit away now (twitch:<id>, discord:<id> or a Twitch login); it passes
    to the next entrant in line."""
    ref = WinnerRef(account=winner) if ":" in winner else WinnerRef(name=winner.lstrip("@"))

    async def work(runtime: Runtime, act: Act) -> str:
        done = await runtime.service.steering.disqualify(
            channel, ref, OPERATOR.name, reason[:200], name
        )
        act.done(disqualified_result(done.serial, done.disqualified))
        passed = f"passes to {done.passed_to}" if done.passed_to else "has nobody left in line"
        return f"{done.disqualified} is disqualified; unit #{done.serial} {passed}"

    asked = " ".join(filter(None, ["disqualify", winner, reason]))
    _steer(obj, "disqualify", channel, name or "", asked, work)


def _did(act: Act, drop: Drop) -> str:
    said = drop.changes[-1].what
    act.done(said, drop_id=drop.id, drop_name=drop.name)
    return f"drop {drop.name}: {said}"


def _steer(obj: Context, action: str, channel: str, name: str, asked: str, work: Work) -> None:
    """Run `work` on the runtime under an audit-log entry; print what it did in one line."""
    settings = obj.settings
    current_engine(settings).dispose()  # the database must exist at the newest schema
    keyring = obj.keyring()

    async def steer() -> str:
        async with open_runtime(settings, keyring) as runtime:
            audit = runtime.service.book.audit
            async with audit.action(OPERATOR, action, channel, asked, drop_name=name) as act:
                return await work(runtime, act)

    click.echo(run_on_loop(steer()))
