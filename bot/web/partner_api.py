"""The partner redemption API, `/api/v1`: check a code, redeem it once.

Partners authenticate with `Authorization: Bearer <key>` (keys from `fairdrop partners create`,
scoped to drops or series). A redeem may carry an `Idempotency-Key`: a retry with the same key
and request gets the first answer again, even if the first redeem succeeded and the retry would
now find the code redeemed. The key is reserved for its request, and its answer stored, inside
the redemption's own transaction: a request under a key already reserved for another request is
answered 422 and has changed nothing, whichever process it reached. The redemption also records
a digest of the request, so a retry of a redeem whose key was left unanswered is still told
"redeemed" (with the first time) rather than "already redeemed". Guesses (unknown codes, codes
outside the key's scope) count against the key, before the lookup (see `attempts.py`); requests
without a live key count against their client address; past a limit the answer is 429 with
`Retry-After`. Every refusal names its cause in `error.code` (see `openapi.py`).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.drops.model import KeyReservation
from bot.drops.redemption import CodeStatus, CodeVerdict
from bot.messages.catalog import LANGUAGE, Verbatim
from bot.store.partners import PartnerKey, PartnerStore, StoredAnswer
from bot.web.keys import ATTEMPTS, METRICS, PARTNERS, SERVICE
from bot.web.speech import api_language, api_message

MAX_CODE = 2048
MAX_ORDER_CENTS = 2**31 - 1  # what the store's INTEGER column holds on PostgreSQL
KEY_CACHE_SECONDS = 5.0  # a revoked key stops working within this long

# What each refusal of a code is called and answered with.
REFUSALS: dict[CodeStatus, tuple[int, str]] = {
    CodeStatus.FORGED: (404, "unknown_code"),
    CodeStatus.EXPIRED: (410, "code_expired"),
    CodeStatus.REVOKED: (410, "code_revoked"),
    CodeStatus.REDEEMED: (409, "already_redeemed"),
    CodeStatus.OUT_OF_SCOPE: (403, "out_of_scope"),
    CodeStatus.KEY_REUSED: (422, "idempotency_key_reused"),
}
KEY_REUSED = REFUSALS[CodeStatus.KEY_REUSED][1]
# Answers that look like guessing: they count against the key and the address.
GUESSES = frozenset({CodeStatus.FORGED, CodeStatus.OUT_OF_SCOPE})


@dataclass
class KeyCache:
    """Authenticated keys for a few seconds, so a busy till does not look its key up per scan."""

    seconds: float = KEY_CACHE_SECONDS
    _known: dict[str, tuple[PartnerKey, float]] = field(default_factory=dict)

    async def authenticate(self, key: str, store: PartnerStore, now: float) -> PartnerKey | None:
        digest = hashlib.sha256(key.encode()).hexdigest()
        hit = self._known.get(digest)
        if hit is not None and hit[1] > now:
            return hit[0]
        found = await store.authenticate(key)
        if found is None:
            self._known.pop(digest, None)
            return None
        if len(self._known) > 10_000:
            self._known.clear()
        self._known[digest] = (found, now + self.seconds)
        return found


KEY_CACHE = web.AppKey("partner_key_cache", KeyCache)


@dataclass
class _Gate:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


IDEMPOTENCY_GATES = web.AppKey("idempotency_gates", dict[tuple[int, str], _Gate])


def refusal(status: int, code: str, message: str, **extra: Any) -> web.Response:
    response = web.json_response(
        {"error": {"code": code, "message": message, **extra}}, status=status
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _iso(at: datetime | None) -> str | None:
    return at.isoformat(timespec="seconds") if at is not None else None


def answer(
    verdict: CodeVerdict, redeeming: bool, language: str = LANGUAGE
) -> tuple[int, dict[str, Any]]:
    """The HTTP status and JSON body for a verdict of the core (its `message` in
    `language`)."""
    if verdict.status is CodeStatus.VALID:
        expires = verdict.record.expires_at if verdict.record is not None else None
        body: dict[str, Any] = {
            "status": "redeemed" if redeeming else "valid",
            "drop_id": verdict.drop_id,
            "serial": verdict.serial,
            "expires_at": _iso(expires),
        }
        if redeeming:
            body["redeemed_at"] = _iso(verdict.redeemed_at)
        return 200, body
    status, code = REFUSALS[verdict.status]
    message = api_message(language, f"api-{code.replace('_', '-')}")
    error: dict[str, Any] = {"code": code, "message": message}
    if verdict.status is CodeStatus.REDEEMED:
        error["redeemed_at"] = _iso(verdict.redeemed_at)
    if verdict.status is not CodeStatus.OUT_OF_SCOPE and verdict.serial is not None:
        error.update(drop_id=verdict.drop_id, serial=verdict.serial)
    return status, {"error": error}


async def _read_body(
    request: web.Request, redeeming: bool
) -> tuple[str, int | None] | web.Response:
    language = api_language(request)

    def invalid(message_id: str, **values: str | int) -> web.Response:
        return refusal(400, "invalid_request", api_message(language, message_id, **values))

    if request.content_type != "application/json":
        return invalid("api-invalid-content-type")
    try:
        body = json.loads(await request.text())
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: arrays nested deeper than the parser's recursion allows.
        return invalid("api-invalid-json")
    if not isinstance(body, dict):
        return invalid("api-invalid-body")
    allowed = {"code", "order_value_cents"} if redeeming else {"code"}
    if unknown := sorted(set(body) - allowed):
        return invalid("api-unknown-field", field=repr(unknown[0]))
    code = body.get("code")
    if not isinstance(code, str) or not code.strip() or len(code) > MAX_CODE:
        return invalid("api-invalid-code")
    value = body.get("order_value_cents")
    if value is not None and (type(value) is not int or not 0 <= value <= MAX_ORDER_CENTS):
        return invalid("api-invalid-order-value", count=Verbatim(str(MAX_ORDER_CENTS)))
    return code, value


def _idempotency_key(request: web.Request) -> str | web.Response | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not 1 <= len(key) <= 255 or not key.isascii() or not key.isprintable():
        message = api_message(api_language(request), "api-invalid-idempotency-key")
        return refusal(400, "invalid_request", message)
    return key


async def check(request: web.Request) -> web.Response:
    return await _handle(request, redeeming=False)


async def redeem(request: web.Request) -> web.Response:
    return await _handle(request, redeeming=True)


async def _handle(request: web.Request, *, redeeming: bool) -> web.Response:
    app = request.app
    attempts, metrics = app[ATTEMPTS], app[METRICS]
    endpoint = "redeem" if redeeming else "check"
    header = request.headers.get("Authorization", "")
    key_text = header[7:].strip() if header[:7].lower() == "bearer " else ""
    partner = (
        await app[KEY_CACHE].authenticate(key_text, app[PARTNERS], time.monotonic())
        if key_text
        else None
    )
    if partner is None:
        # Only requests without a live key count against their address (the client's, read
        # through the trusted proxies): a partner is never refused for what they did.
        if wait := await attempts.keyless(request.remote or "unknown"):
            return _too_many(request, wait, metrics, endpoint)
        metrics.redeem_outcomes.labels(endpoint, "unauthorized").inc()
        message = api_message(api_language(request), "api-unauthorized")
        return refusal(401, "unauthorized", message)
    parsed = await _read_body(request, redeeming)
    if isinstance(parsed, web.Response):
        return parsed
    code, order_value = parsed
    idempotency = _idempotency_key(request) if redeeming else None
    if isinstance(idempotency, web.Response):
        return idempotency
    if idempotency is None:
        answered = await _judged(request, partner, code, order_value, redeeming)
        if isinstance(answered, web.Response):
            return answered
        return _respond(*answered, metrics, endpoint)
    fingerprint = hashlib.sha256(json.dumps([code.strip(), order_value]).encode()).hexdigest()
    # The redemption itself records this request too: should the process die after the
    # redemption commits but before its answer is stored, the retry is still told "redeemed".
    request_key = hashlib.sha256(
        json.dumps([partner.id, idempotency, fingerprint]).encode()
    ).hexdigest()
    # Two copies of one retry racing in this process: the second waits and replays the first.
    gates = app[IDEMPOTENCY_GATES]
    gate = gates.setdefault((partner.id, idempotency), _Gate())
    gate.users += 1
    try:
        async with gate.lock:
            store = app[PARTNERS]
            stored = await store.answer(partner.id, idempotency)
            replayed = stored is not None and stored.answered
            # Reserved for this request but unanswered (see bot/store/idempotency.py): judging
            # it again is safe, the redemption knows its request key.
            if stored is None or (not replayed and stored.request_hash == fingerprint):
                reservation = KeyReservation(partner.id, idempotency, fingerprint)
                answered = await _judged(
                    request, partner, code, order_value, redeeming, request_key, reservation
                )
                if isinstance(answered, web.Response):
                    return answered
                status, body = answered
                if status >= 400 and body["error"]["code"] == KEY_REUSED:
                    # Reserved meanwhile for another request (in another process): nothing
                    # happened.
                    return _respond(status, body, metrics, endpoint)
                # Stored with the redemption, in its transaction (`answered` below).
                stored = StoredAnswer(fingerprint, status, body)
    finally:
        gate.users -= 1
        if not gate.users:
            gates.pop((partner.id, idempotency), None)
    if stored.request_hash != fingerprint:
        message = api_message(api_language(request), "api-idempotency-key-reused")
        return refusal(422, "idempotency_key_reused", message)
    response = _respond(stored.status, stored.body, metrics, endpoint)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


async def _judged(
    request: web.Request,
    partner: PartnerKey,
    code: str,
    order_value: int | None,
    redeeming: bool,
    request_key: str | None = None,
    reservation: KeyReservation | None = None,
) -> tuple[int, dict[str, Any]] | web.Response:
    """`_ask` within the key's guess budget: admitted before the lookup (so guesses sent at
    once cannot all be judged), counted as a failure after it when the answer was a guess."""
    attempts = request.app[ATTEMPTS]
    if wait := await attempts.admit_lookup(partner.id):
        endpoint = "redeem" if redeeming else "check"
        return _too_many(request, wait, request.app[METRICS], endpoint)
    guessed = False
    try:
        status, body, guessed = await _ask(
            request, partner, code, order_value, redeeming, request_key, reservation
        )
    finally:
        await attempts.settle_lookup(partner.id, guessed)
    return status, body


async def _ask(
    request: web.Request,
    partner: PartnerKey,
    code: str,
    order_value: int | None,
    redeeming: bool,
    request_key: str | None = None,
    reservation: KeyReservation | None = None,
) -> tuple[int, dict[str, Any], bool]:
    """The answer to a code, and whether it looked like a guess."""
    service = request.app[SERVICE]
    answer_of = answered(redeeming, order_value, api_language(request))
    if redeeming:
        verdict = await service.redeem(
            code,
            partner=partner.name,
            order_value_cents=order_value,
            scope=partner.scope,
            request_key=request_key,
            reservation=reservation,
            answer=answer_of if reservation is not None else None,
        )
    else:
        verdict = await service.check_code(code, scope=partner.scope)
    status, body = answer_of(verdict)
    return status, body, verdict.status in GUESSES


def answered(
    redeeming: bool, order_value: int | None, language: str = LANGUAGE
) -> Callable[[CodeVerdict], tuple[int, dict[str, Any]]]:
    """How a request is answered, verdict to status and body (also run in the redemption's
    transaction, to store the answer with an Idempotency-Key)."""

    def answer_of(verdict: CodeVerdict) -> tuple[int, dict[str, Any]]:
        status, body = answer(verdict, redeeming, language)
        if redeeming and status == 200:
            body["order_value_cents"] = order_value
        return status, body

    return answer_of


def _respond(status: int, body: dict[str, Any], metrics: Any, endpoint: str) -> web.Response:
    outcome = body.get("status") or body.get("error", {}).get("code", "error")
    metrics.redeem_outcomes.labels(endpoint, outcome).inc()
    response = web.json_response(body, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _too_many(request: web.Request, wait: float, metrics: Any, endpoint: str) -> web.Response:
    metrics.redeem_outcomes.labels(endpoint, "too_many_failures").inc()
    seconds = max(1, int(wait + 0.999))
    message = api_message(api_language(request), "api-too-many-failures", count=seconds)
    response = refusal(429, "too_many_failures", message)
    response.headers["Retry-After"] = str(seconds)
    return response
