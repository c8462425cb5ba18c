"""Loading the config: the file (or ./fairdrop.toml, or the embedded defaults) and the
environment, validated into `Settings`; anything wrong is one `ConfigError` line naming the file
and the key."""

from __future__ import annotations

import logging
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from bot.config.fields import ConfigError
from bot.config.platforms import check_discord, check_twitch
from bot.config.settings import Settings, community_names
from bot.config.storage import ENV_DATABASE_URL, ENV_REDIS_URL
from bot.gating.rules import RuleError, parse_rule
from bot.overlay_theme import OverlayThemeChange

# The documented example: shipped inside the wheel in this package, at the root of a checkout.
PACKAGED_EXAMPLE = Path(__file__).resolve().parent / "config.example.toml"
EXAMPLE_CONFIG = (
    PACKAGED_EXAMPLE
    if PACKAGED_EXAMPLE.exists()
    else Path(__file__).resolve().parents[2] / "config.example.toml"
)
DEFAULT_CONFIG = Path("fairdrop.toml")

log = logging.getLogger(__name__)
# Where the overlay's per-community changes were before [communities.NAME.overlay], still read.
OLD_OVERLAYS = ("overlay", "communities")
_OLD_OVERLAYS = TypeAdapter(dict[str, OverlayThemeChange])


def _pop(data: dict[str, Any], where: tuple[str, str]) -> object | None:
    """Take the key `where` (table, key) out of the file's `data`; None if it is not there."""
    table = data.get(where[0])
    return table.pop(where[1], None) if isinstance(table, dict) else None


def load_settings(path: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Load `path` (or ./fairdrop.toml if present, else embedded defaults) plus environment.

    Raises ConfigError with one line: the file, the key and what is wrong.
    """
    env = dict(os.environ) if env is None else env
    data: dict[str, Any] = {}
    source = "embedded defaults"
    if path is None and DEFAULT_CONFIG.exists():
        path = DEFAULT_CONFIG
    if path is not None:
        source = str(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: no such file (create one with `fairdrop init`)") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text; save the config as UTF-8") from None
        except OSError as error:
            raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    # Secrets and deployment-specific URLs come from the environment, never from the file.
    if (url := env.get(ENV_DATABASE_URL)) and isinstance(data.get("database", {}), dict):
        data.setdefault("database", {})["url"] = url
    if (url := env.get(ENV_REDIS_URL)) and isinstance(data.get("hot_state", {}), dict):
        data.setdefault("hot_state", {})["url"] = url
    web = data.get("web")
    if isinstance(web, dict) and "trust_forwarded_for" in web:
        raise ConfigError(
            f"{source}: [web] trust_forwarded_for: replaced by trusted_proxies, the list of your "
            'proxies\' addresses (e.g. trusted_proxies = ["127.0.0.1"]); remove the old key'
        )
    old_overlays = _pop(data, OLD_OVERLAYS)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{source}: {_first_problem(error)}") from None
    if settings.twitch.enabled:
        check_twitch(settings.twitch, source)
    if settings.discord.enabled:
        check_discord(settings.discord, source)
    _check_community_keys(settings, source)
    if old_overlays is not None:
        settings = _fold_old_overlays(settings, old_overlays, source)
    for tier in settings.drops.tiers:
        try:
            parse_rule(tier.rules, tier.require)
        except RuleError as error:
            raise ConfigError(
                f"{source}: [drops.tiers] rules (tier {tier.name!r}): {error}"
            ) from None
    return settings


def overrides_folder(settings: Settings, config: Path | None) -> Path:
    """The folder of message overrides: `[messages] overrides` beside the config file `config`
    (or beside ./fairdrop.toml when no file was named), whatever the working directory."""
    beside = (config if config is not None else DEFAULT_CONFIG).parent
    return (beside / settings.messages.overrides).resolve()


def _fold_old_overlays(settings: Settings, old: object, source: str) -> Settings:
    """`[overlay] communities`, the overlay's per-community changes before they moved beside the
    community's look (`[communities.NAME.overlay]`), checked under its old name and read into
    the new place, with one warning; a config that uses both places is refused (which would win
    is anyone's guess)."""
    try:
        changes = _OLD_OVERLAYS.validate_python(old)
    except ValidationError as error:
        raise ConfigError(f"{source}: {_first_problem(error, under=OLD_OVERLAYS)}") from None
    _check_communities(settings, [("[overlay.communities]", name) for name in changes], source)
    if new := sorted(n for n, c in settings.communities.items() if "overlay" in c.model_fields_set):
        raise ConfigError(
            f"{source}: [overlay] communities: the old place of [communities.NAME.overlay], "
            f"which is set too (for {new[0]!r}); move everything to [communities.NAME.overlay]"
        )
    log.warning(
        "%s: [overlay] communities is deprecated: write each community's overlay as "
        '[communities.NAME.overlay] (e.g. [communities.%s.overlay] position = "top-left")',
        source,
        next(iter(changes), "mychannel"),
    )
    communities = dict(settings.communities)
    for name, change in changes.items():
        communities[name] = settings.community(name).model_copy(update={"overlay": change})
    return settings.model_copy(update={"communities": communities})


def _check_community_keys(settings: Settings, source: str) -> None:
    keyed = [("[drops] cooldowns", name) for name in settings.drops.cooldowns]
    keyed += [("[communities]", name) for name in settings.communities]
    _check_communities(settings, keyed, source)


def _check_communities(settings: Settings, keyed: list[tuple[str, str]], source: str) -> None:
    """Refuse the first of `keyed`'s (where, name) whose name is not a community."""
    known = community_names(settings)
    for where, name in keyed:
        if name not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise ConfigError(
                f"{source}: {where}: {name!r} is not a community (a "
                f"[[twitch.channels]] or [[discord.guilds]] name; configured: {listed})"
            )


def _first_problem(error: ValidationError, under: tuple[str, ...] = ()) -> str:
    """The first problem as `[section] key: what is wrong`; `under` is where the validated
    value sits in the file when it is not the whole file."""
    problem = error.errors()[0]
    location = [*under, *(str(p) for p in problem["loc"])]
    while len(location) > 1 and location[-1].isdigit():  # an item of a list: name the list
        location.pop()
    section = ".".join(p for p in location[:-1] if not p.isdigit())
    key = location[-1] if location else "?"
    where = f"[{section}] {key}" if section else key
    if problem["type"] == "extra_forbidden":
        return f"{where}: unknown key (see config.example.toml for the keys there are)"
    if problem["type"] == "missing":
        return f"{where}: required value is missing"
    message = problem["msg"].removeprefix("Value error, ")
    return f"{where}: {message} (got {problem.get('input')!r})"
