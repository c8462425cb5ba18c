"""What every part of :class:`~fakeplatforms.discord.server.FakeDiscord` shares: the records
(users, guilds, channels, messages, attachments), the bot's identity, the snowflakes and the
loop's clock, and how a part dispatches a gateway event from synchronous code. FakeDiscord is
put together from parts by concern, a module each (building guilds, the bot's messages, members'
interactions, the command options they type, scripted failures); every part builds on this
class, and ``FakeDiscord.__init__`` sets the attributes declared here and in each part."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from fakeplatforms.discord.messages import FakeAttachment, FakeMessage
from fakeplatforms.discord.model import Changes, FakeChannel, FakeGuild, FakeUser
from fakeplatforms.discord.snowflakes import Snowflakes

if TYPE_CHECKING:
    from fakeplatforms.discord.gateway import Gateway


class DiscordState:
    """The records and the primitives the parts of a :class:`FakeDiscord` share."""

    snowflake: Snowflakes
    application_id: int
    bot_user: FakeUser
    users: dict[int, FakeUser]
    guilds: dict[int, FakeGuild]
    channels: dict[int, FakeChannel]
    messages: dict[int, FakeMessage]
    attachments: dict[int, FakeAttachment]
    changes: Changes
    gateway: Gateway
    port: int
    _dms: dict[int, FakeChannel]
    _tasks: set[asyncio.Task[Any]]
    _loop: asyncio.AbstractEventLoop | None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def loop_time(self) -> float:
        loop = self._loop or asyncio.get_running_loop()
        return loop.time()

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _emit(self, event: str, data: dict[str, Any], *, intent: int = 0) -> None:
        """Dispatch from synchronous code, in order (seq is taken when the task starts)."""
        session = self.gateway.current
        if session is not None and (not intent or session.intents & intent):
            self._spawn(self.gateway.dispatch(event, data, intent=intent))
