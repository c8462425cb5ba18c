"""`fairdrop doctor`'s Twitch and Discord checks: asked of the platforms themselves, with the
tokens `fairdrop run` would use (sealed in the database, else from the environment)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.bootstrap import build_token_store
from bot.config import ENV_DISCORD_TOKEN, ENV_TWITCH_SECRET, ENV_TWITCH_TOKEN
from bot.onboarding.discord_app import DiscordApp, DiscordSetupError
from bot.onboarding.doctor import Check, Finding, Patient, failed, passed
from bot.onboarding.scopes import (
    BROADCASTER,
    LIFT,
    MODERATION,
    bot_features,
    missing_permissions,
    missing_scopes,
)
from bot.onboarding.twitch_login import TokenInfo, TwitchAccounts, TwitchLoginError
from bot.store.discord_store import DiscordStore

MAX_SKEW = 30.0  # seconds; Twitch refuses EventSub messages older than 10 minutes, and codes
# and claim windows are judged on this clock, so anything beyond a few seconds wants NTP
RELOGIN = "run `fairdrop setup` to log it in again"
AFTER_STORE = "the stored token is read once the keyring and database checks pass"


def platform_checks(patient: Patient) -> list[Check]:
    """The checks of the platforms the config enables."""
    checks: list[Check] = []
    if patient.settings.twitch.enabled:
        checks.append(check_twitch)
    if patient.settings.discord.enabled:
        checks.append(check_discord)
    return checks


async def check_twitch(patient: Patient) -> list[Finding]:
    twitch = patient.settings.twitch
    secret = patient.env.get(ENV_TWITCH_SECRET, "")
    if not secret:
        return [failed("twitch app", f"${ENV_TWITCH_SECRET} is not set: put it in the environment")]
    async with TwitchAccounts(
        twitch.client_id, secret, auth_base=twitch.auth_base, api_base=twitch.api_base
    ) as accounts:
        try:
            app_token = await accounts.app_token()
        except TwitchLoginError as error:
            return [failed("twitch app", str(error))]
        findings = [passed("twitch app", f"client id {twitch.client_id} and its secret work")]
        bot = await _bot_token(patient, accounts)
        if isinstance(bot, Finding):
            return [*findings, bot]
        access, info = bot
        findings.append(passed("twitch bot token", f"valid, for {info.login} ({info.user_id})"))
        findings.append(_clock(info))
        features = bot_features(patient.settings)
        missing = missing_scopes(info.scopes, features)
        findings.append(
            failed("twitch scopes", f"not granted: {', '.join(missing)}; {RELOGIN} and allow them")
            if missing
            else passed("twitch scopes", "the bot has every scope the enabled features need")
        )
        findings += await _chat_rights(patient, accounts, access, info)
        if patient.settings.seasons.lift:
            findings += await _lift(patient, accounts)
        findings.append(await _eventsub(accounts, app_token))
    return findings


async def _bot_token(patient: Patient, accounts: TwitchAccounts) -> tuple[str, TokenInfo] | Finding:
    bot_id = patient.settings.twitch.bot_id
    access = await _stored_token(patient, bot_id) or patient.env.get(ENV_TWITCH_TOKEN, "")
    if not access and (patient.engine is None or patient.keyring is None):
        return failed("twitch bot token", AFTER_STORE)
    if not access:
        return failed("twitch bot token", f"none stored and ${ENV_TWITCH_TOKEN} unset: {RELOGIN}")
    try:
        info = await accounts.validate(access)
    except TwitchLoginError as error:
        return failed("twitch bot token", f"{error}: {RELOGIN}")
    if info.user_id != bot_id:
        return failed(
            "twitch bot token",
            f"it is {info.login}'s ({info.user_id}), not the bot_id {bot_id}: {RELOGIN}",
        )
    return access, info


async def _stored_token(patient: Patient, user_id: str) -> str:
    if patient.engine is None or patient.keyring is None:
        return ""
    store = build_token_store(patient.engine, patient.keyring)
    stored = await asyncio.to_thread(store.load, "twitch", user_id)
    return stored.access_token if stored else ""


def _clock(info: TokenInfo) -> Finding:
    if info.twitch_time is None:
        return failed("clock", "Twitch sent no Date header to compare with; try again")
    skew = (datetime.now(UTC) - info.twitch_time).total_seconds()
    if abs(skew) > MAX_SKEW:
        way = "ahead of" if skew > 0 else "behind"
        return failed(
            "clock",
            f"this machine is {abs(skew):.0f} s {way} Twitch: turn on time sync "
            "(`timedatectl set-ntp true`)",
        )
    return passed("clock", f"within {MAX_SKEW:.0f} s of Twitch's")


async def _chat_rights(
    patient: Patient, accounts: TwitchAccounts, access: str, bot: TokenInfo
) -> list[Finding]:
    """Per channel: the bot is the broadcaster, has the broadcaster's channel:bot, or is a
    moderator there."""
    moderated: set[str] = set()
    if not missing_scopes(bot.scopes, [MODERATION]):
        try:
            moderated = await accounts.moderated_channels(access, bot.user_id)
        except TwitchLoginError:
            moderated = set()
    findings = []
    for channel in patient.settings.twitch.channels:
        check = f"twitch chat in {channel.name}"
        broadcaster = channel.broadcaster_id
        if broadcaster == bot.user_id:
            findings.append(passed(check, "the bot is the broadcaster"))
        elif broadcaster in moderated:
            findings.append(passed(check, "the bot is a moderator there"))
        elif await _has_channel_bot(patient, accounts, broadcaster):
            findings.append(passed(check, "the broadcaster granted channel:bot"))
        else:
            findings.append(
                failed(
                    check,
                    "the bot may not chat there: log the broadcaster in with `fairdrop setup` "
                    f"(grants channel:bot) or make {bot.login} a moderator (/mod {bot.login})",
                )
            )
    return findings


async def _lift(patient: Patient, accounts: TwitchAccounts) -> list[Finding]:
    """Per channel, one line: lift is on, or off and why (optional: never a failure)."""
    findings = []
    for channel in patient.settings.twitch.channels:
        check = f"twitch lift in {channel.name}"
        info = await _broadcaster_token(patient, accounts, channel.broadcaster_id)
        missing = missing_scopes(info.scopes, [LIFT]) if info is not None else ["a token"]
        findings.append(
            passed(check, "on: the broadcaster granted subscriptions and follows")
            if not missing
            else passed(
                check,
                f"off: the broadcaster has not granted {', '.join(missing)}; "
                "`fairdrop setup` asks them",
            )
        )
    return findings


async def _broadcaster_token(
    patient: Patient, accounts: TwitchAccounts, broadcaster: str
) -> TokenInfo | None:
    """The broadcaster's stored token, if it is theirs and valid."""
    token = await _stored_token(patient, broadcaster)
    if not token:
        return None
    try:
        info = await accounts.validate(token)
    except TwitchLoginError:
        return None
    return info if info.user_id == broadcaster else None


