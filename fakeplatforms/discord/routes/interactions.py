"""The fake Discord's interaction routes: the callback (``POST
/interactions/{id}/{token}/callback``, with Discord's deadline, single acknowledgement and the
callback types each interaction type allows) and the follow-up webhooks
(``/webhooks/{app}/{token}[/messages/{@original|id}]``, authenticated by the interaction token,
which expires). What the bot answered is kept on the :class:`FakeInteraction` tests read. One
module per resource, as the docs group the routes."""

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
    truthy,
    unknown_message,
)
from fakeplatforms.discord.interactions import FakeCallback, FakeInteraction
from fakeplatforms.discord.messages import FakeAttachment, FakeMessage
from fakeplatforms.discord.model import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE,
    EPHEMERAL,
    LOADING,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    UPDATE_MESSAGE,
)


class InteractionRoutes(RouteGroup):
    """Interaction callbacks and their follow-up webhooks."""

    async def _callback(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        fake = self.fake
        ix = fake.interaction_by_id(int(p["interaction_id"]))
        if ix is None or ix.token != p["token"]:
            raise ApiError(404, 10062, "Unknown interaction")
        payload = b.obj
        cb_type = payload.get("type")
        data = payload.get("data") or {}
        after = fake.loop_time() - ix.created

        def attempt(status: int, code: int, files: tuple[FakeAttachment, ...] = ()) -> None:
            ix.callbacks.append(
                FakeCallback(
                    type=int(cb_type or 0),
                    status=status,
                    code=code,
                    data=data,
                    after=after,
                    files=files,
                )
            )
            ix.changes.bump()
            fake.changes.bump()

        try:
            if ix.responded:
                raise ApiError(400, 40060, "Interaction has already been acknowledged.")
            if after > ix.deadline:
                raise ApiError(404, 10062, "Unknown interaction")
            allowed = {
                APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
                MESSAGE_COMPONENT: {
                    CHANNEL_MESSAGE,
                    DEFERRED_CHANNEL_MESSAGE,
                    DEFERRED_UPDATE,
                    UPDATE_MESSAGE,
                    MODAL,
                },
                AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
                MODAL_SUBMIT: {
                    CHANNEL_MESSAGE,
                    DEFERRED_CHANNEL_MESSAGE,
                    DEFERRED_UPDATE,
                    UPDATE_MESSAGE,
                },
            }[ix.type]
            if cb_type not in allowed:
                raise form_error("type", f"Interaction callback type {cb_type} is not valid here")
            message = self._apply_callback(ix, int(cb_type), data, b)
        except ApiError as e:
            attempt(e.status, e.code)
            raise
        attempt(200, 0, tuple(message.attachments) if message is not None else ())
        if not truthy(request.query.get("with_response")):
            return no_content()
        meta: dict[str, Any] = {"id": str(ix.id), "type": ix.type}
        out: dict[str, Any] = {"interaction": meta}
        if message is not None:
            meta.update(
                response_message_id=str(message.id),
                response_message_loading=message.loading,
                response_message_ephemeral=message.ephemeral,
            )
            out["resource"] = {"type": cb_type, "message": message.payload()}
        return json_response(out)

    def _apply_callback(
        self, ix: FakeInteraction, cb_type: int, data: dict[str, Any], b: Body
    ) -> FakeMessage | None:
        fake = self.fake
        if cb_type == CHANNEL_MESSAGE:
            ix.original = fake.new_message(
                ix.channel,
                data,
                b.files,
                interaction=ix,
                flag_mask=EPHEMERAL | 4 | 4096 | 32768,
                type=20 if ix.type == APPLICATION_COMMAND else 0,
            )
            return ix.original
        if cb_type == DEFERRED_CHANNEL_MESSAGE:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            ix.original = fake.new_message(
                ix.channel,
                {"flags": flags},
                {},
                interaction=ix,
                flag_mask=LOADING | EPHEMERAL,
                type=20 if ix.type == APPLICATION_COMMAND else 0,
                allow_empty=True,
            )
            return ix.original
        if cb_type == DEFERRED_UPDATE:
            ix.original = ix.source_message
            return None
        if cb_type == UPDATE_MESSAGE:
            if ix.source_message is None:
                raise form_error("type", "There is no message to update")
            ix.original = ix.source_message
            fake.edit_message(ix.source_message, data, b.files)
            return ix.source_message
        if cb_type == AUTOCOMPLETE_RESULT:
            choices = data.get("choices") or []
            if len(choices) > 25:
                raise form_error(
                    "data.choices", "Must be 25 or fewer in length.", "BASE_TYPE_MAX_LENGTH"
                )
            ix.choices = list(choices)
            return None
        if cb_type == MODAL:
            for key in ("custom_id", "title", "components"):
                if not data.get(key):
                    raise form_error(f"data.{key}", "This field is required", "BASE_TYPE_REQUIRED")
            ix.modal = data
            return None
        raise form_error("type", f"Unknown callback type {cb_type}")

    def _hook_interaction(self, p: Mapping[str, str]) -> FakeInteraction:
        fake = self.fake
        ix = fake.interaction_by_token(p["token"])
        if ix is None or int(p["application_id"]) != fake.application_id:
            raise ApiError(404, 10015, "Unknown Webhook")
        if fake.loop_time() > ix.expires:
            raise ApiError(401, 50027, "Invalid Webhook Token")
        if not ix.responded:
            raise ApiError(404, 10015, "Unknown Webhook")
        return ix

    def _hook_message(self, ix: FakeInteraction, message_id: str) -> FakeMessage:
        if message_id == "@original":
            msg = ix.original
        else:
            mid = int(message_id)
            msg = next((m for m in [*ix.messages, ix.source_message] if m and m.id == mid), None)
        if msg is None or msg.deleted:
            raise unknown_message()
        return msg

    async def _followup(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        fake = self.fake
        ix = self._hook_interaction(p)
        data = b.obj
        original = ix.original
        if (
            original is not None
            and original.loading
            and ix.response_type == DEFERRED_CHANNEL_MESSAGE
            and original not in ix.followups
        ):
            # The first follow-up after a "thinking" defer replaces the loading message.
            fake.edit_message(original, data, b.files, finish_loading=True)
            message = original
        else:
            message = fake.new_message(
                ix.channel,
                data,
                b.files,
                interaction=ix,
                flag_mask=EPHEMERAL | 4 | 4096 | 32768,
            )
        ix.followups.append(message)
        ix.changes.bump()
        if not truthy(request.query.get("wait")):
            return no_content()
        return json_response(message.payload())

    async def _get_webhook_message(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        ix = self._hook_interaction(p)
        return json_response(self._hook_message(ix, p["message_id"]).payload())

    async def _edit_webhook_message(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        ix = self._hook_interaction(p)
        msg = self._hook_message(ix, p["message_id"])
        self.fake.edit_message(msg, b.obj, b.files, finish_loading=True)
        ix.changes.bump()
        return json_response(msg.payload())

    async def _delete_webhook_message(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        ix = self._hook_interaction(p)
        await self.fake.delete_message(self._hook_message(ix, p["message_id"]))
        ix.changes.bump()
        return no_content()
