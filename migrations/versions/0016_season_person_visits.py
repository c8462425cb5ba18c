"""a season report reads each person's visits from an index

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 18:00:00

`ix_entry_person_visits` on entries (identity, drop_id, entered_at) hands a season report one
row per person per drop, grouped by person, with when they first entered it, without reading the
table or sorting (`bot/store/season_people.py`). It makes `ix_entry_identity` (identity,
drop_id) redundant, but that one stays: `/drop history` and migration 0012 name it.
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_entry_person_visits", "entries", ["identity", "drop_id", "entered_at"])


def downgrade() -> None:
    op.drop_index("ix_entry_person_visits", table_name="entries")
