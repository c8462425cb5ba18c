"""The fake Discord's messages: :class:`FakeMessage` with its edits, attachments and uploads,
components, and who a message pings once ``allowed_mentions`` is applied (Discord's rules,
checked the way its API checks them). Apart from the guild records: a message is the one record
every route touches (channel messages, interaction replies, follow-ups, webhooks), and its
mention rules are a concern of their own."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fakeplatforms.discord.model import APPLICATION_COMMAND, EPHEMERAL, LOADING
from fakeplatforms.discord.snowflakes import iso

if TYPE_CHECKING:
    from fakeplatforms.discord.interactions import FakeInteraction
    from fakeplatforms.discord.model import FakeUser

_USER_MENTION = re.compile(r"<@!?(\d{1,20})>")
_ROLE_MENTION = re.compile(r"<@&(\d{1,20})>")


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
