"""The fake Discord's application commands: per-scope (global or guild) registry, Discord's bulk
overwrite semantics (ids kept, ``version`` bumped only on change), validation of names,
descriptions and options, and the records tests read (:class:`CommandPut`)."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fakeplatforms.discord.api import ApiError, form_error

if TYPE_CHECKING:
    from fakeplatforms.discord.model import FakeGuild

_NAME = re.compile(r"^[-_'\w]{1,32}$")
OPTION_TYPES = {
    1: "SUB_COMMAND",
    2: "SUB_COMMAND_GROUP",
    3: "STRING",
    4: "INTEGER",
    5: "BOOLEAN",
    6: "USER",
    7: "CHANNEL",
    8: "ROLE",
    9: "MENTIONABLE",
    10: "NUMBER",
    11: "ATTACHMENT",
}


@dataclass(frozen=True)
class CommandPut:
    """One bulk overwrite (``PUT .../commands``)."""

    guild_id: int | None
    payload: list[dict[str, Any]]
    changed: bool  # anything created, updated or deleted
    created: tuple[str, ...]
    updated: tuple[str, ...]
    deleted: tuple[str, ...]
    at: float


class CommandRegistry:
    def __init__(
        self,
        application_id: int,
        snowflake: Callable[[], int],
        clock: Callable[[], float],
        changed: Callable[[], None],
    ) -> None:
        self.application_id = application_id
        self.snowflake = snowflake
        self._clock = clock
        self._changed = changed
        self._by_scope: dict[int | None, dict[str, dict[str, Any]]] = {}
        self.puts: list[CommandPut] = []

    def commands_in(self, guild_id: int | None) -> list[dict[str, Any]]:
        return [copy.deepcopy(c) for c in self._by_scope.get(guild_id, {}).values()]

    def command(self, name: str, guild: FakeGuild | None = None) -> dict[str, Any]:
        """A registered chat-input command by top-level name (guild first, then global)."""
        scopes = ([guild.id] if guild is not None else []) + [None]
        for scope in scopes:
            cmd = self._by_scope.get(scope, {}).get(f"1:{name}")
            if cmd is not None:
                return cmd
        known = sorted(
            c["name"] for s in scopes for c in self._by_scope.get(s, {}).values() if c["type"] == 1
        )
        where = f"guild {guild.name!r} or globally" if guild else "globally"
        raise LookupError(
            f"/{name} is not registered {where} (registered: {known}); did the bot sync its tree?"
        )

    def _validate_command(self, cmd: Any, index: int) -> None:
        if not isinstance(cmd, dict):
            raise form_error(str(index), "Must be an application command object")
        ctype = cmd.get("type", 1)
        name = cmd.get("name")
        where = f"{index}.name"
        if (
            not isinstance(name, str)
            or not _NAME.match(name)
            or (ctype == 1 and name != name.lower())
        ):
            raise form_error(
                where, f"Command name is invalid: {name!r}", "APPLICATION_COMMAND_INVALID_NAME"
            )
        if ctype == 1:
            desc = cmd.get("description")
            if not isinstance(desc, str) or not 1 <= len(desc) <= 100:
                raise form_error(f"{index}.description", "Must be between 1 and 100 in length.")
            self._validate_options(cmd.get("options") or [], f"{index}.options", depth=0)

    def _validate_options(self, options: list[Any], where: str, depth: int) -> None:
        if len(options) > 25:
            raise form_error(where, "Must be 25 or fewer in length.", "BASE_TYPE_MAX_LENGTH")
        seen: set[str] = set()
        optional_seen = False
        for i, opt in enumerate(options):
            name = opt.get("name")
            otype = opt.get("type")
            if otype not in OPTION_TYPES:
                raise form_error(f"{where}.{i}.type", f"Invalid option type {otype!r}")
            if not isinstance(name, str) or not _NAME.match(name) or name != name.lower():
                raise form_error(f"{where}.{i}.name", f"Option name is invalid: {name!r}")
            if name in seen:
                raise form_error(
                    where,
                    f"Duplicate option name {name!r}",
                    "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                )
            seen.add(name)
            desc = opt.get("description")
            if not isinstance(desc, str) or not 1 <= len(desc) <= 100:
                raise form_error(f"{where}.{i}.description", "Must be between 1 and 100 in length.")
            if otype in (1, 2):
                if (otype == 2 and depth > 0) or (otype == 1 and depth > 1):
                    raise form_error(f"{where}.{i}", "Subcommands nested too deeply")
                self._validate_options(opt.get("options") or [], f"{where}.{i}.options", depth + 1)
                continue
            if opt.get("required"):
                if optional_seen:
                    raise form_error(
                        where,
                        "Required options must be placed before non-required options",
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    )
            else:
                optional_seen = True
            if len(opt.get("choices") or []) > 25:
                raise form_error(f"{where}.{i}.choices", "Must be 25 or fewer in length.")
            if opt.get("choices") and opt.get("autocomplete"):
                raise form_error(f"{where}.{i}", "Autocomplete and choices are exclusive")

    def _stored(
        self, scope: int | None, cmd: Mapping[str, Any], cid: int, version: int
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": str(cid),
            "application_id": str(self.application_id),
            "version": str(version),
            "default_member_permissions": None,
            "type": cmd.get("type", 1),
            "name": cmd["name"],
            "name_localizations": None,
            "description": cmd.get("description", ""),
            "description_localizations": None,
            "dm_permission": True,
            "contexts": None,
            "integration_types": [0],
            "nsfw": False,
        }
        for key, value in cmd.items():
            if key not in ("id", "application_id", "version", "guild_id") and value is not None:
                out[key] = copy.deepcopy(value)
        if out["default_member_permissions"] is not None:
            out["default_member_permissions"] = str(out["default_member_permissions"])
        if scope is not None:
            out["guild_id"] = str(scope)
            out.pop("dm_permission", None)
        return out

    def overwrite_commands(self, scope: int | None, payload: list[Any]) -> list[dict[str, Any]]:
        for i, cmd in enumerate(payload):
            self._validate_command(cmd, i)
        keys = [f"{c.get('type', 1)}:{c['name']}" for c in payload]
        if len(set(keys)) != len(keys):
            raise form_error(
                "_root",
                "Application command names must be unique",
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
            )
        if sum(1 for k in keys if k.startswith("1:")) > 100:
            raise form_error("_root", "Must be 100 or fewer in length.", "BASE_TYPE_MAX_LENGTH")
        old = self._by_scope.get(scope, {})
        new: dict[str, dict[str, Any]] = {}
        created, updated = [], []
        for key, cmd in zip(keys, payload, strict=True):
            prev = old.get(key)
            if prev is None:
                new[key] = self._stored(scope, cmd, self.snowflake(), self.snowflake())
                created.append(cmd["name"])
            elif _canonical(_definition(prev)) != _canonical(_definition(cmd)):
                new[key] = self._stored(scope, cmd, int(prev["id"]), self.snowflake())
                updated.append(cmd["name"])
            else:
                new[key] = prev
        deleted = [c["name"] for k, c in old.items() if k not in new]
        self._by_scope[scope] = new
        self.puts.append(
            CommandPut(
                guild_id=scope,
                payload=copy.deepcopy(payload),
                changed=bool(created or updated or deleted),
                created=tuple(created),
                updated=tuple(updated),
                deleted=tuple(deleted),
                at=self._clock(),
            )
        )
        self._changed()
        return self.commands_in(scope)

    def upsert_command(
        self, scope: int | None, cmd: dict[str, Any], command_id: str | None
    ) -> tuple[bool, dict[str, Any]]:
        commands = self._by_scope.setdefault(scope, {})
        if command_id is not None:
            prev_key = next((k for k, c in commands.items() if c["id"] == command_id), None)
            if prev_key is None:
                raise ApiError(404, 10063, "Unknown application command")
            cmd = {**commands.pop(prev_key), **cmd, "version": None}
        self._validate_command(cmd, 0)
        key = f"{cmd.get('type', 1)}:{cmd['name']}"
        prev = commands.get(key)
        cid = int(prev["id"]) if prev else int(command_id or 0) or self.snowflake()
        commands[key] = self._stored(scope, cmd, cid, self.snowflake())
        self._changed()
        return prev is None and command_id is None, copy.deepcopy(commands[key])

    def delete_command(self, scope: int | None, command_id: str) -> None:
        commands = self._by_scope.get(scope, {})
        key = next((k for k, c in commands.items() if c["id"] == command_id), None)
        if key is None:
            raise ApiError(404, 10063, "Unknown application command")
        del commands[key]
        self._changed()


def _definition(cmd: Mapping[str, Any]) -> dict[str, Any]:
    keys = (
        "type", "name", "name_localizations", "description", "description_localizations",
        "options", "default_member_permissions", "nsfw", "contexts", "integration_types",
    )  # fmt: skip
    out = {k: cmd.get(k) for k in keys}
    out["type"] = out["type"] or 1
    if out["default_member_permissions"] is not None:
        out["default_member_permissions"] = str(out["default_member_permissions"])
    if out["integration_types"] == [0]:
        out["integration_types"] = None
    return out


def _canonical(value: Any) -> Any:
    """Drop the "empty" values Discord treats as absent, so equal definitions compare equal."""
    if isinstance(value, dict):
        return {
            k: _canonical(v) for k, v in sorted(value.items()) if v not in (None, False, [], {})
        }
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value
