"""The fake Discord's channel and message routes (``/channels/{id}``, its messages, typing):
reading, creating (with the nonce Discord enforces and closed DMs refused), editing and deleting
the bot's messages. One module per resource, as the docs group the routes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from fakeplatforms.discord.api import (
    ApiError,
    Body,
    RouteGroup,
    form_error,
    json_response,
    no_content,
    unknown_message,
)
from fakeplatforms.discord.messages import FakeMessage
from fakeplatforms.discord.model import DM


class ChannelRoutes(RouteGroup):
    """``/channels/{channel_id}[/messages[/{message_id}]|/typing]``."""

    def _channel(self, p: Mapping[str, str]) -> Any:
        channel = self.fake.channels.get(int(p["channel_id"]))
        if channel is None:
            raise ApiError(404, 10003, "Unknown Channel")
        return channel

    def _message(self, p: Mapping[str, str]) -> FakeMessage:
        channel = self._channel(p)
        msg = self.fake.messages.get(int(p["message_id"])) if p["message_id"].isdigit() else None
        if msg is None or msg.deleted or msg.channel_id != channel.id or msg.ephemeral:
            raise unknown_message()
        return msg

    async def _get_channel(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response(self._channel(p).payload())

    async def _list_messages(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        channel = self._channel(p)
        q = request.query
        limit = max(1, min(100, int(q.get("limit", "50"))))
        msgs = [m for m in channel.messages if not m.deleted]
        if "before" in q:
            msgs = [m for m in msgs if m.id < int(q["before"])]
        if "after" in q:
            msgs = [m for m in msgs if m.id > int(q["after"])][:limit]
        msgs = msgs[-limit:]
        return json_response([m.payload() for m in reversed(msgs)])

    async def _create_message(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        channel = self._channel(p)
        recipient = channel.recipient
        if (
            channel.type == DM
            and recipient is not None
            and (recipient.bot or not recipient.dms_open)
        ):
            raise ApiError(403, 50007, "Cannot send messages to this user")
        fake = self.fake
        nonce = b.obj.get("nonce")
        if nonce is not None and len(str(nonce)) > 25:
            raise form_error("nonce", "Must be 25 or fewer in length.", "BASE_TYPE_MAX_LENGTH")
        if nonce is not None and b.obj.get("enforce_nonce") is True:
            # Discord: the message the same author created with this nonce in the past few
            # minutes is returned, and no new message is created.
            earlier = fake.nonced(fake.bot_user, str(nonce))
            if earlier is not None:
                fake.nonce_hits += 1
                return json_response(earlier.payload())
        msg = fake.new_message(channel, b.obj, b.files, flag_mask=4 | 4096 | 32768)
        if b.obj.get("enforce_nonce") is True:
            fake.remember_nonce(msg)
        return json_response(msg.payload())

    async def _get_message(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response(self._message(p).payload())

    async def _edit_message(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        msg = self._message(p)
        if msg.author is not self.fake.bot_user:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        self.fake.edit_message(msg, b.obj, b.files)
        return json_response(msg.payload())

    async def _delete_message(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        await self.fake.delete_message(self._message(p))
        return no_content()

    async def _typing(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        self._channel(p)
        return no_content()
