"""Checking and redeeming codes: a token offline or online, a short code online.

Redemption is recorded once per entitlement `(drop, serial)`, never per token bytes, so two
forms of the same code (or a re-signed token) cannot be redeemed twice.

Online checks and redemptions are judged in batches. `read_code` first learns what the text
alone can tell, with no database: a token's signature, a short code's form. `settle` then looks
every code of a batch up at once in one transaction, judges the requests in order as if they
came one after another, and records the batch's redemptions in one insert in which the unique
`(drop, serial)` decides: an entitlement another transaction redeemed first is reported as
already redeemed, with when. The caller commits before anyone is answered.

A redeem sent under a partner's Idempotency-Key reserves that key for its request first thing in
the same transaction: a request under a key reserved for another request is refused
(KEY_REUSED) and redeems nothing, so that refusal always means nothing happened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from bot.drops import shortcode
from bot.drops.codes import TokenStatus, check_token, short_code_secret
from bot.drops.keyring import Keyring, PublicKeyring
from bot.drops.model import CodeRecord, Drop, KeyReservation, Redemption
from bot.drops.partners import PartnerScope
from bot.drops.ports import UnitOfWork
from bot.kernel.transactions import TransactionRunner, atomic

TOKEN_PREFIX = "v4.public."  # noqa: S105 (a format prefix, not a secret)

Entitlement = tuple[int, int]  # (drop id, serial)


class CodeStatus(StrEnum):
    VALID = "valid"
    REDEEMED = "already redeemed"
    EXPIRED = "expired"
    REVOKED = "revoked"
    FORGED = "forged/unknown"
    OUT_OF_SCOPE = "not covered by this partner key"
    KEY_REUSED = "idempotency key reused"


@dataclass(frozen=True, slots=True)
class CodeVerdict:
    status: CodeStatus
    reason: str  # one line, for the person checking
    drop_id: int | None = None
    serial: int | None = None
    redeemed_at: datetime | None = None
    record: CodeRecord | None = None


@dataclass(frozen=True, slots=True)
class CodeRequest:
    """A check of one code, or a redemption, as a partner asks for it at `now`."""

    text: str
    now: datetime
    redeeming: bool = False
    partner: str = ""
    order_value_cents: int | None = None
    scope: PartnerScope | None = None
    read: CodeRead | None = None  # `read_code(text)`, if the caller has read it already
    # Names the request across retries (the partner's Idempotency-Key and what it asked): a
    # redeem finding its code redeemed by this same key is that request again, answered as such.
    request_key: str | None = None
    # The partner's Idempotency-Key, reserved for this request in the redemption's transaction,
    # and how the caller answers the verdict (HTTP status, JSON body): stored in that same
    # transaction for retries to replay.
    reservation: KeyReservation | None = None
    answer: Callable[[CodeVerdict], tuple[int, dict[str, Any]]] | None = None


@dataclass(frozen=True, slots=True)
class CodeRead:
    """What a code's text says before the database is asked.

    Exactly one of `code_id` (a token with a good signature), `code16` (a well-formed short code,
    still to be matched with its stored hash, found by its `selector`) and `refusal` (the text
    names no code) is set.
    """

    code_id: str | None = None
    code16: str | None = None
    selector: str | None = None
    refusal: CodeVerdict | None = None


def is_token(text: str) -> bool:
    return text.strip().startswith(TOKEN_PREFIX)


@lru_cache(maxsize=8)
def _public(keys: Keyring) -> PublicKeyring:
    # A Keyring derives each public key from its seed on every look-up; tokens only need these.
    return keys.public()


def check_offline(text: str, keys: Keyring | PublicKeyring, now: datetime) -> CodeVerdict:
    """Verify a token with public keys only: valid, expired or forged (no revocation known)."""
    if not is_token(text):
        return CodeVerdict(CodeStatus.FORGED, "a short code can only be checked online")
    check = check_token(text.strip(), keys, now)
    if check.status is TokenStatus.FORGED or check.claims is None:
        return CodeVerdict(CodeStatus.FORGED, check.reason)
    drop_id = int(check.claims.drop) if check.claims.drop.isdigit() else None
    status = CodeStatus.EXPIRED if check.status is TokenStatus.EXPIRED else CodeStatus.VALID
    return CodeVerdict(status, check.reason, drop_id, check.claims.serial)


def read_code(text: str, keys: Keyring, now: datetime) -> CodeRead:
    """What `text` says before the database is asked: the CPU-bound part of a check.

    A token's signature is verified here (an expired token still names its code: the stored
    record decides expiry and revocation); a short code is parsed and its check symbol tested.
    """
    if is_token(text):
        check = check_token(text.strip(), _public(keys), now)
        if check.claims is None:
            return CodeRead(refusal=CodeVerdict(CodeStatus.FORGED, check.reason))
        return CodeRead(code_id=check.claims.code_id)
    try:
        code16 = shortcode.parse(text)
    except shortcode.ShortCodeError as error:
        return CodeRead(refusal=CodeVerdict(CodeStatus.FORGED, str(error)))
    return CodeRead(code16=code16, selector=shortcode.selector(code16))


def settle_batch(
    requests: Sequence[CodeRequest], keys: Keyring
) -> Callable[[UnitOfWork], list[CodeVerdict]]:
    """What a `TransactionRunner` runs for a batch: `settle` it all in one transaction that
    commits before anyone is answered. A request not read yet is read first, before the
    transaction opens (callers read on their own thread: the runner's is the database's)."""

    def run(uow: UnitOfWork) -> list[CodeVerdict]:
        reads = [r.read or read_code(r.text, keys, r.now) for r in requests]
        in_one: Callable[[UnitOfWork], list[CodeVerdict]] = atomic(
            lambda tx: settle(tx, requests, reads, keys)
        )
        return in_one(uow)

    return run


async def settle_all(
    tx: TransactionRunner[UnitOfWork], requests: Sequence[CodeRequest], keys: Keyring
) -> list[CodeVerdict | Exception]:
    """Settle a batch in one transaction (`settle_batch`). Should that fail, settle each request
    alone: a request the database refuses fails by itself, not every request beside it."""
    try:
        return list(await tx.run(settle_batch(requests, keys)))
    except Exception:
        if len(requests) == 1:
            raise
    alone: list[CodeVerdict | Exception] = []
    for request in requests:
        try:
            alone.extend(await tx.run(settle_batch([request], keys)))
        except Exception as error:
            alone.append(error)
    return alone


def settle(
    uow: UnitOfWork,
    requests: Sequence[CodeRequest],
    reads: Sequence[CodeRead],
    keys: Keyring,
) -> list[CodeVerdict]:
    """Judge `requests` (with what `read_code` made of each) in order, as if one after another,
    and record their redemptions.

    A valid redeem records the entitlement, redeemed at its request's `now`; any later request
    in the batch for that entitlement finds it redeemed. Returns one verdict per request: for a
    redemption made here, VALID "redeemed now" with when. Nothing is committed here.
    """
    # Keys first: a transaction that waits here for another's key then reads what that one did.
    reused = _reserve_keys(uow, requests)
    verdicts = _settle(uow, requests, reads, keys, reused)
    _answer_keys(uow, requests, verdicts)
    return verdicts


def _settle(
    uow: UnitOfWork,
    requests: Sequence[CodeRequest],
    reads: Sequence[CodeRead],
    keys: Keyring,
    reused: Sequence[int],
) -> list[CodeVerdict]:
    found = _records(uow, reads, keys)
    for i in reused:
        found[i] = CodeVerdict(
            CodeStatus.KEY_REUSED, "this Idempotency-Key was used for a different request"
        )
    wanted = sorted({(r.drop_id, r.serial) for r in found if isinstance(r, CodeRecord)})
    standing = uow.redemptions.for_entitlements(wanted) if wanted else {}
    drops: dict[int, Drop | None] = {}

    def drop(drop_id: int) -> Drop | None:
        if drop_id not in drops:
            drops[drop_id] = uow.drops.get(drop_id)
        return drops[drop_id]

    verdicts, fresh = _judge(requests, found, dict(standing), drop)
    if not fresh:
        return verdicts
    recorded = uow.redemptions.add_many(list(fresh.values()))
    lost = sorted(set(fresh) - recorded)
    if not lost:
        return verdicts
    # Another transaction redeemed these first: judge the batch again against what stands now.
    winners = uow.redemptions.for_entitlements(lost)
    if len(winners) != len(lost):
        raise RuntimeError("a redemption was neither recorded nor found; nothing was redeemed")
    standing.update(winners)
    verdicts, again = _judge(requests, found, dict(standing), drop)
    assert set(again) <= recorded  # the same choices as before, minus the lost ones
    return verdicts


def check_online(
    uow: UnitOfWork,
    text: str,
    keys: Keyring,
    now: datetime,
    *,
    scope: PartnerScope | None = None,
) -> CodeVerdict:
    """Check a token or short code against the database: every status, revocation included.

    With a partner's `scope`, a code of a drop outside it is OUT_OF_SCOPE, and nothing more is
    said about it (a partner learns nothing about other partners' codes).
    """
    request = CodeRequest(text, now, scope=scope)
    return settle(uow, [request], [read_code(text, keys, now)], keys)[0]


def redeem(
    uow: UnitOfWork,
    text: str,
    keys: Keyring,
    now: datetime,
    *,
    partner: str = "",
    order_value_cents: int | None = None,
    scope: PartnerScope | None = None,
) -> CodeVerdict:
    """Redeem a valid code once. Returns the verdict before redemption, or REDEEMED with when."""
    request = CodeRequest(text, now, True, partner, order_value_cents, scope)
    return settle(uow, [request], [read_code(text, keys, now)], keys)[0]


def _reserve_keys(uow: UnitOfWork, requests: Sequence[CodeRequest]) -> list[int]:
    """Reserve the batch's Idempotency-Keys; the positions of the requests whose key stands
    reserved for another request (in another transaction, or earlier in this batch)."""
    held: list[tuple[int, KeyReservation]] = []
    for i, request in enumerate(requests):
        if request.redeeming and request.reservation is not None:
            held.append((i, request.reservation))
    if not held:
        return []
    standing = uow.idempotency.reserve([key for _, key in held], requests[0].now)
    return [i for i, key in held if standing[(key.partner_key_id, key.key)] != key.fingerprint]


def _answer_keys(
    uow: UnitOfWork, requests: Sequence[CodeRequest], verdicts: Sequence[CodeVerdict]
) -> None:
    """Store each reserved key's answer with the redemption (one commit for both, so a retry
    always finds it): the first answer per key, none for a refused key."""
    answers: dict[tuple[int, str], tuple[KeyReservation, int, dict[str, Any]]] = {}
    for request, verdict in zip(requests, verdicts, strict=True):
        held, answer = request.reservation, request.answer
        if not request.redeeming or held is None or answer is None:
            continue
        if verdict.status is CodeStatus.KEY_REUSED:
            continue
        if (held.partner_key_id, held.key) not in answers:
            answers[(held.partner_key_id, held.key)] = (held, *answer(verdict))
    if answers:
        uow.idempotency.answer(list(answers.values()))


def _records(
    uow: UnitOfWork, reads: Sequence[CodeRead], keys: Keyring
) -> list[CodeRecord | CodeVerdict]:
    """Each read's stored code, or the refusal if it names none: two queries per batch."""
    code_ids = [r.code_id for r in reads if r.code_id is not None]
    selectors = [r.selector for r in reads if r.selector is not None]
    by_code_id = uow.codes.by_code_ids(code_ids) if code_ids else {}
    by_selector = uow.codes.by_selectors(selectors) if selectors else {}
    secrets: dict[str, bytes | None] = {}
    found: list[CodeRecord | CodeVerdict] = []
    for read in reads:
        if read.refusal is not None:
            found.append(read.refusal)
        elif read.code_id is not None:
            record = by_code_id.get(read.code_id)
            found.append(
                record or CodeVerdict(CodeStatus.FORGED, "signed, but no such code was issued")
            )
        else:
            assert read.code16 is not None and read.selector is not None
            record = by_selector.get(read.selector)
            if record is not None and record.kid not in secrets:
                key = keys.find(record.kid)
                secrets[record.kid] = short_code_secret(key) if key is not None else None
            secret = secrets.get(record.kid) if record is not None else None
            if (
                record is None
                or secret is None
                or not shortcode.matches(read.code16, record.verifier_hash, secret)
            ):
                found.append(CodeVerdict(CodeStatus.FORGED, "no such code"))
            else:
                found.append(record)
    return found


