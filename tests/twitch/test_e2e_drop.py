"""A whole drop run from Twitch chat: `fairdrop run` against the fake Twitch, through the real
twitchio, the real engine and a real SQLite database."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp
import pytest

from bot.bootstrap import build_token_store
from bot.communities import CommunitySettings
from bot.config import BeaconSettings, HotStateSettings, Settings, TwitchChannelSettings
from bot.drops.keyring import Keyring
from bot.kernel.clock import Clock
from bot.run import run
from bot.store.database import SqlUnitOfWork, make_engine
from bot.store.migrate import upgrade
from bot.store.tokens import StoredToken
from bot.twitch.client import RESUBSCRIBE_DELAY
from fakeplatforms.twitch import FakeToken, FakeTwitch, FakeUser
from tests.fixtures.services import free_port
from tests.fixtures.settings import offline_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass
class Live:
    twitch: FakeTwitch
    streamer: FakeUser
    stop: asyncio.Event
    keyring: Keyring
    settings: Settings
    bot_id: str
    original_token: str

    def said(self) -> list[str]:
        return self.twitch.chat_texts()

    async def wait_said(self, fragment: str, count: int = 1) -> list[str]:
        await self.twitch.wait_until(
            lambda: sum(fragment in t for t in self.said()) >= count, within=15
        )
        return [t for t in self.said() if fragment in t]

    async def healthz(self) -> tuple[int, dict[str, object]]:
        """`/healthz` of the running process (started with `web=True`): status and checks."""
        web = self.settings.web
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://{web.host}:{web.port}/healthz") as response,
        ):
            return response.status, (await response.json())["checks"]


@pytest.fixture
async def live(fake_twitch: FakeTwitch, tmp_path: Path) -> AsyncIterator[Live]:
    async with running(fake_twitch, tmp_path) as started:
        yield started


@contextlib.asynccontextmanager
async def running(
    twitch: FakeTwitch,
    tmp_path: Path,
    *,
    expires_in: int | None = None,
    whispers: bool = False,
    web: bool = False,
    drops: dict[str, object] | None = None,
    clock: Clock | None = None,
    beacon: BeaconSettings | None = None,
    communities: dict[str, CommunitySettings] | None = None,
    keyring: Keyring | None = None,
    moderator: bool = False,
    broadcaster_scopes: Iterable[str] | None = None,
    messages: dict[str, object] | None = None,
    hot_state: HotStateSettings | None = None,
) -> AsyncIterator[Live]:
    """`fairdrop run` on a database in `tmp_path`; again on the same fake Twitch and folder
    (with the same `keyring`), it is a restart. With `broadcaster_scopes`, the streamer's token
    granting them is stored before the start, and `[seasons] lift` is on."""
    if "streamer" in {u.login for u in twitch.users.values()}:
        streamer, bot_user = twitch.user("streamer"), twitch.user("fairdropbot")
    else:
        streamer = twitch.add_user("streamer")
        bot_user = twitch.add_user("fairdropbot")
        twitch.add_moderator(bot_user, streamer)
    token = twitch.issue_user_token(bot_user, expires_in=expires_in)
    base = offline_settings(**({"beacon": beacon} if beacon else {}))
    settings = base.model_copy(
        update={
            "database": base.database.model_copy(update={"url": f"sqlite:///{tmp_path}/fd.db"}),
            "drops": base.drops.model_copy(update=drops or {}),
            "communities": communities or {},
            "seasons": base.seasons.model_copy(update={"lift": broadcaster_scopes is not None}),
            "messages": base.messages.model_copy(update=messages or {}),
            "hot_state": hot_state or base.hot_state,
            "twitch": base.twitch.model_copy(
                update={
                    "enabled": True,
                    "client_id": twitch.client_id,
                    "bot_id": bot_user.id,
                    "api_base": twitch.api_base,
                    "auth_base": twitch.id_base,
                    "eventsub_url": twitch.eventsub_url,
                    "claim_url": "https://drops.example/claim/{drop}",
                    "whisper_winners": whispers,
                    "moderator": moderator,  # True: Twitch's budget of 100 lines in 30 s
                    "channels": [TwitchChannelSettings(name="stream", broadcaster_id=streamer.id)],
                }
            ),
        }
    )
    if web:
        port = free_port()
        served = {"enabled": True, "port": port, "public_url": f"http://127.0.0.1:{port}"}
        settings = settings.model_copy(update={"web": settings.web.model_copy(update=served)})
    env = {
        "FAIRDROP_TWITCH_CLIENT_SECRET": twitch.client_secret,
        "FAIRDROP_TWITCH_BOT_TOKEN": token.access_token,
        "FAIRDROP_TWITCH_BOT_REFRESH_TOKEN": token.refresh_token or "",
    }
    stop, ready = asyncio.Event(), asyncio.Event()
    keyring = keyring or Keyring.new(datetime.now(UTC))
    if broadcaster_scopes is not None:
        granted = twitch.issue_user_token(streamer, broadcaster_scopes)
        _store_token(settings, keyring, streamer, granted)
    task = asyncio.create_task(run(settings, keyring, stop=stop, env=env, ready=ready, clock=clock))
    await asyncio.wait_for(ready.wait(), 10)
    await twitch.wait_for_subscription(streamer)
    try:
        yield Live(twitch, streamer, stop, keyring, settings, bot_user.id, token.access_token)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


def _store_token(settings: Settings, keyring: Keyring, user: FakeUser, token: FakeToken) -> None:
    """Seal `user`'s token in the database, as `fairdrop setup` does (migrating it first)."""
    engine = make_engine(settings.database.url)
    try:
        upgrade(engine)
        refresh = token.refresh_token or ""
        stored = StoredToken(token.access_token, refresh)
        build_token_store(engine, keyring).save("twitch", user.id, stored, datetime.now(UTC))
    finally:
        engine.dispose()


