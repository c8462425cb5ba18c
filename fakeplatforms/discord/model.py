"""The fake Discord's records (users, guilds, roles, channels, members, messages, interactions)
and the JSON payloads Discord's API v10 and gateway build from them."""

# The test API takes timeouts as arguments (``wait_response(timeout=5)``), on purpose.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import discord

T = TypeVar("T")

DISCORD_EPOCH_MS = 1_420_070_400_000

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

_USER_MENTION = re.compile(r"<@!?(\d{1,20})>")
_ROLE_MENTION = re.compile(r"<@&(\d{1,20})>")


class Snowflakes:
    """Real-looking, strictly increasing snowflakes (timestamp in the top 42 bits)."""

    def __init__(self) -> None:
        self._last = 0
        self._made = 0

    def __call__(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = max((ms << 22) | (1 << 17), self._last + 1)
        self._last = value
        return value

    def made_at(self, when: datetime) -> int:
        """A snowflake whose timestamp is `when` (an account made then): unique, since its low
        22 bits (worker, process and increment) count the ids made this way."""
        self._made += 1
        ms = int(when.timestamp() * 1000) - DISCORD_EPOCH_MS
        return (ms << 22) | (self._made & 0x3FFFFF)


def iso(at: datetime | None = None) -> str:
    """Discord's timestamps: ISO 8601 with microseconds and ``+00:00``."""
    return (at or datetime.now(UTC)).astimezone(UTC).isoformat()


def permission_value(perms: int | str | Iterable[str] | discord.Permissions | None) -> int:
    """``0x8``, ``"administrator"``, ``("manage_guild", "send_messages")`` or a
    :class:`discord.Permissions` as Discord's integer bitfield."""
    if perms is None:
        return 0
    if isinstance(perms, discord.Permissions):
        return perms.value
    if isinstance(perms, int):
        return perms
    names = [perms] if isinstance(perms, str) else list(perms)
    return discord.Permissions(**dict.fromkeys(names, True)).value


ADMINISTRATOR = discord.Permissions(administrator=True).value
ALL_PERMISSIONS = discord.Permissions.all().value
#: @everyone's permissions in a new guild (Discord's default set).
EVERYONE_DEFAULT = discord.Permissions.general().value | discord.Permissions.text().value
EVERYONE_DEFAULT &= ~permission_value(
    ("manage_channels", "manage_roles", "manage_webhooks", "manage_expressions", "view_audit_log")
)
EVERYONE_DEFAULT &= ~permission_value(
    ("manage_messages", "manage_threads", "mention_everyone", "send_tts_messages")
)
EVERYONE_DEFAULT &= ~permission_value(("manage_guild", "kick_members", "ban_members"))
EVERYONE_DEFAULT &= ~permission_value(("moderate_members", "manage_events"))
#: What the bot's own managed role gets unless FakeDiscord(bot_permissions=...) says otherwise.
BOT_DEFAULT = permission_value(
    (
        "view_channel",
        "send_messages",
        "send_messages_in_threads",
        "embed_links",
        "attach_files",
        "read_message_history",
        "mention_everyone",
        "add_reactions",
        "use_external_emojis",
        "use_application_commands",
        "manage_messages",
        "manage_roles",
    )
)


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


# --------------------------------------------------------------------------------------------
# Messages


@dataclass(eq=False)
class FakeAttachment:
    id: int
    filename: str
    data: bytes = field(repr=False)
    url: str
    content_type: str | None = None
    description: str | None = None
    ephemeral: bool = False

    @property
    def size(self) -> int:
        return len(self.data)

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": self.size,
            "url": self.url,
            "proxy_url": self.url,
            "content_type": self.content_type,
            "flags": 0,
        }
        if self.description is not None:
            out["description"] = self.description
        if self.ephemeral:
            out["ephemeral"] = True
        return out


@dataclass(frozen=True)
class Upload:
    """A file a test hands to an attachment option (``fake.slash(..., image=Upload(...))``)."""

    filename: str
    data: bytes
    content_type: str | None = None

    @property
    def guessed_type(self) -> str | None:
        return self.content_type or mimetypes.guess_type(self.filename)[0]


