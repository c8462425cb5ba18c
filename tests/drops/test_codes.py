"""Entitlement codes: signed tokens, their checking, and the short code derived alongside."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import cast

import pyseto
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.drops import paseto, shortcode
from bot.drops.codes import (
    CodeClaims,
    TokenStatus,
    check_token,
    issue_token,
    new_code_id,
    short_code,
    short_code_secret,
)
from bot.drops.keyring import Keyring, PublicKeyring, SigningKey

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=1)


def _rand(byte: int) -> bytes:
    return bytes([byte]) * 32


RING = Keyring((SigningKey.from_seed(_rand(1), T0),))
CLAIMS = CodeClaims(
    drop="42",
    serial=7,
    holder="h_3f2a",
    code_id="00112233445566778899aabbccddeeff",
    issued_at=T0,
    expires_at=T0 + timedelta(days=14),
)


def _decode_part(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def test_issued_token_checks_as_valid_with_the_same_claims() -> None:
    token = issue_token(RING.current, CLAIMS)
    check = check_token(token, RING, NOW)
    assert check.status is TokenStatus.VALID
    assert check.claims == CLAIMS
    assert "\n" not in check.reason


def test_token_carries_the_registered_claims_and_names_its_key_in_the_footer() -> None:
    token = issue_token(RING.current, CLAIMS)
    _, _, body, footer = token.split(".")
    message = json.loads(_decode_part(body)[:-64])
    assert message == {
        "drop": "42",
        "serial": 7,
        "sub": "h_3f2a",
        "jti": "00112233445566778899aabbccddeeff",
        "iat": "2025-03-01T12:00:00+00:00",
        "exp": "2025-03-15T12:00:00+00:00",
    }
    assert json.loads(_decode_part(footer)) == {"kid": RING.current.kid}


def test_reissuing_gives_a_byte_identical_token() -> None:
    assert issue_token(RING.current, CLAIMS) == issue_token(RING.current, CLAIMS)


def test_claims_are_kept_to_whole_seconds_in_utc_so_they_survive_the_token() -> None:
    paris = timezone(timedelta(hours=1))
    claims = CodeClaims(
        "42", 7, "h", CLAIMS.code_id, T0.astimezone(paris) + timedelta(microseconds=999_999),
        T0 + timedelta(days=1, microseconds=5),
    )  # fmt: skip
    assert claims.issued_at == T0
    assert claims.issued_at.tzinfo is UTC
    assert issue_token(RING.current, claims) == issue_token(
        RING.current, CodeClaims("42", 7, "h", CLAIMS.code_id, T0, T0 + timedelta(days=1))
    )
    assert check_token(issue_token(RING.current, claims), RING, NOW).claims == claims


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"drop": ""}, "non-empty"),
        ({"holder": ""}, "non-empty"),
        ({"serial": -1}, "serial"),
        ({"serial": True}, "serial"),
        ({"code_id": "00112233"}, "code_id"),
        ({"code_id": "00112233445566778899AABBCCDDEEFF"}, "code_id"),
        ({"issued_at": datetime(2025, 3, 1)}, "timezone"),
        ({"expires_at": T0}, "after issued_at"),
    ],
)
def test_claims_refuse_nonsense(change: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {**CLAIMS.__dict__, **change}
    with pytest.raises(ValueError, match=message):
        CodeClaims(**fields)  # type: ignore[arg-type]


def test_other_libraries_can_verify_the_token_offline() -> None:
    # pyseto checks `exp` against the wall clock, so this token must outlive the test run.
    claims = CodeClaims("42", 7, "h_3f2a", CLAIMS.code_id, T0, datetime(2099, 1, 1, tzinfo=UTC))
    token = issue_token(RING.current, claims)
    key = pyseto.Key.from_paserk(RING.public_paserks()[0][1])
    decoded = pyseto.decode(key, token, deserializer=json)
    # pyseto types the payload as bytes, but with a deserializer it is the decoded JSON.
    payload = cast("dict[str, object]", decoded.payload)
    assert payload["sub"] == "h_3f2a"
    assert decoded.footer == {"kid": RING.current.kid}
    assert RING.current.kid == key.to_paserk_id()


def test_other_libraries_read_our_expiry_as_a_paseto_exp_claim() -> None:
    key = pyseto.Key.from_paserk(RING.public_paserks()[0][1])
    with pytest.raises(pyseto.VerifyError, match="expired"):
        pyseto.decode(key, issue_token(RING.current, CLAIMS), deserializer=json)


# --- rotation and offline verification ---------------------------------------------------------


def test_token_signed_before_rotation_still_verifies() -> None:
    old_token = issue_token(RING.current, CLAIMS)
    rotated = RING.rotate(T0 + timedelta(days=1), _rand)
    check = check_token(old_token, rotated, NOW)
    assert check.status is TokenStatus.VALID
    assert check.claims == CLAIMS


def test_after_rotation_new_tokens_are_signed_with_the_new_key() -> None:
    rotated = RING.rotate(T0 + timedelta(days=1), lambda n: _rand(2)[:n])
    token = issue_token(rotated.current, CLAIMS)
    assert paseto.footer_of(token) == json.dumps(
        {"kid": rotated.current.kid}, separators=(",", ":")
    ).encode("ascii")
    assert rotated.current.kid != RING.current.kid
    assert check_token(token, rotated, NOW).status is TokenStatus.VALID
    # The ring from before the rotation has never heard of the new key.
    assert check_token(token, RING, NOW).status is TokenStatus.FORGED


def test_public_only_keyring_verifies_offline() -> None:
    rotated = RING.rotate(T0 + timedelta(days=1), lambda n: _rand(2)[:n])
    published = [paserk for _, paserk in rotated.public_paserks()]
    offline = PublicKeyring.from_paserks(published)
    for key in rotated.keys:
        check = check_token(issue_token(key, CLAIMS), offline, NOW)
        assert check.status is TokenStatus.VALID
        assert check.claims == CLAIMS


# --- expiry ------------------------------------------------------------------------------------


def test_token_is_valid_until_the_second_before_it_expires() -> None:
    token = issue_token(RING.current, CLAIMS)
    last_valid = CLAIMS.expires_at - timedelta(seconds=1)
    assert check_token(token, RING, last_valid).status is TokenStatus.VALID


def test_expired_token_is_reported_expired_with_its_claims() -> None:
    token = issue_token(RING.current, CLAIMS)
    check = check_token(token, RING, CLAIMS.expires_at)
    assert check.status is TokenStatus.EXPIRED
    assert check.claims == CLAIMS
    assert "expired" in check.reason
    assert check_token(token, RING, CLAIMS.expires_at + timedelta(days=365)).status is (
        TokenStatus.EXPIRED
    )


def test_checking_needs_a_timezone_aware_now() -> None:
    with pytest.raises(ValueError, match="timezone"):
        check_token(issue_token(RING.current, CLAIMS), RING, datetime(2025, 3, 1))


# --- forgeries ---------------------------------------------------------------------------------


def _assert_forged(token: str, keys: Keyring | PublicKeyring = RING) -> str:
    check = check_token(token, keys, NOW)
    assert check.status is TokenStatus.FORGED
    assert check.claims is None
    assert check.reason
    assert "\n" not in check.reason
    return check.reason


def test_token_with_any_flipped_character_is_forged() -> None:
    token = issue_token(RING.current, CLAIMS)
    for i in range(len(paseto.HEADER), len(token)):
        if token[i] == ".":
            continue
        replacement = "A" if token[i] != "A" else "B"
        _assert_forged(token[:i] + replacement + token[i + 1 :])


def test_token_with_a_flipped_signature_bit_is_forged() -> None:
    token = issue_token(RING.current, CLAIMS)
    _, _, body, footer = token.split(".")
    raw = bytearray(_decode_part(body))
    raw[-1] ^= 0x01
    tampered = paseto.HEADER + paseto._b64encode(bytes(raw)) + "." + footer
    assert "signature" in _assert_forged(tampered)


def test_token_from_a_key_not_on_the_ring_is_forged() -> None:
    stranger = SigningKey.from_seed(_rand(9), T0)
    assert "do not know" in _assert_forged(issue_token(stranger, CLAIMS))


def test_token_signed_by_another_key_but_claiming_our_kid_is_forged() -> None:
    stranger = SigningKey.from_seed(_rand(9), T0)
    footer = json.dumps({"kid": RING.current.kid}, separators=(",", ":")).encode()
    token = issue_token(stranger, CLAIMS)
    message = _decode_part(token.split(".")[2])[:-64]
    impostor = paseto.sign(stranger.seed, message, footer)
    assert "signature" in _assert_forged(impostor)


def test_token_with_its_footer_replaced_is_forged() -> None:
    rotated = RING.rotate(T0, lambda n: _rand(2)[:n])
    token = issue_token(rotated.keys[0], CLAIMS)
    other_footer = paseto._b64encode(
        json.dumps({"kid": rotated.current.kid}, separators=(",", ":")).encode()
    )
    _assert_forged(token.rsplit(".", 1)[0] + "." + other_footer, rotated)


@pytest.mark.parametrize(
    "footer",
    [b"", b"not json", b"[]", b'{"kid": 5}', b'{"kid": "x", "extra": 1}', b"[" * 200],
)
def test_token_without_a_proper_key_id_is_forged(footer: bytes) -> None:
    _assert_forged(paseto.sign(RING.current.seed, b"{}", footer))


@pytest.mark.parametrize(
    "message",
    [
        b"not json",
        b"[]",
        b"{}",
        b'{"drop":"42","serial":"7","sub":"h","jti":"00112233445566778899aabbccddeeff",'
        b'"iat":"2025-03-01T12:00:00+00:00","exp":"2025-03-15T12:00:00+00:00"}',
        b'{"drop":"42","serial":7,"sub":"h","jti":"00112233445566778899aabbccddeeff",'
        b'"iat":"2025-03-01T12:00:00","exp":"2025-03-15T12:00:00+00:00"}',
        b'{"drop":"42","serial":7,"sub":"h","jti":"short",'
        b'"iat":"2025-03-01T12:00:00+00:00","exp":"2025-03-15T12:00:00+00:00"}',
        b'{"drop":"42","serial":7,"sub":"h","jti":"00112233445566778899aabbccddeeff",'
        b'"iat":"2025-03-01T12:00:00+00:00","exp":"2025-03-15T12:00:00+00:00","admin":true}',
        b'{"drop":"42","serial":7,"sub":"h","jti":"00112233445566778899aabbccddeeff",'
        b'"iat":"2025-03-01T12:00:00+00:00","exp":"9999-12-31T23:00:00-05:00"}',
    ],
)
def test_signed_token_with_claims_that_are_not_ours_is_forged(message: bytes) -> None:
    footer = json.dumps({"kid": RING.current.kid}, separators=(",", ":")).encode()
    assert "contents" in _assert_forged(paseto.sign(RING.current.seed, message, footer))


@pytest.mark.parametrize(
    "text",
    ["", "hello", "v4.public.", "v4.local.AAAA", "0123-4567-89AB-CDEF-0", "v4.public." * 999],
)
def test_text_that_is_not_a_token_is_forged(text: str) -> None:
    _assert_forged(text)


def test_surrounding_whitespace_from_copy_and_paste_is_ignored() -> None:
    token = issue_token(RING.current, CLAIMS)
    assert check_token(f"  {token}\n", RING, NOW).status is TokenStatus.VALID


@settings(max_examples=300, deadline=None, database=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    check_token(text, RING, NOW)
    check_token(paseto.HEADER + text, RING, NOW)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.data())
def test_mutated_tokens_never_raise_and_never_pass_with_other_claims(data: st.DataObject) -> None:
    token = issue_token(RING.current, CLAIMS)
    start = data.draw(st.integers(0, len(token)))
    end = data.draw(st.integers(start, min(len(token), start + 8)))
    insert = data.draw(st.text(max_size=8))
    mutated = token[:start] + insert + token[end:]
    check = check_token(mutated, RING, NOW)
    if check.status is not TokenStatus.FORGED:
        assert check.claims == CLAIMS


# --- short code --------------------------------------------------------------------------------


def test_short_code_secret_is_domain_separated_from_the_signing_seed() -> None:
    key = RING.current
    secret = short_code_secret(key)
    expected = hmac.new(key.seed, b"fairdrop/v1/short-code-secret", hashlib.sha256).digest()
    assert secret == expected
    assert secret != key.seed
    assert short_code_secret(SigningKey.from_seed(_rand(2), T0)) != secret


def test_short_code_is_rederived_from_the_key_that_signed_the_token() -> None:
    token = issue_token(RING.current, CLAIMS)
    check = check_token(token, RING, NOW)
    assert check.claims is not None
    key = RING.find(RING.current.kid)
    assert key is not None
    code = short_code(key, check.claims)
    assert code == shortcode.derive_short_code(
        short_code_secret(RING.current), bytes.fromhex(CLAIMS.code_id)
    )
    assert short_code(RING.rotate(NOW, _rand).keys[0], CLAIMS) == code


def test_new_code_ids_are_16_random_bytes_in_hex() -> None:
    assert new_code_id(lambda n: b"\xab" * n) == "ab" * 16
    assert len({new_code_id() for _ in range(50)}) == 50
    with pytest.raises(ValueError, match="random_bytes"):
        new_code_id(lambda n: b"")