async def test_a_viewer_cannot_open_a_drop(live: Live) -> None:
    await live.twitch.chat(live.streamer, "randomviewer", "!drop open hoodie")
    (reply,) = await live.wait_said("only the broadcaster and moderators")
    assert reply.endswith("(@randomviewer)")


async def test_a_lottery_from_chat_to_the_winners_announcement(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, streamer, "!drop open hoodie supply=2 for=10m early=0s")
    (opened,) = await live.wait_said("hoodie")
    assert "!claim" in opened
    for i in range(6):
        await twitch.chat(streamer, f"fan{i}", "!claim", badges=["subscriber/0/1"] if i % 2 else [])
    acks = await live.wait_said("You're in the hoodie drop")
    assert sum(t.count("@fan") for t in acks) == 6
    await twitch.chat(streamer, "fan0", "!claim")  # again: one entry each
    await live.wait_said("Already in the hoodie drop")
    await twitch.chat(streamer, streamer, "!drop close")
    winners = await live.wait_said("drops.example/claim/hoodie")
    assert sum(t.count("@fan") for t in winners) == 2
    assert not any("v4.public." in t for t in live.said())  # never a code in chat
    assert twitch.max_sent_in_window(streamer, 30) <= 20


async def test_the_same_message_delivered_twice_counts_once(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, streamer, "!drop open pin early=0s")
    await live.wait_said("pin")
    first = await twitch.chat(streamer, "fan1", "!claim")
    await twitch.redeliver(first)
    await twitch.chat(streamer, "fan2", "!claim")
    acks = await live.wait_said("You're in the pin drop")
    assert sum(t.count("@fan1") for t in acks) == 1
    await twitch.chat(streamer, streamer, "!drop status")
    (status,) = await live.wait_said("drop pin:")
    assert "2 entrants" in status


async def test_a_reconnect_mid_drop_loses_no_claim(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, streamer, "!drop open cap early=0s")
    await live.wait_said("cap")
    await twitch.chat(streamer, "fan1", "!claim")
    await twitch.reconnect()
    await twitch.chat(streamer, "fan2", "!claim")
    acks = await live.wait_said("You're in the cap drop")
    assert {"@fan1", "@fan2"} <= set(" ".join(acks).split())


@pytest.mark.parametrize(
    "keep_session_id", [True, False], ids=["same-session-id", "new-session-id"]
)
async def test_after_a_routine_reconnect_one_socket_listens_and_health_stays_ok(
    fake_twitch: FakeTwitch, tmp_path: Path, keep_session_id: bool
) -> None:
    async with running(fake_twitch, tmp_path, web=True) as live:
        twitch, streamer = live.twitch, live.streamer
        await twitch.chat(streamer, streamer, "!drop open cap early=0s")
        await live.wait_said("cap")
        status, checks = await live.healthz()
        assert (status, checks["twitch"]) == (200, "ok")
        subscribed = len(twitch.subscription_requests)
        asked = len(twitch.requests)

        old = twitch.current_session()
        new = await twitch.reconnect(keep_session_id=keep_session_id)
        assert new is not None and (new.id == old.id) is keep_session_id
        await twitch.wait_until(lambda: old.closed)
        # Once the replaced socket has closed the bot looks again, RESUBSCRIBE_DELAY later: wait
        # until it has asked Twitch about its subscriptions (or subscribed again, as it did
        # before the fix), or else for well past that delay.
        with contextlib.suppress(TimeoutError):
            await twitch.wait_until(
                lambda: any(r.path == "eventsub/subscriptions" for r in twitch.requests[asked:]),
                within=RESUBSCRIBE_DELAY + 5,
            )
        await twitch.chat(streamer, "fan2", "!claim")
        await live.wait_said("@fan2")

        assert len(twitch.subscription_requests) == subscribed  # no re-subscription, no 409
        assert twitch.open_sessions == [new]  # exactly one live socket
        assert twitch.active_subscriptions(broadcaster=streamer)[0].session_id == new.id
        status, checks = await live.healthz()
        assert (status, checks["twitch"]) == (200, "ok")


