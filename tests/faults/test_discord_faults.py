"""A Discord drop through REST failures (resets, 500s, timeouts) on the posts and DMs the sender
makes, and through a gateway disconnect that discord.py RESUMEs: the process stays up, every
acknowledged press is stored, nothing is posted or DMed twice, `/healthz` shows the outage and
recovers, and the drop completes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from fakeplatforms.discord import FakeDiscord, FakeMember, FakeMessage
from fakeplatforms.faults import DROP
from tests.faults.stage import WITHIN, DiscordSide, Stage, staged

# The drop's announcements and the winners' DMs, below /api/v10 (the fake's own REST faults:
# `reset_next`, `stall_next`, `fail_next`, recorded in `faults_injected` and `requests_to`).
MESSAGES = r"/channels/\d+/messages$"


async def open_drop(discord: DiscordSide, name: str) -> FakeMessage:
    opened = await discord.fake.slash(
        discord.moderator, "drop open", name=name, supply=2, early="0s", duration="10m"
    )
    assert "is open" in await opened.wait_content(timeout=WITHIN)
    return await discord.post()


async def press(stage: Stage, post: FakeMessage, fans: list[FakeMember]) -> None:
    """Each fan presses Enter and is told they are in."""
    discord = stage.discord
    assert discord is not None
    stage.assert_up()
    for fan in fans:
        entered = await discord.fake.press(fan, post, post.custom_ids[0])
        assert "You're in the" in await entered.wait_content(timeout=WITHIN)


async def close_and_check(
    stage: Stage, name: str, fans: list[FakeMember], mark: int, check: str
) -> None:
    """The drop closes and draws, the winners are told once each; then what the issue asks,
    `check` being the /healthz check that must have shown the fault."""
    discord = stage.discord
    assert discord is not None
    fake = discord.fake
    closed = await fake.slash(discord.moderator, "drop close")
    assert "winners from" in await closed.wait_content(timeout=WITHIN)
    (drawn,) = await stage.until(
        lambda: [m for m in fake.messages_in(discord.announce) if "is drawn" in m.content]
    )
    winners = {int(u) for u in re.findall(r"<@(\d+)>", drawn.content)}
    assert len(winners) == 2
    by_id = {f.id: f for f in fans}
    await stage.until(lambda: all(fake.dms_to(by_id[w]) for w in winners))
    # Messages Discord made before their answers were lost are there already: the sink may
    # still be retrying them, so wait for /healthz to show that, and then recover.
    await stage.until(lambda: stage.health.showed(mark, check))
    assert (await stage.health.wait_healthy()) != {}
    stage.assert_up()
    assert {f"discord:{f.id}" for f in fans} <= stage.stored(name), "a told entry is not stored"
    assert [len(fake.dms_to(by_id[w])) for w in winners] == [1, 1], "a winner got two DMs"
    assert len([m for m in fake.messages_in(discord.announce) if "is drawn" in m.content]) == 1
    assert len([m for m in fake.messages_in(discord.announce) if m.custom_ids]) == 1
    assert discord.twice() == []


Inject = Callable[[DiscordSide], None]

# Each fault is aimed at the drop's announcements and the winners' DMs.
REST_FAULTS: dict[str, tuple[Inject, Callable[[FakeDiscord], bool]]] = {
    "connection resets": (
        lambda side: side.fake.reset_next("POST", MESSAGES, times=2),
        lambda fake: injected(fake, "reset") >= 2,
    ),
    "a reset after Discord accepted the message": (
        lambda side: side.fake.reset_next("POST", MESSAGES, accepted=True, times=2),
        lambda fake: injected(fake, "reset") >= 2 and fake.nonce_hits >= 1,
    ),
    # Aimed at the announcement only: discord.py tries a 500 again after 1 s, then after 3 s,
    # past the stage's 2 s delivery timeout, so the sink counts a failure and tries again.
    "500s": (
        lambda side: side.fake.fail_next(
            "POST", rf"^/channels/{side.announce.id}/messages$", status=500, times=2
        ),
        lambda fake: len([r for r in fake.requests_to("POST", MESSAGES) if r.status == 500]) == 2,
    ),
    # The message is made but its answer comes after the stage's 2 s delivery timeout: the
    # retry carries the same nonce and gets the first message back.
    "a timeout": (
        lambda side: side.fake.stall_next("POST", MESSAGES, 3.0),
        lambda fake: injected(fake, "stall") >= 1 and fake.nonce_hits >= 1,
    ),
}


def injected(fake: FakeDiscord, kind: str) -> int:
    return sum(1 for k, _, _ in fake.faults_injected if k == kind)


@pytest.mark.parametrize("fault", list(REST_FAULTS))
async def test_rest_failures_while_announcing_the_winners_lose_and_repeat_nothing(
    fake_discord: FakeDiscord, tmp_path: Path, fault: str
) -> None:
    inject, injected = REST_FAULTS[fault]
    async with staged(tmp_path, discord=fake_discord) as stage:
        discord = stage.discord
        assert discord is not None
        fans = [fake_discord.add_member(discord.guild, f"fan{i}") for i in range(4)]
        post = await open_drop(discord, "hoodie")
        await press(stage, post, fans[:2])
        mark = stage.health.mark()
        inject(discord)  # the winners' announcement and DMs run into it
        await press(stage, post, fans[2:])
        await close_and_check(stage, "hoodie", fans, mark, "discord-outbox")
        assert injected(fake_discord)


async def test_a_gateway_disconnect_is_resumed_and_no_press_is_lost(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with staged(tmp_path, discord=fake_discord) as stage:
        discord = stage.discord
        assert discord is not None
        fans = [fake_discord.add_member(discord.guild, f"fan{i}") for i in range(4)]
        post = await open_drop(discord, "cap")
        await press(stage, post, fans[:2])
        mark = stage.health.mark()
        resumes, identifies = fake_discord.gateway.resumes, fake_discord.gateway.identifies
        # The first try to resume hangs until /healthz has seen the bot off the gateway (a
        # resume that took a few milliseconds could slip between two looks).
        fake_discord.faults.hang("GET", r"^/gateway/resume$")
        assert await fake_discord.faults.drop_connections(r"^/gateway") == 1
        assert fake_discord.faults.count(DROP) == 1
        await stage.until(lambda: stage.health.showed(mark, "discord"))
        fake_discord.faults.release()
        await fake_discord.wait_for_resume(resumes + 1, within=WITHIN)
        assert fake_discord.gateway.identifies == identifies  # resumed, not a new session
        stage.assert_up()
        await press(stage, post, fans[2:])
        await close_and_check(stage, "cap", fans, mark, "discord")
