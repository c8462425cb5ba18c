"""`fairdrop messages`: the message catalog and a community's overrides of it.

`list` shows every message id with its variables, `show ID` the English default as it would be
written in an override file, `check` every problem of the overrides beside the config, one line
each (exit status 1 if there is any).
"""

from __future__ import annotations

import click
from fluent.syntax import ast as ftl
from fluent.syntax import serialize

from bot.cli.shared import CommandRefused, Context, pass_context
from bot.messages.catalog import shipped_catalog
from bot.messages.check import check_folder, variables_of
from bot.messages.variables import VARIABLES


@click.group("messages")
def messages_group() -> None:
    """What fairdrop says, and each community's own words for it (see [messages] overrides)."""


@messages_group.command("list")
def list_messages() -> None:
    """Every message id and the variables it is given."""
    for message_id, message in sorted(shipped_catalog().defaults.items()):
        names = sorted(variables_of(message))
        click.echo(f"{message_id}  {' '.join(f'${n}' for n in names)}".rstrip())


@messages_group.command("show")
@click.argument("message_id")
def show_message(message_id: str) -> None:
    """The English default of MESSAGE_ID, ready to copy into an override file."""
    message = shipped_catalog().defaults.get(message_id)
    if message is None:
        raise CommandRefused(f"no message {message_id!r}; `fairdrop messages list` shows them")
    click.echo(serialize(ftl.Resource([message])).rstrip())
    for name in sorted(variables_of(message)):
        variable = VARIABLES.get(name)
        click.echo(f"#   ${name}: {variable.about if variable else 'a value'}")


@messages_group.command("check")
@pass_context
def check_messages(obj: Context) -> None:
    """Check the overrides beside the config: one line per problem."""
    folder = obj.messages_folder
    found = check_folder(folder)
    for problem in found:
        click.echo(problem)
    if found:
        raise CommandRefused(f"{len(found)} problem(s) in the message overrides in {folder}")
    files = len(list(folder.glob("*.ftl"))) if folder.is_dir() else 0
    click.echo(f"{folder}: {files} override file(s), no problems")
