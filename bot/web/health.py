"""`/healthz`: is the database answering, are the platform connections up.

The composition root registers one check per dependency (`probe.add("twitch", ...)`); a check
returns True when healthy, or raises or times out when not. The answer is 200 only when every
check passes, so a load balancer or supervisor can act on the status code alone.

Details (`probe.detail("outbox", ...)`) say more without judging health: the messages the
outbox sinks gave up on, say. A detail that fails or times out is shown as such.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.drops.ports import UnitOfWork
from bot.kernel.transactions import TransactionRunner, read_only

log = logging.getLogger(__name__)
Check = Callable[[], Awaitable[bool]]
Detail = Callable[[], Awaitable[object]]  # JSON-serialisable
CHECK_TIMEOUT = 2.0


class HealthProbe:
    def __init__(self, checks: dict[str, Check] | None = None) -> None:
        self.checks: dict[str, Check] = dict(checks or {})
        self.details: dict[str, Detail] = {}

    def add(self, name: str, check: Check) -> None:
        self.checks[name] = check

    def detail(self, name: str, detail: Detail) -> None:
        """Show `detail()` under `name` in the answer's "detail", whatever the health."""
        self.details[name] = detail

    async def describe(self) -> dict[str, object]:
        """Each detail's value, or {"error": "failing" | "timeout"} (run concurrently)."""
        names = list(self.details)
        values = await asyncio.gather(*(self._detail(name) for name in names))
        return dict(zip(names, values, strict=True))

    async def _detail(self, name: str) -> object:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                return await self.details[name]()
        except TimeoutError:
            return {"error": "timeout"}
        except Exception as error:
            log.warning("health detail %s failed: %r", name, error)
            return {"error": "failing"}

    async def run(self) -> dict[str, str]:
        """Each check's state: "ok", "failing" or "timeout" (run concurrently, bounded)."""
        names = list(self.checks)
        results = await asyncio.gather(
            *(self._one(name) for name in names), return_exceptions=False
        )
        return dict(zip(names, results, strict=True))

    async def _one(self, name: str) -> str:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                ok = await self.checks[name]()
        except TimeoutError:
            return "timeout"
        except Exception as error:  # a failing dependency is an answer here, not a crash
            log.warning("health check %s failed: %r", name, error)
            return "failing"
        return "ok" if ok else "failing"


def database_check(tx: TransactionRunner[UnitOfWork]) -> Check:
    """A read through the service's own transaction runner: the path every request takes."""

    def read(uow: UnitOfWork) -> bool:
        uow.drops.get(0)
        return True

    async def check() -> bool:
        return await tx.run(read_only(read))

    return check


HEALTH = web.AppKey("health", HealthProbe)


async def healthz(request: web.Request) -> web.Response:
    probe = request.app[HEALTH]
    checks, detail = await asyncio.gather(probe.run(), probe.describe())
    healthy = all(state == "ok" for state in checks.values())
    body: dict[str, object] = {"status": "ok" if healthy else "failing", "checks": checks}
    if detail:
        body["detail"] = detail
    response = web.json_response(body, status=200 if healthy else 503)
    response.headers["Cache-Control"] = "no-store"
    return response
