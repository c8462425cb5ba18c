"""What the service tells an adapter happened. Adapters turn these into words; the core never does.

Every outcome is a small frozen dataclass with the facts an adapter needs to phrase it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.gating.eligibility import Refused
from bot.gating.rules import Exclusion, Rule


@dataclass(frozen=True, slots=True)
class Entered:
    drop_id: int
    drop_name: str
    tier: str
    entrants: int  # entrants so far, this one included
    # The entrant's receipt, for private replies only (never public chat, which would tie the
    # account to its pseudonym): the id the transcript lists them under, and their weight.
    # Both as entered; the re-check at close may re-weight or merge the entry.
    pseudonym: str = ""
    weight: int = 1
    title: str = ""  # what fans know the drop as (its name when it has no title)


@dataclass(frozen=True, slots=True)
class AlreadyEntered:
    drop_id: int
    drop_name: str
    title: str = ""  # what fans know the drop as (its name when it has no title)


@dataclass(frozen=True, slots=True)
class Won:
    """An fcfs claim that got a unit at once. The code is fetched privately, never in chat."""

    drop_id: int
    drop_name: str
    serial: int
    allocation_id: int
    claim_deadline: datetime
    title: str = ""  # what fans know the drop as (its name when it has no title)


@dataclass(frozen=True, slots=True)
class SoldOut:
    drop_id: int
    drop_name: str
    waitlist_position: int
    title: str = ""  # what fans know the drop as (its name when it has no title)


@dataclass(frozen=True, slots=True)
class CapReached:
    drop_id: int
    drop_name: str
    cap: int
    title: str = ""  # what fans know the drop as (its name when it has no title)


@dataclass(frozen=True, slots=True)
class NotEligibleYet:
    """The person's tier has not opened yet; `opens_at` is their next chance."""

    drop_id: int
    drop_name: str
    tier: str
    opens_at: datetime
    early_access_for: str  # who the open windows are for, in English words from the rules
    title: str = ""  # what fans know the drop as (its name when it has no title)
    # The rules of the open windows: adapters say them in the community's language.
    early_access_rules: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class NotEligible:
    """Kept out of the drop: `code` says why for adapters and summaries, `reason` in words.

    Codes: "rule" (no tier admits the person), or an anti-bot filter reason: "denied",
    "suspicious", "account_age", "not_following", "follow_age".
    """

    drop_id: int
    drop_name: str
    reason: str
    code: str = "rule"
    title: str = ""  # what fans know the drop as (its name when it has no title)
    # What the tiers ask for that the person misses (code "rule"): adapters say it in the
    # community's language; none when an exclusion bars them (`reason` says how).
    missing: tuple[Rule, ...] = ()
    barred: tuple[Exclusion, ...] = ()  # the exclusions that bar them, likewise


def refused(drop_id: int, drop_name: str, verdict: Refused, title: str = "") -> NotEligible:
    """The outcome of a claim no tier admits: the verdict's words, and what it found typed."""
    return NotEligible(
        drop_id,
        drop_name,
        verdict.reason,
        title=title,
        missing=verdict.missing,
        barred=verdict.barred,
    )


@dataclass(frozen=True, slots=True)
class NotOpen:
    drop_id: int
    drop_name: str
    state: str
    opens_at: datetime | None
    title: str = ""  # what fans know the drop as (its name when it has no title)


@dataclass(frozen=True, slots=True)
class Closed:
    drop_id: int
    drop_name: str
    title: str = ""  # what fans know the drop as (its name when it has no title)


@dataclass(frozen=True, slots=True)
class Paused:
    """A moderator paused the drop: no entries until it resumes (the time left is kept)."""

    drop_id: int
    drop_name: str


@dataclass(frozen=True, slots=True)
class NoDrop:
    """No drop is running in that channel (or none with that name)."""

    name: str


@dataclass(frozen=True, slots=True)
class RateLimited:
    retry_after_seconds: float


@dataclass(frozen=True, slots=True)
class Duplicate:
    """The same inbound message was already processed (a platform redelivery); say nothing."""

    message_id: str
    first_outcome: str


EntryOutcome = (
    Entered
    | AlreadyEntered
    | Won
    | SoldOut
    | CapReached
    | NotEligibleYet
    | NotEligible
    | NotOpen
    | Closed
    | Paused
    | NoDrop
    | RateLimited
    | Duplicate
)


_NAMES: dict[type, str] = {}


def outcome_name(outcome: EntryOutcome) -> str:
    """A stable snake-case name, stored with the inbound message id."""
    kind = type(outcome)
    name = _NAMES.get(kind)
    if name is None:
        camel = kind.__name__
        name = _NAMES[kind] = "".join("_" + c.lower() if c.isupper() else c for c in camel)[1:]
    return name
