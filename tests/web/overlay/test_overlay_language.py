"""The overlay speaks its community's language: the words from the catalog, and what the page
puts together itself (who has early access, from the kinds the feed sends; numbers; the "and"
and "or" that join lists) in the same language, in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from selenium import webdriver

from bot.messages import catalog as messages
from bot.messages.catalog import shipped_catalog
from tests.fixtures.browser import in_browser
from tests.fixtures.harness import CHANNEL
from tests.web.conftest import Web
from tests.web.overlay.feed_double import FeedDouble, sample_drop, tier
from tests.web.overlay.test_overlay_browser import as_browser_source, panel_text, wait_for

DAY = 86400


@pytest.fixture(autouse=True)
def _shipped_words_again() -> Iterator[None]:
    yield
    messages.install(shipped_catalog())


async def test_a_spanish_overlay_says_who_has_early_access_in_spanish(
    web_env: Web, feed: FeedDouble, browser: webdriver.Chrome
) -> None:
    messages.install(shipped_catalog(languages={CHANNEL: "es"}))
    now = datetime.now(UTC)
    listed = {
        "any_of": [
            {"kind": "list", "value": "elegidos"},
            {"kind": "badge", "value": "founder"},
        ],
        "require": [
            {"kind": "account-age", "age_s": 30 * DAY},
            {"not": {"kind": "won-within", "value": "gira", "age_s": 14 * DAY}},
        ],
    }
    early = [tier("badge", "subscriber"), tier("badge", "vip"), listed]
    feed.state("early", sample_drop(now, early_for=early, entrants=12345), now)

    def open_page() -> str:
        as_browser_source(browser)
        browser.get(f"{web_env.base_url}/overlay/{CHANNEL}")
        wait_for(browser, lambda: "participantes" in panel_text(browser))
        return panel_text(browser)

    text = await in_browser(open_page)

    assert "ACCESO ANTICIPADO" in text and "12.345 participantes" in text
    assert (
        "Acceso anticipado: suscriptores, VIPs y la lista elegidos o fundadores (cuentas de más "
        "de 30 días y no ganadores de gira de los últimos 14 días)"
    ) in text, text
    assert "subscribers" not in text and " and " not in text and "days" not in text
