"""The web in the reader's language (issue 22 item 3): a page is said in the browser's language
(Accept-Language) when it is shipped, else in the drop's community's, else the default; numbers
and dates are written the way that language writes them; the partner API's `message` too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.messages import catalog as messages
from bot.messages.catalog import shipped_catalog
from bot.web.speech import asked_languages
from tests.fixtures.harness import CHANNEL
from tests.web.conftest import Web
from tests.web.test_claim_page import log_in

SPANISH = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}
CHECK = "/api/v1/codes/check"


@pytest.fixture(autouse=True)
def _shipped_words_again() -> Iterator[None]:
    yield
    messages.install(shipped_catalog())


async def _get(web: Web, path: str, headers: dict[str, str] | None = None) -> tuple[str, Any]:
    async with web.client.get(path, headers=headers or {}) as response:
        assert response.status == 200, await response.text()
        return await response.text(), response.headers


def test_accept_language_is_read_most_wanted_first_and_its_junk_skipped() -> None:
    assert asked_languages("de;q=0.3, es-ES , en;q=0.8, *;q=0.1") == ["es-ES", "en", "de"]
    assert asked_languages("es;q=0, fr;q=abc, <script>, pt-BR") == ["pt-BR"]
    assert asked_languages("") == []


async def test_the_claim_page_speaks_the_browsers_language(web_env: Web) -> None:
    fan = web_env.twitch.add_user("suertuda")
    drop = await web_env.drawn_drop(fan, title="Sudadera <b>edición</b>")

    html, headers = await _get(web_env, f"/claim/{drop.id}", SPANISH)

    assert '<html lang="es">' in html and headers["Content-Language"] == "es"
    assert "Iniciar sesión con Twitch" in html and "Log in with Twitch" not in html
    assert "Tu código: Sudadera &lt;b&gt;edición&lt;/b&gt;" in html
    assert "Accept-Language" in headers["Vary"]
    await log_in(web_env, fan, drop.id)
    html, _ = await _get(web_env, f"/claim/{drop.id}", SPANISH)
    assert "Listo para usar" in html and "Cerrar sesión" in html
    assert "Válido hasta el " in html and " UTC." in html


async def test_without_a_shipped_browser_language_the_community_language_is_used(
    web_env: Web,
) -> None:
    messages.install(shipped_catalog(languages={CHANNEL: "es"}))
    drop = await web_env.drawn_drop(web_env.twitch.add_user("fan"))

    spanish, _ = await _get(web_env, f"/claim/{drop.id}", {"Accept-Language": "fi, sv;q=0.5"})
    english, _ = await _get(web_env, f"/claim/{drop.id}", {"Accept-Language": "en-GB"})

    assert "Iniciar sesión con Twitch" in spanish
    assert "Log in with Twitch" in english


async def test_the_transparency_page_is_built_once_per_language(web_env: Web) -> None:
    users = [web_env.twitch.add_user(f"fan{i}") for i in range(3)]
    drop = await web_env.drawn_drop(*users)

    spanish, es_headers = await _get(web_env, f"/drops/{drop.id}", SPANISH)
    english, en_headers = await _get(web_env, f"/drops/{drop.id}")

    assert "Comprueba el sorteo tú mismo" in spanish and "Ganadores" in spanish
    assert "Check the draw yourself" in english
    assert es_headers["ETag"] != en_headers["ETag"]
    assert "Accept-Language" in es_headers["Vary"]


async def test_the_drop_index_writes_dates_the_spanish_way(web_env: Web) -> None:
    await web_env.drawn_drop(web_env.twitch.add_user("fan"))

    html, _ = await _get(web_env, "/drops", SPANISH)

    assert "comunidad" in html and " UTC" in html
    assert any(month in html for month in ("ene", "feb", "dic", "nov", "oct", "sept"))


async def test_the_partner_api_message_speaks_the_callers_language(web_env: Web) -> None:
    drop = await web_env.drawn_drop(web_env.twitch.add_user("fan"))
    key = await web_env.partner_key(drops=(drop.id,))
    headers = {"Authorization": f"Bearer {key}", **SPANISH}

    async with web_env.client.post(CHECK, data="[1]", headers=headers) as response:
        spanish = await response.json()
    async with web_env.client.post(
        CHECK, json={"code": "nope"}, headers={"Authorization": f"Bearer {key}"}
    ) as response:
        english = await response.json()

    assert spanish["error"]["message"] == "envía un cuerpo JSON con Content-Type: application/json"
    assert english["error"]["code"] == "unknown_code"
    assert english["error"]["message"].startswith("no such code")
