"""`build_twitch`: the Twitch adapter's parts (client, chat gateway, outbound sender, acks,
whispers, health checks) built from the runtime, without starting anything.

Also the parts the composition root builds before the client: the anti-bot facts and the login
look-ups, which reach Helix through the runtime's `TwitchHelix` seat that `build_twitch` binds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.adapter import Adapter, close_on_stop, every
from bot.config import (
    ENV_TWITCH_REFRESH,
    ENV_TWITCH_SECRET,
    ENV_TWITCH_TOKEN,
    ConfigError,
    Settings,
    TwitchSettings,
)
from bot.gating.antibot import CachedPlatformFacts, PlatformFacts
from bot.gating.rules import ConditionKind
from bot.kernel.clock import Clock
from bot.store.commit_broadcast import Wakes
from bot.twitch.accounts import TwitchPlatformFacts
from bot.twitch.announcements import Links
from bot.twitch.helix import TwitchHelix
from bot.twitch.outbound_settings import Draining, Serving, TimeSources

if TYPE_CHECKING:
    from bot.bootstrap import Runtime

FLUSH_SECONDS = 2.0  # how often the batched acknowledgements are said in chat


def twitch_secrets(env: Mapping[str, str], *, bot_token_stored: bool) -> tuple[str, str, str]:
    """The Twitch secrets from the environment, or ConfigError naming the missing one. The
    bot's tokens may be missing there when `fairdrop setup` stored them sealed in the database
    (`bot_token_stored`)."""
    names = (
        (ENV_TWITCH_SECRET,)
        if bot_token_stored
        else (
            ENV_TWITCH_SECRET,
            ENV_TWITCH_TOKEN,
            ENV_TWITCH_REFRESH,
        )
    )
    for name in names:
        if not env.get(name, ""):
            # For the operator, in the one line `fairdrop run` prints.
            raise ConfigError(
                f"${name} is not set: Twitch is enabled and needs it"
                + (
                    ""
                    if name == ENV_TWITCH_SECRET
                    else " (or log the bot in with `fairdrop setup`)"
                )
            )
    return env[ENV_TWITCH_SECRET], env.get(ENV_TWITCH_TOKEN, ""), env.get(ENV_TWITCH_REFRESH, "")


def point_twitchio_at(twitch: TwitchSettings) -> None:
    """twitchio reads its endpoints from module attributes: point them at the configured ones."""
    import twitchio.eventsub.websockets
    import twitchio.http

    twitchio.http.Route.BASE = twitch.api_base
    twitchio.http.Route.ID_BASE = twitch.auth_base
    twitchio.eventsub.websockets.WSS = twitch.eventsub_url


def ages_asked(settings: Settings) -> tuple[bool, bool]:
    """Whether the configured drops ask about account age, and about follows."""
    drops, tiers = settings.drops, settings.tiers()

    def uses(kind: ConditionKind) -> bool:
        return any(t.rule.names(kind) for t in tiers)

    follows = bool(drops.min_follow_age) or uses(ConditionKind.FOLLOW_AGE)
    return bool(drops.min_account_age) or uses(ConditionKind.ACCOUNT_AGE), follows


def twitch_account_facts(
    settings: Settings, helix: TwitchHelix, clock: Clock
) -> PlatformFacts | None:
    """Anti-bot facts from Helix, looked up in batches and cached for an hour per person, and
    only when a rule asks about ages: otherwise every claim would wait on Helix for nothing.
    Drops opened from chat take their tiers and anti-bot settings from this config."""
    accounts, follows = ages_asked(settings)
    if not (accounts or follows):
        return None
    twitch = settings.twitch
    broadcasters = {c.name: c.broadcaster_id for c in twitch.channels}
    return CachedPlatformFacts(
        TwitchPlatformFacts(helix, broadcasters, follows=follows, token_for=twitch.bot_id), clock
    )


def build_twitch(runtime: Runtime, env: Mapping[str, str], stop: asyncio.Event) -> Adapter:
    """The Twitch bot (chat in), the outbound sender (outbox to chat), the flush of batched
    acknowledgements and, when configured, the winners' whispers; nothing started."""
    from bot.bootstrap import build_token_store
    from bot.twitch.acks import AckBook
    from bot.twitch.chat import ChatGateway
    from bot.twitch.client import (
        FairdropTwitchBot,
        TwitchChannel,
        TwitchChatPort,
        TwitchCredentials,
    )
    from bot.twitch.entry_words import EntryWordBook
    from bot.twitch.lift_events import AudienceTally
    from bot.twitch.outbound import MODERATOR_LIMIT, OutboundSender

    settings, service = runtime.settings, runtime.service
    twitch = settings.twitch
    tokens = build_token_store(runtime.engine, runtime.keyring)
    secret, token, refresh = twitch_secrets(
        env, bot_token_stored=tokens.load("twitch", twitch.bot_id) is not None
    )
    point_twitchio_at(twitch)
    channels = [TwitchChannel(c.name, c.broadcaster_id) for c in twitch.channels]
    credentials = TwitchCredentials(twitch.client_id, secret, twitch.bot_id, token, refresh)
    sender: OutboundSender | None = None

    async def say(channel: str, text: str) -> None:
        # The gateway is built before the sender (the sender needs the client, which needs the
        # gateway); replies are said only once the bot runs, when the sender exists.
        assert sender is not None
        await sender.say(channel, text)

    acks = AckBook()  # filled by the gateway, said by the sender, in order with the outbox
    aliases = {c.name: settings.community(c.name).claim_aliases for c in twitch.channels}
    words = EntryWordBook(service, aliases)  # drops' keywords, read as drops change
    if runtime.local_events is not None:  # without Redis: this process's own changes
        runtime.local_events.listeners.append(words)
    gateway = ChatGateway(service, runtime.links, settings, say, words, acks, runtime.recurring)
    # Lift ([seasons] lift), in the channels whose broadcaster consented.
    audience = AudienceTally(service.tx, service.clock) if settings.seasons.lift else None
    bot = FairdropTwitchBot(credentials, channels, gateway, tokens, audience)
    if runtime.helix is not None:
        runtime.helix.bind(bot)  # the facts and login look-ups built before the client
    # With the web app up, chat points at each drop's transparency page for the fairness check.
    web = settings.web
    verify_url = f"{web.public_url.rstrip('/')}/drops/{{drop_id}}" if web.enabled else ""
    # This process delivers the outbox rows of the channels it joins, and only those: another
    # process, joining other channels, delivers theirs (see "Several processes" in the README).
    # Every sink stamps its deliveries with the drops' clock, and fails by the one policy.
    retry = settings.outbox.retry_policy()
    sender = OutboundSender(
        TwitchChatPort(bot, channels),
        service.tx,
        Links(twitch.claim_url, verify_url),
        serving=Serving(
            channels=[c.name for c in channels],
            emojis={c.name: settings.community(c.name).chat_emoji() for c in channels},
        ),
        draining=Draining(retry=retry),
        clocks=TimeSources(now=service.clock.now),
        acks=acks,
    )
    if twitch.moderator:
        for channel in channels:
            sender.set_limit(channel.name, MODERATOR_LIMIT)
    chat = sender

    async def chat_sending() -> bool:
        return not chat.failing

    async def twitch_listening() -> bool:
        return await bot.listening()

    async def run_bot() -> None:
        try:
            await bot.start(with_adapter=False, load_tokens=False, save_tokens=False)
        finally:
            stop.set()

    async def flush_acks() -> None:
        await every(FLUSH_SECONDS, chat.say_acks, stop)

    adapter = Adapter(
        "twitch",
        tasks={
            "twitch": run_bot,
            "twitch-close": lambda: close_on_stop(stop, bot.close),
            "twitch-outbound": lambda: chat.run(stop),
            "twitch-acks": flush_acks,
            "twitch-entry-words": lambda: words.run(stop),
        },
        listeners=[Wakes(sender.notify), words],
        sink_checks={"twitch-chat": chat_sending},
        client_checks={"twitch": twitch_listening},
    )
    if runtime.signals is None:
        # Without Redis no other process's changes arrive: the book looks again every few
        # seconds. With Redis every change comes as a drop event, and nothing polls.
        adapter.tasks["twitch-entry-words-poll"] = lambda: words.poll(stop)
    if twitch.whisper_winners:
        from bot.twitch.client import TwitchWhisperPort
        from bot.twitch.whispers import MAX_ATTEMPTS, WhisperNotifier

        whispers = WhisperNotifier(
            TwitchWhisperPort(bot),
            service.tx,
            Links(twitch.claim_url),
            service.clock.now,
            budget=twitch.whisper_budget,
            retry=replace(retry, max_attempts=min(retry.max_attempts, MAX_ATTEMPTS)),
        )
        adapter.tasks["twitch-whispers"] = lambda: whispers.run(stop)
    return adapter
