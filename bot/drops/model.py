"""The drop world's entities: drops, tiers, entries, allocations, codes and messages.

Plain dataclasses with no behaviour that needs a platform, a database or a clock; time always
arrives as an argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.drops.beacon import QUICKNET, Chain, CommittedRound
from bot.gating.antibot import AntiBot
from bot.gating.rules import Tier


class DropState(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    EARLY = "early"
    PUBLIC = "public"
    CLOSED = "closed"
    DRAWN = "drawn"
    SETTLED = "settled"
    CANCELLED = "cancelled"


OPEN_STATES = frozenset({DropState.EARLY, DropState.PUBLIC})
FINAL_STATES = frozenset({DropState.SETTLED, DropState.CANCELLED})


class Mode(StrEnum):
    LOTTERY = "lottery"  # entries collected, drawn at close
    FCFS = "fcfs"  # allocated at once while supply lasts


@dataclass(frozen=True, slots=True)
class DropSpec:
    """What a streamer or moderator asks for; validated by `bot.drops.spec.validate_spec`."""

    name: str
    title: str
    supply: int
    mode: Mode = Mode.LOTTERY
    cap_per_person: int = 1
    tiers: tuple[Tier, ...] = ()
    entry_window: timedelta = timedelta(minutes=10)
    claim_window: timedelta = timedelta(hours=24)
    code_ttl: timedelta = timedelta(days=30)
    redemption_url: str = ""
    series: str = ""
    channel: str = ""
    guaranteed: tuple[str, ...] = ()  # guaranteed lists whose members get reserved units
    anti_bot: AntiBot = AntiBot()
    # A lottery commits at open to a drand round after its close (when the service has a
    # beacon); off for offline events, whose page then says the operator could steer the draw.
    beacon: bool = False
    # A word that enters this drop in Twitch chat besides !claim (`bot.drops.keywords`); "": none.
    keyword: str = ""


@dataclass(frozen=True, slots=True)
class Guaranteed:
    """A unit a guaranteed list gives one person, fixed when the drop opens.

    ``withdrawn`` says why the re-check at close took it back (the member was denied since, or
    is now linked to an earlier guaranteed member); empty while it stands.
    """

    identity: str
    display_name: str
    platform: str
    account: str = ""  # the list member's platform account (identity may be a linked person)
    withdrawn: str = ""


@dataclass(frozen=True, slots=True)
class DropChange:
    """A moderator's change to a drop under way (its close moved, say): when, by whom, what."""

    at: datetime
    by: str
    what: str  # in words, e.g. "entries close 20:15 UTC (extended by 5m)"


@dataclass(slots=True)
class Drop:
    id: int
    spec: DropSpec
    state: DropState
    created_at: datetime
    # Secret until the draw; only its SHA-256 (the commitment) is public before that.
    seed_hex: str
    commitment: str
    # Per-drop salt for pseudonymous holder ids, so one person cannot be followed across drops.
    pseudonym_salt: str
    scheduled_for: datetime | None = None
    opened_at: datetime | None = None
    closes_at: datetime | None = None
    closed_at: datetime | None = None
    drawn_at: datetime | None = None
    settled_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
    entry_hash: str = ""
    # v1: the beacon string mixed in (never set in practice); v2: the verified round's
    # randomness (hex), None until drawn with it.
    beacon: str | None = None
    # The draw format: 1 for drops created before public randomness, 2 since (drawinput.py).
    draw_version: int = 1
    # The drand round committed to at open (v2 lotteries with a beacon), and its chain.
    beacon_chain: str | None = None
    beacon_genesis: int | None = None
    beacon_period: int | None = None
    beacon_round: int | None = None
    beacon_signature: str | None = None  # the verified round's signature, once drawn
    beacon_outcome: str = ""  # what the draw did with the round ("verified", or why not)
    # Who the guaranteed lists give units to, fixed at open, and the digest of their pseudonyms
    # published then (``bot.drops.guarantees``); empty for a drop opened before that existed.
    guaranteed_units: tuple[Guaranteed, ...] = ()
    guaranteed_digest: str = ""
    # Set while a moderator has paused it: no entries, and its close waits (`changes.resume`).
    paused_at: datetime | None = None
    # What moderators changed after it was created, oldest first (shown on its public page).
    changes: tuple[DropChange, ...] = ()

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def committed_round(self) -> CommittedRound | None:
        """The drand round this drop committed to at open, if any."""
        if (
            self.beacon_round is None
            or self.beacon_chain is None
            or self.beacon_genesis is None
            or self.beacon_period is None
        ):
            return None
        # The pinned key of a known chain; the round is checked against nothing else.
        key = QUICKNET.public_key if self.beacon_chain == QUICKNET.chain_hash else "00"
        chain = Chain(self.beacon_chain, key, self.beacon_genesis, self.beacon_period)
        return CommittedRound(chain, self.beacon_round)

    @property
    def awaiting_beacon(self) -> bool:
        """Closed, committed to a round and not drawn yet: the draw waits for the round."""
        return (
            self.state is DropState.CLOSED
            and self.spec.mode is Mode.LOTTERY
            and self.drawn_at is None
            and self.beacon_round is not None
        )

    @property
    def seed_revealed(self) -> bool:
        return self.state in (DropState.DRAWN, DropState.SETTLED) or (
            self.state is DropState.CANCELLED and self.drawn_at is not None
        )

    def tier_opens_at(self, tier: Tier) -> datetime | None:
        if self.opened_at is None:
            return None
        return self.opened_at + tier.opens_after

    def public_opens_at(self) -> datetime | None:
        """When the last tier opens: from then on the drop is public."""
        if self.opened_at is None or not self.spec.tiers:
            return self.opened_at
        return self.opened_at + max(t.opens_after for t in self.spec.tiers)


