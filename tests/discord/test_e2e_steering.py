"""Steering a drop from Discord (issue 23 item 2), end to end: `fairdrop run` against the fake
Discord through the real discord.py: pause and resume with the time left kept, and edits of a
scheduled drop before it opens (refused once it is open)."""

from __future__ import annotations

from tests.discord.test_e2e_discord import Server, server

__all__ = ["server"]


async def test_a_paused_drop_refuses_entries_and_resumes_with_its_time_left(server: Server) -> None:
    fake = server.discord
    fan = fake.add_member(server.guild, "fan")
    async with server.running():
        opened = await fake.slash(
            server.moderator, "drop open", name="cap", early="0s", duration="10m"
        )
        await opened.wait_content()
        post = await server.post()
        refused = await fake.slash(fan, "drop pause")
        assert "Manage Server" in await refused.wait_content()

        paused = await fake.slash(server.moderator, "drop pause")
        said = await paused.wait_content()
        assert paused.ephemeral and said.startswith("Drop **cap**: paused with ")
        assert "of entries left" in said
        await fake.wait_for_message(
            server.announce, lambda m: "is paused by a moderator" in m.content
        )
        pressed = await fake.press(fan, post, post.custom_ids[0])
        told = await pressed.wait_content()
        assert pressed.ephemeral and told == (
            "The **cap** drop is paused by a moderator; press again once it resumes."
        )
        again = await fake.slash(server.moderator, "drop pause")
        assert "paused" in await again.wait_content()  # said once, not paused twice

        resumed = await fake.slash(server.moderator, "drop resume")
        said = await resumed.wait_content()
        assert said.startswith("Drop **cap**: resumed; entries close <t:")
        await fake.wait_for_message(server.announce, lambda m: "is running again" in m.content)
        entered = await fake.press(fan, post, post.custom_ids[0])
        assert "You're in the" in await entered.wait_content()


async def test_a_scheduled_drop_is_edited_before_it_opens_and_not_after(server: Server) -> None:
    fake = server.discord
    async with server.running():
        scheduled = await fake.slash(
            server.moderator, "drop schedule", name="tee", at="+2h", supply=5, early="0s"
        )
        await scheduled.wait_content()
        post = await server.post()

        edited = await fake.slash(
            server.moderator, "drop edit", name="tee", title="Tour tee", supply=3, duration="15m"
        )
        said = await edited.wait_content()
        assert edited.ephemeral and said.startswith(
            "Drop **tee** is now **Tour tee**, 3 units, entries for 15m, opening <t:"
        )
        # The post shows the drop as edited.
        await fake.wait_until(lambda: "Tour tee" in str(post.embeds), within=10)

        opened = await fake.slash(server.moderator, "drop open", name="tee")
        assert "is open" in await opened.wait_content()
        late = await fake.slash(server.moderator, "drop edit", name="tee", supply=9)
        refusal = await late.wait_content()
        assert refusal.startswith("drop 'tee' is public: once open, its supply, tiers and rules")
        status = await fake.slash(server.moderator, "drop status", name="tee")
        assert "of 3 allocated" in await status.wait_content()