@dataclass(frozen=True)
class Pinged:
    """Who a message actually notified once ``allowed_mentions`` was applied to its content."""

    everyone: bool = False  # @everyone
    here: bool = False  # @here
    users: frozenset[int] = frozenset()
    roles: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return self.everyone or self.here or bool(self.users) or bool(self.roles)


NOBODY = Pinged()


def compute_pinged(
    content: str,
    allowed_mentions: Mapping[str, Any] | None,
    *,
    in_guild: bool,
    replied_user: int | None = None,
) -> tuple[Pinged, list[int], list[int]]:
    """Apply Discord's ``allowed_mentions`` rules to ``content``: returns who is pinged and the
    user and role ids the message's ``mentions``/``mention_roles`` list. Absent
    ``allowed_mentions`` means everything parses. (Role mentionability and the sender's
    MENTION_EVERYONE permission are not checked.)"""
    user_ids = list(dict.fromkeys(int(x) for x in _USER_MENTION.findall(content)))
    role_ids = list(dict.fromkeys(int(x) for x in _ROLE_MENTION.findall(content)))
    if allowed_mentions is None:
        parse = {"users", "roles", "everyone"}
        allow_users: set[int] | None = None
        allow_roles: set[int] | None = None
        reply = True
    else:
        parse = set(allowed_mentions.get("parse") or ())
        allow_users = {int(x) for x in allowed_mentions.get("users") or ()}
        allow_roles = {int(x) for x in allowed_mentions.get("roles") or ()}
        reply = bool(allowed_mentions.get("replied_user", False))
    users = {u for u in user_ids if "users" in parse or (allow_users and u in allow_users)}
    roles = {r for r in role_ids if "roles" in parse or (allow_roles and r in allow_roles)}
    if replied_user is not None and reply:
        users.add(replied_user)
    everyone = in_guild and "everyone" in parse and "@everyone" in content
    here = in_guild and "everyone" in parse and "@here" in content
    pinged = Pinged(everyone, here, frozenset(users), frozenset(roles))
    return pinged, [u for u in user_ids if u in users], [r for r in role_ids if r in roles]


def check_allowed_mentions(allowed_mentions: Any) -> str | None:
    """Discord's validation of ``allowed_mentions`` (None if fine, else the error)."""
    if allowed_mentions is None:
        return None
    if not isinstance(allowed_mentions, dict):
        return "allowed_mentions must be an object"
    parse = allowed_mentions.get("parse") or []
    for kind in ("users", "roles"):
        if kind in parse and allowed_mentions.get(kind):
            return f"parse:[{kind!r}] and {kind}: [ids...] are mutually exclusive."
        if len(allowed_mentions.get(kind) or []) > 100:
            return f"{kind} may not exceed 100 ids"
    return None


@dataclass(frozen=True)
class MessageEdit:
    """One accepted edit: when, and the fields the edit set."""

    at: float  # loop.time()
    timestamp: datetime
    changes: Mapping[str, Any]
    content: str  # the content after the edit


