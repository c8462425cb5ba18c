"""The short typed code: derivation, check symbol, user typing and verification."""

from __future__ import annotations

import hashlib
import hmac
import re

import pytest

from bot.drops import shortcode
from bot.drops.shortcode import CHECK_ALPHABET, Problem, ShortCodeError
from bot.kernel.alphabet import ALPHABET

SECRET = bytes(range(32))
CODE_ID = bytes(range(100, 116))

# A few codes to test exhaustively: derived ones plus hand-picked extremes.
SAMPLE_CODES = [
    shortcode.derive_short_code(SECRET, CODE_ID),
    shortcode.derive_short_code(b"another secret, long enough", bytes(16)),
    "0000000000000000",
    "ZZZZZZZZZZZZZZZZ",
    "0123456789ABCDEF",
]


def _decode(code16: str) -> int:
    value = 0
    for symbol in code16:
        value = value * 32 + ALPHABET.index(symbol)
    return value


def test_code_is_16_crockford_symbols_carrying_80_bits_of_the_hmac() -> None:
    code = shortcode.derive_short_code(SECRET, CODE_ID)
    assert len(code) == 16
    assert set(code) <= set(ALPHABET)
    mac = hmac.new(SECRET, b"fairdrop/v1/short-code" + CODE_ID, hashlib.sha256).digest()
    assert _decode(code) == int.from_bytes(mac[:10], "big")


def test_rederiving_gives_the_same_code() -> None:
    assert shortcode.derive_short_code(SECRET, CODE_ID) == shortcode.derive_short_code(
        SECRET, CODE_ID
    )


def test_different_code_id_or_secret_gives_a_different_code() -> None:
    code = shortcode.derive_short_code(SECRET, CODE_ID)
    assert shortcode.derive_short_code(SECRET, bytes(16)) != code
    assert shortcode.derive_short_code(bytes(32), CODE_ID) != code


def test_derivation_refuses_a_weak_secret_or_a_wrong_size_code_id() -> None:
    with pytest.raises(ValueError, match="secret"):
        shortcode.derive_short_code(b"short", CODE_ID)
    with pytest.raises(ValueError, match="16 bytes"):
        shortcode.derive_short_code(SECRET, b"\x00" * 15)


def test_codes_use_all_80_bits() -> None:
    # Over many code ids every symbol position takes many values, including
    # the first (which carries the top 5 bits).
    codes = [shortcode.derive_short_code(SECRET, i.to_bytes(16, "big")) for i in range(400)]
    for position in range(16):
        assert len({code[position] for code in codes}) > 20


def test_formatted_code_has_four_groups_and_the_check_symbol() -> None:
    formatted = shortcode.format_code("0123456789ABCDEF")
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]", formatted)
    assert formatted.startswith("0123-4567-89AB-CDEF-")
    assert formatted[-1] == CHECK_ALPHABET[_decode("0123456789ABCDEF") % 37]


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_formatted_code_parses_back(code: str) -> None:
    assert shortcode.parse(shortcode.format_code(code)) == code


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_check_symbol_catches_every_single_character_substitution(code: str) -> None:
    typed = code + shortcode.check_symbol(code)
    for position, original in enumerate(typed):
        alphabet = CHECK_ALPHABET if position == 16 else ALPHABET
        for symbol in alphabet:
            if symbol == original:
                continue
            wrong = typed[:position] + symbol + typed[position + 1 :]
            assert shortcode.normalize(wrong) is None, (code, position, symbol)


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_check_symbol_catches_every_adjacent_transposition(code: str) -> None:
    typed = code + shortcode.check_symbol(code)
    for position in range(16):
        a, b = typed[position], typed[position + 1]
        if a == b:
            continue
        swapped = typed[:position] + b + a + typed[position + 2 :]
        assert shortcode.normalize(swapped) is None, (code, position)


def test_user_typing_is_normalized() -> None:
    code = "0123456789ABCDEF"
    check = shortcode.check_symbol(code)
    expected = code
    for typed in [
        f"0123-4567-89AB-CDEF-{check}",
        f"0123456789abcdef{check.lower()}",
        f" 0123 4567 89ab cdef {check} ",
        f"o123-4567-89ab-cdef-{check}",  # O reads as 0
        f"0i23-4567-89ab-cdef-{check}",  # I reads as 1
        f"0L23-4567-89ab-cdef-{check}",  # L reads as 1
        f"0123\u20134567\u201489AB\u2011CDEF-{check}",  # dashes a phone keyboard substitutes
    ]:
        assert shortcode.normalize(typed) == expected, typed


