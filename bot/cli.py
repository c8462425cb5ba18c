"""The `fairdrop` command line. Every failure is one line on stderr and a non-zero exit."""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from bot import tables
from bot.bootstrap import SchemaOutOfDate, build_engine, open_runtime
from bot.cli_failures import FairdropGroup
from bot.config import EXAMPLE_CONFIG, ConfigError, Settings, load_settings
from bot.drops.errors import DropError
from bot.drops.keyring import Keyring, PublicKeyring
from bot.drops.model import Mode
from bot.drops.redemption import CodeStatus, check_offline, check_online, is_token
from bot.drops.transcript import Transcript, TranscriptError
from bot.drops.verify import verify_transcript
from bot.keystore import ENV_KEYRING, KeystoreError, load_keyring, load_public_keys, save_keyring
from bot.logs import configure_logging
from bot.loop import loop_factory, run_on_loop
from bot.reports.terminal import fairness_table, figures_table
from bot.simulation import (
    ManualClock,
    SimulatedFacts,
    SimulationError,
    SimulationPlan,
    SimulationResult,
    parse_mix,
    simulate,
    start_time,
)
from bot.store import migrate
from bot.store.database import SqlUnitOfWork, parse_database_url

log = logging.getLogger("fairdrop")


class Context:
    def __init__(self, config: Path | None) -> None:
        self.config_path = config
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(self.config_path)
            except ConfigError as error:
                raise click.ClickException(str(error)) from None
            configure_logging(self._settings.log.level)
        return self._settings

    def keyring(self) -> Keyring:
        try:
            return load_keyring(self.settings.keys.path)
        except KeystoreError as error:
            raise click.ClickException(str(error)) from None


pass_context = click.make_pass_decorator(Context)


@click.group(cls=FairdropGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "-c",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: ./fairdrop.toml if present, else embedded defaults).",
)
@click.version_option(package_name="fairdrop")
@click.pass_context
def cli(ctx: click.Context, config: Path | None) -> None:
    """fairdrop: fair, provable microdrops for Twitch chat and Discord.

    Runs on uvloop; set FAIRDROP_LOOP=asyncio for the standard library's event loop.
    """
    try:
        loop_factory()  # a bad FAIRDROP_LOOP is one line here, not a traceback later
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    ctx.obj = Context(config)


@cli.command()
@click.option("--force", is_flag=True, help="Replace an existing config file and keyring.")
@click.option(
    "--config-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("fairdrop.toml"),
    show_default=True,
    help="Where to write the starter config.",
)
@pass_context
def init(obj: Context, force: bool, config_out: Path) -> None:
    """Write a starter config and a new signing keyring (mode 0600)."""
    # The starter config is the example, so its keyring lives where the defaults say.
    keys_path = Settings().keys.path
    for path in (config_out, keys_path):
        if path.exists() and not force:
            raise click.ClickException(f"{path} already exists; pass --force to replace it")
    try:
        save_keyring(keys_path, Keyring.new(datetime.now(UTC)), overwrite=force)
    except (KeystoreError, OSError) as error:
        raise click.ClickException(str(error)) from None
    config_out.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    click.echo(f"wrote {config_out} (edit it, then run `fairdrop db upgrade`)")
    click.echo(f"wrote {keys_path} (mode 0600; back it up, never commit it)")


@cli.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@pass_context
def db_upgrade(obj: Context) -> None:
    """Apply every migration the database does not have yet."""
    engine = build_engine(obj.settings)
    try:
        before = migrate.current_revision(engine)
        migrate.upgrade(engine)
        after = migrate.current_revision(engine)
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    if before == after:
        click.echo(f"{where}: already at revision {after}")
    else:
        click.echo(f"{where}: upgraded from {before or 'empty'} to {after}")


@db.command("status")
@pass_context
def db_status(obj: Context) -> None:
    """Show the database's schema revision and the newest one."""
    engine = build_engine(obj.settings)
    try:
        current = migrate.current_revision(engine)
    finally:
        engine.dispose()
    head = migrate.head_revision()
    state = "up to date" if current == head else "behind: run `fairdrop db upgrade`"
    click.echo(f"revision {current or 'none'} (newest {head}): {state}")


@cli.group()
def keys() -> None:
    """Signing keys for codes."""


@keys.command("rotate")
@pass_context
def keys_rotate(obj: Context) -> None:
    """Add a new current key; earlier keys keep verifying the codes they signed."""
    if os.environ.get(ENV_KEYRING):
        raise click.ClickException(
            f"the keyring comes from ${ENV_KEYRING}; rotate it where that secret is stored"
        )
    keyring = obj.keyring().rotate(datetime.now(UTC))
    try:
        save_keyring(obj.settings.keys.path, keyring, overwrite=True)
    except KeystoreError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"new current key {keyring.current.kid} ({len(keyring.keys)} keys on the ring)")


