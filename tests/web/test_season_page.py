"""The public season page, /series/{name}: aggregates only, crafted names answered 404/400, and
the page in headless Chromium (screenshot under tests/artifacts/web/)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from bot.config import SeasonSettings
from bot.drops.lift import CAVEAT, SUBSCRIPTIONS
from bot.store.database import SqlUnitOfWork
from tests.drops.season_fixture import CHANNEL, NOW, build_season
from tests.fixtures.browser import in_browser, save_screenshot
from tests.web.conftest import Web


def _season(web_env: Web) -> None:
    with SqlUnitOfWork(web_env.engine) as uow:
        build_season(uow)
        uow.commit()
    web_env.clock.advance(seconds=(NOW - web_env.clock.now()).total_seconds())


async def test_the_season_page_shows_counts_and_no_names(web_env: Web) -> None:
    _season(web_env)

    response = await web_env.client.get(f"/series/tour?channel={CHANNEL}")

    assert response.status == 200
    text = await response.text()
    assert "Season tour" in text and "3 episodes in tour-chan" in text
    assert "67% of 6" in text  # retention at 90 days, pooled over the ended windows
    for name in ("alice", "bob", "carol", "dave", "erin", "frank", "25.00", "2,500"):
        assert name not in text


@pytest.mark.parametrize("settings_overrides", [{"seasons": SeasonSettings(lift=True)}])
async def test_with_lift_on_the_page_shows_it_with_its_caveat(web_env: Web) -> None:
    _season(web_env)
    with SqlUnitOfWork(web_env.engine) as uow:
        uow.audience.listening(CHANNEL, datetime(2026, 2, 1, tzinfo=UTC))
        for hour in (12, 13):  # two subscriptions the day after episode 1
            uow.audience.count(CHANNEL, SUBSCRIPTIONS, datetime(2026, 3, 26, hour, tzinfo=UTC))
        uow.commit()

    response = await web_env.client.get(f"/series/tour?channel={CHANNEL}")

    text = await response.text()
    assert "Lift: the 72 h after each close" in text
    assert "<td>2 (0.00)</td>" in text  # episode 1's subscriptions beside their baseline
    assert CAVEAT[1:] in text  # the caveat, as the page's sentence


async def test_without_lift_the_page_has_no_lift_section(web_env: Web) -> None:
    _season(web_env)
    with SqlUnitOfWork(web_env.engine) as uow:
        uow.audience.listening(CHANNEL, datetime(2026, 2, 1, tzinfo=UTC))
        uow.commit()

    text = await (await web_env.client.get(f"/series/tour?channel={CHANNEL}")).text()

    assert "Lift:" not in text and CAVEAT[1:] not in text


async def test_crafted_and_unknown_names_are_answered_not_failed(web_env: Web) -> None:
    _season(web_env)
    cases = {
        "/series/nothing-here": 404,
        "/series/" + "x" * 65: 404,
        "/series/tour%00": 404,
        "/series/%E2%80%AE%0A": 404,
        "/series/tour": 400,  # in two communities: which one?
        "/series/tour?channel=%0Aevil": 400,
        "/series/tour?channel=elsewhere": 404,
        "/series/tour?channel=tour-chan": 200,
        "/series/'%20OR%201=1--?channel=tour-chan": 404,
    }
    answers = {}
    for path, _ in cases.items():
        async with web_env.client.get(path) as response:
            answers[path] = response.status
    assert answers == cases


async def test_the_season_page_opens_in_a_browser(
    web_env: Web,
    browser: webdriver.Chrome,
) -> None:
    _season(web_env)

    def open_page() -> tuple[str, list[str], Path]:
        browser.set_window_size(1200, 900)
        browser.get(f"{web_env.base_url}/series/tour?channel={CHANNEL}")
        heading = browser.find_element(By.TAG_NAME, "h1").text
        sections = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
        return heading, sections, save_screenshot(browser, "season.png")

    heading, sections, screenshot = await in_browser(open_page)
    assert heading == "Season tour"
    assert sections == [
        "Episodes",
        "Fairness by tier over the season",
        "Supply experiments",
    ]
    assert screenshot.stat().st_size > 1000
