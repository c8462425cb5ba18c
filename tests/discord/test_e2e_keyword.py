"""`/drop open keyword:` through the real discord.py against the fake Discord: the keyword is
stored with the drop (for the Twitch process to read), and a bad one is refused in one line."""

from __future__ import annotations

from bot.communities import CommunitySettings
from bot.store.database import SqlUnitOfWork, make_engine
from tests.discord.test_e2e_discord import Server, server

__all__ = ["server"]


async def test_a_drop_opened_on_discord_keeps_its_keyword(server: Server) -> None:
    server.communities = {"main": CommunitySettings(claim_aliases=["!gimme"])}
    async with server.running():
        fake, mod = server.discord, server.moderator
        refused = await fake.slash(mod, "drop open", name="hoodie", keyword="!gimme")
        said = await refused.wait_content()
        assert refused.ephemeral and "taken by an alias of !claim" in said and "\n" not in said
        refused = await fake.slash(mod, "drop open", name="hoodie", keyword="@everyone")
        assert "must be ! and 1-24 letters" in await refused.wait_content()
        opened = await fake.slash(mod, "drop open", name="hoodie", keyword="!Hoodie", early="0s")
        assert "is open" in await opened.wait_content()
    engine = make_engine(server.settings().database.url)
    try:
        with SqlUnitOfWork(engine) as uow:
            drop = uow.drops.by_name("main", "hoodie")
    finally:
        engine.dispose()
    assert drop is not None and drop.spec.keyword == "!hoodie"
