"""A drop on Discord in Spanish (issue 22 item 3): `fairdrop run` against the fake Discord,
through the real discord.py, for a community whose language is "es". Public posts speak the
community's language; a private reply speaks the member's own Discord locale when it is shipped,
else the community's; the slash commands carry Spanish localizations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.config import Settings
from bot.config.drops import TierSettings
from bot.messages import catalog as messages
from bot.messages.catalog import shipped_catalog
from tests.discord.test_e2e_discord import Server, server

__all__ = ["server"]  # the fixture, shared with the English end-to-end tests


@pytest.fixture(autouse=True)
def _shipped_words_again() -> Iterator[None]:
    yield
    messages.install(shipped_catalog())


class SpanishServer(Server):
    def settings(self) -> Settings:
        base = super().settings()
        spoken = base.messages.model_copy(update={"languages": {"main": "es"}})
        return base.model_copy(update={"messages": spoken})


def _command(commands: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(c for c in commands if c["name"] == name)


@pytest.fixture
def spanish(server: Server) -> SpanishServer:
    return SpanishServer(**{f: getattr(server, f) for f in server.__dataclass_fields__})


async def test_slash_commands_carry_spanish_descriptions_and_choices(
    spanish: SpanishServer,
) -> None:
    async with spanish.running():
        commands = spanish.discord.commands(spanish.guild)
    drop = _command(commands, "drop")
    opened = next(o for o in drop["options"] if o["name"] == "open")
    mode = next(o for o in opened["options"] if o["name"] == "mode")

    assert drop["description"] == "Run drops"
    assert drop["description_localizations"]["es-ES"] == "Gestionar drops"
    assert drop["description_localizations"]["es-419"] == "Gestionar drops"
    assert opened["description_localizations"]["es-ES"].startswith("Abrir un drop")
    assert mode["description_localizations"]["es-ES"] == "lottery o fcfs (drops nuevos)"
    lottery = next(c for c in mode["choices"] if c["value"] == "lottery")
    assert lottery["name"] == "lottery" and lottery["name_localizations"]["es-ES"] == "sorteo"
    assert drop["description_localizations"]["de"] and drop["description_localizations"]["pt-BR"]
    assert "fr" not in drop["description_localizations"]  # not shipped


async def test_a_whole_drop_in_spanish_on_discord(spanish: SpanishServer) -> None:
    fake = spanish.discord
    fan_es, fan_en, fan_fi = (fake.add_member(spanish.guild, n) for n in ("ana", "bob", "aino"))
    async with spanish.running():
        opened = await fake.slash(
            spanish.moderator, "drop open", name="sudadera", supply=2, early="0s",
            duration="10m", locale="es-ES",
        )  # fmt: skip
        assert "El drop **sudadera** está abierto" in await opened.wait_content()
        post = await spanish.post()
        shown = str(post.embeds)
        assert "2 unidades, sorteadas al cierre." in shown and "Participantes" in shown
        assert post.component(post.custom_ids[0])["label"] == "Participar"

        said = {}
        for fan, locale in ((fan_es, "es-ES"), (fan_en, "en-US"), (fan_fi, "fi")):
            entered = await fake.press(fan, post, post.custom_ids[0], locale=locale)
            said[locale] = await entered.wait_content()
            assert entered.ephemeral
        # Their own language when shipped, else the community's.
        assert said["es-ES"].startswith("Estás dentro del drop **sudadera**")
        assert said["en-US"].startswith("You're in the **sudadera** drop")
        assert said["fi"].startswith("Estás dentro del drop **sudadera**")

        closed = await fake.slash(spanish.moderator, "drop close", locale="es-ES")
        assert "2 ganadores entre 3 participantes" in await closed.wait_content()
        (drawn,) = await fake.wait_for_message(
            spanish.announce, lambda m: "ya está sorteado" in m.content, within=10
        )
        assert "pulsen **Mi código**" in drawn.content
        winner = next(f for f in (fan_es, fan_en, fan_fi) if f"<@{f.id}>" in drawn.content)
        dms = await fake.wait_until(lambda: fake.dms_to(winner), within=10)
        assert "Código corto: `" in dms[0].content  # a DM: the community's language


async def test_the_engines_refusal_is_said_in_the_members_language(spanish: SpanishServer) -> None:
    fake = spanish.discord
    async with spanish.running():
        opened = await fake.slash(
            spanish.moderator, "drop open", name="sudadera", supply=2, early="0s",
            duration="10m", locale="es-ES",
        )  # fmt: skip
        await opened.wait_content()
        said = {}
        for locale in ("de", "es-ES", "fi"):
            again = await fake.slash(
                spanish.moderator, "drop open", name="gorra", supply=1, locale=locale
            )
            said[locale] = await again.wait_content()
            assert again.ephemeral
    # Their own language when shipped, else the community's (Spanish); never English.
    assert said["de"] == (
        "Drop 'sudadera' ist in diesem Kanal noch offen; schließe oder storniere ihn zuerst"
    )
    assert said["es-ES"] == (
        "el drop 'sudadera' sigue abierto en este canal; ciérralo o cancélalo primero"
    )
    assert said["fi"] == said["es-ES"]


BAD_ROWS = (
    b"account,display_name\n"
    b"bad!,x\n"
    b"twitch:abc,y\n"
    b"twitch:1,a,b\n"
    b"twitch:5,ok\n"
    b"twitch:5,**again**\n"
    b"@everyone,x\n"
)


async def test_a_rejected_import_is_said_in_the_members_language(spanish: SpanishServer) -> None:
    # The summary and every bad row in the moderator's own Discord language (German), else the
    # community's (Spanish for a French client); what the file said stays inert.
    fake = spanish.discord
    async with spanish.running():
        made = await fake.slash(spanish.moderator, "alloc create", name="vips", kind="early")
        await made.wait_content()
        said = {}
        for locale in ("es-ES", "de", "fr"):
            rejected = await fake.slash(
                spanish.moderator, "alloc import", name="vips",
                file=("bad.csv", BAD_ROWS), locale=locale,
            )  # fmt: skip
            said[locale] = await rejected.wait_content()
            assert rejected.ephemeral
        listed = await fake.slash(spanish.moderator, "alloc list", locale="es-ES")
        shown = await listed.wait_content()

    assert said["es-ES"].splitlines() == [
        "5 filas erróneas; no se importó nada:",
        "• línea 2: 'bad!' no es ni una cuenta ni un usuario de Twitch",
        "• línea 3: 'twitch:abc' no es una cuenta como twitch:12345 o discord:67890",
        "• línea 4: 3 columnas, se esperaban 2 como mucho",
        "• línea 6: twitch:5 ya está en la línea 5",
        "• línea 7: '@\u200beveryone' no es ni una cuenta ni un usuario de Twitch",
    ]
    assert said["de"].splitlines() == [
        "5 fehlerhafte Zeilen; nichts wurde importiert:",
        "• Zeile 2: 'bad!' ist weder ein Konto noch ein Twitch-Login",
        "• Zeile 3: 'twitch:abc' ist kein Konto wie twitch:12345 oder discord:67890",
        "• Zeile 4: 3 Spalten, höchstens 2 erwartet",
        "• Zeile 6: twitch:5 steht schon in Zeile 5",
        "• Zeile 7: '@\u200beveryone' ist weder ein Konto noch ein Twitch-Login",
    ]
    assert said["fr"] == said["es-ES"]  # not shipped: the community's language
    assert "**vips** (early): 0 " in shown  # nothing was imported


async def test_a_file_without_the_header_is_said_in_spanish(spanish: SpanishServer) -> None:
    fake = spanish.discord
    async with spanish.running():
        await (
            await fake.slash(spanish.moderator, "alloc create", name="vips", kind="early")
        ).wait_content()
        rejected = await fake.slash(
            spanish.moderator, "alloc import", name="vips",
            file=("bad.csv", b"name,account\ntwitch:1,a\n"), locale="es-419",
        )  # fmt: skip
        said = await rejected.wait_content()

    assert said.splitlines() == [
        "1 fila errónea; no se importó nada:",
        "• línea 1: la cabecera debe ser account,display_name",
    ]


async def test_a_rule_refusal_is_said_in_spanish_not_taken_for_a_failure(
    spanish: SpanishServer,
) -> None:
    # A RuleError is a Refusal but neither a DropError nor a ListError: a tier whose rule does
    # not parse (a config made in code: the loader refuses it at start) meets /drop open.
    spanish.drops = {"tiers": [TierSettings(name="all", rules=["badge:king"])]}
    async with spanish.running():
        opened = await spanish.discord.slash(
            spanish.moderator, "drop open", name="sudadera", locale="es-ES"
        )
        said = await opened.wait_content()

    assert said.startswith("insignia de Twitch desconocida 'king' (una de "), said
