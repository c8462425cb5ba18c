"""subscriptions and follows counted per community per hour, for lift

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 18:00:00

`audience_hours` counts a community's new subscriptions and follows per UTC hour (counts only:
nothing about the viewer); `audience_listening` keeps when fairdrop started listening to a
community, so the weeks before it do not read as zero (`bot/store/audience.py`).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from bot.store.columns import UtcDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audience_hours",
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hour", UtcDateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "kind", "hour"),
    )
    op.create_table(
        "audience_listening",
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("since", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("channel"),
    )


def downgrade() -> None:
    op.drop_table("audience_listening")
    op.drop_table("audience_hours")
