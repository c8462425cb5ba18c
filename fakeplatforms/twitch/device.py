"""The fake Twitch's Device Code Grant Flow (``fake.device``), written from Twitch's "Getting
OAuth Access Tokens" page (device code flow):

* ``POST /oauth2/device`` with ``client_id`` and ``scopes`` (space-separated, form or query)
  answers ``device_code``, ``user_code``, ``verification_uri``, ``expires_in`` (1800) and
  ``interval`` (seconds between polls).
* ``POST /oauth2/token`` with ``grant_type=urn:ietf:params:oauth:grant-type:device_code``,
  ``client_id``, ``device_code`` and ``scopes`` (plus ``client_secret`` for a confidential
  application, which must then be the right one) answers 400 with ``message``
  ``authorization_pending`` until the user approves, ``slow_down`` when polled faster than
  ``interval``, ``expired_token`` once the code expired, ``access_denied`` when the user
  refused; approved, it answers the user token (``access_token``, ``refresh_token``,
  ``expires_in``, ``scope``, ``token_type``) once, then the code is used up.

Tests decide what the person at the browser does: :meth:`FakeDeviceFlow.will_approve` queues
an approval for the next code issued (optionally after some pending polls, or with fewer scopes
than asked), :meth:`FakeDeviceFlow.will_deny` a refusal and :meth:`FakeDeviceFlow.will_expire`
a code nobody enters. :meth:`FakeDeviceFlow.slow_down` makes the next polls answer ``slow_down``,
as Twitch does to a client polling faster than ``interval`` (scripted, so no test waits).
"""

from __future__ import annotations

import secrets
import string
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiohttp import web

from fakeplatforms.twitch.model import id_params, json_answer, user_token_answer

if TYPE_CHECKING:
    from fakeplatforms.twitch.server import FakeTwitch

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
DEVICE_CODE_LIFETIME = 1800


@dataclass(frozen=True)
class Outcome:
    """What the person does with the next code: approve as ``login`` (granting ``scopes``, or
    everything asked when None) after ``pending_polls`` polls, refuse, or let it expire."""

    action: str  # "approve", "deny" or "expire"
    login: str = ""
    scopes: tuple[str, ...] | None = None
    pending_polls: int = 0


@dataclass
class DeviceCode:
    device_code: str
    user_code: str
    scopes: tuple[str, ...]
    outcome: Outcome | None
    polls: int = 0


@dataclass
class FakeDeviceFlow:
    fake: FakeTwitch
    interval: int = 5
    slow_downs: int = 0  # the next this many polls answer slow_down
    codes: dict[str, DeviceCode] = field(default_factory=dict)
    outcomes: deque[Outcome] = field(default_factory=deque)
    polls: list[str] = field(default_factory=list)  # every answer given to a poll, in order

    def will_approve(
        self, login: str, *, scopes: tuple[str, ...] | None = None, pending_polls: int = 0
    ) -> None:
        """The next code issued is approved by ``login`` after ``pending_polls`` polls."""
        self.outcomes.append(Outcome("approve", login.lower(), scopes, pending_polls))

    def slow_down(self, polls: int = 1) -> None:
        """The next ``polls`` polls (of any code) answer ``slow_down``."""
        self.slow_downs += polls

    def will_deny(self) -> None:
        self.outcomes.append(Outcome("deny"))

    def will_expire(self) -> None:
        self.outcomes.append(Outcome("expire"))

    async def start_flow(self, request: web.Request) -> web.Response:
        params = await id_params(request)
        if params.get("client_id") != self.fake.client_id:
            return json_answer({"status": 400, "message": "invalid client"}, status=400)
        user_code = "".join(secrets.choice(string.ascii_uppercase) for _ in range(8))
        code = DeviceCode(
            secrets.token_hex(20),
            user_code,
            tuple(params.get("scopes", "").split()),
            self.outcomes.popleft() if self.outcomes else None,
        )
        self.codes[code.device_code] = code
        self.fake.bump()
        return json_answer(
            {
                "device_code": code.device_code,
                "expires_in": DEVICE_CODE_LIFETIME,
                "interval": self.interval,
                "user_code": user_code,
                "verification_uri": f"https://www.twitch.tv/activate?device-code={user_code}",
            }
        )

    def poll(self, params: dict[str, str]) -> web.Response:
        """Answer one poll of ``POST /oauth2/token`` with the device-code grant."""
        answer = self._poll(params)
        self.polls.append(answer.text or "")
        self.fake.bump()
        return answer

    def _poll(self, params: dict[str, str]) -> web.Response:
        code = self.codes.get(params.get("device_code", ""))
        if code is None:
            return _refusal("invalid device code")
        if params.get("client_secret", self.fake.client_secret) != self.fake.client_secret:
            return _refusal("invalid client secret")
        if self.slow_downs:
            self.slow_downs -= 1
            return _refusal("slow_down")
        code.polls += 1
        outcome = code.outcome
        if outcome is None or code.polls <= outcome.pending_polls:
            return _refusal("authorization_pending")
        if outcome.action == "deny":
            del self.codes[code.device_code]
            return _refusal("access_denied")
        if outcome.action == "expire":
            del self.codes[code.device_code]
            return _refusal("expired_token")
        del self.codes[code.device_code]  # used up
        scopes = code.scopes if outcome.scopes is None else outcome.scopes
        token = self.fake.new_token(self.fake.user(outcome.login).id, scopes)
        return user_token_answer(token)


def _refusal(message: str) -> web.Response:
    return json_answer({"status": 400, "message": message}, status=400)
