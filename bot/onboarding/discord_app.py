"""The Discord application behind a bot token, over discord.py's REST calls (no gateway): its
id, the servers the bot is in, their text channels and roles, and the bot's permissions in a
channel. `fairdrop setup` picks from these lists; `fairdrop doctor` checks them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Self, TypeVar

import discord

from bot.config import DiscordSettings
from bot.discord.client import point_discord_at
from bot.kernel.errors import FairdropError

T = TypeVar("T")


class DiscordSetupError(FairdropError):
    """Discord refused or could not be reached; the message is one line saying what to do."""


@dataclass(frozen=True)
class Named:
    """A server, channel or role: its numeric id and the name people see."""

    id: str
    name: str


@dataclass(frozen=True)
class ServerLists:
    """What the wizard offers for one server."""

    text_channels: list[Named]
    roles: list[Named]


class DiscordApp:
    """The bot token's application (`async with` logs in over REST, and out at the end)."""

    def __init__(self, token: str, settings: DiscordSettings) -> None:
        point_discord_at(settings)
        self.token = token
        self.client = discord.Client(intents=discord.Intents.none())
        self.user_id = ""

    async def __aenter__(self) -> Self:
        try:
            await self.client.login(self.token)
        except discord.LoginFailure:
            await self.client.close()
            raise DiscordSetupError(
                "Discord does not accept this bot token; copy it again from the Bot page of "
                "your application (Reset Token) at discord.com/developers"
            ) from None
        except (discord.HTTPException, OSError) as error:
            await self.client.close()
            raise DiscordSetupError(f"cannot reach Discord: {error}") from None
        assert self.client.user is not None
        self.user_id = str(self.client.user.id)
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.client.close()

    async def application_id(self) -> str:
        """The application id, read from the token's application (`GET
        /oauth2/applications/@me`)."""
        info = await self._call(self.client.application_info())
        return str(info.id)

    async def servers(self) -> list[Named]:
        """The servers the bot is in (`GET /users/@me/guilds`)."""

        async def collect() -> list[Named]:
            return [Named(str(g.id), g.name) async for g in self.client.fetch_guilds(limit=200)]

        return await self._call(collect())

    async def wait_for_server(
        self,
        known: set[str],
        *,
        every: float = 3.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> list[Named]:
        """Poll until the bot is in a server not in `known`; the servers it is in then."""
        while True:
            servers = await self.servers()
            if any(s.id not in known for s in servers):
                return servers
            await sleep(every)

    async def lists(self, server_id: str) -> ServerLists:
        """The server's text channels and its roles (without @everyone and bots' own roles)."""
        guild = await self._guild(server_id)
        channels = await self._call(guild.fetch_channels())
        text = sorted(
            (c for c in channels if isinstance(c, discord.TextChannel)), key=lambda c: c.position
        )
        roles = [r for r in sorted(guild.roles, key=lambda r: -r.position) if not r.is_default()]
        return ServerLists(
            [Named(str(c.id), c.name) for c in text],
            [Named(str(r.id), r.name) for r in roles if not r.managed],
        )

    async def channel_permissions(self, server_id: str, channel_id: str) -> int | None:
        """The bot's permissions in a channel (roles, then the channel's overwrites), or None
        when the channel is not in that server."""
        guild = await self._guild(server_id)
        channels = await self._call(guild.fetch_channels())
        channel = next((c for c in channels if str(c.id) == channel_id), None)
        if channel is None:
            return None
        member = await self._call(guild.fetch_member(int(self.user_id)))
        return channel.permissions_for(member).value

    async def _guild(self, server_id: str) -> discord.Guild:
        if not server_id.isdigit():
            raise DiscordSetupError(f"server id {server_id!r}: must be a numeric Discord id")
        return await self._call(self.client.fetch_guild(int(server_id)))

    async def _call(self, call: Awaitable[T]) -> T:
        try:
            return await call
        except discord.NotFound:
            raise DiscordSetupError(
                "Discord does not know that server or channel, or the bot is not in it"
            ) from None
        except discord.Forbidden as error:
            raise DiscordSetupError(f"Discord refused: {error.text or error.status}") from None
        except (discord.HTTPException, OSError) as error:
            raise DiscordSetupError(f"Discord failed: {error}") from None
