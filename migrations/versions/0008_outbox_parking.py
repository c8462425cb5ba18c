"""outbox parking: a sink gives up on a message after its last allowed attempt

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 12:00:00

Each sink retries a message that fails with backoff, then parks it: `parked_at` says when, and
`reason` the kind of the last error (never its text). A parked message is no longer pending for
that sink; `/metrics` counts parked messages and `/healthz` lists the latest.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.columns import UtcDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_deliveries") as batch:
        batch.add_column(sa.Column("parked_at", UtcDateTime(), nullable=True))
        batch.add_column(sa.Column("reason", sa.Unicode(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_deliveries") as batch:
        batch.drop_column("reason")
        batch.drop_column("parked_at")
