"""`fairdrop doctor`: one line per check of the setup, ✓ or ✗ with what to do; exit status 1
when any check fails."""

from __future__ import annotations

import os

import click

from bot.cli.shared import Context, pass_context
from bot.loop import run_on_loop


@click.command("doctor")
@pass_context
def doctor(obj: Context) -> None:
    """Check the setup before going live: config, keyring, database, Twitch (tokens, scopes,
    chat rights, EventSub, clock), Discord (token, servers, channel permissions), Redis, the
    public URL and the messages the outbox gave up on."""
    from bot.onboarding.doctor import examine
    from bot.onboarding.doctor_platforms import platform_checks

    findings = run_on_loop(examine(obj.config_path, os.environ, platform_checks))
    for finding in findings:
        click.echo(finding.line())
    failures = sum(not f.ok for f in findings)
    if failures:
        click.echo(f"{failures} check(s) failed", err=True)
        raise SystemExit(1)
    click.echo("all checks passed")
