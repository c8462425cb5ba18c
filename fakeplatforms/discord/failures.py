"""Failures a test scripts on the fake Discord's HTTP API: answers (a 429 as Discord or
Cloudflare sends it, any error status with Discord's body) and connection faults (reset before
or after doing the work, an answer held back), each for the next requests matching a method
and a path. Apart from the server: they are set by tests and taken by the router, and need
none of the records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass
class ScriptedFault:
    """A connection-level fault: ``reset`` (the server closes the connection without answering)
    or ``stall`` (the answer is held ``seconds``); with ``accepted`` the request is carried out
    first, as when Discord did the work but the answer was lost on the way."""

    method: str
    pattern: re.Pattern[str]
    kind: str  # "reset" | "stall"
    accepted: bool
    seconds: float
    times: int


@dataclass
class ScriptedFailure:
    method: str
    pattern: re.Pattern[str]
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int


class ScriptedFailures:
    """``rate_limit_next``, ``fail_next``, ``reset_next``, ``stall_next``; the router takes
    them with ``_take_scripted`` and ``_take_fault``."""

    _scripted: list[ScriptedFailure]
    _faults: list[ScriptedFault]
    faults_injected: list[tuple[str, str, str]]  # (kind, method, path)

    def rate_limit_next(
        self,
        method: str,
        path_regex: str,
        retry_after: float = 0.5,
        times: int = 1,
        global_: bool = False,
        *,
        via: bool = True,
    ) -> None:
        """The next ``times`` requests matching (``path_regex`` searched in the path below
        ``/api/v10``) answer 429 as Discord does. ``via=False`` leaves out the ``Via`` header
        (a Cloudflare ban: discord.py raises at once)."""
        headers = {
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Scope": "global" if global_ else "user",
        }
        if global_:
            headers["X-RateLimit-Global"] = "true"
        if via:
            headers["Via"] = "1.1 google"
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": global_,
        }
        if global_:
            body["code"] = 0
        self._scripted.append(
            ScriptedFailure(method.upper(), re.compile(path_regex), 429, body, headers, times)
        )

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int = 500,
        *,
        code: int = 0,
        message: str = "500: Internal Server Error",
        times: int = 1,
    ) -> None:
        """The next ``times`` matching requests answer ``status`` with Discord's error body."""
        self._scripted.append(
            ScriptedFailure(
                method.upper(),
                re.compile(path_regex),
                status,
                {"message": message, "code": code},
                {},
                times,
            )
        )

    def reset_next(
        self, method: str, path_regex: str, *, accepted: bool = False, times: int = 1
    ) -> None:
        """The next ``times`` matching requests get no answer: the server closes the connection
        (discord.py raises ``aiohttp.ServerDisconnectedError``). With ``accepted`` the request
        is carried out first: Discord did it, the answer was lost."""
        self._faults.append(
            ScriptedFault(method.upper(), re.compile(path_regex), "reset", accepted, 0.0, times)
        )

    def stall_next(self, method: str, path_regex: str, seconds: float, *, times: int = 1) -> None:
        """The next ``times`` matching requests are carried out, and their answers held back for
        ``seconds``: a client that gives up sooner sees a timeout, though the work was done."""
        self._faults.append(
            ScriptedFault(method.upper(), re.compile(path_regex), "stall", True, seconds, times)
        )

    def _take_fault(self, method: str, path: str) -> ScriptedFault | None:
        for fault in self._faults:
            if fault.method == method and fault.pattern.search(path):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                self.faults_injected.append((fault.kind, method, path))
                return fault
        return None

    def _take_scripted(self, method: str, path: str) -> ScriptedFailure | None:
        for s in self._scripted:
            if s.method == method and s.pattern.search(path):
                s.times -= 1
                if s.times <= 0:
                    self._scripted.remove(s)
                return s
        return None