@dataclass(eq=False)
class FakeMessage:
    id: int
    channel_id: int
    guild_id: int | None
    author: FakeUser
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[FakeAttachment] = field(default_factory=list)
    flags: int = 0
    tts: bool = False
    allowed_mentions: dict[str, Any] | None = None
    pinged: Pinged = NOBODY
    mentions: list[int] = field(default_factory=list)
    mention_roles: list[int] = field(default_factory=list)
    type: int = 0
    created: float = 0.0  # loop.time()
    timestamp: datetime = field(default_factory=lambda: datetime.now(UTC))
    edited_timestamp: datetime | None = None
    edits: list[MessageEdit] = field(default_factory=list)
    deleted: bool = False
    webhook_id: int | None = None
    application_id: int | None = None
    interaction: FakeInteraction | None = field(default=None, repr=False)
    message_reference: dict[str, Any] | None = None
    nonce: str | int | None = None
    mentioned_users: list[FakeUser] = field(default_factory=list, repr=False)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def files(self) -> list[tuple[str, bytes]]:
        return [(a.filename, a.data) for a in self.attachments]

    @property
    def custom_ids(self) -> list[str]:
        """Every ``custom_id`` in the message's components (rows, sections, containers...)."""
        return [c["custom_id"] for c in walk_components(self.components) if "custom_id" in c]

    def component(self, custom_id: str) -> dict[str, Any]:
        for c in walk_components(self.components):
            if c.get("custom_id") == custom_id:
                return dict(c)
        raise LookupError(f"message {self.id} has no component {custom_id!r}: {self.custom_ids}")

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "content": self.content,
            "channel_id": str(self.channel_id),
            "author": self.author.payload(),
            "attachments": [a.payload() for a in self.attachments],
            "embeds": self.embeds,
            "mentions": [u.payload() for u in self.mentioned_users],
            "mention_roles": [str(r) for r in self.mention_roles],
            "mention_everyone": self.pinged.everyone or self.pinged.here,
            "pinned": False,
            "tts": self.tts,
            "timestamp": iso(self.timestamp),
            "edited_timestamp": None
            if self.edited_timestamp is None
            else iso(self.edited_timestamp),
            "flags": self.flags,
            "components": self.components,
        }
        if self.webhook_id is not None:
            out["webhook_id"] = str(self.webhook_id)
        if self.application_id is not None:
            out["application_id"] = str(self.application_id)
        if self.message_reference is not None:
            out["message_reference"] = self.message_reference
        if self.nonce is not None:
            out["nonce"] = self.nonce
        ix = self.interaction
        if ix is not None:
            meta: dict[str, Any] = {
                "id": str(ix.id),
                "type": ix.type,
                "user": ix.user.payload(),
                "authorizing_integration_owners": ix.payload.get(
                    "authorizing_integration_owners", {}
                ),
            }
            if ix.type == APPLICATION_COMMAND:
                meta["name"] = ix.command_name
                meta["command_type"] = 1
            if ix.source_message is not None:
                meta["interacted_message_id"] = str(ix.source_message.id)
            if ix.original is not None and ix.original is not self:
                meta["original_response_message_id"] = str(ix.original.id)
            out["interaction_metadata"] = meta
        return out


