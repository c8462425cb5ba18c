"""The overlay in headless Chromium, as an OBS browser source shows it: driven through every
state by the feed's test double, and by the moderators' preview on its own.

Each state is saved under tests/artifacts/overlay/ and read back: the page has no background
of its own (every pixel outside the panel is fully transparent; the panel's own colour has
the theme's alpha), and the words the state needs are in the page.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

from bot.demo import overlay_shot
from bot.demo.overlay_shot import OVERLAY_SHOT, overlay_at_draw
from tests.fixtures.browser import in_browser, save_screenshot
from tests.fixtures.harness import CHANNEL
from tests.web.conftest import Web
from tests.web.overlay.feed_double import FeedDouble, iso, sample_drop
from tests.web.overlay.png import read_alpha

SOURCE = (800, 450)  # the browser source's size, in CSS pixels
WAIT_S = 20  # generous: two cores are shared by everyone's tests


def as_browser_source(browser: webdriver.Chrome) -> None:
    """A fixed size and no default background, as OBS renders a browser source."""
    width, height = SOURCE
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    transparent = {"color": {"r": 0, "g": 0, "b": 0, "a": 0}}
    browser.execute_cdp_cmd("Emulation.setDefaultBackgroundColorOverride", transparent)


def panel_text(browser: webdriver.Chrome) -> str:
    text: str = browser.execute_script(
        "const p = document.getElementById('panel'); return p.hidden ? '' : p.innerText"
    )
    return text


def wait_for(browser: webdriver.Chrome, condition: Callable[[], bool]) -> None:
    WebDriverWait(browser, WAIT_S, poll_frequency=0.1).until(lambda _: condition())


def settled(browser: webdriver.Chrome) -> Callable[[], bool]:
    """Whether no animation runs (a winner's name has finished appearing)."""
    return lambda: bool(browser.execute_script("return !document.getAnimations().length"))


def shot(browser: webdriver.Chrome, name: str) -> tuple[Path, dict[str, float] | None]:
    """The screenshot and the panel's box (None while the panel is hidden)."""
    box: dict[str, float] | None = browser.execute_script(
        "const p = document.getElementById('panel');"
        "if (p.hidden) return null;"
        "const r = p.getBoundingClientRect();"
        "return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};"
    )
    return save_screenshot(browser, name, under="overlay"), box


def assert_transparent_but_the_panel(path: Path, box: dict[str, float] | None) -> None:
    alpha = read_alpha(path)
    assert (alpha.width, alpha.height) == SOURCE
    inside = (
        (lambda x, y: False)
        if box is None
        else lambda x, y: (
            box["left"] - 1 <= x <= box["right"] + 1 and box["top"] - 1 <= y <= box["bottom"] + 1
        )
    )
    seen = [
        (x, y)
        for y in range(alpha.height)
        for x, a in enumerate(alpha.rows[y])
        if a and not inside(x, y)
    ]
    assert seen == [], f"{path.name}: {len(seen)} pixels outside the panel are not transparent"
    if box is not None:
        middle = (int((box["left"] + box["right"]) / 2), int(box["top"]) + 4)
        assert alpha.at(*middle) == 0xCC, "the panel has the theme's alpha (#0e0e10cc)"


async def test_the_overlay_follows_a_drop_through_every_state(
    web_env: Web, feed: FeedDouble, browser: webdriver.Chrome
) -> None:
    now = datetime.now(UTC)
    drop = sample_drop(now)
    shots: dict[str, tuple[Path, dict[str, float] | None]] = {}
    texts: dict[str, str] = {}

    def look(phase: str, ready: Callable[[], bool]) -> None:
        wait_for(browser, ready)
        wait_for(browser, settled(browser))
        texts[phase] = panel_text(browser)
        shots[phase] = shot(browser, f"overlay-{phase}.png")

    def phase_is(phase: str) -> Callable[[], bool]:
        return lambda: browser.execute_script("return document.body.dataset.phase") == phase

    def open_page() -> None:
        as_browser_source(browser)
        browser.get(f"{web_env.base_url}/overlay/{CHANNEL}")

    feed.state("none", None, now)
    await in_browser(open_page)
    await in_browser(lambda: wait_for(browser, lambda: feed.connections == 1))
    await in_browser(lambda: look("none", lambda: True))

    scheduled = sample_drop(now, opens_at=iso(now + timedelta(minutes=5)), entrants=0)
    feed.state("scheduled", scheduled, now)
    await in_browser(lambda: look("scheduled", phase_is("scheduled")))

    feed.state("early", drop, now)
    for entrants in (1, 250, 1234):
        feed.count(42, entrants, now)
    await in_browser(lambda: look("early", lambda: "1,234 entrants" in panel_text(browser)))

    feed.state("public", drop | {"entrants": 1500}, now + timedelta(minutes=3))
    await in_browser(lambda: look("public", phase_is("public")))

    feed.state("paused", drop | {"entrants": 1500}, now + timedelta(minutes=4))
    await in_browser(lambda: look("paused", phase_is("paused")))

    feed.state("drawing", drop | {"entrants": 1500}, now + timedelta(minutes=10))
    await in_browser(lambda: look("drawing", phase_is("drawing")))

    winners = ["PixelPioneer", "NightOwl_42", "<b>l***s</b>"]
    feed.state("drawn", drop | {"entrants": 1500, "winners": winners}, now + timedelta(minutes=11))
    revealed: list[int] = []

    def revealing() -> bool:
        shown = int(browser.execute_script("return document.body.dataset.revealed || 0"))
        if not revealed or revealed[-1] != shown:
            revealed.append(shown)
        return shown == len(winners)

    await in_browser(lambda: look("drawn", revealing))
    feed.state("cancelled", sample_drop(now, id=43, title="Poster"), now + timedelta(minutes=12))
    await in_browser(lambda: look("cancelled", phase_is("cancelled")))
    feed.state("none", None, now + timedelta(minutes=12))
    await in_browser(lambda: look("after", phase_is("none")))

    assert texts["none"] == texts["after"] == ""
    assert "NEXT DROP" in texts["scheduled"]
    assert re.search(r"Opens in (5:00|4:5[0-9])\b", texts["scheduled"]), texts["scheduled"]
    assert "Starts at" in texts["scheduled"]
    early = texts["early"]
    assert "EARLY ACCESS" in early and "Signed hoodie" in early and "100 units" in early
    assert "Early access: subscribers and VIPs" in early
    assert re.search(r"Everyone can enter in (2:00|1:5[0-9])\b", early), early
    assert "1,234 entrants" in early and "Check the draw: 127.0.0.1/drops/42" in early
    # The page's clock follows server_time: 7 minutes left once it says it is 3 minutes later.
    assert "OPEN TO EVERYONE" in texts["public"]
    assert re.search(r"Closes in (7:00|6:5[0-9])\b", texts["public"]), texts["public"]
    assert "PAUSED" in texts["paused"] and "Closes in" not in texts["paused"]
    assert "1,500 entrants" in texts["paused"]
    drawing = texts["drawing"]
    assert "DRAWING…" in drawing and "Commitment abababab…" in drawing
    assert "Waiting for drand round 123456" in drawing and "1,500 entrants" in drawing
    assert "WINNERS" in texts["drawn"]
    assert all(name in texts["drawn"] for name in winners)  # names as given, never markup
    assert revealed[0] < len(winners) and revealed == sorted(revealed), revealed
    assert texts["cancelled"].split("\n\n")[:2] == ["CANCELLED", "Poster"]
    assert "Check the draw" not in texts["cancelled"] and "entrants" not in texts["cancelled"]
    for phase, (path, box) in shots.items():
        assert (box is None) == (phase in ("none", "after")), phase
        assert_transparent_but_the_panel(path, box)


async def test_the_overlay_sits_in_the_corner_the_query_asks_for(
    web_env: Web, feed: FeedDouble, browser: webdriver.Chrome
) -> None:
    now = datetime.now(UTC)
    feed.state("public", sample_drop(now, entrants=7), now)

    def open_at_top_left() -> dict[str, float] | None:
        as_browser_source(browser)
        browser.get(f"{web_env.base_url}/overlay/{CHANNEL}?position=top-left&scale=0.75")
        wait_for(browser, lambda: "7 entrants" in panel_text(browser))
        path, box = shot(browser, "overlay-top-left.png")
        assert_transparent_but_the_panel(path, box)
        return box

    box = await in_browser(open_at_top_left)

    assert box is not None
    assert box["left"] == box["top"] == 12  # 1 em at 0.75 x 16 px
    assert box["right"] - box["left"] == 22 * 12


async def test_the_drop_overlay_shows_its_drop_and_loads_its_qr_code(
    web_env: Web, feed: FeedDouble, browser: webdriver.Chrome
) -> None:
    drop = await web_env.drawn_drop(web_env.twitch.add_user("fan1"))
    now = datetime.now(UTC)
    url = f"{web_env.base_url}/drops/{drop.id}"
    feed.state("drawn", sample_drop(now, id=drop.id, winners=["Fan1"], transparency_url=url), now)

    def open_page() -> Any:
        as_browser_source(browser)
        browser.get(f"{web_env.base_url}/overlay/drop/{drop.id}")
        wait_for(browser, lambda: "Fan1" in panel_text(browser))
        wait_for(browser, lambda: browser.execute_script("return qr.complete && qr.naturalWidth"))
        wait_for(browser, settled(browser))
        shot(browser, "overlay-drop.png")
        return browser.execute_script("return qr.src")

    assert await in_browser(open_page) == f"{web_env.base_url}/drops/{drop.id}/qr.svg"


async def test_the_preview_plays_a_whole_drop_without_a_feed(
    web_env: Web, feed: FeedDouble, browser: webdriver.Chrome
) -> None:
    def watch_a_loop() -> list[str]:
        as_browser_source(browser)
        browser.get(f"{web_env.base_url}/overlay/{CHANNEL}/preview")
        phases = ["none"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(phases) < 7:
            phase = browser.execute_script("return document.body.dataset.phase")
            if phase != phases[-1]:
                phases.append(phase)
                if phase == "drawn":
                    wait_for(browser, lambda: "l***s" in panel_text(browser))
                    wait_for(browser, settled(browser))
                    path, box = shot(browser, "overlay-preview-drawn.png")
                    assert_transparent_but_the_panel(path, box)
            time.sleep(0.1)
        return phases

    phases = await in_browser(watch_a_loop)

    assert phases == ["none", "scheduled", "early", "public", "drawing", "drawn", "none"]
    assert feed.connections == 0  # the preview touches no feed, and no drop


async def test_the_demos_screenshot_waits_for_the_draw_and_keeps_the_transparency(
    web_env: Web, feed: FeedDouble, tmp_path: Path
) -> None:
    drop = await web_env.drawn_drop(
        web_env.twitch.add_user("fan1"), web_env.twitch.add_user("fan2")
    )
    now = datetime.now(UTC)
    feed.state("drawn", sample_drop(now, id=drop.id, winners=["Fan1", "Fan2"]), now)

    said = await overlay_at_draw(web_env.base_url, drop.id, 2, tmp_path)

    path = tmp_path / OVERLAY_SHOT
    assert said.startswith(f"the OBS overlay at the draw, as OBS shows it: {path} (Chromium, ")
    alpha = read_alpha(path)
    assert (alpha.width, alpha.height) == SOURCE
    assert alpha.at(0, 0) == 0 and alpha.at(SOURCE[0] - 60, SOURCE[1] - 60) >= 0xCC


async def test_the_demo_says_so_when_the_overlay_does_not_show_the_draw(
    web_env: Web, feed: FeedDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop = await web_env.drawn_drop(web_env.twitch.add_user("fan1"))
    feed.state("none", None, datetime.now(UTC))  # a feed with nothing to show
    monkeypatch.setattr(overlay_shot, "WITHIN_S", 1.0)

    said = await overlay_at_draw(web_env.base_url, drop.id, 1, tmp_path)

    assert said == (
        "the OBS overlay did not show the draw within 1 s (is its feed serving?); its "
        f"screenshot as it was: {tmp_path / OVERLAY_SHOT}"
    )


async def test_a_page_the_feed_refused_follows_it_again_from_its_last_event(
    web_env: Web, feed: FeedDouble, browser: webdriver.Chrome
) -> None:
    now = datetime.now(UTC)
    feed.state("public", sample_drop(now, entrants=5), now)

    def open_page() -> None:
        browser.get(f"{web_env.base_url}/overlay/{CHANNEL}")
        wait_for(browser, lambda: "5 entrants" in panel_text(browser))

    await in_browser(open_page)
    feed.refusals = 1  # the server goes away: the stream ends, and the next one is refused
    await feed.close(web_env.app)
    feed.count(42, 6, now)  # missed while away; the state on the way back carries it
    feed.state("public", sample_drop(now, entrants=6), now)
    await in_browser(lambda: wait_for(browser, lambda: "6 entrants" in panel_text(browser)))

    assert feed.connections == 2 and len(feed.asked_since) == 3
    assert feed.asked_since[0] == "" and feed.asked_since[1] == feed.asked_since[2] == "1"
