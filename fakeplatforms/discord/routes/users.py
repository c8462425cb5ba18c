"""The fake Discord's User routes (the current user, a user, the current user's guilds, Create
DM), the application (``/oauth2/applications/@me``) and Get Gateway (``/gateway``,
``/gateway/bot``): what a client asks at login, about who it is and where to connect. One
module per resource, as the docs group the routes."""

from __future__ import annotations

import hashlib
from typing import Any

from aiohttp import web

from fakeplatforms.discord.api import ApiError, Body, RouteGroup, json_response


class UserRoutes(RouteGroup):
    """``/users/...``, ``/oauth2/applications/@me``, ``/applications/@me``, ``/gateway``."""

    async def _gateway(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response({"url": self.fake.gateway_url})

    async def _gateway_bot(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response(
            {
                "url": self.fake.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000 - self.fake.gateway.identifies,
                    "reset_after": 86_400_000,
                    "max_concurrency": 1,
                },
            }
        )

    async def _get_me(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        me = self.fake.bot_user.payload()
        me.update(
            verified=True,
            mfa_enabled=False,
            flags=0,
            locale="en-US",
            email=None,
            bio="",
            banner=None,
            accent_color=None,
        )
        return json_response(me)

    async def _my_guilds(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        """Get Current User Guilds: partial guilds the bot is a member of, with its permissions."""
        fake = self.fake
        out: list[dict[str, Any]] = []
        for guild in fake.guilds.values():
            member = guild.members.get(fake.bot_user.id)
            if member is None:
                continue
            out.append(
                {
                    "id": str(guild.id),
                    "name": guild.name,
                    "icon": None,
                    "banner": None,
                    "owner": guild.owner_id == fake.bot_user.id,
                    "permissions": str(member.permissions),
                    "features": [],
                }
            )
        return json_response(out)

    async def _get_user(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        user = self.fake.users.get(int(p["user_id"]))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return json_response(user.payload())

    async def _application(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        fake = self.fake
        owner = fake.owner.payload()
        return json_response(
            {
                "id": str(fake.application_id),
                "name": fake.bot_user.username,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "is_monetized": False,
                "is_verified": False,
                "is_discoverable": False,
                "hook": True,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": hashlib.sha256(str(fake.application_id).encode()).hexdigest(),
                "flags": fake.application_flags,
                "owner": owner,
                "team": None,
                "bot": fake.bot_user.payload(),
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "role_connections_verification_url": None,
                "tags": [],
                "approximate_guild_count": len(fake.guilds),
                "approximate_user_install_count": 0,
                "integration_types_config": {"0": {}},
            }
        )

    async def _create_dm(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        try:
            user = self.fake.users[int(b.obj.get("recipient_id") or 0)]
        except (KeyError, ValueError, TypeError):
            raise ApiError(400, 50033, "Invalid Recipient(s)") from None
        return json_response(self.fake.dm_channel(user).payload())