def walk_components(components: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    """Every component, depth first: action rows, sections (with accessories), containers,
    labels (modals v2)."""
    for c in components:
        yield c
        yield from walk_components(c.get("components") or ())
        for key in ("accessory", "component"):
            if isinstance(c.get(key), Mapping):
                yield from walk_components([c[key]])


# --------------------------------------------------------------------------------------------
# Interactions


@dataclass(frozen=True)
class FakeCallback:
    """One ``POST /interactions/{id}/{token}/callback``, accepted or not."""

    type: int
    status: int
    code: int  # Discord's JSON error code (0 when accepted)
    data: Mapping[str, Any]
    after: float  # seconds since the interaction was dispatched
    files: tuple[FakeAttachment, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.status < 300

    @property
    def flags(self) -> int:
        return int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def content(self) -> str | None:
        return self.data.get("content")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.data.get("embeds") or [])

    @property
    def components(self) -> list[dict[str, Any]]:
        return list(self.data.get("components") or [])

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        return self.data.get("allowed_mentions")


@dataclass(eq=False)
class FakeInteraction:
    id: int
    token: str
    type: int
    user: FakeUser
    member: FakeMember | None
    guild: FakeGuild | None
    channel: FakeChannel
    payload: dict[str, Any] = field(repr=False)
    created: float  # loop.time() when dispatched
    deadline: float  # seconds to the first callback
    expires: float  # loop.time() after which the token is dead
    source_message: FakeMessage | None = field(default=None, repr=False)  # components
    callbacks: list[FakeCallback] = field(default_factory=list)
    original: FakeMessage | None = field(default=None, repr=False)
    followups: list[FakeMessage] = field(default_factory=list, repr=False)
    choices: list[dict[str, Any]] | None = None  # autocomplete result
    modal: dict[str, Any] | None = None  # the modal the bot opened
    changes: Changes = field(default_factory=lambda: Changes(poll=False), repr=False)

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.payload.get("data", {})
        return data

    @property
    def command_name(self) -> str:
        return str(self.data.get("name", ""))

    @property
    def response(self) -> FakeCallback | None:
        """The accepted callback, if any."""
        for cb in self.callbacks:
            if cb.accepted:
                return cb
        return None

    @property
    def responded(self) -> bool:
        return self.response is not None

    @property
    def response_type(self) -> int | None:
        cb = self.response
        return None if cb is None else cb.type

    @property
    def deferred(self) -> bool:
        return self.response_type in (DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE)

    @property
    def ephemeral(self) -> bool:
        """The response (the deferred "thinking" message or the reply) is ephemeral."""
        if self.original is not None and self.original is not self.source_message:
            return self.original.ephemeral
        cb = self.response
        return cb is not None and cb.ephemeral

    @property
    def content(self) -> str | None:
        """What the user finally sees as the response: the reply (or, for deferred responses,
        the edited original / first follow-up); for component updates, the updated message."""
        if self.original is None:
            return None
        if self.original.loading:
            return None
        return self.original.content

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return [] if self.original is None else self.original.embeds

    @property
    def components(self) -> list[dict[str, Any]]:
        return [] if self.original is None else self.original.components

    @property
    def pinged(self) -> Pinged:
        """Who the response (the original message) notified."""
        return NOBODY if self.original is None else self.original.pinged

    @property
    def messages(self) -> list[FakeMessage]:
        """The original response (when it is a message of its own) and the follow-ups."""
        out = []
        if self.original is not None and self.original is not self.source_message:
            out.append(self.original)
        out.extend(m for m in self.followups if m is not self.original)
        return out

    @property
    def files(self) -> list[FakeAttachment]:
        return [a for m in self.messages for a in m.attachments]

    @property
    def texts(self) -> list[str]:
        return [m.content for m in self.messages if not m.loading]

    async def wait_response(self, timeout: float = 5.0) -> FakeCallback:
        """The first callback attempt (accepted or refused, see ``.status``/``.code``)."""
        await self.changes.wait_until(lambda: self.callbacks, timeout, f"a callback to {self}")
        return self.callbacks[0]

    async def wait_followups(self, n: int = 1, timeout: float = 5.0) -> list[FakeMessage]:
        await self.changes.wait_until(
            lambda: len(self.followups) >= n, timeout, f"{n} follow-ups to {self}"
        )
        return self.followups[:n]

    async def wait_content(self, timeout: float = 5.0) -> str:
        """Wait until the response is visible (not deferred/loading) and return its content."""
        await self.changes.wait_until(
            lambda: self.original is not None and not self.original.loading,
            timeout,
            f"visible response to {self}",
        )
        assert self.original is not None
        return self.original.content

    async def wait_until(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        return await self.changes.wait_until(predicate, timeout)


# --------------------------------------------------------------------------------------------
# Commands and requests


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


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # below /api/v10, e.g. /channels/1/messages
    route: str  # the template, e.g. /channels/{channel_id}/messages
    major: str  # the rate-limit major parameter
    status: int
    at: float  # loop.time() when it was answered
    body: Any = None
    arrived: float = 0.0  # loop.time() when it came in: the clock of the rate-limit windows


@dataclass
class ScriptedFault:
    """A connection-level fault: ``reset`` (the server closes the connection without answering)
    or ``stall`` (the answer is held ``seconds``); with ``accepted`` the request is carried out
    first, as when Discord did the work but the answer was lost on the way."""

    method: str
    pattern: re.Pattern[str]
    kind: str  # "reset" | "stall"
    accepted: bool
    seconds: float
    times: int


@dataclass
class ScriptedFailure:
    method: str
    pattern: re.Pattern[str]
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int
