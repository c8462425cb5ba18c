"""redemption request key: a retried redeem is recognised even if its answer was never stored

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 19:00:00

A redeem sent with an Idempotency-Key commits the redemption, then stores the answer to replay.
A crash between the two would leave the retry finding the code "already redeemed". The
redemption now carries a digest of the request that made it, so that retry is recognised and
answered "redeemed" again. Nullable: redemptions without an Idempotency-Key have none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("redemptions") as batch:
        batch.add_column(sa.Column("request_key", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("redemptions") as batch:
        batch.drop_column("request_key")
