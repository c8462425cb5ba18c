"""The bot's messages on the fake Discord: creating (REST, interaction replies and follow-ups)
and editing them as Discord validates them (content, embeds, ``allowed_mentions``, replies,
attachments and their size limit), deleting them, the nonces Discord enforces, and the echo a
connected bot hears (MESSAGE_CREATE/UPDATE/DELETE with the messages intents). Apart from the
routes that call it: one set of rules for a message however the bot sent it (channel create,
interaction reply, follow-up, webhook edit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from fakeplatforms.discord.api import ApiError, form_error
from fakeplatforms.discord.gateway import DIRECT_MESSAGES, GUILD_MESSAGES
from fakeplatforms.discord.interactions import FakeInteraction
from fakeplatforms.discord.messages import (
    FakeAttachment,
    FakeMessage,
    MessageEdit,
    Upload,
    check_allowed_mentions,
    compute_pinged,
)
from fakeplatforms.discord.model import LOADING, FakeChannel, FakeUser
from fakeplatforms.discord.state import DiscordState

NONCE_WINDOW = 300.0  # "the past few minutes" in which Discord enforces a nonce
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class MessagePosting(DiscordState):
    """``new_message``, ``edit_message``, ``delete_message`` and the nonces of the bot's
    messages."""

    echo_messages: bool
    nonce_window: float
    _nonces: dict[tuple[int, str], FakeMessage]

    def nonced(self, author: FakeUser, nonce: str) -> FakeMessage | None:
        """The message ``author`` created with ``nonce`` within ``nonce_window``, if any."""
        found = self._nonces.get((author.id, nonce))
        if found is None or self.loop_time() - found.created > self.nonce_window:
            return None
        return found

    def remember_nonce(self, message: FakeMessage) -> None:
        if message.nonce is not None:
            self._nonces[(message.author.id, str(message.nonce))] = message

    def _attachments(
        self,
        payload: Mapping[str, Any],
        files: Mapping[int, Upload],
        channel_id: int,
        existing: Sequence[FakeAttachment] = (),
    ) -> list[FakeAttachment] | None:
        """The attachments after a create/edit; None: unchanged (edit without ``attachments``)."""
        entries = payload.get("attachments")
        if entries is None and not files:
            return None if existing else []
        by_id = {str(a.id): a for a in existing}
        out: list[FakeAttachment] = [] if entries is not None else list(existing)
        used: set[int] = set()
        for entry in entries or []:
            key = str(entry.get("id"))
            if key in by_id:
                out.append(by_id[key])
            elif key.isdigit() and int(key) in files:
                used.add(int(key))
                out.append(self._store_file(files[int(key)], channel_id, entry))
            else:
                raise form_error("attachments", f"Unknown attachment {key}")
        for index in sorted(set(files) - used):
            out.append(self._store_file(files[index], channel_id, {}))
        if sum(a.size for a in out) > ATTACHMENT_SIZE_LIMIT:
            raise ApiError(413, 40005, "Request entity too large")
        return out

    def _store_file(
        self, upload: Upload, channel_id: int, entry: Mapping[str, Any]
    ) -> FakeAttachment:
        aid = self.snowflake()
        filename = str(entry.get("filename") or upload.filename)
        att = FakeAttachment(
            aid,
            filename,
            upload.data,
            f"{self.base_url}/attachments/{channel_id}/{aid}/{filename}",
            upload.guessed_type,
            entry.get("description"),
        )
        self.attachments[aid] = att
        return att

    def _check_content(self, payload: Mapping[str, Any]) -> None:
        content = payload.get("content")
        if content is not None and not isinstance(content, str):
            raise form_error("content", "Must be a string")
        if content is not None and len(content) > 2000:
            raise form_error("content", "Must be 2000 or fewer in length.", "BASE_TYPE_MAX_LENGTH")
        if len(payload.get("embeds") or []) > 10:
            raise form_error("embeds", "Must be 10 or fewer in length.", "BASE_TYPE_MAX_LENGTH")
        error = check_allowed_mentions(payload.get("allowed_mentions"))
        if error is not None:
            raise form_error("allowed_mentions", error, "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE")

    def new_message(
        self,
        channel: FakeChannel,
        payload: Mapping[str, Any],
        files: Mapping[int, Upload],
        *,
        author: FakeUser | None = None,
        interaction: FakeInteraction | None = None,
        flag_mask: int = 0,
        type: int = 0,
        allow_empty: bool = False,
    ) -> FakeMessage:
        """Create a message as the bot (REST create, interaction reply or follow-up)."""
        self._check_content(payload)
        attachments = self._attachments(payload, files, channel.id) or []
        content = payload.get("content") or ""
        embeds = list(payload.get("embeds") or [])
        components = list(payload.get("components") or [])
        if not (allow_empty or content or embeds or attachments or components):
            raise ApiError(400, 50006, "Cannot send an empty message")
        flags = int(payload.get("flags") or 0) & flag_mask
        reference = payload.get("message_reference")
        replied: int | None = None
        if isinstance(reference, dict) and reference.get("message_id"):
            ref = self.messages.get(int(reference["message_id"]))
            if ref is None and reference.get("fail_if_not_exists", True):
                raise form_error(
                    "message_reference", "Unknown message", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE"
                )
            replied = ref.author.id if ref is not None else None
        allowed = payload.get("allowed_mentions")
        pinged, user_ids, role_ids = compute_pinged(
            content, allowed, in_guild=channel.guild_id is not None, replied_user=replied
        )
        now = self.loop_time()
        msg = FakeMessage(
            id=self.snowflake(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author=author or self.bot_user,
            content=content,
            embeds=embeds,
            components=components,
            attachments=attachments,
            flags=flags,
            tts=bool(payload.get("tts")),
            allowed_mentions=allowed,
            pinged=pinged,
            mentions=user_ids,
            mention_roles=role_ids,
            type=type if reference is None or type else 19,
            created=now,
            webhook_id=self.application_id if interaction is not None else None,
            application_id=self.application_id if interaction is not None else None,
            interaction=interaction,
            message_reference=reference if isinstance(reference, dict) else None,
            nonce=payload.get("nonce"),
            mentioned_users=[self.users[u] for u in user_ids if u in self.users],
        )
        self.messages[msg.id] = msg
        if not msg.ephemeral:
            channel.messages.append(msg)
            self._echo("MESSAGE_CREATE", msg)
        self.changes.bump()
        return msg

    def edit_message(
        self,
        msg: FakeMessage,
        payload: Mapping[str, Any],
        files: Mapping[int, Upload],
        *,
        finish_loading: bool = False,
    ) -> None:
        """Apply an edit (PATCH, UPDATE_MESSAGE callback, first follow-up after a defer)."""
        self._check_content(payload)
        attachments = self._attachments(payload, files, msg.channel_id, msg.attachments)
        changes: dict[str, Any] = {}
        if "content" in payload:
            msg.content = payload["content"] or ""
            changes["content"] = msg.content
            _, user_ids, role_ids = compute_pinged(
                msg.content,
                payload.get("allowed_mentions", msg.allowed_mentions),
                in_guild=msg.guild_id is not None,
            )
            msg.mentions, msg.mention_roles = user_ids, role_ids
            msg.mentioned_users = [self.users[u] for u in user_ids if u in self.users]
        for key in ("embeds", "components"):
            if key in payload:
                setattr(msg, key, list(payload[key] or []))
                changes[key] = getattr(msg, key)
        if attachments is not None:
            msg.attachments = attachments
            changes["attachments"] = [a.filename for a in attachments]
        if "allowed_mentions" in payload:
            msg.allowed_mentions = payload["allowed_mentions"]
        if "flags" in payload and payload["flags"] is not None:
            # Only SUPPRESS_EMBEDS may change on an existing message.
            msg.flags = (msg.flags & ~4) | (int(payload["flags"]) & 4)
        was_loading = msg.loading
        if finish_loading and was_loading:
            msg.flags &= ~LOADING
            pinged, _, _ = compute_pinged(
                msg.content, msg.allowed_mentions, in_guild=msg.guild_id is not None
            )
            msg.pinged = pinged  # the first visible version notifies
        else:
            now = datetime.now(UTC)
            msg.edited_timestamp = now
            msg.edits.append(MessageEdit(self.loop_time(), now, changes, msg.content))
        if not msg.ephemeral:
            self._echo("MESSAGE_UPDATE", msg)
        if msg.interaction is not None:
            msg.interaction.changes.bump()
        self.changes.bump()

    async def delete_message(self, msg: FakeMessage) -> None:
        msg.deleted = True
        if not msg.ephemeral:
            data = {"id": str(msg.id), "channel_id": str(msg.channel_id)}
            if msg.guild_id is not None:
                data["guild_id"] = str(msg.guild_id)
            intent = GUILD_MESSAGES if msg.guild_id is not None else DIRECT_MESSAGES
            self._emit("MESSAGE_DELETE", data, intent=intent)
        self.changes.bump()

    def _echo(self, event: str, msg: FakeMessage) -> None:
        if not self.echo_messages or self.gateway.current is None:
            return
        data = msg.payload()
        if msg.guild_id is not None:
            data["guild_id"] = str(msg.guild_id)
            member = self.guilds[msg.guild_id].members.get(msg.author.id)
            if member is not None:
                data["member"] = member.payload(user=False)
        intent = GUILD_MESSAGES if msg.guild_id is not None else DIRECT_MESSAGES
        self._emit(event, data, intent=intent)
