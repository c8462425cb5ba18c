"""The fake Discord's guild records (users, guilds, roles, channels, members) and the JSON
payloads Discord's API v10 and gateway build from them, Discord's numbering (message flags,
interaction, callback and channel types), and :class:`Changes`, how tests wait on any of it: what
every other part of the fake is built on. Messages, interactions, snowflakes and permission
bitfields have modules of their own."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from fakeplatforms.discord.permissions import ADMINISTRATOR, ALL_PERMISSIONS, permission_value
from fakeplatforms.discord.snowflakes import iso

if TYPE_CHECKING:
    from fakeplatforms.discord.messages import FakeMessage

T = TypeVar("T")

#: Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7
#: Application flag ``GATEWAY_MESSAGE_CONTENT_LIMITED`` (an unverified bot without the intent).
APP_FLAGS = 1 << 19

#: Interaction types and callback types (Discord's numbering).
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9

#: Channel types.
GUILD_TEXT, DM, GUILD_VOICE, GUILD_CATEGORY, GUILD_ANNOUNCEMENT = 0, 1, 2, 4, 5


class Changes:
    """An ``asyncio.Event`` that can be pulsed: waiters re-check a condition on every change
    (and, with ``poll``, every 50 ms too, for conditions on state outside the fake)."""

    def __init__(self, poll: bool = True) -> None:
        self._event = asyncio.Event()
        self._poll = poll

    def bump(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], T], within: float, what: str = "") -> T:
        """Wait until ``predicate()`` is truthy, re-checked on every bump (and poll)."""
        try:
            async with asyncio.timeout(within):
                while True:
                    result = predicate()
                    if result:
                        return result
                    event = self._event
                    if not self._poll:
                        await event.wait()
                        continue
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(0.05):
                            await event.wait()
        except TimeoutError:
            raise TimeoutError(
                f"timed out after {within} s waiting for {what or predicate}"
            ) from None


# --------------------------------------------------------------------------------------------
# Users, guilds, roles, channels, members


@dataclass(eq=False)
class FakeUser:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    dms_open: bool = True
    avatar: str | None = None

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": self.avatar,
            "avatar_decoration_data": None,
            "collectibles": None,
            "primary_guild": None,
            "public_flags": 0,
        }
        if self.bot:
            out["bot"] = True
        return out


@dataclass(eq=False)
class FakeRole:
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = False
    bot_id: int | None = None  # a bot's managed role

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    @property
    def is_everyone(self) -> bool:
        return self.id == self.guild_id

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "description": None,
            "color": self.color,
            "colors": {
                "primary_color": self.color,
                "secondary_color": None,
                "tertiary_color": None,
            },
            "hoist": self.hoist,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.bot_id is not None,
            "mentionable": self.mentionable,
            "flags": 0,
        }
        if self.bot_id is not None:
            out["tags"] = {"bot_id": str(self.bot_id)}
        return out


@dataclass(eq=False)
class FakeChannel:
    id: int
    name: str
    type: int = GUILD_TEXT
    guild_id: int | None = None
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    recipient: FakeUser | None = None  # DM channels
    messages: list[FakeMessage] = field(default_factory=list, repr=False)
    # Permission overwrites as Discord sends them: {"id", "type" (0 role, 1 member), "allow",
    # "deny"} with the bitfields as strings.
    overwrites: list[dict[str, Any]] = field(default_factory=list, repr=False)

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    @property
    def last_message_id(self) -> str | None:
        return str(self.messages[-1].id) if self.messages else None

    def payload(self) -> dict[str, Any]:
        if self.type == DM:
            return {
                "id": str(self.id),
                "type": DM,
                "last_message_id": self.last_message_id,
                "flags": 0,
                "recipients": [self.recipient.payload()] if self.recipient else [],
            }
        out: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [dict(o) for o in self.overwrites],
            "parent_id": None if self.parent_id is None else str(self.parent_id),
            "flags": 0,
        }
        if self.type in (GUILD_TEXT, GUILD_ANNOUNCEMENT):
            out.update(
                topic=self.topic,
                nsfw=False,
                last_message_id=self.last_message_id,
                rate_limit_per_user=0,
                default_thread_rate_limit_per_user=0,
            )
        elif self.type == GUILD_VOICE:
            out.update(bitrate=64_000, user_limit=0, rtc_region=None, nsfw=False)
        return out


@dataclass(eq=False)
class FakeGuild:
    id: int
    name: str
    owner_id: int
    joined_at: datetime
    roles: dict[int, FakeRole] = field(default_factory=dict, repr=False)
    channels: dict[int, FakeChannel] = field(default_factory=dict, repr=False)
    members: dict[int, FakeMember] = field(default_factory=dict, repr=False)
    locale: str = "en-US"

    @property
    def everyone(self) -> FakeRole:
        return self.roles[self.id]

    def role(self, name: str) -> FakeRole:
        for role in self.roles.values():
            if role.name == name:
                return role
        raise KeyError(f"no role {name!r} in guild {self.name!r}")

    def channel(self, name: str) -> FakeChannel:
        for channel in self.channels.values():
            if channel.name == name:
                return channel
        raise KeyError(f"no channel {name!r} in guild {self.name!r}")

    @property
    def text_channels(self) -> list[FakeChannel]:
        return [c for c in self.channels.values() if c.type in (GUILD_TEXT, GUILD_ANNOUNCEMENT)]

    def payload(self) -> dict[str, Any]:
        """``GET /guilds/{id}``."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "icon_hash": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "region": "deprecated",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "widget_enabled": False,
            "widget_channel_id": None,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 2,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": self.locale,
            "vanity_url_code": None,
            "application_id": None,
            "max_members": 25_000_000,
            "max_presences": None,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "features": [],
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "incidents_data": None,
            "hub_type": None,
        }

    def gateway_payload(self, members: Iterable[FakeMember]) -> dict[str, Any]:
        """GUILD_CREATE's guild: the REST object plus the gateway-only fields."""
        out = self.payload()
        out.update(
            unavailable=False,
            joined_at=iso(self.joined_at),
            large=len(self.members) > 250,
            member_count=len(self.members),
            lazy=True,
            channels=[c.payload() for c in self.channels.values()],
            members=[m.payload() for m in members],
            threads=[],
            presences=[],
            voice_states=[],
            stage_instances=[],
            guild_scheduled_events=[],
            soundboard_sounds=[],
            embedded_activities=[],
        )
        return out