@keys.command("show")
@pass_context
def keys_show(obj: Context) -> None:
    """Print the public keys (PASERK k4.public), current last, for partners to verify offline."""
    keyring = obj.keyring()
    for kid, public in keyring.public_paserks():
        marker = "current" if kid == keyring.current.kid else "previous"
        click.echo(f"{public}  # {kid} ({marker})")


@cli.command()
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
        try:
            ring: PublicKeyring = load_public_keys(public_keys)
        except KeystoreError as error:
            raise click.ClickException(str(error)) from None
        if not is_token(code):
            raise click.ClickException("a short code can only be checked against the database")
        verdict = check_offline(code, ring, now)
        scope = "offline"
    else:
        keyring = obj.keyring()
        _require_database(obj.settings)
        engine = build_engine(obj.settings)
        try:
            if not migrate.is_current(engine):
                raise click.ClickException("database schema is behind: run `fairdrop db upgrade`")
            with SqlUnitOfWork(engine) as uow:
                verdict = check_online(uow, code, keyring, now)
        finally:
            engine.dispose()
        scope = "online"
    where = f" (drop {verdict.drop_id}, serial {verdict.serial})" if verdict.serial else ""
    click.echo(f"{verdict.status.value}: {verdict.reason}{where} [{scope}]")
    if verdict.status is not CodeStatus.VALID:
        raise SystemExit(1)


def _require_database(settings: Settings) -> None:
    """Refuse to read from a SQLite file that is not there (opening it would create it)."""
    url = parse_database_url(settings.database.url)
    file = url.database if url.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not Path(file).exists():
        raise click.ClickException(f"no database at {file}; run `fairdrop db upgrade` first")


@cli.command("run")
@pass_context
def run_cmd(obj: Context) -> None:
    """Run fairdrop: the Twitch bot (when [twitch] enabled), the outbound chat sender and the
    clock that moves drops along, until SIGINT or SIGTERM."""
    import signal

    from bot.run import run

    settings, keyring = obj.settings, obj.keyring()

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run(settings, keyring, stop=stop)

    run_on_loop(main())  # its failures become one line in FairdropGroup


@cli.command("demo")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("fairdrop-demo"),
    show_default=True,
    help="Folder for the database, keys, transcript, transparency page and chart (emptied).",
)
@click.option("--fans", type=click.IntRange(100, 10_000), default=3000, show_default=True,
              help="Simulated fans: two thirds on Twitch, one third on Discord.")  # fmt: skip
@click.option("--crowd-seed", type=int, default=7, show_default=True,
              help="Seed for the simulated crowd (the draw's seed is always fresh).")  # fmt: skip
def demo_cmd(out: Path, fans: int, crowd_seed: int) -> None:
    """A whole drop, offline, against local fake Twitch and Discord servers.

    Always on embedded defaults (a SQLite file and keys in --out, in-memory hot state; no
    config file is read) and needs a source checkout, where the fakes live in tests/fakes/.
    """
    import time

    from bot.demo import DemoError, demo

    started = time.monotonic()

    def progress(line: str) -> None:
        click.echo(f"{time.monotonic() - started:5.1f}s  {line}")

    try:
        run_on_loop(demo(out, fans, crowd_seed, progress=progress, show=click.echo))
    except DemoError as error:
        raise click.ClickException(str(error)) from None


