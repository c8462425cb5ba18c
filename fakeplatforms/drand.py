"""A local stand-in for a drand HTTP relay (api.drand.sh), serving genuine recorded rounds.

Written from drand's HTTP API docs: ``GET /{chain hash}/public/{round}`` answers
``{"round", "randomness", "signature"}`` (randomness = sha256 of the signature bytes),
``GET /{chain hash}/public/latest`` the newest published round and ``GET /{chain hash}/info``
the chain's parameters. A round whose time has not come (``genesis + (round - 1) * period``
after the fake's clock) is answered 404, as drand's relays answer a round in the future.

The rounds are genuine League of Entropy quicknet rounds, recorded: their signatures verify
under quicknet's real public key. The fake may place the chain at another genesis (the round
numbers, signatures and key stay the same), so a test can make a recorded round fall just after
its close. Failure modes: ``fail_next`` (error statuses), ``forge_next`` (a signature that does
not verify) and ``faults`` (hangs and resets, ``fakeplatforms.faults``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Self

from aiohttp import web

from bot.drops.beacon import QUICKNET, Chain, round_time
from fakeplatforms.faults import Faults
from fakeplatforms.serving import Served

__all__ = ["GENUINE_ROUNDS", "FakeDrand"]

# Genuine quicknet rounds (round -> signature hex), recorded from the League of Entropy relays.
GENUINE_ROUNDS: dict[int, str] = {
    42: (
        "95a9f9f5b231b7714de1553105d8ffdf3dcda24cfdb1e689319bccf79a9c8ce4"
        "30a91b811fbfaf763900bc998b5d686a"
    ),
    1000: (
        "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125"
        "e342b73a8dd2bacbe47e4b6b63ed5e39"
    ),
}


class FakeDrand(Served):
    """A drand relay on a free 127.0.0.1 port; ``base_url`` is what fairdrop's mirror list takes.

    ``now`` is the fake's clock (the test's controllable clock, typically): it decides which
    rounds are published yet.
    """

    def __init__(
        self,
        *,
        chain: Chain = QUICKNET,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        rounds: dict[int, str] | None = None,
    ) -> None:
        self.chain = chain
        self.now = now
        self.rounds = dict(GENUINE_ROUNDS if rounds is None else rounds)
        self.faults = Faults()
        self.requests: list[str] = []  # paths asked for, in order
        self._failures: list[int] = []  # statuses to answer next, one request each
        self._forge = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail_next(self, status: int = 500, times: int = 1) -> None:
        """Answer the next ``times`` round requests with ``status`` (a relay in trouble)."""
        self._failures.extend([status] * times)

    def recover(self) -> None:
        """Forget the error statuses and forgeries still planned: the relay is healthy again."""
        self._failures.clear()
        self._forge = 0

    def forge_next(self, times: int = 1) -> None:
        """Answer the next ``times`` round requests with a signature that does not verify."""
        self._forge += times

    async def start(self) -> Self:
        app = web.Application(middlewares=[self.faults.middleware])
        app.router.add_get("/{chain}/info", self._info)
        app.router.add_get("/{chain}/public/{round}", self._round)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        self.faults.release()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _published(self, number: int) -> bool:
        return round_time(self.chain, number) <= self.now()

    async def _info(self, request: web.Request) -> web.Response:
        if request.match_info["chain"] != self.chain.chain_hash:
            return _not_found()
        return web.json_response(
            {
                "public_key": self.chain.public_key,
                "period": self.chain.period,
                "genesis_time": self.chain.genesis,
                "hash": self.chain.chain_hash,
                "schemeID": "bls-unchained-g1-rfc9380",
                "metadata": {"beaconID": "quicknet"},
            }
        )

    async def _round(self, request: web.Request) -> web.Response:
        self.requests.append(request.path)
        if self._failures:
            status = self._failures.pop(0)
            return web.Response(status=status, text="Internal Server Error\n")
        if request.match_info["chain"] != self.chain.chain_hash:
            return _not_found()
        wanted = request.match_info["round"]
        if wanted == "latest":
            published = [r for r in self.rounds if self._published(r)]
            if not published:
                return _not_found()
            number = max(published)
        elif wanted.isdigit() and int(wanted) > 0:
            number = int(wanted)
        else:
            return web.Response(status=400, text="invalid round\n")
        if not self._published(number) or number not in self.rounds:
            return _not_found()
        signature = self.rounds[number]
        if self._forge:
            self._forge -= 1
            # Another genuine round's signature: well formed, but not this round's.
            signature = next(s for r, s in sorted(self.rounds.items()) if r != number)
        randomness = hashlib.sha256(bytes.fromhex(signature)).hexdigest()
        return web.json_response(
            {"round": number, "randomness": randomness, "signature": signature}
        )


def _not_found() -> web.Response:
    return web.Response(status=404, text="Not Found\n")
