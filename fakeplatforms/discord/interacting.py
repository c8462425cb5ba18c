"""Members interacting with the bot on the fake Discord: slash commands, autocomplete, button
presses (one or a thousand), selects and modal submits, each sent as INTERACTION_CREATE with
Discord's full payload and kept as a :class:`FakeInteraction` with its token, deadline and
lifetime. Apart from the server and the routes: this is the test's side of an interaction,
the routes (routes/interactions.py) are the bot's."""

# The test API takes timeouts as arguments (``wait_response(timeout=5)``), on purpose.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fakeplatforms.discord.command_options import CommandOptions
from fakeplatforms.discord.interactions import FakeInteraction
from fakeplatforms.discord.messages import FakeMessage, walk_components
from fakeplatforms.discord.model import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    FakeChannel,
    FakeMember,
)
from fakeplatforms.discord.posting import ATTACHMENT_SIZE_LIMIT


class Interacting(CommandOptions):
    """``slash``, ``autocomplete``, ``press``, ``select``, ``press_many``, ``submit_modal``,
    and the interactions by id and token."""

    interaction_deadline: float
    token_lifetime: float
    interactions: list[FakeInteraction]
    _by_id: dict[int, FakeInteraction]
    _by_token: dict[str, FakeInteraction]

    def interaction_by_id(self, interaction_id: int) -> FakeInteraction | None:
        return self._by_id.get(interaction_id)

    def interaction_by_token(self, token: str) -> FakeInteraction | None:
        return self._by_token.get(token)

    def _new_interaction(
        self,
        itype: int,
        member: FakeMember,
        channel: FakeChannel | None,
        data: dict[str, Any],
        *,
        message: FakeMessage | None = None,
        locale: str = "en-US",
    ) -> FakeInteraction:
        guild = member.guild
        if channel is None:
            if message is not None:
                channel = self.channels[message.channel_id]
            else:
                texts = guild.text_channels
                if not texts:
                    raise LookupError(f"guild {guild.name!r} has no text channel")
                channel = texts[0]
        bot = guild.members[self.bot_user.id]
        iid = self.snowflake()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(96)
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
            "guild_id": str(guild.id),
            "channel": channel.payload(),
            "channel_id": str(channel.id),
            "member": member.payload(permissions=True),
            "token": token,
            "version": 1,
            "app_permissions": str(bot.permissions),
            "locale": locale,
            "guild_locale": guild.locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if message is not None:
            payload["message"] = message.payload()
        now = self.loop_time()
        ix = FakeInteraction(
            id=iid,
            token=token,
            type=itype,
            user=member.user,
            member=member,
            guild=guild,
            channel=channel,
            payload=payload,
            created=now,
            deadline=self.interaction_deadline,
            expires=now + self.token_lifetime,
            source_message=message,
        )
        self.interactions.append(ix)
        self._by_id[iid] = ix
        self._by_token[token] = ix
        return ix

    async def _send(self, ix: FakeInteraction, wait: bool, timeout: float) -> FakeInteraction:
        if self.gateway.current is None:
            raise RuntimeError("the bot is not connected to the fake gateway (no session)")
        # The deadline starts when Discord sends the event.
        ix.created = self.loop_time()
        ix.expires = ix.created + self.token_lifetime
        await self.gateway.dispatch("INTERACTION_CREATE", ix.payload)
        self.changes.bump()
        if wait:
            await ix.wait_response(timeout)
        return ix

    async def slash(
        self,
        member: FakeMember,
        path: str,
        options: Mapping[str, Any] | None = None,
        /,
        *,
        in_channel: FakeChannel | None = None,
        wait: bool = True,
        timeout: float = 5.0,
        locale: str = "en-US",
        **kw_options: Any,
    ) -> FakeInteraction:
        """``member`` runs ``/path`` (``"drop open"``: command, [group,] subcommand) in
        ``in_channel`` (default: the guild's first text channel) with typed options, as keywords
        or, for names like ``wait``, in the ``options`` dict, checked against the schema the bot
        registered: str, int, float, bool, FakeMember/FakeUser, FakeRole, FakeChannel,
        ``Upload``/``(filename, bytes)``. Waits for the first callback attempt unless
        ``wait=False``."""
        data = self._command_data(member, path, {**(options or {}), **kw_options})
        ix = self._new_interaction(APPLICATION_COMMAND, member, in_channel, data, locale=locale)
        return await self._send(ix, wait, timeout)

    async def autocomplete(
        self,
        member: FakeMember,
        path: str,
        focused: str,
        value: Any = "",
        options: Mapping[str, Any] | None = None,
        /,
        *,
        in_channel: FakeChannel | None = None,
        wait: bool = True,
        timeout: float = 5.0,
        **kw_options: Any,
    ) -> FakeInteraction:
        """``member`` types ``value`` into option ``focused`` of ``/path`` (other options as
        already filled). The bot's answer is in ``.choices``."""
        given = {**(options or {}), **kw_options}
        data = self._command_data(member, path, given, focused=focused, focused_value=value)
        ix = self._new_interaction(AUTOCOMPLETE, member, in_channel, data)
        return await self._send(ix, wait, timeout)

    def _component_interaction(
        self,
        member: FakeMember,
        message: FakeMessage,
        custom_id: str,
        values: Sequence[str] | None,
        locale: str = "en-US",
    ) -> FakeInteraction:
        if message.deleted:
            raise LookupError(f"message {message.id} was deleted")
        component = message.component(custom_id)
        if component.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if values is not None:
            data["values"] = list(values)
        elif component["type"] != 2:
            data["values"] = []
        return self._new_interaction(
            MESSAGE_COMPONENT, member, None, data, message=message, locale=locale
        )

    async def press(
        self,
        member: FakeMember,
        message: FakeMessage,
        custom_id: str,
        *,
        wait: bool = True,
        timeout: float = 5.0,
        locale: str = "en-US",
    ) -> FakeInteraction:
        """``member`` presses the button ``custom_id`` on ``message`` (a message the bot sent),
        their Discord client set to ``locale``."""
        ix = self._component_interaction(member, message, custom_id, None, locale)
        return await self._send(ix, wait, timeout)

    async def select(
        self,
        member: FakeMember,
        message: FakeMessage,
        custom_id: str,
        values: Sequence[str],
        *,
        wait: bool = True,
        timeout: float = 5.0,
    ) -> FakeInteraction:
        """``member`` picks ``values`` in the select menu ``custom_id`` on ``message``."""
        ix = self._component_interaction(member, message, custom_id, values)
        return await self._send(ix, wait, timeout)

    async def press_many(
        self,
        members: Iterable[FakeMember],
        message: FakeMessage,
        custom_id: str,
        *,
        wait: bool = False,
        timeout: float = 10.0,
    ) -> list[FakeInteraction]:
        """Every member presses the button, back to back (one INTERACTION_CREATE each); with
        ``wait``, then waits for all first callbacks."""
        out = [self._component_interaction(m, message, custom_id, None) for m in members]
        for ix in out:
            await self._send(ix, False, timeout)
        if wait:
            await asyncio.gather(*(ix.wait_response(timeout) for ix in out))
        return out

    async def submit_modal(
        self,
        member: FakeMember,
        opened_by: FakeInteraction,
        values: Mapping[str, str | Sequence[str]],
        *,
        wait: bool = True,
        timeout: float = 5.0,
    ) -> FakeInteraction:
        """``member`` submits the modal the bot opened in answer to ``opened_by`` (callback 9),
        with text inputs (str) / selects (list) filled from ``values`` by custom_id."""
        modal = opened_by.modal
        if modal is None:
            raise LookupError(f"{opened_by} did not open a modal")

        def fill(component: Mapping[str, Any]) -> dict[str, Any]:
            ctype = component["type"]
            if ctype == 1:
                return {"type": 1, "components": [fill(c) for c in component["components"]]}
            if ctype == 18:
                return {
                    "type": 18,
                    "id": component.get("id"),
                    "component": fill(component["component"]),
                }
            cid = component.get("custom_id")
            out: dict[str, Any] = {"type": ctype, "custom_id": cid, "id": component.get("id")}
            value = values.get(cid, "") if cid else ""
            if ctype == 4:
                out["value"] = value if isinstance(value, str) else ""
            else:
                out["values"] = [value] if isinstance(value, str) else list(value)
            return out

        unknown = set(values) - {c.get("custom_id") for c in walk_components(modal["components"])}
        if unknown:
            raise LookupError(f"the modal has no input(s) {sorted(unknown)}")
        data = {
            "custom_id": modal["custom_id"],
            "components": [fill(c) for c in modal["components"]],
        }
        ix = self._new_interaction(
            MODAL_SUBMIT, member, opened_by.channel, data, message=opened_by.source_message
        )
        return await self._send(ix, wait, timeout)
