"""`fairdrop tokens`: platform user tokens kept sealed in the database.

The bot's own token comes from the environment on first start; a broadcaster's token (for
reading subscribers or followers as the broadcaster) is added here once, then twitchio refreshes
it and fairdrop keeps the refreshed one. Tokens are read from hidden prompts or the environment,
never from the command line, where they would land in shell history.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import click

from bot.bootstrap import build_token_store
from bot.cli.shared import CommandRefused, Context, current_engine, pass_context
from bot.store.tokens import StoredToken, TokenStore

ENV_ACCESS = "FAIRDROP_TOKEN_ACCESS"
ENV_REFRESH = "FAIRDROP_TOKEN_REFRESH"
BEHIND = "the database is not at the newest schema; run `fairdrop db upgrade`"


@click.group("tokens")
def tokens() -> None:
    """Platform user tokens, sealed in the database (never printed)."""


@tokens.command("add")
@click.argument("platform", type=click.Choice(["twitch"]))
@click.argument("user_id")
@pass_context
def tokens_add(obj: Context, platform: str, user_id: str) -> None:
    """Store USER_ID's access and refresh tokens (from $FAIRDROP_TOKEN_ACCESS and
    $FAIRDROP_TOKEN_REFRESH, or hidden prompts)."""
    if not user_id.isdigit():
        raise CommandRefused(f"user id {user_id!r}: give the numeric Twitch user id, not a login")
    access = os.environ.get(ENV_ACCESS) or click.prompt("access token", hide_input=True)
    refresh = os.environ.get(ENV_REFRESH) or click.prompt("refresh token", hide_input=True)
    if not access.strip() or not refresh.strip():
        raise CommandRefused("both an access token and a refresh token are needed")
    store = _store(obj)
    try:
        store.save(
            platform, user_id, StoredToken(access.strip(), refresh.strip()), datetime.now(UTC)
        )
    finally:
        store.engine.dispose()
    click.echo(f"stored the {platform} token of user {user_id}, sealed; fairdrop run uses it")


@tokens.command("list")
@pass_context
def tokens_list(obj: Context) -> None:
    """Which tokens are stored, and when each was last saved (the tokens stay hidden)."""
    store = _store(obj)
    try:
        found = store.stored()
    finally:
        store.engine.dispose()
    if not found:
        click.echo("no tokens stored")
    for platform, user_id, at in found:
        click.echo(f"{platform} user {user_id}: saved {at:%Y-%m-%d %H:%M} UTC")


def _store(obj: Context) -> TokenStore:
    engine = current_engine(obj.settings, behind=BEHIND)
    return build_token_store(engine, obj.keyring())
