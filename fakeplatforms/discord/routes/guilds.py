"""The fake Discord's guild routes: a guild (``?with_counts``), its members (listed only with
the members intent), their roles (added and removed, announced as GUILD_MEMBER_UPDATE), its
roles and its channels. One module per resource, as the docs group the routes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from fakeplatforms.discord.api import ApiError, Body, RouteGroup, json_response, no_content, truthy


class GuildRoutes(RouteGroup):
    """``/guilds/{guild_id}[/members[/{user_id}[/roles/{role_id}]]|/roles|/channels]``."""

    def _guild(self, p: Mapping[str, str]) -> Any:
        guild = self.fake.guilds.get(int(p["guild_id"]))
        if guild is None:
            raise ApiError(404, 10004, "Unknown Guild")
        return guild

    def _member(self, p: Mapping[str, str]) -> Any:
        member = self._guild(p).members.get(int(p["user_id"]))
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        return member

    async def _get_guild(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        guild = self._guild(p)
        out = guild.payload()
        if truthy(request.query.get("with_counts")):
            out.update(
                approximate_member_count=len(guild.members),
                approximate_presence_count=0,
            )
        return json_response(out)

    async def _list_members(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        guild = self._guild(p)
        if not self.fake.members_intent_enabled:
            raise ApiError(403, 50001, "Missing Access")
        limit = max(1, min(1000, int(request.query.get("limit", "1"))))
        after = int(request.query.get("after", "0"))
        ids = sorted(uid for uid in guild.members if uid > after)[:limit]
        return json_response([guild.members[uid].payload() for uid in ids])

    async def _get_member(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response(self._member(p).payload())

    def _member_role(self, p: Mapping[str, str]) -> tuple[Any, int]:
        """The member and the role of a member-role route (404 Unknown Role for a role the
        guild does not have, as Discord answers)."""
        member = self._member(p)
        role_id = int(p["role_id"])
        if role_id not in member.guild.roles:
            raise ApiError(404, 10011, "Unknown Role")
        return member, role_id

    async def _add_member_role(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        member, role_id = self._member_role(p)
        if role_id not in member.roles:
            member.roles.append(role_id)
            self.fake.member_updated(member)
        return no_content()

    async def _remove_member_role(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        member, role_id = self._member_role(p)
        if role_id in member.roles:
            member.roles.remove(role_id)
            self.fake.member_updated(member)
        return no_content()

    async def _list_roles(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        return json_response([r.payload() for r in self._guild(p).roles.values()])

    async def _list_channels(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        return json_response([c.payload() for c in self._guild(p).channels.values()])
