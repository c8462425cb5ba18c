"""`fairdrop audit [--drop ID] [--channel C]`: what moderators did, newest first.

Every moderator action from Twitch chat, Discord and the CLI's list commands is in the audit log
(`bot.drops.audit`): who, from which platform, what, when and the result.
"""

from __future__ import annotations

import click

from bot.bootstrap import open_audit_log
from bot.cli.shared import Context, current_engine, pass_context
from bot.drops.audit import AuditEntry
from bot.loop import run_on_loop
from bot.reports import text_table

HEADERS = ["#", "at (UTC)", "community", "platform", "who", "action", "drop", "asked", "result"]


@click.command("audit")
@click.option("--drop", "drop_id", type=click.IntRange(min=1), help="Only this drop's actions.")
@click.option("--channel", help="Only this community's actions (default: every community).")
@click.option(
    "--limit", type=click.IntRange(1, 10_000), default=50, show_default=True, help="At most."
)
@pass_context
def audit(obj: Context, drop_id: int | None, channel: str | None, limit: int) -> None:
    """Show the audit log of moderator actions, newest first."""
    engine = current_engine(obj.settings)

    async def read() -> list[AuditEntry]:
        async with open_audit_log(engine) as log:
            return list(await log.recent(channel, drop_id=drop_id, limit=limit))

    try:
        entries = run_on_loop(read())
    finally:
        engine.dispose()
    if not entries:
        click.echo("no moderator actions recorded" + (f" for drop {drop_id}" if drop_id else ""))
        return
    click.echo(text_table.render(HEADERS, [_row(e) for e in entries]))


def _row(entry: AuditEntry) -> list[object]:
    drop = f"{entry.drop_name} ({entry.drop_id})" if entry.drop_id else entry.drop_name
    return [
        str(entry.id),
        entry.at.strftime("%Y-%m-%d %H:%M:%S"),
        entry.channel,
        entry.platform,
        entry.actor_name or entry.actor,
        entry.action,
        drop,
        entry.detail,
        entry.result,
    ]
