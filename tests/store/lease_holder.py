"""Holds a lease until killed, for the lease test: ``python -m tests.store.lease_holder URL NAME
TTL``. Prints ``HELD <token>`` once it holds the lease (``BUSY`` if another process has it),
then keeps renewing it until the parent SIGKILLs it."""

from __future__ import annotations

import asyncio
import sys

from bot.store.lease import Leases


async def hold(url: str, name: str, ttl: float) -> None:
    leases = Leases.from_url(url, prefix="test", ttl=ttl)
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
    asyncio.run(hold(sys.argv[1], sys.argv[2], float(sys.argv[3])))
