"""The event loop fairdrop runs on (bot/loop.py): uvloop by default, the stdlib loop on request,
and a bad choice refused in one line by every command."""

from __future__ import annotations

import asyncio
import inspect

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.config import ConfigError
from bot.loop import LOOP_ENV, run_on_loop, running_loop_name


async def _which() -> str:
    await asyncio.sleep(0)
    return running_loop_name()


def test_runs_on_uvloop_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LOOP_ENV, raising=False)
    assert run_on_loop(_which()) == "uvloop"


@pytest.mark.parametrize("choice", ["asyncio", " AsyncIO "])
def test_the_stdlib_loop_on_request(monkeypatch: pytest.MonkeyPatch, choice: str) -> None:
    monkeypatch.setenv(LOOP_ENV, choice)
    assert run_on_loop(_which()) == "asyncio"


def test_a_bad_choice_is_refused_and_the_coroutine_never_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(LOOP_ENV, "trio")
    started = []

    async def main() -> None:
        started.append(True)

    coroutine = main()
    refusal = "FAIRDROP_LOOP must be 'uvloop' or 'asyncio', not 'trio'"
    with pytest.raises(ConfigError, match=refusal):
        run_on_loop(coroutine)
    assert started == []
    # Closed, so no "never awaited" warning at collection.
    assert inspect.getcoroutinestate(coroutine) == inspect.CORO_CLOSED


def test_every_command_refuses_a_bad_choice_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOOP_ENV, "trio")
    result = CliRunner().invoke(cli, ["db", "current"])
    assert result.exit_code == 1
    assert result.output == "Error: FAIRDROP_LOOP must be 'uvloop' or 'asyncio', not 'trio'\n"
