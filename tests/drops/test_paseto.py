"""PASETO v4.public and PASERK k4: official test vectors and a cross-check with pyseto.

Vectors are copied from paseto-standard/test-vectors (v4.json, PASERK/k4.pid.json,
PASERK/k4.secret.json) and, for PASERK/k4.public.json, from the copy of the official
vectors that dajiaji/pyseto ships in tests/vectors/PASERK/.
"""

from __future__ import annotations

import os

import pyseto
import pytest

from bot.drops import paseto
from bot.drops.paseto import PaserkError, TokenError

# --- paseto-standard/test-vectors v4.json: 4-S-1, 4-S-2, 4-S-3 -------------------------------

V4_PUBLIC_KEY = bytes.fromhex("1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2")
V4_SECRET_KEY = bytes.fromhex(
    "b4cbfb43df4ce210727d953e4a713307fa19bb7d9f85041438d9e11b942a3774"
    "1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2"
)
V4_SEED = V4_SECRET_KEY[:32]
V4_PAYLOAD = b'{"data":"this is a signed message","exp":"2022-01-01T00:00:00+00:00"}'
V4_FOOTER = b'{"kid":"zVhMiPBP9fRf2snEcT7gFTioeA9COcNy9DfgL1W60haN"}'

V4_SIGN_VECTORS = [
    pytest.param(
        "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDow"
        "MCswMDowMCJ9bg_XBBzds8lTZShVlwwKSgeKpLT3yukTw6JUz3W4h_ExsQV-P0V54zemZDcAxFaSeef1QlXEFtkqxT1c"
        "iiQEDA",
        b"",
        b"",
        id="4-S-1",
    ),
    pytest.param(
        "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDow"
        "MCswMDowMCJ9v3Jt8mx_TdM2ceTGoqwrh4yDFn0XsHvvV_D0DtwQxVrJEBMl0F2caAdgnpKlt4p7xBnx1HcO-SPo8FP"
        "p214HDw.eyJraWQiOiJ6VmhNaVBCUDlmUmYyc25FY1Q3Z0ZUaW9lQTlDT2NOeTlEZmdMMVc2MGhhTiJ9",
        V4_FOOTER,
        b"",
        id="4-S-2",
    ),
    pytest.param(
        "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDow"
        "MCswMDowMCJ9NPWciuD3d0o5eXJXG5pJy-DiVEoyPYWs1YSTwWHNJq6DZD3je5gf-0M4JR9ipdUSJbIovzmBECeaWma"
        "qcaP0DQ.eyJraWQiOiJ6VmhNaVBCUDlmUmYyc25FY1Q3Z0ZUaW9lQTlDT2NOeTlEZmdMMVc2MGhhTiJ9",
        V4_FOOTER,
        b'{"test-vector":"4-S-3"}',
        id="4-S-3",
    ),
]

# v4.json failure vectors that concern v4.public verification.
V4_FAIL_VECTORS = [
    pytest.param(
        "v4.local.vngXfCISbnKgiP6VWGuOSlYrFYU300fy9ijW33rznDYgxHNPwWluAY2Bgb0z54CUs6aYYkIJ-bOOOmJHPu"
        "X_34Agt_IPlNdGDpRdGNnBz2MpWJvB3cttheEc1uyCEYltj7wBQQYX.YXJiaXRyYXJ5LXN0cmluZy10aGF0LWlzbid0"
        "LWpzb24",
        b'{"test-vector":"4-F-1"}',
        id="4-F-1",
    ),
    pytest.param(
        "v4.public.eyJpbnZhbGlkIjoidGhpcyBzaG91bGQgbmV2ZXIgZGVjb2RlIn22Sp4gjCaUw0c7EH84ZSm_jN_Qr41Mr"
        "gLNu5LIBCzUr1pn3Z-Wukg9h3ceplWigpoHaTLcwxj0NsI1vjTh67YB.eyJraWQiOiJ6VmhNaVBCUDlmUmYyc25FY1Q3"
        "Z0ZUaW9lQTlDT2NOeTlEZmdMMVc2MGhhTiJ9",
        b'{"test-vector":"4-F-2"}',
        id="4-F-2",
    ),
    pytest.param(
        "v3.local.23e_2PiqpQBPvRFKzB0zHhjmxK3sKo2grFZRRLM-U7L0a8uHxuF9RlVz3Ic6WmdUUWTxCaYycwWV1yM8gK"
        "bZB2JhygDMKvHQ7eBf8GtF0r3K0Q_gF1PXOxcOgztak1eD1dPe9rLVMSgR0nHJXeIGYVuVrVoLWQ.YXJiaXRyYXJ5LXN"
        "0cmluZy10aGF0LWlzbid0LWpzb24",
        b'{"test-vector":"4-F-3"}',
        id="4-F-3",
    ),
]

