"""The one place a failure becomes a line and an exit code: every `fairdrop` command ends a
failure an operator can act on (any `FairdropError`: a bad setting, a refused request, a port in
use; a database or Redis out of reach; a file that cannot be written) with one line on stderr,
never a traceback. Anything else is a bug and keeps its traceback."""

from __future__ import annotations

import logging
from typing import Any

import click
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import InterfaceError, OperationalError

from bot.kernel.errors import FairdropError

log = logging.getLogger("fairdrop")

FAILED = 1  # the exit code of every failure below; usage errors are click's 2


def explain(error: BaseException) -> tuple[str, int] | None:
    """The one line and exit code to end a command with, for a failure an operator can act on
    (a `FairdropError`, a database or Redis that cannot be reached, a file that cannot be
    written); None for anything else, which is a bug and keeps its traceback."""
    if isinstance(error, BaseExceptionGroup):  # the run's TaskGroup: its first explainable cause
        for inner in error.exceptions:
            if (found := explain(inner)) is not None:
                return found
        return None
    if isinstance(error, FairdropError):
        return _one_line(str(error)), FAILED
    if isinstance(error, OperationalError | InterfaceError):
        return _one_line(f"cannot use the database: {error.orig or error}"), FAILED
    if isinstance(error, RedisConnectionError | RedisTimeoutError):
        return _one_line(f"cannot use Redis: {error}"), FAILED
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return _one_line(f"{where}{error.strerror or error}"), FAILED
    return None


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


class FairdropGroup(click.Group):
    """The `fairdrop` group: a failure `explain` knows leaves as one line and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BaseException as error:
            found = explain(error)
            if found is None:
                raise
            log.debug("the command failed", exc_info=error)  # the traceback, at debug level
            message, code = found
            click.echo(f"Error: {message}", err=True)  # as click shows its own errors
            ctx.exit(code)
