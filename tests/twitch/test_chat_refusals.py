"""The engine's refusals and a drop's state said in chat in the community's language (issue 22):
the core raises them typed, the chat gateway says them through the catalog."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from bot.config import Settings
from bot.config.drops import DropDefaults, TierSettings
from bot.messages import catalog as messages
from bot.messages.catalog import shipped_catalog
from bot.twitch.chat import ChatGateway
from tests.fixtures.harness import ManualClock
from tests.twitch.test_chat_gateway import Chat, gateway

__all__ = ["gateway"]  # the fixture, shared with the gateway's other tests


@pytest.fixture
def speaks() -> Iterator[Callable[[str], None]]:
    def speak(language: str) -> None:
        messages.install(shipped_catalog(languages={"stream": language}))

    yield speak
    messages.install(shipped_catalog())


Gateway = tuple[ChatGateway, Chat, ManualClock]
Speak = Callable[[str], None]


async def test_a_second_open_is_refused_in_spanish(gateway: Gateway, speaks: Speak) -> None:
    bot, chat, _ = gateway
    speaks("es")
    await bot.handle(chat.message("9", "!drop open hoodie supply=2 early=0s", "moderator"))
    await bot.handle(chat.message("9", "!drop open hoodie supply=2 early=0s", "moderator"))
    assert chat.said == [
        (
            "stream",
            "el drop 'hoodie' sigue abierto en este canal; ciérralo o cancélalo primero (@fan9)",
        )
    ]


async def test_a_refusal_naming_what_was_typed_is_said_in_german(
    gateway: Gateway, speaks: Speak
) -> None:
    bot, chat, _ = gateway
    speaks("de")
    await bot.handle(chat.message("9", "!drop close", "moderator"))
    await bot.handle(chat.message("9", "!drop close sudadera", "moderator"))
    assert chat.said == [
        ("stream", "hier läuft kein Drop (@fan9)"),
        ("stream", "hier gibt es keinen Drop namens 'sudadera' (@fan9)"),
    ]


async def test_english_refusals_read_as_the_engine_logs_them(gateway: Gateway) -> None:
    bot, chat, _ = gateway
    await bot.handle(chat.message("9", "!drop open hoodie supply=2 early=0s", "moderator"))
    await bot.handle(chat.message("9", "!drop open tee", "moderator"))
    refused = "drop 'hoodie' is still public in this channel; close or cancel it first"
    assert chat.said == [("stream", f"{refused} (@fan9)")]


async def test_a_drops_state_is_said_in_the_communitys_words(
    gateway: Gateway, speaks: Speak
) -> None:
    bot, chat, _ = gateway
    speaks("pt-BR")
    await bot.handle(chat.message("9", "!drop open hoodie supply=2 early=0s", "moderator"))
    await bot.handle(chat.message("9", "!drop status", "moderator"))
    ((_, said),) = chat.said
    assert said.startswith("drop hoodie: aberto, 0 participantes"), said


async def test_a_rule_refusal_is_said_in_chat_not_logged_as_a_failure(
    gateway: Gateway, speaks: Speak, caplog: pytest.LogCaptureFixture
) -> None:
    # A RuleError is a Refusal but not a DropError: the gateway says every kind of refusal.
    # Here a tier whose rule does not parse (a config made in code, not read by the loader,
    # which refuses it at start), met by `!drop open` as it builds the drop's tiers.
    bot, chat, _ = gateway
    bot.settings = Settings(
        drops=DropDefaults(tiers=[TierSettings(name="all", rules=["badge:king"])])
    )
    speaks("es")
    await bot.handle(chat.message("9", "!drop open hoodie supply=2", "moderator"))
    ((_, said),) = chat.said
    assert said.startswith("insignia de Twitch desconocida 'king'"), said
    assert said.endswith("(@fan9)")
    assert not [r for r in caplog.records if "failed" in r.getMessage()]
