"""`fairdrop lists`: moderators' allocation lists from the command line.

The commands translate arguments into `ListService` calls and its answers into lines; every
refusal is one line on stderr and exit status 1, except a rejected import, which first prints
each bad row on its own line. Lists belong to a channel, `--channel` (default "default"): the
channel named in the drops whose tiers use the list.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import click

from bot.bootstrap import open_audit_log, open_list_service
from bot.cli.shared import CommandRefused, Context, current_engine, pass_context
from bot.drops.audit import Actor, AuditLog
from bot.gating.list_admin import ListImportError
from bot.gating.lists import ListKind
from bot.gating.service import ListService
from bot.loop import run_on_loop
from bot.reports import text_table

T = TypeVar("T")
DEFAULT_CHANNEL = "default"
BY = "cli"  # recorded as who added members, beside Discord moderators' ids

channel_option = click.option(
    "--channel",
    default=DEFAULT_CHANNEL,
    show_default=True,
    help="The channel the list belongs to (the channel its drops run in).",
)


@click.group("lists")
def lists_group() -> None:
    """Allocation lists: early access, guaranteed units, deny."""


@lists_group.command("create")
@click.argument("name")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in ListKind]),
    required=True,
    help="early: may enter tiers naming the list; guaranteed: reserved units; deny: refused.",
)
@channel_option
@pass_context
def create(obj: Context, name: str, kind: str, channel: str) -> None:
    """Create an empty list NAME."""
    audited = Audited("list-create", channel, f"name={name} kind={kind}")
    created = _run(obj, lambda lists: lists.create(channel, name, kind, by=BY), audited)
    click.echo(f"created {created.kind.value} list {created.name!r} in channel {channel!r}")


@lists_group.command("delete")
@click.argument("name")
@channel_option
@pass_context
def delete(obj: Context, name: str, channel: str) -> None:
    """Delete the list NAME and its members."""
    members = _run(
        obj, lambda lists: lists.delete(channel, name), Audited("list-delete", channel, name)
    )
    click.echo(f"deleted list {name!r} ({_members(members)})")


@lists_group.command("add")
@click.argument("name")
@click.argument("accounts", nargs=-1, required=True)
@channel_option
@pass_context
def add(obj: Context, name: str, accounts: tuple[str, ...], channel: str) -> None:
    """Add ACCOUNTS (twitch:<user id> or discord:<user id>) to the list NAME."""
    audited = Audited("list-add", channel, f"name={name} members={' '.join(accounts)}")
    added = _run(obj, lambda lists: lists.add(channel, name, accounts, by=BY), audited)
    already = _distinct(accounts) - added
    click.echo(f"added {added} to {name!r}" + (f" ({already} already on it)" if already else ""))


@lists_group.command("remove")
@click.argument("name")
@click.argument("accounts", nargs=-1, required=True)
@channel_option
@pass_context
def remove(obj: Context, name: str, accounts: tuple[str, ...], channel: str) -> None:
    """Take ACCOUNTS off the list NAME."""
    audited = Audited("list-remove", channel, f"name={name} members={' '.join(accounts)}")
    removed = _run(obj, lambda lists: lists.remove(channel, name, accounts), audited)
    absent = _distinct(accounts) - removed
    click.echo(
        f"removed {removed} from {name!r}" + (f" ({absent} were not on it)" if absent else "")
    )


@lists_group.command("show")
@click.argument("name")
@channel_option
@pass_context
def show(obj: Context, name: str, channel: str) -> None:
    """Print the list NAME and its members."""
    found, members = _run(obj, lambda lists: lists.show(channel, name))
    by = f" by {found.created_by}" if found.created_by else ""
    click.echo(
        f"{found.name}: {found.kind.value} list in channel {channel!r}, {_members(len(members))}, "
        f"created {_when(found.created_at)}{by}"
    )
    if members:
        rows = [(m.account, m.display_name, _when(m.added_at), m.added_by) for m in members]
        click.echo(text_table.render(["account", "display name", "added", "by"], rows))


@lists_group.command("all")
@channel_option
@pass_context
def all_lists(obj: Context, channel: str) -> None:
    """Print every list in the channel."""
    summaries = _run(obj, lambda lists: lists.all(channel))
    if not summaries:
        click.echo(f"no lists in channel {channel!r}; create one with `fairdrop lists create`")
        return
    rows = [(s.allocation_list.name, s.allocation_list.kind.value, s.members) for s in summaries]
    click.echo(text_table.render(["list", "kind", "members"], rows))


@lists_group.command("import")
@click.argument("name")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "--replace", is_flag=True, help="Make the list exactly the file's members (remove others)."
)
@channel_option
@pass_context
def import_cmd(obj: Context, name: str, file: Path, replace: bool, channel: str) -> None:
    """Add the members FILE names (CSV: account,display_name; '-' reads stdin).

    An account is twitch:<user id>, discord:<user id> or a Twitch login. If any row is bad,
    each bad row is printed and nothing is imported.
    """
    text = _read_text(file)
    audited = Audited("list-import", channel, f"name={name} file={file} replace={replace}")
    report = _run(
        obj,
        lambda lists: lists.import_csv(channel, name, text, by=BY, replace=replace),
        audited,
    )
    parts = [f"{report.added} added", f"{report.already_on} already on it"]
    if replace:
        parts.append(f"{report.removed} removed")
    click.echo(f"imported into {name!r}: " + ", ".join(parts))


@lists_group.command("export")
@click.argument("name")
@click.argument(
    "file", required=False, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path)
)
@channel_option
@pass_context
def export(obj: Context, name: str, file: Path | None, channel: str) -> None:
    """Write the list NAME as CSV to FILE (default: stdout), in the format import reads."""
    text = _run(obj, lambda lists: lists.export_csv(channel, name))
    if file is None or str(file) == "-":
        click.echo(text, nl=False)
        return
    try:
        with file.open("w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as error:
        raise CommandRefused(f"{file}: cannot write: {error.strerror}") from None
    click.echo(f"wrote list {name!r} to {file}")


# -- plumbing --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Audited:
    """A list change to store in the audit log, as done from the command line."""

    action: str
    channel: str
    detail: str


def _run(
    obj: Context, call: Callable[[ListService], Awaitable[T]], audited: Audited | None = None
) -> T:
    """Run one service call over the configured database; its refusals (`ListError`) end the
    command as one line, after the bad rows of a rejected import, one line each. A change
    (`audited`) is stored in the audit log with its result."""

    async def go() -> T:
        async with _list_service(obj) as (service, log):
            if audited is None:
                return await call(service)
            async with log.action(cli_actor(), audited.action, audited.channel, audited.detail):
                return await call(service)

    try:
        return run_on_loop(go())
    except ListImportError as error:
        for line in error.lines:
            click.echo(line, err=True)
        raise


@asynccontextmanager
async def _list_service(obj: Context) -> AsyncIterator[tuple[ListService, AuditLog]]:
    engine = current_engine(obj.settings)
    try:
        async with (
            open_list_service(engine) as lists,  # no Twitch client: logins are bad rows
            open_audit_log(engine) as log,
        ):
            yield lists, log
    finally:
        engine.dispose()


def cli_actor() -> Actor:
    """Who runs the command line, as the audit log names them: the operating system's user."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in this environment
        user = "unknown"
    return Actor(f"cli:{user}", user)


def _read_text(file: Path) -> str:
    try:
        data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    except OSError as error:
        raise CommandRefused(f"{file}: cannot read: {error.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandRefused(f"{file}: not UTF-8 text; save the CSV as UTF-8") from None


def _distinct(accounts: tuple[str, ...]) -> int:
    return len({a.strip().lower() for a in accounts})


def _members(count: int) -> str:
    return "1 member" if count == 1 else f"{count:,} members"


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M %Z").strip() if at else ""