# --- PASERK k4.public (k4.public.json) and k4.pid (k4.pid.json) ------------------------------

K4_PUBLIC_VECTORS = [
    pytest.param(
        "0000000000000000000000000000000000000000000000000000000000000000",
        "k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        id="k4.public-1",
    ),
    pytest.param(
        "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f",
        "k4.public.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8",
        id="k4.public-2",
    ),
    pytest.param(
        "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e90",
        "k4.public.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjpA",
        id="k4.public-3",
    ),
]

K4_PID_VECTORS = [
    pytest.param(
        "0000000000000000000000000000000000000000000000000000000000000000",
        "k4.pid.S_XQmeEwHbbvRmiyfXfHYpLGjXGzjTRSDoT1YtTakWFE",
        id="k4.pid-1",
    ),
    pytest.param(
        "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f",
        "k4.pid.9ShR3xc8-qVJ_di0tc9nx0IDIqbatdeM2mqLFBJsKRHs",
        id="k4.pid-2",
    ),
    pytest.param(
        "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e90",
        "k4.pid.-nyvbaTz8U6TQz7OZWW-iB3va31iAxIpUgzUcVQVmW9A",
        id="k4.pid-3",
    ),
]

K4_PID_FAIL_VECTORS = [
    pytest.param(
        "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e",
        id="k4.pid-fail-1",  # small public keys must fail to serialize
    ),
    pytest.param(
        "02707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b"
        "9c9d9e9f",
        id="k4.pid-fail-2",  # a key of another version must not be accepted
    ),
]

# --- PASERK k4.secret (k4.secret.json): seed, 64-byte secret key, PASERK ---------------------

K4_SECRET_VECTORS = [
    pytest.param(
        "0000000000000000000000000000000000000000000000000000000000000000",
        "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29",
        "k4.secret.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA7aie8zrakLWKjqNAqbw1zZTIVdx3iQ6Y6wEihi1naKQ",
        id="k4.secret-1",
    ),
    pytest.param(
        "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f",
        "1ce56a48c82ff99162a14bc544612674e5d61fb9317e65d4055780fdbcb4dc35",
        "k4.secret.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8c5WpIyC_5kWKhS8VEYSZ05dYfuTF-ZdQFV4D9vLTcNQ",
        id="k4.secret-2",
    ),
    pytest.param(
        "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e90",
        "60fe37571a5d6e7d30b15154ce4a9fb92c70c870848f4ccdf1626588097f73f7",
        "k4.secret.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjpBg_jdXGl1ufTCxUVTOSp-5LHDIcISPTM3xYmWICX9z9w",
        id="k4.secret-3",
    ),
]


# --- PAE ---------------------------------------------------------------------------------------


def test_pae_matches_the_examples_in_the_spec() -> None:
    assert paseto.pae([]) == b"\x00" * 8
    assert paseto.pae([b""]) == b"\x01" + b"\x00" * 7 + b"\x00" * 8
    assert paseto.pae([b"test"]) == b"\x01" + b"\x00" * 7 + b"\x04" + b"\x00" * 7 + b"test"


def test_pae_keeps_differently_split_pieces_apart() -> None:
    assert paseto.pae([b"ab", b"c"]) != paseto.pae([b"a", b"bc"])
    assert paseto.pae([b"abc"]) != paseto.pae([b"abc", b""])


# --- official v4.public vectors ----------------------------------------------------------------


def test_vector_key_pair_is_consistent() -> None:
    assert paseto.public_key_for(V4_SEED) == V4_PUBLIC_KEY


@pytest.mark.parametrize(("token", "footer", "implicit"), V4_SIGN_VECTORS)
def test_signing_reproduces_the_official_token(token: str, footer: bytes, implicit: bytes) -> None:
    assert paseto.sign(V4_SEED, V4_PAYLOAD, footer, implicit) == token


@pytest.mark.parametrize(("token", "footer", "implicit"), V4_SIGN_VECTORS)
def test_official_token_verifies_and_yields_its_payload(
    token: str, footer: bytes, implicit: bytes
) -> None:
    assert paseto.verify(V4_PUBLIC_KEY, token, implicit) == V4_PAYLOAD
    assert paseto.verify(V4_PUBLIC_KEY, token, implicit, expected_footer=footer) == V4_PAYLOAD
    assert paseto.footer_of(token) == footer


@pytest.mark.parametrize(("token", "implicit"), V4_FAIL_VECTORS)
def test_official_failure_vectors_are_rejected(token: str, implicit: bytes) -> None:
    with pytest.raises(TokenError):
        paseto.verify(V4_PUBLIC_KEY, token, implicit)