async def _has_channel_bot(patient: Patient, accounts: TwitchAccounts, broadcaster: str) -> bool:
    info = await _broadcaster_token(patient, accounts, broadcaster)
    return info is not None and not missing_scopes(info.scopes, [BROADCASTER])


async def _eventsub(accounts: TwitchAccounts, app_token: str) -> Finding:
    try:
        body = await accounts.helix("GET", "eventsub/subscriptions", app_token)
    except TwitchLoginError as error:
        return failed("twitch eventsub", f"{error}")
    cost, limit = int(body.get("total_cost", 0)), int(body.get("max_total_cost", 0))
    if limit and cost >= limit:
        return failed(
            "twitch eventsub",
            f"the application's subscriptions are at their limit ({cost} of {limit}): "
            "delete unused ones or use another application",
        )
    return passed("twitch eventsub", f"subscriptions possible (cost {cost} of {limit})")


async def check_discord(patient: Patient) -> list[Finding]:
    settings = patient.settings.discord
    token = patient.env.get(ENV_DISCORD_TOKEN, "")
    if not token:
        return [failed("discord token", f"${ENV_DISCORD_TOKEN} is not set: put it there")]
    try:
        async with DiscordApp(token, settings) as app:
            return await _discord_findings(patient, app)
    except DiscordSetupError as error:
        return [failed("discord token", str(error))]


async def _discord_findings(patient: Patient, app: DiscordApp) -> list[Finding]:
    settings = patient.settings.discord
    findings = [passed("discord token", f"valid, for the bot user {app.user_id}")]
    application_id = await app.application_id()
    if application_id != settings.application_id:
        findings.append(
            failed(
                "discord application",
                f"the token belongs to application {application_id}, the config says "
                f"{settings.application_id}: run `fairdrop setup`",
            )
        )
    servers = {s.id: s for s in await app.servers()}
    store = DiscordStore(patient.engine) if patient.engine is not None else None
    for guild in settings.guilds:
        check = f"discord server {guild.id}"
        if guild.id not in servers:
            findings.append(failed(check, "the bot is not in it: invite it (`fairdrop setup`)"))
            continue
        findings.append(passed(check, f"the bot is in {servers[guild.id].name}"))
        stored = await asyncio.to_thread(store.setup, guild.id) if store else None
        announce = (stored and stored.announce_channel_id) or guild.announce_channel_id
        summary = (stored and stored.summary_channel_id) or guild.summary_channel_id or announce
        for what, channel_id in (("announcements", announce), ("summaries", summary)):
            findings.append(await _channel(app, guild.id, what, channel_id))
    return findings


async def _channel(app: DiscordApp, guild_id: str, what: str, channel_id: str) -> Finding:
    check = f"discord {what} channel"
    if not channel_id:
        return failed(check, "none chosen: run `fairdrop setup` or /fairdrop setup in the server")
    try:
        granted = await app.channel_permissions(guild_id, channel_id)
    except DiscordSetupError as error:
        return failed(check, str(error))
    if granted is None:
        return failed(check, f"channel {channel_id} is not in server {guild_id}: pick another")
    lacking = missing_permissions(granted)
    if lacking:
        return failed(
            check,
            f"the bot lacks {', '.join(lacking)} in channel {channel_id}: allow them in the "
            "channel's permissions",
        )
    return passed(check, f"the bot may post in channel {channel_id}")
