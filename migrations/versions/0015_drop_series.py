"""recurring drops: a series opens a drop every week at the same local time

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 18:00:00

`drop_series` is the record of each series: its rule (a weekday and a local time, in
`[scheduler] timezone`), the options each occurrence opens with, and the time of the next
occurrence, from which the scheduler plans its job at every start and replan.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from bot.store.columns import UtcDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drop_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("at_minute", sa.Integer(), nullable=False),
        sa.Column("options_json", sa.Text(), nullable=False),
        sa.Column("next_at", UtcDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("stopped_at", UtcDateTime(), nullable=True),
        sa.Column("stopped_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("last_drop_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_drop_series_channel_name", "drop_series", ["channel", "name"])


def downgrade() -> None:
    op.drop_index("ix_drop_series_channel_name", table_name="drop_series")
    op.drop_table("drop_series")
