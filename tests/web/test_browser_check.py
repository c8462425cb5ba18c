"""The transparency page's in-browser check (static/verify_draw.js) in headless Chromium: it
fetches the transcript under the page's own CSP, re-derives the winners and says OK, or, after
an operator changed the record by hand, what differs. The standalone verifier is served and
linked beside it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from bot.drops.model import Drop, Mode
from bot.gating.rules import EVERYONE, Tier
from bot.store.database import SqlUnitOfWork
from tests.fixtures.browser import in_browser, save_screenshot
from tests.fixtures.harness import CHANNEL, spec
from tests.web.conftest import Web

ROOT = Path(__file__).resolve().parents[2]


def check_in_browser(
    browser: webdriver.Chrome, web_env: Web, drop: Drop, screenshot: str
) -> tuple[str, list[str], list[str]]:
    """Open the drop's page, press the check's button, wait for its verdict: the outcome, the
    lines it shows, and the browser console's errors (a CSP refusal shows there)."""
    browser.set_window_size(1200, 900)
    browser.get(f"{web_env.base_url}/drops/{drop.id}")
    panel = browser.find_element(By.CLASS_NAME, "draw-check")
    panel.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(browser, 30).until(lambda _: panel.get_attribute("data-outcome"))
    outcome = panel.get_attribute("data-outcome") or ""
    result = panel.find_element(By.CLASS_NAME, "draw-check-result")
    lines = [e.text for e in result.find_elements(By.CSS_SELECTOR, "p, li")]
    save_screenshot(browser, screenshot)
    errors = [
        e["message"]
        for e in browser.get_log("browser")  # type: ignore[no-untyped-call]
        if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]  # the site has none
    ]
    return outcome, lines, errors


async def test_the_browser_check_says_ok_for_a_genuine_draw(
    web_env: Web, browser: webdriver.Chrome
) -> None:
    fans = [web_env.twitch.add_user(f"viewer{i}", display_name=f"Viewer{i}") for i in range(8)]
    drop = await web_env.drawn_drop(*fans, supply=3, title="Signed poster")

    outcome, lines, errors = await in_browser(
        lambda: check_in_browser(browser, web_env, drop, "browser-check-ok.png")
    )

    assert outcome == "ok", lines
    assert lines[0].startswith("OK: the commitment, the entry-list hash and the 3 winners")
    assert "from 8 entries" in lines[0]
    assert errors == []


async def test_the_browser_check_shows_what_differs_after_a_tamper(
    web_env: Web, browser: webdriver.Chrome
) -> None:
    fans = [web_env.twitch.add_user(f"viewer{i}", display_name=f"Viewer{i}") for i in range(8)]
    drop = await web_env.drawn_drop(*fans, supply=3, title="Signed poster")
    # An operator edits the record by hand after the draw: the published entry-list hash and
    # the revealed seed no longer belong to this draw.
    with SqlUnitOfWork(web_env.engine) as uow:
        stored = uow.drops.get(drop.id)
        assert stored is not None and stored.entry_hash
        genuine_hash = stored.entry_hash
        stored.entry_hash = "0" * 64
        stored.seed_hex = "1" * 64
        uow.drops.save(stored)
        uow.commit()

    outcome, lines, errors = await in_browser(
        lambda: check_in_browser(browser, web_env, drop, "browser-check-mismatch.png")
    )

    assert outcome == "mismatch", lines
    assert lines[0] == "MISMATCH: the transcript does not add up:"
    assert f"entry-list hash differs: expected {genuine_hash}, transcript says {'0' * 64}" in lines
    assert any(line.startswith("winners differ at winners[") for line in lines), lines
    assert any("commit to" in line for line in lines), lines
    assert errors == []


async def test_the_browser_check_follows_a_first_come_drops_arrival_chain(
    web_env: Web, browser: webdriver.Chrome
) -> None:
    public = (Tier("public", EVERYONE, timedelta(0), 1),)
    drop = await web_env.service.create(spec(mode=Mode.FCFS, tiers=public, supply=2))
    for i in range(4):
        await web_env.claim(web_env.twitch.add_user(f"fan{i}"))
    web_env.clock.advance(minutes=10)
    await web_env.service.close(CHANNEL)

    outcome, lines, errors = await in_browser(
        lambda: check_in_browser(browser, web_env, drop, "browser-check-first-come.png")
    )

    assert outcome == "ok", lines
    assert lines[0].startswith("OK: the 4 arrivals chain to the head announced at close")
    assert lines[1].startswith("Not checked here: whether units went in arrival order")
    assert errors == []


async def test_the_page_links_the_standalone_verifier_which_is_served(web_env: Web) -> None:
    fans = [web_env.twitch.add_user(f"viewer{i}") for i in range(3)]
    drop = await web_env.drawn_drop(*fans, supply=1)
    async with web_env.client.get(f"/drops/{drop.id}") as response:
        html = await response.text()
        csp = response.headers["Content-Security-Policy"]
    assert 'href="/static/verify_draw.py"' in html
    assert '<script src="/static/verify_draw.js" defer></script>' in html
    # Our own script and our own fetches only: no inline script, no other origin.
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert "unsafe" not in csp and "http" not in csp
    # Before the draw too, the page says where the check will be.
    open_drop = await web_env.service.create(
        spec(tiers=(Tier("public", EVERYONE, timedelta(0), 1),))
    )
    async with web_env.client.get(f"/drops/{open_drop.id}") as response:
        assert 'href="/static/verify_draw.py"' in await response.text()
    for name in ("verify_draw.py", "verify_draw.js"):
        async with web_env.client.get(f"/static/{name}") as response:
            assert response.status == 200
            served = await response.read()
        assert served == (ROOT / "bot" / "web" / "static" / name).read_bytes()
