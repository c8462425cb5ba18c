"""shared drop clock and lease fences: what every process must agree on, kept in one place

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 12:00:00

`drop_clock` holds the one anchor of sped-up drop time (`[scheduler] time_scale`): the wall
moment, the drop time at that moment, and the speed. Every process and every restart reads it,
so drop time never runs backwards and two processes never disagree. At most one row (id 1).

`lease_fences` holds, per lease (the scheduler's), the newest fencing token handed out: a holder
whose token is older has been superseded, and its jobs do nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.columns import UtcDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drop_clock",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("wall_at", UtcDateTime(), nullable=False),
        sa.Column("drop_at", UtcDateTime(), nullable=False),
        sa.Column("scale", sa.Float(), nullable=False),
    )
    op.create_table(
        "lease_fences",
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("token", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("lease_fences")
    op.drop_table("drop_clock")