def test_official_token_with_a_different_implicit_assertion_is_rejected() -> None:
    token = V4_SIGN_VECTORS[2].values[0]
    assert isinstance(token, str)
    with pytest.raises(TokenError, match="signature"):
        paseto.verify(V4_PUBLIC_KEY, token, b"")


# --- official PASERK vectors -------------------------------------------------------------------


@pytest.mark.parametrize(("key_hex", "paserk"), K4_PUBLIC_VECTORS)
def test_k4_public_matches_the_official_vector(key_hex: str, paserk: str) -> None:
    assert paseto.paserk_public(bytes.fromhex(key_hex)) == paserk
    assert paseto.public_key_from_paserk(paserk) == bytes.fromhex(key_hex)


@pytest.mark.parametrize(("key_hex", "paserk"), K4_PID_VECTORS)
def test_k4_pid_matches_the_official_vector(key_hex: str, paserk: str) -> None:
    assert paseto.paserk_pid(bytes.fromhex(key_hex)) == paserk


@pytest.mark.parametrize("key_hex", K4_PID_FAIL_VECTORS)
def test_k4_pid_refuses_keys_of_the_wrong_size(key_hex: str) -> None:
    with pytest.raises(PaserkError, match="32 bytes"):
        paseto.paserk_pid(bytes.fromhex(key_hex))


@pytest.mark.parametrize(("seed_hex", "pk_hex", "paserk"), K4_SECRET_VECTORS)
def test_k4_secret_matches_the_official_vector(seed_hex: str, pk_hex: str, paserk: str) -> None:
    seed = bytes.fromhex(seed_hex)
    assert paseto.public_key_for(seed) == bytes.fromhex(pk_hex)
    assert paseto.paserk_secret(seed) == paserk
    assert paseto.seed_from_paserk(paserk) == seed


# --- PASERK parsing errors ---------------------------------------------------------------------


def test_a_secret_paserk_is_refused_where_a_public_one_is_expected() -> None:
    secret = K4_SECRET_VECTORS[1].values[2]
    assert isinstance(secret, str)
    with pytest.raises(PaserkError, match=r"expected a k4\.public PASERK, got a k4\.secret PASERK"):
        paseto.public_key_from_paserk(secret)


def test_parse_error_never_echoes_what_might_be_key_material() -> None:
    raw = "cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8"
    with pytest.raises(PaserkError) as caught:
        paseto.public_key_from_paserk(raw)
    assert raw[:8] not in str(caught.value)


@pytest.mark.parametrize(
    ("paserk", "message"),
    [
        ("k3.public.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8", "got a k3.public PASERK"),
        ("k4.public.AAAA", "32 bytes, got 3"),
        ("k4.public.cHFyc3R1dnd4eXp7fH1+f4CBgoOEhYaHiImKi4yNjo8", "base64url"),
        ("k4.public.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8=", "base64url"),
    ],
)
def test_public_paserk_errors_say_what_is_wrong(paserk: str, message: str) -> None:
    with pytest.raises(PaserkError, match=message):
        paseto.public_key_from_paserk(paserk)


def test_damaged_secret_paserk_is_refused() -> None:
    seed = bytes(range(32))
    sk = seed + paseto.public_key_for(bytes(32))  # public half of another key
    damaged = paseto.PASERK_SECRET + paseto._b64encode(sk)
    with pytest.raises(PaserkError, match="does not match its seed"):
        paseto.seed_from_paserk(damaged)


# --- tampering ---------------------------------------------------------------------------------


def _our_token(footer: bytes = b'{"kid":"x"}') -> str:
    return paseto.sign(V4_SEED, b"hello", footer)


def test_every_flipped_payload_character_is_rejected() -> None:
    token = _our_token()
    body_end = token.index(".", len(paseto.HEADER))
    for i in range(len(paseto.HEADER), body_end):
        replacement = "A" if token[i] != "A" else "B"
        tampered = token[:i] + replacement + token[i + 1 :]
        with pytest.raises(TokenError):
            paseto.verify(V4_PUBLIC_KEY, tampered)


def test_swapped_footer_is_rejected_even_without_an_expected_footer() -> None:
    token = _our_token(b"one")
    other = _our_token(b"two")
    spliced = token.rsplit(".", 1)[0] + "." + other.rsplit(".", 1)[1]
    with pytest.raises(TokenError, match="signature"):
        paseto.verify(V4_PUBLIC_KEY, spliced)


def test_unexpected_footer_is_rejected() -> None:
    with pytest.raises(TokenError, match="footer does not match"):
        paseto.verify(V4_PUBLIC_KEY, _our_token(b"one"), expected_footer=b"two")


