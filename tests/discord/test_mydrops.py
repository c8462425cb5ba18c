"""`/mydrops` (and `/mycodes`, its first name): each member's receipts, privately, through the
real discord.py against the fake Discord. A member sees their own entries, pseudonym, tier,
weight and standing, and after the draw where the transcript lists them; never anyone else's."""

from __future__ import annotations

import re

from tests.discord.test_e2e_discord import Server, server  # noqa: F401

PSEUDONYM = re.compile(r"pseudonym `([a-z2-7]{16})`")


async def test_each_member_sees_only_their_own_receipt_before_and_after_the_draw(
    server: Server,  # noqa: F811
) -> None:
    fake = server.discord
    ann, bob, carl = (fake.add_member(server.guild, name) for name in ("ann", "bob", "carl"))
    async with server.running():
        await (
            await fake.slash(server.moderator, "drop open", name="tee", supply=1, early="0s")
        ).wait_content()
        post = await server.post()
        pseudonyms = {}
        for member in (ann, bob):
            pressed = await fake.press(member, post, post.custom_ids[0])
            found = PSEUDONYM.search(await pressed.wait_content())
            assert found is not None
            pseudonyms[member.id] = found[1]

        mine = await fake.slash(ann, "mydrops")
        said = await mine.wait_content()
        assert mine.ephemeral
        assert f"you're in the draw as `{pseudonyms[ann.id]}`, tier public, weight 1" in said
        assert pseudonyms[bob.id] not in said
        nothing = await fake.slash(carl, "mydrops")
        assert await nothing.wait_content() == "You have not entered any recent drop."

        await (await fake.slash(server.moderator, "drop close")).wait_content()
        await fake.wait_for_message(server.announce, lambda m: "is drawn" in m.content)
        for member, other in ((ann, bob), (bob, ann)):
            for command in ("mydrops", "mycodes"):  # the first name still answers the same
                reply = await fake.slash(member, command)
                said = await reply.wait_content()
                assert reply.ephemeral
                place = re.search(
                    rf"Find `{pseudonyms[member.id]}` at (winners|waitlist)\[0\] in the "
                    r"transcript",
                    said,
                )
                assert place is not None, said
                assert pseudonyms[other.id] not in said
                won = place[1] == "winners"
                assert ("Short code" in said) == won
                assert ("holds #1" in said) == won
                assert ("is on the waitlist" in said) != won
