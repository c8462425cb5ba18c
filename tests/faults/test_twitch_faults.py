"""A Twitch drop through Helix failures on chat sends and an EventSub socket dropped without a
close frame: the process stays up, every acknowledged claim is stored, nothing is said twice,
`/healthz` shows the outage and recovers, and the drop completes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from fakeplatforms.faults import DROP, HANG, RESET
from fakeplatforms.twitch import FakeTwitch
from tests.faults.chat_drop import claim, close_and_check, open_drop
from tests.faults.stage import WITHIN, staged

CHAT = r"^/helix/chat/messages$"


Inject = Callable[[FakeTwitch], None]

CHAT_SEND_FAULTS: dict[str, tuple[Inject, Callable[[FakeTwitch], bool]]] = {
    "helix 500s": (
        lambda fake: fake.script("chat/messages", method="POST", status=500, times=3),
        lambda fake: sum(a.status == 500 for a in fake.chat_attempts) >= 3,
    ),
    "a timeout": (
        lambda fake: fake.faults.hang("POST", CHAT),
        lambda fake: fake.faults.count(HANG) >= 1,
    ),
    "connection resets": (
        lambda fake: fake.faults.reset("POST", CHAT, times=3),
        lambda fake: fake.faults.count(RESET) >= 3,
    ),
}


@pytest.mark.parametrize("fault", list(CHAT_SEND_FAULTS))
async def test_chat_sends_failing_mid_drop_lose_and_repeat_nothing(
    fake_twitch: FakeTwitch, tmp_path: Path, fault: str
) -> None:
    inject, injected = CHAT_SEND_FAULTS[fault]
    async with staged(tmp_path, twitch=fake_twitch) as stage:
        twitch = stage.twitch
        assert twitch is not None
        await open_drop(twitch, "tee")
        await claim(stage, "tee", ["fan0", "fan1"])
        mark = stage.health.mark()
        inject(fake_twitch)
        await claim(stage, "tee", ["fan2", "fan3"])
        assert injected(fake_twitch)
        stage.assert_up()
        await claim(stage, "tee", ["fan4"])
        await close_and_check(stage, "tee", mark, "twitch-chat")


async def test_an_eventsub_socket_dropped_without_a_close_frame_is_replaced(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    async with staged(tmp_path, twitch=fake_twitch) as stage:
        twitch = stage.twitch
        assert twitch is not None
        await open_drop(twitch, "cap")
        await claim(stage, "cap", ["fan0", "fan1"])
        old = await fake_twitch.wait_for_subscription(twitch.streamer)
        mark = stage.health.mark()
        # The first try to connect again hangs until /healthz has seen the bot deaf (a new
        # socket up within milliseconds could slip between two looks).
        fake_twitch.faults.hang("GET", r"^/ws$")
        assert await fake_twitch.faults.drop_connections(r"^/ws$") == 1
        assert fake_twitch.faults.count(DROP) == 1
        # Twitch disables a dropped session's subscriptions; /healthz hears it from Twitch.
        await stage.until(lambda: stage.health.showed(mark, "twitch"))
        assert old.status == "websocket_disconnected"
        fake_twitch.faults.release()
        # The dropped session's subscription stays disabled: chat is heard again only through a
        # new one on the new socket (twitchio subscribes again after reconnecting; the bot asks
        # Twitch after the close and subscribes what is still missing).
        await fake_twitch.wait_until(
            lambda: any(
                s.id != old.id
                for s in fake_twitch.active_subscriptions(broadcaster=twitch.streamer)
            ),
            within=WITHIN,
        )
        stage.assert_up()
        await claim(stage, "cap", ["fan2", "fan3"])
        assert len(fake_twitch.open_sessions) == 1
        await close_and_check(stage, "cap", mark, "twitch")