@pytest.mark.parametrize("code", [4001, 4003])
async def test_a_socket_twitchio_gives_up_on_is_replaced_and_chat_still_works(
    live: Live, code: int
) -> None:
    twitch, streamer = live.twitch, live.streamer
    old = await twitch.wait_for_subscription(streamer)
    await twitch.close_session(code=code)  # twitchio does not reconnect after these
    await twitch.wait_until(
        lambda: any(s.id != old.id for s in twitch.active_subscriptions(broadcaster=streamer)),
        within=10,
    )
    await twitch.chat(streamer, streamer, "!drop open after early=0s")
    await live.wait_said("after")


async def test_a_revoked_subscription_is_taken_out_again(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    old = await twitch.wait_for_subscription(streamer)
    await twitch.revoke(old, status="user_removed")
    await twitch.wait_until(
        lambda: any(s.id != old.id for s in twitch.active_subscriptions(broadcaster=streamer)),
        within=10,
    )
    await twitch.chat(streamer, streamer, "!drop open again early=0s")
    await live.wait_said("again")


async def test_a_revoked_authorization_is_logged_not_retried_and_health_fails(
    fake_twitch: FakeTwitch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(fake_twitch, tmp_path, web=True) as live:
        twitch, streamer = live.twitch, live.streamer
        old = await twitch.wait_for_subscription(streamer)
        assert (await live.healthz())[0] == 200
        with caplog.at_level("ERROR", logger="bot.twitch.client"):
            await twitch.revoke(old, status="authorization_revoked")
            await twitch.wait_until(lambda: "authorization was revoked" in caplog.text, within=5)
        await asyncio.sleep(2.5)  # past the resubscribe delay: nothing subscribed again
        assert twitch.active_subscriptions(broadcaster=streamer) == []
        status, checks = await live.healthz()  # Twitch delivers no chat to the bot any more
        assert (status, checks["twitch"]) == (503, "failing")


async def test_429_and_drop_reason_lose_no_announcement(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    twitch.rate_limit_next_chat(reset_after=0.5)
    twitch.drop_next_chat("msg_duplicate")
    await twitch.chat(streamer, streamer, "!drop open tee supply=1 early=0s")
    (opened,) = await live.wait_said("tee")
    await twitch.chat(streamer, "fan1", "!claim")
    await live.wait_said("You're in the tee drop")
    await twitch.chat(streamer, streamer, "!drop close")
    await live.wait_said("drops.example/claim/tee")
    assert twitch.max_sent_in_window(streamer, 30) <= 20
    assert "!claim" in opened


async def test_hostile_logins_and_messages_inject_nothing(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, streamer, "!drop open safe early=0s")
    await live.wait_said("safe")
    for text in (
        "/ban streamer",
        ".timeout streamer 600",
        "@everyone !claim",
        "!claim\u0000\u202e",
        "!drop open evil",
        "!link " + "x" * 600,
        "!claim " + "y" * 480,
    ):
        await twitch.chat(streamer, "troll", text)
    await twitch.chat(streamer, "after", "!claim")
    await live.wait_said("@after")
    for text in live.said():
        assert not text.startswith(("/", ".", "@")) and "@everyone" not in text
        assert "\n" not in text and "\u0000" not in text and len(text) <= 500


async def test_a_burst_of_5000_claims_from_distinct_chatters_is_all_recorded(
    live: Live, tmp_path: Path
) -> None:
    import sqlite3

    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, streamer, "!drop open rush supply=10 for=1h early=0s")
    await live.wait_said("rush")
    for i in range(5000):
        await twitch.chat(streamer, f"rusher{i}", "!claim")

    def entries() -> int:
        with sqlite3.connect(tmp_path / "fd.db") as db:
            return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])

    await twitch.wait_until(lambda: entries() >= 5000, within=60)
    assert entries() == 5000
    assert twitch.max_sent_in_window(streamer, 30) <= 20


