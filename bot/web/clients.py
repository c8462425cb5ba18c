"""Who is asking: the client's address, read through the configured trusted proxies.

`X-Forwarded-For` is a list each proxy appends the address it saw to; everything left of the
last hop a trusted proxy wrote is whatever the client chose to send. So the client is the
rightmost address that is not a trusted proxy, and the header is ignored altogether when the
connection itself does not come from one. Handlers then read `request.remote`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from aiohttp import hdrs, web
from aiohttp.typedefs import Middleware

from bot.web.security import Handler

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def networks(entries: Iterable[str]) -> tuple[IpNetwork, ...]:
    """Addresses and networks as given in the config (validated there)."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _ip(text: str) -> IpAddress | None:
    try:
        ip = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def within(address: str | None, nets: tuple[IpNetwork, ...]) -> bool:
    """Is `address` in one of `nets`? (False for anything that is not an IP address.)"""
    ip = _ip(address or "")
    return ip is not None and any(ip in net for net in nets)


def client_address(
    peer: str | None, forwarded_for: list[str], trusted: tuple[IpNetwork, ...]
) -> str:
    """The rightmost hop that is not a trusted proxy, starting from the connection's peer."""
    if not trusted or not within(peer, trusted):
        return peer or "unknown"
    client = peer or "unknown"
    hops = [hop for header in forwarded_for for hop in header.split(",")]
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:  # not written by a proxy of ours: the last trusted hop is all we know
            return client
        client = str(ip)
        if not any(ip in net for net in trusted):
            return client
    return client  # every hop is a proxy of ours: the leftmost is the client


def client_address_middleware(trusted: tuple[IpNetwork, ...]) -> Middleware:
    """Give every handler the real client in `request.remote` (aiohttp's `clone(remote=)`)."""

    @web.middleware
    async def real_client(request: web.Request, handler: Handler) -> web.StreamResponse:
        if trusted:
            forwarded = request.headers.getall(hdrs.X_FORWARDED_FOR, [])
            client = client_address(request.remote, forwarded, trusted)
            if client != request.remote:
                request = request.clone(remote=client)
        return await handler(request)

    return real_client
