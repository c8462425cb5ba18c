"""disqualified allocations (who took a unit away from its winner, why and when) and the
changes moderators made to a drop under way

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 15:00:00

A moderator's `disqualify` marks the winner's allocation expired (its unit passes to the next on
the waitlist, like a reroll) and records here who did it, why and when: the transcript lists it
among the rerolls with that reason and moderator, and verify-draw checks it like one.
`drops.changes_json` lists what moderators changed after creating a drop (its close moved by
`extend`, paused and resumed), each with when and by whom, for the drop's public page;
`drops.paused_at` is set while a drop is paused.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from bot.store.columns import UtcDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drops", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "changes_json",
                sqlmodel.sql.sqltypes.AutoString(),
                server_default="[]",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("paused_at", UtcDateTime(), nullable=True))
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("disqualified_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "disqualified_reason",
                sqlmodel.sql.sqltypes.AutoString(),
                server_default="",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("disqualified_at", UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_column("disqualified_at")
        batch_op.drop_column("disqualified_reason")
        batch_op.drop_column("disqualified_by")
    with op.batch_alter_table("drops", schema=None) as batch_op:
        batch_op.drop_column("paused_at")
        batch_op.drop_column("changes_json")
