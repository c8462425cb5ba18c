"""web: partner API keys and idempotent redemptions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.store.columns

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("selector", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("scopes_json", sa.Text(), nullable=False),
        sa.Column("created_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", bot.store.columns.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("selector"),
    )
    with op.batch_alter_table("partner_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_keys_name"), ["name"], unique=False)

    op.create_table(
        "idempotency_records",
        sa.Column("partner_key_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("request_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("response_json", sa.Text(), nullable=False),
        sa.Column("created_at", bot.store.columns.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["partner_key_id"], ["partner_keys.id"]),
        sa.PrimaryKeyConstraint("partner_key_id", "key"),
    )


def downgrade() -> None:
    op.drop_table("idempotency_records")
    with op.batch_alter_table("partner_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_keys_name"))
    op.drop_table("partner_keys")