@dataclass(frozen=True, slots=True)
class AnnouncementReceipt:
    """Where and when a drop's announcement carrying its commitment went out: the platform,
    its message id there (a Twitch message id, a Discord message id, which carries its own
    time) and when it was posted. The transcript lists them, so anyone can check that the
    commitment was public before entries opened."""

    drop_id: int
    platform: str
    message_id: str
    at: datetime


@dataclass(slots=True)
class Entry:
    drop_id: int
    identity: str
    platform: str
    display_name: str
    tier: str
    weight: int
    entered_at: datetime
    id: int | None = None  # entry order; assigned by the store
    rank: int | None = None  # position in the draw order (winners first), set by the draw
    account: str = ""  # the platform account that entered (identity may be a linked person)
    badges: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    excluded_reason: str | None = None  # left out by the re-check at close, and why
    drawn_weight: int | None = None  # the weight the re-check at close drew it with
    # When the account was made and joined the Discord server, where the platform said at
    # entry: the re-check at close judges age rules by them, as it judges roles.
    account_created_at: datetime | None = None
    joined_at: datetime | None = None


class AllocationStatus(StrEnum):
    PENDING = "pending"  # won, code not yet delivered to the winner
    CLAIMED = "claimed"  # the winner has their code
    EXPIRED = "expired"  # claim window passed; the serial went to the waitlist
    CANCELLED = "cancelled"  # the drop was cancelled


@dataclass(slots=True)
class Allocation:
    """An entitlement `(drop, serial)` given to one identity."""

    drop_id: int
    serial: int
    identity: str
    display_name: str
    platform: str
    allocated_at: datetime
    claim_deadline: datetime
    via: str  # "draw" | "fcfs" | "reroll"
    status: AllocationStatus = AllocationStatus.PENDING
    claimed_at: datetime | None = None
    id: int | None = None
    # A moderator took the unit away (status EXPIRED, passed on): who, why and when.
    disqualified_by: str | None = None
    disqualified_reason: str = ""
    disqualified_at: datetime | None = None


@dataclass(slots=True)
class CodeRecord:
    """What is stored of a code: never the code itself, only what re-derives and checks it."""

    allocation_id: int
    drop_id: int
    serial: int
    holder: str
    code_id: str  # hex of 16 random bytes; the token's jti and the short code's derivation input
    kid: str
    selector: str
    verifier_hash: bytes
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    delivered_at: datetime | None = None
    id: int | None = None


@dataclass(slots=True)
class Redemption:
    drop_id: int
    serial: int
    code_id: str
    redeemed_at: datetime
    partner: str = ""
    order_value_cents: int | None = None
    id: int | None = None
    # Which request made it (a digest of the partner's Idempotency-Key and request), so a retry
    # of that request is answered "redeemed" again even if its first answer was never stored.
    request_key: str | None = None


@dataclass(frozen=True, slots=True)
class KeyReservation:
    """A partner's Idempotency-Key, held for one request.

    The first transaction to redeem under a key reserves it for its request's `fingerprint`, in
    the same transaction as the redemption: a request under that key with another fingerprint is
    refused and changes nothing, whichever process it reached.
    """

    partner_key_id: int
    key: str
    fingerprint: str


@dataclass(slots=True)
class InboundClaim:
    """An inbound message that was processed, kept so a redelivery is recognised."""

    message_id: str
    drop_id: int
    identity: str
    outcome: str
    received_at: datetime


@dataclass(slots=True)
class OutboxMessage:
    """A message that must go out. Each sink (Twitch chat, Discord) drains it once on its own.

    `attempts` counts the failed sends of the sink that read the message (see `pending`).
    """

    dedupe_key: str  # one row per thing to say, e.g. "won:<allocation id>"
    drop_id: int
    kind: str  # opened, won, reroll, closed, drawn, cancelled...
    audience: str  # "channel" for the drop's channel, or an identity for a private notice
    payload: dict[str, object] = field(default_factory=dict)
    created_at: datetime | None = None
    attempts: int = 0
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ParkedDelivery:
    """An outbox message one sink gave up on after its last allowed attempt.

    `reason` names the last error's kind (never its text, which may quote a request); nothing
    here names the person the message was for.
    """

    sink: str
    message_id: int
    drop_id: int
    kind: str
    attempts: int
    parked_at: datetime
    reason: str
