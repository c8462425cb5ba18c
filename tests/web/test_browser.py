"""In headless Chromium: log in on the claim page against the fake Twitch and see the code;
open the transparency page. Screenshots of both are saved under tests/artifacts/web/.

The browser comes from tests/fixtures/browser.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from tests.fixtures.browser import in_browser, save_screenshot
from tests.web.conftest import Web


async def test_a_winner_logs_in_on_the_claim_page_and_sees_the_code(
    web_env: Web, browser: webdriver.Chrome
) -> None:
    fan = web_env.twitch.add_user("browser_fan", display_name="BrowserFan")
    drop = await web_env.drawn_drop(fan, title="Episode 4 hoodie")

    def log_in_and_read() -> tuple[str, Path]:
        wait = WebDriverWait(browser, 20)
        browser.get(f"{web_env.base_url}/claim/{drop.id}")
        browser.find_element(By.LINK_TEXT, "Log in with Twitch").click()
        # The fake Twitch's login form (no one is signed in to it in this browser).
        wait.until(seen.presence_of_element_located((By.ID, "login"))).send_keys(fan.login)
        browser.find_element(By.ID, "authorize").click()
        code = wait.until(seen.presence_of_element_located((By.CSS_SELECTOR, ".code")))
        return code.text, save_screenshot(browser, "claim-page.png")

    shown, screenshot = await in_browser(log_in_and_read)
    expected = (await web_env.service.collect_for_account(drop.id, f"twitch:{fan.id}")).codes[0]
    assert shown == expected.short_code
    assert screenshot.stat().st_size > 1000


async def test_the_transparency_page_opens_in_a_browser(
    web_env: Web, browser: webdriver.Chrome
) -> None:
    fans = [web_env.twitch.add_user(f"viewer{i}", display_name=f"Viewer{i}") for i in range(6)]
    drop = await web_env.drawn_drop(*fans, supply=3, title="Signed poster")
    stored = await web_env.service.get(drop.id)

    def open_page() -> tuple[str, Any, Path]:
        browser.set_window_size(1200, 900)
        browser.get(f"{web_env.base_url}/drops/{drop.id}")
        heading = browser.find_element(By.TAG_NAME, "h1").text
        download = browser.find_element(By.LINK_TEXT, "Download the transcript")
        return heading, download.get_attribute("href"), save_screenshot(browser, "transparency.png")

    heading, href, screenshot = await in_browser(open_page)
    assert heading == "Signed poster"
    assert href == f"{web_env.base_url}/drops/{drop.id}/transcript.json"
    assert stored.seed_hex in await in_browser(lambda: browser.page_source)
    assert screenshot.stat().st_size > 1000
