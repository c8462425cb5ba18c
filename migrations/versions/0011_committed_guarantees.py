"""guaranteed units committed at open: who they go to, and the digest published then

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 14:30:00

`drops.guaranteed_units_json` holds the units a drop's guaranteed lists gave when it opened (one
object per unit: identity, display name, platform, account, and why the re-check at close
withdrew it, if it did); `drops.guaranteed_digest` the digest of their pseudonyms published at
open. Drops opened before this keep an empty digest and read their lists at close, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drops", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "guaranteed_units_json",
                sqlmodel.sql.sqltypes.AutoString(),
                server_default="[]",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "guaranteed_digest",
                sqlmodel.sql.sqltypes.AutoString(),
                server_default="",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("drops", schema=None) as batch_op:
        batch_op.drop_column("guaranteed_digest")
        batch_op.drop_column("guaranteed_units_json")
