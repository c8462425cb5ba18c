"""A Discord drop through REST failures (resets, 500s, timeouts) on the posts and DMs the sender
makes, and through a gateway disconnect that discord.py RESUMEs: the process stays up, every
acknowledged press is stored, nothing is posted or DMed twice, `/healthz` shows the outage and
recovers, and the drop completes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fakes.discord import FakeDiscord, FakeMember, FakeMessage
from tests.fakes.faults import DROP, HANG, RESET, RESET_AFTER
from tests.faults.stage import WITHIN, DiscordSide, Stage, staged

# The drop's announcements and the winners' DMs: the full path (for `faults`), and below
# /api/v10 (for the fake's own `fail_next` and `requests_to`).
MESSAGES_PATH = r"/channels/\d+/messages$"
MESSAGES = r"^/api/v10" + MESSAGES_PATH


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


async def close_and_check(stage: Stage, name: str, fans: list[FakeMember], mark: int) -> None:
    """The drop closes and draws, the winners are told once each; then what the issue asks."""
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
    stage.assert_up()
    assert stage.health.outages_since(mark), "/healthz never showed the outage"
    assert (await stage.health.wait_healthy()) != {}
    assert {f"discord:{f.id}" for f in fans} <= stage.stored(name), "a told entry is not stored"
    assert [len(fake.dms_to(by_id[w])) for w in winners] == [1, 1], "a winner got two DMs"
    assert len([m for m in fake.messages_in(discord.announce) if "is drawn" in m.content]) == 1
    assert len([m for m in fake.messages_in(discord.announce) if m.custom_ids]) == 1
    assert discord.twice() == []


Inject = Callable[[FakeDiscord], None]

REST_FAULTS: dict[str, tuple[Inject, Callable[[FakeDiscord], bool]]] = {
    "connection resets": (
        lambda fake: fake.faults.reset("POST", MESSAGES, times=2),
        lambda fake: fake.faults.count(RESET) >= 2,
    ),
    "a reset after Discord accepted the message": (
        lambda fake: fake.faults.reset("POST", MESSAGES, times=2, after_handling=True),
        lambda fake: fake.faults.count(RESET_AFTER) >= 2,
    ),
    # discord.py itself tries a 500 five times (sleeping 1, 3, 5, 7 s): five in a row reach the
    # sender as a DiscordServerError.
    "500s": (
        lambda fake: fake.fail_next("POST", MESSAGES_PATH, status=500, times=5),
        lambda fake: (
            len([r for r in fake.requests_to("POST", MESSAGES_PATH) if r.status == 500]) >= 5
        ),
    ),
    "a timeout": (
        lambda fake: fake.faults.hang("POST", MESSAGES),
        lambda fake: fake.faults.count(HANG) >= 1,
    ),
}


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
        inject(fake_discord)  # the winners' announcement and DMs run into it
        await press(stage, post, fans[2:])
        await close_and_check(stage, "hoodie", fans, mark)
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
        await fake_discord.wait_until(lambda: stage.health.outages_since(mark), within=WITHIN)
        fake_discord.faults.release()
        await fake_discord.wait_for_resume(resumes + 1, within=WITHIN)
        assert fake_discord.gateway.identifies == identifies  # resumed, not a new session
        stage.assert_up()
        await press(stage, post, fans[2:])
        await close_and_check(stage, "cap", fans, mark)
