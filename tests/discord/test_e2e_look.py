"""The drop's look on Discord, end to end: `fairdrop run` against the fake Discord through the
real discord.py; the embed's colour, the title, the button's label and emoji are read off what
the fake recorded, as Discord would have received them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.communities import CommunitySettings
from bot.discord.posts import COLOURS
from bot.drops.model import DropState
from bot.messages import catalog as messages
from bot.messages.catalog import shipped_catalog
from fakeplatforms.discord import FakeMessage
from tests.discord.test_e2e_discord import Server, server

__all__ = ["server"]

CUSTOM = "<:hoodie:123456789012345678>"


@pytest.fixture(autouse=True)
def _shipped_words_again() -> Iterator[None]:
    yield
    messages.install(shipped_catalog())  # no test leaves its overrides to the next


def _button(post: FakeMessage) -> dict[str, Any]:
    return post.component(post.custom_ids[0])


async def _open_and_close(server: Server) -> tuple[FakeMessage, FakeMessage]:
    """The post as the drop opened, and as it is once the drop closed (edited in place)."""
    async with server.running():
        fake = server.discord
        opened = await fake.slash(server.moderator, "drop open", name="hoodie", early="0s")
        await opened.wait_content()
        post = await server.post()
        as_opened = FakeMessage(**{**post.__dict__, "edits": []})
        closed = await fake.slash(server.moderator, "drop close", name="hoodie")
        await closed.wait_content()
        label = _button(as_opened)["label"]
        await fake.wait_until(lambda: _button(post)["label"] != label, within=10)
    return as_opened, post


async def test_a_community_without_a_look_keeps_fairdrops_own(server: Server) -> None:
    opened, closed = await _open_and_close(server)

    assert opened.embeds[0]["color"] == COLOURS[DropState.PUBLIC]
    assert opened.embeds[0]["title"] == "hoodie"
    assert _button(opened)["label"] == "Enter" and "emoji" not in _button(opened)
    assert _button(closed)["label"] == "Get my code"
    assert closed.embeds[0]["color"] != COLOURS[DropState.PUBLIC]  # coloured by state


async def test_the_communitys_colour_emoji_and_words_show_on_the_post(server: Server) -> None:
    server.communities = {"main": CommunitySettings(colour="#FF8800", emoji=CUSTOM)}
    server.messages = server.tmp_path / "messages"
    server.messages.mkdir()
    (server.messages / "main.ftl").write_text(
        "discord-button-enter = Grab yours\n"
        "discord-button-get-code = Show my code\n"
        "discord-post-title = { $emoji }{ $title }, the merch drop\n",
        encoding="utf-8",
    )

    opened, closed = await _open_and_close(server)

    assert opened.embeds[0]["color"] == 0xFF8800
    assert closed.embeds[0]["color"] == 0xFF8800  # the community's colour in every state
    # A custom emoji goes on the button (an embed title would show it as text).
    assert opened.embeds[0]["title"] == "hoodie, the merch drop"
    button = _button(opened)
    assert button["label"] == "Grab yours"
    assert (
        str(button["emoji"]["id"]) == "123456789012345678" and button["emoji"]["name"] == "hoodie"
    )
    assert _button(closed)["label"] == "Show my code"
    assert _button(closed)["emoji"]["name"] == "hoodie"


async def test_a_unicode_emoji_leads_the_title_and_sits_on_the_button(server: Server) -> None:
    server.communities = {"main": CommunitySettings(emoji="🧥")}

    opened, _ = await _open_and_close(server)

    assert opened.embeds[0]["title"] == "🧥 hoodie"
    assert _button(opened)["emoji"]["name"] == "🧥"
    assert opened.embeds[0]["color"] == COLOURS[DropState.PUBLIC]
