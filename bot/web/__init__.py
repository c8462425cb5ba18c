"""The web app: claim page, partner API, transparency pages, /healthz and /metrics."""

from bot.kernel.errors import FairdropError


class WebListenError(FairdropError):
    """The web app cannot listen where it is configured to; one line saying what to change.

    Here, not in `serve`, so the command line can name it without importing aiohttp."""
