"""Identity linking: one person, one entry, whichever platform they claim from.

A person asks for a one-time link code on one account (`/link` in Discord), then types it from
another (`!link CODE` in Twitch chat); the second account joins the first one's identity. An
account nobody linked is its own identity. Links never chain: an account joins the identity of
the asker, never an account that is itself linked, and an account that others link to cannot
join anyone (unlink them first).

Every well-formed code presented is used up, whatever the answer. `!link CODE` is typed in
public chat, so once typed the code is public: left usable after a refusal, anyone watching
could type it within the ten minutes and join their own account to the asker's person, then
enter, win and collect as them. So a refusal costs the typist a fresh `/link`, never the asker
their person.

Use cases run inside the caller's transaction (`uow`) and take the time and randomness as
arguments; outcomes carry no text, adapters word them.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.gating.ports import GatingUnitOfWork
from bot.kernel.alphabet import ALPHABET
from bot.kernel.entropy import RandomBytes

LINK_TTL = timedelta(minutes=10)
CODE_SYMBOLS = 8  # shown as XXXX-XXXX
_CODE_BYTES = 5  # 40 random bits = 8 symbols x 5 bits
_HASH_LABEL = b"fairdrop/v1/link-code\n"
_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)
# Crockford decoding: letters that look like digits read as those digits.
_ALIASES = {"I": "1", "L": "1", "O": "0"}
# Separators people type or their keyboards substitute (phones and chat clients turn "-" into
# dashes); they carry no information.
_SEPARATORS = frozenset(" \t-\u2010\u2011\u2012\u2013\u2014\u2212")
# Far longer than any honest attempt; bounds the work done on hostile chat input.
_MAX_INPUT = 32


@dataclass(frozen=True, slots=True)
class LinkCode:
    code: str  # display form, XXXX-XXXX; shown once to the asker, never stored
    expires_at: datetime


class LinkCodeProblem(StrEnum):
    MALFORMED = "malformed"  # not 8 symbols of the code alphabet; nothing was looked up
    # Unknown, expired or already used: deliberately one answer, so a guess learns nothing
    # about which codes exist. Either way the remedy is the same: ask for a new code.
    UNUSABLE = "unusable"


@dataclass(frozen=True, slots=True)
class Linked:
    account: str
    identity: str  # the person `account` now belongs to


@dataclass(frozen=True, slots=True)
class AlreadyLinked:
    identity: str  # `account` already belonged to this person; nothing changed


@dataclass(frozen=True, slots=True)
class LinkCodeInvalid:
    problem: LinkCodeProblem


@dataclass(frozen=True, slots=True)
class CannotLinkToSelf:
    """The code was typed from the very account it would link to."""


@dataclass(frozen=True, slots=True)
class LinkedElsewhere:
    identity: str  # `account` belongs to another person: unlink it there first


@dataclass(frozen=True, slots=True)
class HasLinkedAccounts:
    accounts: tuple[str, ...]  # linked into `account`: joining another person would chain links


LinkOutcome = (
    Linked
    | AlreadyLinked
    | LinkCodeInvalid
    | CannotLinkToSelf
    | LinkedElsewhere
    | HasLinkedAccounts
)


def start_link(
    uow: GatingUnitOfWork, account: str, now: datetime, random_bytes: RandomBytes
) -> LinkCode:
    """Issue a one-time code, valid for `LINK_TTL`, that joins another account to `account`'s
    person (its identity, if `account` is itself linked, so links never chain)."""
    raw = random_bytes(_CODE_BYTES)
    if len(raw) != _CODE_BYTES:
        raise ValueError(f"random_bytes returned {len(raw)} bytes, wanted {_CODE_BYTES}")
    # 5 bytes are exactly 8 base32 symbols: RFC 4648 base32 with its alphabet swapped for
    # Crockford's (bot.kernel.alphabet), as in short codes.
    canonical = base64.b32encode(raw).decode("ascii").translate(_TO_CROCKFORD)
    expires_at = now + LINK_TTL
    uow.links.forget_codes(now - timedelta(days=1))
    uow.links.add_code(_code_hash(canonical), identity_of(uow, account), now, expires_at)
    return LinkCode(format_link_code(canonical), expires_at)


def complete_link(
    uow: GatingUnitOfWork, code_text: str, account: str, now: datetime
) -> LinkOutcome:
    """Join `account` to the person who asked for the code in `code_text`, using the code up.

    The code is used up by this call whatever the outcome (see the module docstring); of two
    calls racing with one code, exactly one finds it usable (the store's conditional update).
    """
    canonical = parse_link_code(code_text)
    if canonical is None:
        return LinkCodeInvalid(LinkCodeProblem.MALFORMED)
    uow.links.lock_links()
    asker = uow.links.use_code(_code_hash(canonical), account, now)
    if asker is None:
        return LinkCodeInvalid(LinkCodeProblem.UNUSABLE)
    # Resolved again, not trusted from issue time: the asker may have been linked since.
    identity = identity_of(uow, asker)
    if account in (asker, identity):
        return CannotLinkToSelf()
    current = identity_of(uow, account)
    if current == identity:
        return AlreadyLinked(identity)
    if current != account:
        return LinkedElsewhere(current)
    linked_here = uow.links.accounts_of(account)
    if linked_here:
        return HasLinkedAccounts(tuple(linked_here))
    uow.links.link(account, identity, now)
    return Linked(account, identity)


def unlink(uow: GatingUnitOfWork, account: str, now: datetime) -> bool:
    """Take `account` out of its person: a linked account becomes its own identity again; an
    identity's own account releases every account linked to it. False if nothing was linked.

    `now` is taken like every use case's, for rules that may come to depend on it (say, a
    cooldown before relinking); nothing records it today.
    """
    if uow.links.unlink(account):
        return True
    released = [uow.links.unlink(linked) for linked in uow.links.accounts_of(account)]
    return any(released)


def identity_of(uow: GatingUnitOfWork, account: str) -> str:
    """The person behind `account`: its identity if linked, else the account itself."""
    return uow.links.identities([account]).get(account, account)


def accounts_of_person(uow: GatingUnitOfWork, identity: str) -> list[str]:
    """Every account of the person: the identity first, then the accounts linked to it.

    Any account of the person may be given; it is resolved to the identity first.
    """
    identity = identity_of(uow, identity)
    return [identity, *uow.links.accounts_of(identity)]


def parse_link_code(user_text: str) -> str | None:
    """The canonical 8 symbols of typed text, or None if it cannot be a link code.

    Lenient as chat demands: any case, spaces and hyphens anywhere, I/L read as 1 and O as 0.
    """
    if len(user_text) > _MAX_INPUT:
        return None
    symbols = []
    for char in user_text:
        if char in _SEPARATORS:
            continue
        # Only ASCII is upper-cased: str.upper() turns some letters into two ("ß" -> "SS").
        upper = char.upper() if char.isascii() else char
        symbols.append(_ALIASES.get(upper, upper))
    if len(symbols) != CODE_SYMBOLS or any(s not in ALPHABET for s in symbols):
        return None
    return "".join(symbols)


def format_link_code(canonical: str) -> str:
    """Display form of canonical symbols: XXXX-XXXX."""
    return f"{canonical[:4]}-{canonical[4:]}"


def _code_hash(canonical: str) -> str:
    # A plain, domain-separated SHA-256 rather than a keyed hash like the drop codes': 40 bits
    # fall to brute force quickly, so the hash is not what guards a live code against someone
    # reading the database; what it buys is that dumps, backups and logs hold no usable codes,
    # and since a code lives ten minutes and works once, everything stored is dead soon anyway.
    # The label keeps these digests from ever matching a hash of the same text elsewhere.
    return hashlib.sha256(_HASH_LABEL + canonical.encode("ascii")).hexdigest()
