"""`/fairdrop setup` from Discord, end to end (review of issue 19): only Manage Server may run
it, checked by the bot (the moderator role it sets may not change it: no member promotes
themselves), a refusal is one line and changes nothing, and each change is in the audit log."""

from __future__ import annotations

from tests.discord.test_e2e_discord import Server, server

__all__ = ["server"]


async def test_only_manage_server_changes_the_setup_and_the_audit_log_keeps_it(
    server: Server,
) -> None:
    fake = server.discord
    crew_role = fake.add_role(server.guild, "drop crew")
    other_role = fake.add_role(server.guild, "friends")
    crew = fake.add_member(server.guild, "crew", roles=[crew_role])
    fan = fake.add_member(server.guild, "fan")
    async with server.running():
        done = await fake.slash(server.moderator, "fairdrop setup", moderator_role=crew_role)
        assert f"<@&{crew_role.id}>" in await done.wait_content()

        # The moderator role runs drops, not the setup: it cannot hand the role to others.
        for member in (crew, fan):
            refused = await fake.slash(member, "fairdrop setup", moderator_role=other_role)
            said = await refused.wait_content()
            assert refused.ephemeral and said == (
                "Only members with Manage Server can change fairdrop's setup here."
            )
        shown = await fake.slash(server.moderator, "fairdrop setup")
        said = await shown.wait_content()
        assert f"<@&{crew_role.id}>" in said and f"<@&{other_role.id}>" not in said
        assert fake.bot_token not in said  # nothing secret is echoed

        audit = await fake.slash(server.moderator, "drop audit")
        log = await audit.wait_content()
        (line,) = [line for line in log.splitlines() if "**setup**" in line]  # shown: not one
        assert line.endswith(f"by mod (discord) [moderator\\_role={crew_role.id}]: ok")
        assert str(other_role.id) not in log  # the refused changes were not made


async def test_a_channel_the_bot_never_heard_of_is_answered_in_one_line_and_changes_nothing(
    server: Server,
) -> None:
    fake = server.discord
    async with server.running():
        # Its CHANNEL_CREATE was missed: discord.py cannot resolve the option to a channel.
        unknown = fake.add_channel(server.guild, "new-drops", announced=False)
        ix = await fake.slash(server.moderator, "fairdrop setup", announce_channel=unknown)
        said = await ix.wait_content()
        assert ix.ephemeral and said == (
            "Something went wrong on our side; it is logged. Please try again."
        )
        shown = await fake.slash(server.moderator, "fairdrop setup")
        assert f"<#{server.announce.id}>" in await shown.wait_content()  # as it was
