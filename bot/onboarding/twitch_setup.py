"""The Twitch part of `fairdrop setup`: log the bot account in, resolve the channels to ids,
log each broadcaster in for `channel:bot`, and store every token sealed, as the bot keeps them.
No numeric id is typed by hand: the bot's comes from its token, the channels' from Get Users."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.onboarding.scopes import BROADCASTER, MODERATION, Feature, missing_scopes, scopes_of
from bot.onboarding.twitch_login import Grant, Sleep, TokenInfo, TwitchAccounts, TwitchLoginError
from bot.store.tokens import StoredToken, TokenStore

Say = Callable[[str], None]


@dataclass(frozen=True)
class Channel:
    login: str
    broadcaster_id: str


@dataclass
class TwitchLogins:
    """What the logins found: the bot's id and login, the channels' ids, and any scope the
    enabled features need that was not granted ("scope (feature)")."""

    bot_id: str
    bot_login: str
    channels: list[Channel]
    missing: list[str] = field(default_factory=list)
    moderator: bool = False  # the bot moderates every channel: Twitch's higher chat limit


def login_prompt(who: str, verification_uri: str, user_code: str) -> str:
    """The line that asks a person to approve a device-code login."""
    return f"Log in to Twitch as {who}: open {verification_uri} and enter the code {user_code}"


async def log_in(
    accounts: TwitchAccounts,
    features: Sequence[Feature],
    channel_logins: Sequence[str],
    tokens: TokenStore,
    say: Say,
    *,
    broadcasters: bool = True,
    asked_of_broadcasters: Sequence[Feature] = (BROADCASTER,),
    sleep: Sleep = asyncio.sleep,
) -> TwitchLogins:
    """The bot account, then (with `broadcasters`) each channel's broadcaster, by device code.

    Raises TwitchLoginError (one line) for a refused login, an unknown channel, or a
    broadcaster login made with another account; tokens stored before that stay stored."""
    await accounts.app_token()  # a wrong client id or secret fails here, before any login
    grant_bot, bot = await _device_login(accounts, "the BOT account", features, say, sleep)
    await _store(tokens, bot.user_id, grant_bot)
    missing = missing_scopes(bot.scopes, features)
    ids = await accounts.user_ids(grant_bot.access_token, channel_logins)
    channels = []
    for login in channel_logins:
        key = login.strip().lower()
        if key not in ids:
            raise TwitchLoginError(f"no Twitch channel named {login!r}; check the spelling")
        channels.append(Channel(key, ids[key]))
    for channel in channels:
        if not broadcasters or channel.broadcaster_id == bot.user_id:
            continue  # the broadcaster's own account needs no grant to speak in its channel
        grant, who = await _device_login(
            accounts, f"the broadcaster of #{channel.login}", asked_of_broadcasters, say, sleep
        )
        if who.user_id != channel.broadcaster_id:
            raise TwitchLoginError(
                f"that login was {who.login}, not {channel.login}: run setup again and log in "
                f"as {channel.login} for the second code"
            )
        await _store(tokens, who.user_id, grant)
        missing += [f"{m} on #{channel.login}" for m in missing_scopes(who.scopes, [BROADCASTER])]
    moderator = False
    if not missing_scopes(bot.scopes, [MODERATION]):
        moderated = await accounts.moderated_channels(grant_bot.access_token, bot.user_id)
        moderator = all(c.broadcaster_id in moderated for c in channels)
    return TwitchLogins(bot.user_id, bot.login, channels, missing, moderator)


async def _device_login(
    accounts: TwitchAccounts, who: str, features: Sequence[Feature], say: Say, sleep: Sleep
) -> tuple[Grant, TokenInfo]:
    scopes = scopes_of(features)
    code = await accounts.start_login(scopes)
    say(login_prompt(who, code.verification_uri, code.user_code))
    grant = await accounts.finish_login(code, scopes, sleep=sleep)
    return grant, await accounts.validate(grant.access_token)


async def _store(tokens: TokenStore, user_id: str, grant: Grant) -> None:
    token = StoredToken(grant.access_token, grant.refresh_token)
    await asyncio.to_thread(tokens.save, "twitch", user_id, token, datetime.now(UTC))