@cli.command("verify-draw")
@click.argument("transcript", type=click.Path(dir_okay=False, path_type=Path))
def verify_draw(transcript: Path) -> None:
    """Re-derive a draw from its transcript alone; print OK or exactly what differs."""
    try:
        parsed = Transcript.from_json(transcript.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise click.ClickException(f"{transcript}: not a transcript (not UTF-8 text)") from None
    except OSError as error:
        raise click.ClickException(f"{transcript}: cannot read: {error.strerror}") from None
    except TranscriptError as error:
        raise click.ClickException(f"{transcript}: {error}") from None
    problems = verify_transcript(parsed)
    if problems:
        click.echo(f"MISMATCH: {transcript}")
        for problem in problems:
            click.echo(f"  - {problem}")
        raise SystemExit(1)
    click.echo(
        f"OK: drop {parsed.drop_id} ({parsed.title}): seed matches commitment, "
        f"{len(parsed.entries):,} entries hash to {parsed.entry_list_hash[:16]}…, "
        f"{len(parsed.winners)} winners and {len(parsed.waitlist):,} on the waitlist re-derived"
    )


@cli.command("simulate")
@click.option("--entrants", type=int, default=2000, show_default=True, help="Simulated fans.")
@click.option("--supply", type=int, default=48, show_default=True, help="Units to give away.")
@click.option(
    "--mode", type=click.Choice([m.value for m in Mode]), default="lottery", show_default=True
)
@click.option(
    "--tier-mix",
    default="subscriber=20,vip=5",
    show_default=True,
    help="Percent of the crowd per Twitch badge, e.g. subscriber=20,vip=5.",
)
@click.option("--claim-rate", type=float, default=0.8, show_default=True,
              help="Share of winners who fetch their code in time.")  # fmt: skip
@click.option("--redeem-rate", type=float, default=0.6, show_default=True,
              help="Share of delivered codes a partner redeems.")  # fmt: skip
@click.option("--crowd-seed", type=int, default=1, show_default=True,
              help="Seed for the simulated crowd (the draw's seed is always fresh).")  # fmt: skip
@click.option(
    "--scenario",
    type=click.Choice(["tiered", "basic"]),
    default="tiered",
    show_default=True,
    help="tiered: an earlier drop's holders, moderator lists, sponsors and filtered bots; "
    "basic: badge tiers only.",
)
@click.option("--db", "db_url", help="Database URL (default: a new SQLite file in a temp dir).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write transcript.json and codes.csv here.")  # fmt: skip
@pass_context
def simulate_cmd(obj: Context, /, db_url: str | None, out: Path | None, **options: Any) -> None:
    """Run a whole drop through the real engine and storage with a simulated crowd."""
    try:
        plan = SimulationPlan(
            entrants=options["entrants"],
            supply=options["supply"],
            mode=Mode(options["mode"]),
            mix=parse_mix(options["tier_mix"]),
            claim_rate=options["claim_rate"],
            redeem_rate=options["redeem_rate"],
            crowd_seed=options["crowd_seed"],
            scenario=options["scenario"],
        )
        plan.check()
    except SimulationError as error:
        raise click.ClickException(str(error)) from None
    run_on_loop(_simulate(obj, plan, db_url, out))


async def _simulate(
    obj: Context, plan: SimulationPlan, db_url: str | None, out: Path | None
) -> None:
    import tempfile

    settings = obj.settings
    with tempfile.TemporaryDirectory(prefix="fairdrop-sim-") as tmp:
        url = db_url or f"sqlite:///{tmp}/simulate.db"
        settings = settings.model_copy(
            update={"database": settings.database.model_copy(update={"url": url})}
        )
        clock = ManualClock(start_time())
        # Never the configured keyring: codes it signed would verify as genuine everywhere the
        # real public keys are published, though no fan ever won them.
        keyring = Keyring.new(clock.now())
        click.echo("· codes are signed with a throwaway key (never your keyring)")
        try:
            facts = SimulatedFacts(clock) if plan.scenario == "tiered" else None
            async with open_runtime(
                settings, keyring, clock=clock, migrate=True, facts=facts
            ) as runtime:
                result = await simulate(
                    runtime, clock, plan, out=out, progress=lambda m: click.echo(f"· {m}")
                )
        except (DropError, SchemaOutOfDate) as error:
            raise click.ClickException(str(error)) from None
    _print_simulation(result)


def _most_first(pair: tuple[str, int]) -> tuple[int, str]:
    return -pair[1], pair[0]


def _print_simulation(result: SimulationResult) -> None:
    drop = result.drop
    click.echo("")
    mode, supply = drop.spec.mode.value, drop.spec.supply
    click.echo(f"Drop {drop.name!r} ({mode}, supply {supply}): {drop.state.value}")
    click.echo(f"  commitment   {drop.commitment}")
    if drop.drawn_at:
        click.echo(f"  entry hash   {drop.entry_hash}")
        click.echo(f"  seed         {drop.seed_hex}  (revealed after the draw)")
    shown = ", ".join(result.winners[:10]) + (" …" if len(result.winners) > 10 else "")
    click.echo(f"  winners      {shown}")
    click.echo("")
    click.echo(
        tables.render(
            ["outcome", "claims"],
            sorted(result.outcomes.items(), key=lambda kv: (-kv[1], kv[0])),  # type: ignore[operator]
            title="Claims as the fans saw them",
        )
    )
    click.echo("")
    click.echo(fairness_table(result.summary))
    if result.filtered:
        kept_out = sorted(result.filtered.items(), key=_most_first)
        click.echo("")
        click.echo(
            tables.render(
                ["reason", "people"],
                kept_out,
                title="Kept out (anti-bot rules and deny lists)",
            )
        )
    click.echo("")
    click.echo(figures_table(result.summary, title="KPIs"))
    for path in result.files:
        click.echo(f"wrote {path}")
    if result.files and drop.drawn_at:
        click.echo(f"check the draw yourself: fairdrop verify-draw {result.files[0]}")


def private_umask(current: int) -> int:
    """The umask fairdrop runs with: nothing for group or others, and never looser than the
    operator's own (the database, its WAL, logs, exports and codes.csv hold codes and names)."""
    return current | 0o077


def main() -> None:
    os.umask(private_umask(os.umask(0o077)))  # files 0600, folders 0700
    cli(prog_name="fairdrop")


if __name__ == "__main__":
    main()

from bot import cli_lists, cli_partners, cli_report, cli_tokens  # noqa: E402,F401  (the command groups)
