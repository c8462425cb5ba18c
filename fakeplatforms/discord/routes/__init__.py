"""The fake Discord's HTTP API handlers, one module per resource of Discord's docs (users and
the gateway's address, application commands, interactions and their webhooks, channels and
messages, guilds), each a :class:`~fakeplatforms.discord.api.RouteGroup` mixed into
:class:`~fakeplatforms.discord.rest.Rest`, which routes to them."""
