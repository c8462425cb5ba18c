"""A transcript asked for before it exists is refused in the reader's language (issue 22): the
engine's refusal, typed, said by the page in the browser's language."""

from __future__ import annotations

from datetime import timedelta

from bot.gating.rules import EVERYONE, Tier
from tests.fixtures.harness import spec
from tests.web.conftest import Web


async def test_a_transcript_before_the_draw_is_refused_in_the_browsers_language(
    web_env: Web,
) -> None:
    public = (Tier("public", EVERYONE, timedelta(0), 1),)
    drop = await web_env.service.create(spec(supply=2, tiers=public))
    path = f"/drops/{drop.id}/transcript.json"
    said = {}
    for language in ("es", "de", "en"):
        async with web_env.client.get(path, headers={"Accept-Language": language}) as response:
            assert response.status == 404
            said[language] = await response.text()
    assert said["es"] == "el drop 'hoodie' aún no se ha sorteado; no hay transcripción"
    assert said["de"] == "Drop 'hoodie' ist noch nicht ausgelost; kein Protokoll"
    assert said["en"] == "drop 'hoodie' has not been drawn yet; no transcript"


async def test_an_unknown_drops_transcript_is_refused_in_the_browsers_language(
    web_env: Web,
) -> None:
    async with web_env.client.get(
        "/drops/999/transcript.json", headers={"Accept-Language": "pt-BR"}
    ) as response:
        assert response.status == 404
        assert await response.text() == "nenhum drop com o número 999"
