"""Item 4: a drop's transparency page follows the live feed while the drop runs (its state and
entrant count change without a reload), in headless Chromium; without scripts it is the page
as served, with the count it had then.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from bot.drops.claiming import ClaimRequest
from bot.gating.context import Claimant
from bot.gating.rules import EVERYONE, Tier
from tests.fixtures.browser import in_browser, save_screenshot
from tests.fixtures.harness import CHANNEL, spec
from tests.fixtures.sse import WAIT_S
from tests.web.conftest import Web

EVERYONE_NOW = (Tier("public", EVERYONE, timedelta(0), 1),)
HOSTILE = '<img src=x onerror="window.pwned=1">"Drop" & <b>co</b>'


async def enter(web: Web, n: int, display_name: str) -> None:
    claimant = Claimant("twitch", f"live-{n}", display_name)
    await web.service.claim(ClaimRequest(f"twitch:live{n}", CHANNEL, claimant))


def text_of(browser: webdriver.Chrome, element_id: str) -> str:
    return str(browser.find_element(By.ID, element_id).text)


async def test_the_open_page_counts_claims_and_sees_the_draw_without_a_reload(
    web_env: Web, browser: webdriver.Chrome
) -> None:
    drop = await web_env.service.create(spec(tiers=EVERYONE_NOW, supply=2, title=HOSTILE))
    wait = WebDriverWait(browser, WAIT_S)

    def open_page() -> str:
        browser.set_window_size(1000, 900)
        browser.get(f"{web_env.base_url}/drops/{drop.id}")
        browser.execute_script("window.sameLoad = 'still here';")  # gone if the page reloads
        return text_of(browser, "drop-entrants")

    assert await in_browser(open_page) == "0"
    for n in range(3):
        await enter(web_env, n, HOSTILE if n == 0 else f"Fan{n}")

    def counted() -> str:
        wait.until(lambda b: text_of(b, "drop-entrants") == "3")
        return text_of(browser, "drop-state")

    assert await in_browser(counted) == "open to everyone"  # the phase in the page's words
    web_env.clock.advance(minutes=10)
    await web_env.service.close(CHANNEL)

    def drawn() -> dict[str, Any]:
        wait.until(lambda b: text_of(b, "drop-state") == "drawn")
        save_screenshot(browser, "transparency-live-drawn.png")
        return {
            "same load": browser.execute_script("return window.sameLoad;"),
            "pwned": browser.execute_script("return window.pwned || null;"),
            "images": len(browser.find_elements(By.TAG_NAME, "img")),
            "title": browser.find_element(By.TAG_NAME, "h1").text,
            "note shown": browser.find_element(By.ID, "drop-live").is_displayed(),
        }

    seen = await in_browser(drawn)
    assert seen == {
        "same load": "still here",
        "pwned": None,
        "images": 0,
        "title": HOSTILE,
        "note shown": True,
    }


async def test_without_scripts_the_page_is_as_served_and_a_drawn_page_has_no_script(
    web_env: Web,
) -> None:
    drop = await web_env.service.create(spec(tiers=EVERYONE_NOW, supply=1))
    await enter(web_env, 1, "Fan1")
    async with web_env.client.get(f"/drops/{drop.id}") as response:
        html = await response.text()
    assert '<strong id="drop-entrants">1</strong>' in html
    assert f'src="/static/live.js" data-feed="/drops/{drop.id}/events"' in html
    async with web_env.client.get("/static/live.js") as script:
        assert script.status == 200 and "textContent" in await script.text()
        assert "innerHTML" not in await script.text()
    web_env.clock.advance(minutes=10)
    await web_env.service.close(CHANNEL)
    async with web_env.client.get(f"/drops/{drop.id}") as response:
        assert "live.js" not in await response.text()