def test_token_from_another_key_is_rejected() -> None:
    token = paseto.sign(os.urandom(32), b"hello")
    with pytest.raises(TokenError, match="signature"):
        paseto.verify(V4_PUBLIC_KEY, token)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("v2.public.AAAA", "does not start with"),
        ("v4.public.", "too short"),
        ("v4.public.AAAA", "too short"),
        ("v4.public.AA=A", "base64url"),
        ("v4.public.A", "base64url"),
        ("v4.public.AAAA.", "empty footer"),
        ("v4.public.AAAA.AAAA.AAAA", "too many"),
        ("v4.public.AAAA.AB", "trailing bits"),
        ("v4.public.AAAA.A\u00e9AA", "base64url"),
    ],
)
def test_malformed_tokens_are_rejected_with_a_reason(token: str, message: str) -> None:
    with pytest.raises(TokenError, match=message):
        paseto.verify(V4_PUBLIC_KEY, token)


def test_padded_payload_is_rejected() -> None:
    token = _our_token(b"")
    padding = "=" * (-(len(token) - len(paseto.HEADER)) % 4)
    if padding:
        with pytest.raises(TokenError, match="base64url"):
            paseto.verify(V4_PUBLIC_KEY, token + padding)


def test_token_without_footer_has_no_trailing_dot() -> None:
    token = paseto.sign(V4_SEED, b"m")
    assert token.count(".") == 2
    assert paseto.footer_of(token) == b""


# --- pyseto cross-check ------------------------------------------------------------------------


def test_pyseto_verifies_our_tokens() -> None:
    seed = os.urandom(32)
    pk = paseto.public_key_for(seed)
    token = paseto.sign(seed, b"our message", b"our footer", b"our implicit")
    key = pyseto.Key.from_paserk(paseto.paserk_public(pk))
    decoded = pyseto.decode(key, token, implicit_assertion=b"our implicit")
    assert decoded.payload == b"our message"
    assert decoded.footer == b"our footer"


def test_we_verify_pyseto_tokens() -> None:
    seed = os.urandom(32)
    secret = pyseto.Key.from_paserk(paseto.paserk_secret(seed))
    token = pyseto.encode(secret, b"their message", b"their footer", b"their implicit")
    text = token.decode("ascii")
    pk = paseto.public_key_for(seed)
    assert paseto.verify(pk, text, b"their implicit", b"their footer") == b"their message"
    # Ed25519 is deterministic, so both libraries produce the same token.
    assert paseto.sign(seed, b"their message", b"their footer", b"their implicit") == text


def test_our_paserks_and_key_id_match_pyseto() -> None:
    seed = os.urandom(32)
    pk = paseto.public_key_for(seed)
    public = pyseto.Key.from_paserk(paseto.paserk_public(pk))
    secret = pyseto.Key.from_paserk(paseto.paserk_secret(seed))
    assert public.to_paserk() == paseto.paserk_public(pk)
    assert secret.to_paserk() == paseto.paserk_secret(seed)
    assert public.to_paserk_id() == paseto.paserk_pid(pk)


def test_pyseto_rejects_our_tampered_wrong_key_and_wrong_footer_tokens() -> None:
    seed = os.urandom(32)
    token = paseto.sign(seed, b"msg", b"footer")
    key = pyseto.Key.from_paserk(paseto.paserk_public(paseto.public_key_for(seed)))
    other = pyseto.Key.from_paserk(paseto.paserk_public(paseto.public_key_for(os.urandom(32))))
    i = len(paseto.HEADER) + 2
    tampered = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]
    with pytest.raises(pyseto.VerifyError):
        pyseto.decode(key, tampered)
    with pytest.raises(pyseto.VerifyError):
        pyseto.decode(other, token)
    spliced = token.rsplit(".", 1)[0] + "." + paseto._b64encode(b"other footer")
    with pytest.raises(pyseto.VerifyError):
        pyseto.decode(key, spliced)


def test_we_reject_tampered_wrong_key_and_wrong_footer_pyseto_tokens() -> None:
    seed = os.urandom(32)
    secret = pyseto.Key.from_paserk(paseto.paserk_secret(seed))
    token = pyseto.encode(secret, b"msg", b"footer").decode("ascii")
    pk = paseto.public_key_for(seed)
    i = len(paseto.HEADER) + 2
    tampered = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]
    with pytest.raises(TokenError):
        paseto.verify(pk, tampered)
    with pytest.raises(TokenError):
        paseto.verify(paseto.public_key_for(os.urandom(32)), token)
    with pytest.raises(TokenError, match="footer does not match"):
        paseto.verify(pk, token, expected_footer=b"another footer")
