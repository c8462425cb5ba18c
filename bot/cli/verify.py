"""`fairdrop verify` and `fairdrop verify-draw`: check what fairdrop issued, a code or a draw."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from bot.beacon.signatures import MISSING, check_signature, verifier_available
from bot.cli.shared import CommandRefused, Context, current_engine, pass_context
from bot.drops.arrivals import ArrivalTranscript
from bot.drops.beacon import QUICKNET
from bot.drops.keyring import PublicKeyring
from bot.drops.redemption import CodeStatus, check_offline, check_online, is_token
from bot.drops.transcript import Transcript, TranscriptError, load_json
from bot.drops.verify import PINNED_CHAINS, unchecked, verify_transcript
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
@click.option(
    "--commitment",
    "announced_commitment",
    metavar="HEX",
    help="The commitment as announced in chat or Discord at open (64 hex characters).",
)
@click.option(
    "--entry-hash",
    "announced_entry_hash",
    metavar="HEX",
    help="The entry-list hash as announced at close (64 hex characters).",
)
@click.option(
    "--genesis",
    type=click.IntRange(min=1),
    help="Check against quicknet placed at this genesis (Unix seconds): only for draws "
    "against a fake drand relay (the demo, tests).",
)
@click.option(
    "--period",
    type=click.IntRange(min=1),
    help="With --genesis: the test chain's period in seconds (default quicknet's, 3).",
)
def verify_draw(
    transcript: Path,
    announced_commitment: str | None,
    announced_entry_hash: str | None,
    genesis: int | None,
    period: int | None,
) -> None:
    """Re-derive a draw from its transcript alone; print OK or exactly what differs.

    A version 2 transcript's drand round is checked too: bound into the commitment, published
    after the close, its BLS signature valid under the chain's pinned key (needs drand-verify).
    """
    wanted = {
        "commitment": _hex_option("--commitment", announced_commitment),
        "entry_list_hash": _hex_option("--entry-hash", announced_entry_hash),
    }
    try:
        data = load_json(transcript.read_text(encoding="utf-8"))
        if data.get("mode") == "fcfs":
            _verify_arrivals(transcript, ArrivalTranscript.from_dict(data), wanted)
            return
        parsed = Transcript.from_dict(data)
        del data  # parsed into entries: the raw lists would double the memory of a big draw
    except UnicodeDecodeError:
        raise CommandRefused(f"{transcript}: not a transcript (not UTF-8 text)") from None
    except OSError as error:
        raise CommandRefused(f"{transcript}: cannot read: {error.strerror}") from None
    except TranscriptError as error:
        raise CommandRefused(f"{transcript}: {error}") from None
    chains = PINNED_CHAINS
    if genesis or period:
        chains = {QUICKNET.chain_hash: QUICKNET.placed(genesis or 0, period or 0)}
    signed = parsed.drand is not None and parsed.drand["signature"] is not None
    checker = check_signature if verifier_available() else None
    problems = verify_transcript(parsed, check_signature=checker, chains=chains)
    for field, announced in wanted.items():
        actual = getattr(parsed, field)
        if announced is not None and announced != actual:
            problems.append(f"{field}: announced {announced}, transcript says {actual}")
    # An older transcript lacks fields some checks need: say what an OK does not cover.
    notes = [f"  not checked: {note}" for note in unchecked(parsed)]
    if problems:
        click.echo(f"MISMATCH: {transcript}")
        for problem in problems:
            click.echo(f"  - {problem}")
        for note in notes:
            click.echo(note)
        raise SystemExit(1)
    if signed and checker is None:
        click.echo(f"NOT VERIFIED: {transcript}: {MISSING}; everything else matches")
        raise SystemExit(1)
    checked = [name for name, value in wanted.items() if value is not None]
    click.echo(
        f"OK: drop {parsed.drop_id} ({parsed.title}): seed matches commitment, "
        f"{len(parsed.entries):,} entries hash to {parsed.entry_list_hash[:16]}…, "
        f"{len(parsed.winners)} winners and {len(parsed.waitlist):,} on the waitlist re-derived"
        + (
            f", {len(parsed.rerolls)} rerolls and {len(parsed.holders)} holders checked"
            if parsed.holders is not None
            else ""
        )
        + (f"; matches the announced {' and '.join(checked)}" if checked else "")
    )
    if parsed.version >= 2:
        click.echo(f"  {_randomness_line(parsed)}")
    for note in notes:
        click.echo(note)


def _hex_option(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise CommandRefused(f"{name} must be 64 hex characters, as announced")
    return value


def _randomness_line(t: Transcript) -> str:
    """What the draw's randomness rests on, in one line."""
    drand = t.drand
    if drand is None:
        return (
            "no public randomness (the drop opted out): the operator could have influenced "
            "the result"
        )
    if drand["signature"] is None:
        return f"WITHOUT its committed drand round {drand['round']}: {drand['outcome']}"
    return (
        f"drand round {drand['round']} (published {drand['round_at']}, after the close): "
        "signature verified against the pinned quicknet key"
    )


def _verify_arrivals(path: Path, parsed: ArrivalTranscript, wanted: dict[str, str | None]) -> None:
    if wanted["commitment"] is not None:
        raise CommandRefused("--commitment: a first-come drop draws nothing and commits to no seed")
    problems = verify_arrivals(parsed)
    announced = wanted["entry_list_hash"]
    if announced is not None and announced != parsed.arrivals_head:
        problems.append(
            f"arrivals_head: announced {announced}, transcript says {parsed.arrivals_head}"
        )
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
