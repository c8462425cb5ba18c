"""cooldowns, Discord ages, member histories and the audit log

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 15:00:00

`won-within:30d` rules (a winner's cooldown) ask, for everyone in a claim batch, when they last
won a drop of the community: `ix_allocation_identity_won` on (identity, allocated_at) answers
it without reading every allocation.

`entries.account_created_at` and `entries.joined_at` keep when the entrant's account was made
and when they joined the Discord server, as the platform said at entry: the re-check at close
judges `account-age` and `join-age` rules by them (without them every age would be unknown at
close, and a `not join-age:30d` tier would lose all its entries).

`ix_entry_identity` finds one member's entries across drops (`/drop history`).

`audit_log` holds one row per moderator action: who (platform account and name), from which
platform, what (action, drop, detail), when and the result; read newest first per community or
per drop (`/drop audit`, `fairdrop audit`).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from bot.store.columns import UtcDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_allocation_identity_won", "allocations", ["identity", "allocated_at"])
    op.add_column("entries", sa.Column("account_created_at", UtcDateTime(), nullable=True))
    op.add_column("entries", sa.Column("joined_at", UtcDateTime(), nullable=True))
    op.create_index("ix_entry_identity", "entries", ["identity", "drop_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("actor_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("drop_id", sa.Integer(), nullable=True),
        sa.Column("drop_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    )
    op.create_index("ix_audit_channel", "audit_log", ["channel", "id"])
    op.create_index("ix_audit_drop", "audit_log", ["drop_id"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_index("ix_entry_identity", table_name="entries")
    with op.batch_alter_table("entries") as batch_op:
        batch_op.drop_column("joined_at")
        batch_op.drop_column("account_created_at")
    op.drop_index("ix_allocation_identity_won", table_name="allocations")
