"""What the overlay's routes share in one app: the settings, the drops' communities, QR codes.

A page load reads the database once at most (the community of `/overlay/drop/{id}`, to pick
its theme and words), and never again for that drop: a drop's community never changes. Its
QR code is the drop's transparency address, which never changes either; both are kept in small
bounded maps, so an OBS scene reloading its browser sources costs nothing.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import quote

import segno
from aiohttp import web

from bot.config import Settings, community_names
from bot.drops.public_record import PublicReads
from bot.kernel.transactions import read_only

REMEMBERED = 4096  # drops whose community and QR code are kept, most recently asked first


class _Bounded(OrderedDict[int, str]):
    def keep(self, key: int, value: str) -> str:
        self[key] = value
        self.move_to_end(key)
        while len(self) > REMEMBERED:
            self.popitem(last=False)
        return value


class OverlaySite:
    """The overlay pages' shared parts in one app (one per listener, one per public worker)."""

    def __init__(
        self,
        settings: Settings,
        reads: PublicReads,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings = settings
        self.reads = reads
        self.now = now  # the server's clock, for the preview's sample timeline
        # By lower-cased name, as the feed matches them (Twitch logins are lower case).
        self._communities = {name.lower(): name for name in community_names(settings)}
        self._drops = _Bounded()  # drop id -> its community
        self._codes = _Bounded()  # drop id -> its QR code, SVG

    def community(self, name: str) -> str | None:
        """The configured community `name` stands for (any case); None if none does."""
        return self._communities.get(name.lower())

    async def community_of(self, drop_id: int) -> str | None:
        """The community of drop `drop_id`; None when there is no such drop."""
        known = self._drops.get(drop_id)
        if known is not None:
            return known
        drop = await self.reads.reads.run(read_only(lambda uow: uow.drops.get(drop_id)))
        return None if drop is None else self._drops.keep(drop_id, drop.spec.channel)

    def transparency_url(self, drop_id: int) -> str:
        """The drop's transparency page, absolute on `[web] public_url`."""
        return f"{self.settings.web.public_url.rstrip('/')}/drops/{drop_id}"

    def qr_svg(self, drop_id: int) -> str:
        """The drop's transparency address as a QR code (SVG): nothing else is in it."""
        known = self._codes.get(drop_id)
        if known is None:
            known = self._codes.keep(drop_id, qr(self.transparency_url(drop_id)))
        return known


def qr(text: str) -> str:
    """`text` as a QR code, an SVG document: black on white with a quiet zone, so a phone reads
    it on any panel colour."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(
        buffer, kind="svg", scale=4, border=2, dark="#000", light="#fff", xmldecl=False
    )
    return buffer.getvalue().decode()


def community_path(community: str) -> str:
    """A community's name as one path segment (any character it holds is escaped)."""
    return quote(community, safe="")


OVERLAY = web.AppKey("overlay", OverlaySite)
