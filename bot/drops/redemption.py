"""Checking and redeeming codes: a token offline or online, a short code online.

Redemption is recorded once per entitlement `(drop, serial)`, never per token bytes, so two
forms of the same code (or a re-signed token) cannot be redeemed twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.drops import shortcode
from bot.drops.codes import TokenStatus, check_token, short_code_secret
from bot.drops.keyring import Keyring, PublicKeyring
from bot.drops.model import CodeRecord, Redemption
from bot.drops.partners import PartnerScope
from bot.drops.ports import UnitOfWork

TOKEN_PREFIX = "v4.public."  # noqa: S105 (a format prefix, not a secret)


class CodeStatus(StrEnum):
    VALID = "valid"
    REDEEMED = "already redeemed"
    EXPIRED = "expired"
    REVOKED = "revoked"
    FORGED = "forged/unknown"
    OUT_OF_SCOPE = "not covered by this partner key"


@dataclass(frozen=True, slots=True)
class CodeVerdict:
    status: CodeStatus
    reason: str  # one line, for the person checking
    drop_id: int | None = None
    serial: int | None = None
    redeemed_at: datetime | None = None
    record: CodeRecord | None = None


def is_token(text: str) -> bool:
    return text.strip().startswith(TOKEN_PREFIX)


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
    record, failure = _find(uow, text, keys, now)
    if record is None:
        assert failure is not None
        return failure
    if scope is not None:
        drop = uow.drops.get(record.drop_id)
        if drop is None or not scope.covers(drop):
            return CodeVerdict(
                CodeStatus.OUT_OF_SCOPE, "this code is for a drop your key does not cover"
            )
    redemption = uow.redemptions.get(record.drop_id, record.serial)
    if redemption is not None and redemption.code_id == record.code_id:
        return CodeVerdict(
            CodeStatus.REDEEMED,
            f"already redeemed at {redemption.redeemed_at.isoformat(timespec='seconds')}",
            record.drop_id,
            record.serial,
            redemption.redeemed_at,
            record,
        )
    if record.revoked_at is not None:
        return CodeVerdict(
            CodeStatus.REVOKED,
            f"revoked at {record.revoked_at.isoformat(timespec='seconds')}",
            record.drop_id,
            record.serial,
            None,
            record,
        )
    if now >= record.expires_at:
        return CodeVerdict(
            CodeStatus.EXPIRED,
            f"expired at {record.expires_at.isoformat(timespec='seconds')}",
            record.drop_id,
            record.serial,
            None,
            record,
        )
    return CodeVerdict(
        CodeStatus.VALID,
        f"valid until {record.expires_at.isoformat(timespec='seconds')}",
        record.drop_id,
        record.serial,
        None,
        record,
    )


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
    verdict = check_online(uow, text, keys, now, scope=scope)
    if verdict.status is not CodeStatus.VALID:
        return verdict
    record = verdict.record
    assert record is not None
    recorded = uow.redemptions.add(
        Redemption(record.drop_id, record.serial, record.code_id, now, partner, order_value_cents)
    )
    if not recorded:
        # Another redemption of this entitlement won the race; report it as it stands.
        return check_online(uow, text, keys, now, scope=scope)
    return CodeVerdict(CodeStatus.VALID, "redeemed now", record.drop_id, record.serial, now, record)


def _find(
    uow: UnitOfWork, text: str, keys: Keyring, now: datetime
) -> tuple[CodeRecord | None, CodeVerdict | None]:
    if is_token(text):
        check = check_token(text.strip(), keys, now)
        if check.claims is None:
            return None, CodeVerdict(CodeStatus.FORGED, check.reason)
        record = uow.codes.by_code_id(check.claims.code_id)
        if record is None:
            return None, CodeVerdict(CodeStatus.FORGED, "signed, but no such code was issued")
        return record, None
    try:
        code16 = shortcode.parse(text)
    except shortcode.ShortCodeError as error:
        return None, CodeVerdict(CodeStatus.FORGED, str(error))
    record = uow.codes.by_selector(shortcode.selector(code16))
    key = keys.find(record.kid) if record is not None else None
    if (
        record is None
        or key is None
        or not shortcode.matches(code16, record.verifier_hash, short_code_secret(key))
    ):
        return None, CodeVerdict(CodeStatus.FORGED, "no such code")
    return record, None
