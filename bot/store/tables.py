"""The SQL record: SQLModel tables. The schema itself is made only by the Alembic migrations.

Integrity rules live here as constraints, so even a bug above cannot oversell or double-issue:
one live allocation per serial, one unrevoked code per entitlement, one redemption per
entitlement, one entry per person per drop, one outbox row per thing to say.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    Table,
    Text,
    Unicode,
    UniqueConstraint,
    text,
)
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

from bot.store import (
    audience,  # noqa: F401 (puts the subscription and follow counts' tables on the metadata)
    audit_repo,  # noqa: F401 (puts the audit log's table on the metadata)
    discord_tables,  # noqa: F401 (puts the Discord tables on the metadata)
)
from bot.store.columns import UtcDateTime


def _at(nullable: bool = True) -> datetime | None:
    return Field(default=None, sa_column=Column(UtcDateTime(), nullable=nullable))  # type: ignore[no-any-return]


class DropRow(SQLModel, table=True):
    __tablename__ = "drops"
    __table_args__ = (Index("ix_drop_channel_name", "channel", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(index=True)
    name: str
    title: str
    mode: str
    supply: int
    cap_per_person: int
    tiers_json: str = Field(sa_column=Column(Text, nullable=False))
    entry_window_s: int
    claim_window_s: int
    code_ttl_s: int
    redemption_url: str = ""
    series: str = ""
    state: str = Field(index=True)
    created_at: datetime = _at(False)  # type: ignore[assignment]
    scheduled_for: datetime | None = _at()
    opened_at: datetime | None = _at()
    closes_at: datetime | None = _at()
    closed_at: datetime | None = _at()
    drawn_at: datetime | None = _at()
    settled_at: datetime | None = _at()
    cancelled_at: datetime | None = _at()
    cancel_reason: str = ""
    seed_hex: str
    commitment: str
    pseudonym_salt: str
    entry_hash: str = ""
    beacon: str | None = None
    draw_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    beacon_wanted: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    beacon_chain: str | None = None
    beacon_genesis: int | None = Field(default=None, sa_type=BigInteger)
    beacon_period: int | None = None
    beacon_round: int | None = Field(default=None, sa_type=BigInteger)
    beacon_signature: str | None = None
    beacon_outcome: str = Field(default="", sa_column_kwargs={"server_default": ""})
    guaranteed_json: str = Field(default="[]", sa_column_kwargs={"server_default": "[]"})
    anti_bot_json: str = Field(default="{}", sa_column_kwargs={"server_default": "{}"})
    # Guaranteed units fixed at open and the digest published then (migration 0011).
    guaranteed_units_json: str = Field(default="[]", sa_column_kwargs={"server_default": "[]"})
    guaranteed_digest: str = Field(default="", sa_column_kwargs={"server_default": ""})
    changes_json: str = Field(default="[]", sa_column_kwargs={"server_default": "[]"})
    paused_at: datetime | None = _at()
    # The word that enters the drop in Twitch chat besides !claim (migration 0014); "": none.
    keyword: str = Field(default="", sa_column_kwargs={"server_default": ""})


class DropAnnouncementRow(SQLModel, table=True):
    """Where and when a drop's opening announcement (with its commitment) went out: the
    platform's message id and the time the platform gives it, so anyone can check the
    commitment was public before entries opened."""

    __tablename__ = "drop_announcements"
    __table_args__ = (UniqueConstraint("drop_id", "platform", "message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    drop_id: int = Field(foreign_key="drops.id", index=True)
    platform: str
    message_id: str
    at: datetime = _at(False)  # type: ignore[assignment]


class EntryRow(SQLModel, table=True):
    __tablename__ = "entries"
    __table_args__ = (
        # One entry per person per drop, among the entries in the draw: the re-check at close
        # folds linked accounts into one person and leaves the later entry out.
        Index(
            "uq_entry_drop_identity",
            "drop_id",
            "identity",
            unique=True,
            sqlite_where=text("excluded_reason IS NULL"),
            postgresql_where=text("excluded_reason IS NULL"),
        ),
        Index("ix_entry_drop_rank", "drop_id", "rank"),
        # A season's per-person counts read it in order, never the table (migration 0016); a
        # member's history (`/drop history`) searches it too (0018 dropped ix_entry_identity).
        Index("ix_entry_person_visits", "identity", "drop_id", "entered_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    drop_id: int = Field(foreign_key="drops.id")
    identity: str
    platform: str
    display_name: str
    tier: str
    weight: int
    entered_at: datetime = _at(False)  # type: ignore[assignment]
    rank: int | None = None
    # The platform account that entered, and its badges and roles then (re-checked at close).
    account: str = Field(default="", sa_column_kwargs={"server_default": ""})
    badges: str = Field(default="", sa_column_kwargs={"server_default": ""})
    roles: str = Field(default="", sa_column_kwargs={"server_default": ""})
    account_created_at: datetime | None = _at()
    joined_at: datetime | None = _at()  # the Discord server, for join-age rules
    # Set by the re-check at close: why the entry was left out, or the weight it was drawn with.
    excluded_reason: str | None = None
    drawn_weight: int | None = None


LIVE_ALLOCATION = "status IN ('pending', 'claimed')"


class AllocationRow(SQLModel, table=True):
    __tablename__ = "allocations"
    __table_args__ = (
        Index("ix_allocation_drop_identity", "drop_id", "identity"),
        Index("ix_allocation_status_deadline", "status", "claim_deadline"),
        # Who won when: `won-within` cooldowns ask it for every claim batch.
        Index("ix_allocation_identity_won", "identity", "allocated_at"),
        # Nothing is oversold: a serial has at most one live holder.
        Index(
            "uq_allocation_live_serial",
            "drop_id",
            "serial",
            unique=True,
            sqlite_where=text(LIVE_ALLOCATION),
            postgresql_where=text(LIVE_ALLOCATION),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    drop_id: int = Field(foreign_key="drops.id")
    serial: int
    identity: str
    display_name: str
    platform: str
    allocated_at: datetime = _at(False)  # type: ignore[assignment]
    claim_deadline: datetime = _at(False)  # type: ignore[assignment]
    via: str
    status: str
    claimed_at: datetime | None = _at()
    disqualified_by: str | None = None
    disqualified_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})
    disqualified_at: datetime | None = _at()


class CodeRow(SQLModel, table=True):
    __tablename__ = "codes"
    __table_args__ = (
        # No entitlement has two codes: one unrevoked code per (drop, serial).
        Index(
            "uq_code_live_entitlement",
            "drop_id",
            "serial",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
        Index("ix_code_drop", "drop_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    allocation_id: int = Field(foreign_key="allocations.id", unique=True)
    drop_id: int = Field(foreign_key="drops.id")
    serial: int
    holder: str
    code_id: str = Field(unique=True)
    kid: str
    selector: str = Field(unique=True)
    verifier_hash: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    issued_at: datetime = _at(False)  # type: ignore[assignment]
    expires_at: datetime = _at(False)  # type: ignore[assignment]
    revoked_at: datetime | None = _at()
    delivered_at: datetime | None = _at()


class RedemptionRow(SQLModel, table=True):
    __tablename__ = "redemptions"
    __table_args__ = (UniqueConstraint("drop_id", "serial", name="uq_redemption_entitlement"),)

    id: int | None = Field(default=None, primary_key=True)
    drop_id: int = Field(foreign_key="drops.id")
    serial: int
    code_id: str
    redeemed_at: datetime = _at(False)  # type: ignore[assignment]
    partner: str = ""
    order_value_cents: int | None = None
    request_key: str | None = Field(default=None, max_length=64)


class InboundRow(SQLModel, table=True):
    __tablename__ = "inbound_messages"

    message_id: str = Field(primary_key=True)
    drop_id: int
    identity: str
    outcome: str
    received_at: datetime = _at(False)  # type: ignore[assignment]


class OutboxRow(SQLModel, table=True):
    """A thing to say. Each sink (Twitch chat, Discord) records its own delivery of it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_created", "created_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(unique=True)
    drop_id: int = Field(index=True)
    kind: str
    audience: str
    payload_json: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _at(False)  # type: ignore[assignment]


