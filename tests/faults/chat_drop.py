"""A drop run from Twitch chat on the stage: opened by the streamer, claimed by fans, closed;
then every check the issue asks after a fault."""

from __future__ import annotations

from tests.faults.stage import Stage, TwitchSide


async def open_drop(twitch: TwitchSide, name: str) -> None:
    await twitch.say("streamer", f"!drop open {name} supply=2 for=10m early=0s")
    await twitch.wait_said("!claim")


async def claim(stage: Stage, drop: str, fans: list[str]) -> None:
    """Each fan types !claim; waits until chat acknowledged every one of them."""
    twitch = stage.twitch
    assert twitch is not None
    for fan in fans:
        await twitch.say(fan, "!claim")
    await stage.until(lambda: set(fans) <= twitch.acknowledged(drop))


async def close_and_check(stage: Stage, drop: str, mark: int, check: str) -> None:
    """The drop closes and draws; then everything the issue asks after a fault, `check` being
    the /healthz check that must have shown it."""
    twitch = stage.twitch
    assert twitch is not None
    await twitch.say("streamer", "!drop close")
    (drawn,) = await stage.until(
        lambda: [t for t in twitch.said() if f"drops.example/claim/{drop}" in t]
    )
    stage.assert_up()
    assert drawn.count("@fan") == 2
    await stage.until(lambda: stage.health.showed(mark, check))  # /healthz showed the outage
    assert (await stage.health.wait_healthy()) != {}
    stage.assert_up()
    acked = twitch.acknowledged(drop)
    stored = stage.stored(drop)
    by_login = {login: f"twitch:{twitch.fake.user(login).id}" for login in acked}
    assert {by_login[login] for login in acked} <= stored, "an acknowledged claim is not stored"
    assert all(n == 1 for n in twitch.mentions(drop).values()), twitch.mentions(drop)
    assert twitch.twice() == []


def answered(twitch: TwitchSide, fan: str) -> bool:
    """Whether chat said anything to `fan`: acknowledged, or told their claim was not taken."""
    return any(f"@{fan}" in text.lower() for text in twitch.said())
