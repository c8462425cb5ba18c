"""The fake Discord's interactions: :class:`FakeInteraction` (what a test sent as a slash
command, button press, select, autocomplete or modal, and what the bot answered) and each
callback attempt (:class:`FakeCallback`), with Discord's numbering of interaction and callback
types. Apart from the messages: an interaction's answer is read through its own rules
(deferred, ephemeral, "thinking" replaced by the first follow-up), which tests wait on."""

# The test API takes timeouts as arguments (``wait_response(timeout=5)``), on purpose.
# ruff: noqa: ASYNC109

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from fakeplatforms.discord.messages import NOBODY, FakeAttachment, FakeMessage, Pinged
from fakeplatforms.discord.model import (
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE,
    EPHEMERAL,
    Changes,
)

if TYPE_CHECKING:
    from fakeplatforms.discord.model import FakeChannel, FakeGuild, FakeMember, FakeUser

T = TypeVar("T")


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
