"""A drop in Spanish from Twitch chat (issue 22 item 3): `fairdrop run` against the fake Twitch,
through the real twitchio, for a community whose language is "es"; its claim page answers a
Spanish browser in Spanish."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.messages import catalog as messages
from bot.messages.catalog import shipped_catalog
from fakeplatforms.twitch import FakeTwitch
from tests.twitch.test_e2e_drop import running


@pytest.fixture(autouse=True)
def _shipped_words_again() -> Iterator[None]:
    yield
    messages.install(shipped_catalog())


async def test_a_lottery_in_spanish_from_chat_to_the_claim_page(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    spoken: dict[str, object] = {"languages": {"stream": "es"}}
    async with running(fake_twitch, tmp_path, web=True, messages=spoken) as live:
        twitch, streamer = live.twitch, live.streamer
        await twitch.chat(streamer, streamer, "!drop open sudadera supply=2 for=10m early=0s")
        (opened,) = await live.wait_said('¡El drop "sudadera" ya está abierto para todos!')
        assert "2 unidades, ganadores sorteados al cierre" in opened
        assert "Escribe !claim para participar" in opened
        for i in range(3):
            await twitch.chat(streamer, f"fan{i}", "!claim")
        acks = await live.wait_said("Estás en el drop sudadera:")
        assert sum(t.count("@fan") for t in acks) == 3
        await twitch.chat(streamer, "fan0", "!claim")
        await live.wait_said("Ya estás en el drop sudadera, una participación por persona:")
        await twitch.chat(streamer, "viewer", "!drop close")
        (refused,) = await live.wait_said("solo quien emite y sus moderadores")
        assert refused.endswith("(@viewer)")
        await twitch.chat(streamer, streamer, "!drop close")
        (drawn,) = await live.wait_said('Drop "sudadera" sorteado: 2 ganadores entre 3')
        assert 'Ganadores de "sudadera":' in drawn and drawn.count("@fan") == 2
        assert "Ganadores: inicien sesión en https://drops.example/claim/sudadera" in drawn
        assert not any("You're in" in t or "is drawn" in t for t in live.said())

        web = live.settings.web
        async with (
            aiohttp.ClientSession() as http,
            http.get(
                f"http://{web.host}:{web.port}/claim/sudadera",
                headers={"Accept-Language": "es-ES,es;q=0.9"},
            ) as page,
        ):
            html = await page.text()
        assert page.status == 200 and '<html lang="es">' in html
        assert "Iniciar sesión con Twitch" in html and "Tu código: sudadera" in html
