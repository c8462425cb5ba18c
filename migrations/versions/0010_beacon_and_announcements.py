"""drand beacon rounds committed at open, draw format version, opening announcements

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 14:30:00

`drops` gains the draw format (`draw_version`: 1 for every drop drawn before, 2 since), whether
the drop wanted the beacon (`beacon_wanted`), the drand round it committed to at open (chain
hash, genesis, period, round) and, once drawn, the verified round's signature and what the draw
did with the round (`beacon_outcome`). `drop_announcements` keeps each opening announcement's
platform message id and time.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.columns import UtcDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drops") as batch:
        batch.add_column(
            sa.Column("draw_version", sa.Integer(), nullable=False, server_default="1")
        )
        batch.add_column(
            sa.Column("beacon_wanted", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("beacon_chain", sa.String(), nullable=True))
        batch.add_column(sa.Column("beacon_genesis", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("beacon_period", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("beacon_round", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("beacon_signature", sa.String(), nullable=True))
        batch.add_column(
            sa.Column("beacon_outcome", sa.String(), nullable=False, server_default="")
        )
    op.create_table(
        "drop_announcements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("drop_id", sa.Integer(), sa.ForeignKey("drops.id"), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("drop_id", "platform", "message_id"),
    )
    op.create_index("ix_drop_announcements_drop_id", "drop_announcements", ["drop_id"])


def downgrade() -> None:
    op.drop_index("ix_drop_announcements_drop_id", "drop_announcements")
    op.drop_table("drop_announcements")
    with op.batch_alter_table("drops") as batch:
        for column in (
            "beacon_outcome",
            "beacon_signature",
            "beacon_round",
            "beacon_period",
            "beacon_genesis",
            "beacon_chain",
            "beacon_wanted",
            "draw_version",
        ):
            batch.drop_column(column)
