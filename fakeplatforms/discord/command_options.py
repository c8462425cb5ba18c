"""The application commands the bot registered on the fake Discord, as tests read them, and
the options a test passes to ``slash``/``autocomplete``, typed and checked against the schema
the bot registered (choices, ranges, lengths, channel types; users, roles, channels and uploads
resolved as Discord resolves them) into the interaction's ``data``. Apart from the interactions
that send them: checking a test's options against a schema is a concern of its own, and the
longest part of the test API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakeplatforms.discord.commands import OPTION_TYPES, CommandPut, CommandRegistry
from fakeplatforms.discord.messages import FakeAttachment, Upload
from fakeplatforms.discord.model import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser
from fakeplatforms.discord.state import DiscordState


class CommandOptions(DiscordState):
    """The registered commands, and a command path and options turned into Discord's
    ``data`` for INTERACTION_CREATE."""

    registry: CommandRegistry

    @property
    def command_puts(self) -> list[CommandPut]:
        """Every bulk overwrite (``PUT .../commands``), in order."""
        return self.registry.puts

    def commands(self, guild: FakeGuild | None = None) -> list[dict[str, Any]]:
        """The registered commands (global, or ``guild``'s), as Discord returns them."""
        return self.registry.commands_in(None if guild is None else guild.id)

    def command(self, name: str, guild: FakeGuild | None = None) -> dict[str, Any]:
        """A registered chat-input command by top-level name (guild first, then global);
        LookupError naming what is registered if the bot has not synced it."""
        return self.registry.command(name, guild)

    def _command_data(
        self,
        member: FakeMember,
        path: str,
        options: Mapping[str, Any],
        *,
        focused: str | None = None,
        focused_value: Any = None,
    ) -> dict[str, Any]:
        parts = path.split()
        if not parts:
            raise ValueError("empty command path")
        cmd = self.command(parts[0], member.guild)
        chain: list[Mapping[str, Any]] = []
        node: list[dict[str, Any]] = cmd.get("options") or []
        for part in parts[1:]:
            sub = next((o for o in node if o["name"] == part and o["type"] in (1, 2)), None)
            if sub is None:
                subs = [o["name"] for o in node if o["type"] in (1, 2)]
                raise LookupError(f"/{path}: no subcommand {part!r} (has {subs})")
            chain.append(sub)
            node = sub.get("options") or []
        if any(o["type"] in (1, 2) for o in node):
            subs = [o["name"] for o in node]
            raise LookupError(f"/{path} is a group: name one of its subcommands {subs}")
        resolved: dict[str, dict[str, Any]] = {}
        inner = self._options(node, options, member, resolved, cmd, path, focused, focused_value)
        for sub in reversed(chain):
            inner = [{"type": sub["type"], "name": sub["name"], "options": inner}]
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": 1, "options": inner}
        if "guild_id" in cmd:
            data["guild_id"] = cmd["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data

    def _options(
        self,
        schema: list[dict[str, Any]],
        given: Mapping[str, Any],
        member: FakeMember,
        resolved: dict[str, dict[str, Any]],
        cmd: Mapping[str, Any],
        path: str,
        focused: str | None,
        focused_value: Any,
    ) -> list[dict[str, Any]]:
        names = {o["name"] for o in schema}
        unknown = set(given) - names - ({focused} if focused else set())
        if focused and focused not in names:
            unknown.add(focused)
        if unknown:
            raise TypeError(f"/{path} has no option(s) {sorted(unknown)}; has {sorted(names)}")
        out: list[dict[str, Any]] = []
        for opt in schema:
            name = opt["name"]
            if name == focused:
                out.append(
                    {"type": opt["type"], "name": name, "value": focused_value, "focused": True}
                )
                continue
            if name not in given:
                if opt.get("required") and focused is None:
                    raise TypeError(f"/{path}: missing required option {name!r}")
                continue
            value = self._option_value(opt, given[name], member, resolved, cmd, path)
            out.append({"type": opt["type"], "name": name, "value": value})
        return out

    def _option_value(
        self,
        opt: Mapping[str, Any],
        value: Any,
        member: FakeMember,
        resolved: dict[str, dict[str, Any]],
        cmd: Mapping[str, Any],
        path: str,
    ) -> Any:
        otype, name = opt["type"], opt["name"]
        what = f"/{path} option {name!r} ({OPTION_TYPES[otype]})"
        guild = member.guild
        if otype in (3, 4, 10):
            ok = (
                isinstance(value, str)
                if otype == 3
                else isinstance(value, int | float) and not isinstance(value, bool)
            )
            if not ok or (otype == 4 and not isinstance(value, int)):
                raise TypeError(f"{what} got {value!r}")
            choices = [c["value"] for c in opt.get("choices") or []]
            if choices and value not in choices:
                raise ValueError(f"{what}: {value!r} is not one of the choices {choices}")
            lo, hi = opt.get("min_value"), opt.get("max_value")
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                raise ValueError(f"{what}: {value!r} is outside [{lo}, {hi}]")
            if otype == 3:
                lo, hi = opt.get("min_length"), opt.get("max_length")
                if (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi):
                    raise ValueError(f"{what}: length of {value!r} is outside [{lo}, {hi}]")
            return value
        if otype == 5:
            if not isinstance(value, bool):
                raise TypeError(f"{what} got {value!r}")
            return value
        if otype in (6, 9) and isinstance(value, FakeMember | FakeUser):
            user = value.user if isinstance(value, FakeMember) else value
            resolved.setdefault("users", {})[str(user.id)] = user.payload()
            m = guild.members.get(user.id)
            if m is not None:
                resolved.setdefault("members", {})[str(user.id)] = m.payload(
                    user=False, permissions=True
                )
            return str(user.id)
        if otype in (8, 9) and isinstance(value, FakeRole):
            resolved.setdefault("roles", {})[str(value.id)] = value.payload()
            return str(value.id)
        if otype == 7 and isinstance(value, FakeChannel):
            types = opt.get("channel_types")
            if types and value.type not in types:
                raise ValueError(f"{what}: channel type {value.type} not in {types}")
            resolved.setdefault("channels", {})[str(value.id)] = value.payload() | {
                "permissions": str(member.permissions)
            }
            return str(value.id)
        if otype == 11:
            if isinstance(value, tuple):
                value = Upload(*value)
            if not isinstance(value, Upload):
                raise TypeError(f"{what} wants an Upload(filename, data) or (filename, data)")
            aid = self.snowflake()
            att = FakeAttachment(
                aid,
                value.filename,
                value.data,
                f"{self.base_url}/ephemeral-attachments/{cmd['id']}/{aid}/{value.filename}",
                value.guessed_type,
                ephemeral=True,
            )
            self.attachments[aid] = att
            resolved.setdefault("attachments", {})[str(aid)] = att.payload()
            return str(aid)
        raise TypeError(f"{what} got {value!r}")