async def test_refreshed_tokens_are_kept_sealed_in_the_database_not_in_a_file(
    fake_twitch: FakeTwitch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import create_engine, text

    monkeypatch.chdir(tmp_path)
    # A token about to expire is refreshed as soon as twitchio is given it.
    async with running(fake_twitch, tmp_path, expires_in=60) as live:
        engine = create_engine(live.settings.database.url)
        try:
            await fake_twitch.wait_until(lambda: _stored(engine, live) is not None, within=10)
            stored = _stored(engine, live)
            with engine.connect() as conn:
                sealed = conn.execute(text("SELECT sealed FROM platform_tokens")).scalar_one()
        finally:
            engine.dispose()
        assert stored is not None and stored.access_token != live.original_token
        issued = [t.access_token for t in fake_twitch.tokens_of(live.bot_id)]
        assert stored.access_token.encode() not in bytes(sealed) and issued
    tio_file = tmp_path / ".tio.tokens.json"
    assert not await asyncio.to_thread(tio_file.exists)


def _stored(engine: Engine, live: Live) -> StoredToken | None:
    from bot.store.tokens import TokenStore

    return TokenStore(engine, live.keyring).load("twitch", live.bot_id)


async def test_whispered_winners_get_a_notice_and_never_a_code(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    async with running(fake_twitch, tmp_path, whispers=True) as live:
        twitch, streamer = live.twitch, live.streamer
        await twitch.chat(streamer, streamer, "!drop open tee supply=2 early=0s")
        await live.wait_said("tee")
        for i in range(4):
            await twitch.chat(streamer, f"fan{i}", "!claim")
        await live.wait_said("You're in the tee drop")
        await twitch.chat(streamer, streamer, "!drop close")
        await twitch.wait_until(lambda: len(twitch.whispers) == 2, within=15)
    winners = {twitch.user(f"fan{i}").id for i in range(4)}
    assert {w.to_user_id for w in twitch.whispers} <= winners
    assert all(w.from_user_id == live.bot_id for w in twitch.whispers)
    assert all("drops.example/claim/tee" in w.message for w in twitch.whispers)
    assert not any("v4.public." in w.message for w in twitch.whispers)


async def test_a_recent_winner_is_told_how_long_winners_wait(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    cooldown: dict[str, object] = {"cooldowns": {"stream": timedelta(days=30)}}
    async with running(fake_twitch, tmp_path, drops=cooldown) as live:
        twitch, streamer = live.twitch, live.streamer
        await twitch.chat(streamer, streamer, "!drop open tee supply=1 mode=fcfs early=0s")
        await live.wait_said("tee")
        await twitch.chat(streamer, "fan0", "!claim")
        await live.wait_said("You got one of the tee units")
        await twitch.chat(streamer, streamer, "!drop close")
        await live.wait_said("closed")
        await twitch.chat(streamer, streamer, "!drop open cap early=0s")
        await live.wait_said('Drop "cap" is now open')
        await twitch.chat(streamer, "fan0", "!claim")
        await twitch.chat(streamer, "fan1", "!claim")
        (refused,) = await live.wait_said("winners wait 30 days")
        assert refused.startswith("Not this one (you won a drop just now; winners wait 30 days)")
        assert "@fan0" in refused and "@fan1" not in refused
        await live.wait_said("You're in the cap drop")


async def test_moderators_list_the_channels_drops_and_viewers_cannot(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, "viewer", "!drop list")
    (refused,) = await live.wait_said("only the broadcaster and moderators")
    assert refused.endswith("(@viewer)")
    await twitch.chat(streamer, streamer, "!drop list")
    await live.wait_said("no drops yet; open one with !drop open NAME")
    await twitch.chat(streamer, streamer, "!drop open tee early=0s")
    await live.wait_said('Drop "tee" is now open')
    await twitch.chat(streamer, streamer, "!drop list")
    (listed,) = await live.wait_said("running: tee (public, closes ")
    assert listed.endswith("UTC) (@streamer)")


async def test_moderators_actions_from_chat_are_in_the_audit_log(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    async with running(fake_twitch, tmp_path) as live:
        twitch, streamer = live.twitch, live.streamer
        await twitch.chat(streamer, streamer, "!drop close")
        await live.wait_said("no drop is running")
        await twitch.chat(streamer, streamer, "!drop open tee early=0s")
        await live.wait_said('Drop "tee" is now open')
        await twitch.chat(streamer, "viewer", "!drop cancel tee")  # not a moderator: not an action
        await live.wait_said("only the broadcaster and moderators")
    engine = make_engine(live.settings.database.url)
    try:
        with SqlUnitOfWork(engine) as uow:
            opened, refused = uow.audit.recent(None, drop_id=None, drop_name=None, limit=10)
    finally:
        engine.dispose()
    assert (opened.action, opened.drop_name, opened.result) == ("open", "tee", "ok: public")
    assert (opened.actor, opened.actor_name, opened.platform) == (
        f"twitch:{streamer.id}", "streamer", "twitch",
    )  # fmt: skip
    assert opened.detail == "!drop open tee early=0s" and opened.drop_id is not None
    assert (refused.action, refused.channel) == ("close", "stream")
    assert refused.result.startswith("refused: no drop is running")


async def test_a_moderator_disqualifies_a_winner_and_the_next_in_line_is_told(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, streamer, "!drop open cap supply=1 for=10m early=0s")
    await live.wait_said("cap")
    for i in range(3):
        await twitch.chat(streamer, f"fan{i}", "!claim")
    await live.wait_said("You're in the cap drop")
    await twitch.chat(streamer, streamer, "!drop disqualify @fan0")
    await live.wait_said("is not drawn yet; there is no winner to disqualify")
    await twitch.chat(streamer, streamer, "!drop close")
    (drawn,) = await live.wait_said("drops.example/claim/cap")
    winner = next(f"fan{i}" for i in range(3) if f"@fan{i}" in drawn)
    loser = next(f"fan{i}" for i in range(3) if f"fan{i}" != winner)

    await twitch.chat(streamer, "fan9", f"!drop disqualify @{winner}")
    await live.wait_said("only the broadcaster and moderators can run drops (@fan9)")
    await twitch.chat(streamer, streamer, f"!drop disqualify @{loser} nope")
    await live.wait_said(f"{loser} holds no unit of drop 'cap'")
    # A hostile reason: a command, a mass ping and an invisible character are words, nothing more.
    await twitch.chat(streamer, streamer, f"!drop disqualify @{winner} /ban streamer \u200b@all")

    (answer,) = await live.wait_said(f"{winner} is disqualified; unit #1 passes to")
    (announced,) = await live.wait_said("was disqualified by a moderator")
    assert announced.startswith("Drop ") and "\u200b" not in announced
    assert "(/ban streamer @all) and it passes to the next entrant in line." in announced
    newcomer = answer.split("passes to ")[1].split(" ")[0]
    assert newcomer not in (winner, "someone")
    await live.wait_said(f"@{newcomer} (#1)")  # their `won` line, as after a lapsed claim


async def test_a_moderator_extends_a_drop_and_chat_hears_the_new_close(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, streamer, "!drop open cap for=10m early=0s")
    await live.wait_said("cap")
    await twitch.chat(streamer, "fan1", "!drop extend 5m")
    await live.wait_said("only the broadcaster and moderators can run drops (@fan1)")
    await twitch.chat(streamer, streamer, "!drop extend soon")
    await live.wait_said("soon is not a duration like 5m or 1h30m")
    await twitch.chat(streamer, streamer, "!drop shorten 20m")
    await live.wait_said("less than a minute from now; close it now")

    await twitch.chat(streamer, streamer, "!drop extend 5m")

    (answer,) = await live.wait_said("(extended by 5m)")
    assert answer.startswith("entries close ") and answer.endswith("(@streamer)")
    (announced,) = await live.wait_said("a moderator extended the entry window by 5m")
    assert announced.startswith('Drop "cap"') and "entries now close at" in announced
    await twitch.chat(streamer, streamer, "!drop status")
    (status,) = await live.wait_said("drop cap:")
    assert "public" in status


async def test_a_scheduled_drop_is_edited_from_chat_and_an_open_one_refuses(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, streamer, "!drop open pin at=+30m")
    await live.wait_said("pin")
    await twitch.chat(streamer, streamer, '!drop edit pin supply=7 title="Signed pin"')
    (answer,) = await live.wait_said('drop pin is now "Signed pin", 7 units, entries for')
    assert answer.endswith("(@streamer)")
    await live.wait_said("Signed pin")  # announced again as it now is
    await twitch.chat(streamer, streamer, "!drop cancel pin")
    await live.wait_said("was cancelled")
    await twitch.chat(streamer, streamer, "!drop open cap early=0s")
    await live.wait_said("cap")
    await twitch.chat(streamer, streamer, "!drop edit cap supply=9")
    await live.wait_said("once open, its supply, tiers and rules are bound to what was announced")