def test_lower_case_u_check_symbol_is_accepted() -> None:
    code = next(
        shortcode.derive_short_code(SECRET, i.to_bytes(16, "big"))
        for i in range(10_000)
        if shortcode.check_symbol(shortcode.derive_short_code(SECRET, i.to_bytes(16, "big"))) == "U"
    )
    assert shortcode.normalize(code.lower() + "u") == code


@pytest.mark.parametrize(
    ("typed", "problem", "message"),
    [
        ("", Problem.WRONG_LENGTH, "got 0"),
        ("0123-4567-89AB-CDEF", Problem.WRONG_LENGTH, "got 16"),
        ("0123-4567-89AB-CDEF-XX", Problem.WRONG_LENGTH, "got 18"),
        ("X" * 1000, Problem.WRONG_LENGTH, "far too long"),
        ("0123-4567-89AB-CDEU-0", Problem.BAD_CHARACTER, r"character 16 \('U'\)"),
        ("0123-45#7-89AB-CDEF-0", Problem.BAD_CHARACTER, r"character 7 \('#'\)"),
        ("0123-4567-89AB-CDEF-#", Problem.BAD_CHARACTER, "last character"),
        ("0123-4567-89AB-CDE\u00df-0", Problem.BAD_CHARACTER, "character 16"),
        ("0123-4567-89AB-CDE\uff26-0", Problem.BAD_CHARACTER, "character 16"),
    ],
)
def test_invalid_typing_says_why_in_one_line(typed: str, problem: Problem, message: str) -> None:
    with pytest.raises(ShortCodeError, match=message) as caught:
        shortcode.parse(typed)
    assert caught.value.problem is problem
    assert "\n" not in str(caught.value)
    assert shortcode.normalize(typed) is None


def test_wrong_check_symbol_says_a_character_was_mistyped() -> None:
    code = "0123456789ABCDEF"
    wrong = next(s for s in CHECK_ALPHABET if s != shortcode.check_symbol(code))
    with pytest.raises(ShortCodeError, match="mistyped") as caught:
        shortcode.parse(code + wrong)
    assert caught.value.problem is Problem.BAD_CHECK_SYMBOL


def test_selector_is_the_first_six_symbols() -> None:
    assert shortcode.selector("0123456789ABCDEF") == "012345"


PEPPER = b"p" * 32


def test_verifier_hash_is_keyed_so_a_leaked_database_cannot_be_brute_forced() -> None:
    stored = shortcode.verifier_hash("0123456789ABCDEF", PEPPER)
    assert stored != hashlib.sha256(b"0123456789ABCDEF").digest()
    assert stored != shortcode.verifier_hash("0123456789ABCDEF", b"q" * 32)
    assert len(stored) == 32


def test_matching_code_matches_its_stored_hash_and_others_do_not() -> None:
    stored = shortcode.verifier_hash("0123456789ABCDEF", PEPPER)
    assert shortcode.matches("0123456789ABCDEF", stored, PEPPER)
    assert not shortcode.matches("0123456789ABCDEG", stored, PEPPER)
    assert not shortcode.matches("0123456789ABCDEF", b"", PEPPER)


def test_matching_uses_a_constant_time_compare(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    stored = shortcode.verifier_hash("0123456789ABCDEF", PEPPER)
    assert shortcode.matches("0123456789ABCDEF", stored, PEPPER)
    assert calls == [(stored, stored)]


@pytest.mark.parametrize("bad", ["", "012345", "0123456789abcdef", "0123456789ABCDEU", "I" * 16])
def test_helpers_refuse_a_code_that_was_not_parsed_first(bad: str) -> None:
    for helper in (shortcode.selector, shortcode.check_symbol):
        with pytest.raises(ValueError, match="canonical"):
            helper(bad)
    with pytest.raises(ValueError, match="canonical"):
        shortcode.verifier_hash(bad, PEPPER)
