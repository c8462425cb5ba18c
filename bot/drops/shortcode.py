"""The short code a viewer types: 16 Crockford base32 symbols (80 bits) plus a check symbol.

Displayed as XXXX-XXXX-XXXX-XXXX-C. The check symbol is the 80-bit value mod
37 (Crockford's check alphabet), which catches every single mistyped symbol
and every swap of two neighbours, so typos get a clear "mistyped" answer
instead of a database lookup.

The code is derived, not stored: the database keeps only a selector (for
lookup) and a hash (to verify), yet re-delivery must show the same code, so
it is recomputed from the random code id stored with it and a server secret
that never touches the database.
"""

from __future__ import annotations

import base64
import enum
import hmac

from bot.kernel.alphabet import ALPHABET

CHECK_ALPHABET = ALPHABET + "*~$=U"
CODE_LENGTH = 16
SELECTOR_LENGTH = 6
CODE_ID_SIZE = 16
MIN_SECRET_SIZE = 16

_DERIVE_LABEL = b"fairdrop/v1/short-code"
_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)
_VERIFIER_LABEL = b"fairdrop/v1/verifier\n"
_CODE_BYTES = 10  # 80 bits = 16 symbols x 5 bits
_VALUES = {symbol: value for value, symbol in enumerate(CHECK_ALPHABET)}
# Crockford decoding: letters that look like digits read as those digits.
_ALIASES = {"I": "1", "L": "1", "O": "0"}
# Separators people type or their keyboards substitute (phones and chat
# clients turn "-" into dashes); they carry no information.
_SEPARATORS = frozenset(" \t-\u2010\u2011\u2012\u2013\u2014\u2212")
# Far longer than any honest attempt; bounds the work done on hostile input.
_MAX_INPUT = 64


class Problem(enum.Enum):
    """Why typed text is not a short code."""

    WRONG_LENGTH = "wrong length"
    BAD_CHARACTER = "bad character"
    BAD_CHECK_SYMBOL = "bad check symbol"


class ShortCodeError(ValueError):
    """Typed text is not a valid short code; `problem` says why, the message says it to the user."""

    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem = problem


def derive_short_code(secret: bytes, code_id: bytes) -> str:
    """Return the canonical 16-symbol code for `code_id`: the same inputs always give the same code.

    The 80 bits are the first 10 bytes of HMAC-SHA256(secret, label || code_id).
    """
    if len(secret) < MIN_SECRET_SIZE:
        raise ValueError(f"short-code secret must be at least {MIN_SECRET_SIZE} bytes")
    if len(code_id) != CODE_ID_SIZE:
        raise ValueError(f"code id must be {CODE_ID_SIZE} bytes, got {len(code_id)}")
    digest = hmac.digest(secret, _DERIVE_LABEL + code_id, "sha256")
    # 10 bytes are exactly 16 base32 symbols, big-endian: RFC 4648 base32 with its alphabet
    # swapped for Crockford's gives the same symbols as shifting the 80-bit value by hand.
    return base64.b32encode(digest[:_CODE_BYTES]).decode("ascii").translate(_TO_CROCKFORD)


def stored_form(secret: bytes, code_id: bytes) -> tuple[str, bytes]:
    """What the database keeps of the code for `code_id`: its selector and keyed hash.

    The same as `selector(derive_short_code(...))` and `verifier_hash(..., secret)`, without
    re-checking a code that was just derived (a draw issues thousands at once).
    """
    code16 = derive_short_code(secret, code_id)
    digest = hmac.digest(secret, _VERIFIER_LABEL + code16.encode("ascii"), "sha256")
    return code16[:SELECTOR_LENGTH], digest


def check_symbol(code16: str) -> str:
    """The Crockford mod-37 check symbol of a canonical code."""
    _require_canonical(code16)
    return CHECK_ALPHABET[_value(code16) % 37]


def format_code(code16: str) -> str:
    """Display form: four groups of four, then the check symbol, joined by hyphens."""
    groups = [code16[i : i + 4] for i in range(0, CODE_LENGTH, 4)]
    return "-".join([*groups, check_symbol(code16)])


def parse(user_text: str) -> str:
    """Return the canonical 16 symbols of typed text, or raise ShortCodeError saying why not.

    Accepts any case, spaces and hyphens, and reads I/L as 1 and O as 0.
    The check symbol must be present and correct.
    """
    if len(user_text) > _MAX_INPUT:
        raise ShortCodeError(Problem.WRONG_LENGTH, _length_message(None))
    symbols = []
    for char in user_text:
        if char in _SEPARATORS:
            continue
        # Only ASCII is upper-cased: str.upper() turns some letters into two
        # (e.g. "ß" -> "SS"), which would let odd input pass as a code.
        upper = char.upper() if char.isascii() else char
        symbols.append(_ALIASES.get(upper, upper))
    if len(symbols) != CODE_LENGTH + 1:
        raise ShortCodeError(Problem.WRONG_LENGTH, _length_message(len(symbols)))
    body, check = "".join(symbols[:CODE_LENGTH]), symbols[CODE_LENGTH]
    for position, symbol in enumerate(body, start=1):
        if symbol not in ALPHABET:
            raise ShortCodeError(
                Problem.BAD_CHARACTER,
                f"character {position} ({symbol!r}) cannot appear in a code",
            )
    if check not in CHECK_ALPHABET:
        raise ShortCodeError(
            Problem.BAD_CHARACTER, f"the last character ({check!r}) cannot appear in a code"
        )
    if _VALUES[check] != _value(body) % 37:
        raise ShortCodeError(
            Problem.BAD_CHECK_SYMBOL,
            "the code does not add up; a character was probably mistyped",
        )
    return body


def normalize(user_text: str) -> str | None:
    """Return the canonical 16 symbols of typed text, or None if it is not a valid code."""
    try:
        return parse(user_text)
    except ShortCodeError:
        return None


def selector(code16: str) -> str:
    """The first 6 symbols: used to look the code up; not secret."""
    _require_canonical(code16)
    return code16[:SELECTOR_LENGTH]


def verifier_hash(code16: str, pepper: bytes) -> bytes:
    """HMAC-SHA256 of the full 16 symbols under a server secret: what the database stores.

    Keyed because the selector is stored in the clear: with a plain hash a leaked database would
    leave only 50 unknown bits per code to brute-force offline. With the pepper (which never
    touches the database) a leak reveals nothing usable.
    """
    _require_canonical(code16)
    return hmac.digest(pepper, _VERIFIER_LABEL + code16.encode("ascii"), "sha256")


def matches(code16: str, stored_hash: bytes, pepper: bytes) -> bool:
    """Whether `code16` is the code behind `stored_hash`, compared in constant time."""
    return hmac.compare_digest(verifier_hash(code16, pepper), stored_hash)


def _value(code16: str) -> int:
    value = 0
    for symbol in code16:
        value = value * 32 + _VALUES[symbol]
    return value


def _require_canonical(code16: str) -> None:
    # A non-canonical string here is a caller bug (user text goes through
    # parse first), so fail loudly rather than compute a wrong selector.
    if len(code16) != CODE_LENGTH or any(symbol not in ALPHABET for symbol in code16):
        raise ValueError("expected a canonical 16-symbol code; parse user text first")


def _length_message(count: int | None) -> str:
    expected = f"a code has {CODE_LENGTH} characters plus 1 check character"
    return f"{expected}; got {count}" if count is not None else f"{expected}; that is far too long"
