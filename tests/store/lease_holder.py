"""Holds a lease until killed, for the lease tests: ``python -m tests.store.lease_holder URL NAME
TTL [PREFIX]``. Prints ``HELD <token>`` once it holds the lease (``BUSY`` if another process has
it), then keeps renewing it, as the scheduler's holder does, until the parent SIGKILLs it."""

from __future__ import annotations

import asyncio
import sys

from bot.store.lease import Leases


async def hold(url: str, name: str, ttl: float, prefix: str) -> None:
    leases = Leases.from_url(url, prefix=prefix, ttl=ttl)
    try:
        async with leases.hold(name) as held:
            if not held:
                print("BUSY", flush=True)
                return
            print(f"HELD {held.token}", flush=True)
            await asyncio.Event().wait()  # until killed
    finally:
        await leases.aclose()


if __name__ == "__main__":
    prefix = sys.argv[4] if len(sys.argv) > 4 else "test"
    asyncio.run(hold(sys.argv[1], sys.argv[2], float(sys.argv[3]), prefix))
