"""In headless Chromium: log in on the claim page against the fake Twitch and see the code;
open the transparency page. Screenshots of both are saved under tests/artifacts/web/.

Never skipped: without Debian's chromium and chromium-driver the tests fail with a one-line
hint (`make system-deps` installs them), as the database fixtures do.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from tests.web.conftest import Web

T = TypeVar("T")
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "web"
HINT = "run `make system-deps` (installs Debian's chromium and chromium-driver)"
PHONE = (412, 915)


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not os.access(binary, os.X_OK):
            pytest.fail(f"{binary} is missing: {HINT}", pytrace=False)
    with tempfile.TemporaryDirectory(prefix="fairdrop-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in (
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}",
            f"--window-size={PHONE[0]},{PHONE[1]}",
        ):  # fmt: skip
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        driver.set_page_load_timeout(30)
        try:
            yield driver
        finally:
            driver.quit()


async def _in_browser(fn: Callable[[], T]) -> T:
    """Selenium blocks; the app under test runs on this event loop, so drive it from a thread."""
    return await asyncio.to_thread(fn)


def _screenshot(driver: webdriver.Chrome, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(driver.get_window_size()["width"], max(PHONE[1], int(height)))
    assert driver.save_screenshot(str(path))
    return path


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
        return code.text, _screenshot(browser, "claim-page.png")

    shown, screenshot = await _in_browser(log_in_and_read)
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
        return heading, download.get_attribute("href"), _screenshot(browser, "transparency.png")

    heading, href, screenshot = await _in_browser(open_page)
    assert heading == "Signed poster"
    assert href == f"{web_env.base_url}/drops/{drop.id}/transcript.json"
    assert stored.seed_hex in await _in_browser(lambda: browser.page_source)
    assert screenshot.stat().st_size > 1000