@dataclass(eq=False)
class FakeMember:
    user: FakeUser
    guild: FakeGuild = field(repr=False)
    roles: list[int] = field(default_factory=list)
    joined_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    nick: str | None = None
    permissions_override: int | None = None

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def username(self) -> str:
        return self.user.username

    @property
    def mention(self) -> str:
        return self.user.mention

    @property
    def guild_id(self) -> int:
        return self.guild.id

    @property
    def permissions(self) -> int:
        """The member's guild permissions: @everyone and its roles (all of them for the owner or
        an administrator), unless ``add_member(permissions=...)`` fixed them."""
        if self.permissions_override is not None:
            return self.permissions_override
        if self.user.id == self.guild.owner_id:
            return ALL_PERMISSIONS
        value = self.guild.everyone.permissions
        for role_id in self.roles:
            role = self.guild.roles.get(role_id)
            if role is not None:
                value |= role.permissions
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value

    def has(self, *names: str) -> bool:
        need = permission_value(names)
        return self.permissions & need == need

    def payload(self, *, user: bool = True, permissions: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "avatar": None,
            "banner": None,
            "communication_disabled_until": None,
            "deaf": False,
            "flags": 0,
            "joined_at": iso(self.joined_at),
            "mute": False,
            "nick": self.nick,
            "pending": False,
            "premium_since": None,
            "roles": [str(r) for r in self.roles],
            "unusual_dm_activity_until": None,
        }
        if user:
            out["user"] = self.user.payload()
        if permissions:
            out["permissions"] = str(self.permissions)
        return out