class OutboxDeliveryRow(SQLModel, table=True):
    """How far one sink got with one outbox message: failed attempts so far, then sent (when)
    or parked (when, and the kind of the last error) once the sink gave up on it."""

    __tablename__ = "outbox_deliveries"

    message_id: int = Field(primary_key=True)
    sink: str = Field(primary_key=True)  # "twitch" | "twitch_whispers" | "discord"
    sent_at: datetime | None = _at()
    attempts: int = 0
    parked_at: datetime | None = _at()
    reason: str | None = Field(default=None, sa_column=Column(Unicode(200), nullable=True))


metadata = SQLModel.metadata


class AllocationListRow(SQLModel, table=True):
    __tablename__ = "allocation_lists"
    __table_args__ = (UniqueConstraint("channel", "name", name="uq_allocation_list_name"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str
    name: str
    kind: str
    created_at: datetime = _at(False)  # type: ignore[assignment]
    created_by: str = ""


class ListMemberRow(SQLModel, table=True):
    __tablename__ = "allocation_list_members"
    __table_args__ = (
        UniqueConstraint("list_id", "account", name="uq_list_member"),
        Index("ix_list_member_account", "account"),
    )

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="allocation_lists.id", ondelete="CASCADE")
    account: str
    display_name: str = ""
    added_at: datetime = _at(False)  # type: ignore[assignment]
    added_by: str = ""


class AccountLinkRow(SQLModel, table=True):
    """A platform account folded into a person's identity: one person, one entry."""

    __tablename__ = "account_links"

    account: str = Field(primary_key=True)
    identity: str = Field(index=True)
    linked_at: datetime = _at(False)  # type: ignore[assignment]


class LinkCodeRow(SQLModel, table=True):
    """A one-time link code; only its hash is stored, and it can be used once."""

    __tablename__ = "link_codes"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(unique=True)
    account: str = Field(index=True)  # who asked for it (the identity the other account joins)
    created_at: datetime = _at(False)  # type: ignore[assignment]
    expires_at: datetime = _at(False)  # type: ignore[assignment]
    used_at: datetime | None = _at()
    used_by: str | None = None


class FilteredClaimRow(SQLModel, table=True):
    """Someone kept out of a drop, and why: counted in the summaries."""

    __tablename__ = "filtered_claims"
    __table_args__ = (UniqueConstraint("drop_id", "identity", "reason", name="uq_filtered_claim"),)

    id: int | None = Field(default=None, primary_key=True)
    drop_id: int = Field(foreign_key="drops.id")
    identity: str
    reason: str
    first_at: datetime = _at(False)  # type: ignore[assignment]


class PlatformTokenRow(SQLModel, table=True):
    """A platform user token (the bot's, the broadcaster's), sealed: never stored in the clear.

    twitchio would write refreshed tokens to `.tio.tokens.json` in the working directory; they
    are kept here instead, encrypted with a key derived from the signing keyring.
    """

    __tablename__ = "platform_tokens"

    platform: str = Field(primary_key=True)
    user_id: str = Field(primary_key=True)
    sealed: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    updated_at: datetime = _at(False)  # type: ignore[assignment]


class PartnerKeyRow(SQLModel, table=True):
    """A merch partner's API key. Only a SHA-256 of the key is kept (keys are 160 random bits,
    so a fast hash is enough); the selector finds the row without scanning."""

    __tablename__ = "partner_keys"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)  # the partner, as recorded on each redemption
    selector: str = Field(unique=True)
    key_hash: str
    scopes_json: str = Field(sa_column=Column(Text, nullable=False))  # {"drops": [], "series": []}
    created_at: datetime = _at(False)  # type: ignore[assignment]
    revoked_at: datetime | None = _at()


