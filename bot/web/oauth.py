"""Log in with Twitch: the OAuth authorization-code flow with `state` and PKCE (S256).

Identity only: no scope is asked for, the access token is used once to learn the user id (from
`oauth2/validate`) and then revoked. The endpoints come from `[twitch] auth_base`, so tests and
staging point it at a fake.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import ClientError, ClientSession, ClientTimeout

log = logging.getLogger(__name__)
TIMEOUT = ClientTimeout(total=10)


class LoginFailed(Exception):
    """Twitch did not confirm who this is; the message is one line for the person."""


@dataclass(frozen=True, slots=True)
class TwitchUser:
    user_id: str
    login: str

    @property
    def account(self) -> str:
        return f"twitch:{self.user_id}"


@dataclass(frozen=True, slots=True)
class Pkce:
    verifier: str
    challenge: str

    @classmethod
    def new(cls) -> Pkce:
        verifier = secrets.token_urlsafe(48)  # 64 characters, within RFC 7636's 43..128
        digest = hashlib.sha256(verifier.encode("ascii")).digest()
        return cls(verifier, base64.urlsafe_b64encode(digest).decode().rstrip("="))


@dataclass(frozen=True)
class TwitchLogin:
    auth_base: str  # e.g. https://id.twitch.tv/
    client_id: str
    client_secret: str

    @property
    def configured(self) -> bool:
        return bool(self.client_id and self.client_secret)

    def _url(self, path: str) -> str:
        return self.auth_base.rstrip("/") + "/oauth2/" + path

    def authorize_url(self, redirect_uri: str, state: str, pkce: Pkce) -> str:
        query = urlencode(
            {
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "response_type": "code",
                "scope": "",
                "state": state,
                "code_challenge": pkce.challenge,
                "code_challenge_method": "S256",
            }
        )
        return f"{self._url('authorize')}?{query}"

    async def identify(
        self, http: ClientSession, code: str, verifier: str, redirect_uri: str
    ) -> TwitchUser:
        """Exchange the code for a token, read the user from it, revoke it."""
        form = {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "code": code,
            "grant_type": "authorization_code",
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        try:
            async with http.post(self._url("token"), data=form, timeout=TIMEOUT) as response:
                if response.status != 200:
                    # The body may echo what we sent; log the status only.
                    log.info("twitch login: token exchange refused (%s)", response.status)
                    raise LoginFailed("Twitch did not accept the login; please try again")
                token = (await response.json()).get("access_token")
            if not isinstance(token, str) or not token:
                raise LoginFailed("Twitch sent no token; please try again")
            headers = {"Authorization": f"OAuth {token}"}
            async with http.get(
                self._url("validate"), headers=headers, timeout=TIMEOUT
            ) as response:
                data = await response.json() if response.status == 200 else {}
            await self._revoke(http, token)
        except (ClientError, TimeoutError, ValueError) as error:
            log.warning("twitch login: %s", type(error).__name__)
            raise LoginFailed("Twitch could not be reached; please try again shortly") from None
        user_id, login = data.get("user_id"), data.get("login")
        if not isinstance(user_id, str) or not user_id.isdigit() or not isinstance(login, str):
            raise LoginFailed("Twitch did not say who you are; please try again")
        return TwitchUser(user_id, login)

    async def _revoke(self, http: ClientSession, token: str) -> None:
        form = {"client_id": self.client_id, "token": token}
        try:
            async with http.post(self._url("revoke"), data=form, timeout=TIMEOUT):
                pass
        except (ClientError, TimeoutError):
            pass  # the token expires on its own; the login itself succeeded