def _judge(
    requests: Sequence[CodeRequest],
    found: Sequence[CodeRecord | CodeVerdict],
    standing: dict[Entitlement, Redemption],
    drop: Callable[[int], Drop | None],
) -> tuple[list[CodeVerdict], dict[Entitlement, Redemption]]:
    """The verdicts in order, and the redemptions they make; `standing` grows as they do."""
    verdicts: list[CodeVerdict] = []
    fresh: dict[Entitlement, Redemption] = {}
    for request, record in zip(requests, found, strict=True):
        if isinstance(record, CodeVerdict):
            verdicts.append(record)
            continue
        entitlement = (record.drop_id, record.serial)
        other = standing.get(entitlement)
        verdict = _refusal(request, record, other, drop)
        if verdict is None and not request.redeeming:
            verdict = CodeVerdict(
                CodeStatus.VALID,
                f"valid until {record.expires_at.isoformat(timespec='seconds')}",
                record.drop_id,
                record.serial,
                None,
                record,
            )
        elif verdict is None and other is not None:
            # Redeemed under another code of the same entitlement: still redeemed once.
            verdict = _redeemed(record, other)
        elif verdict is None:
            now = request.now
            made = Redemption(
                record.drop_id,
                record.serial,
                record.code_id,
                now,
                request.partner,
                request.order_value_cents,
                request_key=request.request_key,
            )
            standing[entitlement] = fresh[entitlement] = made
            verdict = CodeVerdict(
                CodeStatus.VALID, "redeemed now", record.drop_id, record.serial, now, record
            )
        verdicts.append(verdict)
    return verdicts, fresh


