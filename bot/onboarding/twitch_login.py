"""Twitch accounts for setup and doctor, over Twitch's documented HTTP endpoints.

Login is Twitch's Device Code Grant Flow: fairdrop asks `POST /oauth2/device` for a code, the
person opens the link on any device (a phone will do) and approves, and fairdrop polls
`POST /oauth2/token` until the grant arrives. It needs no public URL and no redirect registered
on the application, and works over SSH on a server without a browser. The application is
confidential (it has a secret, which the claim page's login needs), so the secret goes with the
polls; twitchio's `login_dcf` refuses a secret, hence this small client.

Nothing here logs or returns a token in an error message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Self

import aiohttp

from bot.kernel.errors import FairdropError

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
SLOW_DOWN_STEP = 5  # seconds added to the interval at each slow_down (RFC 8628, 3.5)


class TwitchLoginError(FairdropError):
    """A Twitch login or look-up failed; the message is one line saying what to do."""


class TokenRejected(TwitchLoginError):
    """Twitch answered 401: the token is unknown, expired or revoked."""


@dataclass(frozen=True)
class DeviceCode:
    device_code: str
    user_code: str
    verification_uri: str
    interval: int
    expires_in: int


@dataclass(frozen=True)
class Grant:
    access_token: str
    refresh_token: str
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class TokenInfo:
    """What `GET /oauth2/validate` says of a token, and Twitch's clock when it said it."""

    client_id: str
    login: str
    user_id: str
    scopes: tuple[str, ...]
    expires_in: int
    twitch_time: datetime | None


Sleep = Callable[[float], Awaitable[None]]


class TwitchAccounts:
    """Twitch's id and Helix endpoints for one application (`async with` opens the session)."""

    def __init__(
        self, client_id: str, client_secret: str, *, auth_base: str, api_base: str
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.auth_base = auth_base.rstrip("/") + "/"
        self.api_base = api_base.rstrip("/") + "/"
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Self:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()

    @property
    def session(self) -> aiohttp.ClientSession:
        assert self._session is not None, "use TwitchAccounts in `async with`"
        return self._session

    # -- the Device Code Grant Flow -----------------------------------------------------------

    async def start_login(self, scopes: Iterable[str]) -> DeviceCode:
        """Ask Twitch for a code the person enters at `verification_uri`."""
        data = {"client_id": self.client_id, "scopes": " ".join(scopes)}
        status, body, _ = await self._call("POST", self.auth_base + "oauth2/device", data=data)
        if status != 200:
            raise TwitchLoginError(
                f"Twitch refused to start a login ({_message(body)}): check the client id and "
                "that the application's client type allows the device code flow"
            )
        return DeviceCode(
            str(body["device_code"]),
            str(body["user_code"]),
            str(body["verification_uri"]),
            int(body.get("interval", 5)),
            int(body.get("expires_in", 1800)),
        )

    async def finish_login(
        self, code: DeviceCode, scopes: Iterable[str], *, sleep: Sleep = asyncio.sleep
    ) -> Grant:
        """Poll until the person approves; refusals and expiry end it with one line."""
        data = {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "device_code": code.device_code,
            "grant_type": DEVICE_GRANT,
            "scopes": " ".join(scopes),
        }
        interval = code.interval
        while True:
            await sleep(interval)
            status, body, _ = await self._call("POST", self.auth_base + "oauth2/token", data=data)
            if status == 200:
                scope = body.get("scope") or []
                return Grant(
                    str(body["access_token"]),
                    str(body.get("refresh_token", "")),
                    tuple(scope.split() if isinstance(scope, str) else scope),
                )
            reason = _message(body)
            if reason == "authorization_pending":
                continue
            if reason == "slow_down":
                interval += SLOW_DOWN_STEP
                continue
            if reason in ("access_denied", "authorization_declined"):
                raise TwitchLoginError(
                    "the login was refused on Twitch; run setup again and press Authorize"
                )
            if reason in ("expired_token", "invalid device code"):
                raise TwitchLoginError(
                    "the login code expired before it was approved; run setup again and enter "
                    "the new code within 30 minutes"
                )
            raise TwitchLoginError(f"Twitch refused the login: {reason}")

    # -- look-ups ---------------------------------------------------------------------------

    async def validate(self, access_token: str) -> TokenInfo:
        """`GET /oauth2/validate`: whose token it is and its scopes (TokenRejected on 401)."""
        status, body, headers = await self._call(
            "GET",
            self.auth_base + "oauth2/validate",
            headers={"Authorization": f"OAuth {access_token}"},
        )
        if status == 401:
            raise TokenRejected("Twitch does not accept this token (expired or revoked)")
        if status != 200:
            raise TwitchLoginError(f"Twitch could not validate the token: {_message(body)}")
        return TokenInfo(
            str(body.get("client_id", "")),
            str(body.get("login", "")),
            str(body.get("user_id", "")),
            tuple(body.get("scopes") or ()),
            int(body.get("expires_in", 0)),
            _date(headers.get("Date")),
        )

    async def user_ids(self, access_token: str, logins: Iterable[str]) -> dict[str, str]:
        """Helix Get Users: login -> numeric id for every login Twitch knows."""
        wanted = [login.strip().lower() for login in logins if login.strip()]
        if not wanted:
            return {}
        body = await self.helix("GET", "users", access_token, params=[("login", x) for x in wanted])
        return {str(u["login"]).lower(): str(u["id"]) for u in body.get("data", [])}

    async def moderated_channels(self, access_token: str, user_id: str) -> set[str]:
        """Helix Get Moderated Channels: the broadcaster ids where `user_id` is a moderator."""
        body = await self.helix(
            "GET", "moderation/channels", access_token, params=[("user_id", user_id)]
        )
        return {str(c["broadcaster_id"]) for c in body.get("data", [])}

    async def app_token(self) -> str:
        """An app access token (client credentials): proves the client id and secret."""
        data = {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "grant_type": "client_credentials",
        }
        status, body, _ = await self._call("POST", self.auth_base + "oauth2/token", data=data)
        if status != 200:
            raise TwitchLoginError(
                f"Twitch refused the client id and secret ({_message(body)}); copy both again "
                "from the application's page in the Twitch developer console"
            )
        return str(body["access_token"])

    async def helix(
        self,
        method: str,
        route: str,
        access_token: str,
        *,
        params: list[tuple[str, str]] | None = None,
    ) -> dict[str, Any]:
        """One Helix call; TokenRejected on 401, TwitchLoginError on any other failure."""
        status, body, _ = await self._call(
            method,
            self.api_base + route,
            params=params,
            headers={"Authorization": f"Bearer {access_token}", "Client-Id": self.client_id},
        )
        if status == 401:
            raise TokenRejected(f"Twitch refused the token for {route}: {_message(body)}")
        if status >= 400:
            raise TwitchLoginError(f"Twitch answered {status} to {route}: {_message(body)}")
        return body

    async def _call(
        self,
        method: str,
        url: str,
        *,
        data: dict[str, str] | None = None,
        params: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        try:
            async with self.session.request(
                method, url, data=data, params=params, headers=headers
            ) as response:
                try:
                    body = await response.json(content_type=None)
                except ValueError:
                    body = {}
                return (
                    response.status,
                    body if isinstance(body, dict) else {},
                    dict(response.headers),
                )
        except (aiohttp.ClientError, TimeoutError) as error:
            raise TwitchLoginError(
                f"cannot reach Twitch at {url}: {error or 'timed out'}"
            ) from None


def _message(body: dict[str, Any]) -> str:
    return str(body.get("message") or body.get("error") or "no reason given")


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
