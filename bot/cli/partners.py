"""`fairdrop partners`: API keys for merch partners who check and redeem codes.

A key is printed once, when made; only its hash is stored. Each key is scoped to drops (by id)
and/or series; a partner's redemptions are recorded under the key's name.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click

from bot.bootstrap import build_partners
from bot.cli.shared import Context, current_engine, pass_context
from bot.drops.partners import PartnerScope
from bot.reports import text_table
from bot.store.database import SqlUnitOfWork
from bot.store.partners import PartnerError, SqlPartners


def _partners(obj: Context) -> SqlPartners:
    return build_partners(current_engine(obj.settings))


@click.group("partners")
def partners_group() -> None:
    """Partner API keys: create, list, revoke."""


@partners_group.command("create")
@click.argument("name")
@click.option("--drop", "drops", type=int, multiple=True, help="A drop id the key covers.")
@click.option("--series", "series", multiple=True, help="A series whose drops the key covers.")
@pass_context
def create(obj: Context, name: str, drops: tuple[int, ...], series: tuple[str, ...]) -> None:
    """Make an API key for partner NAME, covering --drop ID and/or --series NAME (repeatable)."""
    scope = PartnerScope(frozenset(drops), frozenset(s.strip() for s in series if s.strip()))
    store = _partners(obj)
    try:
        with SqlUnitOfWork(store.engine) as uow:
            missing = [d for d in drops if uow.drops.get(d) is None]
        if missing:
            raise PartnerError(f"there is no drop with id {missing[0]}")
        key, text = store.create(name, scope, datetime.now(UTC))
    finally:
        store.engine.dispose()
    click.echo(f"created key {key.id} for {key.name!r} covering {scope.describe()}")
    click.echo(f"API key (shown once, store it now): {text}")


@partners_group.command("list")
@pass_context
def list_keys(obj: Context) -> None:
    """List partner keys (never the keys themselves)."""
    store = _partners(obj)
    try:
        keys = store.all()
    finally:
        store.engine.dispose()
    if not keys:
        click.echo("no partner keys yet (make one with `fairdrop partners create`)")
        return
    rows = [
        (
            k.id,
            k.name,
            f"fdp_{k.selector}_…",
            k.scope.describe(),
            k.created_at.strftime("%Y-%m-%d %H:%M"),
            k.revoked_at.strftime("%Y-%m-%d %H:%M") if k.revoked_at else "live",
        )
        for k in keys
    ]
    click.echo(text_table.render(["id", "partner", "key", "covers", "created", "revoked"], rows))


@partners_group.command("revoke")
@click.argument("key_id", type=int)
@pass_context
def revoke(obj: Context, key_id: int) -> None:
    """Revoke key KEY_ID (see `list`); it stops working within seconds."""
    store = _partners(obj)
    try:
        key = store.revoke(key_id, datetime.now(UTC))
    finally:
        store.engine.dispose()
    click.echo(f"revoked key {key.id} of {key.name!r}")
