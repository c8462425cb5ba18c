"""a drop's entry keyword: the word that enters it in Twitch chat besides !claim

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 18:00:00

`!drop open hoodie keyword=!hoodie` (or `/drop open keyword:`) stores the keyword with the drop,
so it survives a restart and every process (a Twitch-only one included) reads it from here.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drops", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "keyword",
                sqlmodel.sql.sqltypes.AutoString(),
                server_default="",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("drops", schema=None) as batch_op:
        batch_op.drop_column("keyword")
