"""web: partner API keys and idempotent redemptions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 12:00:00
"""

from __future__ import annotations

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # filled in by the web issue (partner keys, idempotency records)


def downgrade() -> None:
    pass
