"""Entry keywords: what a keyword may be, and that two drops of a community never share one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.drops.keyring import Keyring
from bot.drops.keywords import COMMAND_WORDS, keyword_of
from bot.drops.model import DropSpec
from bot.drops.service import DropService
from bot.kernel.errors import InvalidSpec
from bot.store.hot_memory import MemoryHotState
from bot.twitch import commands as cmd
from tests.fakes.memory_store import InlineTransactions, MemoryData, MemoryUnitOfWork
from tests.fixtures.harness import START, ManualClock, seeded_bytes


@pytest.mark.parametrize(
    ("typed", "keyword"),
    [
        ("!hoodie", "!hoodie"),
        ("!Hoodie", "!hoodie"),
        ("hoodie", "!hoodie"),
        ("!pin-2_x", "!pin-2_x"),
    ],
)
def test_a_keyword_is_one_plain_chat_word(typed: str, keyword: str) -> None:
    assert keyword_of(typed) == keyword


@pytest.mark.parametrize(
    "typed",
    [
        "/ban",  # Twitch's own commands
        ".me",
        "/me hi",
        "@everyone",  # mentions
        "!@streamer",
        "!hood ie",  # one word
        "!clаim",  # noqa: RUF001 (a Cyrillic a: a look-alike of !claim)
        "！claim",  # noqa: RUF001 (a fullwidth !)
        "!ｃｌａｉｍ",  # noqa: RUF001 (fullwidth letters)
        "!claim\u200b",  # a zero-width space after a command
        "!" + "a" * 25,  # too long
        "!",
        "",
        "!**bold**",
        "!<@&123>",
    ],
)
def test_hostile_or_malformed_keywords_are_refused_in_one_line(typed: str) -> None:
    with pytest.raises(InvalidSpec) as refused:
        keyword_of(typed)
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 120


@pytest.mark.parametrize("typed", ["!claim", "!ENTER", "drop", "!link"])
def test_a_keyword_may_not_be_one_of_the_bots_commands(typed: str) -> None:
    with pytest.raises(InvalidSpec, match="one of the bot's commands"):
        keyword_of(typed)


def test_every_command_chat_parses_is_a_reserved_word() -> None:
    for word in ("claim", "enter", "drop", "link"):
        assert f"!{word}" in COMMAND_WORDS
        assert cmd.parse(f"!{word} x y", {f"!{word}": "other"}) is not None
    # and a word that is not a command is only a keyword when the channel has it
    assert cmd.parse("!hoodie") is None
    assert cmd.parse("!hoodie now", {"!hoodie": "hoodie"}) == cmd.ClaimCommand("hoodie")
    assert cmd.parse("!gimme", {"!gimme": None}) == cmd.ClaimCommand()
    assert cmd.parse("hoodie", {"!hoodie": "hoodie"}) is None  # words need their !


@pytest.fixture
def service() -> DropService:
    data, clock = MemoryData(), ManualClock()
    tx = InlineTransactions(lambda: MemoryUnitOfWork(data))
    return DropService(
        tx, MemoryHotState(), Keyring.new(START, seeded_bytes(1)), clock, seeded_bytes(2)
    )


SPEC = DropSpec(name="hoodie", title="Hoodie", supply=4, channel="stream", keyword="!Hoodie")


async def test_the_keyword_is_kept_with_the_drop(service: DropService) -> None:
    drop = await service.create(SPEC)
    assert drop.spec.keyword == "!hoodie"
    assert (await service.get(drop.id)).spec.keyword == "!hoodie"


async def test_another_drop_of_the_community_may_not_take_a_keyword_in_use(
    service: DropService,
) -> None:
    await service.create(replace(SPEC, name="first"), draft=True)
    with pytest.raises(InvalidSpec, match="taken by drop 'first'"):
        await service.create(replace(SPEC, name="second"))
    # in another community the word is free
    await service.create(replace(SPEC, name="second", channel="other"))


async def test_a_keyword_is_free_again_once_its_drop_is_over(service: DropService) -> None:
    await service.create(replace(SPEC, name="first"))
    await service.cancel("stream", "first")
    assert (await service.create(replace(SPEC, name="second"))).spec.keyword == "!hoodie"
