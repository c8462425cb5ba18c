"""The command line is a package whose imports go one way (each command imports only what every
command shares; the group imports the commands), and every fairdrop error, of one base class,
ends a command as one line and a non-zero exit in one place."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import bot.cli
import bot.kernel.errors
from bot.bootstrap import SchemaOutOfDate
from bot.cli import cli
from bot.cli.failures import explain
from bot.cli.shared import CommandRefused
from bot.config import ConfigError
from bot.demo.world import DemoError
from bot.drops.errors import IllegalTransition, UnknownDrop
from bot.drops.keyring import KeyringError
from bot.gating.list_admin import ListImportError
from bot.gating.lists import ListError
from bot.gating.rules import RuleError
from bot.kernel.errors import DropError, FairdropError, InvalidSpec
from bot.keystore import KeystoreError
from bot.messages.catalog import MessageError
from bot.simulation import SimulationError
from bot.store.database import DatabaseUrlError
from bot.store.partners import PartnerError
from bot.twitch.commands import UsageError
from bot.web import WebListenError

PACKAGE = "bot.cli"
FOLDER = Path(bot.cli.__file__).parent
SHARED = {f"{PACKAGE}.shared", f"{PACKAGE}.failures"}  # what every command may import
MODULES = {path.stem: path for path in sorted(FOLDER.glob("*.py")) if path.stem != "__init__"}


def cli_imports(source: str) -> set[str]:
    """The modules of the CLI package that `source`, a module directly in bot/cli, imports
    (anywhere in it, function bodies included; relative imports resolved)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # `from . import x`, `from .x import y`: relative to bot.cli
                base = ".".join([PACKAGE, base]) if base else PACKAGE
            # `from bot.cli import lists` imports the module bot.cli.lists, not the group.
            names = [
                f"{base}.{alias.name}" if base == PACKAGE and alias.name in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        found |= {name for name in names if name == PACKAGE or name.startswith(f"{PACKAGE}.")}
    return found


@pytest.mark.parametrize(
    ("source", "reaches"),
    [
        ("from bot.cli import Context, cli", {"bot.cli"}),
        ("from bot.cli import lists", {"bot.cli.lists"}),
        ("from bot.cli.report import DEFAULT_CHANNEL", {"bot.cli.report"}),
        ("def f():\n    from .tokens import tokens", {"bot.cli.tokens"}),
        ("from . import shared", {"bot.cli.shared"}),
        ("import bot.cli.db", {"bot.cli.db"}),
        ("from bot.cli.shared import Context\nfrom bot.config import Settings", {"bot.cli.shared"}),
    ],
)
def test_the_import_reader_sees_every_way_to_reach_into_the_package(
    source: str, reaches: set[str]
) -> None:
    assert cli_imports(source) == reaches


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_cli_module_imports_only_what_every_command_shares(name: str) -> None:
    module = f"{PACKAGE}.{name}"
    reached = cli_imports(MODULES[name].read_text(encoding="utf-8"))

    # Never the group, never another command: each command imports the shared modules only,
    # and they import each other no further (the group lives above all of them).
    allowed = set() if module in SHARED else SHARED
    assert reached <= allowed, f"{module} reaches {sorted(reached - allowed)}"


def test_the_group_adds_every_command_from_its_own_module() -> None:
    homes = {command.callback.__module__ for command in cli.commands.values() if command.callback}

    assert homes == {f"{PACKAGE}.{name}" for name in MODULES} - SHARED


def test_the_error_base_class_imports_nothing_above_the_kernel_so_the_core_may_derive_from_it() -> (
    None
):
    tree = ast.parse(Path(bot.kernel.errors.__file__).read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]

    # The standard library and the kernel's own English lines (`bot.kernel.refusals`), nothing
    # above the kernel: tests/test_layers.py holds the kernel to that as a whole.
    modules = [n.module or "" for n in imports if isinstance(n, ast.ImportFrom)]
    modules += [alias.name for n in imports if isinstance(n, ast.Import) for alias in n.names]
    outside = [m for m in modules if m.split(".")[0] not in sys.stdlib_module_names]
    assert outside == ["bot.kernel.refusals"]


@pytest.mark.parametrize(
    "error",
    [
        ConfigError("fairdrop.toml: [web] port: bad"),
        DropError("refused"),
        IllegalTransition("refused"),
        InvalidSpec("refused"),
        UnknownDrop("refused"),
        KeyringError("refused"),
        KeystoreError("refused"),
        DatabaseUrlError("refused"),
        WebListenError("refused"),
        SchemaOutOfDate("refused"),
        SimulationError("refused"),
        ListError("refused"),
        ListImportError([ListError("refused")]),
        RuleError("refused"),
        PartnerError("refused"),
        DemoError("refused"),
        UsageError("refused"),
        CommandRefused("refused"),
        MessageError("refused"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_every_error_written_for_a_person_is_a_fairdrop_error(error: Exception) -> None:
    assert isinstance(error, FairdropError)
    assert explain(error) == (str(error), 1)


class NotEnoughHoodies(FairdropError):
    """A refusal no part of fairdrop raises yet: the CLI must explain it without being told."""


@pytest.fixture
def refusing_command() -> Iterator[str]:
    """A `fairdrop` command that raises a new kind of FairdropError, for this test only."""

    @click.command("hoodies")
    def hoodies() -> None:
        raise NotEnoughHoodies("only 3 hoodies left;\n  ask for 3 or fewer")

    cli.add_command(hoodies)
    try:
        yield "hoodies"
    finally:
        del cli.commands["hoodies"]


def test_a_new_fairdrop_error_in_a_command_is_one_line_and_a_non_zero_exit(
    runner: CliRunner, refusing_command: str
) -> None:
    result = runner.invoke(cli, [refusing_command])

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr == "Error: only 3 hoodies left; ask for 3 or fewer\n"


def test_an_error_outside_the_family_keeps_its_traceback(runner: CliRunner) -> None:
    class Bug(Exception):
        pass

    @click.command("bug")
    def bug() -> None:
        raise Bug("a bug")

    cli.add_command(bug)
    try:
        result = runner.invoke(cli, ["bug"])
    finally:
        del cli.commands["bug"]

    assert isinstance(result.exception, Bug)  # not swallowed into a line
