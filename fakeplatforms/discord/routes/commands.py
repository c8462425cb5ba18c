"""The fake Discord's application command routes, global and per guild
(``/applications/{app}[/guilds/{guild}]/commands[/{id}]``): the access check of the scope, over
the :class:`~fakeplatforms.discord.commands.CommandRegistry` that keeps the commands. One module
per resource, as the docs group the routes."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from fakeplatforms.discord.api import (
    ApiError,
    Body,
    RouteGroup,
    form_error,
    json_response,
    no_content,
)


class CommandRoutes(RouteGroup):
    """List, bulk overwrite, create, get, edit and delete application commands."""

    def _scope(self, p: Mapping[str, str]) -> int | None:
        if int(p["application_id"]) != self.fake.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild_id" not in p:
            return None
        guild_id = int(p["guild_id"])
        if guild_id not in self.fake.guilds:
            raise ApiError(403, 50001, "Missing Access")
        return guild_id

    async def _list_commands(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        return json_response(self.fake.registry.commands_in(self._scope(p)))

    async def _put_commands(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        if not isinstance(b.json, list):
            raise form_error("_root", "Must be an array of application commands.")
        return json_response(self.fake.registry.overwrite_commands(self._scope(p), b.json))

    async def _upsert_command(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        scope = self._scope(p)
        created, cmd = self.fake.registry.upsert_command(scope, b.obj, p.get("command_id"))
        return json_response(cmd, status=201 if created else 200)

    async def _get_command(self, request: web.Request, p: dict[str, str], b: Body) -> web.Response:
        for cmd in self.fake.registry.commands_in(self._scope(p)):
            if cmd["id"] == p["command_id"]:
                return json_response(cmd)
        raise ApiError(404, 10063, "Unknown application command")

    async def _delete_command(
        self, request: web.Request, p: dict[str, str], b: Body
    ) -> web.Response:
        self.fake.registry.delete_command(self._scope(p), p["command_id"])
        return no_content()
