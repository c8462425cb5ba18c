"""The overlay's tests run the real web app (tests/web/conftest.py) with the feed's test double
(`feed_double.py`) on the feed's routes, until the feed itself is wired in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from aiohttp import web

from tests.web.overlay.feed_double import FeedDouble


@pytest.fixture
def feed() -> FeedDouble:
    return FeedDouble()


@pytest.fixture
def web_routes(feed: FeedDouble) -> Callable[[web.Application], None]:
    return feed.add_to
