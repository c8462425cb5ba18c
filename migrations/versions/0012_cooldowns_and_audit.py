"""cooldowns: who won when, answered from an index

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-07 15:00:00

`won-within:30d` rules (a winner's cooldown) ask, for everyone in a claim batch, when they last
won a drop of the community: `ix_allocation_identity_won` on (identity, allocated_at) answers
it without reading every allocation.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_allocation_identity_won", "allocations", ["identity", "allocated_at"])


def downgrade() -> None:
    op.drop_index("ix_allocation_identity_won", table_name="allocations")
