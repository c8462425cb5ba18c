"""Running the real `fairdrop` console script for the onboarding tests: piped, or on a
pseudo-terminal that is its controlling terminal (so hidden prompts really turn echo off)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import pty
import sys
from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path

FAIRDROP = str(Path(sys.executable).with_name("fairdrop"))
# Becomes a session leader and takes the pseudo-terminal on stdin as its controlling terminal,
# as a login shell would, then runs the command.
ON_TTY = (
    "import fcntl, os, sys, termios; os.setsid(); fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def clean_env(cwd: Path, extra: Mapping[str, str]) -> dict[str, str]:
    """The developer's environment without any FAIRDROP_ setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAIRDROP_")}
    return env | {"PYTHONIOENCODING": "utf-8", "HOME": str(cwd)} | dict(extra)


class Terminal:
    """A command on a pseudo-terminal: `expect` what it shows, `type` what a person types."""

    def __init__(self, master: int, process: asyncio.subprocess.Process) -> None:
        self.master = master
        self.process = process
        self.seen = ""
        self._read_to = 0
        self._more = asyncio.Event()
        os.set_blocking(master, False)
        asyncio.get_running_loop().add_reader(master, self._on_output)

    @classmethod
    @contextlib.asynccontextmanager
    async def open(
        cls, args: Sequence[str], cwd: Path, env: Mapping[str, str]
    ) -> AsyncIterator[Terminal]:
        """The command on a terminal; killed at the end if it is still running."""
        terminal = await cls.start(args, cwd, env)
        try:
            yield terminal
        finally:
            if terminal.process.returncode is None:
                terminal.process.kill()
                await terminal.process.wait()
            terminal.close()

    def close(self) -> None:
        if self.master >= 0:
            asyncio.get_running_loop().remove_reader(self.master)
            os.close(self.master)
            self.master = -1

    @classmethod
    async def start(cls, args: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Terminal:
        master, slave = pty.openpty()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            ON_TTY,
            FAIRDROP,
            *args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=dict(env),
        )
        os.close(slave)
        return cls(master, process)

    def _on_output(self) -> None:
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the command ended and closed the terminal
            chunk = b""
        if not chunk:
            asyncio.get_running_loop().remove_reader(self.master)
        self.seen += chunk.decode("utf-8", "replace")
        self._more.set()

    async def expect(self, text: str, within: float = 30.0) -> str:
        """Wait until `text` appears after what was expected before; the output up to it."""
        try:
            async with asyncio.timeout(within):
                while (at := self.seen.find(text, self._read_to)) < 0:
                    self._more.clear()
                    await self._more.wait()
        except TimeoutError:
            raise AssertionError(f"{text!r} never showed; the output:\n{self.seen}") from None
        before, self._read_to = self.seen[self._read_to : at], at + len(text)
        return before

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    async def finish(self, within: float = 60.0) -> int:
        return await asyncio.wait_for(self.process.wait(), within)


class Piped:
    """A command with stdin closed and its output (stderr included) read as it comes, as a
    script would run it."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.seen = ""

    @classmethod
    async def start(cls, args: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Piped:
        process = await asyncio.create_subprocess_exec(
            FAIRDROP,
            *args,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            cwd=cwd,
            env=dict(env),
        )
        return cls(process)

    async def expect(self, text: str, within: float = 30.0) -> None:
        assert self.process.stdout is not None
        try:
            async with asyncio.timeout(within):
                while text not in self.seen:
                    chunk = await self.process.stdout.read(4096)
                    if not chunk:
                        break
                    self.seen += chunk.decode()
        except TimeoutError:
            pass
        assert text in self.seen, f"{text!r} never showed; the output:\n{self.seen}"

    async def finish(self, within: float = 60.0) -> tuple[int, str]:
        """Its exit status and the whole output."""
        assert self.process.stdout is not None
        rest = await asyncio.wait_for(self.process.stdout.read(), within)
        self.seen += rest.decode()
        return await asyncio.wait_for(self.process.wait(), within), self.seen


async def run_piped(
    args: Sequence[str], cwd: Path, env: Mapping[str, str], *, within: float = 60.0
) -> tuple[int, str]:
    """Run `fairdrop ARGS` to the end, as a script would; its exit status and output."""
    return await (await Piped.start(args, cwd, env)).finish(within)
