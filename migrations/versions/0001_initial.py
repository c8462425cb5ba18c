"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 08:31:41.885443
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.store.columns

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "drops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("supply", sa.Integer(), nullable=False),
        sa.Column("cap_per_person", sa.Integer(), nullable=False),
        sa.Column("tiers_json", sa.Text(), nullable=False),
        sa.Column("entry_window_s", sa.Integer(), nullable=False),
        sa.Column("claim_window_s", sa.Integer(), nullable=False),
        sa.Column("code_ttl_s", sa.Integer(), nullable=False),
        sa.Column("redemption_url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("series", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("scheduled_for", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.Column("opened_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closes_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.Column("drawn_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.Column("settled_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("seed_hex", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("commitment", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("pseudonym_salt", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entry_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("beacon", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("drops", schema=None) as batch_op:
        batch_op.create_index("ix_drop_channel_name", ["channel", "name"], unique=False)
        batch_op.create_index(batch_op.f("ix_drops_channel"), ["channel"], unique=False)
        batch_op.create_index(batch_op.f("ix_drops_state"), ["state"], unique=False)

    op.create_table(
        "inbound_messages",
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("drop_id", sa.Integer(), nullable=False),
        sa.Column("identity", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("received_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("message_id"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("drop_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("audience", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("payload_json", sa.Text(), nullable=False),
        sa.Column("created_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_drop_id"), ["drop_id"], unique=False)
        batch_op.create_index("ix_outbox_pending", ["sent_at", "id"], unique=False)

    op.create_table(
        "allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drop_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("identity", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("allocated_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("claim_deadline", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("via", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("claimed_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["drop_id"],
            ["drops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.create_index("ix_allocation_drop_identity", ["drop_id", "identity"], unique=False)
        batch_op.create_index(
            "ix_allocation_status_deadline", ["status", "claim_deadline"], unique=False
        )
        batch_op.create_index(
            "uq_allocation_live_serial",
            ["drop_id", "serial"],
            unique=True,
            sqlite_where=sa.text("status IN ('pending', 'claimed')"),
            postgresql_where=sa.text("status IN ('pending', 'claimed')"),
        )

    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drop_id", sa.Integer(), nullable=False),
        sa.Column("identity", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("tier", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("entered_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["drop_id"],
            ["drops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("drop_id", "identity", name="uq_entry_drop_identity"),
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index("ix_entry_drop_rank", ["drop_id", "rank"], unique=False)

    op.create_table(
        "redemptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drop_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("code_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("redeemed_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("partner", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("order_value_cents", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["drop_id"],
            ["drops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("drop_id", "serial", name="uq_redemption_entitlement"),
    )
    op.create_table(
        "codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("allocation_id", sa.Integer(), nullable=False),
        sa.Column("drop_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("code_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("selector", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("verifier_hash", sa.LargeBinary(), nullable=False),
        sa.Column("issued_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["allocation_id"],
            ["allocations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["drop_id"],
            ["drops.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("allocation_id"),
        sa.UniqueConstraint("code_id"),
        sa.UniqueConstraint("selector"),
    )
    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.create_index("ix_code_drop", ["drop_id"], unique=False)
        batch_op.create_index(
            "uq_code_live_entitlement",
            ["drop_id", "serial"],
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )


def downgrade() -> None:

    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_code_live_entitlement",
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )
        batch_op.drop_index("ix_code_drop")

    op.drop_table("codes")
    op.drop_table("redemptions")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_drop_rank")

    op.drop_table("entries")
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_allocation_live_serial",
            sqlite_where=sa.text("status IN ('pending', 'claimed')"),
            postgresql_where=sa.text("status IN ('pending', 'claimed')"),
        )
        batch_op.drop_index("ix_allocation_status_deadline")
        batch_op.drop_index("ix_allocation_drop_identity")

    op.drop_table("allocations")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_pending")
        batch_op.drop_index(batch_op.f("ix_outbox_drop_id"))

    op.drop_table("outbox")
    op.drop_table("inbound_messages")
    with op.batch_alter_table("drops", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drops_state"))
        batch_op.drop_index(batch_op.f("ix_drops_channel"))
        batch_op.drop_index("ix_drop_channel_name")

    op.drop_table("drops")
