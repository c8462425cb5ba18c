"""Building the fake Discord's world, as a test sets it up: users (backdated with ``age``),
guilds with @everyone and the bot's managed role, roles, channels, members and admins, DM
channels, and the bot invited to a guild later; each announced to a connected bot as Discord
does (GUILD_CREATE, GUILD_ROLE_CREATE, CHANNEL_CREATE, GUILD_MEMBER_ADD/UPDATE). Apart from the
server: it is what a test does before the bot acts, and needs only the records and the
gateway's dispatch."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import discord

from fakeplatforms.discord.model import (
    DM,
    GUILD_TEXT,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
)
from fakeplatforms.discord.permissions import EVERYONE_DEFAULT, permission_value
from fakeplatforms.discord.state import DiscordState

GUILD_MEMBERS = 1 << 1


class GuildBuilding(DiscordState):
    """``add_user``, ``add_guild``, ``invite_bot``, ``add_role``, ``add_channel``,
    ``add_member``, ``add_admin``; and the payloads and events they make."""

    owner: FakeUser
    bot_permissions: int

    def add_user(
        self,
        username: str,
        *,
        global_name: str | None = None,
        bot: bool = False,
        dms_open: bool = True,
        age: timedelta | None = None,
    ) -> FakeUser:
        """A user; ``age`` backdates the account (its id carries when it was made; default
        now)."""
        user_id = self.snowflake.made_at(datetime.now(UTC) - age) if age else self.snowflake()
        user = FakeUser(user_id, username, global_name, bot=bot, dms_open=dms_open)
        self.users[user.id] = user
        return user

    def add_guild(
        self, name: str, *, channels: Sequence[str] = ("general",), bot_in: bool = True
    ) -> FakeGuild:
        """A guild the bot is in (owned by :attr:`owner`), with @everyone, the bot's managed role
        and text ``channels``. Announced with GUILD_CREATE if the bot is connected.

        ``bot_in=False``: a guild the bot has not been invited to yet. Discord answers its REST
        routes with 403 Missing Access (50001) and sends no GUILD_CREATE until
        :meth:`invite_bot`."""
        gid = self.snowflake()
        guild = FakeGuild(gid, name, self.owner.id, datetime.now(UTC))
        guild.roles[gid] = FakeRole(gid, gid, "@everyone", EVERYONE_DEFAULT)
        bot_role = FakeRole(
            self.snowflake(),
            gid,
            self.bot_user.global_name or "bot",
            self.bot_permissions,
            position=1,
            bot_id=self.bot_user.id,
        )
        guild.roles[bot_role.id] = bot_role
        guild.members[self.owner.id] = FakeMember(self.owner, guild)
        guild.members[self.bot_user.id] = FakeMember(self.bot_user, guild, [bot_role.id])
        self.guilds[gid] = guild
        for channel in channels:
            self._new_channel(guild, channel, GUILD_TEXT)
        if bot_in:
            self.invite_bot(guild)
        else:
            del self.guilds[gid]
        return guild

    def invite_bot(self, guild: FakeGuild) -> None:
        """Someone with Manage Server accepted the bot's invite: the guild is the bot's from now
        on, and a connected bot hears GUILD_CREATE (discord.py: ``on_guild_join``)."""
        self.guilds[guild.id] = guild
        session = self.gateway.current
        joined = self.guild_create(guild, session.intents if session else 0)
        # A guild joined (not one becoming available after READY) carries no `unavailable`
        # field (discord-api-docs #4518, #5124): discord.py then dispatches on_guild_join.
        joined.pop("unavailable", None)
        self._emit("GUILD_CREATE", joined)

    def add_role(
        self,
        guild: FakeGuild,
        name: str,
        permissions: int | str | Iterable[str] | discord.Permissions = 0,
        *,
        mentionable: bool = False,
        color: int = 0,
        hoist: bool = False,
    ) -> FakeRole:
        """``permissions``: an int, a permission name or names (``"administrator"``,
        ``("manage_guild", "manage_roles")``) or a ``discord.Permissions``."""
        role = FakeRole(
            self.snowflake(),
            guild.id,
            name,
            permission_value(permissions),
            position=len(guild.roles),
            color=color,
            hoist=hoist,
            mentionable=mentionable,
        )
        guild.roles[role.id] = role
        self._emit("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.payload()})
        return role

    def add_channel(
        self,
        guild: FakeGuild,
        name: str,
        *,
        type: int = GUILD_TEXT,
        topic: str | None = None,
        announced: bool = True,
    ) -> FakeChannel:
        """A new channel, announced to the bots by CHANNEL_CREATE unless `announced` is False
        (an event a bot missed: its cache does not hold the channel)."""
        channel = self._new_channel(guild, name, type, topic=topic)
        if announced:
            self._emit("CHANNEL_CREATE", channel.payload())
        return channel

    def _new_channel(
        self, guild: FakeGuild, name: str, type: int, *, topic: str | None = None
    ) -> FakeChannel:
        channel = FakeChannel(
            self.snowflake(), name, type, guild.id, position=len(guild.channels), topic=topic
        )
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def add_member(
        self,
        guild: FakeGuild,
        username: str,
        roles: Iterable[FakeRole] = (),
        permissions: int | str | Iterable[str] | discord.Permissions | None = None,
        dms_open: bool = True,
        bot: bool = False,
        *,
        user: FakeUser | None = None,
        nick: str | None = None,
        joined_at: datetime | None = None,
        age: timedelta | None = None,
    ) -> FakeMember:
        """A member (a new user unless ``user`` is given, made ``age`` ago). ``permissions``
        None: computed from @everyone and ``roles``; else fixed (e.g. ``"administrator"``)."""
        if user is None:
            user = self.add_user(username, bot=bot, dms_open=dms_open, age=age)
        member = FakeMember(
            user,
            guild,
            [r.id for r in roles],
            joined_at or datetime.now(UTC),
            nick,
            None if permissions is None else permission_value(permissions),
        )
        guild.members[user.id] = member
        self._emit(
            "GUILD_MEMBER_ADD",
            member.payload() | {"guild_id": str(guild.id)},
            intent=GUILD_MEMBERS,
        )
        return member

    def add_admin(self, guild: FakeGuild, username: str, **kwargs: Any) -> FakeMember:
        """A member with the administrator permission."""
        return self.add_member(guild, username, permissions="administrator", **kwargs)

    def member_updated(self, member: FakeMember) -> None:
        self._emit(
            "GUILD_MEMBER_UPDATE",
            member.payload() | {"guild_id": str(member.guild_id)},
            intent=GUILD_MEMBERS,
        )

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        channel = self._dms.get(user.id)
        if channel is None:
            channel = FakeChannel(self.snowflake(), "", DM, recipient=user)
            self._dms[user.id] = channel
            self.channels[channel.id] = channel
        return channel

    def guild_create(self, guild: FakeGuild, intents: int = 0) -> dict[str, Any]:
        """The GUILD_CREATE payload (all members with the members intent, else only the bot)."""
        if intents & GUILD_MEMBERS:
            members: Iterable[FakeMember] = guild.members.values()
        else:
            members = [guild.members[self.bot_user.id]]
        return guild.gateway_payload(members)