class IdempotencyRow(SQLModel, table=True):
    """The first answer to a partner's redeem with an Idempotency-Key: a retry gets it again.

    The redemption's transaction makes the row (status 0: reserved for `request_hash`, no answer
    yet; see bot/store/idempotency.py) and stores the answer into it before it commits.
    """

    __tablename__ = "idempotency_records"

    partner_key_id: int = Field(primary_key=True, foreign_key="partner_keys.id")
    key: str = Field(primary_key=True)
    request_hash: str  # the same key with a different request is refused, not replayed
    status: int  # the HTTP status answered, or 0 while reserved
    response_json: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _at(False)  # type: ignore[assignment]


# APScheduler's job store (bot/scheduler.py). Declared here so the migrations are checked against
# it like every other table; the store builds its own Table object of the same layout.
SCHEDULED_JOBS = Table(
    "apscheduler_jobs",
    metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)


class DropClockRow(SQLModel, table=True):
    """The one anchor of sped-up drop time (`[scheduler] time_scale`), shared by every process
    and every restart: at `wall_at` drop time was `drop_at`, and it runs `scale` times faster.
    At most one row, id 1 (see `bot.store.drop_clock`)."""

    __tablename__ = "drop_clock"

    id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    wall_at: datetime = _at(False)  # type: ignore[assignment]
    drop_at: datetime = _at(False)  # type: ignore[assignment]
    scale: float = Field(sa_column=Column(Float, nullable=False))


class LeaseFenceRow(SQLModel, table=True):
    """The newest fencing token handed out for a lease: an older holder has been superseded."""

    __tablename__ = "lease_fences"

    name: str = Field(primary_key=True)
    token: int = Field(sa_column=Column(BigInteger, nullable=False))
