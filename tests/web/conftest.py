"""The web app over a real SQLite database and the drop service, beside a fake Twitch.

`web` gives a started app (aiohttp's TestServer on a known port, so the configured public URL
and the OAuth redirect_uri are right), a client with a cookie jar, the fake Twitch whose OAuth
endpoints the claim page logs in against, and helpers to run a drop to its draw.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import Engine

from bot.config import Settings, TwitchChannelSettings, TwitchSettings, WebSettings
from bot.drops.claiming import ClaimPolicy, ClaimRequest
from bot.drops.keyring import Keyring
from bot.drops.model import Drop
from bot.drops.partners import PartnerScope
from bot.drops.service import DropService
from bot.gating.context import Claimant
from bot.gating.rules import EVERYONE, Tier
from bot.store.commit_broadcast import LocalDropEvents
from bot.store.database import SqlUnitOfWork, ThreadedTransactions, make_engine
from bot.store.hot_memory import MemoryHotState
from bot.store.migrate import upgrade
from bot.store.partners import PartnerStore
from bot.web.app import make_app
from bot.web.feed.hub import FeedHub
from bot.web.feed.reads import FeedReads
from bot.web.feed.routes import add_feed_routes, feed_hub
from bot.web.health import HealthProbe, database_check
from bot.web.metrics import Metrics
from fakeplatforms.twitch import CLIENT_ID, CLIENT_SECRET, FakeTwitch, FakeUser
from tests.fixtures.harness import CHANNEL, START, ManualClock, seeded_bytes, spec
from tests.fixtures.services import free_port
from tests.fixtures.settings import offline_settings

HOST = "127.0.0.1"


@dataclass
class Web:
    app: web.Application
    client: TestClient[Any, Any]
    service: DropService
    partners: PartnerStore
    twitch: FakeTwitch
    clock: ManualClock
    keyring: Keyring
    engine: Engine
    health: HealthProbe
    metrics: Metrics
    settings: Settings
    feed: FeedHub
    messages: int = 0

    @property
    def base_url(self) -> str:
        return self.settings.web.public_url

    async def claim(self, user: FakeUser | str, display_name: str | None = None) -> None:
        if isinstance(user, str):
            user = self.twitch.user(user)
        self.messages += 1
        claimant = Claimant("twitch", user.id, display_name or user.display_name)
        await self.service.claim(ClaimRequest(f"twitch:m{self.messages}", CHANNEL, claimant))

    async def drawn_drop(self, *users: FakeUser, supply: int | None = None, **spec_: Any) -> Drop:
        """A lottery drop open to everyone that every one of `users` entered, closed and drawn."""
        spec_.setdefault("tiers", (Tier("public", EVERYONE, timedelta(0), 1),))
        drop = await self.service.create(spec(supply=supply or len(users), **spec_))
        for user in users:
            await self.claim(user)
        self.clock.advance(minutes=10)
        await self.service.close(CHANNEL)
        return drop

    async def partner_key(
        self, name: str = "merch-co", drops: tuple[int, ...] = (), series: tuple[str, ...] = ()
    ) -> str:
        _, key = self.partners.sql.create(
            name, PartnerScope(frozenset(drops), frozenset(series)), self.clock.now()
        )
        return key


def web_settings(port: int, twitch: FakeTwitch, **web_overrides: Any) -> Settings:
    return offline_settings(
        twitch=TwitchSettings(
            client_id=CLIENT_ID,
            auth_base=twitch.id_base,
            channels=[TwitchChannelSettings(name=CHANNEL, broadcaster_id="1")],
        ),
        web=WebSettings.model_validate(
            {"enabled": True, "port": port, "public_url": f"http://{HOST}:{port}", **web_overrides}
        ),
    )


@pytest.fixture
def web_overrides() -> dict[str, Any]:
    """Override [web] settings for one test module or test with this fixture."""
    return {}


@pytest.fixture
def web_routes() -> Callable[[web.Application], None]:
    """Add routes to the app before it starts (a test double of a part not built yet, say)."""
    return lambda app: None


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Replace whole sections of the settings (say `seasons`) for one test with this fixture."""
    return {}


@pytest.fixture
async def web_env(
    tmp_path: Path,
    web_overrides: dict[str, Any],
    web_routes: Callable[[web.Application], None],
    settings_overrides: dict[str, Any],
) -> AsyncIterator[Web]:
    engine = make_engine(f"sqlite:///{tmp_path}/web.db")
    upgrade(engine)
    # As `fairdrop run` without Redis: the commits' drop events reach the live feed.
    events = LocalDropEvents(asyncio.get_running_loop())
    tx = ThreadedTransactions(lambda: SqlUnitOfWork(engine, events.committed))
    clock = ManualClock(START)
    keyring = Keyring.new(START, seeded_bytes(1))
    service = DropService(
        tx, MemoryHotState(), keyring, clock, seeded_bytes(2), policy=ClaimPolicy(100, 10)
    )
    partners = PartnerStore(engine, lambda fn: tx.run(lambda _uow: fn()))
    async with FakeTwitch() as twitch:
        port = free_port()
        settings = web_settings(port, twitch, **web_overrides).model_copy(update=settings_overrides)
        health = HealthProbe({"database": database_check(tx)})
        metrics = Metrics()
        app = make_app(
            service,
            partners,
            settings,
            health_probe=health,
            app_metrics=metrics,
            twitch_client_secret=CLIENT_SECRET,
        )
        web_routes(app)  # first: a test's double of a route answers before the real one
        feed = feed_hub(FeedReads(service.public.reads), settings.web, clock)
        add_feed_routes(app, feed)
        events.listeners.append(feed)
        async with TestClient(TestServer(app, host=HOST, port=port)) as client:
            yield Web(
                app, client, service, partners, twitch, clock, keyring, engine, health,
                metrics, settings, feed,
            )  # fmt: skip
    await service.intake.drain()
    tx.close()
    engine.dispose()
