"""`fairdrop verify` and `fairdrop verify-draw`: check what fairdrop issued, a code or a draw."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from bot.cli.shared import CommandRefused, Context, current_engine, pass_context
from bot.drops.arrivals import ArrivalTranscript
from bot.drops.keyring import PublicKeyring
from bot.drops.redemption import CodeStatus, check_offline, check_online, is_token
from bot.drops.transcript import Transcript, TranscriptError, load_json
from bot.drops.verify import unchecked, verify_transcript
from bot.drops.verify_arrivals import verify_arrivals
from bot.keystore import load_public_keys
from bot.store.database import SqlUnitOfWork


@click.command("verify")
@click.argument("code")
@click.option(
    "--public-keys",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check a token offline against these public keys (output of `fairdrop keys show`).",
)
@pass_context
def verify(obj: Context, code: str, public_keys: Path | None) -> None:
    """Check a code: a token offline, or a token or short code against the database.

    Prints one of: valid, already redeemed (when), expired, revoked, forged/unknown.
    Exits 0 only for a valid code.
    """
    now = datetime.now(UTC)
    if public_keys is not None:
        ring: PublicKeyring = load_public_keys(public_keys)
        if not is_token(code):
            raise CommandRefused("a short code can only be checked against the database")
        verdict = check_offline(code, ring, now)
        scope = "offline"
    else:
        keyring = obj.keyring()
        engine = current_engine(obj.settings)
        try:
            with SqlUnitOfWork(engine) as uow:
                verdict = check_online(uow, code, keyring, now)
        finally:
            engine.dispose()
        scope = "online"
    where = f" (drop {verdict.drop_id}, serial {verdict.serial})" if verdict.serial else ""
    click.echo(f"{verdict.status.value}: {verdict.reason}{where} [{scope}]")
    if verdict.status is not CodeStatus.VALID:
        raise SystemExit(1)


@click.command("verify-draw")
@click.argument("transcript", type=click.Path(dir_okay=False, path_type=Path))
def verify_draw(transcript: Path) -> None:
    """Re-derive a draw from its transcript alone; print OK or exactly what differs."""
    try:
        data = load_json(transcript.read_text(encoding="utf-8"))
        if data.get("mode") == "fcfs":
            _verify_arrivals(transcript, ArrivalTranscript.from_dict(data))
            return
        parsed = Transcript.from_dict(data)
    except UnicodeDecodeError:
        raise CommandRefused(f"{transcript}: not a transcript (not UTF-8 text)") from None
    except OSError as error:
        raise CommandRefused(f"{transcript}: cannot read: {error.strerror}") from None
    except TranscriptError as error:
        raise CommandRefused(f"{transcript}: {error}") from None
    problems = verify_transcript(parsed)
    # An older transcript lacks fields some checks need: say what an OK does not cover.
    notes = [f"  not checked: {note}" for note in unchecked(parsed)]
    if problems:
        click.echo(f"MISMATCH: {transcript}")
        for problem in problems:
            click.echo(f"  - {problem}")
        for note in notes:
            click.echo(note)
        raise SystemExit(1)
    click.echo(
        f"OK: drop {parsed.drop_id} ({parsed.title}): seed matches commitment, "
        f"{len(parsed.entries):,} entries hash to {parsed.entry_list_hash[:16]}…, "
        f"{len(parsed.winners)} winners and {len(parsed.waitlist):,} on the waitlist re-derived"
        + (
            f", {len(parsed.rerolls)} rerolls and {len(parsed.holders)} holders checked"
            if parsed.holders is not None
            else ""
        )
    )
    for note in notes:
        click.echo(note)


def _verify_arrivals(path: Path, parsed: ArrivalTranscript) -> None:
    problems = verify_arrivals(parsed)
    if problems:
        click.echo(f"MISMATCH: {path}")
        for problem in problems:
            click.echo(f"  - {problem}")
        raise SystemExit(1)
    click.echo(
        f"OK: first-come drop {parsed.drop_id} ({parsed.title}): {len(parsed.arrivals):,} "
        f"arrivals chain to {parsed.arrivals_head}, {len(parsed.units)} units went in arrival "
        f"order within the rules, {len(parsed.rerolls)} rerolls and {len(parsed.holders)} "
        "holders checked"
    )
    click.echo(
        "  not checked: whether each arrival's tier rule (badges, roles, lists) held for its "
        "entrant; only the platforms know"
    )
