"""`fairdrop setup`: from nothing to a configured bot, asking only what cannot be looked up.

Every question is also an option, for scripts; an option given is not asked. Secrets (the
Twitch client secret, the Discord bot token) come from the environment or hidden prompts, never
from the command line, and go to the environment file (mode 0600), never to `fairdrop.toml`.
Twitch accounts log in by device code (`bot/onboarding/twitch_login.py` says why); their tokens
are stored sealed in the database, as `fairdrop run` keeps them.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import tomlkit

from bot.bootstrap import build_engine, build_token_store
from bot.cli.shared import CommandRefused, Context, create_keyring, pass_context
from bot.config import (
    ENV_DISCORD_TOKEN,
    ENV_TWITCH_SECRET,
    ConfigError,
    DiscordSettings,
    Settings,
    load_settings,
)
from bot.keystore import load_keyring
from bot.loop import loop_factory
from bot.onboarding.config_file import (
    DEFAULT_ENV_FILE,
    read_config,
    set_entries,
    set_values,
    write_config,
    write_env_file,
)
from bot.onboarding.scopes import (
    bot_features,
    broadcaster_features,
    discord_invite_url,
    missing_permissions,
)
from bot.onboarding.twitch_login import Sleep, TwitchAccounts
from bot.onboarding.twitch_setup import log_in
from bot.store import migrate

if TYPE_CHECKING:
    from bot.onboarding.discord_app import Named

DEFAULT_TWITCH_AUTH = "https://id.twitch.tv/"
DEFAULT_TWITCH_API = "https://api.twitch.tv/helix/"


@click.command("setup")
@click.option("--twitch/--no-twitch", default=None, help="Set up Twitch chat.")
@click.option("--client-id", help="Your Twitch application's client id.")
@click.option(
    "--channel",
    "channels",
    multiple=True,
    help="A Twitch channel (login) the bot joins; repeat for more.",
)
@click.option(
    "--broadcaster-login/--no-broadcaster-login",
    default=True,
    show_default=True,
    help="Log each channel's broadcaster in for channel:bot (off when the bot is a moderator).",
)
@click.option("--discord/--no-discord", default=None, help="Set up Discord.")
@click.option("--server", help="The Discord server (id or name) to use.")
@click.option("--announce-channel", help="Discord channel (id or name) for drop posts.")
@click.option("--summary-channel", help="Discord channel (id or name) for summaries.")
@click.option(
    "--moderator-role", help="Discord role (id or name) that runs drops; 'none' for none."
)
@click.option("--community", help="fairdrop's name for the community (default: the channel).")
@click.option(
    "--env-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_ENV_FILE,
    show_default=True,
    help="Where the secrets go (mode 0600; a shell or systemd reads it).",
)
@click.option("--poll", type=float, default=None, hidden=True, help="Seconds between polls.")
# Where the platforms are: only for staging servers and local fakes, so hidden from --help.
@click.option("--twitch-auth-base", hidden=True, help="Twitch's id (OAuth) endpoint.")
@click.option("--twitch-api-base", hidden=True, help="Twitch's Helix endpoint.")
@click.option("--twitch-eventsub-url", hidden=True, help="Twitch's EventSub WebSocket.")
@click.option("--discord-api-base", hidden=True, help="Discord's REST endpoint.")
@click.option("--discord-gateway-url", hidden=True, help="Discord's gateway.")
@pass_context
def setup(obj: Context, /, **options: Any) -> None:
    """Configure fairdrop for your Twitch channel and Discord server: writes fairdrop.toml,
    the keyring and the secrets file, logs the bot and the broadcaster in to Twitch, and picks
    the Discord server, channels and role from lists."""
    config_path = obj.config_path or Path("fairdrop.toml")
    doc = read_config(config_path)
    endpoints(doc, options)
    use_twitch = _ask_bool(options["twitch"], "Set up Twitch chat?")
    use_discord = _ask_bool(options["discord"], "Set up Discord?")
    if not (use_twitch or use_discord):
        raise CommandRefused("nothing to set up: answer yes to Twitch, Discord or both")
    settings = _settings_before_logins(doc, config_path)
    _keyring(settings)
    secrets: dict[str, str] = {}
    community = options["community"]
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        if use_twitch:
            client_id = options["client_id"] or click.prompt("Twitch application client id")
            secret = _secret(ENV_TWITCH_SECRET, "Twitch client secret")
            secrets[ENV_TWITCH_SECRET] = secret
            channels = options["channels"] or _split(
                click.prompt("Twitch channel(s) the bot joins (logins, comma separated)")
            )
            login = _twitch(doc, settings, options, client_id.strip(), secret, channels)
            community = community or runner.run(login)
        if use_discord:
            token = _secret(ENV_DISCORD_TOKEN, "Discord bot token")
            secrets[ENV_DISCORD_TOKEN] = token
            _discord(runner, doc, token, options, community or "default")
    write_env_file(options["env_file"], secrets)
    draft, _ = _draft(doc, config_path)  # the config as written is valid, or one line why not
    draft.replace(config_path)
    click.echo(f"wrote {config_path}")
    click.echo(f"wrote {options['env_file']} (mode 0600: the secrets; back it up, never commit it)")
    click.echo(
        f"next: `fairdrop doctor`, then `fairdrop run` with the secrets in the environment "
        f"(`set -a; . ./{options['env_file']}; set +a`, or systemd's EnvironmentFile=); "
        "a fairdrop already running serves a new Discord server after SIGHUP "
        "(`systemctl reload fairdrop`), no restart"
    )


def endpoints(doc: tomlkit.TOMLDocument, options: dict[str, Any]) -> None:
    """Write the endpoint options given (staging servers, local fakes) into the config."""
    pairs = {
        ("twitch", "auth_base"): options["twitch_auth_base"],
        ("twitch", "api_base"): options["twitch_api_base"],
        ("twitch", "eventsub_url"): options["twitch_eventsub_url"],
        ("discord", "api_base"): options["discord_api_base"],
        ("discord", "gateway_url"): options["discord_gateway_url"],
    }
    for (name, key), value in pairs.items():
        if value:
            set_values(doc, name, {key: value})


async def _twitch(
    doc: tomlkit.TOMLDocument,
    settings: Settings,
    options: dict[str, Any],
    client_id: str,
    secret: str,
    channels: Sequence[str],
) -> str:
    """Log the accounts in, write [twitch]; the community name of the first channel."""
    twitch = settings.twitch
    engine = build_engine(settings)
    try:
        tokens = build_token_store(engine, load_keyring(settings.keys.path))
        async with TwitchAccounts(
            client_id, secret, auth_base=twitch.auth_base, api_base=twitch.api_base
        ) as accounts:
            found = await log_in(
                accounts,
                bot_features(settings),
                channels,
                tokens,
                click.echo,
                broadcasters=options["broadcaster_login"],
                asked_of_broadcasters=broadcaster_features(settings),
                sleep=_sleep(options["poll"]),
            )
    finally:
        engine.dispose()
    click.echo(f"Twitch: the bot is {found.bot_login} (id {found.bot_id})")
    for channel in found.channels:
        click.echo(f"Twitch: #{channel.login} is id {channel.broadcaster_id}")
    for missing in found.missing:
        click.echo(f"Twitch: not granted: {missing}; log in again and allow it", err=True)
    values = {"enabled": True, "client_id": client_id, "bot_id": found.bot_id}
    if found.moderator:
        values["moderator"] = True  # Twitch allows a moderator 100 messages per 30 s, not 20
        click.echo("Twitch: the bot is a moderator in every channel")
    set_values(doc, "twitch", values)
    set_entries(
        doc,
        "twitch",
        "channels",
        [{"name": c.login, "broadcaster_id": c.broadcaster_id} for c in found.channels],
        by="broadcaster_id",
    )
    return found.channels[0].login


def _discord(
    runner: asyncio.Runner,
    doc: tomlkit.TOMLDocument,
    token: str,
    options: dict[str, Any],
    community: str,
) -> None:
    """Read the application, show the invite, pick server, channels and role; write them."""
    from bot.onboarding.discord_app import DiscordApp  # discord.py loads only when it is used

    discord_settings = DiscordSettings.model_validate(dict(doc.get("discord", {})) | {"guilds": []})
    app = DiscordApp(token, discord_settings)
    runner.run(app.__aenter__())
    try:
        application_id = runner.run(app.application_id())
        click.echo(f"Discord: application {application_id}")
        click.echo(f"Invite the bot to your server: {discord_invite_url(application_id)}")
        servers = runner.run(app.servers())
        wanted = options["server"]
        while not servers or (wanted and not _find(servers, wanted)):
            click.echo("Waiting for the bot to join your server (open the link above)...")
            servers = runner.run(
                app.wait_for_server({s.id for s in servers}, every=options["poll"] or 3.0)
            )
        server = _pick("Discord server", servers, wanted)
        lists = runner.run(app.lists(server.id))
        announce = _pick("Channel for drop posts", lists.text_channels, options["announce_channel"])
        summary = _pick(
            "Channel for summaries", lists.text_channels, options["summary_channel"], announce
        )
        role = _pick_role(lists.roles, options["moderator_role"])
        for channel in {announce, summary}:
            granted = runner.run(app.channel_permissions(server.id, channel.id)) or 0
            if lacking := missing_permissions(granted):
                click.echo(
                    f"Discord: the bot lacks {', '.join(lacking)} in #{channel.name}; "
                    "allow them in the channel's permissions",
                    err=True,
                )
    finally:
        runner.run(app.__aexit__(None, None, None))
    set_values(doc, "discord", {"enabled": True, "application_id": application_id})
    guild = {
        "id": server.id,
        "name": community,
        "announce_channel_id": announce.id,
        "summary_channel_id": summary.id,
        "moderator_role_id": role.id if role else "",
    }
    set_entries(doc, "discord", "guilds", [guild], by="id")
    click.echo(f"Discord: {server.name}, posts in #{announce.name}, summaries in #{summary.name}")


def _pick(
    what: str, choices: list[Named], given: str | None, default: Named | None = None
) -> Named:
    """The choice `given` names (an id or a name), else one picked from a numbered list."""
    if not choices:
        raise CommandRefused(f"{what}: there is nothing to choose from")
    if given:
        found = _find(choices, given)
        if found is None:
            names = ", ".join(c.name for c in choices)
            raise CommandRefused(f"{what}: no {given!r} (there are: {names})")
        return found
    for number, choice in enumerate(choices, 1):
        click.echo(f"  {number}) {choice.name}")
    number = click.prompt(
        what,
        type=click.IntRange(1, len(choices)),
        default=choices.index(default) + 1 if default else None,
    )
    return choices[number - 1]


def _pick_role(roles: list[Named], given: str | None) -> Named | None:
    if given and given.lower() == "none":
        return None
    if given or roles:
        from bot.onboarding.discord_app import Named

        none = Named("", "none (Manage Server only)")
        picked = _pick("Moderator role", [none, *roles], given, none)
        return picked if picked.id else None
    return None


def _find(choices: list[Named], given: str) -> Named | None:
    key = given.strip().lstrip("#@").lower()
    return next((c for c in choices if key in (c.id, c.name.lower())), None)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _ask_bool(given: bool | None, question: str) -> bool:
    return given if given is not None else click.confirm(question, default=True)


def _secret(name: str, what: str) -> str:
    value = os.environ.get(name) or click.prompt(what, hide_input=True)
    if not value.strip():
        raise CommandRefused(f"{what}: empty; paste it (input stays hidden) or set ${name}")
    return value.strip()


def _settings_before_logins(doc: tomlkit.TOMLDocument, config_path: Path) -> Settings:
    """The database and keyring settings to store tokens with, read from the config as it
    will be but with both platforms off (their ids are not known yet). The config file itself
    is written only once everything succeeded: a setup that fails changes nothing in it."""
    draft = tomlkit.parse(tomlkit.dumps(doc))
    set_values(draft, "twitch", {"enabled": False})
    set_values(draft, "discord", {"enabled": False})
    path, settings = _draft(draft, config_path)
    path.unlink()
    return settings


def _draft(doc: tomlkit.TOMLDocument, config_path: Path) -> tuple[Path, Settings]:
    """`doc` written beside the config and loaded as `fairdrop run` would load it; removed
    again if it is not valid."""
    path = config_path.with_name(f".{config_path.name}.setup")
    write_config(path, doc)
    try:
        return path, _load(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _load(path: Path) -> Settings:
    try:
        return load_settings(path)
    except ConfigError as error:
        raise CommandRefused(str(error)) from None


def _keyring(settings: Settings) -> None:
    """A keyring (kept if there is one: replacing it would orphan every code and token), and
    the database at the newest schema, where the sealed tokens go."""
    path = settings.keys.path
    if path.exists():
        load_keyring(path)  # a readable, private keyring, or one line why not
        click.echo(f"kept {path}")
    else:
        create_keyring(path, datetime.now(UTC))
        click.echo(f"wrote {path} (mode 0600; back it up, never commit it)")
    engine = build_engine(settings)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()


def _sleep(seconds: float | None) -> Sleep:
    """Twitch's polling interval, or a fixed one (`--poll`, for local fakes)."""
    if seconds is None:
        return asyncio.sleep

    async def sleep(interval: float) -> None:
        await asyncio.sleep(seconds)

    return sleep