def _refusal(
    request: CodeRequest,
    record: CodeRecord,
    redemption: Redemption | None,
    drop: Callable[[int], Drop | None],
) -> CodeVerdict | None:
    """Why this stored code is not valid now, in this order: out of scope, redeemed, revoked,
    expired; None if it is valid."""
    # A key naming the drop covers it without reading the drop; only series need its spec.
    if request.scope is not None and record.drop_id not in request.scope.drop_ids:
        of = drop(record.drop_id)
        if of is None or not request.scope.covers(of):
            return CodeVerdict(
                CodeStatus.OUT_OF_SCOPE, "this code is for a drop your key does not cover"
            )
    if redemption is not None and redemption.code_id == record.code_id:
        if _replays(request, redemption):
            # The retry of a redeem whose answer was lost (a crash after the commit, before the
            # answer was stored): it succeeded then, so it says so again, with the first time.
            return CodeVerdict(
                CodeStatus.VALID,
                "redeemed",
                record.drop_id,
                record.serial,
                redemption.redeemed_at,
                record,
            )
        return _redeemed(record, redemption)
    if record.revoked_at is not None:
        return CodeVerdict(
            CodeStatus.REVOKED,
            f"revoked at {record.revoked_at.isoformat(timespec='seconds')}",
            record.drop_id,
            record.serial,
            None,
            record,
        )
    if request.now >= record.expires_at:
        return CodeVerdict(
            CodeStatus.EXPIRED,
            f"expired at {record.expires_at.isoformat(timespec='seconds')}",
            record.drop_id,
            record.serial,
            None,
            record,
        )
    return None


def _replays(request: CodeRequest, redemption: Redemption) -> bool:
    return (
        request.redeeming
        and request.request_key is not None
        and redemption.request_key == request.request_key
    )


def _redeemed(record: CodeRecord, redemption: Redemption) -> CodeVerdict:
    return CodeVerdict(
        CodeStatus.REDEEMED,
        f"already redeemed at {redemption.redeemed_at.isoformat(timespec='seconds')}",
        record.drop_id,
        record.serial,
        redemption.redeemed_at,
        record,
    )
