"""The overlay page as OBS loads it: its data, its words, its theme, its security, its QR code.

What the page does with the feed is in test_overlay_browser.py (headless Chromium).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.messages import catalog as messages
from bot.messages.catalog import parse, shipped_catalog, shipped_files
from bot.web.overlay.site import qr
from bot.web.public_server import make_public_app
from tests.fixtures.harness import CHANNEL
from tests.messages.test_no_sentences_in_code import ROOT, findings
from tests.web.conftest import Web

DATA = re.compile(r'<script type="application/json" id="overlay-data">(.*?)</script>', re.S)
STYLE = re.compile(r"<style>(.*?)</style>", re.S)


@pytest.fixture(autouse=True)
def _shipped_words_again() -> Iterator[None]:
    yield
    messages.install(shipped_catalog())


async def get_page(web_env: Web, path: str) -> tuple[str, dict[str, Any], str, str]:
    """The page at `path`: its HTML, its data, its inline style and its CSP."""
    response = await web_env.client.get(path)
    assert response.status == 200, await response.text()
    html = await response.text()
    data_block, style = DATA.search(html), STYLE.search(html)
    assert data_block is not None and style is not None
    return html, json.loads(data_block[1]), style[1], response.headers["Content-Security-Policy"]


async def test_a_communitys_overlay_follows_its_feed_with_the_catalogs_words(
    web_env: Web,
) -> None:
    _, data, _, _ = await get_page(web_env, f"/overlay/{CHANNEL}")

    assert data["feed"] == f"{CHANNEL}/events"  # beside the page: /overlay/<community>/events
    assert "preview" not in data
    assert data["strings"]["overlay-phase-scheduled"] == "Next drop"
    assert data["strings"]["overlay-closes-in"] == "Closes in {countdown}"
    assert data["counted"]["overlay-entrants"] == {
        "one": "{entrants} entrant",
        "other": "{entrants} entrants",
    }


async def test_a_community_is_found_whatever_the_case_of_its_name_in_the_address(
    web_env: Web,
) -> None:
    _, data, _, _ = await get_page(web_env, f"/overlay/{CHANNEL.upper()}")

    assert data["feed"] == f"{CHANNEL}/events"


async def test_a_drops_overlay_follows_that_drops_feed(web_env: Web) -> None:
    drop = await web_env.drawn_drop(web_env.twitch.add_user("fan1"))

    _, data, _, _ = await get_page(web_env, f"/overlay/drop/{drop.id}")

    assert data["feed"] == f"../../drops/{drop.id}/events"
    assert data["qr"] == "../../drops/{id}/qr.svg"


async def test_every_address_in_the_page_is_relative_so_it_works_under_a_path(
    web_env: Web,
) -> None:
    for path in (f"/overlay/{CHANNEL}", f"/overlay/{CHANNEL}/preview"):
        html, data, _, _ = await get_page(web_env, path)

        addresses = [*re.findall(r'(?:src|href)="([^"]*)"', html), data["qr"]]
        assert addresses and all(a.startswith("../") for a in addresses), addresses


@pytest.mark.parametrize(
    "path", [f"/overlay/{CHANNEL}x", "/overlay/drop/999", "/overlay/drop/x", "/overlay/x/preview"]
)
async def test_no_overlay_for_a_community_or_drop_fairdrop_does_not_know(
    web_env: Web, path: str
) -> None:
    response = await web_env.client.get(path)

    assert response.status == 404
    assert "No overlay here" in await response.text()


async def test_the_only_inline_style_is_allowed_by_its_hash_and_no_script_is_inline(
    web_env: Web,
) -> None:
    html, _, style, policy = await get_page(web_env, f"/overlay/{CHANNEL}")

    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in policy
    assert "script-src 'self';" in policy and "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy
    scripts = re.findall(r"<script([^>]*)>", html)
    assert sorted(scripts) == sorted(
        [' type="application/json" id="overlay-data"', ' src="../static/overlay.js" defer']
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param(
            "", {"--accent:#9146ff", "--scale:1", "--font:system-ui, sans-serif"}, id="defaults"
        ),
        pytest.param(
            "?accent=ff4500&text=%23000&panel=%2300000080&scale=1.5&font=Open%20Sans",
            {"--accent:#ff4500", "--text:#000", "--panel:#00000080", "--scale:1.5",
             '--font:"Open Sans", system-ui, sans-serif'},
            id="chosen",
        ),
        pytest.param(
            "?accent=red;}body{background:red}&text=url(x)&scale=1e9&font=x%22;}*{color:red",
            {"--accent:#9146ff", "--text:#ffffff", "--scale:1", "--font:system-ui, sans-serif"},
            id="crafted",
        ),
        pytest.param(
            "?scale=nan&panel=%23zzzzzz&font=" + "a" * 80, {"--scale:1", "--panel:#0e0e10cc"},
            id="odd",
        ),
    ],
)  # fmt: skip
async def test_query_parameters_change_the_theme_only_with_checked_values(
    web_env: Web, query: str, expected: set[str]
) -> None:
    _html, _, style, _ = await get_page(web_env, f"/overlay/{CHANNEL}{query}")

    assert expected <= set(style.removeprefix(":root{").removesuffix("}").split(";"))
    assert style.count("{") == 1 and style.count("}") == 1 and "url(" not in style


@pytest.mark.parametrize(
    ("position", "shown"),
    [("top-left", "top-left"), ("bottom-left", "bottom-left"), ("middle", "bottom-right")],
)
async def test_the_corner_comes_from_the_query_or_stays_the_configured_one(
    web_env: Web, position: str, shown: str
) -> None:
    html, _, _, _ = await get_page(web_env, f"/overlay/{CHANNEL}?position={position}")

    assert f'<body class="corner-{shown}"' in html


async def test_a_streamers_override_of_an_overlay_message_is_what_the_page_shows(
    web_env: Web,
) -> None:
    override = parse("overlay-closes-in = Last call: { $countdown }\n", "test")
    shipped = [parse(text, name) for name, text in shipped_files()]
    messages.install(messages.Catalog(shipped, {CHANNEL: override}))

    _, data, _, _ = await get_page(web_env, f"/overlay/{CHANNEL}")

    assert data["strings"]["overlay-closes-in"] == "Last call: {countdown}"


async def test_a_drops_qr_code_holds_its_transparency_address_and_nothing_else(
    web_env: Web,
) -> None:
    drop = await web_env.drawn_drop(web_env.twitch.add_user("fan1"))

    response = await web_env.client.get(f"/drops/{drop.id}/qr.svg")

    assert response.status == 200
    assert response.content_type == "image/svg+xml"
    assert await response.text() == qr(f"{web_env.base_url}/drops/{drop.id}")
    assert (await web_env.client.get("/drops/999/qr.svg")).status == 404


async def test_no_code_token_or_account_id_reaches_the_page_or_its_qr_code(web_env: Web) -> None:
    fans = [web_env.twitch.add_user(f"fan{i}", id=f"98765432{i}") for i in range(3)]
    drop = await web_env.drawn_drop(*fans, supply=3)
    secrets: list[str] = []
    for fan in fans:
        collected = await web_env.service.collect_for_account(drop.id, f"twitch:{fan.id}")
        secrets += [c.short_code for c in collected.codes] + [c.token for c in collected.codes]
        secrets += [fan.id, f"twitch:{fan.id}"]
    assert len(secrets) == 3 * 4

    shown = [
        (await get_page(web_env, f"/overlay/drop/{drop.id}"))[0],
        (await get_page(web_env, f"/overlay/{CHANNEL}"))[0],
        (await get_page(web_env, f"/overlay/{CHANNEL}/preview"))[0],
        await (await web_env.client.get(f"/drops/{drop.id}/qr.svg")).text(),
    ]

    for text in shown:
        assert not [
            s for s in secrets if re.search(rf"(?<![0-9A-Za-z]){re.escape(s)}(?![0-9A-Za-z])", text)
        ]


def test_the_overlays_code_says_no_sentence_of_its_own() -> None:
    # bot/web is allowed its sentences for now (tests/messages/test_no_sentences_in_code.py);
    # the overlay is held to the rule itself. Its Content-Security-Policy reads like words.
    paths = [
        *sorted((ROOT / "bot" / "web" / "overlay").glob("*.py")),
        ROOT / "bot" / "overlay_theme.py",
    ]

    found = [f for path in paths for f in findings(path)]

    assert [f for f in found if "-src " not in f] == []


async def test_the_public_listener_serves_the_overlay_and_the_qr_codes_too(web_env: Web) -> None:
    drop = await web_env.drawn_drop(web_env.twitch.add_user("fan1"))
    public = make_public_app(web_env.service.public, web_env.settings)

    async with TestClient(TestServer(public)) as reader:
        for path in (
            f"/overlay/{CHANNEL}",
            f"/overlay/{CHANNEL}/preview",
            f"/overlay/drop/{drop.id}",
            f"/drops/{drop.id}/qr.svg",
            "/static/overlay.js",
            "/static/overlay.css",
        ):
            assert (await reader.get(path)).status == 200, path
