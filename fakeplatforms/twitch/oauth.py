"""The fake Twitch's id (OAuth) endpoints, installed on :class:`FakeTwitch`'s app (``fake.oauth``):

* ``POST /oauth2/token`` (client_credentials, refresh_token, authorization_code grants, and
  the device-code grant, answered by ``fake.device``, see ``fakeplatforms/twitch/device.py``; the
  parameters may come in the query string, as twitchio sends them, or a form body),
  ``GET /oauth2/validate`` (``Authorization: OAuth <token>`` or ``Bearer <token>``; 401
  ``invalid access token`` for unknown tokens), ``POST /oauth2/revoke``.

* ``GET /oauth2/authorize`` checks ``client_id``, ``response_type=code``, a ``redirect_uri`` and
  an S256 ``code_challenge``. If a user is signed in (``fake.oauth.signed_in = "login"``) it
  redirects straight back to ``redirect_uri`` with ``code`` and ``state``, as Twitch does for an
  app the user already authorised; otherwise it shows a small login form (a browser test types
  the login and presses Authorize), which posts to ``POST /oauth2/authorize``. ``deny=True``
  redirects back with ``error=access_denied``.
* At ``POST /oauth2/token`` with ``grant_type=authorization_code``, a code issued here must come
  with the right ``client_secret``, the same ``redirect_uri`` and a ``code_verifier`` whose
  SHA-256 (base64url, unpadded) is the challenge; else 400, the code is used up and no token
  stays valid.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from aiohttp import web

from fakeplatforms.twitch.device import DEVICE_GRANT
from fakeplatforms.twitch.model import id_params, json_answer, user_token_answer

if TYPE_CHECKING:
    from fakeplatforms.twitch.server import FakeTwitch

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class PendingCode:
    challenge: str
    redirect_uri: str


@dataclass
class FakeTwitchOAuth:
    fake: FakeTwitch
    signed_in: str | None = None  # login of the user whose browser is "logged in to Twitch"
    deny: bool = False
    pending: dict[str, PendingCode] = field(default_factory=dict)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    refused_exchanges: list[str] = field(default_factory=list)

    # -- authorize ------------------------------------------------------------------------

    async def authorize(self, request: web.Request) -> web.StreamResponse:
        params = dict(request.query)
        if request.method == "POST":
            params.update({k: str(v) for k, v in (await request.post()).items()})
        self.authorize_requests.append(params)
        problem = self._problem(params)
        if problem:
            return web.Response(status=400, text=problem)
        login = params.get("login") if request.method == "POST" else self.signed_in
        if self.deny:
            return self._back(params, {"error": "access_denied", "error_description": "denied"})
        if not login:
            return web.Response(text=self._form(params), content_type="text/html")
        user = next((u for u in self.fake.users.values() if u.login == login.lower()), None)
        if user is None:
            return web.Response(status=400, text=f"no Twitch user {login!r} in the fake")
        code = self.fake.authorization_code(user, scopes=())
        self.pending[code] = PendingCode(params["code_challenge"], params["redirect_uri"])
        return self._back(params, {"code": code, "scope": ""})

    def _problem(self, params: dict[str, str]) -> str | None:
        if params.get("client_id") != self.fake.client_id:
            return "invalid client id"
        if params.get("response_type") != "code":
            return "response_type must be code"
        if not params.get("redirect_uri", "").startswith(("http://", "https://")):
            return "missing redirect_uri"
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return "an S256 code_challenge is required"
        return None

    def _back(self, params: dict[str, str], answer: dict[str, str]) -> web.Response:
        query = urlencode({**answer, "state": params.get("state", "")})
        return web.Response(status=302, headers={"Location": f"{params['redirect_uri']}?{query}"})

    def _form(self, params: dict[str, str]) -> str:
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in params.items()
            if k != "login"
        )
        return (
            "<!doctype html><title>Log in - Fake Twitch</title>"
            '<form method="post" action="/oauth2/authorize">'
            f"{hidden}"
            '<label>Username <input id="login" name="login" autocomplete="off"></label>'
            '<button id="authorize" type="submit">Authorize</button></form>'
        )

    # -- token: PKCE ----------------------------------------------------------------------

    @web.middleware
    async def check_pkce(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        # The fake's own token handler reads the body first (it can be read only once); its
        # parsed form stays cached on the request for this check afterwards. A refused
        # exchange takes back the token the handler issued.
        response = await handler(request)
        if request.method != "POST" or request.path != "/oauth2/token":
            return response
        params = dict(request.query)
        params.update({k: str(v) for k, v in (await request.post()).items()})
        if params.get("grant_type") != "authorization_code":
            return response
        refusal = self._refuse(params)
        if refusal is None:
            return response
        self.refused_exchanges.append(refusal)
        if isinstance(response, web.Response) and response.status == 200 and response.body:
            issued = json.loads(bytes(response.body)).get("access_token", "")  # type: ignore[arg-type]
            if issued in self.fake.tokens:
                self.fake.tokens[issued].valid = False
        return web.json_response({"status": 400, "message": refusal}, status=400)

    def _refuse(self, params: dict[str, Any]) -> str | None:
        pending = self.pending.pop(params.get("code", ""), None)
        if pending is None:
            return None  # a code from authorization_code(): the fake's own grant rules apply
        if params.get("client_secret") != self.fake.client_secret:
            return "invalid client secret"
        if params.get("redirect_uri") != pending.redirect_uri:
            return "redirect_uri does not match the authorization request"
        verifier = params.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        expected = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        if not verifier or not secrets.compare_digest(expected, pending.challenge):
            return "Invalid code verifier"
        return None

    # -- id: token, validate, revoke ------------------------------------------------------

    async def token(self, request: web.Request) -> web.Response:
        p = await id_params(request)
        grant = p.get("grant_type", "")
        self.fake.token_grants.append(grant)
        self.fake.bump()
        if p.get("client_id") != self.fake.client_id:
            return json_answer({"status": 400, "message": "invalid client"}, status=400)
        if grant == "client_credentials":
            if p.get("client_secret") != self.fake.client_secret:
                return json_answer({"status": 403, "message": "invalid client secret"}, status=403)
            token = self.fake.issue_app_token()
            return json_answer(
                {
                    "access_token": token.access_token,
                    "expires_in": token.expires_in,
                    "token_type": "bearer",
                }
            )
        if grant == "refresh_token":
            old_access = self.fake.refresh_tokens.pop(p.get("refresh_token", ""), None)
            if old_access is None:
                return json_answer({"status": 400, "message": "Invalid refresh token"}, status=400)
            old = self.fake.tokens[old_access]
            old.valid = False
            token = self.fake.new_token(old.user_id, old.scopes)
            return user_token_answer(token)
        if grant == DEVICE_GRANT:
            return self.fake.device.poll(p)
        if grant == "authorization_code":
            found = self.fake.codes.pop(p.get("code", ""), None)
            if found is None:
                return json_answer(
                    {"status": 400, "message": "Invalid authorization code"}, status=400
                )
            token = self.fake.new_token(*found)
            return user_token_answer(token)
        return json_answer({"status": 400, "message": "unsupported grant type"}, status=400)

    async def validate(self, request: web.Request) -> web.Response:
        raw = request.headers.get("Authorization", "")
        value = raw.removeprefix("OAuth ").removeprefix("Bearer ").removeprefix("oauth ").strip()
        self.fake.validate_calls.append(value)
        self.fake.bump()
        token = self.fake.tokens.get(value)
        if token is None or not token.valid:
            return json_answer({"status": 401, "message": "invalid access token"}, status=401)
        body: dict[str, Any] = {
            "client_id": self.fake.client_id,
            "scopes": list(token.scopes),
            "expires_in": token.expires_in,
        }
        if token.user_id is not None:
            body["login"] = self.fake.users[token.user_id].login
            body["user_id"] = token.user_id
        return json_answer(body, headers={"Date": self.fake.http_date()})

    async def revoke(self, request: web.Request) -> web.Response:
        p = await id_params(request)
        token = self.fake.tokens.get(p.get("token", ""))
        if token is None or p.get("client_id") != self.fake.client_id:
            return json_answer({"status": 400, "message": "Invalid token"}, status=400)
        token.valid = False
        if token.refresh_token:
            self.fake.refresh_tokens.pop(token.refresh_token, None)
        return web.Response(status=200)


def install_oauth(fake: FakeTwitch, app: web.Application) -> FakeTwitchOAuth:
    """Add the id endpoints and the PKCE check to the fake's app (before it starts)."""
    oauth = FakeTwitchOAuth(fake)
    app.middlewares.append(oauth.check_pkce)
    app.router.add_post("/oauth2/token", oauth.token)
    app.router.add_get("/oauth2/validate", oauth.validate)
    app.router.add_post("/oauth2/revoke", oauth.revoke)
    app.router.add_get("/oauth2/authorize", oauth.authorize)
    app.router.add_post("/oauth2/authorize", oauth.authorize)
    return oauth
