"""`/drops`: the public index of drops, page by page, with nothing private on it; crafted page
parameters get 400."""

from __future__ import annotations

import pytest

from bot.drops.book import INDEX_PAGE_SIZE
from tests.fixtures.harness import spec
from tests.web.conftest import Web

HOSTILE = '<script>alert("x")</script>'


async def test_the_index_lists_announced_drops_newest_first_with_links_and_no_entrant(
    web_env: Web,
) -> None:
    fan = web_env.twitch.add_user("secretfan")
    drawn = await web_env.drawn_drop(fan, title=HOSTILE)
    await web_env.service.create(spec(name="plans", title="Unannounced"), draft=True)
    async with web_env.client.get("/drops") as response:
        page = await response.text()
    assert response.status == 200
    assert f'href="/drops/{drawn.id}"' in page
    assert HOSTILE not in page and "&lt;script&gt;" in page  # the title, escaped
    assert "secretfan" not in page and drawn.seed_hex not in page
    assert "Unannounced" not in page  # drafts are not public
    assert 'rel="next"' not in page


async def test_the_index_pages_with_older_and_newer_links(web_env: Web) -> None:
    for number in range(INDEX_PAGE_SIZE + 1):
        await web_env.service.create(spec(name=f"d{number}", channel=f"c{number}"))
    async with web_env.client.get("/drops") as response:
        first = await response.text()
    async with web_env.client.get("/drops?page=2") as response:
        second = await response.text()
    assert 'href="/drops?page=2"' in first and first.count("<tr>") == INDEX_PAGE_SIZE + 1
    assert 'href="/drops?page=1"' in second and second.count("<tr>") == 2
    async with web_env.client.get("/drops?page=3") as response:
        assert response.status == 404


@pytest.mark.parametrize(
    "query",
    ["page=0", "page=-1", "page=abc", "page=1e3", "page=99999999", "page=", "page=1&page=2", "x=1"],
)
async def test_a_crafted_page_parameter_gets_400_with_one_line(web_env: Web, query: str) -> None:
    async with web_env.client.get(f"/drops?{query}") as response:
        text = await response.text()
    assert response.status == 400
    assert "page" in text
